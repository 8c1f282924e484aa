"""The confidentiality rules a participant consents to, in full, with the version of their text.

A registration records ``consent_version`` (the rule and the text version), so the NGO can show
which words a person agreed to. Change a text, change ``RULES_VERSION``: earlier consents keep
pointing at the wording they were given.
"""

from dataclasses import dataclass

from dialogues.programmes.models import Confidentiality

RULES_VERSION = "2025.1"


@dataclass(frozen=True)
class RuleText:
    title: str
    summary: str
    paragraphs: tuple[str, ...]


RULES = {
    Confidentiality.CHATHAM_HOUSE: RuleText(
        title="Chatham House Rule",
        summary="What is said may be used, but never who said it.",
        paragraphs=(
            "When a meeting, or part of it, is held under the Chatham House Rule, participants "
            "are free to use the information received, but neither the identity nor the "
            "affiliation of the speaker, nor that of any other participant, may be revealed.",
            "You may report what was discussed, in your own words, to your organisation, your "
            "government or the public. You may not name, describe or otherwise make "
            "identifiable any person who spoke or attended, nor the institution they belong to.",
            "This holds during the programme and after it ends, in writing, in speech and "
            "online, including on social media.",
        ),
    ),
    Confidentiality.OFF_THE_RECORD: RuleText(
        title="Off the record",
        summary="Nothing said may be used outside the room.",
        paragraphs=(
            "What is said in an off-the-record meeting stays in the room. You may not quote, "
            "summarise, report or act publicly on anything said there, with or without "
            "attribution, and you may not reveal who attended.",
            "Facilitators' notes of off-the-record sessions are never exported; briefings and "
            "the public digest mention only that such a session took place.",
            "This holds during the programme and after it ends, in writing, in speech and "
            "online, including on social media.",
        ),
    ),
    Confidentiality.ON_RECORD: RuleText(
        title="On the record",
        summary="What is said may be attributed, but only to people who consented.",
        paragraphs=(
            "Meetings on the record may be quoted and reported, and statements may be "
            "attributed to the person who made them, by name and affiliation, but only where "
            "that person has consented to being named.",
            "If you do not consent to attribution, what you say may still be reported, but "
            "without your name or affiliation. You can give or withdraw that consent on your "
            "registration page.",
            "Do not attribute anything to another participant unless they have consented.",
        ),
    ),
}


def rule_text(confidentiality: Confidentiality | str) -> RuleText:
    return RULES[Confidentiality(confidentiality)]


def consent_version(confidentiality: Confidentiality | str) -> str:
    """What a registration records: the rule and its text version, ``chatham_house@2025.1``."""
    return f"{Confidentiality(confidentiality).value}@{RULES_VERSION}"
