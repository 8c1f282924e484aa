"""Script, event handlers and javascript: links in any field come out inert on every page."""

from html.parser import HTMLParser

import pytest

from dialogues.extensions import db
from dialogues.recommendations.operations import transition, update_recommendation

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "javascript:alert(1)",
]


class Audit(HTMLParser):
    """Collects anything that could run: inline scripts, handlers, script URLs."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").replace(
                " ", ""
            ).lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("<script> without our src")
        if tag in {"svg", "img", "iframe", "object", "embed"}:
            self.problems.append(f"<{tag}>")


def _problems(html: str) -> list[str]:
    audit = Audit()
    audit.feed(html)
    return audit.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_are_inert(world, file, client_for, payload):
    recommendation = file(
        status="submitted",
        title=f"T {payload}",
        summary=f"S {payload}",
        body=f"B {payload}\n\n{payload}",
        topics=[f"topic {payload}"[:80]],
        positions=[{"side_id": world.us.id, "text": f"P {payload}"}],
        alternatives=[{"passage": 1, "side_id": world.cn.id, "text": f"A {payload}"}],
    )
    transition(recommendation, world["coordinator"], "returned", f"C {payload}")
    update_recommendation(recommendation, world["coordinator"], {"body": f"B2 {payload}"})
    db.session.commit()
    client = client_for(world["coordinator"])
    pages = [
        f"/recommendations/{recommendation.id}",
        f"/recommendations/{recommendation.id}/history",
        f"/recommendations/{recommendation.id}/history?old=1&new=2",
        f"/recommendations/{recommendation.id}/edit",
        f"/programmes/{world.programme.slug}/recommendations",
        f"/programmes/{world.programme.slug}/recommendations?q=T",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert _problems(html) == [], url
    shown = client.get(pages[0]).get_data(as_text=True)
    if payload.startswith("<script"):
        assert "&lt;script&gt;" in shown  # kept as text, not dropped


def test_the_audit_catches_what_it_should():
    assert _problems('<img src=x onerror="alert(1)">')
    assert _problems('<a href="javascript:alert(1)">x</a>')
    assert _problems("<script>alert(1)</script>")
    assert _problems('<script src="/static/js/dialogues.js"></script>') == []
