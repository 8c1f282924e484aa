"""Forms for sessions, attendance, notes, calendar feeds and the viewer's time zone."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from dialogues.core.errors import ValidationFailed
from dialogues.core.forms import BaseForm, CheckboxesField, LongSelect
from dialogues.programmes.models import Confidentiality
from dialogues.sessions.inputs import SessionInput
from dialogues.sessions.labels import FORMAT_LABELS, RULE_LABELS
from dialogues.sessions.models import AttendanceStatus
from dialogues.sessions.times import NoSuchLocalTime, known_zones, local_to_utc, zone_problem

FORMATS = [SelectChoice(f.value, label) for f, label in FORMAT_LABELS.items()]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class ZoneField(SelectField):
    """A time zone picked from the IANA list; an unknown name gets a message naming it."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("widget", LongSelect())
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.choices = choices((zone, zone.replace("_", " ")) for zone in known_zones())

    def pre_validate(self, form) -> None:
        if problem := zone_problem(self.data):
            raise ValidationError(problem)


class SessionForm(BaseForm):
    title = StringField(_l("Title"), [InputRequired()])
    format = SelectField(_l("Format"), choices=FORMATS)
    timezone = ZoneField(_l("Times are in"))
    starts_at = DateTimeLocalField(_l("Starts"), [InputRequired()], format=LOCAL_FORMAT)
    ends_at = DateTimeLocalField(_l("Ends"), [InputRequired()], format=LOCAL_FORMAT)
    venue = StringField(_l("Venue"), [Optional()])
    online_url = URLField(_l("Online link"), [Optional()])
    confidentiality = SelectField(_l("Confidentiality rule"))
    facilitator_ids = CheckboxesField(_l("Facilitators"), coerce=int)
    invite_all = BooleanField(_l("Invite every accepted participant"))
    participant_ids = CheckboxesField(_l("Invited participants"), coerce=int)
    agenda = TextAreaField(_l("Agenda (Markdown)"))
    allow_conflicts = BooleanField(_l("Schedule it despite the clashes listed above"))

    def setup(self, programme, staff, participants) -> "SessionForm":
        """``participants``: the accepted, as ``(registration id, name, side name)`` rows."""
        own = RULE_LABELS[programme.confidentiality.value]
        self.confidentiality.choices = choices(
            [("", _("The programme's rule (%(rule)s)", rule=own))]
            + [(rule.value, RULE_LABELS[rule.value]) for rule in Confidentiality]
        )
        self.facilitator_ids.choices = choices((user.id, user.name) for user in staff)
        self.accepted_ids = tuple(registration_id for registration_id, _name, _side in participants)
        self.participant_ids.choices = choices(
            (registration_id, f"{name or '—'} · {side}")
            for registration_id, name, side in participants
        )
        if not self.timezone.data:
            self.timezone.data = programme.timezone
        return self

    def to_input(self) -> SessionInput:
        """The form as a ``SessionInput``; wall-clock times read in the chosen zone."""
        instants, errors = {}, {}
        for name in ("starts_at", "ends_at"):
            try:
                instants[name] = local_to_utc(getattr(self, name).data, self.timezone.data)
            except NoSuchLocalTime as problem:
                errors[name] = [str(problem)]
        if errors:
            raise ValidationFailed(errors)
        return SessionInput(
            title=self.title.data or "",
            format=self.format.data,
            venue=self.venue.data or "",
            online_url=self.online_url.data or "",
            confidentiality=self.confidentiality.data or None,
            facilitator_ids=tuple(self.facilitator_ids.data or ()),
            agenda=self.agenda.data or "",
            participant_ids=self.accepted_ids
            if self.invite_all.data
            else tuple(self.participant_ids.data or ()),
            allow_conflicts=self.allow_conflicts.data,
            **instants,
        )

    def add_errors(self, fields: dict[str, list[str]]) -> None:
        for name, messages in fields.items():
            target = getattr(self, name, None)
            if target is None or not hasattr(target, "errors"):
                self.form_errors.extend(messages)
            else:
                target.errors = [*target.errors, *messages]


class ConfirmForm(BaseForm):
    """A button-only form (cancel, revoke, issue): the CSRF token is all it carries."""


class AnswerForm(BaseForm):
    status = SelectField(
        _l("Your answer"),
        choices=choices(
            [
                (AttendanceStatus.CONFIRMED.value, _l("I will attend")),
                (AttendanceStatus.DECLINED.value, _l("I cannot attend")),
            ]
        ),
    )


class NoteForm(BaseForm):
    text = TextAreaField(_l("Note (Markdown)"), [InputRequired()])
    speaker_id = SelectField(
        _l("Speaker"), coerce=lambda v: int(v) if v else None, validate_choice=False
    )
    confirm_identities = BooleanField(
        _l("Save anyway: I have checked that no one can be identified")
    )

    def setup(self, speakers) -> "NoteForm":
        self.speaker_id.choices = choices(
            [("", _("No one named"))] + [(r.id, r.user.name) for r in speakers]
        )
        return self
