"""The schedule page's cards: what each session shows, worked out once in Python.

A page holds fifty sessions. Each card's labels, times in every zone, place, facilitators and
room balance are made here from narrow rows, so the template only prints them: no macro call,
no translation lookup and no attribute of an object per card.
"""

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from flask import url_for

from dialogues.programmes.models import Programme
from dialogues.registrations.balance import parity
from dialogues.sessions.attendance import (
    confirmed_count,
    invited_count,
    is_lopsided,
    session_counts,
)
from dialogues.sessions.labels import FORMAT_LABELS, RULE_LABELS
from dialogues.sessions.queries import facilitator_names, programme_sides
from dialogues.sessions.times import PageTexts, local_date, zoned_range


@dataclass(frozen=True, slots=True)
class CardTime:
    label: str  # "Your time", "Programme time", …
    starts_at: str  # ISO 8601, for <time datetime>
    text: str  # the range, with its zone named


@dataclass(frozen=True, slots=True)
class CardBalance:
    sides: list[tuple[str, int, int]]  # name, invited, confirmed
    # When a side dominates: the parities as shown (confirmed "" when nobody confirmed yet).
    lopsided: tuple[str, str, str] | None  # invited, confirmed, threshold


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    url: str
    title: str
    format_label: str
    rule: str  # the rule in force, as its value (CSS class)
    rule_label: str
    is_cancelled: bool
    times: list[CardTime]
    venue: str
    online_url: str  # "" once cancelled: nobody should join a cancelled call
    facilitators: list[str]
    balance: CardBalance | None  # for the staff, and not once cancelled


def schedule_days(
    programme: Programme, rows: list, zone: str, zones: list[tuple[str, str]], staff: bool
) -> list[tuple[date, list[Card]]]:
    """Cards for ``rows`` (``queries.CARD_COLUMNS``), grouped by the local date in ``zone``.

    ``zones``: the labelled zones each time is shown in; ``staff``: show each room's balance.
    """
    ids = [row.id for row in rows]
    names = facilitator_names(ids)
    sides = programme_sides(programme) if staff else []
    counts = session_counts(ids) if staff else {}
    threshold = programme.parity_threshold
    labels = _Labels()
    texts = PageTexts()
    url = _session_url()
    cards = []
    for row in rows:  # in order of their start
        rule = row.confidentiality_override or programme.confidentiality
        cancelled = row.cancelled_at is not None
        balance = None
        if staff and not cancelled:
            balance = _card_balance(sides, counts[row.id], threshold)
        card = Card(
            id=row.id,
            url=url(row.id),
            title=row.title,
            format_label=labels.format(row.format),
            rule=rule.value,
            rule_label=labels.rule(rule.value),
            is_cancelled=cancelled,
            times=_times(row.starts_at, row.ends_at, zones, texts),
            venue=row.venue,
            online_url="" if cancelled else row.online_url,
            facilitators=names[row.id],
            balance=balance,
        )
        cards.append((local_date(row.starts_at, zone), card))
    return [
        (day, [card for _day, card in group]) for day, group in groupby(cards, key=lambda c: c[0])
    ]


class _Labels:
    """Format and rule labels in the reader's language, each translated once per page."""

    def __init__(self) -> None:
        self._formats: dict = {}
        self._rules: dict = {}

    def format(self, value) -> str:
        if (label := self._formats.get(value)) is None:
            label = self._formats[value] = str(FORMAT_LABELS[value])
        return label

    def rule(self, value: str) -> str:
        if (label := self._rules.get(value)) is None:
            label = self._rules[value] = str(RULE_LABELS[value])
        return label


def _session_url():
    """``url_for("sessions.show_session", session_id=…)``, built once for the page."""
    marker = 2_000_000_001  # any id: only its digits are replaced
    head, tail = url_for("sessions.show_session", session_id=marker).split(str(marker))
    return lambda session_id: f"{head}{session_id}{tail}"


def _times(starts_at: datetime, ends_at: datetime, zones, texts: PageTexts) -> list[CardTime]:
    iso = starts_at.isoformat()
    return [
        CardTime(label, iso, texts.range_text(zoned_range(starts_at, ends_at, zone)))
        for label, zone in zones
    ]


def _card_balance(sides: list[tuple[int, str]], per_side: dict, threshold: float) -> CardBalance:
    counts = [per_side.get(side_id) or NOBODY for side_id, _name in sides]
    invited = [invited_count(c) for c in counts]
    confirmed = [confirmed_count(c) for c in counts]
    rows = [(name, i, c) for (_id, name), i, c in zip(sides, invited, confirmed, strict=True)]
    lopsided = None
    if is_lopsided(invited, confirmed, threshold):
        confirmed_parity = parity(confirmed)
        lopsided = (
            f"{parity(invited):.2f}",
            f"{confirmed_parity:.2f}" if confirmed_parity else "",
            f"{threshold:.2f}",
        )
    return CardBalance(rows, lopsided)


NOBODY: dict = {}
