"""The schedule page's cards: what each session shows, worked out once in Python.

A page holds fifty sessions. Each card's labels, times in every zone, place, facilitators and
room balance are made here from narrow rows, so the template only prints them: no macro call,
no translation lookup and no attribute lookup per card (a card is a tuple the template unpacks).
"""

from dataclasses import dataclass
from itertools import groupby

from flask import url_for
from flask_babel import gettext as _

from dialogues.programmes.models import Programme
from dialogues.registrations.balance import parity
from dialogues.sessions.attendance import is_lopsided
from dialogues.sessions.labels import FORMAT_LABELS, RULE_LABELS
from dialogues.sessions.queries import COUNT, FACILITATOR, card_details
from dialogues.sessions.times import RangeTexts

# A card, in the order the template unpacks it:
#   url, title, format label, rule (its value: a CSS class), rule label, cancelled,
#   start (ISO 8601, for <time datetime>), times [(zone label, range text)], venue,
#   online address ("" once cancelled: nobody should join a cancelled call),
#   facilitators (first name, [other names]) or None,
#   balance: the index of the room's balance in ``Schedule.balances``, or None (it is for the
#   staff, and not once cancelled).

# A room balance: (the warning when a side dominates, or "", [(side name, invited, confirmed)]).
Balance = tuple
Card = tuple


@dataclass(frozen=True, slots=True)
class Schedule:
    days: list[tuple[str, str, list[Card]]]  # (date as ISO 8601, the date written out, cards)
    # Each distinct room balance once: many rooms of a page have the same counts, and the
    # template writes each table once and reuses it.
    balances: list[Balance]


def schedule_days(
    programme: Programme, rows: list, zone: str, zones: list[tuple[str, str]], staff: bool
) -> Schedule:
    """Cards for ``rows`` (``queries.sessions_page``), grouped by the local date in ``zone``.

    ``zones``: the labelled zones each time is shown in; ``staff``: show each room's balance.
    """
    names, counts, sides = _details(programme.id, [row.id for row in rows], staff)
    balances = _Balances(sides, programme.parity_threshold)
    default_rule = programme.confidentiality
    formats_, rules = {}, {}
    texts = RangeTexts()
    url = _session_url()
    cards = []
    for (
        session_id,
        title,
        format_,
        starts_at,
        ends_at,
        venue,
        online_url,
        override,
        cancelled_at,
        _total,
        _begun,
    ) in rows:
        rule = (override or default_rule).value
        if (format_label := formats_.get(format_)) is None:
            format_label = formats_[format_] = str(FORMAT_LABELS[format_])
        if (rule_label := rules.get(rule)) is None:
            rule_label = rules[rule] = str(RULE_LABELS[rule])
        cancelled = cancelled_at is not None
        times = [(label, texts.text(starts_at, ends_at, z)) for label, z in zones]
        balance = None
        if staff and not cancelled:
            balance = balances.card(counts.get(session_id, NOBODY))
        facilitators = names.get(session_id)
        card = (
            url(session_id),
            title,
            format_label,
            rule,
            rule_label,
            cancelled,
            starts_at.isoformat(),
            times,
            venue,
            "" if cancelled else online_url,
            (facilitators[0], facilitators[1:]) if facilitators else None,
            balance,
        )
        cards.append((texts.local_date(starts_at, zone), card))
    days = [
        (day.isoformat(), texts.long_date(day), [card for _day, card in group])
        for day, group in groupby(cards, key=lambda c: c[0])
    ]
    return Schedule(days, balances.distinct)


def facilitated_by() -> tuple[str, str]:
    """What is written before and after the facilitators' names, in the reader's language."""
    head, tail = _("Facilitated by %(names)s", names="\x00").split("\x00")
    return head, tail


def _details(programme_id: int, session_ids: list[int], staff: bool):
    """``({session id: [facilitator name, …]}, {session id: {side id: {status: count}}},
    [(side id, name), …])`` from the one statement of ``card_details``."""
    names: dict[int, list[str]] = {}
    counts: dict[int, dict[int, dict[str, int]]] = {}
    sides = []
    for kind, session_id, key, text, number in card_details(programme_id, session_ids, staff):
        if kind == FACILITATOR:
            if (found := names.get(session_id)) is None:
                names[session_id] = [text]
            else:
                found.append(text)
        elif kind == COUNT:
            counts.setdefault(session_id, {}).setdefault(key, {})[text] = number
        else:
            sides.append((key, text))
    return names, counts, sides


class _Balances:
    """Each card's room balance: counts per side, and the warning when a side dominates (each
    warning written once per page)."""

    def __init__(self, sides: list[tuple[int, str]], threshold: float) -> None:
        self.sides = sides
        self.threshold = threshold
        self._warnings: dict = {}
        self.distinct: list[Balance] = []
        self._indexes: dict[tuple, int] = {}

    def card(self, per_side: dict) -> int:
        """The index in ``distinct`` of the balance of a room with ``per_side`` invitations."""
        invited, confirmed, rows = [], [], []
        for side_id, name in self.sides:
            counts = per_side.get(side_id) or NOBODY
            side_invited = sum(counts.values())
            side_confirmed = counts.get("confirmed", 0) + counts.get("attended", 0)
            invited.append(side_invited)
            confirmed.append(side_confirmed)
            rows.append((name, side_invited, side_confirmed))
        key = (*invited, *confirmed)
        if (index := self._indexes.get(key)) is None:
            warning = ""
            if is_lopsided(invited, confirmed, self.threshold):
                warning = self._warning(f"{parity(invited):.2f}", parity(confirmed))
            index = self._indexes[key] = len(self.distinct)
            self.distinct.append((warning, rows))
        return index

    def _warning(self, invited: str, confirmed_parity: float) -> str:
        key = (invited, confirmed_parity)
        if (text := self._warnings.get(key)) is None:
            threshold = f"{self.threshold:.2f}"
            if confirmed_parity:
                text = _(
                    "Lopsided room: one side dominates (parity %(invited)s invited, "
                    "%(confirmed)s confirmed; the programme aims for at least %(threshold)s).",
                    invited=invited,
                    confirmed=f"{confirmed_parity:.2f}",
                    threshold=threshold,
                )
            else:
                text = _(
                    "Lopsided room: one side dominates (parity %(invited)s invited; the "
                    "programme aims for at least %(threshold)s).",
                    invited=invited,
                    threshold=threshold,
                )
            self._warnings[key] = text
        return text


def _session_url():
    """``url_for("sessions.show_session", session_id=…)``, built once for the page."""
    marker = 2_000_000_001  # any id: only its digits are replaced
    head, tail = url_for("sessions.show_session", session_id=marker).split(str(marker))
    return lambda session_id: f"{head}{session_id}{tail}"


NOBODY: dict = {}
