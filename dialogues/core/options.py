"""Long lists written in one pass: ``<option>`` elements (``|options``) and checkboxes.

A filter with a thousand choices (every session of a large programme) cost about 2 ms a page
when Jinja wrote each option; here each value and label is escaped and joined at once.
"""

from markupsafe import Markup, escape


def option_list(choices, selected=None) -> Markup:
    """``<option>`` per ``(value, label)`` pair; the one equal to ``selected`` is selected."""
    parts = []
    for value, label in choices:
        chosen = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>')
    # Every value and label is escaped above.
    return Markup("".join(parts))  # noqa: S704  # nosec B704


def checkbox_list(attributes: str, name: str, boxes) -> Markup:
    """WTForms' ``<ul>`` of checkboxes, each box before its label (``CheckboxList``).

    ``attributes``: the list's, as WTForms' ``html_params`` writes them (escaped there);
    ``boxes``: ``(id, value, label, checked)`` for each box, escaped here.
    """
    name = escape(name)
    items = []
    for box, value, label, checked in boxes:
        box, ticked = escape(box), "checked " if checked else ""
        items.append(
            f'<li><input {ticked}id="{box}" name="{name}" type="checkbox" value="{escape(value)}">'
            f' <label for="{box}">{escape(label)}</label></li>'
        )
    # Every value and label is escaped above, and the attributes by ``html_params``.
    return Markup(f"<ul {attributes}>{''.join(items)}</ul>")  # noqa: S704  # nosec B704
