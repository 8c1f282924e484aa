"""Forms for registering, the participant's own page, the desk and the CSV import.

The forms check shape (a choice among the options); the operations check the rest, lengths and
required fields included (``validation``, shared with the API), and report by the same field
names, which ``show_errors`` puts back on the form.
"""

from functools import cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from dialogues.core.errors import ValidationFailed
from dialogues.core.forms import BaseForm, RememberedSelect, searchable
from dialogues.core.i18n import current_language
from dialogues.core.ids import is_possible_id
from dialogues.programmes.forms import Marked
from dialogues.registrations import validation
from dialogues.registrations.decisions import DECISIONS, UNKNOWN_REGISTRATION
from dialogues.registrations.labels import DECISION_LABELS, ROLE_LABELS, STATUS_LABELS
from dialogues.registrations.models import RegistrationStatus
from dialogues.registrations.rules import attribution_asked

ROLE_CHOICES = list(ROLE_LABELS.items())


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _countries(blank: str) -> list[SelectChoice]:
    return [SelectChoice("", blank), *_country_options(current_language())]


@cache
def _country_options(reader: str) -> tuple[SelectChoice, ...]:
    """Every country as an option named in ``reader``'s language, built once per language (the
    options are only read, never changed)."""
    return tuple(_choices(validation.country_choices(reader)))


class DetailsForm(BaseForm):
    """What a registrant tells about themselves; also the participant's edit form."""

    name = StringField(_l("Full name"), validators=[Marked()])
    affiliation = StringField(_l("Affiliation"), validators=[Marked()])
    role = SelectField(
        _l("Role"),
        choices=_choices([("", _l("Choose your role")), *ROLE_CHOICES]),
        validators=[InputRequired()],
    )
    nationality = SelectField(
        _l("Nationality"), validators=[DataRequired()], widget=RememberedSelect()
    )
    languages = SelectMultipleField(
        _l("Languages you can work in"),
        validate_choice=False,  # the operation names an unknown code
        render_kw=searchable(),
    )
    access_needs = TextAreaField(_l("Access needs"))
    consents_to_attribution = BooleanField(_l("I agree to be named when what I say is reported"))

    def __init__(self, *args, asks_attribution=False, **kwargs):
        """``asks_attribution``: offer the consent to be named (``rules.attribution_asked``,
        or a consent already given, so that it can be withdrawn)."""
        super().__init__(*args, **kwargs)
        self.nationality.choices = _countries(_l("Choose a country"))
        self.languages.choices = _choices(validation.language_choices())
        if not asks_attribution:
            del self.consents_to_attribution

    def details(self) -> dict:
        return {key: value for key, value in self.data.items() if key in self._details_fields}

    _details_fields = frozenset(
        {"name", "affiliation", "role", "nationality", "languages", "access_needs"}
        | {"consents_to_attribution"}
    )


class RegistrationForm(DetailsForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=1024)],
        description=_l(
            "New here: choose one of at least 10 characters. Already have an account: its password."
        ),
    )
    side_id = SelectField(_l("Your side"), validators=[InputRequired()])
    consent_data_processing = BooleanField(
        _l("I agree that the organisers process the details above to run this programme")
    )
    accepts_confidentiality_rule = BooleanField(
        _l("I have read the confidentiality rule above and will respect it")
    )

    def __init__(self, programme, *args, signed_in=False, **kwargs):
        super().__init__(*args, asks_attribution=attribution_asked(programme), **kwargs)
        self.side_id.choices = _choices(
            [("", _l("Choose a side")), *((str(side.id), side.name) for side in programme.sides)]
        )
        if signed_in:  # the account is the signed-in one
            del self.name, self.email, self.password

    def operation_data(self) -> dict:
        keep = self._details_fields | {"email", "password", "side_id"} | CONSENT_FIELDS
        return {key: value for key, value in self.data.items() if key in keep}


CONSENT_FIELDS = frozenset({"consent_data_processing", "accepts_confidentiality_rule"})


class FilterSelect(SelectField):
    """A filter's ``<select>``: left empty it is no choice to check, as ``Optional`` then stops
    the validation and drops its errors anyway (checking would load WTForms' own catalogue)."""

    def pre_validate(self, form):
        empty = not self.raw_data or (
            isinstance(self.raw_data[0], str) and not self.raw_data[0].strip()
        )
        if not empty:
            super().pre_validate(form)


class DeskFilterForm(BaseForm):
    class Meta:
        csrf = False

    # Every filter's options are fixed per programme and language: each <select> is rendered
    # once per value and language, then reused.
    status = FilterSelect(_l("Status"), validators=[Optional()], widget=RememberedSelect())
    side = FilterSelect(_l("Side"), validators=[Optional()], widget=RememberedSelect())
    role = FilterSelect(_l("Role"), validators=[Optional()], widget=RememberedSelect())
    nationality = FilterSelect(
        _l("Nationality"), validators=[Optional()], widget=RememberedSelect()
    )
    q = StringField(_l("Name or email"), validators=[Optional(), Length(max=200)])

    def __init__(self, formdata, programme, sides: dict[int, str] | None = None):
        """``sides``: each side's name by id, if already read (else the programme's sides)."""
        super().__init__(formdata)
        if sides is None:
            sides = {side.id: side.name for side in programme.sides}
        # Labels as text, each translated once (a lazy label is translated at every use).
        any_ = _("Any")
        self.status.choices = _choices(
            [("", any_), *((s.value, str(STATUS_LABELS[s])) for s in RegistrationStatus)]
        )
        self.side.choices = _choices([("", any_), *((str(i), name) for i, name in sides.items())])
        self.role.choices = _choices([("", any_), *((v, str(label)) for v, label in ROLE_CHOICES)])
        self.nationality.choices = _countries(any_)


class DecisionForm(BaseForm):
    registration_ids = SelectMultipleField(_l("Registrations"), coerce=int, validate_choice=False)
    status = SelectField(
        _l("Decision"),
        choices=_choices((status.value, DECISION_LABELS[status.value]) for status in DECISIONS),
        validators=[InputRequired()],
    )
    confirm_parity = HiddenField()
    return_query = HiddenField()

    def validate_registration_ids(self, field) -> None:
        """An id no row can have is unknown, as ``decide_many`` says of any other; refused
        here, as the database cannot even be asked about it."""
        if not all(is_possible_id(number) for number in field.data or []):
            raise ValidationError(str(UNKNOWN_REGISTRATION))


class ImportForm(BaseForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a CSV file."))])


class ImportConfirmForm(BaseForm):
    content = TextAreaField(validators=[DataRequired()])


class EraseForm(BaseForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1024)])
    understood = BooleanField(
        _l("I understand that this cannot be undone"),
        validators=[DataRequired(_l("Tick to confirm."))],
    )


def show_errors(form, error: ValidationFailed) -> None:
    """Put an operation's messages on the fields of the same name (or on the form)."""
    for key, messages in error.fields.items():
        field = getattr(form, key, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, *messages]
        else:
            form.form_errors.extend(messages)
