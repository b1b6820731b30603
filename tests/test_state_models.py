"""The interview's data models (interview/state.py): stored states written by earlier code still load,
and the modules that use them do not import each other in a circle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_graph import cycles, graph

from interview_bot.interview.state import ChunkEvent, InterviewState, Reply, ReplyEvent, ScoreEvent
from interview_bot.scoring.models import AnswerScore

# States written by main at 0d0a4f2 (before these models; ``score`` was a plain dict then): an interview
# in English with a follow-up, a hint, "I don't know" and a skip; one in French; one waiting for "shall
# we stop?"; one owing the recruiter's reply (``pending``), active and finished.
STORED = json.loads((Path(__file__).parent / "fixtures" / "states_0d0a4f2.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(STORED))
def test_a_stored_state_loads_typed_and_round_trips_unchanged(name):
    raw = STORED[name]
    state = InterviewState.model_validate(raw)
    scored = [r for r in state.records if r.score is not None]
    assert all(isinstance(r.score, AnswerScore) for r in scored)
    assert [r.score.overall for r in scored] == [r["score"]["overall"] for r in raw["records"] if r["score"]]
    assert state.model_dump(mode="json") == raw  # written back byte for byte the same JSON: no migration


def test_the_fixture_covers_what_the_state_can_hold():
    states = [InterviewState.model_validate(s) for s in STORED.values()]
    assert any(s.pending is not None for s in states) and any(s.awaiting for s in states)
    assert any(s.status == "finished" for s in states) and {s.options.language for s in states} == {"fr", "en"}
    records = [r for s in states for r in s.records]
    assert any(r.probe_indices for r in records) and any(r.hints for r in records)
    assert any(r.outcome == "skipped" for r in records) and any(r.score is None for r in records)


def test_stream_events_are_told_apart_by_kind():
    reply = Reply(session_id="s", message="Next question.")
    events = [ScoreEvent(score=None), ChunkEvent(text="Next"), ReplyEvent(reply=reply)]
    assert [e.kind for e in events] == ["score", "chunk", "reply"]
    from pydantic import TypeAdapter

    from interview_bot.interview.state import AnswerEvent

    back = [TypeAdapter(AnswerEvent).validate_python(e.model_dump()) for e in events]
    assert [type(e) for e in back] == [ScoreEvent, ChunkEvent, ReplyEvent] and back[2].reply == reply


# scoring/ is the lead engineer's (issue 18 item 4): its one cycle is known; any other one fails here.
KNOWN_CYCLES = [["interview_bot.scoring.embedder", "interview_bot.scoring.onnx_encoder"]]


def test_no_import_cycle_in_the_package():
    assert [c for c in cycles() if c not in KNOWN_CYCLES] == []


def test_engine_and_its_replies_do_not_import_each_other():
    g = graph()
    assert "interview_bot.interview.listen" in g["interview_bot.interview.engine"]
    assert "interview_bot.interview.engine" not in g["interview_bot.interview.listen"]
    assert not {m for m in g["interview_bot.interview.state"] if m.startswith("interview_bot.interview.")} - {
        "interview_bot.interview.context", "interview_bot.interview.turns"}
