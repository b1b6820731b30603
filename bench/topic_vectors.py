"""Compute the shipped bank's topic vectors for the off-topic check (``interview_bot/interview/offtopic.py``).

    python -m bench.topic_vectors

Writes ``interview_bot/interview/topic_vectors.npz``: one MiniLM sentence vector (float16) per question
and language, of the question's wording and key points, keyed by the SHA-256 of that text. Run it after
editing the shipped bank; a question missing from the file is computed when first needed.
"""

from __future__ import annotations

from interview_bot.bank.loader import load_bank
from interview_bot.config import shipped_dir
from interview_bot.interview.offtopic import TOPIC_FILE, write_topic_vectors


def main() -> int:
    bank = load_bank([shipped_dir("rubrics"), shipped_dir("question_bank")])
    n = write_topic_vectors(bank.questions.values())
    print(f"{n} topic vectors ({len(bank.questions)} questions) written to {TOPIC_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
