"""The confidentiality rules a participant consents to, in full, with the version of their text.

A registration records ``consent_version`` (the rule, the text version and, when it was not
English, the language the person read it in: ``chatham_house@2025.1/ru``), so the NGO can show
which words a person agreed to. Change a text, change ``RULES_VERSION``: earlier consents keep
pointing at the wording they were given. The translations are of that version's English text
(it is their msgid, so a changed text has no translation until translators write one); a change
of a translation's meaning needs a new ``RULES_VERSION`` too.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from dialogues.extensions import db
from dialogues.programmes.models import Confidentiality, Programme

RULES_VERSION = "2025.1"


@dataclass(frozen=True)
class RuleText:
    title: LazyString
    summary: LazyString
    paragraphs: tuple[LazyString, ...]


RULES = {
    Confidentiality.CHATHAM_HOUSE: RuleText(
        title=_l("Chatham House Rule"),
        summary=_l("What is said may be used, but never who said it."),
        paragraphs=(
            _l(
                "When a meeting, or part of it, is held under the Chatham House Rule, participants "
                "are free to use the information received, but neither the identity nor the "
                "affiliation of the speaker, nor that of any other participant, may be revealed."
            ),
            _l(
                "You may report what was discussed, in your own words, to your organisation, your "
                "government or the public. You may not name, describe or otherwise make "
                "identifiable any person who spoke or attended, nor the institution they belong to."
            ),
            _l(
                "This holds during the programme and after it ends, in writing, in speech and "
                "online, including on social media."
            ),
        ),
    ),
    Confidentiality.OFF_THE_RECORD: RuleText(
        title=_l("Off the record"),
        summary=_l("Nothing said may be used outside the room."),
        paragraphs=(
            _l(
                "What is said in an off-the-record meeting stays in the room. You may not quote, "
                "summarise, report or act publicly on anything said there, with or without "
                "attribution, and you may not reveal who attended."
            ),
            _l(
                "Facilitators' notes of off-the-record sessions are never exported; briefings and "
                "the public digest mention only that such a session took place."
            ),
            _l(
                "This holds during the programme and after it ends, in writing, in speech and "
                "online, including on social media."
            ),
        ),
    ),
    Confidentiality.ON_RECORD: RuleText(
        title=_l("On the record"),
        summary=_l("What is said may be attributed, but only to people who consented."),
        paragraphs=(
            _l(
                "Meetings on the record may be quoted and reported, and statements may be "
                "attributed to the person who made them, by name and affiliation, but only where "
                "that person has consented to being named."
            ),
            _l(
                "If you do not consent to attribution, what you say may still be reported, but "
                "without your name or affiliation. You can give or withdraw that consent on your "
                "registration page."
            ),
            _l("Do not attribute anything to another participant unless they have consented."),
        ),
    ),
}


def rule_text(confidentiality: Confidentiality | str) -> RuleText:
    return RULES[Confidentiality(confidentiality)]


def consent_version(confidentiality: Confidentiality | str, language: str = "en") -> str:
    """What a registration records: the rule, its text version and the language it was read in.

    ``chatham_house@2025.1`` in English, ``chatham_house@2025.1/ar`` in Arabic.
    """
    version = f"{Confidentiality(confidentiality).value}@{RULES_VERSION}"
    return version if language == "en" else f"{version}/{language}"


def attribution_asked(programme: Programme) -> bool:
    """Whether people are asked to agree to be named: only where something can be said on the
    record, in the programme or in one of its sessions not cancelled (a session may set its own
    rule). A consent given can always be withdrawn, asked or not."""
    if programme.confidentiality == Confidentiality.ON_RECORD:
        return True
    # Sessions sit above registrations in the import order: read through their table.
    sessions = db.metadata.tables["dialogue_session"]
    on_record = sa.exists().where(
        sessions.c.programme_id == programme.id,
        sessions.c.confidentiality_override == Confidentiality.ON_RECORD,
        sessions.c.cancelled_at.is_(None),
    )
    return bool(db.session.scalar(sa.select(on_record)))
