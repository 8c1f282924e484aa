"""The base form: strips surrounding whitespace from every text field."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import FieldList, FormField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget, Select, html_params

from dialogues.core.options import checkbox_list


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, FieldList | FormField):
                return unbound_field.bind(form=form, **options)  # their inner fields strip
            filters = unbound_field.kwargs.get("filters", [])
            if _strip not in filters:
                unbound_field.kwargs["filters"] = [_strip, *filters]
            return unbound_field.bind(form=form, **options)


class LongSelect(Select):
    """A ``<select>`` whose plain options are each written with one f-string.

    For long lists (every time zone: about 600 options): WTForms builds each option's
    attributes through its generic ``html_params``, which made the account page take 37 ms
    on a slow machine. The output is the same: value escaped, ``selected`` when chosen, label
    escaped, as WTForms writes it. An option with attributes of its own goes through WTForms.
    """

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        chosen = "selected " if choice.selected else ""
        label = escape(choice.label or choice.value)
        return f'<option {chosen}value="{escape(choice.value)}">{label}</option>'


class CheckboxList(ListWidget):
    """WTForms' ``<ul>`` of checkboxes (label after each box), each written with one f-string.

    A session's invitation list holds every accepted participant (3,000 on the large demo):
    WTForms makes a field object per box and looks each value up in the chosen list, which
    took the session form most of a second. The output is WTForms' markup; a field or choice
    with attributes of its own goes through WTForms.
    """

    def __init__(self):
        super().__init__(prefix_label=False)

    def __call__(self, field, **kwargs):
        options = field._choices_from_input(field.choices) or []
        if field.render_kw or any(option.render_kw for option in options):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        chosen = set(field.data or ())
        boxes = (
            (
                f"{field.id}-{index}",
                option.value,
                option.label or option.value,
                field.coerce(option.value) in chosen,
            )
            for index, option in enumerate(options)
        )
        return checkbox_list(html_params(**kwargs), field.name, boxes)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = CheckboxList()
    option_widget = CheckboxInput()


class RememberedSelect(LongSelect):
    """A ``<select>`` rendered once per choices, value and attributes, then reused.

    For long, fixed lists (every country): rendering 250 options on each request took half
    of the registration desk's time under the profiler. The key holds every label as text, so
    each language gets its own entry; the memo is bounded.
    """

    LIMIT = 512

    def __init__(self):
        super().__init__()
        self._memo: dict = {}

    def __call__(self, field, **kwargs):
        key = (
            field.id,
            field.name,
            tuple((str(choice.value), str(choice.label)) for choice in field.choices),
            repr(field.data),
            field.flags.required,
            tuple(sorted((name, str(value)) for name, value in kwargs.items())),
        )
        html = self._memo.get(key)
        if html is None:
            html = super().__call__(field, **kwargs)
            if len(self._memo) >= self.LIMIT:
                self._memo.clear()
            self._memo[key] = html
        return html


def searchable(kind: str = "") -> dict:
    """``render_kw`` for a multi-select that ``static/js/country-select.js`` makes searchable,
    with the words the script shows in the reader's language ({label}, {name} and {count} are
    filled in by the script)."""
    return {
        "data-searchable": kind,
        "data-text-search": _l("Search by name or code"),
        "data-text-chosen": _l("Chosen: {label}"),
        "data-text-remove": _l("Remove {name}"),
        "data-text-matches": _l("Matches: {count}"),
    }
