"""Errors a person reads carry a catalog key (interview_bot/errors.py), rendered in the reader's language
by the page, the API or the CLI: no English sentence is written into a ``raise`` of the project's errors.
Read from the source with ``ast``, so a new module or a new ``raise`` is checked without a list to update."""

from __future__ import annotations

import ast

import pytest
from import_graph import modules

from interview_bot import errors
from interview_bot.i18n import CATALOG, has, placeholders, t

PROJECT_ERRORS = {name for name, obj in vars(errors).items()
                  if isinstance(obj, type) and issubclass(obj, errors.InterviewBotError)}

# Left as they are, each for a reason (and listed here so that the list only shrinks):
NOT_YET = {
    # the scorer's encoder set-up (the lead's area: interview_bot/scoring/ outside evaluate.py)
    "interview_bot.scoring.embedder": "scorer encoder set-up",
    "interview_bot.scoring.onnx_encoder": "scorer encoder set-up",
}


def _error_calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else None
            if name in PROJECT_ERRORS and node.args:
                yield node


def problems_in(source: str) -> list[str]:
    """What is wrong with the messages of the project's errors raised in ``source``."""
    out = []
    for call in _error_calls(ast.parse(source)):
        first, line = call.args[0], call.lineno
        if isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                isinstance(first, ast.Constant) and isinstance(first.value, str) and not has(first.value)):
            out.append(f"line {line}: a literal message ({ast.unparse(first)[:60]}); raise with a catalog key")
        elif isinstance(first, ast.Constant) and isinstance(first.value, str):
            given = {k.arg for k in call.keywords}
            if None not in given:  # no **values: every placeholder of the key must be given
                want = placeholders(CATALOG[first.value]["en"])  # type: ignore[arg-type]
                if want - given:
                    out.append(f"line {line}: {first.value} needs {sorted(want - given)}")
    return out


def test_no_literal_message_in_a_raise_of_the_projects_errors():
    found = {m: problems_in(p.read_text(encoding="utf-8")) for m, p in modules().items() if m not in NOT_YET}
    assert {m: p for m, p in found.items() if p} == {}


@pytest.mark.parametrize("source", [
    'raise InputError("This interview has no open question.")',
    'raise SessionNotFound(f"No session {sid}")',
    'raise errors.ConfigError("Problems:\\n" + lines)',
    'raise InputError("error.bad_sid")',  # a key whose placeholder is not given
])
def test_the_scan_sees_a_literal_message(source):
    assert problems_in(source)


def test_the_scan_accepts_a_key_with_its_values():
    assert problems_in('raise InputError("error.bad_sid", value=shown(sid))\nraise InputError(t("error.finished", lang))') == []


def test_an_error_renders_in_the_readers_language_and_str_is_english():
    exc = errors.SessionNotFound("error.bad_sid", value="x1")
    assert exc.render("fr") == t("error.bad_sid", "fr", value="x1") and "«\u00a0x1\u00a0»" in exc.render("fr")
    assert str(exc) == exc.render("en") == "'x1' is not a session id (32 characters, 0-9 and a-f). " \
        "Copy it from the session list or start a new interview."
    wrapped = errors.SessionNotFound("error.no_session_in", message=errors.session_not_found("ab"), database="db")
    assert wrapped.render("fr").startswith("Aucune session d'entretien «\u00a0ab\u00a0»")
    assert errors.StaleWrite().render("fr") == t("error.moved_on", "fr")
    assert errors.InputError(t("error.finished", "fr")).render("en") == t("error.finished", "fr")  # already rendered


def test_the_project_errors_are_known_to_the_scan():
    assert {"InterviewBotError", "InputError", "SessionNotFound", "ConfigError", "StaleWrite"} <= PROJECT_ERRORS


def test_the_cli_shows_an_error_in_its_language(monkeypatch, tmp_path, capsys):
    from interview_bot.cli import main

    monkeypatch.setenv("INTERVIEW_BOT_LANGUAGE", "fr")
    assert main(["sessions", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Aucune base de données dans ") and "\u00a0: aucun entretien" in err
    monkeypatch.setenv("INTERVIEW_BOT_LANGUAGE", "en")
    assert main(["sessions", "--data-dir", str(tmp_path)]) == 2
    assert "No database at " in capsys.readouterr().err


def test_a_report_link_refusal_speaks_the_browsers_language(service):
    from interview_bot.web import ReportRoute

    route = ReportRoute(app=None, service=service)
    for lang in ("fr", "en"):
        refused = route._respond("0" * 32, "md", "9999999999", "bad-signature", lang)
        assert refused.status_code == 404 and refused.body.decode() == t("error.no_report", lang)
    expired = route._respond("0" * 32, "md", "1000", "sig", "fr")
    assert expired.status_code == 410 and expired.body.decode().startswith("Ce lien de téléchargement a expiré\u00a0:")


def _ask_gate(gate, headers: dict[str, str], method: str = "POST", path: str = "/gradio_api/upload") -> tuple[int, str]:
    """Send one HTTP request through an ASGI middleware; the status and the body it answered with."""
    import asyncio

    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": b"",
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(gate(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body.decode()


def test_a_refused_request_is_told_why_in_the_browsers_language(settings):
    from interview_bot.web import Gate

    async def app(scope, receive, send):  # never reached: the gate refuses first
        raise AssertionError("the request should have been refused")

    gate = Gate(app, settings)
    assert _ask_gate(gate, {"host": "evil.example", "accept-language": "fr-FR,fr;q=0.9"}) == (
        400, t("error.unknown_host", "fr"))
    assert _ask_gate(gate, {"host": "127.0.0.1", "accept-language": "en"}) == (403, t("error.no_uploads", "en"))
    status, text = _ask_gate(gate, {"host": "127.0.0.1", "origin": "http://other.example", "accept-language": "fr"},
                             path="/gradio_api/call/start")
    assert (status, text) == (403, t("error.cross_origin", "fr"))
