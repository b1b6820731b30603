"""Hardening: bounded YAML loading (alias bombs, depth, recursion), refused bank files logged, bank
reloads on content change, invalid Unicode, bounded error echoes, rate limits, private files and the
secret, retention and purge."""

from __future__ import annotations

import logging
import os
import stat
import time
from datetime import UTC, datetime, timedelta

import pytest

from interview_bot.bank import current_bank
from interview_bot.cli import main
from interview_bot.config import Settings
from interview_bot.errors import ConfigError, InputError, SessionNotFound

LEVELS = "abcdefg"


def alias_bomb() -> str:
    """~300 bytes that expand to 9**7 ≈ 4.8 million values (the 'billion laughs' shape)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip(LEVELS, LEVELS[1:], strict=False):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("questions: [*g]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def user_bank(data_dir):
    d = data_dir / "bank"
    d.mkdir()
    return d


def test_alias_bomb_is_refused_fast_with_file_and_line(user_bank, data_dir, caplog):
    bomb = alias_bomb()
    assert len(bomb.encode()) < 400
    f = user_bank / "bomb.yaml"
    f.write_text(bomb, encoding="utf-8")
    from interview_bot.bank import load_bank

    t0 = time.perf_counter()
    alone = load_bank([], override_paths=[user_bank])  # the file by itself
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, elapsed
    assert [(p.line, "aliases are expanded" in p.message) for p in alone.errors] == [(6, True)]
    caplog.set_level(logging.WARNING, logger="interview_bot.bank")
    bank = current_bank(Settings(data_dir=data_dir))  # next to the shipped bank, as the server loads it
    errs = [p for p in bank.errors if p.file.endswith("bomb.yaml")]
    assert len(errs) == 1 and errs[0].line == 6 and "aliases are expanded" in errs[0].message
    assert len(bank.questions) > 80  # the shipped bank still loads
    assert any("bomb.yaml:6" in r.getMessage() and "refused" in r.getMessage() for r in caplog.records)


def test_bank_validate_refuses_the_bomb(user_bank, data_dir, capsys):
    (user_bank / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    rc = main(["bank", "validate", "--data-dir", str(data_dir)])
    assert rc == 1
    assert "bomb.yaml:6:" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "line", "message"), [
    ("questions:\n  - " + "[" * 60 + "]" * 60 + "\n", 2, "nested more than"),
    ("questions: &q\n  - *q\n", 2, "contains it"),
    ("a: &x 1\nquestions:\n" + "".join("  - *x\n" for _ in range(1_100)), 1003, "more than 1000 aliases"),
])
def test_deep_recursive_or_alias_heavy_files_are_refused(user_bank, data_dir, text, line, message):
    (user_bank / "bad.yaml").write_text(text, encoding="utf-8")
    bank = current_bank(Settings(data_dir=data_dir))
    errs = [p for p in bank.errors if p.file.endswith("bad.yaml")]
    assert len(errs) == 1 and errs[0].line == line and message in errs[0].message, errs


def test_user_bank_reloads_when_content_changes_even_with_the_same_mtime(user_bank, data_dir, bank):
    import yaml

    from interview_bot.config import REPO_DIR

    shipped = yaml.safe_load((REPO_DIR / "question_bank" / "rag.yaml").read_text(encoding="utf-8"))
    q = next(x for x in shipped["questions"] if x["id"] == "rag.pipeline-basics")
    f = user_bank / "override.yaml"
    q["text"]["en"] = "Wording number one, about RAG?"
    f.write_text(yaml.safe_dump({"questions": [q]}, allow_unicode=True), encoding="utf-8")
    st = f.stat()
    settings = Settings(data_dir=data_dir)
    assert current_bank(settings).questions["rag.pipeline-basics"].text.en == "Wording number one, about RAG?"
    q["text"]["en"] = "Wording number two, about RAG?"  # same length
    f.write_text(yaml.safe_dump({"questions": [q]}, allow_unicode=True), encoding="utf-8")
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))  # a shared folder may not move the mtime
    assert f.stat().st_size == st.st_size and f.stat().st_mtime_ns == st.st_mtime_ns
    assert current_bank(settings).questions["rag.pipeline-basics"].text.en == "Wording number two, about RAG?"


# ---- input cleaning and bounded errors --------------------------------------------------------------


def test_lone_surrogate_is_cleaned_not_a_crash(service):
    sid = service.start(language="en", n_questions=1, topics=["rag"]).session_id
    r = service.answer(sid, "RAG \ud800 retrieves chunks and puts them in the prompt \udfff.")
    assert r.accepted and r.score is not None
    stored = service.store.answers(sid)[0].text
    assert stored == "RAG \ufffd retrieves chunks and puts them in the prompt \ufffd."
    stored.encode("utf-8")  # valid Unicode from here on


def test_errors_bound_what_they_echo(service):
    huge = "A" * 10_000
    for call in (lambda: service.answer(huge, "x"), lambda: service.load_state(huge), lambda: service.delete(huge),
                 lambda: service.export(huge)):
        with pytest.raises(SessionNotFound) as exc:
            call()
        assert len(str(exc.value)) < 200 and "not a session id" in str(exc.value)
    with pytest.raises(SessionNotFound, match="No interview session '0{32}'"):
        service.answer("0" * 32, "x")
    with pytest.raises(InputError) as exc:
        service.start(language="en", candidate="B" * 10_000)
    assert len(str(exc.value)) < 300


def test_rate_limiter_window():
    from interview_bot.web import RateLimiter

    now = [0.0]
    rl = RateLimiter(3, window=60, clock=lambda: now[0])
    assert [rl.retry_after("1.2.3.4", "answer") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert rl.retry_after("1.2.3.4", "answer") == pytest.approx(60.0)
    assert rl.retry_after("5.6.7.8", "answer") == 0.0  # per client
    assert rl.retry_after("1.2.3.4", "start") == 0.0  # per action
    now[0] = 30.0
    assert rl.retry_after("1.2.3.4", "answer") == pytest.approx(30.0)
    now[0] = 60.5
    assert rl.retry_after("1.2.3.4", "answer") == 0.0
    assert RateLimiter(0).retry_after("x", "answer") == 0.0  # 0 = off


# ---- files, secret, retention -------------------------------------------------------------------------


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_and_folders_are_private_from_creation(tmp_path, shared_scorer):
    from interview_bot.interview.service import InterviewService

    old = os.umask(0o022)  # a permissive umask: the app must not rely on the caller's
    try:
        data = tmp_path / "fresh" / "data"
        svc = InterviewService(Settings(data_dir=data), scorer=shared_scorer, use_settings_model=False)
        sid = svc.start(language="en", n_questions=1, topics=["rag"]).session_id
        svc.answer(sid, "RAG retrieves chunks.")
        svc.secret()
    finally:
        os.umask(old)
    assert mode(data) == 0o700
    files = [p for p in data.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"interview_bot.db", "interview_bot.db-wal", "interview_bot.db-shm", ".browser_secret"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_secret_is_created_once_atomically_with_its_mode(tmp_path, monkeypatch):
    import interview_bot.files as files_mod
    from interview_bot.identity import app_secret

    seen_modes = []
    real_link = os.link

    def spy_link(src, dst, *a, **k):  # the file that becomes the secret is already 0600 and complete
        seen_modes.append((stat.S_IMODE(os.stat(src).st_mode), len(open(src).read())))
        return real_link(src, dst, *a, **k)

    monkeypatch.setattr(files_mod.os, "link", spy_link)
    settings = Settings(data_dir=tmp_path / "d")
    first = app_secret(settings)
    assert seen_modes == [(0o600, len(first))] and len(first) >= 40
    assert app_secret(settings) == first  # read back, not regenerated
    assert mode(tmp_path / "d" / ".browser_secret") == 0o600
    assert [p.name for p in (tmp_path / "d").iterdir()] == [".browser_secret"]  # no temp file left


def test_shared_database_without_a_secret_is_refused():
    from interview_bot.identity import require_shared_secret

    with pytest.raises(ConfigError, match="INTERVIEW_BOT_SESSION_SECRET"):
        require_shared_secret(Settings(database_url="postgresql+psycopg://u@db/x"))
    require_shared_secret(Settings(database_url="postgresql+psycopg://u@db/x", session_secret="s" * 32))
    require_shared_secret(Settings())  # SQLite in the data dir: one process, its own secret is fine


def test_serve_refuses_a_shared_database_without_a_secret(data_dir, capsys, monkeypatch):
    monkeypatch.delenv("INTERVIEW_BOT_SESSION_SECRET", raising=False)
    rc = main(["serve", "--data-dir", str(data_dir), "--database-url", "postgresql+psycopg://u@127.0.0.1:1/x"])
    assert rc == 2 and "INTERVIEW_BOT_SESSION_SECRET is not set" in capsys.readouterr().err


def test_purge_deletes_only_expired_sessions(service, data_dir, capsys):
    from sqlalchemy import update

    from interview_bot.store import SessionRow

    old_sid = service.start(language="en", n_questions=1, topics=["rag"]).session_id
    new_sid = service.start(language="en", n_questions=1, topics=["rag"]).session_id
    service.answer(old_sid, "An answer from long ago.")
    with service.store.engine.begin() as c:
        c.execute(update(SessionRow).where(SessionRow.id == old_sid)
                  .values(updated_at=datetime.now(UTC) - timedelta(days=40)))
    assert main(["sessions", "--purge", "--data-dir", str(data_dir)]) == 2  # no retention set: says so
    assert "INTERVIEW_BOT_RETENTION_DAYS" in capsys.readouterr().err
    assert main(["sessions", "--purge", "--older-than-days", "30", "--data-dir", str(data_dir)]) == 0
    assert "Purged 1 session" in capsys.readouterr().out
    with pytest.raises(SessionNotFound):
        service.load_state(old_sid)
    assert service.store.answers(old_sid) == [] and service.store.turns(old_sid) == []
    assert service.load_state(new_sid).status == "active"


def test_delete_removes_report_files_left_by_earlier_versions(service, data_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "gradio"))
    sid = service.start(language="en", n_questions=1, topics=["rag"]).session_id
    cached = tmp_path / "gradio" / "3f2a9c" / f"{sid}.pdf"  # how Gradio cached a served file
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"%PDF old")
    other = tmp_path / "gradio" / "77aa00" / "another.pdf"
    other.parent.mkdir()
    other.write_bytes(b"%PDF")
    old = data_dir / "reports"
    old.mkdir()
    for ext in ("md", "html", "pdf"):
        (old / f"{sid}.{ext}").write_text("old report")
    (old / "someone-else.md").write_text("kept")
    service.delete(sid)
    assert [p.name for p in old.iterdir()] == ["someone-else.md"]
    assert not cached.exists() and other.exists()
