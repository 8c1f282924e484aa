"""The fast widgets for long lists write exactly what WTForms' own widgets write."""

from markupsafe import Markup
from wtforms import Form, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired
from wtforms.widgets import CheckboxInput, ListWidget, Select

from dialogues.core.forms import CheckboxesField, CheckboxList, LongSelect

TRICKY = [
    SelectChoice(value, label)
    for value, label in [
        ("", "Choose…"),
        ("Asia/Tokyo", "Asia/Tokyo"),
        ('a"b&c', "<script>alert(1)</script>"),
        ("Asia/Riyadh", "الرياض"),
        ("Asia/Shanghai", "上海 & 北京"),
    ]
]


class Zones(Form):
    fast = SelectField(choices=TRICKY, validators=[DataRequired()], widget=LongSelect())
    stock = SelectField(choices=TRICKY, validators=[DataRequired()], widget=Select())


class People(Form):
    fast = CheckboxesField(coerce=int)
    stock = SelectMultipleField(
        coerce=int, widget=ListWidget(prefix_label=False), option_widget=CheckboxInput()
    )


def _people(data: list[int], labels: list[str]) -> People:
    form = People(data={"fast": data, "stock": data})
    for field in (form.fast, form.stock):
        field.choices = [SelectChoice(n, label) for n, label in enumerate(labels, start=1)]
    return form


def test_long_select_writes_what_wtforms_writes():
    for chosen in ("Asia/Riyadh", 'a"b&c', ""):
        form = Zones(data={"fast": chosen, "stock": chosen})
        fast = form.fast(**{"aria-describedby": "fast-hint"})
        stock = str(form.stock(**{"aria-describedby": "fast-hint"}))

        assert isinstance(fast, Markup)
        assert str(fast) == stock.replace('"stock"', '"fast"')
    assert "&lt;script&gt;" in form.fast()
    assert "<script>" not in form.fast()
    assert (
        '<option selected value="Asia/Riyadh">الرياض</option>'
        in Zones(data={"fast": "Asia/Riyadh"}).fast()
    )


def test_an_option_with_attributes_of_its_own_goes_through_wtforms():
    form = Zones(data={"fast": "x"})
    form.fast.choices = [SelectChoice("x", "X", render_kw={"disabled": True})]

    assert '<option disabled selected value="x">X</option>' in form.fast()


def test_checkbox_list_writes_what_wtforms_writes():
    labels = ["Ada · Side A", "<b>Bold</b> & co", "ليلى · الجانب ب", "李雷 · 乙方"]
    for data in ([], [2], [1, 3, 4]):
        form = _people(data, labels)
        fast, stock = form.fast(), form.stock()

        assert isinstance(fast, Markup)
        assert str(fast) == str(stock).replace("stock", "fast")
    checked = _people([2], labels).fast()
    assert '<input checked id="fast-1" name="fast" type="checkbox" value="2">' in checked
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in checked


def test_checkbox_list_with_attributes_goes_through_wtforms():
    form = _people([1], ["One"])
    form.fast.render_kw = form.stock.render_kw = {"class": "boxes"}

    assert isinstance(CheckboxesField.widget, CheckboxList)
    assert 'class="boxes" id="fast-0"' in form.fast()
    assert str(form.fast()) == str(form.stock()).replace("stock", "fast")
