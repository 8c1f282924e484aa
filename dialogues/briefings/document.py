"""The briefing as data: what one side's government receives, and nothing else.

Every format (PDF, DOCX, HTML, Markdown, JSON) renders from a ``Briefing``. Its fields are the
allow-list: a fact that is not a field here cannot reach any file. There is deliberately no field
for a person — no name, email, affiliation, role or note — so no renderer can print one.
"""

import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext

SECTIONS = ("summary", "recommendations", "annex")
SECTION_LABELS = {
    "summary": lazy_gettext("Executive summary"),
    "recommendations": lazy_gettext("Recommendations"),
    "annex": lazy_gettext("Annex: sessions held"),
}
MARKINGS = {
    "chatham_house": lazy_gettext("Chatham House Rule — not for attribution"),
    "off_the_record": lazy_gettext("Off the record — not for attribution or quotation"),
    "on_record": lazy_gettext("On the record — attribution only with each person's consent"),
}


@dataclass(frozen=True)
class ProgrammeFacts:
    id: int
    slug: str
    title: str
    kind: str
    starts_on: date
    ends_on: date
    timezone: str
    confidentiality: str


@dataclass(frozen=True)
class SideFacts:
    id: int
    slug: str
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Participation:
    side_id: int
    name: str
    accepted: int


@dataclass(frozen=True)
class PositionFacts:
    side_id: int
    side: str
    text: str | None  # None: that side recorded no position
    endorsements: int


@dataclass(frozen=True)
class RecommendationFacts:
    id: int
    title: str
    summary: str
    status: str
    agreement: str
    topics: tuple[str, ...]
    positions: tuple[PositionFacts, ...]  # every side, in the programme's order
    backed_across_sides: bool

    @property
    def endorsements(self) -> dict[int, int]:
        return {position.side_id: position.endorsements for position in self.positions}


@dataclass(frozen=True)
class SessionFacts:
    title: str
    held_on: date  # in the programme's time zone
    format: str


@dataclass(frozen=True)
class TopicGroup:
    topic: str | None  # None: recommendations without a topic
    recommendations: tuple[RecommendationFacts, ...]


@dataclass(frozen=True)
class Briefing:
    programme: ProgrammeFacts
    side: SideFacts
    sides: tuple[SideFacts, ...]
    organisation: str
    recipient: str
    generated_at: datetime
    participation: tuple[Participation, ...]
    parity: float
    sessions_held: int  # off-the-record sessions included
    sessions_scheduled: int
    held_sessions: tuple[SessionFacts, ...]  # never an off-the-record one
    off_record_sessions_held: int
    recommendations: tuple[RecommendationFacts, ...]
    sections: frozenset[str] = field(default_factory=lambda: frozenset(SECTIONS))

    @property
    def marking(self) -> str:
        """In the language rendering now (``flask_babel.force_locale`` chooses it)."""
        return str(MARKINGS[self.programme.confidentiality])

    @property
    def distribution(self) -> str:
        return _("Distribution: %(recipient)s only. Do not forward.", recipient=self.recipient)

    @property
    def title(self) -> str:
        return _(
            "Briefing for the %(side)s side — %(programme)s",
            side=self.side.name,
            programme=self.programme.title,
        )

    @property
    def backed_count(self) -> int:
        return sum(1 for r in self.recommendations if r.backed_across_sides)

    @property
    def topic_groups(self) -> tuple[TopicGroup, ...]:
        """Each recommendation once, under its first topic; untagged ones last."""
        groups: dict[str | None, list[RecommendationFacts]] = {}
        for recommendation in self.recommendations:
            topic = recommendation.topics[0] if recommendation.topics else None
            groups.setdefault(topic, []).append(recommendation)
        order = sorted((t for t in groups if t is not None), key=str.casefold)
        if None in groups:
            order.append(None)
        return tuple(TopicGroup(topic, tuple(groups[topic])) for topic in order)

    def shows(self, section: str) -> bool:
        return section in self.sections

    def content_digest(self) -> str:
        """SHA-256 of what the briefing says, whenever or for whomever it was generated.

        The text hashed is ``json.dumps`` of ``asdict(self)`` without the volatile fields (what
        approvals stored), written without ``asdict``'s deep copy of every part: a third of
        the time of building a briefing of 1,500 recommendations.
        """
        content = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in VOLATILE}
        canonical = json.dumps(content, sort_keys=True, default=_plain, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


VOLATILE = frozenset({"generated_at", "recipient", "sections"})


def _plain(value) -> dict | str:
    """A part of a briefing as ``asdict`` gives it to ``json.dumps``; anything else as text."""
    if is_dataclass(value):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    return str(value)
