"""Recommendations: alternatives, cleared-endorsement notices and the search index.

The search index is not a model table: on SQLite it is an FTS5 table with the trigram tokenizer
(substrings in any script, ≥ 3 characters), on PostgreSQL a table with a pg_trgm GIN index. Both
are kept in step by triggers on the tables they copy, so rows written by any path (pages, API,
demo data, tests' factories) are found, and deleting a recommendation removes its entry.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# (table, index column) pairs whose rows feed one recommendation's index entry.
PARTS = (
    ("recommendation_topic", "topics"),
    ("position", "positions"),
    ("alternative", "positions"),
)


def upgrade():
    _create_tables()
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_index()
    else:
        _sqlite_index()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, _column in PARTS:
            op.execute(f'DROP TRIGGER IF EXISTS {table}_search_sync ON "{table}"')
        op.execute("DROP TRIGGER recommendation_search_sync ON recommendation")
        op.execute("DROP FUNCTION recommendation_search_on_part()")
        op.execute("DROP FUNCTION recommendation_search_on_recommendation()")
        op.execute("DROP FUNCTION recommendation_search_refresh(integer)")
        op.execute("DROP TABLE recommendation_search")
    else:
        for name in _sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE recommendation_fts")
    _drop_tables()


def _create_tables():
    op.create_table(
        "alternative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("passage", sa.Integer(), nullable=False),
        sa.Column("side_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("passage >= 1", name=op.f("ck_alternative_passage_positive")),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_alternative_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["side_id"], ["side.id"], name=op.f("fk_alternative_side_id_side"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alternative")),
        sa.UniqueConstraint(
            "recommendation_id",
            "passage",
            "side_id",
            name=op.f("uq_alternative_recommendation_id_passage_side_id"),
        ),
    )
    with op.batch_alter_table("alternative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_alternative_recommendation_id"), ["recommendation_id"], unique=False
        )
    op.create_table(
        "cleared_endorsement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendation.id"],
            name=op.f("fk_cleared_endorsement_recommendation_id_recommendation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_cleared_endorsement_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleared_endorsement")),
        sa.UniqueConstraint(
            "recommendation_id",
            "registration_id",
            name=op.f("uq_cleared_endorsement_recommendation_id_registration_id"),
        ),
    )
    with op.batch_alter_table("cleared_endorsement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cleared_endorsement_recommendation_id"),
            ["recommendation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_cleared_endorsement_registration_id"), ["registration_id"], unique=False
        )


def _drop_tables():
    for table, indexes in (
        ("cleared_endorsement", ("registration_id", "recommendation_id")),
        ("alternative", ("recommendation_id",)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in indexes:
                batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)


# -- SQLite: FTS5 with the trigram tokenizer --------------------------------------------------


def _topics_sql(ref: str) -> str:
    return (
        "coalesce((SELECT group_concat(topic, ' ') FROM recommendation_topic "
        f"WHERE recommendation_id = {ref}), '')"
    )


def _positions_sql(ref: str) -> str:
    return (
        "coalesce((SELECT group_concat(text, char(10)) FROM ("
        f'SELECT text FROM "position" WHERE recommendation_id = {ref} '
        f"UNION ALL SELECT text FROM alternative WHERE recommendation_id = {ref})), '')"
    )


def _sqlite_triggers() -> dict[str, str]:
    triggers = {
        "recommendation_fts_insert": (
            "AFTER INSERT ON recommendation BEGIN "
            "INSERT INTO recommendation_fts (rowid, title, summary, body, topics, positions) "
            f"VALUES (new.id, new.title, new.summary, new.body, {_topics_sql('new.id')}, "
            f"{_positions_sql('new.id')}); END"
        ),
        "recommendation_fts_update": (
            "AFTER UPDATE OF title, summary, body ON recommendation BEGIN "
            "UPDATE recommendation_fts SET title = new.title, summary = new.summary, "
            "body = new.body WHERE rowid = new.id; END"
        ),
        "recommendation_fts_delete": (
            "AFTER DELETE ON recommendation BEGIN "
            "DELETE FROM recommendation_fts WHERE rowid = old.id; END"
        ),
    }
    for table, column in PARTS:
        value = _topics_sql if column == "topics" else _positions_sql
        for event, row in (("insert", "new"), ("update", "new"), ("delete", "old")):
            ref = f"{row}.recommendation_id"
            triggers[f"{table}_fts_{event}"] = (
                f'AFTER {event.upper()} ON "{table}" BEGIN '
                f"UPDATE recommendation_fts SET {column} = {value(ref)} WHERE rowid = {ref}; END"
            )
    return triggers


def _sqlite_index():
    op.execute(
        "CREATE VIRTUAL TABLE recommendation_fts USING fts5("
        "title, summary, body, topics, positions, tokenize = 'trigram')"
    )
    for name, definition in _sqlite_triggers().items():
        op.execute(f"CREATE TRIGGER {name} {definition}")
    op.execute(
        "INSERT INTO recommendation_fts (rowid, title, summary, body, topics, positions) "
        f"SELECT id, title, summary, body, {_topics_sql('recommendation.id')}, "
        f"{_positions_sql('recommendation.id')} FROM recommendation"
    )


# -- PostgreSQL: pg_trgm ----------------------------------------------------------------------

POSTGRESQL_REFRESH = """
CREATE FUNCTION recommendation_search_refresh(target integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO recommendation_search (recommendation_id, title, summary, body, topics, positions)
  SELECT r.id, r.title, r.summary, r.body,
    coalesce((SELECT string_agg(t.topic, ' ' ORDER BY t.topic)
              FROM recommendation_topic t WHERE t.recommendation_id = r.id), ''),
    coalesce((SELECT string_agg(parts.text, E'\\n')
              FROM (SELECT p.text FROM "position" p WHERE p.recommendation_id = r.id
                    UNION ALL
                    SELECT a.text FROM alternative a WHERE a.recommendation_id = r.id) parts), '')
  FROM recommendation r WHERE r.id = target
  ON CONFLICT (recommendation_id) DO UPDATE SET
    title = excluded.title, summary = excluded.summary, body = excluded.body,
    topics = excluded.topics, positions = excluded.positions;
$$
"""

POSTGRESQL_TRIGGER_FUNCTIONS = """
CREATE FUNCTION recommendation_search_on_recommendation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM recommendation_search_refresh(NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION recommendation_search_on_part() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM recommendation_search_refresh(OLD.recommendation_id);
  ELSE
    PERFORM recommendation_search_refresh(NEW.recommendation_id);
  END IF;
  RETURN NULL;
END $$;
"""


def _postgresql_index():
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE TABLE recommendation_search ("
        " recommendation_id integer PRIMARY KEY"
        "  REFERENCES recommendation (id) ON DELETE CASCADE,"
        " title text NOT NULL, summary text NOT NULL, body text NOT NULL,"
        " topics text NOT NULL, positions text NOT NULL,"
        " document text GENERATED ALWAYS AS ("
        "  title || E'\\n' || summary || E'\\n' || body || E'\\n' || topics || E'\\n' || positions"
        " ) STORED)"
    )
    op.execute(
        "CREATE INDEX ix_recommendation_search_document "
        "ON recommendation_search USING gin (document gin_trgm_ops)"
    )
    op.execute(POSTGRESQL_REFRESH)
    op.execute(POSTGRESQL_TRIGGER_FUNCTIONS)
    op.execute(
        "CREATE TRIGGER recommendation_search_sync "
        "AFTER INSERT OR UPDATE OF title, summary, body ON recommendation "
        "FOR EACH ROW EXECUTE FUNCTION recommendation_search_on_recommendation()"
    )
    for table, _column in PARTS:
        op.execute(
            f"CREATE TRIGGER {table}_search_sync AFTER INSERT OR UPDATE OR DELETE "
            f'ON "{table}" FOR EACH ROW EXECUTE FUNCTION recommendation_search_on_part()'
        )
    op.execute("SELECT recommendation_search_refresh(id) FROM recommendation")
