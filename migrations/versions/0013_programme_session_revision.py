"""Each programme counts the changes to its list of sessions.

The recommendation list offers the programme's sessions (a thousand in a large programme) as a
filter. Each worker keeps the filter's options once written; it read every session's id and
title on each request only to learn whether they had changed (1.6 ms of a list page's 13 on the
large demo, on a slowed machine). ``session_revision`` goes up in the same transaction as any
session added, renamed or moved (``sessions/models.py``), so the programme row that every page
reads anyway tells each worker on every app server whether what it kept is current.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "programme",
        sa.Column("session_revision", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade():
    # Not batch mode: on SQLite that copies the table, and with foreign keys on, dropping the
    # old programme table would delete every row that refers to it. SQLite 3.35+ and PostgreSQL
    # drop a column in place.
    op.execute("ALTER TABLE programme DROP COLUMN session_revision")
