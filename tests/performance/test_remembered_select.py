"""The remembered <select> renders exactly what WTForms' own does, for each value and language."""

from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import Select

from dialogues.core.forms import RememberedSelect

CHOICES = [("", "Any"), ("CN", "China"), ("US", "United States")]


def _form(widget, value=None, labels=CHOICES):
    class CountryForm(Form):
        nationality = SelectField(
            "Nationality", choices=[SelectChoice(*pair) for pair in labels], widget=widget
        )

    return CountryForm(MultiDict({"nationality": value} if value else {}))


def test_same_markup_as_the_plain_select_for_every_value():
    remembered = RememberedSelect()
    for value in (None, "CN", "US", "CN"):
        plain = _form(Select(), value).nationality()
        assert _form(remembered, value).nationality() == plain
    assert '<option selected value="CN">' in _form(remembered, "CN").nationality()
    assert "selected" not in _form(remembered).nationality()
    assert len(remembered._memo) == 3


def test_other_labels_or_attributes_are_rendered_anew():
    remembered = RememberedSelect()
    english = _form(remembered).nationality()
    chinese = _form(remembered, labels=[("", "任何"), ("CN", "中国")]).nationality()
    assert "中国" in chinese
    assert "China" in english
    described = _form(remembered).nationality(**{"aria-describedby": "nationality-hint"})
    assert 'aria-describedby="nationality-hint"' in described
    assert "aria-describedby" not in _form(remembered).nationality()


def test_the_memo_is_bounded():
    remembered = RememberedSelect()
    for number in range(RememberedSelect.LIMIT + 5):
        _form(remembered, labels=[("x", f"Label {number}")]).nationality()
    assert len(remembered._memo) <= RememberedSelect.LIMIT
