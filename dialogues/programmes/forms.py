"""Forms for programmes, sides, staff and invitations.

The forms only parse what the browser sends (dates, numbers, lists); the rules live in the
operations, whose messages ``show_errors`` puts beside the fields they name.
"""

import re
from functools import cache

import pycountry
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FloatField,
    Form,
    FormField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, Optional

from dialogues.core.errors import ValidationFailed
from dialogues.core.forms import BaseForm, LongSelect, searchable
from dialogues.core.i18n import current_language
from dialogues.core.templating import country_name
from dialogues.programmes.labels import CONFIDENTIALITY, KINDS, ROLES, STATUSES
from dialogues.programmes.validation import (
    MAX_CAPACITY,
    MAX_SIDES,
    STATUS_TRANSITIONS,
    time_zones,
)


class Marked:
    """Marks a field as required on the page; the operation checks it and words the message."""

    field_flags = {"required": True}

    def __call__(self, form, field) -> None:
        return None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_id(value):
    return int(value) if value not in (None, "") else None


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


@cache
def _countries(reader: str) -> tuple[tuple[str, str], ...]:
    """The choices in ``reader``'s language (``country_name`` reads it; here it keys the cache)."""
    pairs = [(c.alpha_2, f"{country_name(c.alpha_2)} ({c.alpha_2})") for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_choices() -> list[SelectChoice]:
    """Every ISO 3166-1 country as "Name (CODE)" in the reader's language, sorted by name."""
    return choices(_countries(current_language()))


def zone_choices() -> list[SelectChoice]:
    zones = ((zone, zone) for zone in sorted(time_zones()))
    return choices([("", _("Choose a time zone…")), *zones])


def countries_field() -> SelectMultipleField:
    return SelectMultipleField(
        _l("Countries"),
        choices=country_choices,
        validate_choice=False,  # the operation names any unknown code
        validators=[Marked()],
        render_kw={**searchable("countries"), "size": 8},
        widget=LongSelect(multiple=True),
    )


def capacity_field() -> IntegerField:
    limits = {"min": 0, "max": MAX_CAPACITY}  # the browser's hint; the operation checks
    return IntegerField(_l("Capacity"), validators=[Optional()], render_kw=limits)


class SideEntryForm(Form):
    """One side inside the new-programme form (a sub-form, so no CSRF token of its own)."""

    name = StringField(_l("Side name"), filters=[_strip], validators=[Marked()])
    countries = countries_field()
    capacity = capacity_field()

    def is_blank(self) -> bool:
        return not (self.name.data or self.countries.data or self.capacity.data is not None)


class SideForm(BaseForm):
    """One side in the sides editor."""

    name = StringField(_l("Side name"), validators=[Marked()])
    countries = countries_field()
    capacity = capacity_field()
    submit = SubmitField(_l("Save side"))

    def side_data(self) -> dict:
        return {"name": self.name.data, "countries": self.countries.data or [],
                "capacity": self.capacity.data}  # fmt: skip


class ProgrammeFields(BaseForm):
    title = StringField(_l("Title"), validators=[Marked()])
    kind = SelectField(
        _l("Kind"), choices=choices([("", _l("Choose…")), *KINDS.items()]), validators=[Marked()]
    )
    description = TextAreaField(_l("Description"))
    starts_on = DateField(_l("Starts on"), validators=[Optional(), Marked()])
    ends_on = DateField(_l("Ends on"), validators=[Optional(), Marked()])
    timezone = SelectField(
        _l("Home time zone"), choices=zone_choices, validators=[Marked()], widget=LongSelect()
    )
    confidentiality = RadioField(
        _l("Default confidentiality rule"),
        choices=choices(CONFIDENTIALITY.items()),
        validate_choice=False,
    )
    FIELDS = ("title", "kind", "description", "starts_on", "ends_on", "timezone", "confidentiality")

    def programme_data(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class NewProgrammeForm(ProgrammeFields):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # BaseForm gives every field a strip filter; lists and sub-forms refuse filters (the
            # fields inside strip their own values).
            if unbound_field.field_class in (FieldList, FormField):
                return unbound_field.bind(form=form, **options)
            return super().bind_field(form, unbound_field, options)

    sides = FieldList(FormField(SideEntryForm), min_entries=2, max_entries=MAX_SIDES)
    add_side = SubmitField(_l("Add another side"))
    submit = SubmitField(_l("Create programme"))

    def programme_data(self) -> dict:
        """The fields and the sides filled in; blank side rows are left out."""
        filled = [entry for entry in self.sides if not entry.form.is_blank()]
        self.side_rows = [self.sides.entries.index(entry) for entry in filled]
        sides = [
            {"name": e.form.name.data, "countries": e.form.countries.data or [],
             "capacity": e.form.capacity.data}
            for e in filled
        ]  # fmt: skip
        return {**super().programme_data(), "sides": sides}


class EditProgrammeForm(ProgrammeFields):
    public_summary = TextAreaField(_l("Public summary"))
    status = SelectField(_l("Status"), choices=[])
    registration_open = BooleanField(_l("Accept registrations"))
    parity_threshold = FloatField(_l("Parity warning below"), validators=[Optional()])
    submit = SubmitField(_l("Save programme"))
    FIELDS = (*ProgrammeFields.FIELDS, "public_summary", "status", "registration_open")

    def offer_statuses(self, current) -> None:
        """The current status and those it may move to."""
        allowed = {current, *STATUS_TRANSITIONS[current]}
        self.status.choices = [
            (value, label) for value, label in STATUSES.items() if value in allowed
        ]

    def programme_data(self) -> dict:
        data = super().programme_data()
        if self.parity_threshold.data is not None:
            data["parity_threshold"] = self.parity_threshold.data
        return data


class MemberForm(BaseForm):
    email = EmailField(_l("Email"), validators=[Marked()])
    name = StringField(_l("Name (for a new account)"))
    role = SelectField(_l("Role"), choices=choices(ROLES.items()), default="facilitator")
    side_id = SelectField(_l("Side (liaisons only)"), choices=[], coerce=_optional_id)
    submit = SubmitField(_l("Add to staff"))

    def offer_sides(self, sides) -> None:
        self.side_id.choices = choices([("", _("No side")), *((str(s.id), s.name) for s in sides)])


class InvitationForm(BaseForm):
    name = StringField(_l("Your name"), validators=[Marked()])
    password = PasswordField(_l("Choose a password"), validators=[Marked()])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", _l("The passwords do not match."))],
    )
    submit = SubmitField(_l("Accept and sign in"))


class ConfirmForm(BaseForm):
    """A button that only needs the CSRF token (accept, remove, resend)."""


def show_errors(form, error: ValidationFailed, rows: list[int] | None = None) -> None:
    """Put an operation's messages beside the fields they name, the rest above the form.

    ``rows`` maps ``sides.i`` in the operation's names to the form's side rows.
    """
    for name, messages in error.fields.items():
        field = _field_named(form, name, rows)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = [*field.errors, *messages]


def _field_named(form, name: str, rows: list[int] | None):
    match = re.fullmatch(r"sides\.(\d+)\.(\w+)", name)
    if match and "sides" in form:
        index = int(match.group(1))
        row = rows[index] if rows and index < len(rows) else index
        entry = form.sides.entries[row] if row < len(form.sides.entries) else None
        return entry.form[match.group(2)] if entry and match.group(2) in entry.form else None
    try:
        return form[name]
    except KeyError:
        return None
