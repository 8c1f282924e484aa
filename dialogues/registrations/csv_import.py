"""Importing registrations from a CSV file: every row is checked, then all are created or none.

Rows are numbered as a spreadsheet shows them (the header is row 1). People with an account
join it; others get an account without a password. The coordinator vouches that each person
gave both consents outside Dialogues (the two consent columns must say yes).
"""

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.auth.models import User
from dialogues.auth.operations import create_user, email_problem, normalise_email
from dialogues.core import audit
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations import notify, validation
from dialogues.registrations.models import Registration
from dialogues.registrations.operations import create_registration

REQUIRED = (
    "name", "email", "side", "affiliation", "role", "nationality",
    "consent_data_processing", "accepts_confidentiality_rule",
)  # fmt: skip
OPTIONAL = ("languages", "access_needs", "consents_to_attribution")
KNOWN = REQUIRED + OPTIONAL
MAX_ROWS = 2000
DELIMITERS = (",", ";", "\t")  # the comma first: it wins a tie
GUARDED = ("'=", "'+", "'-", "'@", "'\t", "'\r")  # cells our own export protected


@dataclass(frozen=True)
class RowError:
    row: int  # 0: the whole file
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if self.column:
            return _(
                "Row %(row)d, column “%(column)s”: %(message)s",
                row=self.row,
                column=self.column,
                message=self.message,
            )
        return _("Row %(row)d: %(message)s", row=self.row, message=self.message)


@dataclass
class PlannedRow:
    row: int
    name: str
    email: str
    side: Side
    details: dict
    user: User | None  # the existing account the registration joins


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def fail(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


def plan_import(programme: Programme, content: bytes | str) -> ImportPlan:
    """Read and check the whole file; nothing is written."""
    plan = ImportPlan()
    if programme.has_ended:  # as the page and the API: no one joins it now
        plan.fail(0, "", _("The programme has ended: it takes no more registrations."))
        return plan
    records = _records(content, plan)
    if plan.errors:
        return plan
    users = _users([normalise_email(record.get("email", "")) for _row, record in records])
    registered = _registered_user_ids(programme, users.values())
    seen: dict[str, int] = {}
    for number, record in records:
        _plan_row(programme, plan, number, record, users, registered, seen)
    return plan


def import_registrations(programme: Programme, content: bytes | str) -> list[Registration]:
    """Create every registration of the file, or none: ``ValidationFailed`` lists the rows."""
    return apply_plan(programme, plan_import(programme, content))


def apply_plan(programme: Programme, plan: ImportPlan) -> list[Registration]:
    """Create the registrations of a plan without errors, then tell each person."""
    if plan.errors:
        raise ValidationFailed({"file": [str(error) for error in plan.errors]})
    created = [_create(programme, row) for row in plan.rows]
    audit.record("registration.import", programme, count=len(created))
    for registration in created:  # only once every row is in
        notify.registered(registration)
    return created


def _create(programme: Programme, row: PlannedRow) -> Registration:
    user = row.user or create_user(row.email, row.name, None)
    return create_registration(programme, row.side, user, row.details, notify_person=False)


def _records(content: bytes | str, plan: ImportPlan) -> list[tuple[int, dict]]:
    text = _decode(content, plan)
    if text is None:
        return []
    rows = _rows(text, plan)
    if rows is None:
        return []
    if not rows or not any(cell.strip() for cell in rows[0]):
        plan.fail(1, "", _("The file is empty: the first row must name the columns."))
        return []
    header = [cell.strip().lower().replace(" ", "_") for cell in rows[0]]
    if not _header_ok(header, plan):
        return []
    records = [
        (number, _record(header, cells, number, plan))
        for number, cells in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if plan.errors:
        return []
    if not records:
        plan.fail(2, "", _("The file has no rows of registrations under its header."))
    elif len(records) > MAX_ROWS:
        first_over = records[MAX_ROWS][0]
        too_many = _("Import at most %(num)d registrations at a time.", num=MAX_ROWS)
        plan.fail(first_over, "", too_many)
    return records


def _record(header: list[str], cells: list[str], number: int, plan: ImportPlan) -> dict:
    """One row by column name; a short row's missing cells are empty."""
    if any(cell.strip() for cell in cells[len(header) :]):
        plan.fail(
            number,
            "",
            _(
                "This row has more cells than the header has columns (%(num)d).",
                num=len(header),
            ),
        )
    cells = [*cells, *[""] * (len(header) - len(cells))]
    return {column: _unguard(cell) for column, cell in zip(header, cells, strict=False)}


def _without_empty_columns(rows: list[list[str]]) -> list[list[str]]:
    """Drop the columns with no name and no value: spreadsheets write them (``…,,``) after any
    column that was ever formatted."""
    width = max((len(cells) for cells in rows), default=0)
    used = [False] * width
    for cells in rows:
        for index, cell in enumerate(cells):
            used[index] = used[index] or bool(cell.strip())
    if all(used):
        return rows
    return [[cell for index, cell in enumerate(cells) if used[index]] for cells in rows]


def _rows(text: str, plan: ImportPlan) -> list[list[str]] | None:
    if "\x00" in text:  # no database keeps NUL characters in text
        plan.fail(
            text[: text.index("\x00")].count("\n") + 1, "", _("The file holds a NUL character.")
        )
        return None
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, csv.excel, delimiter=_delimiter(text), strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as error:  # a stray quote, a cell over the size limit
        plan.fail(len(rows) + 1, "", _("This is not a readable CSV row (%(error)s).", error=error))
        return None
    return _without_empty_columns(rows)


def _decode(content: bytes | str, plan: ImportPlan) -> str | None:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        not_utf8 = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        plan.fail(line, "", not_utf8)
        return None


def _delimiter(text: str) -> str:
    """The header's separator: a comma, or what a European Excel (semicolon) or a "Text"
    export (tab) writes. Everything else is as every spreadsheet writes CSV (``csv.excel``: a
    quote inside a quoted cell doubled): guessing more from one line of names guesses wrong."""
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)  # none of them (one column): the comma


def _header_ok(header: list[str], plan: ImportPlan) -> bool:
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    for column in missing:
        plan.fail(1, column, _("This column is missing."))
    for column in unknown:
        plan.fail(1, column, _("Unknown column. Use: %(columns)s.", columns=", ".join(KNOWN)))
    for column in duplicated:
        plan.fail(1, column, _("This column appears more than once."))
    return not plan.errors


def _unguard(cell: str) -> str:
    """Undo the apostrophe our export puts before cells a spreadsheet would run as formulas."""
    return cell[1:] if cell.startswith(GUARDED) else cell


def _users(emails: list[str]) -> dict[str, User]:
    found = db.session.scalars(sa.select(User).where(User.email.in_(set(emails))))
    return {user.email: user for user in found}


def _registered_user_ids(programme: Programme, users) -> set[int]:
    ids = [user.id for user in users]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(Registration.user_id).where(
                Registration.programme_id == programme.id, Registration.user_id.in_(ids)
            )
        )
    )


