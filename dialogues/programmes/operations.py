"""Creating and changing programmes and their sides: the rules the pages, the API and the CLI share.

Each operation checks everything first (``ValidationFailed`` before any write, then
``Conflict``), then changes, flushes and records an audit event; the request or command commits.
Staff operations live in ``staff`` and are importable from here too.
"""

from contextlib import contextmanager

from flask_babel import gettext as _

from dialogues.auth.models import User
from dialogues.core import audit
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.extensions import db
from dialogues.programmes import sides
from dialogues.programmes.models import CLOSED_STATUSES, MemberRole, Membership, Programme, Side
from dialogues.programmes.slugs import programme_slug
from dialogues.programmes.staff import (  # noqa: F401  (one place to import operations from)
    accept_invitation,
    add_member,
    remove_member,
    resend_invitation,
)
from dialogues.programmes.validation import (
    PROGRAMME_FIELDS,
    PROGRAMME_REQUIRED,
    Errors,
    ProgrammeStatus,
    check_status,
    clean_fields,
)


def create_programme(creator: User, data: dict) -> Programme:
    """A new programme with its sides; ``creator`` becomes its coordinator."""
    data = dict(data)
    side_entries = data.pop("sides", None)
    errors = Errors()
    values = clean_fields(data, PROGRAMME_FIELDS, PROGRAMME_REQUIRED, errors, complete=True)
    _check_dates(values, None, errors)
    _apply_status_rules(values, None, errors)
    plan = sides.plan_new(side_entries, errors)
    if errors:
        raise ValidationFailed(errors)
    programme = Programme(slug=programme_slug(values["title"]), **values)
    db.session.add(programme)
    db.session.add(Membership(programme=programme, user=creator, role=MemberRole.COORDINATOR))
    sides.apply(programme, plan)
    db.session.flush()
    audit.record(
        "programme.create",
        programme,
        fields=sorted(values),
        coordinator_id=creator.id,
        side_ids=[side.id for side in programme.sides],
    )
    return programme


def update_programme(programme: Programme, data: dict) -> Programme:
    """Change the fields given; ``sides`` entries with an ``id`` update, others add a side."""
    data = dict(data)
    side_entries = data.pop("sides", None)
    errors = Errors()
    values = clean_fields(data, PROGRAMME_FIELDS, PROGRAMME_REQUIRED, errors, complete=False)
    _check_dates(values, programme, errors)
    _apply_status_rules(values, programme, errors)
    plan = [] if side_entries is None else sides.plan_changes(programme, side_entries, errors)
    if errors:
        raise ValidationFailed(errors)
    sides.check_capacities(programme, plan)
    changed = [name for name, value in values.items() if getattr(programme, name) != value]
    for name in changed:
        setattr(programme, name, values[name])
    sides.apply(programme, plan)
    db.session.flush()
    if changed:
        audit.record("programme.update", programme, fields=sorted(changed))
    return programme


def add_side(programme: Programme, data: dict) -> Side:
    """One more side; messages name its fields plainly (``countries``, not ``sides.0.…``)."""
    with _one_side_messages():
        update_programme(programme, {"sides": [{**data, "id": None}]})
    return programme.sides[-1]


def update_side(side: Side, data: dict) -> Side:
    """Change the fields given; a capacity below the accepted count is refused (409)."""
    with _one_side_messages():
        update_programme(side.programme, {"sides": [{**data, "id": side.id}]})
    return side


def remove_side(side: Side) -> None:
    """Refused (409) while anything refers to the side, or when two sides would not remain."""
    programme = side.programme
    if len(programme.sides) <= 2:
        raise Conflict(_("A programme needs at least two sides: add another before removing one."))
    uses = sides.references(side)
    if uses:
        raise Conflict(
            _(
                "Side “%(name)s” cannot be removed while it has %(uses)s.",
                name=side.name,
                uses=", ".join(uses),
            )
        )
    audit.record("side.delete", side, name=side.name)
    programme.sides.remove(side)
    db.session.flush()


@contextmanager
def _one_side_messages():
    try:
        yield
    except ValidationFailed as error:
        fields = {
            name.removeprefix("sides.0."): messages for name, messages in error.fields.items()
        }
        raise ValidationFailed(fields) from None


def _check_dates(values: dict, programme: Programme | None, errors: Errors) -> None:
    starts_on = values.get("starts_on", getattr(programme, "starts_on", None))
    ends_on = values.get("ends_on", getattr(programme, "ends_on", None))
    if starts_on is None or ends_on is None or ends_on >= starts_on:
        return
    if "ends_on" in values:
        errors.add("ends_on", _("The end date is before the start date."))
    else:
        errors.add(
            "starts_on",
            _("The start date is after the end date (%(date)s).", date=ends_on.isoformat()),
        )


def _apply_status_rules(values: dict, programme: Programme | None, errors: Errors) -> None:
    """Opening the status opens registration; concluding or archiving closes it."""
    current = programme.status if programme is not None else None
    status = values.get("status", current or ProgrammeStatus.DRAFT)
    if "status" in values:
        check_status(current, status, errors)
    moving = status != current
    if moving and status == ProgrammeStatus.REGISTRATION_OPEN:
        values["registration_open"] = True
    elif moving and status in CLOSED_STATUSES:
        values["registration_open"] = False
    elif status in CLOSED_STATUSES and values.get("registration_open") is True:
        errors.add(
            "registration_open",
            _("Registration cannot open on a concluded or archived programme."),
        )
