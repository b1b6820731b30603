"""The service is the front ends' only way to the data: the report, the page, the HTTP API and the CLI
read sessions through its read models (``interview/views.py``) and never import the store or reach
through ``svc.store``; chat messages in Gradio's shape are built only by the page (``webui/``).
Read from the source with ``ast`` (tests/import_graph.py): a new module is checked without a list to update."""

from __future__ import annotations

import ast

from import_graph import attribute_uses, graph, modules

FRONT_END_PACKAGES = ("interview_bot.report", "interview_bot.webui")
FRONT_END_MODULES = ("interview_bot.cli", "interview_bot.cli_interview", "interview_bot.ui", "interview_bot.api",
                     "interview_bot.web", "interview_bot.ownership")


def front_ends() -> list[str]:
    found = [m for m in modules() if m in FRONT_END_MODULES or m.startswith(tuple(p + "." for p in FRONT_END_PACKAGES))
             or m in FRONT_END_PACKAGES]
    assert {"interview_bot.report.build", "interview_bot.webui.page", "interview_bot.cli"} <= set(found)
    return found


def test_front_ends_never_import_the_store():
    g = graph()
    assert {m: "imports interview_bot.store" for m in front_ends() if "interview_bot.store" in g[m]} == {}


def test_front_ends_never_reach_through_svc_store():
    where = {m: attribute_uses(modules()[m], "store") for m in front_ends()}
    assert {m: lines for m, lines in where.items() if lines} == {}


def test_the_check_sees_a_reach_through(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f(svc):\n    return svc.store.get_session('x')\n", encoding="utf-8")
    assert attribute_uses(probe, "store") == [2]


def _chat_dicts(path) -> list[int]:
    """Lines building a dict with ``"role": "user"`` or ``"role": "assistant"`` (Gradio's chat messages)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=True):
                if (isinstance(k, ast.Constant) and k.value == "role" and isinstance(v, ast.Constant)
                        and v.value in ("user", "assistant")):
                    lines.append(node.lineno)
    return lines


def test_chat_messages_are_built_only_by_the_page():
    found = {m: _chat_dicts(p) for m, p in modules().items()}
    outside = {m: lines for m, lines in found.items() if lines and not m.startswith("interview_bot.webui.")}
    assert outside == {}
    assert found["interview_bot.webui.text"]  # the check does see them where they belong


def test_resume_gives_the_transcript_as_chat_lines(service):
    from interview_bot.interview.views import ChatLine

    r = service.start(language="en", n_questions=2, topics=["rag"])
    service.answer(r.session_id, "Can you repeat the question?")
    state, lines = service.resume(r.session_id)
    assert all(isinstance(x, ChatLine) for x in lines)
    assert [x.role for x in lines] == ["recruiter", "recruiter", "candidate", "recruiter"]
    assert [x.kind for x in lines][2:] == ["repeat", "repeat"] and lines[-1].content == state.pending_text
    view = service.session(r.session_id)
    assert view.state == state and view.session_id == r.session_id and view.status == "active"
    assert [s.session_id for s in service.sessions(candidate=view.candidate)] == [r.session_id]
