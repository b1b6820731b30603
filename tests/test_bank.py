"""The question bank: shipped files validate, broken files are reported as ``file:line: message``,
coverage of the shipped bank, fresh JSON schemas, literal template syntax, and ``bank add``."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from interview_bot.bank import current_bank, load_bank, shipped_paths
from interview_bot.bank.schema import QUESTION_TYPES
from interview_bot.cli import main
from interview_bot.config import REPO_DIR, Settings

BROKEN = Path("tests/fixtures/broken_bank")  # relative to the repo: messages show this prefix
MARKER = Path("/tmp/pwned_marker")
# The data dir of conftest's session ``bank`` fixture: shipped bank only, and the same cache key
# (the bank cache keeps one entry, and a full load takes about a second).
NO_USER_BANK = "/nonexistent-interview-bot"

TECHNICAL_TOPICS = (
    "llm_basics pretraining foundation_multimodal langchain semantic_kernel llamaindex fine_tuning "
    "prompt_engineering ethics_privacy cost_latency llm_apis applications rag embeddings_vector_stores "
    "llm_evaluation streaming_backends chat_frontends deployment_scaling caching security observability "
    "testing_llm_apps mcp agents guardrails ai_regulation code_reading"
).split()

# fixture file -> (line the problem is reported on, phrases the message must contain)
EXPECTED: dict[str, tuple[int, tuple[str, ...]]] = {
    "yaml_syntax_error.yaml": (6, ("YAML syntax error", "mapping values are not allowed")),
    "unknown_field.yaml": (31, ("unknown field 'tgas'", "check the spelling")),
    "missing_field.yaml": (3, ("required field 'reference_answer' is missing",)),
    "missing_french.yaml": (7, ("text.fr", "missing French translation")),
    "duplicate_id_b.yaml": (3, ("duplicate question id 'broken.duplicate-id'", "duplicate_id_a.yaml:3")),
    "unknown_rubric.yaml": (10, ("rubric 'technicle' does not exist", "technical")),
    "unknown_criterion.yaml": (18, ("criterion 'creativity', which is not in rubric 'technical'", "subwords")),
    "rubric_missing_level.yaml": (13, ("criteria.0.levels.3", "required field '3' is missing")),
    "text_too_long.yaml": (8, ("text.en", "text too long", "limit 1200")),
    "python_tag.yaml": (8, ("YAML tag not allowed", "python/object/apply", "never executed")),
    "duplicate_key.yaml": (5, ("key 'topic' repeated (first at line 4)",)),
    "empty.yaml": (1, ("file is empty",)),
    "top_level_list.yaml": (2, ("top level must be a mapping",)),
}
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\n]+\.ya?ml):(?P<line>\d+): (?P<msg>.+)$")
SCHEMA_HEADER = re.compile(r"^# yaml-language-server: \$schema=(?P<target>\S+)$")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    """Paths in messages are relative to the working directory; user-bank env vars must not leak in."""
    monkeypatch.chdir(REPO_DIR)
    for var in ("INTERVIEW_BOT_USER_BANK_DIR", "INTERVIEW_BOT_BANK_DIRS", "INTERVIEW_BOT_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)


def run(*argv: object) -> tuple[int, str, str]:
    """``interview-bot ARGV`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main([str(a) for a in argv])
    return rc, out.getvalue(), err.getvalue()


def cli(capsys, *argv: object) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def problem_lines(text: str) -> list[re.Match]:
    return [m for m in map(PROBLEM_LINE.match, text.splitlines()) if m]


# ---- the shipped bank validates ---------------------------------------------------------------


def test_shipped_files_load_without_problems(bank):
    """``bank`` is ``load_bank(shipped_paths(), override_paths=[<missing user dir>])`` (conftest)."""
    assert bank.origin and all(not o.startswith("/nonexistent") for o in bank.origin.values())
    assert [str(p) for p in bank.problems] == []
    assert bank.questions and set(bank.rubrics) >= {"technical", "behavioral_star"}
    assert len(load_bank(shipped_paths()[:1]).rubrics) == len(bank.rubrics)


def test_cli_validate_shipped_bank(capsys, data_dir):
    """Schema, leak check, French typography, glossary, review dates: the shipped bank passes them all."""
    rc, out, err = cli(capsys, "bank", "validate", "--data-dir", data_dir)
    assert rc == 0, err
    assert "0 error(s), 0 warning(s)" in out, out
    assert err == ""


# ---- each broken fixture is reported, on the right line ---------------------------------------


def test_every_fixture_has_an_expectation():
    names = {p.name for p in (REPO_DIR / BROKEN).glob("*.yaml")}
    assert names == set(EXPECTED) | {"duplicate_id_a.yaml"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_broken_file(capsys, name):
    paths = [BROKEN / name]
    if name == "duplicate_id_b.yaml":  # the duplicate is only visible with both files
        paths.insert(0, BROKEN / "duplicate_id_a.yaml")
    MARKER.unlink(missing_ok=True)
    rc, out, err = cli(capsys, "bank", "validate", *paths)
    assert rc != 0
    line, phrases = EXPECTED[name]
    problems = problem_lines(err)
    assert len(problems) == 1, err  # broken in one way: one line
    m = problems[0]
    assert (m["file"], int(m["line"])) == (str(BROKEN / name), line), err
    for phrase in phrases:
        assert phrase in m["msg"], err
    assert "1 error(s)" in err
    assert not MARKER.exists()


def test_python_tag_is_never_executed(capsys):
    MARKER.unlink(missing_ok=True)
    bank = load_bank([REPO_DIR / "rubrics", REPO_DIR / BROKEN / "python_tag.yaml"])
    assert not MARKER.exists()
    assert "broken.python-tag" not in bank.questions
    assert any("tag" in p.message for p in bank.errors)


@pytest.mark.parametrize(
    "text",
    [
        '!!python/object/apply:os.system ["echo pwned > /tmp/pwned_marker"]\n',
        'questions: !!python/object/apply:os.system ["echo pwned > /tmp/pwned_marker"]\n',
        'questions:\n  - !!python/object/new:subprocess.Popen [["touch", "/tmp/pwned_marker"]]\n',
    ],
)
def test_python_tags_anywhere_are_rejected(tmp_path, text):
    MARKER.unlink(missing_ok=True)
    f = tmp_path / "evil.yaml"
    f.write_text(text, encoding="utf-8")
    bank = load_bank([f], base=tmp_path)
    assert not MARKER.exists()
    assert [p.message for p in bank.errors if "YAML tag not allowed" in p.message], bank.problems


def test_misspelt_required_field_reports_both_lines(tmp_path):
    """`dificulty:` is an unknown field, and `difficulty` is then missing: both are said, each on its line."""
    src = (REPO_DIR / BROKEN / "unknown_field.yaml").read_text(encoding="utf-8")
    src = src.replace("    tgas: [tokens]\n", "").replace("    difficulty: 1\n", "    dificulty: 1\n")
    f = tmp_path / "typo.yaml"
    f.write_text(src, encoding="utf-8")
    bank = load_bank([REPO_DIR / "rubrics", f], base=tmp_path)
    got = sorted((p.line, p.message) for p in bank.errors)
    assert len(got) == 2, got
    assert got[0][0] == 3 and "required field 'difficulty' is missing" in got[0][1]
    assert got[1][0] == 6 and "unknown field 'dificulty'" in got[1][1]


def test_validate_whole_broken_folder(capsys):
    MARKER.unlink(missing_ok=True)
    rc, out, err = cli(capsys, "bank", "validate", BROKEN)
    assert rc == 1
    # nothing from the good parts but guideline warnings (these fixtures list no misconceptions or hints,
    # and their French uses ordinary spaces)
    guidelines = ("lists no misconceptions", "lists no hints", "French typography")
    assert all("warning: " in ln and any(g in ln for g in guidelines) for ln in out.splitlines()), out
    problems = problem_lines(err)
    got = {Path(m["file"]).name: (int(m["line"]), m["msg"]) for m in problems}
    assert len(problems) == len(EXPECTED), err  # one line each
    assert set(got) == set(EXPECTED), err
    for name, (line, phrases) in EXPECTED.items():
        assert got[name][0] == line, (name, got[name])
        for phrase in phrases:
            assert phrase in got[name][1], (name, got[name])
    other = [ln for ln in err.splitlines() if ln and not PROBLEM_LINE.match(ln)]
    n_warn = len(out.splitlines())
    assert other == [f"2 questions, 2 rubrics, {len(EXPECTED)} error(s), {n_warn} warning(s)"]
    assert not MARKER.exists()


# ---- coverage of the shipped bank --------------------------------------------------------------


@pytest.fixture(scope="module")
def listed(bank) -> list[dict]:
    rc, out, err = run("bank", "list", "--json", "--data-dir", NO_USER_BANK)
    assert rc == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def test_list_json_items(listed):
    assert listed
    for r in listed:
        assert {"id", "topic", "difficulty", "languages"} <= set(r)
        assert r["difficulty"] in (1, 2, 3)
        assert sorted(r["languages"]) == ["en", "fr"]
    assert len({r["id"] for r in listed}) == len(listed)


def test_technical_coverage(listed):
    technical = [r for r in listed if r["kind"] == "technical"]
    assert len(technical) >= 60
    for topic in TECHNICAL_TOPICS:
        diffs = [r["difficulty"] for r in technical if r["topic"] == topic]
        assert len(diffs) >= 3, (topic, diffs)
        assert 1 in diffs and 3 in diffs, (topic, diffs)


def test_behavioural_coverage(listed, bank):
    behavioural = [r for r in listed if r["kind"] == "behavioral"]
    assert len(behavioural) >= 5
    assert all(r["rubric"] == "behavioral_star" for r in behavioural), behavioural
    for r in behavioural:
        assert bank.rubric_for(bank.questions[r["id"]]).id == "behavioral_star"


def test_every_question_is_complete_in_both_languages(bank):
    for q in bank.questions.values():
        for lang in ("fr", "en"):
            assert q.text.get(lang).strip(), (q.id, lang)
            assert q.reference_answer.get(lang).strip(), (q.id, lang)
            assert all(k.text.get(lang).strip() for k in q.key_points), (q.id, lang)
            assert all(p.text.get(lang).strip() for p in q.probes), (q.id, lang)
        assert len(q.key_points) >= 2, q.id
        assert q.probes, q.id
        rubric = bank.rubric_for(q)
        crit = {c.id for c in rubric.criteria}
        assert {k.criterion for k in q.key_points} <= crit, q.id


def _shipped_yaml() -> list[Path]:
    return sorted((REPO_DIR / "question_bank").glob("*.y*ml")) + sorted((REPO_DIR / "rubrics").glob("*.y*ml"))


@pytest.mark.parametrize(
    "path",
    _shipped_yaml() + sorted((REPO_DIR / BROKEN).glob("*.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_schema_header(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = SCHEMA_HEADER.match(first)
    assert m, f"{path}: first line must be the yaml-language-server $schema header, got {first!r}"
    target = (path.parent / m["target"]).resolve()
    assert target.is_file(), f"{path}: schema {target} does not exist"
    is_rubric = path.parent.name == "rubrics" or path.name.startswith("rubric_")
    assert target.name == ("rubric_file.schema.json" if is_rubric else "question_file.schema.json"), path


def test_shipped_yaml_files_exist():
    names = {p.stem for p in (REPO_DIR / "question_bank").glob("*.yaml")}
    assert set(TECHNICAL_TOPICS) <= names
    assert {p.stem for p in (REPO_DIR / "rubrics").glob("*.yaml")} >= {"technical", "behavioral"}


# ---- JSON schemas ------------------------------------------------------------------------------


def test_committed_schemas_are_fresh(capsys):
    rc, out, err = cli(capsys, "bank", "schema", "--check")
    assert rc == 0, err
    for name in ("question_file.schema.json", "rubric_file.schema.json"):
        json.loads((REPO_DIR / "schemas" / name).read_text(encoding="utf-8"))


def test_stats_prints_every_topic(capsys, bank):
    rc, out, err = cli(capsys, "bank", "stats", "--data-dir", NO_USER_BANK)
    assert rc == 0, err
    first_words = {ln.split()[0] for ln in out.splitlines() if ln.strip()}
    for topic in bank.topics:
        assert topic in first_words, topic
    assert set(TECHNICAL_TOPICS) | {"behavioral"} <= first_words
    assert f"{len(bank.questions)} questions in {len(bank.topics)} topics" in out

    types = {q.id: q.types for q in bank.questions.values()}
    for k in (*QUESTION_TYPES, "spoken"):
        n = sum(1 for ts in types.values() if (k in ts if k != "spoken" else not ts))
        assert re.search(rf"^{k}\s+{n}$", out, re.M), (k, n)

    rc, out, err = cli(capsys, "bank", "stats", "--json", "--data-dir", NO_USER_BANK)
    assert rc == 0, err
    data = json.loads(out)
    rows = data["cells"]
    assert {r["topic"] for r in rows} == set(bank.topics)
    assert sum(r["count"] for r in rows if r["language"] == "en") == len(bank.questions) == data["questions"]
    assert set(data["types"]) == {*QUESTION_TYPES, "spoken"}
    assert data["types"]["spoken"] == sum(1 for ts in types.values() if not ts)


def test_reviewed_date_and_type_tags(tmp_path):
    """``reviewed:`` is a YYYY-MM-DD date (anything else is a clear error); type tags are counted."""
    body = (
        "questions:\n"
        "  - id: typed.q1\n    topic: typed\n    difficulty: 2\n    reviewed: {reviewed}\n"
        "    tags: [cost-estimation, overlap-x]\n"
        "    text: {{en: What does it cost?, fr: Combien cela coûte-t-il\u00a0?}}\n    rubric: technical\n"
        "    key_points:\n"
        "      - {{id: kp-a, criterion: accuracy, text: {{en: input tokens times price, fr: tokens d'entrée fois le prix}}}}\n"
        "      - {{id: kp-b, criterion: accuracy, text: {{en: output tokens cost more, fr: la sortie coûte plus}}}}\n"
        "    misconceptions:\n"
        "      - {{id: free, text: {{en: it is free, fr: c'est gratuit}}, correction: {{en: it is not, fr: ce ne l'est pas}}}}\n"
        "    reference_answer: {{en: Tokens times prices., fr: Les tokens fois les prix.}}\n"
    )
    (tmp_path / "ok.yaml").write_text(body.format(reviewed="2026-12-01"), encoding="utf-8")
    b = load_bank([REPO_DIR / "rubrics", tmp_path / "ok.yaml"])
    assert not b.errors, b.errors
    q = b.questions["typed.q1"]
    assert q.reviewed == datetime.date(2026, 12, 1) and q.types == ["cost-estimation"]
    (tmp_path / "bad.yaml").write_text(body.format(reviewed="last spring"), encoding="utf-8")
    code, out, err = run("bank", "validate", str(tmp_path / "bad.yaml"))
    assert code == 1
    [line] = problem_lines(err)
    assert line["line"] == "5" and "reviewed" in line["msg"] and "date" in line["msg"], err


# ---- bank add ----------------------------------------------------------------------------------

ADD_FLAGS = [
    "--yes", "--topic", "rag", "--difficulty", "2",
    "--text-en", "How would you test that a RAG pipeline retrieves the right chunks?",
    "--text-fr", "Comment testeriez-vous qu'un pipeline RAG récupère les bons morceaux ?",
    "--key-point", "accuracy:Build a labelled set of questions with their relevant chunks|"
                   "Construire un jeu de questions annotées avec leurs morceaux pertinents",
    "--key-point", "depth:Measure recall@k and MRR on that set|Mesurer le rappel@k et le MRR sur ce jeu",
    "--probe", "depth:Which metric would you track?|Quelle métrique suivriez-vous ?",
    "--reference-en", "Label questions with their relevant chunks and measure recall@k and MRR.",
    "--reference-fr", "Annoter des questions avec leurs morceaux pertinents et mesurer le rappel@k et le MRR.",
]
NEW_ID = "rag.my-test-question"
TEMPLATE_ID = "templating.braces"
TEMPLATE_EN = "In a prompt template, what do {x} and {{x}} become, and why does {0} matter?"
TEMPLATE_FR = "Dans un gabarit de prompt, que deviennent {x} et {{x}}, et pourquoi {0} compte-t-il\u00a0?"


def _flags(**replace: str) -> list[str]:
    """ADD_FLAGS with some flag values replaced, e.g. _flags(topic="x") or _flags(text_fr=None)."""
    flags = list(ADD_FLAGS)
    for name, value in replace.items():
        i = flags.index("--" + name.replace("_", "-"))
        if value is None:
            del flags[i : i + 2]
        else:
            flags[i + 1] = value
    return flags


@pytest.fixture(scope="module")
def user_bank(tmp_path_factory) -> Path:
    """A data dir whose user bank holds two questions added with ``bank add`` (shared: loads are slow)."""
    data_dir = tmp_path_factory.mktemp("user-bank") / "data"
    rc, out, err = run("bank", "add", *ADD_FLAGS, "--id", NEW_ID, "--data-dir", data_dir)
    assert rc == 0, err
    assert f"Added {NEW_ID}" in out
    rc, out, err = run("bank", "add", *_flags(topic="templating", text_en=TEMPLATE_EN, text_fr=TEMPLATE_FR),
                       "--id", TEMPLATE_ID, "--data-dir", data_dir)
    assert rc == 0, err
    return data_dir


class ZeroScorer:
    """Scores every answer 0 at once: these tests are about which questions are asked, not scoring
    (the embedded MiniLM scorer takes seconds per answer on a busy machine)."""

    name = "zero"

    def score(self, question, rubric, answer, lang, hints=()):
        from interview_bot.scoring.models import AnswerScore

        return AnswerScore(question_id=question.id, language=lang, overall=0.0, confidence=1.0,
                           criteria=[], key_points=[], scorer=self.name)


@pytest.fixture
def user_service(user_bank):
    from interview_bot.interview.service import InterviewService

    return InterviewService(Settings(data_dir=user_bank, language="en"), scorer=ZeroScorer())


def test_add_writes_a_valid_file(capsys, user_bank):
    path = user_bank / "bank" / f"{NEW_ID}.yaml"
    assert sorted(p.name for p in path.parent.iterdir()) == [f"{NEW_ID}.yaml", f"{TEMPLATE_ID}.yaml"]
    assert SCHEMA_HEADER.match(path.read_text(encoding="utf-8").splitlines()[0])
    q = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"][0]
    assert (q["id"], q["topic"], q["kind"], q["difficulty"], q["rubric"]) == (NEW_ID, "rag", "technical", 2, "technical")
    assert [k["criterion"] for k in q["key_points"]] == ["accuracy", "depth"]
    assert q["key_points"][1]["text"] == {"en": "Measure recall@k and MRR on that set",
                                          "fr": "Mesurer le rappel@k et le MRR sur ce jeu"}
    assert [p["criterion"] for p in q["probes"]] == ["depth"]
    # typed with an ordinary space before "?": written with the no-break space French wants
    assert q["text"]["fr"] == "Comment testeriez-vous qu'un pipeline RAG récupère les bons morceaux\u00a0?"
    assert q["probes"][0]["text"]["fr"] == "Quelle métrique suivriez-vous\u00a0?"

    rc, out, err = cli(capsys, "bank", "validate", path)
    assert rc == 0, err
    rc, out, err = cli(capsys, "bank", "validate", "--data-dir", user_bank)
    assert rc == 0, err
    # `bank add` does not ask for misconceptions or hints yet: those guidelines are the only warnings
    # allowed (its French typography is set for the author)
    assert all("lists no misconceptions" in ln or "lists no hints" in ln
               for ln in out.splitlines() if "warning: " in ln), out


def test_added_question_is_listed_and_asked(capsys, user_bank, user_service):
    rc, out, err = cli(capsys, "bank", "list", "--json", "--topic", "rag", "--data-dir", user_bank)
    assert rc == 0, err
    rows = json.loads(out)
    assert all(r["topic"] == "rag" for r in rows)
    assert NEW_ID in {r["id"] for r in rows}
    row = next(r for r in rows if r["id"] == NEW_ID)
    assert row["source"].endswith(f"{NEW_ID}.yaml:3")  # line 1: the $schema header

    merged = current_bank(user_service.settings)
    rag_ids = {qid for qid, q in merged.questions.items() if q.topic == "rag"}
    assert rag_ids == {r["id"] for r in rows}

    # An interview over every rag question must ask the new one.
    reply = user_service.start(topics=["rag"], n_questions=len(rag_ids), language="en", max_probes=0)
    sid = reply.session_id
    for _ in range(len(rag_ids) + 1):
        if reply.finished:
            break
        reply = user_service.answer(sid, "I am not sure, I think it looks things up first.")
        assert reply.turn == "answer"
    assert reply.finished
    asked = [r.question_id for r in user_service.load_state(sid).records]
    assert sorted(asked) == sorted(rag_ids)
    assert NEW_ID in asked


def test_add_same_id_twice_fails_and_keeps_file(capsys, user_bank):
    path = user_bank / "bank" / f"{NEW_ID}.yaml"
    before = path.read_bytes()
    rc, out, err = cli(capsys, "bank", "add", *_flags(text_en="Another text entirely?"), "--id", NEW_ID,
                       "--data-dir", user_bank)
    assert rc == 2
    assert f"question id '{NEW_ID}' already exists" in err and "--id" in err
    assert path.read_bytes() == before
    assert len(list(path.parent.iterdir())) == 2


def test_add_refuses_a_shipped_id(capsys, user_bank):
    rc, out, err = cli(capsys, "bank", "add", *ADD_FLAGS, "--id", "rag.pipeline-basics", "--data-dir", user_bank)
    assert rc == 2
    assert "question id 'rag.pipeline-basics' already exists" in err and "question_bank/rag.yaml" in err
    assert not (user_bank / "bank" / "rag.pipeline-basics.yaml").exists()


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [
        (ADD_FLAGS + ["--key-point", "no colon at all"],
         "--key-point 'no colon at all': expected 'criterion:English text|French text'"),
        (ADD_FLAGS + ["--key-point", "accuracy:English only"], "expected 'criterion:English text|French text'"),
        (ADD_FLAGS + ["--probe", "depth:No French here"], "--probe 'depth:No French here': expected"),
        (ADD_FLAGS + ["--key-point", "creativity:Made up|Inventé"], "criteria creativity are not in rubric 'technical'"),
        (_flags(topic="Not A Slug"), "must be lowercase letters"),
        (ADD_FLAGS + ["--rubric", "nope"], "rubric 'nope' does not exist"),
        (ADD_FLAGS + ["--rubric", "behavioral_star"], "are not in rubric 'behavioral_star'"),
        (_flags(text_fr=None), "missing --text-fr"),
        (_flags(reference_en=None), "missing --reference-en"),
        (_flags(key_point=None, probe=None), "key_points"),
    ],
    ids=["kp-no-colon", "kp-no-french", "probe-no-french", "unknown-criterion", "bad-topic", "unknown-rubric",
         "wrong-rubric", "missing-text-fr", "missing-reference-en", "too-few-key-points"],
)
def test_add_bad_flags(capsys, user_bank, flags, phrase):
    before = sorted(p.name for p in (user_bank / "bank").iterdir())
    rc, out, err = cli(capsys, "bank", "add", *flags, "--id", "rag.bad-flags", "--data-dir", user_bank)
    assert rc == 2, (out, err)
    assert err.startswith("error: ")
    assert phrase in err, err
    assert sorted(p.name for p in (user_bank / "bank").iterdir()) == before


def test_add_bad_id(capsys, user_bank):
    rc, out, err = cli(capsys, "bank", "add", *ADD_FLAGS, "--id", "../escape", "--data-dir", user_bank)
    assert rc == 2
    assert "is not a valid id" in err
    assert not (user_bank / "escape.yaml").exists()


# ---- template syntax stays literal -------------------------------------------------------------


@pytest.mark.parametrize(("lang", "text"), [("en", TEMPLATE_EN), ("fr", TEMPLATE_FR)])
def test_template_syntax_stays_literal(capsys, user_bank, user_service, lang, text):
    rc, out, err = cli(capsys, "bank", "list", "--json", "--topic", "templating", "--lang", lang,
                       "--data-dir", user_bank)
    assert rc == 0, err
    assert json.loads(out)[0]["text"] == text

    reply = user_service.start(topics=["templating"], n_questions=1, language=lang)
    assert text in reply.message
    assert user_service.load_state(reply.session_id).records[0].question_id == TEMPLATE_ID


# ---- user files: never clobbered, overrides announced ----------------------------------------------


def test_add_never_clobbers_an_existing_file(capsys, data_dir):
    """A file with that name but no loadable question (here: broken YAML) is not overwritten either."""
    bank_dir = data_dir / "bank"
    bank_dir.mkdir()
    path = bank_dir / "rag.orphan.yaml"
    path.write_bytes(b"questions: [unfinished\n")
    rc, out, err = cli(capsys, "bank", "add", *ADD_FLAGS, "--id", "rag.orphan", "--data-dir", data_dir)
    assert rc == 2
    assert "already exists; it was not changed" in err
    assert path.read_bytes() == b"questions: [unfinished\n"


def test_user_question_overriding_shipped_one_warns(capsys, data_dir):
    shipped = yaml.safe_load((REPO_DIR / "question_bank" / "rag.yaml").read_text(encoding="utf-8"))
    q = next(q for q in shipped["questions"] if q["id"] == "rag.pipeline-basics")
    q["text"]["en"] = "My own wording of the RAG basics question?"
    bank_dir = data_dir / "bank"
    bank_dir.mkdir()
    f = bank_dir / "override.yaml"
    f.write_text(yaml.safe_dump({"questions": [q]}, allow_unicode=True, sort_keys=False), encoding="utf-8")

    rc, out, err = cli(capsys, "bank", "validate", "--data-dir", data_dir)
    assert rc == 0, err
    warnings = [ln for ln in out.splitlines() if "warning:" in ln]
    assert len(warnings) == 1, out
    assert warnings[0].startswith(f"{f}:2: warning: ")
    assert "question 'rag.pipeline-basics' overrides the shipped one at question_bank/rag.yaml:3" in warnings[0]
    merged = current_bank(Settings(data_dir=data_dir))
    assert merged.questions["rag.pipeline-basics"].text.en == "My own wording of the RAG basics question?"


def test_bank_guidelines_are_warnings_not_errors(tmp_path):
    """A machine-converted bank (long key points, no hints, no misconceptions, unprobed core points,
    French written with ordinary spaces) still loads and validates, with a warning for each."""
    long_point = " ".join(["word"] * 30)
    (tmp_path / "converted.yaml").write_text(
        "questions:\n"
        "  - id: conv.q1\n    topic: conv\n    difficulty: 1\n"
        "    text: {en: What is it?, fr: Qu'est-ce ?}\n    rubric: technical\n"
        "    key_points:\n"
        f"      - {{id: kp-a, criterion: accuracy, weight: 3, text: {{en: {long_point}, fr: {long_point}}}}}\n"
        "      - {id: kp-b, criterion: accuracy, text: {en: short idea, fr: idée courte}}\n"
        "    probes:\n"
        "      - {criterion: accuracy, key_points: [kp-b], text: {en: And b?, fr: Et b ?}}\n"
        "    reference_answer: {en: It is a thing., fr: C'est une chose.}\n",
        encoding="utf-8",
    )
    code, out, err = run("bank", "validate", str(tmp_path))
    assert code == 0, err
    assert "warning: key point 'kp-a' (en) has 30 words" in out
    assert "warning: key point 'kp-a' (fr) has 30 words" in out
    assert "lists no misconceptions" in out and "lists no hints" in out
    assert "core key points with no probe: kp-a" in out
    assert out.count("French typography: no no-break space before '?'") == 2  # the question and the probe
    assert "1 questions, 2 rubrics, 0 error(s), 7 warning(s)" in out
    b = load_bank([REPO_DIR / "rubrics", tmp_path])
    assert "conv.q1" in b.questions and not b.errors


def test_key_point_words_are_counted_as_a_reader_counts_them():
    from interview_bot.bank.loader import word_count

    assert word_count("Le prix\u00a0: deux euros\u00a0; «\u00a0cher\u00a0»\u00a0?") == 5
    assert word_count("Le prix : deux euros ; « cher » ?") == 5


LEAKY = """questions:
  - id: leak.q1
    topic: leak
    difficulty: 1
    text: {en: "How do you store passwords?", fr: "Comment stockez-vous les mots de passe\u00a0?"}
    rubric: technical
    key_points:
      - {id: hash, criterion: accuracy, weight: 3, text: {en: Hash them with a slow salted function such as Argon2, fr: "On les hache avec une fonction lente et salée comme Argon2"}}
      - {id: never-plain, criterion: accuracy, text: {en: Never keep them in plain text, fr: "On ne les garde jamais en clair"}}
    misconceptions:
      - {id: md5, key_point: hash, text: {en: MD5 is fine, fr: "MD5 suffit"}, correction: {en: It is fast to crack, fr: "Il se casse vite"}}
    hints:
      - {en: Think about what an attacker does with a stolen database., fr: "Pensez à ce que fait un attaquant d'une base volée."}
      - {en: "HINT_EN", fr: "HINT_FR"}
    reference_answer: {en: Hash them., fr: "On les hache."}
"""


def test_validate_fails_on_a_hint_that_gives_a_key_point_away(tmp_path):
    f = tmp_path / "leak.yaml"
    f.write_text(LEAKY.replace("HINT_EN", "Use a slow salted function such as Argon2.")
                 .replace("HINT_FR", "Pensez à une fonction lente et salée."), encoding="utf-8")
    code, out, err = run("bank", "validate", str(f))
    assert code == 1, out
    lines = problem_lines(err)
    assert [m["line"] for m in lines] == ["14", "14"], err
    assert {m["msg"].split(":")[0] for m in lines} == {"hints.1.en", "hints.1.fr"}, err
    assert all("gives away key point 'hash'" in m["msg"] for m in lines), err
    # the same file loads for an interview: the leak check belongs to authoring, not to serving
    assert "leak.q1" in load_bank([REPO_DIR / "rubrics", f]).questions
    f.write_text(LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
                 .replace("HINT_FR", "Pensez au temps que prend un essai."), encoding="utf-8")
    code, out, err = run("bank", "validate", str(f))
    assert code == 0 and "0 error(s), 0 warning(s)" in out, out + err


def test_french_typography_and_glossary_are_checked(tmp_path):
    f = tmp_path / "fr.yaml"
    text = (LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
            .replace("HINT_FR", "On escalade vers un humain : pourquoi ?"))
    f.write_text(text, encoding="utf-8")
    code, out, err = run("bank", "validate", str(f))
    assert code == 0, err
    msgs = [m["msg"] for m in problem_lines(out)]
    assert any("hints.1.fr: French typography: no no-break space before ':'" in m for m in msgs), out
    assert any("hints.1.fr: 'On escalade'" in m and "faire remonter" in m for m in msgs), out
    assert all(":14: warning: " in ln for ln in out.splitlines() if "warning: " in ln), out


def test_typography_fixer_and_checker_agree():
    from interview_bot.i18n.typography import french_problems, french_typography

    raw = 'Quel coût ? Voir « RAG » : 2 000 tokens ; `a: b` et https://x.org/a:b, puis 10:30 !'
    assert len(french_problems(raw)) == 7  # ? : ; ! « » and the thousands
    fixed = french_typography(raw)
    assert french_problems(fixed) == [] and french_typography(fixed) == fixed  # idempotent
    assert french_problems("«\u00a0\u00a0RAG\u00a0\u00a0»\u00a0\u00a0?")
    assert "`a: b`" in fixed and "https://x.org/a:b" in fixed and "10:30" in fixed
    assert "2\u202f000" in fixed and "«\u00a0RAG\u00a0»" in fixed and "coût\u00a0?" in fixed
    assert french_problems('le mot "RAG"') == ["straight or English quotes: write « … »"]
    code = "```python\nd = {'a': 1}  # ok ?\n```\nEt alors\u00a0?"
    assert french_problems(code) == []


