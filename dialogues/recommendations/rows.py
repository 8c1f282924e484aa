"""The rows of the recommendation list page, as plain values made once per page.

A row's labels, sides, topics and endorsement counts are worked out here, so the template
writes them out without a macro call or a translation lookup per row. Everything is read as
narrow Core rows (no ORM object), in three statements whatever the page holds: the page with
its total; what the rows show with the programme's sides (and their accepted participants) and
topics; and the sessions, whose thousand ``<option>`` elements are written once per distinct
list (and the sessions read only then).
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_sqlalchemy.pagination import Pagination

from dialogues.core.id_lists import among
from dialogues.core.options import option_list
from dialogues.core.paging import page_number
from dialogues.core.statements import built_once, page_values, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations import labels, queries
from dialogues.recommendations.endorsements import Backing, counted_endorsements, counts_from
from dialogues.recommendations.models import (
    Recommendation,
    RecommendationTopic,
    author_id_of,
    recommendation_addressee,
)
from dialogues.registrations.balance import accepted_on_side
from dialogues.sessions.models import DialogueSession

R = Recommendation
COLUMNS = (R.id, R.title, R.summary, R.status, R.agreement)
SIDE, CHOICE, ADDRESSEE, TOPIC, ENDORSEMENTS = range(5)  # the kinds of ``_statement`` rows
SAMPLE_ID = 987654321  # stands for a row's id in the link made once per page


@dataclass(frozen=True)
class ListRow:
    id: int
    url: str
    title: str
    summary: str
    status: str
    status_label: str
    agreement: str
    agreement_label: str
    is_backed: bool
    sides: list[str]  # the names of the sides it is addressed to
    topics: list[str]
    counts: list[tuple[str, int]]  # (side name, endorsements) for every side of the programme


class RowPage(Pagination):
    """One page of the list read as rows, its total counted in the same statement."""

    def __init__(self, paged: sa.Select, counted: sa.Select, params: dict, **kwargs):
        """``paged``, ``counted`` and ``params`` as ``queries.listed_page`` gives them."""
        self._paged, self._counted, self._params = paged, counted, params
        super().__init__(**kwargs, count=False)
        self.total = self._total

    def _query_items(self) -> list:
        values = page_values(self.page, self.per_page, self._params)
        connection = db.session.connection()
        found = connection.execute(self._paged, values).all()
        # A page past the end holds no row to carry the total: count on its own then.
        self._total = found[0].total if found else self._count(connection)
        return found

    def _count(self, connection) -> int:
        return connection.execute(self._counted, self._params).scalar_one()


def list_page(programme: Programme, user, filters: queries.Filters, per_page: int) -> RowPage:
    """The page of the list the request asks for (``?page=``), as rows of ``COLUMNS``."""
    paged, counted, params = queries.listed_page(programme, user, filters, COLUMNS)
    return RowPage(
        paged,
        counted,
        params,
        page=page_number(),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
    )


@dataclass(frozen=True)
class Listing:
    rows: list[ListRow]
    sides: dict[int, tuple[str, int]]  # {side id: (name, accepted participants)}, in side order
    topics: list[str]  # every topic the reader's recommendations use (the filter's choices)


def listing(programme: Programme, user, items: list) -> Listing:
    """One ``ListRow`` per row of ``list_page``, with the filter's sides and the topics of the
    recommendations ``user`` sees."""
    status_words = {status: str(label) for status, label in labels.STATUS.items()}
    agreement_words = {agreement: str(label) for agreement, label in labels.AGREEMENT.items()}
    sees_every_draft = programme.can_manage(user)
    reader_id = None if sees_every_draft else author_id_of(programme, user)
    parts = _parts(programme.id, sees_every_draft, reader_id, [item.id for item in items])
    sides, addressed, topics, counts = parts.sides, parts.addressed, parts.topics, parts.counts
    accepted = {side: n for side, (_name, n) in sides.items()}
    threshold = programme.endorsement_threshold
    # One url_for for the page: the rows' links differ only in the id.
    link = url_for("recommendations.show_recommendation", recommendation_id=SAMPLE_ID)
    found = [
        ListRow(
            id=item.id,
            url=link.replace(str(SAMPLE_ID), str(item.id)),
            title=item.title,
            summary=item.summary,
            status=item.status.value,
            status_label=status_words[item.status],
            agreement=item.agreement.value,
            agreement_label=agreement_words[item.agreement],
            is_backed=Backing(counts[item.id], accepted, threshold).is_across_sides,
            sides=addressed[item.id],
            topics=topics[item.id],
            counts=[(sides[side][0], n) for side, n in counts[item.id].items()],
        )
        for item in items
    ]
    return Listing(found, sides, parts.choices)


@dataclass
class _Parts:
    sides: dict[int, tuple[str, int]]
    choices: list[str]
    addressed: dict[int, list[str]]  # {id: names of the sides addressed}
    topics: dict[int, list[str]]
    counts: dict[int, dict[int, int]]  # {id: {side id: endorsements}}, every side


def _parts(programme_id: int, sees_every_draft: bool, reader_id, ids: list[int]) -> _Parts:
    """The programme's sides (with their accepted participants) and topics (those the reader
    sees: see ``queries.topics_statement``; ``reader_id`` as ``author_id_of`` gives it), and
    what the rows ``ids`` show, in one statement:
    sides by id, topics by name, endorsements by participants still accepted (every side of the
    programme, zeros included)."""
    parts = _Parts({}, [], {i: [] for i in ids}, {i: [] for i in ids}, {})
    sides, addressed, endorsed = parts.sides, parts.addressed, []
    values = {"ids": ids, "programme_id": programme_id, "reader_id": reader_id}
    statement = _statement(sees_every_draft=sees_every_draft)
    for owner, kind, side, text, n in db.session.connection().execute(statement, values):
        if kind == SIDE:
            sides[side] = (text, n)
        elif kind == CHOICE:
            parts.choices.append(text)
        elif kind == ADDRESSEE:
            addressed[owner].append(sides[side][0] if side in sides else _side_name(side))
        elif kind == TOPIC:
            parts.topics[owner].append(text)
        else:
            endorsed.append((owner, side, n))
    parts.counts = counts_from(ids, list(sides), endorsed)
    return parts


# The statement takes its values as parameters, so it is built once.


@built_once
def _statement(sees_every_draft: bool) -> sa.CompoundSelect:
    """Rows of ``(owner, kind, side, text, n)``, ordered by kind, side and text."""
    no_text, no_number = sa.cast(sa.null(), sa.String), sa.cast(sa.null(), sa.Integer)
    addressee = recommendation_addressee.c
    topic = RecommendationTopic
    reader_id = None if sees_every_draft else sa.bindparam("reader_id")
    used = queries.topics_statement(sa.bindparam("programme_id"), reader_id).subquery()
    endorsed = counted_endorsements().subquery()
    return sa.union_all(
        sa.select(
            no_number.label("owner"),
            row_kind(SIDE).label("kind"),
            Side.id.label("side"),
            sa.cast(Side.name, sa.String).label("text"),
            accepted_on_side().label("n"),
        ).where(Side.programme_id == sa.bindparam("programme_id")),
        sa.select(no_number, row_kind(CHOICE), no_number, used.c.topic, no_number),
        sa.select(
            addressee.recommendation_id,
            row_kind(ADDRESSEE),
            addressee.side_id,
            no_text,
            no_number,
        ).where(among(addressee.recommendation_id)),
        sa.select(
            topic.recommendation_id, row_kind(TOPIC), no_number, topic.topic, no_number
        ).where(among(topic.recommendation_id)),
        sa.select(endorsed.c[0], row_kind(ENDORSEMENTS), endorsed.c[1], no_text, endorsed.c[2]),
    ).order_by(*(sa.literal_column(name) for name in ("kind", "side", "text")))


def _side_name(side_id: int) -> str:
    """A side of another programme (addressing is checked on filing; never expected)."""
    return db.session.scalar(sa.select(Side.name).where(Side.id == side_id))


_options_memo: dict = {}
OPTIONS_LIMIT = 64


def session_options(programme: Programme, selected: int | None):
    """The session filter's ``<option>`` elements (a programme may hold a thousand sessions).

    Written by ``|options`` once per programme, revision of its sessions and choice, then
    reused without reading the sessions: ``session_revision`` goes up with each session added,
    renamed or moved (``sessions/models.py``). ``created_at`` tells apart a programme that
    reuses the id of a deleted one.
    """
    key = (programme.id, programme.created_at, programme.session_revision, selected)
    html = _options_memo.get(key)
    if html is None:
        html = option_list(_session_rows(programme.id), selected)
        if len(_options_memo) >= OPTIONS_LIMIT:
            _options_memo.clear()
        _options_memo[key] = html
    return html


def _session_rows(programme_id: int) -> list[tuple[int, str]]:
    """The programme's sessions as ``(id, title)`` in time order, as the driver's plain tuples.

    A thousand rows: SQLAlchemy's result rows cost more to make and to compare than the rest
    of the filter, and ids and titles need no type conversion, so they are read off the
    DBAPI cursor of the result (executed, and counted, as any statement).
    """
    result = db.session.connection().execute(_sessions_in_order(), {"programme_id": programme_id})
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


@built_once
def _sessions_in_order() -> sa.Select:
    return (
        sa.select(DialogueSession.id, DialogueSession.title)
        .where(DialogueSession.programme_id == sa.bindparam("programme_id"))
        .order_by(DialogueSession.starts_at, DialogueSession.id)
    )
