"""Ids a row can have: 1 … 2³¹−1, the range of the INTEGER primary keys on PostgreSQL.

A number outside that range names no row, so forms treat it as an unknown id without asking the
database, which would fail on it (SQLite overflows past 64 bits, PostgreSQL refuses it as out of
range) rather than find nothing.
"""

from dialogues.core.urls import MAX_ID


def is_possible_id(number: int) -> bool:
    return 1 <= number <= MAX_ID


def id_in(text: str) -> int | None:
    """The id ``text`` writes in ASCII digits, or None. ``"²".isdigit()`` is true, yet ``int``
    refuses it; and ``int`` refuses thousands of digits, so length is checked first."""
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if is_possible_id(number) else None
