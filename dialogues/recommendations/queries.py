"""The recommendation list: who sees what, the filters, search and ranking.

Pages and the API read lists through ``listed`` (built once, its values bound); ``listing``
builds the same list as ORM objects. Every filter value is checked first (``ValidationFailed``
for one that cannot exist), so a bad link gets a message, not an empty list.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from sqlalchemy.orm import selectinload

from dialogues.core.errors import ValidationFailed
from dialogues.core.statements import built_once, page_with_total
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations import search
from dialogues.recommendations.models import (
    Agreement,
    Recommendation,
    RecommendationStatus,
    RecommendationTopic,
    author_id_of,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.sessions.models import DialogueSession

FILTERS = ("status", "agreement", "side", "topic", "session", "q")
FILTERED = FILTERS[:-1]  # those that narrow the list by a condition (``q`` searches)
BOUND_TYPES = {"topic": sa.String}  # compared through lower(): the column gives it no type
NEWEST = (Recommendation.updated_at.desc(), Recommendation.id.desc())


@dataclass(frozen=True)
class Filters:
    status: RecommendationStatus | None = None
    agreement: Agreement | None = None
    side: int | None = None
    topic: str | None = None
    session: int | None = None
    q: str | None = None

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in FILTERS)


def parse_filters(programme: Programme, args) -> Filters:
    """Filters from a query string; an unknown value → ``ValidationFailed`` naming it."""
    errors: dict[str, list[str]] = {}
    values = {name: (args.get(name) or "").strip() or None for name in FILTERS}
    for name, value in values.items():
        if value and "\x00" in value:
            errors[name] = [_("Must not contain NUL characters.")]
            values[name] = None
    unknown = {
        "status": (
            RecommendationStatus,
            lazy_gettext("Unknown status: choose one of %(choices)s."),
        ),
        "agreement": (Agreement, lazy_gettext("Unknown agreement: choose one of %(choices)s.")),
    }
    for name, (enum_cls, message) in unknown.items():
        if values[name] and values[name] not in {item.value for item in enum_cls}:
            errors[name] = [str(message) % {"choices": ", ".join(e.value for e in enum_cls)}]
    values["side"] = _side(programme, values["side"], errors)
    values["session"] = _session(programme, values["session"], errors)
    if values["q"] and len(values["q"]) > 200:
        errors["q"] = [_("Search for at most %(count)d characters.", count=200)]
    if errors:
        raise ValidationFailed(errors)
    return Filters(**values)


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _side(programme: Programme, value: str | None, errors: dict) -> int | None:
    if value is None:
        return None
    side_id = _number(value)
    if side_id not in {side.id for side in programme.sides}:
        errors["side"] = [_("Not a side of this programme.")]
    return side_id


def _session(programme: Programme, value: str | None, errors: dict) -> int | None:
    if value is None:
        return None
    session_id = _number(value)
    found = session_id and db.session.scalar(
        sa.select(DialogueSession.id).filter_by(id=session_id, programme_id=programme.id)
    )
    if not found:
        errors["session"] = [_("Not a session of this programme.")]
    return session_id


def visible(programme: Programme, user):
    """Recommendations of the programme this person may see: drafts only to their author
    and the coordinators."""
    query = sa.select(Recommendation).where(Recommendation.programme_id == programme.id)
    return query.where(*drafts_rule(programme.can_manage(user), author_id_of(programme, user)))


def drafts_rule(manages: bool, author_id) -> tuple:
    """The condition that shows drafts only to their author and the coordinators (``manages``:
    no condition), as ``Recommendation.can_view`` does. ``author_id``: the reader's, as
    ``author_id_of`` gives it (None for someone not on the staff: no draft is theirs), a value
    or a bound parameter (whose value None matches no author, as SQL compares with NULL)."""
    if manages:
        return ()
    if author_id is None:
        return (Recommendation.status != RecommendationStatus.DRAFT,)
    return (
        sa.or_(
            Recommendation.status != RecommendationStatus.DRAFT,
            Recommendation.author_id == author_id,
        ),
    )


def listing(programme: Programme, user, filters: Filters, *, rows_loaded: bool = True):
    """The ranked (when searching) or newest-first query, with what list rows show loaded
    (unless ``rows_loaded`` is false: the caller reads them as narrow rows)."""
    query = _filtered(visible(programme, user), filters, programme.id)
    hits = search.matching(filters.q) if filters.q else None
    if hits is not None:
        query = query.join(hits, hits.c.recommendation_id == Recommendation.id)
        query = query.order_by(hits.c.rank, *NEWEST)
    else:
        query = query.order_by(*NEWEST)
    if not rows_loaded:
        return query
    return query.options(
        selectinload(Recommendation.addressed_to), selectinload(Recommendation.topics)
    )


def _filtered(query, filters: Filters, programme_id: int):
    given = (name for name in FILTERED if getattr(filters, name))
    values = {name: getattr(filters, name) for name in given}
    return query.where(*_filter_conditions(values, programme_id))


def _filter_conditions(values: dict, programme_id) -> list:
    """The conditions of the filters in ``values`` on the programme's recommendations (each
    value, and ``programme_id``, a value or a bound parameter)."""
    conditions = []
    if "status" in values:
        conditions.append(Recommendation.status == values["status"])
    if "agreement" in values:
        conditions.append(Recommendation.agreement == values["agreement"])
    if "side" in values:
        addressed = sa.select(recommendation_addressee.c.recommendation_id).where(
            recommendation_addressee.c.side_id == values["side"]
        )
        conditions.append(Recommendation.id.in_(addressed))
    if "topic" in values:
        tagged = sa.select(RecommendationTopic.recommendation_id).where(
            RecommendationTopic.programme_id == programme_id,
            sa.func.lower(RecommendationTopic.topic) == sa.func.lower(values["topic"]),
        )
        conditions.append(Recommendation.id.in_(tagged))
    if "session" in values:
        linked = sa.select(recommendation_session.c.recommendation_id).where(
            recommendation_session.c.session_id == values["session"]
        )
        conditions.append(Recommendation.id.in_(linked))
    return conditions


def listed(programme: Programme, user, filters: Filters, columns: tuple) -> tuple[sa.Select, dict]:
    """``listing`` as a select of ``columns`` (a constant tuple), and its parameters' values.

    The statement is built once per kind of reader, set of filters, columns and shape of
    search (see ``core/statements.py`` and ``search.bound``), and run with the values bound.
    """
    manages, given, params = _reading(programme, user, filters)
    found = search.bound(filters.q) if filters.q else None
    if found is None:
        return _listed(columns, manages, given), params
    shape, values = found
    return _searched(columns, manages, given, shape), {**params, **values}


def listed_page(
    programme: Programme, user, filters: Filters, columns: tuple
) -> tuple[sa.Select, sa.Select, dict]:
    """``listed`` as ``page_with_total`` pages it: a page of it with the total on each row,
    the count alone (for a page past the end) and the values (``page_values`` adds the page's).
    """
    manages, given, params = _reading(programme, user, filters)
    found = search.bound(filters.q) if filters.q else None
    if found is None:
        return (*page_with_total(_listed(columns, manages, given)), params)
    shape, values = found
    params = {**params, **values}
    if shape[0] == "postgresql":
        return (*_searched_page(columns, manages, given, shape), params)
    return (*page_with_total(_searched(columns, manages, given, shape)), params)


def _reading(programme: Programme, user, filters: Filters) -> tuple[bool, tuple, dict]:
    """Whether ``user`` manages the programme, the filters given, and their values."""
    manages = programme.can_manage(user)
    given = tuple(name for name in FILTERED if getattr(filters, name))
    params = {name: getattr(filters, name) for name in given}
    params["programme_id"] = programme.id
    if not manages:
        params["user_id"] = author_id_of(programme, user)
    return manages, given, params


@built_once
def _listed(columns: tuple, manages: bool, given: tuple[str, ...]) -> sa.Select:
    return _bound(columns, manages, given).order_by(*NEWEST)


@built_once
def _searched(columns: tuple, manages: bool, given: tuple[str, ...], shape: tuple) -> sa.Select:
    """``_listed`` narrowed to a search's hits, best first."""
    hits = search.ranked(shape)
    statement = _bound(columns, manages, given)
    statement = statement.join(hits, hits.c.recommendation_id == Recommendation.id)
    return statement.order_by(hits.c.rank, *NEWEST)


@built_once
def _searched_page(
    columns: tuple, manages: bool, given: tuple[str, ...], shape: tuple
) -> tuple[sa.Select, sa.Select]:
    """``page_with_total`` of ``_searched``, for PostgreSQL: the page is chosen among narrow
    rows of the hits (id, rank, time), and only its recommendations are read whole.

    Joined whole, the hits had PostgreSQL hash every recommendation of the programme, texts
    and all, to keep twenty (7.0 against 4.6 ms for 500 hits among 3,000 on the large demo).
    SQLite fetches each hit by its rowid and is faster the plain way (5.0 against 5.7 ms).
    """
    hits = search.ranked(shape)
    narrow = (
        _bound((Recommendation.id, hits.c.rank, Recommendation.updated_at), manages, given)
        .join(hits, hits.c.recommendation_id == Recommendation.id)
        .cte("narrow")
    )
    page = (
        sa.select(narrow)
        .order_by(narrow.c.rank, narrow.c.updated_at.desc(), narrow.c.id.desc())
        .limit(sa.bindparam("page_limit"))
        .offset(sa.bindparam("page_offset"))
        .subquery("page")
    )
    counted = sa.select(sa.func.count()).select_from(narrow)
    paged = (
        sa.select(*columns, counted.scalar_subquery().label("total"))
        .join_from(page, Recommendation, Recommendation.id == page.c.id)
        .order_by(page.c.rank, page.c.updated_at.desc(), page.c.id.desc())
    )
    return paged, counted


def _bound(columns: tuple, manages: bool, given: tuple[str, ...]) -> sa.Select:
    """The list's select of ``columns``, unordered, its values as bound parameters."""
    bound = {name: sa.bindparam(name, type_=BOUND_TYPES.get(name)) for name in given}
    programme_id = sa.bindparam("programme_id")
    return sa.select(*columns).where(
        Recommendation.programme_id == programme_id,
        *drafts_rule(manages, sa.bindparam("user_id")),
        *_filter_conditions(bound, programme_id),
    )


def topics_statement(programme_id, reader_id=None) -> sa.Select:
    """Every topic of the programme's recommendations that a reader sees (for the filter's
    choices), as an unordered select; ``reader_id`` None for a reader who sees every draft (a
    coordinator), else a bound parameter: the reader's ``author_id_of``, whose own drafts are
    the only ones that count (its value None: no draft counts).

    Read off the (programme, topic) index one topic at a time, each the least above the last (a
    recursive CTE): one index probe per topic the programme uses, whatever its size, on both
    databases. A ``DISTINCT`` would read every tag of the programme (6,000 in the large demo),
    and checking each topic of every programme for a recommendation of this one was slow for
    small programmes and, on PostgreSQL, planned again on every request (migration 0016). For
    other readers a topic is kept once a recommendation they see carries it: the first tried,
    unless only drafts carry it.
    """
    topic = RecommendationTopic.topic
    in_programme = RecommendationTopic.programme_id == programme_id
    first = sa.select(sa.func.min(topic).label("topic")).where(in_programme)
    used = first.cte("used", recursive=True)
    following = sa.select(sa.func.min(topic)).where(in_programme, topic > used.c.topic)
    used = used.union_all(sa.select(following.scalar_subquery()).where(used.c.topic.is_not(None)))
    chosen = sa.select(used.c.topic).where(used.c.topic.is_not(None))
    if reader_id is None:
        return chosen
    # A first carrier (``LIMIT 1``): an ``EXISTS`` became a join of every tag of the
    # programme on PostgreSQL (4.4 against 0.15 ms on the large demo).
    carrier = (
        sa.select(RecommendationTopic.recommendation_id)
        .join(Recommendation, Recommendation.id == RecommendationTopic.recommendation_id)
        .where(in_programme, topic == used.c.topic, *drafts_rule(False, reader_id))
        .limit(1)
        .scalar_subquery()
    )
    return chosen.where(carrier.is_not(None))


def sessions_of(programme: Programme) -> list[sa.Row]:
    """The programme's sessions as ``(id, title, starts_at)`` rows, for filters and forms.

    Narrow on purpose: a programme may hold a thousand sessions, and whole objects cost ten
    times as much to load.
    """
    return list(
        db.session.execute(
            sa.select(DialogueSession.id, DialogueSession.title, DialogueSession.starts_at)
            .where(DialogueSession.programme_id == programme.id)
            .order_by(DialogueSession.starts_at, DialogueSession.id)
        )
    )
