"""Full-text search over recommendations, in any script, on SQLite and PostgreSQL.

The index (built by migration 0005 and kept in step by triggers) holds each recommendation's
title, summary, body, topics, and every position and alternative wording. Matching is by
substring, which is what works for Chinese and Japanese (no spaces between words) as well as
for English, Russian and Arabic:

- SQLite: an FTS5 table with the trigram tokenizer. Terms of three characters or more go
  through ``MATCH`` (indexed, ranked by bm25); shorter ones through ``LIKE`` (a scan), which
  folds the case of ASCII letters only: a short term with letters of another script is
  compared casefolded on both sides (``casefold``, which ``core/database.py`` gives each
  connection).
- PostgreSQL: ``LIKE`` on a document column with a pg_trgm GIN index. The index stores its
  text folded (migration 0012: ``lower()``, and final sigma as sigma) and each term is folded
  the same way: the matches of ``ILIKE``, without folding every document on every search.

A query is split into terms (a "quoted phrase" is one term); a recommendation matches when it
holds every term, in any field. A hit in the title weighs most, then the summary, the topics,
the positions, and the body.
"""

import re
from functools import partial

import sqlalchemy as sa

from dialogues.core.statements import built_once
from dialogues.extensions import db

FIELDS = ("title", "summary", "body", "topics", "positions")
WEIGHTS = {"title": 10.0, "summary": 5.0, "body": 1.0, "topics": 4.0, "positions": 2.0}
TRIGRAM = 3  # the trigram tokenizer cannot look up anything shorter
MAX_TERMS = 12
# The quotation marks people type around a phrase, in the scripts we serve (phones and word
# processors type the typographic ones), each read as '"'.
PHRASE_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»「」『』", '"'))

_fts = sa.table("recommendation_fts", sa.column("rowid"), *(sa.column(f) for f in FIELDS))
_pg = sa.table(
    "recommendation_search",
    sa.column("recommendation_id"),
    sa.column("document"),
    *(sa.column(f) for f in FIELDS),
)


def terms(query: str) -> list[str]:
    """The terms of a query: words, or "quoted phrases", without empty ones.

    Typographic quotes (“…”, «…», „…“, 「…」) quote a phrase as ASCII double quotes do; a
    quote left open, or inside a word, is no part of any term.
    """
    found = re.findall(r'"([^"]*)"|([^\s"]+)', (query or "").translate(PHRASE_QUOTES))
    words = [(phrase or word).strip() for phrase, word in found]
    return [word for word in words if word][:MAX_TERMS]


def bound(query: str) -> tuple[tuple, dict] | None:
    """The shape of a query's search (what ``ranked`` builds once) and the values of its
    parameters; ``None`` when the query holds no term.

    On SQLite, the shape is whether each short term is compared casefolded, and whether a long
    term is; on PostgreSQL, how many terms. The values are the terms' ``LIKE`` patterns
    (``search_0``, …) and, on SQLite, the ``MATCH`` phrase of the long terms (``search_phrase``).
    """
    words = terms(query)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return ("postgresql", len(words)), _patterns(words)
    short = [word for word in words if len(word) < TRIGRAM]
    long_terms = [word for word in words if len(word) >= TRIGRAM]
    folds = tuple(_has_case_beyond_ascii(word) for word in short)
    folded = [word.casefold() if fold else word for word, fold in zip(short, folds, strict=True)]
    values = _patterns(folded)
    if long_terms:
        values["search_phrase"] = " ".join(
            '"' + word.replace('"', '""') + '"' for word in long_terms
        )
    return ("sqlite", folds, bool(long_terms)), values


def _has_case_beyond_ascii(word: str) -> bool:
    """Whether ``word``, not all ASCII, has letters with case: SQLite's ``LIKE`` folds the case
    of ASCII letters only (the other terms are left to it, which is quicker)."""
    return not word.isascii() and (word.casefold() != word or word.upper() != word)


@built_once
def ranked(shape: tuple):
    """``matching``'s ``(recommendation_id, rank)`` hits for a query of ``shape``, built once,
    its values bound as parameters (see ``bound``)."""
    return _hits(shape, {name: sa.bindparam(name, type_=sa.String) for name in _names(shape)})


def matching(query: str):
    """A subquery of ``(recommendation_id, rank)`` for every match; a lower rank is better.

    The one entry point for both databases; ``None`` when the query holds no term. Built for
    this query, its values carried by its parameters (``ranked`` builds it once per shape).
    """
    found = bound(query)
    if found is None:
        return None
    shape, values = found
    return _hits(shape, {name: sa.bindparam(name, value) for name, value in values.items()})


