"""Checking what a facilitator files, for the pages and the API alike.

``clean_input`` turns plain data (JSON, or a form turned into the same shape) into checked
values, or raises ``ValidationFailed`` naming every field at fault — before anything changes.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext

from dialogues.core.errors import ValidationFailed
from dialogues.core.ids import is_possible_id
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.models import Agreement
from dialogues.sessions.models import DialogueSession

LIMITS = {"title": 300, "summary": 5_000, "body": 100_000, "text": 20_000, "topic": 80}
MAX_TOPICS = 20
MAX_PASSAGES = 50
NUL_MESSAGE = lazy_gettext("Must not contain NUL characters.")


@dataclass
class Checked:
    """Checked values; only the keys the caller sent (``PATCH`` sends some)."""

    values: dict
    errors: dict

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)


def clean_input(programme: Programme, data: dict, *, partial: bool) -> dict:
    if not isinstance(data, dict):
        raise ValidationFailed({"request": [_("Send an object with the recommendation's fields.")]})
    checked = Checked({}, {})
    required = () if partial else ("title", "agreement", "addressed_to")
    for field in required:
        if field not in data:
            checked.fail(field, _("This field is required."))
    sides = {side.id: side for side in programme.sides}
    for field, clean in _CLEANERS.items():
        if field in data:
            value = clean(checked, field, data[field], programme=programme, sides=sides)
            if field not in checked.errors:
                checked.values[field] = value
    if checked.errors:
        raise ValidationFailed(checked.errors)
    return checked.values


def one_kind_of_line_break(text: str) -> str:
    """``text`` with every line break as LF: browsers post textareas with CRLF, and a change
    of line breaks alone is no change of wording (it would clear the endorsements)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text(checked: Checked, field: str, value, *, required=False, **_context) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        checked.fail(field, _("Must be text."))
        return ""
    value = one_kind_of_line_break(value).strip()
    if "\x00" in value:
        checked.fail(field, str(NUL_MESSAGE))
    elif required and not value:
        checked.fail(field, _("Must not be empty."))
    elif len(value) > LIMITS.get(field, LIMITS["text"]):
        limit = LIMITS.get(field, LIMITS["text"])
        checked.fail(field, _("Must be at most %(count)d characters.", count=limit))
    return value


def _title(checked: Checked, field: str, value, **_context) -> str:
    """One line: titles go into mail subjects and file names."""
    title = _text(checked, field, value, required=True)
    return " ".join(title.split())


def _agreement(checked: Checked, field: str, value, **_context) -> Agreement | None:
    if value not in {item.value for item in Agreement}:
        names = ", ".join(item.value for item in Agreement)
        checked.fail(field, _("Must be one of: %(names)s.", names=names))
        return None
    return Agreement(value)


def _ids(checked: Checked, field: str, value) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        checked.fail(field, _("Must be a list of ids."))
        return []
    return list(dict.fromkeys(value))


def _addressed_to(checked: Checked, field: str, value, *, sides, **_context) -> list[Side]:
    ids = _ids(checked, field, value)
    unknown = [str(i) for i in ids if i not in sides]
    if unknown:
        checked.fail(field, _("Not a side of this programme: %(ids)s.", ids=", ".join(unknown)))
    elif field not in checked.errors and not ids:
        checked.fail(field, _("Choose at least one side."))
    return [sides[i] for i in ids if i in sides]


def _sessions(checked: Checked, field: str, value, *, programme, **_context):
    ids = _ids(checked, field, value)
    if not ids:
        return []
    possible = [i for i in ids if is_possible_id(i)]  # the others are unknown, unasked
    found = db.session.scalars(
        sa.select(DialogueSession).where(
            DialogueSession.id.in_(possible), DialogueSession.programme_id == programme.id
        )
    ).all()
    by_id = {item.id: item for item in found}
    unknown = [str(i) for i in ids if i not in by_id]
    if unknown:
        checked.fail(field, _("Not a session of this programme: %(ids)s.", ids=", ".join(unknown)))
    return [by_id[i] for i in ids if i in by_id]


def _topics(checked: Checked, field: str, value, **_context) -> list[str]:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and "\x00" not in item for item in value
    ):
        checked.fail(field, _("Must be a list of words or short phrases."))
        return []
    topics: dict[str, str] = {}
    for topic in (" ".join(item.split()) for item in value):
        if len(topic) > LIMITS["topic"]:
            message = _("Each topic must be at most %(count)d characters.", count=LIMITS["topic"])
            checked.fail(field, message)
        elif topic:
            topics.setdefault(topic.casefold(), topic)
    if len(topics) > MAX_TOPICS:
        checked.fail(field, _("At most %(count)d topics.", count=MAX_TOPICS))
    return sorted(topics.values(), key=str.casefold)


def _side_text(checked: Checked, field: str, item, sides) -> tuple[int, str] | None:
    if not isinstance(item, dict):
        checked.fail(field, _("Each entry must be an object with side_id and text."))
        return None
    side_id, text = item.get("side_id"), item.get("text")
    if isinstance(side_id, bool) or not isinstance(side_id, int) or side_id not in sides:
        checked.fail(field, _("Not a side of this programme: %(ids)s.", ids=side_id))
        return None
    if not isinstance(text, str) or "\x00" in text:
        checked.fail(field, _("Each text must be text, without NUL characters."))
        return None
    text = one_kind_of_line_break(text).strip()
    if len(text) > LIMITS["text"]:
        message = _("Each text must be at most %(count)d characters.", count=LIMITS["text"])
        checked.fail(field, message)
    return side_id, text


def _positions(checked: Checked, field: str, value, *, sides, **_context) -> dict[int, str]:
    if not isinstance(value, list):
        checked.fail(field, _("Must be a list of {side_id, text}."))
        return {}
    positions: dict[int, str] = {}
    for item in value:
        pair = _side_text(checked, field, item, sides)
        if pair and pair[0] in positions:
            checked.fail(field, _("Side %(id)s has two positions; give one.", id=pair[0]))
        elif pair and pair[1]:
            positions[pair[0]] = pair[1]
    return positions


def _passage(checked: Checked, field: str, item) -> int | None:
    passage = item.get("passage") if isinstance(item, dict) else None
    if isinstance(passage, bool) or not isinstance(passage, int):
        checked.fail(field, _("Each alternative needs a passage number."))
        return None
    if not 1 <= passage <= MAX_PASSAGES:
        checked.fail(field, _("Passage numbers run from 1 to %(max)d.", max=MAX_PASSAGES))
        return None
    return passage


def _alternatives(checked: Checked, field: str, value, *, sides, **_context) -> dict:
    """``{(passage, side_id): text}``: each side's wording of each disputed passage."""
    if not isinstance(value, list):
        checked.fail(field, _("Must be a list of {passage, side_id, text}."))
        return {}
    wordings: dict[tuple[int, int], str] = {}
    for item in value:
        passage = _passage(checked, field, item)
        pair = _side_text(checked, field, item, sides) if passage else None
        if pair and (passage, pair[0]) in wordings:
            message = _(
                "Side %(id)s has two wordings for passage %(passage)d.", id=pair[0], passage=passage
            )
            checked.fail(field, message)
        elif pair and pair[1]:
            wordings[(passage, pair[0])] = pair[1]
    return wordings


_CLEANERS = {
    "title": _title,
    "summary": _text,
    "body": _text,
    "agreement": _agreement,
    "addressed_to": _addressed_to,
    "session_ids": _sessions,
    "topics": _topics,
    "positions": _positions,
    "alternatives": _alternatives,
}
