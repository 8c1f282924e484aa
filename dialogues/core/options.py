"""``|options``: the ``<option>`` elements of a long list, written in one pass.

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