def test_stale_review_dates_are_flagged():
    from interview_bot.bank.lint import REVIEW_MAX_AGE_DAYS, lint_question
    from interview_bot.bank.schema import Question

    q = Question.model_validate(yaml.safe_load(LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
                                               .replace("HINT_FR", "Pensez au temps que prend un essai."))["questions"][0]
                                | {"reviewed": "2026-01-10"})
    day = datetime.date(2026, 1, 10)
    assert lint_question(q, {"reviewed": 4}, 1, today=day + datetime.timedelta(days=REVIEW_MAX_AGE_DAYS)) == []
    [(line, msg, sev)] = lint_question(q, {"reviewed": 4}, 1, today=day + datetime.timedelta(days=REVIEW_MAX_AGE_DAYS + 1))
    assert (line, sev) == (4, "warning") and "reviewed 2026-01-10" in msg


def test_shipped_bank_has_no_leaking_hint_rephrase_or_probe(bank):
    from interview_bot.bank.lint import leaks

    assert [(q.id, *leak) for q in bank.questions.values() for leak in leaks(q)] == []


def test_time_sensitive_topics_carry_a_review_date(bank):
    """Laws, licences and protocol revisions move: those questions say when they were last checked."""
    for q in bank.questions.values():
        if q.topic in ("ai_regulation", "mcp"):
            assert q.reviewed is not None, q.id


