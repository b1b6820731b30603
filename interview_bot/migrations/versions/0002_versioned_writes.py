"""Versioned writes: every state write is a compare-and-set on ``sessions.version``; each transcript
event records the version it was written at; one answer row per (question, follow-up).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_sessions_updated_at", "sessions", ["updated_at"])
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
    # The lost-update bug of earlier versions could store two rows for one (question, follow-up);
    # keep every text (export shows them) but move the later ones out of the way: probe = -id.
    op.execute(
        "UPDATE answers SET probe = -id WHERE id NOT IN "
        "(SELECT keep FROM (SELECT MIN(id) AS keep FROM answers GROUP BY session_id, question_id, probe) AS k)"
    )
    op.create_index("uq_answers_turn", "answers", ["session_id", "question_id", "probe"], unique=True)