def _plan_row(programme, plan, number, record, users, registered, seen) -> None:
    errors: dict[str, list[str]] = {}
    details = validation.clean(record, validation.DETAILS, errors)
    email = normalise_email(record.get("email") or "")
    user = users.get(email)
    name = _check_person(record, email, user, errors, registered, seen.get(email))
    side = _side(programme, record.get("side") or "", errors)
    for key in ("consent_data_processing", "accepts_confidentiality_rule"):
        if not _said_yes(record.get(key)):
            errors[key] = [_("Must be “yes”: the person gave this consent.")]
    seen.setdefault(email, number)
    columns = list(record)  # the file's order, so the messages read left to right
    for column in sorted(errors, key=columns.index):
        for message in errors[column]:
            plan.fail(number, column, message)
    if not errors:
        plan.rows.append(PlannedRow(number, name, email, side, details, user))


def _check_person(record, email, user, errors, registered, first_row) -> str:
    name = ""
    if user is None:
        try:
            name = validation.name(record.get("name"))
        except validation.Invalid as problem:
            errors["name"] = [str(problem)]
    if (problem := email_problem(email)) is not None:
        errors["email"] = [problem]
    elif first_row is not None:
        errors["email"] = [_("This email is already in row %(row)d.", row=first_row)]
    elif user is not None and user.id in registered:
        errors["email"] = [_("This person has already registered for this programme.")]
    elif user is not None and not user.is_active:
        errors["email"] = [_("This account is disabled.")]
    return name


def _side(programme: Programme, value: str, errors: dict) -> Side | None:
    wanted = value.strip().casefold()
    for side in programme.sides:
        if wanted in {side.name.casefold(), side.slug.casefold(), str(side.id)}:
            return side
    names = ", ".join(side.name for side in programme.sides)
    errors["side"] = [
        _(
            "“%(value)s” is not a side of this programme. Use one of: %(names)s.",
            value=value.strip(),
            names=names,
        )
    ]
    return None


def _said_yes(value) -> bool:
    try:
        return validation.flag(value)
    except validation.Invalid:
        return False
