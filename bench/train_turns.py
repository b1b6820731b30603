"""Train the learned turn reader and the role router, and print their measured figures.

    python -m bench.train_turns PATH/TO/turns-dev.jsonl [--answer-weight 2] [--no-write] [--json FILE]

The code lives in ``interview_bot/interview/turn_train.py``; ``interview-bot eval-turns --dev PATH`` runs
the same cross-validation. See docs/turns.md.
"""

from interview_bot.interview.turn_train import main

if __name__ == "__main__":
    raise SystemExit(main())
