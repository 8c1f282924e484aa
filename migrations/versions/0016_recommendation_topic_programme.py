"""Each recommendation topic keeps its recommendation's programme, indexed with the topic.

The recommendation list and search offer the topics the programme uses as the filter's
choices. The check that a topic is used read the topic's tags and joined each to its
recommendation until one of the programme turned up: fast for the large programme, slow for a
small one, and PostgreSQL's one plan for every programme (a prepared statement's generic plan)
was too slow for the large one, so it planned the statement again on every request (about
0.4 ms). With (programme, topic) indexed the check is one index probe per topic, whatever the
programme. The filter by topic, which read the topics of every programme, reads only this
programme's (the index holds the recommendation too, so neither reads the table). The index
on the topic alone served only the old check and is dropped.

SQLite rebuilds the table to make the column NOT NULL with its foreign key; the full-text
index's triggers that name the table (migration 0005) are dropped first and created again,
unchanged, afterwards.

Revision ID: 0016
Revises: 0015
"""

from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TABLE = "recommendation_topic"
INDEX = "ix_recommendation_topic_programme_topic"
TOPIC_INDEX = "ix_recommendation_topic_topic"  # read only by the check this index replaces
FOREIGN_KEY = "fk_recommendation_topic_programme_id_programme"
POSTGRESQL_TRIGGER = "recommendation_topic_search_sync"
FILL = (
    "UPDATE recommendation_topic SET programme_id = (SELECT programme_id FROM recommendation "
    "WHERE recommendation.id = recommendation_topic.recommendation_id)"
)


def upgrade():
    op.add_column(TABLE, sa.Column("programme_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_upgrade()
    else:
        with _sqlite_triggers_set_aside():
            _sqlite_upgrade()
    op.create_index(INDEX, TABLE, ["programme_id", "topic", "recommendation_id"], unique=False)
    op.drop_index(TOPIC_INDEX, table_name=TABLE)


def downgrade():
    op.create_index(TOPIC_INDEX, TABLE, ["topic"], unique=False)
    op.drop_index(INDEX, table_name=TABLE)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(FOREIGN_KEY, TABLE, type_="foreignkey")
        op.drop_column(TABLE, "programme_id")
        return
    with _sqlite_triggers_set_aside():
        with op.batch_alter_table(TABLE) as batch_op:
            batch_op.drop_constraint(FOREIGN_KEY, type_="foreignkey")
            batch_op.drop_column("programme_id")


def _postgresql_upgrade():
    # The search index's trigger would refresh every recommendation's entry for a column it
    # does not read.
    op.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {POSTGRESQL_TRIGGER}")
    op.execute(FILL)
    op.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {POSTGRESQL_TRIGGER}")
    op.alter_column(TABLE, "programme_id", existing_type=sa.Integer(), nullable=False)
    op.create_foreign_key(
        FOREIGN_KEY, TABLE, "programme", ["programme_id"], ["id"], ondelete="CASCADE"
    )


def _sqlite_upgrade():
    op.execute(FILL)
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.alter_column("programme_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            FOREIGN_KEY, "programme", ["programme_id"], ["id"], ondelete="CASCADE"
        )


@contextmanager
def _sqlite_triggers_set_aside():
    """Drop the triggers whose text names the table while it is rebuilt (SQLite checks every
    trigger when the rebuilt table is renamed into place), then create them again as they were.
    """
    query = sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE :t")
    triggers = op.get_bind().execute(query, {"t": f"%{TABLE}%"}).all()
    for name, _ in triggers:
        op.execute(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        op.execute(sql)
