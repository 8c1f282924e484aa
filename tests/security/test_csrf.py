"""Every state-changing page route refuses a request without a valid CSRF token, changing nothing.

The routes come from ``app.url_map``: every non-API route that accepts POST, PUT, PATCH or
DELETE, sent by a role the access matrix allows to use it (so the refusal is the token's doing,
not a permission's), once without a token and once with a forged one. A new route is covered
the day it is added. Every ``<form method="post">`` in the templates must carry a token too.
"""

import re
from pathlib import Path

from tests.security.snapshot import differences, snapshot
from tests.security.test_access_matrix import MATRIX, VARIANT, WRITES, _rule, _url

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PREFERRED = ("coordinator", "administrator", "participant_a", "facilitator", "liaison_a")
FORGED = {"csrf_token": "IjQ2ZjE1NzE2YjY0In0.forged.signature"}


def test_every_state_changing_page_route_needs_the_token(app, world, client_for):
    clients = {}
    wrong = []
    for key, method, url, role in _page_writes(app, world):
        client = clients.get(role) or clients.setdefault(role, client_for(_person(world, role)))
        for data in ({}, FORGED):
            before = snapshot()
            response = client.open(
                url, method=method, data=data, headers={"Referer": "http://localhost/"}
            )
            changed = differences(before, snapshot())
            if response.status_code != 400 or changed:
                wrong.append((key, method, "forged" if data else "missing", response.status_code))
                wrong.extend((key, "changed", table) for table in changed)
    assert wrong == []


def test_the_check_covers_every_page_route_that_writes(app, world):
    """The generated list is not empty by accident: the known forms are among it."""
    covered = {key for key, *_ in _page_writes(app, world)}
    assert {"auth.login", "registrations.register", "programmes.edit_programme"} <= covered
    assert not any(url.startswith("/api/") for _, _, url, _ in _page_writes(app, world))


def _page_writes(app, world):
    for key, (_statuses, writers) in MATRIX.items():
        url = _url(app, world, key)
        if url.startswith("/api/"):
            continue
        for method in sorted(_rule(app, key).methods & WRITES):
            yield key, method, url, _role_for(VARIANT.match(key)["endpoint"], writers)


def _role_for(endpoint: str, writers) -> str:
    """A role allowed to write here; the administrator when the matrix allows nobody."""
    if "anonymous" in writers and endpoint in {"auth.login", "registrations.register"}:
        return "anonymous"  # these forms are for people not signed in yet
    return next((role for role in PREFERRED if role in writers), "administrator")


def _person(world, role: str):
    return None if role == "anonymous" else world.people[role]


FORM = re.compile(r"<form\b(?P<attributes>[^>]*)>(?P<body>.*?)</form>", re.DOTALL | re.IGNORECASE)
POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)
TOKEN = re.compile(r"hidden_tag\(\)|csrf_token\(\)|csrf_field\(\)|\.csrf_token\b")


def test_every_post_form_in_the_templates_carries_a_token():
    missing = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for form in FORM.finditer(path.read_text(encoding="utf-8")):
            if POST.search(form["attributes"]) and not TOKEN.search(form["body"]):
                missing.append(f"{path.relative_to(TEMPLATES)}: <form{form['attributes']}>")
    assert missing == []


def test_the_template_scan_sees_the_forms():
    forms = [
        form
        for path in TEMPLATES.rglob("*.html")
        for form in FORM.finditer(path.read_text(encoding="utf-8"))
        if POST.search(form["attributes"])
    ]
    assert len(forms) > 30
