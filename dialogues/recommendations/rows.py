"""The rows of the recommendation list page, as plain values made once per page.

A row's labels, sides, topics and endorsement counts are worked out here, so the template
writes them out without a macro call or a translation lookup per row. Everything is read as
narrow Core rows (no ORM object), in four statements whatever the page holds: the page with
its total, what the rows show, the sides (with their accepted participants) and topics, and
the sessions, whose thousand ``<option>`` elements are written once per distinct list.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_sqlalchemy.pagination import Pagination

from dialogues.core.id_lists import among
from dialogues.core.options import option_list
from dialogues.core.statements import built_once, page_values
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations import labels, queries
from dialogues.recommendations.endorsements import Backing
from dialogues.recommendations.models import (
    Endorsement,
    Recommendation,
    RecommendationTopic,
    recommendation_addressee,
)
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions.models import DialogueSession

R = Recommendation
COLUMNS = (R.id, R.title, R.summary, R.status, R.agreement)
ADDRESSEE, TOPIC, ENDORSEMENTS = 0, 1, 2  # the kinds of ``_parts`` rows
SIDE = 0  # and of ``filter_choices`` rows (with TOPIC)
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
        paged, counted, params, per_page=per_page, max_per_page=per_page, error_out=False
    )


def filter_choices(programme: Programme) -> tuple[dict[int, tuple[str, int]], list[str]]:
    """``({side id: (name, accepted participants)}`` in side order, as the balance counts
    them, ``the topics the programme uses by name)`` in one statement."""
    sides, names = {}, []
    found = db.session.connection().execute(_choices(), {"programme_id": programme.id})
    for kind, side, name, n in found:
        if kind == TOPIC:
            names.append(name)
        else:
            sides[side] = (name, n)
    return sides, names


# The statements below take their values as parameters, so each is built once.


@built_once
def _choices() -> sa.CompoundSelect:
    topics = queries.topics_statement(sa.bindparam("programme_id")).subquery()
    no_number = sa.cast(sa.null(), sa.Integer)
    return sa.union_all(
        _sides_statement(),
        sa.select(sa.literal(TOPIC), no_number, topics.c.topic, no_number),
    ).order_by(*(sa.literal_column(name) for name in ("kind", "id", "name")))


def _sides_statement() -> sa.Select:
    """The programme's sides with their accepted participants."""
    return sa.select(
        sa.literal(SIDE).label("kind"),
        Side.id.label("id"),
        Side.name.label("name"),
        accepted_on_side().label("n"),
    ).where(Side.programme_id == sa.bindparam("programme_id"))


def accepted_on_side() -> sa.ScalarSelect:
    """The accepted participants of the side in ``Side.id`` (the outer statement's) of the
    programme ``:programme_id``, counted off the registrations' index (a third of the time of
    an outer join and group)."""
    return (
        sa.select(sa.func.count())
        .where(
            Registration.programme_id == sa.bindparam("programme_id"),
            Registration.status == RegistrationStatus.ACCEPTED,
            Registration.side_id == Side.id,
        )
        .scalar_subquery()
    )


def list_rows(programme: Programme, items: list, sides: dict) -> list[ListRow]:
    """One ``ListRow`` per row of ``list_page``, with ``sides`` from ``filter_choices``."""
    status_words = {status: str(label) for status, label in labels.STATUS.items()}
    agreement_words = {agreement: str(label) for agreement, label in labels.AGREEMENT.items()}
    addressed, topics, counts = _parts([item.id for item in items], sides)
    accepted = {side: n for side, (_name, n) in sides.items()}
    threshold = programme.endorsement_threshold
    # One url_for for the page: the rows' links differ only in the id.
    link = url_for("recommendations.show_recommendation", recommendation_id=SAMPLE_ID)
    return [
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


def _parts(ids: list[int], sides: dict) -> tuple[dict, dict, dict]:
    """``({id: names of the sides addressed}, {id: topics}, {id: {side id: endorsements}})``
    in one statement: sides by id, topics by name, endorsements by participants still accepted
    (every side of the programme, zeros included)."""
    addressed: dict[int, list[str]] = {i: [] for i in ids}
    topics: dict[int, list[str]] = {i: [] for i in ids}
    counts = {i: dict.fromkeys(sides, 0) for i in ids}
    if not ids:
        return addressed, topics, counts
    found = db.session.connection().execute(_parts_statement(), {"ids": ids})
    for owner, kind, side, topic, n in found:
        if kind == ADDRESSEE:
            addressed[owner].append(sides[side][0] if side in sides else _side_name(side))
        elif kind == TOPIC:
            topics[owner].append(topic)
        elif side in counts[owner]:
            counts[owner][side] = n
    return addressed, topics, counts


@built_once
def _parts_statement() -> sa.CompoundSelect:
    no_text, no_number = sa.cast(sa.null(), sa.String), sa.cast(sa.null(), sa.Integer)
    addressee = recommendation_addressee.c
    topic = RecommendationTopic
    return sa.union_all(
        sa.select(
            addressee.recommendation_id.label("owner"),
            sa.literal(ADDRESSEE).label("kind"),
            addressee.side_id.label("side"),
            no_text.label("topic"),
            no_number.label("n"),
        ).where(among(addressee.recommendation_id)),
        sa.select(
            topic.recommendation_id, sa.literal(TOPIC), no_number, topic.topic, no_number
        ).where(among(topic.recommendation_id)),
        sa.select(
            Endorsement.recommendation_id,
            sa.literal(ENDORSEMENTS),
            Registration.side_id,
            no_text,
            sa.func.count(),
        )
        .join(Registration, Registration.id == Endorsement.registration_id)
        .where(
            among(Endorsement.recommendation_id),
            Registration.status == RegistrationStatus.ACCEPTED,
        )
        .group_by(Endorsement.recommendation_id, Registration.side_id),
    ).order_by(sa.literal_column("kind"), sa.literal_column("side"), sa.literal_column("topic"))


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
