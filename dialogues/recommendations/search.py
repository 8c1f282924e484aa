"""Full-text search over recommendations, in any script, on SQLite and PostgreSQL.

The index (built by migration 0005 and kept in step by triggers) holds each recommendation's
title, summary, body, topics, and every position and alternative wording. Matching is by
substring, which is what works for Chinese and Japanese (no spaces between words) as well as
for English, Russian and Arabic:

- SQLite: an FTS5 table with the trigram tokenizer. Terms of three characters or more go
  through ``MATCH`` (indexed, ranked by bm25); shorter ones through ``LIKE`` (a scan).
- PostgreSQL: ``ILIKE`` on a document column with a pg_trgm GIN index.

A query is split into terms (a "quoted phrase" is one term); a recommendation matches when it
holds every term, in any field. A hit in the title weighs most, then the summary, the topics,
the positions, and the body.
"""

import re

import sqlalchemy as sa

from dialogues.extensions import db

FIELDS = ("title", "summary", "body", "topics", "positions")
WEIGHTS = {"title": 10.0, "summary": 5.0, "body": 1.0, "topics": 4.0, "positions": 2.0}
TRIGRAM = 3  # the trigram tokenizer cannot look up anything shorter
MAX_TERMS = 12

_fts = sa.table("recommendation_fts", sa.column("rowid"), *(sa.column(f) for f in FIELDS))
_pg = sa.table(
    "recommendation_search",
    sa.column("recommendation_id"),
    sa.column("document"),
    *(sa.column(f) for f in FIELDS),
)


def terms(query: str) -> list[str]:
    """The terms of a query: words, or "quoted phrases", without empty ones."""
    found = re.findall(r'"([^"]+)"|(\S+)', query or "")
    words = [(phrase or word).strip() for phrase, word in found]
    return [word for word in words if word][:MAX_TERMS]


def matching(query: str):
    """A subquery of ``(recommendation_id, rank)`` for every match; a lower rank is better.

    The one entry point for both databases; ``None`` when the query holds no term.
    """
    words = terms(query)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return _postgresql(words)
    return _sqlite(words)


def matching_ids(query: str):
    """A select of the ids ``matching`` finds, unranked (for counting); ``None`` without a term."""
    words = terms(query)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.select(_pg.c.recommendation_id).where(*_postgresql_conditions(words))
    return sa.select(_fts.c.rowid).where(*_sqlite_conditions(words))


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _weighted_hits(table, words: list[str], like):
    """Minus the sum of the weights of the fields each term occurs in."""
    score = sa.literal(0.0)
    for word in words:
        pattern = _like_pattern(word)
        for field in FIELDS:
            hit = like(table.c[field], pattern)
            score = score - sa.case((hit, WEIGHTS[field]), else_=0.0)
    return score


def _sqlite(words: list[str]):
    conditions = _sqlite_conditions(words)
    if any(len(word) >= TRIGRAM for word in words):
        weights = [WEIGHTS[field] for field in FIELDS]
        rank = sa.func.bm25(sa.literal_column("recommendation_fts"), *weights)
    else:
        rank = _weighted_hits(_fts, words, _sqlite_like)
    # Materialised so bm25() runs where FTS5 drives the scan, whatever the outer query joins.
    return (
        sa.select(_fts.c.rowid.label("recommendation_id"), rank.label("rank"))
        .where(*conditions)
        .cte("search_hits")
        .prefix_with("MATERIALIZED")
    )


def _sqlite_conditions(words: list[str]) -> list:
    """Terms of three characters or more through ``MATCH``, shorter ones through ``LIKE``."""
    long_terms = [word for word in words if len(word) >= TRIGRAM]
    conditions = [_sqlite_short(word) for word in words if len(word) < TRIGRAM]
    if long_terms:
        phrase = " ".join('"' + word.replace('"', '""') + '"' for word in long_terms)
        conditions.append(sa.literal_column("recommendation_fts").op("MATCH")(phrase))
    return conditions


def _sqlite_like(column, pattern: str):
    return column.like(pattern, escape="\\")


def _sqlite_short(word: str):
    pattern = _like_pattern(word)
    return sa.or_(*(_sqlite_like(_fts.c[field], pattern) for field in FIELDS))


def _postgresql_like(column, pattern: str):
    return column.ilike(pattern, escape="\\")


def _postgresql_conditions(words: list[str]) -> list:
    return [_postgresql_like(_pg.c.document, _like_pattern(word)) for word in words]


def _postgresql(words: list[str]):
    rank = _weighted_hits(_pg, words, _postgresql_like)
    return (
        sa.select(_pg.c.recommendation_id.label("recommendation_id"), rank.label("rank"))
        .where(*_postgresql_conditions(words))
        .subquery("search_hits")
    )
