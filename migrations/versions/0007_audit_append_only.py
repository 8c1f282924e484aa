"""The audit table becomes append-only: triggers refuse UPDATE, DELETE and TRUNCATE.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

from dialogues.core import audit_guard

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    audit_guard.install(op.execute, op.get_bind().dialect.name)


def downgrade():
    audit_guard.remove(op.execute, op.get_bind().dialect.name)
