"""Calendar files (iCalendar, RFC 5545) and the secret feed URLs calendar apps subscribe to.

Every event has a UID that never changes (the session id and this installation's id), times in
UTC, a SEQUENCE that grows with every change, and STATUS:CANCELLED once cancelled, so calendar
apps update the event they already hold. Events carry no participant names and no notes.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from icalendar import Calendar, Event

from dialogues.auth.models import new_token, token_digest
from dialogues.config import instance_secret
from dialogues.core import audit
from dialogues.extensions import db
from dialogues.sessions.models import CalendarToken, DialogueSession

PRODID = "-//Dialogues//Sessions//EN"
MIME_TYPE = "text/calendar"
METHOD = "PUBLISH"
# A mailed file says its charset (a text part without one is read as US-ASCII, RFC 2046) and,
# as iMIP asks (RFC 6047 §2.4), the METHOD the file holds.
ATTACHMENT_TYPE = f"{MIME_TYPE}; charset=utf-8; method={METHOD}"


def session_uid(dialogue_session: DialogueSession) -> str:
    """Stable across requests and hosts; the installation id keeps two installations apart."""
    installation = instance_secret(current_app.instance_path, "calendar_uid", 8)
    return f"session-{dialogue_session.id}-{installation}@dialogues"


def calendar_bytes(
    sessions: Iterable[DialogueSession], name: str, *, cancelled: bool = False
) -> bytes:
    """An iCalendar file; ``cancelled`` marks every event cancelled (for someone uninvited),
    without its online link or agenda."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", METHOD)
    calendar.add("x-wr-calname", name)
    for dialogue_session in sessions:
        calendar.add_component(session_event(dialogue_session, cancelled=cancelled))
    return calendar.to_ical()


def session_event(dialogue_session: DialogueSession, *, cancelled: bool = False) -> Event:
    """The session as an event, marked cancelled if it is or if ``cancelled``."""
    cancelled = cancelled or dialogue_session.is_cancelled
    event = Event()
    event.add("uid", session_uid(dialogue_session))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    event.add("last-modified", dialogue_session.updated_at.astimezone(UTC).replace(microsecond=0))
    event.add("dtstart", dialogue_session.starts_at.astimezone(UTC))
    event.add("dtend", dialogue_session.ends_at.astimezone(UTC))
    event.add("sequence", dialogue_session.sequence)
    event.add("summary", dialogue_session.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    _add_place(event, dialogue_session, cancelled=cancelled)
    if has_request_context():
        event.add(
            "url", url_for("sessions.show_session", session_id=dialogue_session.id, _external=True)
        )
    return event


def _add_place(event: Event, dialogue_session: DialogueSession, *, cancelled: bool) -> None:
    """Where, with the online link and the agenda unless ``cancelled``: the file sent to someone
    no longer invited (the link may have been changed to keep them out) carries no way in."""
    online_url = "" if cancelled else dialogue_session.online_url
    if location := dialogue_session.venue or online_url:
        event.add("location", location)
    if not cancelled and (description := _description(dialogue_session)):
        event.add("description", description)


def _description(dialogue_session: DialogueSession) -> str:
    parts = [dialogue_session.agenda.strip()]
    if dialogue_session.online_url:
        parts.append(f"Online: {dialogue_session.online_url}")
    return "\n\n".join(part for part in parts if part)


# -- secret feed URLs ----------------------------------------------------------------------------


def issue_token(user, programme=None) -> str:
    """A new secret for ``user``'s feed (a programme's, or their own); the old URL stops working.

    Only the digest is stored: the token is shown once, when it is issued.
    """
    revoke_token(user, programme, record=False)
    token = new_token()
    row = CalendarToken(
        user_id=user.id,
        programme_id=programme.id if programme is not None else None,
        token_hash=token_digest(token),
    )
    db.session.add(row)
    audit.record("calendar.issue", row, programme_id=row.programme_id)
    return token


def revoke_token(user, programme=None, *, record: bool = True) -> bool:
    rows = list(db.session.scalars(_tokens_of(user, programme)))
    for row in rows:
        if record:
            audit.record("calendar.revoke", row, programme_id=row.programme_id)
        db.session.delete(row)
    db.session.flush()
    return bool(rows)


def has_token(user, programme=None) -> bool:
    return db.session.scalar(_tokens_of(user, programme).limit(1)) is not None


def token_holder(token: str | None, programme=None):
    """The user a feed token belongs to, if it opens this feed; else None."""
    if not token or len(token) > 128:
        return None
    row = db.session.scalar(
        sa.select(CalendarToken).where(CalendarToken.token_hash == token_digest(token))
    )
    expected = programme.id if programme is not None else None
    if row is None or row.programme_id != expected or row.user.is_disabled:
        return None
    return row.user


def _tokens_of(user, programme):
    query = sa.select(CalendarToken).where(CalendarToken.user_id == user.id)
    if programme is None:
        return query.where(CalendarToken.programme_id.is_(None))
    return query.where(CalendarToken.programme_id == programme.id)
