"""Numbers past what the database can hold, in pages' query strings and forms: never a 500.

SQLite takes 64-bit integers and PostgreSQL's ids and bound offsets are 32-bit INTEGERs: a page
number or an id beyond either used to reach the database and fail there. A list clamps its
``?page=`` (and shows what it shows for any page too far); a form names the field.
"""

import re

import pytest
import sqlalchemy as sa

from dialogues.core.paging import MAX_PAGE, page_number
from dialogues.extensions import db
from dialogues.programmes.models import Side
from dialogues.recommendations.models import Recommendation
from dialogues.registrations.models import Registration
from tests.conftest import post_form
from tests.security.snapshot import differences, snapshot

HUGE = "999999999999999999999"  # past 64 bits: SQLite's OverflowError
BEYOND_INTEGER = "2147483648"  # 2³¹: PostgreSQL's "integer out of range"

LISTS = [  # each redirects a page past its last to the last (the first when it is empty)
    ("anonymous", "/p/{slug}/digest"),
    ("coordinator", "/programmes/{slug}/briefings"),
    ("coordinator", "/programmes/{slug}/recommendations"),
    ("coordinator", "/programmes/{slug}/registrations"),
    ("coordinator", "/programmes/{slug}/sessions"),
    ("administrator", "/admin/audit"),
]


def _shown(response, status: int = 200) -> str:
    """The page as the reader sees it: without the tokens and nonces that change each time."""
    assert response.status_code == status, response.get_data(as_text=True)[-2000:]
    html = response.get_data(as_text=True)
    html = re.sub(r'(nonce|value|content)="[^"]{20,}"', r'\1="…"', html)
    return re.sub(r"page=\d+", "page=…", html)  # some links repeat the query string as given


@pytest.mark.parametrize(("role", "path"), LISTS)
@pytest.mark.parametrize("number", [HUGE, "42949674", BEYOND_INTEGER, str(MAX_PAGE + 1)])
def test_a_page_too_far_is_the_last_page_there_can_be(as_role, world, role, path, number):
    """Each list answers as it does for any page past its end: a redirect to its last page."""
    client = as_role(role)
    url = path.format(slug=world.programme.slug)
    before = snapshot(reads_allowed=True)
    clamped = client.get(f"{url}?page={MAX_PAGE}")
    assert clamped.status_code == 302
    assert re.search(r"[?&]page=1$", clamped.location), clamped.location
    assert _shown(client.get(f"{url}?page={number}"), 302) == _shown(clamped, 302)
    assert differences(before, snapshot(reads_allowed=True)) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 1), ("?page=abc", 1), ("?page=-5", 1), ("?page=3", 3), (f"?page={HUGE}", MAX_PAGE)],
)
def test_page_number_clamps(app, query, expected):
    with app.test_request_context(f"/{query}"):
        assert page_number() == expected
    assert (MAX_PAGE - 1) * 200 < 2**31 - 1  # the largest page of 200 still fits an INTEGER


def _decide(client, world, ids):
    desk = f"/programmes/{world.programme.slug}/registrations"
    data = {"registration_ids": ids, "status": "accepted"}
    return post_form(client, f"{desk}/decide", data, page=desk), desk


@pytest.mark.parametrize("number", [HUGE, BEYOND_INTEGER, "0"])
def test_the_desk_names_an_impossible_registration_unknown(as_role, world, make, number):
    waiting = make.registration(world.programme, world.programme.sides[0])
    client = as_role("coordinator")
    before = snapshot()
    response, desk = _decide(client, world, [str(waiting.id), number])
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Unknown registration for this programme." in page
    assert differences(before, snapshot()) == []
    assert db.session.get(Registration, waiting.id).status == "pending"


def _recommendation_form(world, **overrides) -> dict:
    side_a, side_b = world.programme.sides
    data = {
        "title": "Open a maritime hotline",
        "summary": "A line between the two navies.",
        "body": "Both sides shall open a hotline.",
        "agreement": "consensus",
        "addressed_to": [str(side_a.id), str(side_b.id)],
        f"position_{side_a.id}": "We support it.",
        f"position_{side_b.id}": "We support it too.",
    }
    return {**data, **overrides}


@pytest.mark.parametrize("number", [HUGE, BEYOND_INTEGER])
@pytest.mark.parametrize("action", ["new", "edit"])
def test_a_recommendation_names_an_impossible_session(as_role, world, number, action):
    client = as_role("facilitator")
    draft = world.recommendations["draft"]
    slug = world.programme.slug
    url = {
        "new": f"/programmes/{slug}/recommendations/new",
        "edit": f"/recommendations/{draft.id}/edit",
    }[action]
    before = snapshot()
    response = post_form(client, url, _recommendation_form(world, session_ids=[number]))
    assert response.status_code == 422
    assert "Not a session of this programme" in response.get_data(as_text=True)
    assert differences(before, snapshot()) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 6


@pytest.mark.parametrize("number", [HUGE, BEYOND_INTEGER, "100001"])
@pytest.mark.parametrize("which", ["new", "existing"])
def test_a_side_names_a_capacity_too_large(as_role, world, number, which):
    client = as_role("coordinator")
    sides = f"/programmes/{world.programme.slug}/sides"
    side = world.programme.sides[0]
    url, prefix = (sides, "new") if which == "new" else (f"{sides}/{side.id}", f"side-{side.id}")
    data = {f"{prefix}-name": "Japan", f"{prefix}-countries": ["JP"], f"{prefix}-capacity": number}
    before = snapshot()
    response = post_form(client, url, data, page=sides)
    assert response.status_code == 422
    assert "Capacity: Capacity cannot be more than 100000 places." in response.get_data(
        as_text=True
    )
    assert differences(before, snapshot()) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Side)) == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"programme_id={HUGE}", "Programme id"),
        (f"programme_id={BEYOND_INTEGER}", "Programme id"),
    ],
)
def test_the_audit_log_names_an_impossible_programme(as_role, world, query, field):
    client = as_role("administrator")
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    assert re.search(rf"{field}.*?Number must be between 1 and 2147483647", _shown(response), re.S)


@pytest.mark.parametrize(
    ("query", "everything"),
    [
        ("until=9999-12-31", True),  # no day follows it: no bound
        ("since=0001-01-01&until=9999-12-31", True),
        ("since=9999-12-31", False),
        ("until=0001-01-01", False),
    ],
)
def test_the_audit_log_reads_the_first_and_last_days_there_are(as_role, world, query, everything):
    client = as_role("administrator")
    rows = _shown(client.get("/admin/audit")).count("<tr>")
    assert rows > 1  # the world's events, and the heading
    assert _shown(client.get(f"/admin/audit?{query}")).count("<tr>") == (rows if everything else 0)


@pytest.mark.parametrize("key", ["status-²", f"status-{HUGE}", f"status-{BEYOND_INTEGER}"])
def test_attendance_names_a_key_that_is_no_registration(as_role, world, key):
    client = as_role("facilitator")
    url = f"/sessions/{world.args['session_id']}"
    before = snapshot()
    response = post_form(client, f"{url}/attendance", {key: "attended"}, page=url)
    assert response.status_code == 422
    assert differences(before, snapshot()) == []
