"""Session notes: written by the session's facilitators, encrypted at rest, shown by rule.

Under the Chatham House rule a note has no speaker, and saving one that names a participant or
their affiliation asks for a confirmation first. Only on the record may a note name its speaker,
and only one who consented to attribution. Off-the-record notes are read by the session's
facilitators and the coordinators, and nowhere else: no export, API answer or email holds them.
"""

import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.auth.models import User
from dialogues.core import audit
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Confidentiality
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.registrations.validation import too_long
from dialogues.sessions.crypto import decrypt_text, encrypt_text
from dialogues.sessions.models import DialogueSession, SessionNote, strictest

MAX_LENGTH = 50_000


@dataclass(frozen=True)
class NoteInput:
    text: str
    speaker_id: int | None = None
    confirm_identities: bool = False  # "save anyway" after the Chatham House warning


class IdentitiesInNote(ValidationFailed):
    """A Chatham House note mentions participants; the form offers to save anyway."""

    def __init__(self, found: list[str]):
        super().__init__(
            {
                "text": [
                    _(
                        "This note mentions %(found)s. Under the Chatham House rule no speaker "
                        "or participant, nor their affiliation, may be identified. Remove them, "
                        "or confirm to save anyway.",
                        found=", ".join(found),
                    )
                ]
            }
        )
        self.found = found


def create_note(dialogue_session: DialogueSession, author, data: NoteInput) -> SessionNote:
    _check(dialogue_session, data)
    note = SessionNote(
        dialogue_session=dialogue_session,
        author_id=author.id,
        confidentiality=dialogue_session.confidentiality,
        speaker_id=data.speaker_id,
    )
    db.session.add(note)
    db.session.flush()  # the id is the associated data of the encryption
    note.ciphertext = encrypt_text(note.id, data.text)
    audit.record(
        "note.create",
        note,
        session_id=dialogue_session.id,
        programme_id=dialogue_session.programme_id,
    )
    return note


def update_note(note: SessionNote, data: NoteInput) -> SessionNote:
    dialogue_session = note.dialogue_session
    _check(dialogue_session, data)
    note.ciphertext = encrypt_text(note.id, data.text)
    note.speaker_id = data.speaker_id
    note.confidentiality = strictest(note.confidentiality, dialogue_session.confidentiality)
    audit.record(
        "note.update",
        note,
        session_id=dialogue_session.id,
        programme_id=dialogue_session.programme_id,
    )
    return note


def note_text(note: SessionNote) -> str:
    return decrypt_text(note.id, note.ciphertext)


def readable_notes(dialogue_session: DialogueSession, user) -> list[SessionNote]:
    """The session's notes ``user`` may read, oldest first."""
    if not dialogue_session.can_read_notes(user):
        return []
    notes = db.session.scalars(
        sa.select(SessionNote)
        .where(SessionNote.session_id == dialogue_session.id)
        .order_by(SessionNote.created_at, SessionNote.id)
    )
    return [note for note in notes if note.can_read(user)]


def speaker_choices(dialogue_session: DialogueSession) -> list[Registration]:
    """Who a note may name as speaker: on the record only, invited and consenting."""
    if dialogue_session.confidentiality != Confidentiality.ON_RECORD:
        return []
    return [
        a.registration
        for a in dialogue_session.attendances
        if a.registration.consents_to_attribution and a.registration.user is not None
    ]


def _check(dialogue_session: DialogueSession, data: NoteInput) -> None:
    errors: dict[str, list[str]] = {}
    if not data.text.strip():
        errors["text"] = [_("Write the note.")]
    elif len(data.text) > MAX_LENGTH:
        errors["text"] = [too_long(MAX_LENGTH)]
    allowed = {r.id for r in speaker_choices(dialogue_session)}
    if data.speaker_id is not None and data.speaker_id not in allowed:
        errors["speaker_id"] = [
            "A speaker can be named only on the record, and only one who consented to it."
        ]
    if errors:
        raise ValidationFailed(errors)
    chatham = dialogue_session.confidentiality == Confidentiality.CHATHAM_HOUSE
    if chatham and not data.confirm_identities:
        found = identities_in(data.text, _participants(dialogue_session))
        if found:
            raise IdentitiesInNote(found)


def _participants(dialogue_session: DialogueSession) -> list[tuple[str, str]]:
    """(name, affiliation) of the programme's accepted participants."""
    rows = db.session.execute(
        sa.select(User.name, Registration.affiliation)
        .outerjoin(User, User.id == Registration.user_id)
        .where(
            Registration.programme_id == dialogue_session.programme_id,
            Registration.status == RegistrationStatus.ACCEPTED,
        )
    )
    return [(name or "", affiliation or "") for name, affiliation in rows]


# -- finding names in free text ------------------------------------------------------------------


def identities_in(text: str, people: list[tuple[str, str]]) -> list[str]:
    """Names and affiliations from ``people`` that ``text`` mentions, in any script."""
    folded = _fold(text)
    found: dict[str, None] = {}
    for name, affiliation in people:
        if name and (_mentions(folded, name) or _mentions_part(text, name)):
            found[name] = None
        if affiliation and len(affiliation.strip()) >= 3 and _mentions(folded, affiliation):
            found[affiliation.strip()] = None
    return list(found)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _unspaced(text: str) -> bool:
    """Scripts written without spaces between words (Chinese, Japanese, …)."""
    return any(unicodedata.east_asian_width(ch) in {"W", "F"} for ch in text)


def _mentions(folded_text: str, phrase: str) -> bool:
    key = _fold(phrase)
    if len(key) < 2:
        return False
    if _unspaced(key):
        return key in folded_text
    return re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded_text) is not None


def _mentions_part(text: str, name: str) -> bool:
    """A given name or surname alone, written as in the name (so "Will" ≠ "will")."""
    normalised = unicodedata.normalize("NFKC", text)
    parts = [part for part in name.split() if len(part) >= 3 and not _unspaced(part)]
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", normalised) for part in parts)
