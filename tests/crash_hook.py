"""Kill this process at a chosen database write point (used by tests/test_crash_points.py).

``INTERVIEW_BOT_TEST_CRASH_AT=N:flush`` SIGKILLs the process inside the N-th write transaction, after
its statements ran and before it commits; ``N:commit`` right after the N-th commit.
``INTERVIEW_BOT_TEST_COUNT_WRITES=path`` writes the number of committed write transactions there at exit.
"""

from __future__ import annotations

import atexit
import os
import signal

from sqlalchemy import event
from sqlalchemy.orm import Session

_commits = 0


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def install() -> None:
    at = os.environ.get("INTERVIEW_BOT_TEST_CRASH_AT")
    target, phase = (int(at.split(":")[0]), at.split(":")[1]) if at else (0, "")
    count_file = os.environ.get("INTERVIEW_BOT_TEST_COUNT_WRITES")

    @event.listens_for(Session, "after_flush")
    def _flushed(session, ctx) -> None:
        if phase == "flush" and _commits + 1 == target:
            _kill()

    @event.listens_for(Session, "after_commit")
    def _committed(session) -> None:
        global _commits
        _commits += 1
        if phase == "commit" and _commits == target:
            _kill()

    if count_file:
        atexit.register(lambda: open(count_file, "w").write(str(_commits)))


if __name__ == "__main__":
    import sys

    install()
    from interview_bot.cli import main

    sys.exit(main(sys.argv[1:]))
