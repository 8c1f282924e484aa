"""PostgreSQL's search index holds its text folded to lower case.

Search matched with ``ILIKE``, which for UTF-8 text folds every row's whole document with
``lower()`` on every search: on the large demo that was 34 ms of the server's time for 3,400
recommendations, and the planner, which prices ``ILIKE`` like ``=``, still preferred it to the
trigram index. The index now stores each field folded, once, when a recommendation is written;
a search folds its terms the same way and matches with ``LIKE``: the matches of ``ILIKE`` (which
is ``lower()`` on both sides) for a fifth of the work. Folding also maps the Greek final sigma
to sigma, as SQLite's FTS5 index does (``lower()`` leaves "ΆΜΕΣΗΣ" unequal to "άμεσης").
SQLite's index is unchanged.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _refresh_with(folded=True)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _refresh_with(folded=False)


def _refresh_with(folded: bool):
    """Redefine the function the triggers call (see 0005), then refresh every entry with it."""
    op.execute(_refresh_function(_folded if folded else _as_is))
    op.execute("SELECT recommendation_search_refresh(id) FROM recommendation")


def _folded(sql: str) -> str:
    """Lower case, and Greek final sigma as sigma (``lower('Σ')`` is always σ), as the search
    folds its terms (``dialogues/recommendations/search.py``)."""
    return f"translate(lower({sql}), 'ς', 'σ')"


def _as_is(sql: str) -> str:
    return sql


def _refresh_function(fold) -> str:
    """Migration 0005's ``recommendation_search_refresh``, each field passed through ``fold``."""
    title, summary, body = fold("r.title"), fold("r.summary"), fold("r.body")
    topics = fold("""coalesce((SELECT string_agg(t.topic, ' ' ORDER BY t.topic)
              FROM recommendation_topic t WHERE t.recommendation_id = r.id), '')""")
    positions = fold("""coalesce((SELECT string_agg(parts.text, E'\\n')
              FROM (SELECT p.text FROM "position" p WHERE p.recommendation_id = r.id
                    UNION ALL
                    SELECT a.text FROM alternative a WHERE a.recommendation_id = r.id) parts), '')""")
    return f"""
CREATE OR REPLACE FUNCTION recommendation_search_refresh(target integer) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO recommendation_search (recommendation_id, title, summary, body, topics, positions)
  SELECT r.id, {title}, {summary}, {body},
    {topics},
    {positions}
  FROM recommendation r WHERE r.id = target
  ON CONFLICT (recommendation_id) DO UPDATE SET
    title = excluded.title, summary = excluded.summary, body = excluded.body,
    topics = excluded.topics, positions = excluded.positions;
$$
"""
