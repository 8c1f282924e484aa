"""Templates translate as Jinja's newstyle gettext does, through the render's own catalogue."""

from flask import render_template_string
from flask_babel import force_locale


def render(app, source: str, language: str = "en", **values) -> str:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        return render_template_string(source, **values)


def test_a_message_is_translated_in_the_request_language(app):
    assert render(app, "{{ _('Sessions') }}", "ru") == "Заседания"
    assert render(app, "{{ _('Sessions') }}") == "Sessions"


def test_values_may_be_named_like_the_callables_own_arguments(app):
    source = "{{ _('%(field)s: %(message)s', field='Title', message=v, context=v, num=v) }}"
    assert render(app, source, v="too long") == "Title: too long"
    source = "{{ ngettext('%(num)d %(singular)s', '%(num)d %(plural)s', 2, singular=v, plural=v) }}"
    assert render(app, source, v="x") == "2 x"


def test_values_are_escaped_but_the_message_is_not(app):
    page = render(app, "{{ _('%(field)s: %(message)s', field='<b>', message=v) }}", v="<script>")
    assert page == "&lt;b&gt;: &lt;script&gt;"


def test_a_doubled_percent_is_one_with_or_without_values(app):
    assert render(app, "{{ _('100%%') }}") == "100%"
    assert render(app, "{{ _('%(n)s%%', n=5) }}") == "5%"


def test_plural_forms_fill_num_and_follow_the_language(app):
    source = "{{ ngettext('%(num)d device.', '%(num)d devices.', n) }}"
    assert render(app, source, n=1) == "1 device."
    assert render(app, source, n=3) == "3 devices."


def test_a_forced_language_inside_a_request_is_used(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        with force_locale("ru"):
            inside = render_template_string("{{ _('Sessions') }}")
        after = render_template_string("{{ _('Sessions') }}")
    assert (inside, after) == ("Заседания", "Sessions")
