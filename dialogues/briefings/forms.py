"""Forms of the briefings pages: which sections, for whom, in which format; and plain actions."""

from flask_babel import lazy_gettext
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from dialogues.briefings.document import SECTION_LABELS, SECTIONS
from dialogues.briefings.labels import FILE_FORMATS
from dialogues.core.forms import BaseForm, CheckboxesField
from dialogues.core.i18n import LANGUAGES, current_language
from dialogues.programmes.forms import choices


def section_choices():
    return choices((section, SECTION_LABELS[section]) for section in SECTIONS)


class SectionsForm(BaseForm):
    """The preview's choice of sections (a GET form: no CSRF token in the address)."""

    class Meta:
        csrf = False

    sections = CheckboxesField(
        lazy_gettext("Sections"), choices=section_choices(), default=list(SECTIONS)
    )


class ExportForm(BaseForm):
    format = RadioField(
        lazy_gettext("Format"),
        choices=choices(FILE_FORMATS.items()),
        default="pdf",
        validate_choice=True,
    )
    # Each language by its own name: a reader finds theirs whatever the page's language.
    language = SelectField(
        lazy_gettext("Language of headings and labels"),
        choices=choices(LANGUAGES.items()),
        description=lazy_gettext("The content stays as written."),
        default=current_language,  # the reader's own, unless they choose another
        validate_choice=True,
    )
    recipient = StringField(
        lazy_gettext("Recipient"),
        validators=[Optional(), Length(max=200)],
        description=lazy_gettext(
            "Named in the distribution mark on every page: an office or a government, "
            "not a participant. Leave empty for the side's government liaison."
        ),
    )
    sections = CheckboxesField(
        lazy_gettext("Sections"), choices=section_choices(), default=list(SECTIONS)
    )


class ActionForm(BaseForm):
    """A button that changes something: only the CSRF token."""


class ReleaseGateForm(BaseForm):
    required = BooleanField(
        lazy_gettext("Liaisons download a side's briefing only once a coordinator released it")
    )
