"""Printed values are escaped exactly as markupsafe escapes them, on every template path."""

from decimal import Decimal

import markupsafe
import pytest
from flask import render_template_string
from markupsafe import Markup, escape

from dialogues.core.escaping import escape_output, text_escaper


class Html:
    def __html__(self):
        return "<b>already safe</b>"

    def __repr__(self):
        return "Html()"


class Named(str):
    """A str subclass: not the fast path, still escaped."""


VALUES = [
    "plain",
    "",
    "<script>alert('x')</script> & \"quoted\"",
    "海上安全 & <b>",
    "الأمن البحري <i>",
    "Морская безопасность ' \"",
    Markup("<em>kept</em>"),
    Named("<named>"),
    Html(),
    42,
    Decimal("3.50"),
    None,
    ["<list>"],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_escape_output_gives_what_markupsafe_gives(value):
    escaped = escape_output(value)
    assert escaped == str(escape(value))
    assert type(escaped) in {str, Markup}


class WithoutInner:
    """markupsafe as a release without its private ``_escape_inner`` would be."""

    escape = staticmethod(markupsafe.escape)


@pytest.mark.parametrize("text", [v for v in VALUES if isinstance(v, str)], ids=repr)
def test_without_markupsafes_private_escaper_the_public_one_serves(text):
    escaped = text_escaper(WithoutInner)(text)
    assert escaped == str(escape(text))
    assert type(escaped) is str


def test_autoescaping_templates_escape_every_printed_value(app_context):
    html = render_template_string(
        "{{ text }}|{{ markup }}|{{ number }}|{{ text ~ '!' }}|{{ text|upper }}",
        text="<a href='x'>&</a>",
        markup=Markup("<em>ok</em>"),
        number=7,
    )
    assert html == (
        "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;|<em>ok</em>|7|"
        "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;!|&lt;A HREF=&#39;X&#39;&gt;&amp;&lt;/A&gt;"
    )


def test_captured_blocks_and_macros_are_escaped_once(app_context):
    html = render_template_string(
        "{% macro cell(v) %}<td>{{ v }}</td>{% endmacro %}"
        "{% set row %}<tr>{{ cell(text) }}</tr>{% endset %}{{ row }}{{ cell(text) }}",
        text="<&>",
    )
    assert html == "<tr><td>&lt;&amp;&gt;</td></tr><td>&lt;&amp;&gt;</td>"


def test_an_autoescape_block_still_decides(app_context):
    html = render_template_string(
        "{% autoescape false %}{{ text }}{% endautoescape %}|{{ text }}", text="<b>"
    )
    assert html == "<b>|&lt;b&gt;"


def test_the_app_compiles_printed_values_to_escape_output(app):
    source = "{{ title }}"
    assert "environment.escape_output(" in app.jinja_env.compile(source, raw=True)
    assert app.jinja_env.from_string(source).render(title="<t>") == "&lt;t&gt;"
