"""Planning changes to a programme's sides: check every entry, then apply them all.

A plan is a list of (side or None, values): None adds a side, a side is updated with the values.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogues.core import audit
from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.programmes.slugs import slugify, unique_slug
from dialogues.programmes.validation import (
    MAX_SIDES,
    SIDE_FIELDS,
    SIDE_REQUIRED,
    Errors,
    clean_fields,
)
from dialogues.registrations.balance import accepted_per_side
from dialogues.registrations.decisions import lock_sides

Plan = list[tuple[Side | None, dict]]
# What the rows that point at a side are, for the message that refuses to remove it.
REFERENCE_NAMES = {
    "registration": "registrations",
    "membership": "liaisons",
    "position": "recommendation positions",
    "recommendation_addressee": "recommendations addressed to it",
}
# Kept by the database from the registrations (``registrations/tally.py``): not a use of its own.
DERIVED = {"registration_tally"}


def plan_new(entries, errors: Errors) -> Plan:
    """The sides of a new programme: at least two."""
    if not _is_list(entries, errors):
        return []
    if len(entries) < 2:
        errors.add("sides", _("A programme needs at least two sides."))
    return _plan(None, entries, errors)


def plan_changes(programme: Programme, entries, errors: Errors) -> Plan:
    """Entries with an ``id`` update that side; the others add one; sides left out are kept."""
    if not _is_list(entries, errors):
        return []
    return _plan(programme, entries, errors)


def _is_list(entries, errors: Errors) -> bool:
    if not isinstance(entries, list):
        errors.add("sides", "Give the sides as a list of {name, countries, capacity}.")
        return False
    return True


def _plan(programme: Programme | None, entries: list, errors: Errors) -> Plan:
    existing = {side.id: side for side in programme.sides} if programme else {}
    plan: Plan = []
    for index, entry in enumerate(entries):
        prefix = f"sides.{index}."
        if not isinstance(entry, dict):
            errors.add(f"sides.{index}", "Give each side as {name, countries, capacity}.")
            continue
        entry = dict(entry)
        side_id = entry.pop("id", None)
        side = _existing_side(existing, side_id, plan, errors, prefix)
        if side is False:
            continue
        complete = side is None
        values = clean_fields(
            entry, SIDE_FIELDS, SIDE_REQUIRED, errors, prefix=prefix, complete=complete
        )
        plan.append((side, values))
    if len(existing) + sum(side is None for side, _ in plan) > MAX_SIDES:
        most = ngettext(
            "A programme can have at most %(num)d side.",
            "A programme can have at most %(num)d sides.",
            MAX_SIDES,
        )
        errors.add("sides", most)
    _check_names(existing.values(), plan, errors)
    return plan


def _existing_side(existing: dict, side_id, plan: Plan, errors: Errors, prefix: str):
    """The side an entry updates, None for a new side, False when the id is wrong."""
    if side_id is None:
        return None
    side = (
        existing.get(side_id)
        if isinstance(side_id, int) and not isinstance(side_id, bool)
        else None
    )
    if side is None:
        errors.add(prefix + "id", _("No side with this id in this programme."))
        return False
    if any(planned is side for planned, _ in plan):
        errors.add(prefix + "id", _("This side is listed twice."))
        return False
    return side


def _check_names(current_sides, plan: Plan, errors: Errors) -> None:
    """Names stay unique in the programme (ignoring case), against old and new names alike."""
    taken = {side.name.casefold(): side for side in current_sides}
    for index, (side, values) in enumerate(plan):
        name = values.get("name")
        if name is None:
            continue
        holder = taken.get(name.casefold())
        if holder is not None and holder is not side:
            errors.add(f"sides.{index}.name", _("Another side already has this name."))
        taken[name.casefold()] = side if side is not None else object()


def check_capacities(programme: Programme, plan: Plan) -> None:
    """A capacity below the side's accepted participants is refused (409).

    The sides are locked first, as a decision locks them (``decisions.lock_sides``): an accept
    under way is counted once it commits, and none starts until this change is in.
    """
    lowered = {
        side.id: values["capacity"]
        for side, values in plan
        if side is not None and values.get("capacity") is not None
    }
    if not lowered:
        return
    lock_sides(lowered)
    accepted = accepted_per_side(programme, lowered)
    for side_id, capacity in lowered.items():
        if accepted.get(side_id, 0) > capacity:
            name = next(side.name for side in programme.sides if side.id == side_id)
            raise Conflict(
                _(
                    "Side “%(name)s” has %(count)s accepted participants: "
                    "its capacity cannot be lower than that.",
                    name=name,
                    count=accepted[side_id],
                )
            )


def apply(programme: Programme, plan: Plan) -> None:
    """Carry out a checked plan, recording each change."""
    slugs = {side.slug for side in programme.sides}
    for side, values in plan:
        if side is None:
            _add(programme, values, slugs)
        else:
            _update(side, values, slugs)


def _add(programme: Programme, values: dict, slugs: set[str]) -> None:
    slug = unique_slug(slugify(values["name"], "side"), slugs)
    slugs.add(slug)
    side = Side(slug=slug, **values)
    programme.sides.append(side)
    if programme.id is not None:
        audit.record("side.create", side, programme_id=programme.id, fields=sorted(values))


def _update(side: Side, values: dict, slugs: set[str]) -> None:
    changed = [name for name, value in values.items() if getattr(side, name) != value]
    if "name" in changed:
        slugs.discard(side.slug)
        side.slug = unique_slug(slugify(values["name"], "side"), slugs)
        slugs.add(side.slug)
    for name in changed:
        setattr(side, name, values[name])
    if changed:
        audit.record("side.update", side, fields=sorted(changed))


def references(side: Side) -> list[str]:
    """What refers to the side, as "registrations (3)", found through every foreign key to it."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in DERIVED:
            continue
        for foreign_key in table.foreign_keys:
            if foreign_key.column is not Side.__table__.c.id:
                continue
            count = db.session.scalar(
                sa.select(sa.func.count()).select_from(table).where(foreign_key.parent == side.id)
            )
            if count:
                label = REFERENCE_NAMES.get(table.name, table.name.replace("_", " "))
                found.append(f"{label} ({count})")
    return found