def _names(shape: tuple) -> list[str]:
    """The names of the parameters of a search of ``shape``, as ``bound`` gives their values."""
    if shape[0] == "postgresql":
        return [f"search_{n}" for n in range(shape[1])]
    _dialect, folds, has_long = shape
    return [f"search_{n}" for n in range(len(folds))] + (["search_phrase"] if has_long else [])


def _patterns(words: list[str]) -> dict[str, str]:
    return {f"search_{n}": _like_pattern(word) for n, word in enumerate(words)}


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _hits(shape: tuple, params: dict):
    """The hits of a search of ``shape``; ``params``: its parameters by ``_names``' names."""
    if shape[0] == "postgresql":
        return _postgresql(params)
    return _sqlite(shape, params)


def _patterns_of(params: dict) -> list:
    """The ``LIKE`` pattern parameters, in the order of their terms."""
    return [params[name] for name in params if name != "search_phrase"]


def _weighted_hits(table, holds: list):
    """Minus the sum of the weights of the fields each term occurs in (``holds``: for each
    term, ``column → condition that it holds the term``)."""
    score = sa.literal(0.0)
    for holds_term in holds:
        for field in FIELDS:
            score = score - sa.case((holds_term(table.c[field]), WEIGHTS[field]), else_=0.0)
    return score


def _sqlite(shape: tuple, params: dict):
    short = _sqlite_short_terms(shape, params)
    conditions = _sqlite_conditions(short, params)
    if "search_phrase" in params:
        weights = [WEIGHTS[field] for field in FIELDS]
        rank = sa.func.bm25(sa.literal_column("recommendation_fts"), *weights)
    else:
        rank = _weighted_hits(_fts, short)
    # Materialised so bm25() runs where FTS5 drives the scan, whatever the outer query joins;
    # a CTE on both databases, so a page and its total (``page_with_total``) search once.
    return (
        sa.select(_fts.c.rowid.label("recommendation_id"), rank.label("rank"))
        .where(*conditions)
        .cte("search_hits")
        .prefix_with("MATERIALIZED")
    )


def _sqlite_conditions(short: list, params: dict) -> list:
    """Terms of three characters or more through ``MATCH``, shorter ones (``short``, as
    ``_sqlite_short_terms`` gives them) through ``LIKE``."""
    conditions = [sa.or_(*(holds(_fts.c[field]) for field in FIELDS)) for holds in short]
    if "search_phrase" in params:
        match = sa.literal_column("recommendation_fts").op("MATCH")(params["search_phrase"])
        conditions.append(match)
    return conditions


def _sqlite_short_terms(shape: tuple, params: dict) -> list:
    """For each term under three characters, ``column → condition that it holds the term``."""
    folds = shape[1]
    return [
        partial(_sqlite_like, pattern=pattern, fold=fold)
        for pattern, fold in zip(_patterns_of(params), folds, strict=True)
    ]


def _sqlite_like(column, pattern, fold: bool = False):
    """``LIKE``, on ``column`` casefolded if ``fold`` (its pattern is folded already)."""
    if fold:
        column = sa.func.casefold(column, type_=sa.String)
    return column.like(pattern, escape="\\")


def _postgresql_like(column, pattern):
    """``column`` (stored folded) holds ``pattern`` folded the same way (backslash escapes, as
    in every pattern: PostgreSQL's default ``ESCAPE``)."""
    return column.like(_folded(pattern))


def _folded(text):
    """As migration 0012 folds the index: lower case, and Greek final sigma as sigma.

    A subquery, so PostgreSQL folds the pattern once per statement: as an expression of a
    parameter, a prepared statement's generic plan folds it again for every row and field
    (the search statement on the large demo: 6.6 → 4.8 ms a run).
    """
    return sa.select(sa.func.translate(sa.func.lower(text), "ς", "σ")).scalar_subquery()


def _postgresql_conditions(params: dict) -> list:
    return [_postgresql_like(_pg.c.document, pattern) for pattern in params.values()]


def _postgresql(params: dict):
    holds = [partial(_postgresql_like, pattern=pattern) for pattern in params.values()]
    rank = _weighted_hits(_pg, holds)
    # A CTE: PostgreSQL computes it once for a page and its total, which both read it.
    return (
        sa.select(_pg.c.recommendation_id.label("recommendation_id"), rank.label("rank"))
        .where(*_postgresql_conditions(params))
        .cte("search_hits")
    )
