"""What a person sees while waiting and when there is much to show: a briefing being prepared
says so, long lists page, and buttons repeated per row say which row they act on."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.seeding import PASSWORD, administrator, seeding

REGISTRATIONS = 60  # the desk shows 50 a page
TITLES = ("Shared river gauges", "Joint flood warnings", "Fishing quota talks")


def seed(server_env) -> dict:
    from dialogues.programmes.operations import create_programme
    from dialogues.recommendations import operations as recommendations
    from tests.factories import Factories

    make = Factories()
    with seeding(server_env):
        admin, secret = administrator("quality.admin@e2e.example", "Quinn Quality")
        today = datetime.now(UTC).date()
        programme = create_programme(admin, {
            "title": "Danube delta dialogue", "kind": "dialogue_series",
            "starts_on": (today - timedelta(days=3)).isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "timezone": "Europe/Bucharest", "confidentiality": "chatham_house",
            "sides": [{"name": "Upstream", "countries": ["AT"], "capacity": 100},
                      {"name": "Downstream", "countries": ["RO"], "capacity": 100}],
        })  # fmt: skip
        for number in range(1, REGISTRATIONS + 1):
            user = make.user(f"Delegate {number:03d}", email=f"delegate{number}@quality.example")
            make.registration(programme, programme.sides[number % 2], user)
        ids = []
        for title in TITLES:
            recommendation = recommendations.create_recommendation(programme, admin, {
                "title": title, "summary": f"{title}, every week.", "body": "",
                "agreement": "consensus",
                "addressed_to": [side.id for side in programme.sides], "topics": [],
                "positions": [],
            })  # fmt: skip
            for step in ("submitted", "adopted"):
                recommendations.transition(recommendation, admin, step)
            ids.append(recommendation.id)
        side = programme.sides[0].id
        return {"slug": programme.slug, "admin": (admin.email, secret), "side": side, "ids": ids}


@pytest.fixture(scope="module")
def world(server_env, live_server):
    return seed(server_env)


@pytest.fixture
def coordinator(page, world):
    email, secret = world["admin"]
    sign_in(page, email, PASSWORD, secret)
    expect(page.get_by_role("link", name="Danube delta dialogue")).to_be_visible()
    return page


def test_a_briefing_shows_its_progress_while_it_is_prepared(coordinator, world):
    page = coordinator
    page.goto(f"/programmes/{world['slug']}/briefings/{world['side']}")
    held = []  # the export request waits here until the checks below are done
    page.route("**/export", lambda route: held.append(route))
    page.get_by_role("radio", name="PDF").check()
    button = page.locator("form[data-export] button[type=submit]")
    status = page.locator("form[data-export] .export-status")
    expect(status).to_have_text("")
    button.click()
    expect(button).to_be_disabled()
    expect(button).to_have_attribute("aria-busy", "true")
    expect(button).to_have_text("Preparing…")
    expect(status).to_have_text("Preparing the file…")
    expect(status).to_have_attribute("role", "status")  # read out by screen readers
    assert len(held) == 1
    with page.expect_download() as download:
        held[0].continue_()
    assert download.value.suggested_filename.endswith(".pdf")
    expect(status).to_have_text(re.compile(r"^Downloaded .+\.pdf \(SHA-256 [0-9a-f]{64}\)\.$"))
    expect(button).to_be_enabled()
    expect(button).to_have_text("Download")
    expect(button).not_to_have_attribute("aria-busy", "true")


def _names(page) -> list[str]:
    return page.locator("table.desk-table tbody label").all_inner_texts()


def test_the_registration_desk_pages_through_a_long_list(coordinator, world):
    page = coordinator
    page.goto(f"/programmes/{world['slug']}/registrations?status=pending")
    pages = page.get_by_role("navigation", name="Pages")
    expect(pages).to_contain_text("Page 1 of 2")
    first = _names(page)
    assert len(first) == 50
    expect(pages.get_by_role("link", name="← Previous")).to_have_count(0)
    pages.get_by_role("link", name="Next →").click()
    expect(pages).to_contain_text("Page 2 of 2")
    assert "status=pending" in page.url, "the filter is lost on the next page"
    second = _names(page)
    assert len(second) == REGISTRATIONS - 50
    assert not set(first) & set(second), "page 2 repeats rows of page 1"
    assert sorted(first + second) == [f"Delegate {n:03d}" for n in range(1, REGISTRATIONS + 1)]
    expect(pages.get_by_role("link", name="Next →")).to_have_count(0)
    assert_accessible(page)
    pages.get_by_role("link", name="← Previous").click()
    expect(pages).to_contain_text("Page 1 of 2")
    assert _names(page) == first


def test_each_publish_button_names_its_recommendation(coordinator, world):
    page = coordinator
    page.goto(f"/programmes/{world['slug']}/briefings")
    candidates = page.locator(".digest-candidates")
    buttons = candidates.get_by_role("button")
    expect(buttons).to_have_count(len(TITLES))
    names = [button.evaluate("b => b.textContent") for button in buttons.all()]
    assert all(name.count("Publish") == 2 for name in names)  # visible word, then hidden name
    for title in TITLES:
        button = candidates.get_by_role("button", name=f"Publish “{title}”", exact=True)
        expect(button).to_be_visible()
        expect(button).to_have_text(re.compile("^Publish"))  # the name starts as it reads
        assert button.evaluate("b => b.querySelector('bdi').textContent") == title
    assert_accessible(page)


def test_withdrawing_a_recommendation_asks_first(coordinator, world):
    page = coordinator
    page.goto(f"/recommendations/{world['ids'][0]}")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Withdraw").click()
    assert questions == [
        "Withdraw this recommendation? It leaves the briefings and the public digest, and cannot"
        " be undone."
    ]
    expect(page.locator(".rec-status")).to_have_text("Adopted")  # dismissed: nothing changed
    page.reload()
    expect(page.locator(".rec-status")).to_have_text("Adopted")
