"""The command line, in-process: interview from an answers file (FR and EN), score, eval, report,
sessions. Also the kill-and-resume property with a real subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from interview_bot.cli import main

EN_ANSWERS = """Retrieval-augmented generation retrieves relevant chunks from a vector index using embeddings,
then adds them to the prompt so the model answers from those sources and can cite them.
---
I am not sure, maybe a database?
---
Prompt injection is when untrusted text, typed by a user or hidden in a retrieved document,
contains instructions that the model follows instead of the developer's instructions.
---
I would separate instructions from data and limit what tools the model can call.
---
no idea
---
still no idea
"""

FR_ANSWERS = EN_ANSWERS.replace("Retrieval-augmented generation retrieves", "Le RAG récupère") \
    .replace("I am not sure, maybe a database?", "Je ne suis pas sûr, peut-être une base de données ?")


@pytest.mark.parametrize("lang,text", [("en", EN_ANSWERS), ("fr", FR_ANSWERS)])
def test_interview_from_answers_file_writes_report(tmp_path, data_dir, capsys, lang, text):
    answers = tmp_path / "answers.txt"
    answers.write_text(text, encoding="utf-8")
    report = tmp_path / "out" / "report.md"
    code = main(["interview", "--answers-file", str(answers), "--lang", lang, "--questions", "3",
                 "--topics", "rag,security", "--report", str(report), "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert code == 0
    assert report.exists()
    md = report.read_text(encoding="utf-8")
    title = "Mock interview report" if lang == "en" else "Rapport d'entretien blanc"
    assert title in md
    first_answer = text.split("\n---\n")[0].splitlines()[0]
    assert first_answer.split(",")[0] in md
    sid = out.strip().splitlines()[-1].split()[-1]
    code = main(["sessions", "--json", "--data-dir", str(data_dir)])
    listed = json.loads(capsys.readouterr().out)
    assert any(s["id"] == sid for s in listed)


def test_score_command_json(capsys, data_dir, bank):
    qid = next(q.id for q in bank.questions.values() if q.topic == "fine_tuning")
    answer = bank.questions[qid].reference_answer.en
    assert main(["score", "--question", qid, "--answer", answer, "--json", "--data-dir", str(data_dir)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["overall"] >= 50  # the reference answer scores well (scoring levels: test_scoring_*)
    for kp in out["key_points"]:
        if kp["evidence"]:
            assert kp["evidence"] in answer


def test_score_command_errors(capsys, data_dir):
    assert main(["score", "--question", "nope.nope", "--answer", "x", "--data-dir", str(data_dir)]) == 2
    assert "Unknown question id" in capsys.readouterr().err
    assert main(["score", "--question", "rag.pipeline-basics", "--answer", "  ", "--data-dir", str(data_dir)]) == 2
    assert "empty" in capsys.readouterr().err


def test_eval_command_on_custom_file(tmp_path, capsys, data_dir, bank):
    q = bank.questions["rag.pipeline-basics"]
    lines = [
        {"question_id": q.id, "answer": q.reference_answer.en, "score": 10},
        {"question_id": q.id, "answer": "It is a kind of database I think.", "score": 2},
        {"question_id": q.id, "answer": "You retrieve documents and add them to the prompt.", "score": 6},
        {"question_id": q.id, "answer": q.reference_answer.fr, "score": 10, "language": "fr"},
    ]
    f = tmp_path / "l.jsonl"
    f.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert main(["eval", "--answers", str(f), "--json", "--data-dir", str(data_dir)]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["n"] == 4 and res["ordered_pairs"] == 5
    assert res["spearman"] > 0.5
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question_id": "x", "answer": "y"}\n', encoding="utf-8")
    assert main(["eval", "--answers", str(bad), "--data-dir", str(data_dir)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_report_command_all_formats(tmp_path, capsys, service, data_dir):
    r = service.start(language="fr", n_questions=1, topics=["rag"])
    service.answer(r.session_id, "Le RAG <script>alert(1)</script> récupère des passages pertinents.")
    for fmt in ("md", "html", "pdf"):
        out = tmp_path / f"r.{fmt}"
        assert main(["report", r.session_id, "--format", fmt, "--out", str(out), "--data-dir", str(data_dir)]) == 0
        data = out.read_bytes()
        assert data
        if fmt == "pdf":
            assert data.startswith(b"%PDF")
        else:
            assert b"<script>" not in data
    assert main(["report", "missing", "--data-dir", str(data_dir)]) == 2


@pytest.mark.slow
def test_killed_process_resumes_with_every_answer(tmp_path, data_dir):
    """Kill the interview process mid-interview (SIGKILL) and resume: every earlier answer is intact."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "interview_bot.cli", "interview", "--lang", "en", "--questions", "3",
           "--topics", "rag", "--data-dir", str(data_dir)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    assert p.stdin and p.stdout
    header = p.stdout.readline()
    sid = header.split()[1]
    answers = ["First answer: retrieval then generation with the retrieved context.",
               "Second answer: chunk documents and embed them."]
    for a in answers:
        p.stdin.write(a + "\n\n")
        p.stdin.flush()
    deadline = time.time() + 120
    from interview_bot.config import Settings
    from interview_bot.store import Store

    store = Store(Settings(data_dir=data_dir).db_url)
    while time.time() < deadline and len(store.answers(sid)) < 2:
        time.sleep(0.2)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=10)
    assert [a.text for a in store.answers(sid)] == answers
    out = subprocess.run(cmd[:4] + ["--resume", sid, "--data-dir", str(data_dir)], input="Third answer: I would measure retrieval recall on a small labelled set.\n\n",
                         capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert answers[0] in out.stdout and answers[1] in out.stdout
    assert len(store.answers(sid)) == 3


def test_sessions_export_and_delete(capsys, service, data_dir):
    r = service.start(language="en", n_questions=1, topics=["rag"])
    service.answer(r.session_id, "RAG retrieves chunks and grounds the answer in them.")
    assert main(["sessions", "--export", r.session_id, "--data-dir", str(data_dir)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"][0]["text"] == "RAG retrieves chunks and grounds the answer in them."
    assert any(t["role"] == "candidate" for t in data["transcript"])
    assert main(["sessions", "--delete", r.session_id, "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()
    assert main(["sessions", "--export", r.session_id, "--data-dir", str(data_dir)]) == 2
    assert "No interview session" in capsys.readouterr().err
    assert service.store.answers(r.session_id) == []


def test_bad_options_say_what_to_fix(capsys, data_dir):
    with pytest.raises(SystemExit) as exc:
        main(["interview", "--questions", "0", "--data-dir", str(data_dir)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--questions" in err and "from 1 to 30, got 0" in err and "pydantic" not in err
    with pytest.raises(SystemExit):
        main(["sessions", "--limit", "lots", "--data-dir", str(data_dir)])
    assert "expected a whole number" in capsys.readouterr().err


def test_read_commands_name_the_database_and_create_none(tmp_path, capsys):
    empty = tmp_path / "elsewhere"
    assert main(["report", "abc123", "--data-dir", str(empty)]) == 2
    err = capsys.readouterr().err
    assert str((empty / "interview_bot.db").resolve()) in err and "--data-dir" in err
    assert not (empty / "interview_bot.db").exists()
    assert main(["sessions", "--data-dir", str(empty)]) == 2
    assert not (empty / "interview_bot.db").exists()


def test_unknown_session_names_the_database(service, data_dir, capsys):
    service.start(language="en", n_questions=1, topics=["rag"])  # the database exists
    assert main(["report", "no-such-session", "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "no-such-session" in err and str((data_dir / "interview_bot.db").resolve()) in err


def test_the_default_data_dir_is_the_users_data_directory(monkeypatch):
    from interview_bot.config import Settings, default_data_dir

    monkeypatch.delenv("INTERVIEW_BOT_DATA_DIR")
    assert Settings().data_dir == default_data_dir()
    assert default_data_dir().is_absolute() and "interview-bot" in str(default_data_dir())


def test_long_answers_are_shortened_in_the_echo_and_flags_are_sentences(tmp_path, data_dir, capsys):
    long = "Retrieval augmented generation retrieves chunks. " * 60  # ~3,000 characters
    answers = tmp_path / "a.txt"
    answers.write_text(long + "\n---\nok\n", encoding="utf-8")
    assert main(["interview", "--answers-file", str(answers), "--lang", "fr", "--questions", "1",
                 "--topics", "rag", "--seed", "3", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert long.strip() not in out and "caractères en tout]" in out
    assert "Vous\u00a0:" in out and "Recruteur\u00a0:" in out
    assert "too_short" not in out and "off_topic" not in out
    assert "Réponse très courte" in out or "non évalué" in out or "points clés couverts" in out


def test_seed_fixes_the_questions(tmp_path, data_dir, capsys):
    answers = tmp_path / "a.txt"
    answers.write_text("x\n---\ny\n", encoding="utf-8")
    drawn = []
    for _ in range(2):
        main(["interview", "--answers-file", str(answers), "--questions", "2", "--seed", "42",
              "--data-dir", str(data_dir)])
        out = capsys.readouterr().out
        drawn.append([line for line in out.splitlines() if "?" in line][:2])
    assert drawn[0] == drawn[1] and drawn[0]


def test_the_end_says_where_the_report_is_and_the_token_only_when_asked(tmp_path, data_dir, capsys):
    answers = tmp_path / "answers.txt"
    answers.write_text(EN_ANSWERS, encoding="utf-8")
    args = ["interview", "--answers-file", str(answers), "--lang", "fr", "--questions", "2", "--topics", "rag",
            "--data-dir", str(data_dir)]
    assert main(args) == 0
    out = capsys.readouterr().out
    sid = out.strip().splitlines()[-1].split()[-1]
    path = data_dir / "reports" / f"{sid}.md"
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    assert f"Rapport écrit dans {path.resolve()}" in out and f"interview-bot report {sid} --format html" in out
    assert "jeton" not in out and "--candidate" not in out  # the private token is not printed unasked
    assert main([*args, "--show-token"]) == 0
    assert "--candidate " in capsys.readouterr().out
    assert main(["sessions", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["SESSION", "DATE", "STATUS", "LANG", "SCORE"] and len(lines) == 3
    assert all("finished" in line for line in lines[1:])


def test_help_is_plain_text_and_server_detail_logs_are_quiet_at_info(capsys):
    import logging

    from interview_bot.cli import build_parser, configure_logging

    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    assert "``" not in capsys.readouterr().out
    try:
        configure_logging(logging.INFO)
        assert not logging.getLogger("alembic.runtime.migration").isEnabledFor(logging.INFO)
        assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
        configure_logging(logging.DEBUG)
        assert logging.getLogger("alembic.runtime.migration").isEnabledFor(logging.DEBUG)
    finally:
        for name in ("httpx", "httpcore", "urllib3", "alembic", "weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.NOTSET)


def test_end_block_in_answers_file_ends_the_interview(tmp_path, data_dir, capsys):
    """A block holding only /end ends the interview, as typing it does: it is not read as a message
    (the reader once asked "Shall I take that as your answer?" about it)."""
    answers = tmp_path / "answers.txt"
    answers.write_text("/end\n---\nThis block must never be sent.\n", encoding="utf-8")
    code = main(["interview", "--answers-file", str(answers), "--lang", "en", "--questions", "2",
                 "--topics", "rag", "--seed", "3", "--data-dir", str(data_dir)])
    out = capsys.readouterr().out
    assert code == 0
    assert "take that as your answer" not in out
    assert "never be sent" not in out
    sid = out.strip().splitlines()[-1].split()[-1]
    main(["sessions", "--json", "--data-dir", str(data_dir)])
    listed = {s["id"]: s for s in json.loads(capsys.readouterr().out)}
    assert listed[sid]["status"] == "finished"


def test_serve_prints_one_line_saying_where_the_page_is(data_dir, monkeypatch, capsys):
    """Gradio's banner added "To create a public link, set `share=True` in `launch()`" under our line:
    advice for the library's users, not for a candidate (and a public link is not this app's to make)."""
    from interview_bot import ui
    from interview_bot.config import Settings

    seen: dict[str, object] = {}

    class Demo:
        def launch(self, **kw: object) -> None:
            seen.update(kw)

    monkeypatch.setattr(ui, "build_app", lambda settings, svc: Demo())
    ui.launch(Settings(data_dir=data_dir), port=7999)
    out = capsys.readouterr().out.strip().splitlines()
    assert seen["quiet"] is True and seen["server_port"] == 7999 and "share" not in seen
    assert len(out) == 1 and "http://127.0.0.1:7999" in out[0]
