"""Briefing releases remember the content they approved.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("briefing_release") as batch_op:
        batch_op.add_column(
            sa.Column("content_sha256", sa.String(length=64), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("briefing_release") as batch_op:
        batch_op.drop_column("content_sha256")
