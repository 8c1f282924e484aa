"""Static checks: no template marks data safe, no code builds Markup from user data, and no
template is rendered from a string.

Safe HTML comes from one place: ``core.markdown.render_markdown`` (nh3-sanitised). Anything else
that needs to be Markup must be added below with the reason.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SOURCES = sorted((ROOT / "dialogues").rglob("*.py"))
MARKUP_ALLOWED = {
    "dialogues/core/markdown.py": "wraps the nh3-sanitised HTML of render_markdown",
    "dialogues/core/i18n.py": "the |bdi filter: Markup.format escapes the text it isolates",
    "dialogues/core/escaping.py": "escapes every value a template prints, as markupsafe.escape "
    "does (tests/core/test_escaping.py), into str instead of Markup",
    "dialogues/core/options.py": "|options: escapes every value and label it joins",
    "dialogues/core/template_gettext.py": "Jinja's gettext: our catalogue's message is markup, "
    "the values filled into it are escaped by Markup's %",
}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_never_mark_data_safe(path):
    text = path.read_text()
    assert not re.search(r"\|\s*safe\b", text), "use render_markdown, never |safe"
    assert not re.search(r"\{%-?\s*filter\s+safe\b", text), "use render_markdown, never safe"
    assert not re.search(r"\{%-?\s*autoescape\s+false", text)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_code_builds_no_markup_and_renders_no_template_strings(path):
    text = path.read_text()
    relative = str(path.relative_to(ROOT))
    assert "render_template_string" not in text
    assert not re.search(r"\.from_string\(|\bTemplate\(", text), "templates come from files"
    assert not re.search(r"autoescape\s*=\s*False", text)
    if relative not in MARKUP_ALLOWED:
        assert not re.search(r"\bMarkup\b", text), f"{relative} uses Markup"


def test_the_checks_catch_what_they_look_for():
    """Guard against a check that can never fail."""
    assert re.search(r"\|\s*safe\b", "{{ note.text | safe }}")
    assert re.search(r"\bMarkup\b", "from markupsafe import Markup as M")
    assert re.search(r"\.from_string\(|\bTemplate\(", "env.from_string(user_text).render()")
    assert re.search(r"\{%-?\s*filter\s+safe\b", "{%- filter safe %}{{ x }}{% endfilter %}")
