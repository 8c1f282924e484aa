"""No English is written into a template outside ``_()``: every word a reader sees, in the page's
text, in the attributes people see or hear (title, placeholder, aria-label, alt, a confirmation
question) and in string literals a template prints (a heading set for the error layout, a tab's
label, a field's hint), goes through the catalogue.

The template's text is read with Jinja's lexer (comments dropped, every ``{{ }}`` and ``{% %}``
replaced by a blank mark), then with an HTML parser (tags, ``<script>``, ``<style>`` and ``<code>``
dropped);
the literals are read from Jinja's syntax tree.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment, nodes

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
PAGES = sorted([*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.txt")])
GETTEXT = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext"})
# Words that are the same in every language, each with the reason.
ALLOWED = {
    "Dialogues": "the product's name",
    "openapi.json": "the OpenAPI document's file name, a link to it",
    ".ics": "the extension of a calendar file's name",
}
# Attributes a reader sees (tooltips, placeholders, alternatives) or hears (screen readers), and
# the question the confirmation dialog asks.
SHOWN_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt", "data-confirm"})
# Keyword arguments that never reach the reader (CSS classes, ids, input hints).
TECHNICAL_KEYWORDS = frozenset({"class_", "id", "type", "autocomplete", "inputmode", "rel"})
# Elements whose text is not prose: scripts, styles, and code (a command, a CSV column's name).
UNREAD = frozenset({"script", "style", "code"})
HOLE = "\x00"  # where a {{ }} or {% %} stood
WORD = re.compile(r"[^\W\d_]")


def environment() -> Environment:
    # Only lexed and parsed, never rendered: autoescape does not matter here.
    extensions = ["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"]
    return Environment(extensions=extensions)  # noqa: S701


def words(text: str) -> str:
    """What is left of ``text`` once allowed words are taken out: empty when no letters remain."""
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    return text.strip() if WORD.search(text) else ""


class TextReader(HTMLParser):
    """Collects the text a reader sees and the shown attributes' values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.hidden = 0  # inside <script>, <style>, or <code> (commands, column names)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in UNREAD:
            self.hidden += 1
        attributes = dict(attrs)
        shown = [v for k, v in attrs if k in SHOWN_ATTRIBUTES]
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            shown.append(attributes.get("value"))
        self.found.extend(f"{tag} attribute: {left}" for v in shown if (left := _left(v)))

    def handle_endtag(self, tag) -> None:
        if tag in UNREAD:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.found.extend(f"text: {left}" for left in map(_left, data.split(HOLE)) if left)


def _left(value: str | None) -> str:
    return "" if value is None else " ".join(part for p in value.split(HOLE) if (part := words(p)))


def text_outside_tags(source: str) -> list[str]:
    """English in the template's own text and shown attributes."""
    kept = []
    for _line, kind, value in environment().lex(source):
        if kind == "data":
            kept.append(value)
        elif kind in ("variable_begin", "block_begin"):
            kept.append(HOLE)
    reader = TextReader()
    reader.feed("".join(kept))
    reader.close()
    return reader.found


def literals_outside_gettext(source: str) -> list[str]:
    """Human text in string literals that are not the English of a ``_()`` call."""
    found = []

    def visit(node, marked: bool) -> None:
        if isinstance(node, nodes.Call) and getattr(node.node, "name", None) in GETTEXT:
            marked = True
        if isinstance(node, nodes.Keyword) and node.key in TECHNICAL_KEYWORDS:
            return
        is_text = isinstance(node, nodes.Const) and isinstance(node.value, str)
        if is_text and not marked and looks_human(node.value):
            found.append(f"literal: {node.value!r}")
        for child in node.iter_child_nodes():
            visit(child, marked)

    visit(environment().parse(source), False)
    return found


def looks_human(value: str) -> bool:
    """Words a reader would read: "Overview", "No limit"; not "sessions.list_sessions", "kind",
    "%.2f", "-error", "UTC" or a class name such as "BooleanField"."""
    left = words(value)
    if not left or re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+", left):
        return False
    return bool(re.search(r"[^\W\d_]{2,}\s+[^\W\d_]|^[A-Z][a-z]", left))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_english_outside_gettext(path):
    source = path.read_text()
    assert text_outside_tags(source) + literals_outside_gettext(source) == []


def test_the_checks_catch_what_they_look_for():
    """Guard against a check that can never fail."""
    page = (
        '{# Comment words #}<p>Sign in</p><a title="Edit it" href="{{ url }}">{{ _("Edit") }}</a>'
        '<script>const words = "never read";</script><code>dialogues demo</code>'
        '{{ "%.2f"|format(x) }}·{{ tab("a.b", "Overview") }}{% set heading = "Not found" %}'
        "<button data-confirm=\"{{ _('Sure?') }}\">{{ _('Go') }}</button>"
        '<form data-confirm="Remove {{ name }}?"></form>{{ b(class_="button button-quiet") }}'
        '<input type="submit" value="Save">'
    )
    assert text_outside_tags(page) == [
        "text: Sign in", "a attribute: Edit it", "form attribute: Remove", "input attribute: Save",
    ]  # fmt: skip
    assert literals_outside_gettext(page) == ["literal: 'Overview'", "literal: 'Not found'"]
    assert not text_outside_tags("<title>{% block t %}{{ t }}{% endblock %} · Dialogues</title>")
    assert not literals_outside_gettext('{{ _("%(v)s", v="a, b") }}{{ x|label("kind") }}')
    assert not literals_outside_gettext("{% if f.type == 'BooleanField' %}{% endif %}")
