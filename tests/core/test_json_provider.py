"""JSON answers written by orjson mean what Flask's own provider wrote, byte for byte where the
text is ASCII, and carry any script as UTF-8."""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import jsonify
from flask.json.provider import DefaultJSONProvider
from markupsafe import Markup

from dialogues.core.json_provider import JSONProvider


@dataclass
class Point:
    x: int
    label: str


VALUES = {
    "zebra": 1,
    "alpha": [1.5, None, True, False],
    "nested": {"b": {"d": 1, "c": 2}, "a": "x"},
    "when": datetime(2027, 3, 2, 9, 0, tzinfo=UTC),
    "day": date(2027, 3, 2),
    "amount": Decimal("12.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "point": Point(3, "p"),
    "html": Markup("<b>bold</b>"),
}


def _counting(calls: list):
    original = DefaultJSONProvider.response

    def response(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    return response


def test_the_app_writes_its_json_with_orjson(app):
    assert isinstance(app.json, JSONProvider)


def test_same_text_as_flasks_own_provider(app, monkeypatch):
    fallbacks = []
    monkeypatch.setattr(DefaultJSONProvider, "response", _counting(fallbacks))
    with app.test_request_context():
        ours = jsonify(VALUES).get_data()
        flasks = DefaultJSONProvider(app).response(VALUES).get_data()
    assert ours == flasks
    assert len(fallbacks) == 1  # Flask's own provider, called above: ours needed no fallback
    assert ours.index(b'"alpha"') < ours.index(b'"zebra"')  # keys sorted, as before
    assert json.loads(ours)["when"] == "Tue, 02 Mar 2027 09:00:00 GMT"


@pytest.mark.parametrize(
    "text", ["中美二轨对话", "Диалог", "حوار المسار الثاني", "한국어", "emoji 🕊️", 'quote " \\ \n']
)
def test_any_script_survives_as_utf8(app, text):
    with app.test_request_context():
        response = jsonify({"title": text})
    assert response.mimetype == "application/json"
    assert json.loads(response.get_data().decode("utf-8")) == {"title": text}


@pytest.mark.parametrize(
    "values",
    [{"lone": "\ud800"}, {"big": 2**70}, {"by_side": {12: "sorted by number", 7: "as Flask"}}],
)
def test_what_orjson_cannot_write_as_flask_falls_back_to_flasks_encoder(app, values):
    with app.test_request_context():
        response = jsonify(values)
    assert response.status_code == 200
    assert (
        response.get_data()
        == json.dumps(values, sort_keys=True, separators=(",", ":")).encode() + b"\n"
    )


def test_indented_in_debug_mode_compact_otherwise(app):
    with app.test_request_context():
        assert jsonify({"a": [1, 2]}).get_data() == b'{"a":[1,2]}\n'
        app.debug = True
        try:
            pretty = jsonify({"a": [1, 2]}).get_data()
        finally:
            app.debug = False
    assert pretty == b'{\n  "a": [\n    1,\n    2\n  ]\n}\n'


def test_an_api_answer_reads_back_with_its_non_ascii_text(client, bearer, make):
    admin = make.user(is_admin=True)
    programme = make.programme(title="中美二轨对话 · Диалог")
    headers = bearer(admin)
    response = client.get(f"/api/v1/programmes/{programme.id}", headers=headers)
    assert response.status_code == 200
    assert "中美二轨对话 · Диалог".encode() in response.get_data()
    assert response.get_json()["title"] == "中美二轨对话 · Диалог"
