"""Schedule pages: a programme's agenda day by day, its timeline grid, a person's own schedule.

The pages for one session, its notes and the calendar files are in the modules imported below.
"""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.paging import beyond_the_last, page_number
from dialogues.programmes.queries import programme_by_slug
from dialogues.sessions import bp
from dialogues.sessions.cards import facilitated_by, schedule_days
from dialogues.sessions.labels import session_labels
from dialogues.sessions.queries import by_day, own_schedule, programme_sessions, sessions_page
from dialogues.sessions.timeline import build_grid
from dialogues.sessions.times import zoned_range


@bp.app_template_global("session_zones")
def session_zones(programme_zone: str) -> list[tuple[str, str]]:
    """The zones a time is shown in, labelled: the viewer's and the programme's."""
    own = current_user.timezone if current_user.is_authenticated else "UTC"
    if own == programme_zone:
        return [(_("Your time and the programme's"), own)]
    return [(_("Your time"), own), (_("Programme time"), programme_zone)]


bp.add_app_template_global(zoned_range, "zoned_range")
for _name, _table in session_labels().items():  # globals: imported macros see them too
    bp.add_app_template_global(_table, _name)


def member_programme(slug: str):
    """The programme, for its staff and accepted participants: 404 if unknown, else 403."""
    programme = programme_by_slug(slug)
    require(programme.can_read_content(current_user))
    return programme


def display_zone(programme) -> str:
    """Days are cut in the viewer's zone, or the programme's with ``?zone=programme``."""
    if request.args.get("zone") == "programme":
        return programme.timezone
    return current_user.timezone


@bp.get("/programmes/<slug>/sessions")
@login_required
def list_sessions(slug: str):
    programme = member_programme(slug)
    page = sessions_page(programme, page_number(default=None))
    if moved := beyond_the_last(page):
        return moved
    zone = display_zone(programme)
    zones = session_zones(programme.timezone)
    staff = programme.can_facilitate(current_user)  # counts per side are for the staff
    schedule = schedule_days(programme, page.items, zone, zones, staff)
    return render_template(
        "sessions/list.html",
        programme=programme,
        page=page,
        days=schedule.days,
        balances=schedule.balances,
        facilitated_by=facilitated_by(),
        zone=zone,
    )


@bp.get("/programmes/<slug>/sessions/timeline")
@login_required
def show_timeline(slug: str):
    programme = member_programme(slug)
    zone = display_zone(programme)
    grid = build_grid(programme_sessions(programme), zone)
    return render_template("sessions/timeline.html", programme=programme, grid=grid, zone=zone)


@bp.get("/schedule")
@login_required
def my_schedule():
    past = request.args.get("when") == "past"
    items = own_schedule(current_user, past=past)
    return render_template(
        "sessions/my_schedule.html",
        days=by_day(items, current_user.timezone),
        past=past,
    )


from dialogues.sessions import (  # noqa: E402, F401  (routes register on import)
    attendance_views,
    calendar_views,
    note_views,
    session_views,
)
