"""Sessions: the engine, the recruiter, the scorer and the store put together.

The UI, the HTTP API and the CLI all go through this class. It keeps no per-session state in memory:
each call loads the session from the database and writes back before returning, so any replica can
serve any turn and a crash loses nothing that was answered.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from ..bank import RELOAD_WAIT_S, Bank, current_bank
from ..config import Settings
from ..errors import InputError, SessionNotFound, shown
from ..i18n import t
from ..identity import short_id
from ..scoring import build_scorer
from ..scoring.models import Scorer
from ..store import SessionRow, StaleWrite, Store
from .conversation import history_messages
from .engine import Engine
from .profile import load_profile, role_name
from .recruiter import Recruiter, RecruiterWords, TurnContext
from .state import (
    AnswerEvent,
    AnswerRecord,
    ChunkEvent,
    InterviewOptions,
    InterviewState,
    Reply,
    ReplyEvent,
    ScoreEvent,
    Step,
    TurnEvent,
)
from .turns import TurnReading
from .understand import TurnReader
from .views import ChatLine, SessionSummary, SessionView

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage


log = logging.getLogger("interview_bot")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SID = re.compile(r"^[0-9a-f]{32}$")


def clean_text(text: str) -> str:
    """Drop control characters (NUL among them: PostgreSQL text cannot hold it), keep newlines and
    tabs; a lone UTF-16 surrogate (not a character: it cannot be encoded) becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text or ""))


def gradio_cached_copies(sid: str) -> list[Path]:
    """Copies of report files that earlier versions handed to Gradio (``<GRADIO_TEMP_DIR>/<hash>/<sid>.*``)."""
    root = Path(os.environ.get("GRADIO_TEMP_DIR") or Path(tempfile.gettempdir()) / "gradio")
    return [p for p in root.glob(f"*/{sid}.*") if p.is_file()] if root.is_dir() else []


def _without_owner(state: dict[str, Any]) -> dict[str, Any]:
    """The state as exported: without the owner hash (an export may be shared; the hash signs links)."""
    options = {k: v for k, v in (state.get("options") or {}).items() if k != "owner"}
    return {**state, "options": options}


def _summary(row: SessionRow) -> SessionSummary:
    return SessionSummary(session_id=row.id, created_at=row.created_at, updated_at=row.updated_at, status=row.status,
                          language=row.language, backend=row.backend, overall=row.overall, candidate=row.candidate)


def _rows(turns: list[TurnEvent]) -> list[dict[str, Any]]:
    """Transcript events as the store's columns."""
    return [e.model_dump() for e in turns]


def check_sid(sid: str) -> str:
    if not isinstance(sid, str) or not _SID.match(sid.strip()):
        raise SessionNotFound("error.bad_sid", value=shown(sid))
    return sid.strip()


