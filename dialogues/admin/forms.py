"""The audit log's filter form (read from the query string)."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional, ValidationError

from dialogues.core.forms import BaseForm
from dialogues.core.urls import MAX_ID


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = StringField(_l("Action"), validators=[Optional()])
    actor = StringField(_l("Actor email"), validators=[Optional()])
    object_type = SelectField(_l("Record type"), validators=[Optional()], choices=[])
    programme_id = IntegerField(
        _l("Programme id"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)]
    )
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def validate_until(self, field) -> None:
        if self.since.data and field.data and field.data < self.since.data:
            raise ValidationError(_l("The end date is before the start date."))
