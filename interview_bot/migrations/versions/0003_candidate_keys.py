"""Candidate labels become keys: the column keeps a SHA-256 of the private token (never the token), so
a label someone else could pick no longer links sessions. Earlier labels are hashed with a prefix no
issued token can produce: old sessions keep their grouping but no new session can join them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def legacy_key(label: str) -> str:
    return hashlib.sha256(("legacy-label:" + label).encode()).hexdigest()


def upgrade() -> None:
    conn = op.get_bind()
    sessions = sa.table("sessions", sa.column("id", sa.String), sa.column("candidate", sa.String),
                        sa.column("state", sa.JSON))
    rows = conn.execute(sa.select(sessions.c.id, sessions.c.candidate, sessions.c.state)).all()
    for sid, label, state in rows:
        key = legacy_key(label or "")
        if isinstance(state, dict) and isinstance(state.get("options"), dict):
            state = {**state, "options": {**state["options"], "candidate": key}}
        conn.execute(sessions.update().where(sessions.c.id == sid).values(candidate=key, state=state))