def test_a_lone_overlap_tag_is_flagged(tmp_path):
    f = tmp_path / "lone.yaml"
    f.write_text(LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
                 .replace("HINT_FR", "Pensez au temps que prend un essai.")
                 .replace("    reference_answer:", "    tags: [security, overlap-passwords]\n    reference_answer:"),
                 encoding="utf-8")
    code, out, err = run("bank", "validate", str(f))
    assert code == 0, err
    [m] = problem_lines(out)
    assert m["line"] == "2" and "tag 'overlap-passwords' has no other question" in m["msg"], out


# French the bank used to address candidates with (bank v3 review): each is masculine-only.
OLD_MASCULINE_FR = (
    "Pourquoi voulez-vous travailler comme développeur Full Stack LLM ?",
    "Pourquoi ce métier, et comment vous y êtes-vous préparé jusqu'ici ?",
    "Pensez au moment où le sujet vous a accroché.",
    "Comment vous y êtes-vous pris ?",
    "Pensez à une échéance qui vous a obligé à sortir de votre terrain connu.",
    "Parlez-moi d'un projet d'IA ou de LLM dont vous êtes fier.",
    "De quel projet d'IA êtes-vous le plus fier ?",
    "Quelle décision de ce projet vous revenait à vous seul ?",
    "Êtes-vous prêt à commencer ?",
    "J'étais le développeur de l'assistant et j'estimais ces réponses trop risquées.",
    "J'en suis fier parce que la décision est venue de la mesure.",
)
NEUTRAL_FR = (
    "Pourquoi voulez-vous travailler dans le développement full stack LLM ?",
    "Comment avez-vous procédé ?",
    "Quelle décision de ce projet ne revenait qu'à vous ?",
    "Quel degré de certitude avez-vous ?",
    "À quel point en êtes-vous sûr ou sûre ?",  # a doublet is not masculine-only
    "Lisez les deux premières lignes comme si vous étiez le modèle.",
    "Quelqu'un voulait livrer quelque chose qui, selon vous, n'était pas prêt.",
    "Vous restez responsable de traitement.",
    "En production, je suis le p95 du TTFT.",
    "C'est moi qui développais l'assistant.",
)


