"""Exporting a programme's registrations as CSV for the coordinators.

UTF-8 with a byte-order mark, so spreadsheet programs open Chinese and Arabic names correctly.
A cell that begins with ``= + - @`` (or a tab or carriage return) would be run as a formula by a
spreadsheet: it gets a leading apostrophe, which spreadsheets show as text (and our import
removes again).
"""

import csv
import io

from dialogues.programmes.models import Programme
from dialogues.registrations.models import Registration

COLUMNS = (
    "id", "name", "email", "side", "status", "affiliation", "role", "nationality", "languages",
    "access_needs", "consents_to_attribution", "consent_version", "registered_at", "decided_at",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ERASED = "(erased account)"


def export_csv(programme: Programme, registrations: list[Registration]) -> bytes:
    sides = {side.id: side.name for side in programme.sides}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for registration in registrations:
        writer.writerow([guard(cell) for cell in _row(registration, sides)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def guard(cell) -> str:
    text = "" if cell is None else str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _row(registration: Registration, sides: dict[int, str]) -> list:
    user = registration.user
    return [
        registration.id,
        user.name if user else ERASED,
        user.email if user else "",
        sides[registration.side_id],
        str(registration.status),
        registration.affiliation,
        str(registration.role),
        registration.nationality,
        ", ".join(registration.languages),
        registration.access_needs,
        "yes" if registration.consents_to_attribution else "no",
        registration.consent_version,
        _iso(registration.created_at),
        _iso(registration.decided_at),
    ]


def _iso(instant) -> str:
    return instant.isoformat().replace("+00:00", "Z") if instant else ""


def filename(programme: Programme) -> str:
    return f"registrations-{programme.slug}.csv"
