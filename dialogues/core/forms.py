"""The base form: strips surrounding whitespace from every text field."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, FormField
from wtforms.widgets import Select


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


class RememberedSelect(Select):
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
