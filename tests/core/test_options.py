"""``|options`` writes a long list's options in one pass, escaped like the rest of the page."""

from flask import render_template_string


def test_values_and_labels_are_escaped_and_the_chosen_one_selected(app):
    choices = [(1, "Plenary <b>one</b>"), (2, 'Quote " & كلمة'), (3, "第三")]
    with app.test_request_context("/"):
        html = render_template_string("{{ choices|options(2) }}", choices=choices)
    assert html == (
        '<option value="1">Plenary &lt;b&gt;one&lt;/b&gt;</option>'
        '<option value="2" selected>Quote &#34; &amp; كلمة</option>'
        '<option value="3">第三</option>'
    )


def test_nothing_selected_when_no_value_matches(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ [('a', 'A')]|options(None) }}")
    assert html == '<option value="a">A</option>'
