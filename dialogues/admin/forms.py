"""The audit log's filter form (read from the query string)."""

from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import NumberRange, Optional

from dialogues.core.forms import BaseForm


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = StringField("Action", validators=[Optional()])
    actor = StringField("Actor email", validators=[Optional()])
    object_type = SelectField("Record type", validators=[Optional()], choices=[])
    programme_id = IntegerField("Programme id", validators=[Optional(), NumberRange(min=1)])
    since = DateField("From", validators=[Optional()])
    until = DateField("To", validators=[Optional()])
