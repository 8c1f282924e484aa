"""Forms for recommendations. Checks live in ``validation`` (shared with the API): a form only
turns what was posted into the same plain data the API takes, and shows the messages.

Each side gets a position field, and each disputed passage a row with one wording per side, so
the form is built for the programme at hand.
"""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext
from wtforms import (
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Optional

from dialogues.core.forms import BaseForm, CheckboxesField
from dialogues.recommendations import labels
from dialogues.recommendations.models import Agreement, RecommendationStatus

ALTERNATIVE = re.compile(r"^alternative_(\d{1,2})_(\d{1,18})$")
TOPIC_SEPARATORS = re.compile(r"[,;\n，、،؛]")  # Latin, Chinese and Arabic commas
MAX_PASSAGES = 50


class OpenedVersion:
    """A hidden field with the version the page showed, so that what is posted applies to the
    words the person read (``changed_since`` in ``versions``)."""

    version = HiddenField()

    def opened_version(self) -> int | None:
        """The version posted; None when none was (a post not made from the page)."""
        value = str(self.version.data or "")
        return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class RecommendationForm(OpenedVersion, BaseForm):
    title = StringField(lazy_gettext("Title"))
    summary = TextAreaField(
        lazy_gettext("Summary"),
        description=lazy_gettext("A few sentences anyone can read on their own."),
    )
    body = TextAreaField(
        lazy_gettext("Text"),
        description=lazy_gettext(
            "Markdown. Refer to a disputed passage by its number in brackets: [1]."
        ),
    )
    agreement = SelectField(
        lazy_gettext("Level of agreement"),
        choices=[SelectChoice("", lazy_gettext("Choose…"))]
        + [SelectChoice(a.value, labels.AGREEMENT[a]) for a in Agreement],
        validate_choice=False,
    )
    addressed_to = CheckboxesField(lazy_gettext("Addressed to"), coerce=int, validate_choice=False)
    session_ids = CheckboxesField(
        lazy_gettext("From the sessions"), coerce=int, validate_choice=False
    )
    topics = StringField(
        lazy_gettext("Topics"),
        description=lazy_gettext("Separated by commas."),
        validators=[Optional()],
    )

    def position_field(self, side):
        return self[f"position_{side.id}"]

    def alternative_field(self, passage: int, side):
        return self[f"alternative_{passage}_{side.id}"]

    def to_data(self) -> dict:
        """The same shape as the API's JSON body."""
        return {
            "title": self.title.data or "",
            "summary": self.summary.data or "",
            "body": self.body.data or "",
            "agreement": self.agreement.data or "",
            "addressed_to": list(self.addressed_to.data or []),
            "session_ids": list(self.session_ids.data or []),
            "topics": [t.strip() for t in TOPIC_SEPARATORS.split(self.topics.data or "")],
            "positions": [
                {"side_id": side.id, "text": self.position_field(side).data or ""}
                for side in self.sides
            ],
            "alternatives": [
                {"passage": n, "side_id": side.id, "text": self.alternative_field(n, side).data}
                for n in self.passages
                for side in self.sides
                if (self.alternative_field(n, side).data or "").strip()
            ],
        }

    def show_errors(self, fields: dict[str, list[str]]) -> None:
        """Messages from the operation, next to the fields they name."""
        self.group_errors = {}
        for name, messages in fields.items():
            if name in self and name not in {"positions", "alternatives"}:
                self[name].errors = [*self[name].errors, *messages]
            else:
                self.group_errors.setdefault(name, []).extend(messages)


def recommendation_form(programme, sessions, passages: list[int], **kwargs) -> RecommendationForm:
    """A form for this programme's sides and sessions, with these passage rows."""

    class Form(RecommendationForm):
        pass

    for side in programme.sides:
        label = _("Position of %(side)s", side=side.name)
        setattr(Form, f"position_{side.id}", TextAreaField(label))
        for n in passages:
            setattr(Form, f"alternative_{n}_{side.id}", TextAreaField(f"[{n}] {side.name}"))
    form = Form(**kwargs)
    form.sides = list(programme.sides)
    form.passages = passages
    form.group_errors = {}
    form.addressed_to.choices = [SelectChoice(side.id, side.name) for side in programme.sides]
    form.session_ids.choices = [
        SelectChoice(item.id, f"{item.title} — {item.starts_at:%Y-%m-%d}") for item in sessions
    ]
    return form


def posted_passages(formdata) -> list[int]:
    """The passage rows a posted form holds (a script may have added rows)."""
    found = {int(m.group(1)) for key in formdata if (m := ALTERNATIVE.match(key))}
    return sorted(n for n in found if 1 <= n <= MAX_PASSAGES) or [1]


def initial_data(recommendation) -> dict:
    """The form's fields for an existing recommendation."""
    data = {
        "version": recommendation.version,
        "title": recommendation.title,
        "summary": recommendation.summary,
        "body": recommendation.body,
        "agreement": str(recommendation.agreement),
        "addressed_to": [side.id for side in recommendation.addressed_to],
        "session_ids": [item.id for item in recommendation.sessions],
        "topics": ", ".join(t.topic for t in recommendation.topics),
    }
    data.update({f"position_{p.side_id}": p.text for p in recommendation.positions})
    data.update(
        {f"alternative_{a.passage}_{a.side_id}": a.text for a in recommendation.alternatives}
    )
    return data


def passages_for(recommendation) -> list[int]:
    """Existing passage rows, and one blank row to add another."""
    used = sorted({a.passage for a in recommendation.alternatives}) if recommendation else []
    return [*used, (max(used) + 1 if used else 1)]


class TransitionForm(BaseForm):
    to = SelectField(
        lazy_gettext("Move to"),
        choices=[SelectChoice(s.value, labels.STATUS[s]) for s in RecommendationStatus],
        validate_choice=False,
    )
    comment = TextAreaField(
        lazy_gettext("Comment"),
        description=lazy_gettext("Why — the author and the history see it."),
    )


class ActionForm(BaseForm):
    """A button that only needs the CSRF token (withdraw an endorsement, dismiss a notice)."""


class EndorseForm(OpenedVersion, BaseForm):
    """The endorse button, naming the version the page showed."""