def test_masculine_only_address_is_recognised():
    from interview_bot.bank.lint import masculine_address

    assert [s for s in OLD_MASCULINE_FR if not masculine_address(s)] == []
    assert {s: masculine_address(s) for s in NEUTRAL_FR if masculine_address(s)} == {}
    assert masculine_address("Comment vous y êtes-vous pris ?") == ["vous y êtes-vous pris"]  # reported once


def test_validate_fails_on_masculine_only_address(tmp_path):
    f = tmp_path / "address.yaml"
    f.write_text(LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
                 .replace("HINT_FR", "Êtes-vous sûr qu'un essai prend peu de temps ?"), encoding="utf-8")
    code, out, err = run("bank", "validate", str(f))
    assert code == 1, out
    [m] = problem_lines(err)
    assert m["line"] == "14" and "hints.1.fr: 'Êtes-vous sûr'" in m["msg"] and "masculine" in m["msg"], err
    f.write_text(LEAKY.replace("HINT_EN", "Think about how long a guess takes.")
                 .replace("HINT_FR", "Pensez au temps que prend un essai."), encoding="utf-8")
    assert run("bank", "validate", str(f))[0] == 0


def test_shipped_bank_addresses_candidates_neutrally(bank):
    from interview_bot.bank.lint import localized_fields, masculine_address

    found = {(q.id, path): masculine_address(loc.fr) for q in bank.questions.values()
             for path, loc in localized_fields(q) if masculine_address(loc.fr)}
    assert found == {}


def test_misconception_phrasings_come_after_its_text_and_are_bounded():
    from pydantic import ValidationError

    from interview_bot.bank.schema import Misconception

    base = {"id": "rag-retrains", "key_point": None, "text": {"en": "RAG retrains the model.", "fr": "Le RAG réentraîne le modèle."},
            "correction": {"en": "RAG does not retrain.", "fr": "Le RAG ne réentraîne rien."}}
    m = Misconception.model_validate({**base, "also": {"en": ["RAG fine-tunes the LLM on your docs."]}})
    assert m.phrasings("en") == ["RAG retrains the model.", "RAG fine-tunes the LLM on your docs."]
    assert m.phrasings("fr") == ["Le RAG réentraîne le modèle."]
    with pytest.raises(ValidationError, match="also"):
        Misconception.model_validate({**base, "also": {"en": [f"Claim number {i} here." for i in range(5)]}})
