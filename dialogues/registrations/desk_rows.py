"""The desk's table: each registration on the page read as one narrow row, labelled in Python.

Fifty rows repeat a handful of sides, roles, countries and statuses: each label is looked up
once per page here, so the template only prints (and escapes) plain text. No registration or
account object is built for the page.
"""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_login import current_user
from flask_sqlalchemy.pagination import Pagination

from dialogues.auth.models import User
from dialogues.core import formats
from dialogues.core.i18n import current_language
from dialogues.core.paging import page_number
from dialogues.core.statements import built_once
from dialogues.core.templating import country_name, zone_label
from dialogues.registrations.labels import ROLE_LABELS, status_label
from dialogues.registrations.models import Registration
from dialogues.registrations.queries import DESK_FILTERS


@dataclass(frozen=True, slots=True)
class DeskRow:
    """What one table row shows; ``name`` and ``email`` are None once the account is erased."""

    id: int
    name: str | None
    email: str | None
    languages: str  # the whole "Languages: …" line, or ""
    access_needs: str  # the whole "Access needs: …" line, or ""
    side: str
    role: str
    country: str
    affiliation: str
    status: str
    status_label: str
    registered: str


def desk_page(connection, programme, filters: dict, sides: dict[int, str], per_page: int):
    """The page of the desk's list the request asks for (``?page=``), oldest first, read through
    ``connection``. Its ``total`` comes with the rows; a page past the last counts it alone
    (the view then redirects to the last page)."""
    chosen = tuple(name for name in DESK_FILTERS if filters.get(name))
    params = {"programme_id": programme.id, **{name: filters[name] for name in chosen}}
    if "side" in params:
        params["side"] = int(params["side"])
    if "q" in params:
        params["q"] = _escaped(params["q"])
    page = _DeskPagination(
        select=_desk_statement(chosen),
        params=params,
        session=connection,
        page=page_number(),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
        count=False,
    )
    if page.items:
        page.total = page.items[0][-1]
    else:
        page.total = _past_the_last(page, connection, chosen, params)
    page.items = _labelled(page.items, sides)
    return page


def _past_the_last(page, connection, chosen: tuple[str, ...], params: dict) -> int | None:
    """The total of a page past the last, counted on its own (the page leads to the last)."""
    if page.page == 1:
        return None  # nothing matches: no count and no page links are shown
    every = _desk_statement(chosen).limit(None).offset(None).order_by(None).subquery()
    return connection.scalar(sa.select(sa.func.count()).select_from(every), params)


class _DeskPagination(Pagination):
    """``db.paginate``'s page (the same ``pages`` macro) of rows of a statement built once,
    with the page as its bound ``limit`` and ``offset``: no statement is derived per request.
    The total comes with the rows (``count=False``)."""

    def _query_items(self) -> list:
        args = self._query_args
        params = {**args["params"], "limit": self.per_page, "offset": self._query_offset}
        return list(args["session"].execute(args["select"], params))


def _escaped(text: str) -> str:
    """``text`` for a LIKE with ``/`` as escape character (what ``autoescape=True`` does)."""
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


@built_once
def _desk_statement(chosen: tuple[str, ...]) -> sa.Select:
    """The desk's page for the filters named in ``chosen`` (a subset of ``DESK_FILTERS``, in
    that order): the filters' values, the programme and the page are bound parameters."""
    conditions = [Registration.programme_id == sa.bindparam("programme_id")]
    for name in ("status", "side", "role", "nationality"):
        if name in chosen:
            column = Registration.side_id if name == "side" else getattr(Registration, name)
            conditions.append(column == sa.bindparam(name))
    if "q" in chosen:
        text = sa.bindparam("q", type_=sa.String)
        conditions.append(
            sa.or_(User.name.icontains(text, escape="/"), User.email.icontains(text, escape="/"))
        )
    return (
        sa.select(*_COLUMNS, _total(conditions, "q" in chosen))
        .outerjoin(User, Registration.user_id == User.id)
        .where(*conditions)
        .order_by(Registration.created_at, Registration.id)
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
    )


_COLUMNS = (
    Registration.id,
    User.id,
    User.name,
    User.email,
    Registration.languages,
    Registration.access_needs,
    Registration.side_id,
    Registration.role,
    Registration.nationality,
    Registration.affiliation,
    Registration.status,
    Registration.created_at,
)


def _total(conditions: list, search: bool) -> sa.ScalarSelect:
    """How many registrations the filters select, read once with the page's rows (not
    correlated to them). Counted on the registrations alone (their index covers every filter
    but the text search): counting the listing would join every row to its account first."""
    counted = sa.select(sa.func.count()).select_from(Registration)
    if search:
        counted = counted.outerjoin(User, Registration.user_id == User.id)
    return counted.where(*conditions).correlate(None).scalar_subquery()


def _labelled(rows, sides: dict) -> list[DeskRow]:
    languages_line = _("Languages: %(codes)s")
    needs_line = _("Access needs: %(needs)s")
    registered = _Instants(current_user.timezone)
    roles, countries, statuses = {}, {}, {}
    labelled = []
    for (
        registration_id, account_id, name, email, languages, needs,
        side_id, role, nationality, affiliation, status, created_at, _total,
    ) in rows:  # fmt: skip
        if role not in roles:
            roles[role] = str(ROLE_LABELS[role])
        if nationality not in countries:
            countries[nationality] = country_name(nationality) if nationality else "—"
        if status not in statuses:
            statuses[status] = status_label(status)
        erased = account_id is None
        labelled.append(
            DeskRow(
                id=registration_id,
                name=None if erased else name,
                email=None if erased else email,
                languages=languages_line % {"codes": ", ".join(languages)} if languages else "",
                access_needs=needs_line % {"needs": needs} if needs else "",
                side=sides[side_id],
                role=roles[role],
                country=countries[nationality],
                affiliation=affiliation or "—",
                status=str(status),
                status_label=statuses[status],
                registered=registered.text(created_at),
            )
        )
    return labelled


class _Instants:
    """``format_instant`` in one zone for a page of instants: a page's rows share a few days,
    so each day's text (and the zone's label) is made once, not once per row."""

    def __init__(self, zone: str):
        self.zone, self.tz = zone, ZoneInfo(zone)
        self.language = current_language()
        self.days, self.times, self.labels = {}, {}, {}

    def text(self, instant) -> str:
        if instant is None:
            return ""
        local = instant.astimezone(self.tz)
        day, minute, offset = (
            local.date(),
            (local.hour, local.minute),
            (local.utcoffset(), local.tzname()),
        )
        if day not in self.days:
            self.days[day] = formats.date_text(day, self.language)
        if minute not in self.times:
            self.times[minute] = formats.time_text(local, self.language)
        if offset not in self.labels:
            self.labels[offset] = zone_label(local, self.zone)
        return f"{self.days[day]} {self.times[minute]} {self.labels[offset]}"
