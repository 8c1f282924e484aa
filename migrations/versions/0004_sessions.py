"""Sessions: calendar feed tokens; the rule and speaker of each note.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

RULES = ("chatham_house", "off_the_record", "on_record")


def upgrade():
    op.create_table(
        "calendar_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_calendar_token_programme_id_programme"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_calendar_token_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_token_token_hash")),
    )
    with op.batch_alter_table("calendar_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_token_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_calendar_token_programme_id"), ["programme_id"], unique=False
        )

    with op.batch_alter_table("session_note", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "confidentiality",
                sa.Enum(
                    *RULES,
                    name=op.f("ck_session_note_confidentiality"),
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="off_the_record",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("speaker_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_session_note_speaker_id_registration"),
            "registration",
            ["speaker_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("session_note", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_session_note_speaker_id_registration"), type_="foreignkey"
        )
        batch_op.drop_column("speaker_id")
        batch_op.drop_column("confidentiality")
    with op.batch_alter_table("calendar_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_token_programme_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_token_user_id"))
    op.drop_table("calendar_token")