class InterviewService:
    def __init__(
        self,
        settings: Settings,
        *,
        model: BaseChatModel | None = None,
        use_settings_model: bool = True,
        scorer: Scorer | None = None,
        store: Store | None = None,
    ):
        self.settings = settings
        if model is None and use_settings_model:
            from ..llm import build_chat_model

            model = build_chat_model(settings)
        self.model = model
        from ..llm import Breaker

        self.breaker = Breaker()  # one per backend: the recruiter and the judge share what they learn
        self.recruiter = Recruiter(model, retries=settings.llm_retries, breaker=self.breaker,
                                   profile=self._profile_text, role=self.role_name)
        self.reader = TurnReader(model, self.breaker, settings.llm_retries) if model is not None else None
        self.scorer = scorer or build_scorer(settings, model, self.breaker)
        self.store = store or Store(settings.db_url)

    @property
    def backend_name(self) -> str:
        return self.settings.engine_name if self.model is not None else "offline"

    def bank(self) -> Bank:
        """The bank, never stalled by a reload: a changed bank loads in the background (see ``bank``)."""
        return current_bank(self.settings, wait=RELOAD_WAIT_S)

    def engine(self) -> Engine:
        from .profile import load_profile

        return Engine(self.bank(), self.scorer, load_profile(self.settings.role_profile))

    def options(self, **kw: Any) -> InterviewOptions:
        s = self.settings
        base: dict[str, Any] = {
            "language": s.language,
            "n_questions": s.questions,
            "topics": s.topics,
            "difficulty": s.difficulty,
            "max_probes": s.max_probes,
            "max_answer_chars": s.max_answer_chars,
        }
        base.update({k: v for k, v in kw.items() if v is not None})
        try:
            return InterviewOptions(**base)
        except ValidationError as exc:  # → a message a person can act on (no pydantic URL)
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise InputError("error.bad_options", problems=problems) from None

    # ---- state I/O ---------------------------------------------------------------------------
    def load_state(self, sid: str) -> InterviewState:
        return self._load(sid)[0]

    def _load(self, sid: str) -> tuple[InterviewState, int]:
        """The state and the version it was read at (every write compare-and-sets that version)."""
        row = self.store.get_session(check_sid(sid))
        return InterviewState.model_validate(row.state), row.version

    def _render(self, ctx: TurnContext) -> RecruiterWords:
        return self.recruiter.message(ctx)

    # ---- API ---------------------------------------------------------------------------------
    def secret(self) -> str:
        from ..identity import app_secret

        return app_secret(self.settings)

    def candidate_key(self, token: str) -> str:
        from ..identity import candidate_key

        return candidate_key(token, self.secret())

    def start(self, *, candidate: str | None = None, **kw: Any) -> Reply:
        """A new interview. ``candidate``: a token an earlier /start returned (progress across
        sessions); without one a new token is issued. Only a hash of it is stored."""
        from ..identity import new_candidate_token

        token = clean_text(candidate or "").strip() or new_candidate_token(self.secret())
        opts = self.options(candidate=self.candidate_key(token), **kw)
        sid = uuid.uuid4().hex
        engine = self.engine()
        step = engine.start(sid, opts)
        greet = self._render(engine.greeting_ctx(step.state))
        first = self._render(step.ctx) if step.ctx else None
        notices = [n for n in (step.notice, greet.notice, first.notice if first else None) if n]
        text = greet.text + ("\n\n" + first.text if first else "")
        state = step.state
        state.pending = None
        state.pending_text = first.text if first else greet.text
        turns = [
            TurnEvent(role="recruiter", kind="greeting", content=greet.text),
            TurnEvent(role="recruiter", kind="question", question_id=state.records[0].question_id,
                      content=first.text if first else ""),
        ]
        self.store.create_session(
            sid,
            language=opts.language,
            backend=self.backend_name,
            state=state.model_dump(mode="json"),
            turns=_rows(turns),
            candidate=opts.candidate,
        )
        i, n = state.progress
        return Reply(session_id=sid, message=text, notices=notices, question_index=i, total_questions=n,
                     recruiter=first.source if first else greet.source, candidate_token=token)

    def answer_events(self, sid: str, text: str, shown_turn: int | None = None) -> Iterator[AnswerEvent]:
        """Yields a ``ScoreEvent``, then a ``ChunkEvent`` per piece while the recruiter streams, then a
        ``ReplyEvent``. The answer and its score are committed before the recruiter speaks.

        ``shown_turn``: the ``state.turn`` of the question the sender displayed (a page sends it). If the
        interview has moved on since (another tab answered), nothing is recorded and ``StaleWrite`` says so."""
        t0 = time.perf_counter()
        text = clean_text(text)
        state, version = self._load(sid)
        if shown_turn is not None and shown_turn != state.turn:
            raise StaleWrite(t("error.moved_on", state.options.language))
        answered = state.records[-1]  # the question being answered (the engine may append the next one)
        engine = self.engine()
        step: Step = engine.answer(state, text, self._llm_reading(engine, state, text))
        st = step.state
        turns: list[TurnEvent] = []
        answer_row = None
        if step.accepted:
            turns.append(TurnEvent(role="candidate", kind=step.turn, question_id=answered.question_id,
                                   content=text.strip()))
        if step.score is not None:
            answer_row = AnswerRecord(
                question_id=answered.question_id,
                probe=step.probe,
                text=step.answered or text.strip(),  # a confirmed answer: the message held before "yes"
                overall=step.score.overall,
                score=step.score,
            )
        st.pending_text = ""
        # Write 1: the answer, its score and the state owing the recruiter's message. A stale read
        # (another tab answered first) raises StaleWrite here and nothing is recorded.
        lang = st.options.language
        try:
            version = self.store.commit(
                sid, expected_version=version, state=st.model_dump(mode="json"), turns=_rows(turns),
                answer=answer_row.model_dump(mode="json") if answer_row else None, status=st.status, overall=st.overall,
            )
        except StaleWrite:
            raise StaleWrite(t("error.moved_on", lang)) from None
        scored_ms = 1000 * (time.perf_counter() - t0)
        yield ScoreEvent(score=step.score)
        assert step.ctx is not None
        final: RecruiterWords | None = None
        for item in self.recruiter.stream(step.ctx, self._history(sid)):
            if isinstance(item, RecruiterWords):
                final = item
            else:
                yield ChunkEvent(text=item)
        assert final is not None
        st.pending = None
        st.pending_text = final.text
        kind = step.ctx.kind
        if kind == "probe" and final.source == "llm" and step.ctx.missed and st.records:
            # the model wrote its own follow-up (validated): the report shows what was really asked
            st.records[-1].followups[str(st.records[-1].probe_indices[-1])] = final.text
        notices = [final.notice] if final.notice else []
        try:  # Write 2: the message owed. If the interview moved on meanwhile, the newer state stands.
            self.store.commit(
                sid, expected_version=version, state=st.model_dump(mode="json"),
                turns=_rows([TurnEvent(role="recruiter", kind=kind, content=final.text,
                                       question_id=st.records[-1].question_id if st.records else None)]
                            + ([TurnEvent(role="notice", kind="notice", content=final.notice)] if final.notice else [])),
            )
        except StaleWrite:
            st = self.load_state(sid)
            notices.append(t("error.moved_on_after", lang))
        i, n = st.progress
        # Operational log: ids, numbers and flags only — never the answer text or any key.
        log.info(
            "turn session=%s question=%s kind=%s probe=%d accepted=%s overall=%s flags=%s recruiter=%s "
            "scored_ms=%.0f total_ms=%.0f",
            short_id(sid), answered.question_id, step.turn, step.probe, step.accepted,
            None if step.score is None else step.score.overall,
            ",".join(step.score.flags) if step.score else "", final.source, scored_ms,
            1000 * (time.perf_counter() - t0),
        )
        yield ReplyEvent(reply=Reply(
            session_id=sid,
            message=final.text,
            notices=notices,
            score=step.score,
            accepted=step.accepted,
            finished=st.status == "finished",
            question_index=i,
            total_questions=n,
            recruiter=final.source,
            turn=step.turn,
        ))

    def answer(self, sid: str, text: str, shown_turn: int | None = None) -> Reply:
        reply = None
        for event in self.answer_events(sid, text, shown_turn):
            if isinstance(event, ReplyEvent):
                reply = event.reply
        assert reply is not None
        return reply

    def end(self, sid: str, attempts: int = 3) -> Reply:
        """'End interview'. If an answer lands meanwhile, the interview is ended as it is then."""
        for _ in range(attempts):
            state, version = self._load(sid)
            if state.status == "finished":
                i, n = state.progress
                return Reply(session_id=sid, message=state.pending_text, finished=True, question_index=i,
                             total_questions=n)
            step = self.engine().finish_early(state)
            words = self._render(step.ctx) if step.ctx else None
            st = step.state
            st.pending = None
            st.pending_text = words.text if words else ""
            try:
                self.store.commit(
                    sid, expected_version=version, state=st.model_dump(mode="json"),
                    turns=_rows([TurnEvent(role="recruiter", kind="closing", content=st.pending_text)]),
                    status="finished", overall=st.overall,
                )
            except StaleWrite:
                continue
            i, n = st.progress
            return Reply(session_id=sid, message=st.pending_text, finished=True, question_index=i, total_questions=n)
        raise StaleWrite()

    # ---- LLM mode: turn reading, conversation window, role profile --------------------------------
    def _llm_reading(self, engine: Engine, state: InterviewState, text: str) -> TurnReading | None:
        """The model's reading of the message (None offline: the engine reads it itself)."""
        if self.reader is None:
            return None
        clean = engine.check_answer(state, text)  # same errors as the engine, before any model call
        if not clean:
            return None
        return self.reader.read(clean, engine.read(state, clean), state.pending_text, state.awaiting)[0]

    def _history(self, sid: str) -> list[BaseMessage] | None:
        if self.model is None:
            return None
        return history_messages([(t.role, t.content) for t in self.store.turns(sid)])

    def role_name(self, lang: str) -> str:
        """The job title in ``lang``, from the configured role profile."""
        return role_name(lang, self.settings.role_profile)

    def _profile_text(self, lang: str) -> str:
        return load_profile(self.settings.role_profile).as_context("fr" if lang == "fr" else "en")

    # ---- reads -------------------------------------------------------------------------------------
    def session(self, sid: str) -> SessionView:
        """One session and its state (``SessionNotFound`` if there is none)."""
        row = self.store.get_session(sid)
        return SessionView(**_summary(row).model_dump(), version=row.version,
                           state=InterviewState.model_validate(row.state))

    def sessions(self, limit: int = 50, candidate: str | None = None) -> list[SessionSummary]:
        """The latest sessions, newest first; only one candidate's if ``candidate`` (a candidate key) is given."""
        return [_summary(r) for r in self.store.list_sessions(limit=limit, candidate=candidate)]

    def owner(self, sid: str) -> str:
        """The owner hash kept with session ``sid`` ("" for sessions started before owner tokens)."""
        row = self.store.get_session(sid)
        return str((row.state.get("options") or {}).get("owner") or "")

    def transcript(self, sid: str) -> list[ChatLine]:
        """The messages the candidate saw and wrote, in order (notices left out)."""
        return [ChatLine(role="candidate" if t.role == "candidate" else "recruiter", kind=t.kind, content=t.content,
                         question_id=t.question_id)
                for t in self.store.turns(sid) if t.role != "notice"]

    def resume(self, sid: str) -> tuple[InterviewState, list[ChatLine]]:
        """The session's state and its transcript; re-renders an owed message."""
        state, version = self._load(sid)
        self.engine().prepare_current(state)  # the open question is shown again: encode its references meanwhile
        if state.pending is not None:  # the process died between saving the answer and replying
            words = self._render(state.pending)
            state.pending = None
            state.pending_text = words.text
            try:
                self.store.commit(
                    sid, expected_version=version, state=state.model_dump(mode="json"),
                    turns=_rows([TurnEvent(role="recruiter", kind="resume", content=words.text)]),
                )
            except StaleWrite:  # another tab or replica wrote first: show what it wrote
                state = self.load_state(sid)
        return state, self.transcript(sid)

    # ---- privacy -----------------------------------------------------------------------------------
    def export(self, sid: str) -> dict[str, Any]:
        """Everything stored for a session, as JSON-ready data (the candidate token is never stored)."""
        row = self.store.get_session(check_sid(sid))
        return {
            "id": row.id, "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
            "status": row.status, "language": row.language, "backend": row.backend, "overall": row.overall,
            "version": row.version, "candidate_key": row.candidate, "state": _without_owner(row.state),
            "transcript": [{"role": t.role, "kind": t.kind, "question_id": t.question_id, "content": t.content,
                            "version": t.version, "at": t.created_at.isoformat()} for t in self.store.turns(row.id)],
            "answers": [{"question_id": a.question_id, "probe": a.probe, "text": a.text, "overall": a.overall,
                         "score": a.score, "at": a.created_at.isoformat()} for a in self.store.answers(row.id)],
        }

    def delete(self, sid: str) -> None:
        """Forget a session: its rows, and report files an earlier version left in the data dir.
        Reports are now rendered on demand and never kept, so nothing else remains."""
        sid = check_sid(sid)
        self.store.delete_session(sid)
        for old in [*(self.settings.data_dir / "reports").glob(f"{sid}.*"), *gradio_cached_copies(sid)]:
            old.unlink(missing_ok=True)
        log.info("deleted session=%s", short_id(sid))

    def purge(self) -> list[str]:
        """Delete the sessions older than the retention period (none if it is not set)."""
        days = self.settings.retention_days
        if not days:
            return []
        ids = self.store.purge_older_than(days)
        log.info("purge: %d session(s) older than %s days deleted", len(ids), days)
        return ids
