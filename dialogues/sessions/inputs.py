"""What a coordinator asks for when scheduling a session, and the checks it must pass.

Pages and the API both build a ``SessionInput`` and hand it to the operations, so every rule is
checked in one place. Field names in the messages are the API's.
"""

import unicodedata
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.extensions import db
from dialogues.programmes.models import Confidentiality, MemberRole, Membership, Programme
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.registrations.validation import too_long
from dialogues.sessions.models import DialogueSession, SessionFormat

LIMITS = {"title": 200, "venue": 200, "online_url": 500, "agenda": 20_000}


@dataclass(frozen=True)
class SessionInput:
    title: str
    format: str
    starts_at: datetime
    ends_at: datetime
    venue: str = ""
    online_url: str = ""
    confidentiality: str | None = None  # None: the programme's rule
    facilitator_ids: tuple[int, ...] = ()
    agenda: str = ""
    # Registration ids. None: every accepted participant when scheduling; unchanged on update.
    participant_ids: tuple[int, ...] | None = None
    allow_conflicts: bool = False

    def merged(self, **changes) -> "SessionInput":
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in changes.items() if k in known})


def input_from_session(dialogue_session: DialogueSession) -> SessionInput:
    """The current state of a session, as the starting point of a partial update."""
    return SessionInput(
        title=dialogue_session.title,
        format=dialogue_session.format.value,
        starts_at=dialogue_session.starts_at,
        ends_at=dialogue_session.ends_at,
        venue=dialogue_session.venue,
        online_url=dialogue_session.online_url,
        confidentiality=_value(dialogue_session.confidentiality_override),
        facilitator_ids=tuple(user.id for user in dialogue_session.facilitators),
        agenda=dialogue_session.agenda,
    )


def _value(rule: Confidentiality | None) -> str | None:
    return rule.value if rule is not None else None


@dataclass
class Checked:
    """The outcome of the checks: errors per field, and warnings that do not stop the change."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def check_input(
    programme: Programme, data: SessionInput, current: DialogueSession | None = None
) -> Checked:
    """Check a new session, or the new state of ``current``.

    People already facilitating or invited stay acceptable on update even if their role changed
    since, so an unrelated edit is never blocked by them.
    """
    checked = Checked()
    _check_title(data.title, checked, current)
    _check_lengths(data, checked)
    _check_choices(data, checked)
    _check_times(programme, data, checked)
    _check_online_url(data.online_url, checked)
    kept_facilitators = {user.id for user in current.facilitators} if current else set()
    _check_facilitators(programme, set(data.facilitator_ids) - kept_facilitators, checked)
    if data.participant_ids is not None:
        kept = {a.registration_id for a in current.attendances} if current else set()
        _check_participants(programme, set(data.participant_ids) - kept, checked)
    return checked


def _check_title(title: str, checked: Checked, current: DialogueSession | None) -> None:
    """A title goes into mail subjects, which refuse line breaks: no control characters. One
    saved before they were refused stays acceptable until it is changed, so that no move or
    other edit is blocked by it (its mail subjects show the line breaks as spaces)."""
    title = title.strip()
    if not title:
        checked.add("title", _("Enter a title."))
    elif _has_control(title) and (current is None or title != current.title):
        checked.add("title", _("Remove the control characters."))


def _has_control(text: str) -> bool:
    return any(unicodedata.category(character) == "Cc" for character in text)


def _check_lengths(data: SessionInput, checked: Checked) -> None:
    for name, limit in LIMITS.items():
        if len(getattr(data, name)) > limit:
            checked.add(name, too_long(limit))


def _check_choices(data: SessionInput, checked: Checked) -> None:
    if data.format not in {f.value for f in SessionFormat}:
        formats = ", ".join(f.value for f in SessionFormat)
        checked.add("format", _("Choose one of: %(choices)s.", choices=formats))
    rules = {rule.value for rule in Confidentiality}
    if data.confidentiality is not None and data.confidentiality not in rules:
        choices = ", ".join(sorted(rules))
        checked.add("confidentiality", _("Choose one of: %(choices)s.", choices=choices))


def _check_times(programme: Programme, data: SessionInput, checked: Checked) -> None:
    from dialogues.sessions.times import local_date, out_of_range, range_problem

    far = [name for name in ("starts_at", "ends_at") if out_of_range(getattr(data, name))]
    for name in far:
        checked.add(name, range_problem())
    if far:
        return
    if data.ends_at <= data.starts_at:
        checked.add("ends_at", _("The end must be after the start."))
        return
    first = local_date(data.starts_at, programme.timezone)
    last = local_date(data.ends_at, programme.timezone)
    if first < programme.starts_on or last > programme.ends_on:
        checked.warnings.append(
            _(
                "This session falls outside the programme's dates (%(first)s to %(last)s, "
                "%(zone)s).",
                first=programme.starts_on.isoformat(),
                last=programme.ends_on.isoformat(),
                zone=programme.timezone,
            )
        )


def _check_online_url(url: str, checked: Checked) -> None:
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        checked.add("online_url", _("Give a full http:// or https:// address."))


def _check_facilitators(programme: Programme, ids: set[int], checked: Checked) -> None:
    if not ids:
        return
    staff = set(
        db.session.scalars(
            sa.select(Membership.user_id).where(
                Membership.programme_id == programme.id,
                Membership.role.in_([MemberRole.COORDINATOR, MemberRole.FACILITATOR]),
            )
        )
    )
    strangers = sorted(set(ids) - staff)
    if strangers:
        checked.add(
            "facilitator_ids",
            _(
                "Not a facilitator or coordinator of this programme: user %(ids)s.",
                ids=", ".join(str(i) for i in strangers),
            ),
        )


def _check_participants(programme: Programme, ids: set[int], checked: Checked) -> None:
    if not ids:
        return
    accepted = set(
        db.session.scalars(
            sa.select(Registration.id).where(
                Registration.programme_id == programme.id,
                Registration.status == RegistrationStatus.ACCEPTED,
            )
        )
    )
    others = sorted(set(ids) - accepted)
    if others:
        checked.add(
            "participant_ids",
            _(
                "Not an accepted participant of this programme: registration %(ids)s.",
                ids=", ".join(str(i) for i in others),
            ),
        )
