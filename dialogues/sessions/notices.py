"""Emails to invited participants when a session is scheduled, moved or cancelled.

Each message is in the recipient's language, shows the time in the recipient's zone and the
programme's, and carries the event as an .ics file (whose fixed words stay English: calendar apps
show the title, times and place). It never holds notes or the names of other participants, and
a notice of a cancellation or to someone no longer invited holds neither the online link nor the
agenda.
"""

from collections.abc import Iterable

from flask import has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialogues.core.mail import send_mail
from dialogues.registrations.models import Registration
from dialogues.sessions.calendars import ATTACHMENT_TYPE, calendar_bytes
from dialogues.sessions.models import DialogueSession
from dialogues.sessions.times import zoned_range

# Notices to someone (still) invited: only these carry the online link and the reply link.
INVITING = frozenset({"scheduled", "moved"})
SUBJECTS = {
    "scheduled": _l("Invitation: %(title)s"),
    "moved": _l("Moved: %(title)s"),
    "cancelled": _l("Cancelled: %(title)s"),
    "uninvited": _l("No longer invited: %(title)s"),
}
OPENINGS = {
    "scheduled": _l("You are invited to a session of %(programme)s."),
    "moved": _l("A session of %(programme)s you are invited to has a new time or place."),
    "cancelled": _l("A session of %(programme)s you were invited to has been cancelled."),
    "uninvited": _l("You are no longer invited to this session of %(programme)s."),
}
RULES = {
    "chatham_house": _l(
        "Chatham House rule: what is said may be used, but no speaker or "
        "participant may be identified."
    ),
    "off_the_record": _l("Off the record: nothing said may be used outside the room."),
    "on_record": _l("On the record: attribution only with each person's consent."),
}


def notify(
    dialogue_session: DialogueSession,
    registrations: Iterable[Registration],
    kind: str,
    previous=None,
):
    """Send one message per invited participant who still has an active account.

    ``previous`` (anything with ``starts_at``, ``ends_at``, ``venue`` and ``online_url``) is
    where and when a moved session was before.
    """
    for registration in registrations:
        user = registration.user
        if user is None or user.is_disabled:
            continue
        with force_locale(user.locale):
            send_mail(
                user.email,
                SUBJECTS[kind] % {"title": dialogue_session.title},
                message_body(dialogue_session, kind, user.timezone, previous),
                attachments=[_calendar_file(dialogue_session, kind)],
            )


def message_body(dialogue_session: DialogueSession, kind: str, zone: str, previous=None) -> str:
    programme = dialogue_session.programme
    lines = [OPENINGS[kind] % {"programme": programme.title}, "", dialogue_session.title]
    lines += _details(dialogue_session, zone, programme.timezone, online=kind in INVITING)
    if previous is not None:
        # The old link only if it changed: the current one belongs with the new details.
        link_changed = previous.online_url != dialogue_session.online_url
        before = _details(previous, zone, programme.timezone, online=link_changed)
        lines += ["", _("Before the change:"), *before]
    lines += ["", str(RULES[dialogue_session.confidentiality.value])]
    if has_request_context() and kind in INVITING:
        link = url_for("sessions.show_session", session_id=dialogue_session.id, _external=True)
        lines += ["", _("Confirm or decline: %(link)s", link=link)]
    lines += ["", _("The attached calendar file updates the event in your calendar.")]
    return "\n".join(lines)


def _details(when, zone: str, programme_zone: str, *, online: bool) -> list[str]:
    """When and where ``when`` (a session, or what it was before a move) is, with its online
    link if ``online``."""
    lines = _times(when, zone, programme_zone)
    if when.venue:
        lines.append(_("Where: %(venue)s", venue=when.venue))
    if online and when.online_url:
        lines.append(_("Online: %(link)s", link=when.online_url))
    return lines


def _times(when, zone: str, programme_zone: str) -> list[str]:
    """``when`` has ``starts_at`` and ``ends_at``: a session, or what it was before a move."""
    zones = dict.fromkeys([zone, programme_zone])
    ranges = [str(zoned_range(when.starts_at, when.ends_at, z)) for z in zones]
    first = _("When: %(time)s", time=ranges[0])
    return [first, *(f"      {text}" for text in ranges[1:])]


def _calendar_file(dialogue_session: DialogueSession, kind: str) -> tuple[str, str, bytes]:
    content = calendar_bytes(
        [dialogue_session], dialogue_session.programme.title, cancelled=kind not in INVITING
    )
    return (f"session-{dialogue_session.id}.ics", ATTACHMENT_TYPE, content)
