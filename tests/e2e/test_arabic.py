"""Arabic in a real browser: chosen with the switcher, as a person does, the main pages are laid
out right to left, and the boxes the browser draws show it (the brand at the right edge, labels
aligned right, a table's first column rightmost); nothing is wider than a phone's screen.
Desktop and phone screenshots of each page go to test-artifacts/screenshots/ (``ar-*``)."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot, sign_in
from tests.e2e.seeding import PASSWORD, administrator, person, seeding

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def seed(server_env) -> dict:
    """A Gulf–Iran programme with registrations, a session and a published recommendation."""
    from dialogues.programmes.operations import create_programme
    from dialogues.recommendations import operations as recommendations
    from dialogues.registrations.models import RegistrationStatus
    from dialogues.registrations.operations import create_registration
    from dialogues.sessions.inputs import SessionInput
    from dialogues.sessions.operations import create_session

    with seeding(server_env):
        admin, secret = administrator("arabic.admin@e2e.example", "خالد المنصوري")
        today = datetime.now(UTC).date()
        programme = create_programme(admin, {
            "title": "حوار الخليج وإيران حول الأمن البحري",
            "kind": "track_1_5",
            "description": "حوار غير رسمي بين خبراء من دول الخليج وإيران.",
            "public_summary": "ملخص عام للحوار.",
            "starts_on": (today - timedelta(days=3)).isoformat(),
            "ends_on": (today + timedelta(days=40)).isoformat(),
            "timezone": "Asia/Muscat",
            "confidentiality": "chatham_house",
            "status": "registration_open",
            "registration_open": True,
            "sides": [
                {"name": "دول الخليج", "countries": ["SA", "AE", "QA"], "capacity": 10},
                {"name": "إيران", "countries": ["IR"], "capacity": 10},
            ],
        })  # fmt: skip
        gulf, iran = programme.sides
        people = (("فاطمة الزهراء", gulf, "SA"), ("رضا احمدی", iran, "IR"),
                  ("Sara Karimi", iran, "IR"))  # fmt: skip
        for index, (name, side, nationality) in enumerate(people):
            user = person(f"arabic.participant{index}@e2e.example", name)
            registration = create_registration(programme, side, user, {
                "affiliation": "مركز الخليج للأبحاث", "role": "academic",
                "nationality": nationality, "languages": ["ar", "fa"], "access_needs": "",
            })  # fmt: skip
            if index < 2:
                registration.status = RegistrationStatus.ACCEPTED
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
        create_session(programme, SessionInput(
            title="الجلسة الافتتاحية", format="plenary", starts_at=start,
            ends_at=start + timedelta(hours=2), venue="مسقط",
        ))  # fmt: skip
        recommendation = recommendations.create_recommendation(programme, admin, {
            "title": "خط ساخن بحري بين الطرفين",
            "summary": "يتفق الطرفان على إنشاء خط اتصال مباشر.",
            "body": "## المقترح\n\nخط اتصال يعمل على مدار الساعة.",
            "agreement": "consensus",
            "addressed_to": [gulf.id, iran.id],
            "topics": ["بحري"],
            "positions": [{"side_id": gulf.id, "text": "نؤيد المقترح."},
                          {"side_id": iran.id, "text": "نؤيده بشروط."}],
        })  # fmt: skip
        for step in ("submitted", "adopted", "published"):
            recommendations.transition(recommendation, admin, step)
        return {"slug": programme.slug, "admin": (admin.email, secret), "side": gulf.id}


@pytest.fixture(scope="module")
def world(server_env, live_server):
    return seed(server_env)


def switch_to_arabic(page) -> None:
    """The switcher at the top of the page, as a person uses it."""
    page.locator(".language-switcher").get_by_role("button", name="العربية").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not drawn"
    return found


def assert_mirrored(page, where: str) -> None:
    """The document is right to left, and the boxes show it."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    width = page.viewport_size["width"]
    brand, nav = box(page.locator(".site-nav .brand")), box(page.locator(".site-nav"))
    assert brand["x"] > width / 2, f"{where}: the brand is not on the right ({brand})"
    gap = nav["x"] + nav["width"] - (brand["x"] + brand["width"])
    assert gap < 32, f"{where}: the brand is {gap}px from the navigation's right edge"
    heading = page.locator("main h1").first
    if heading.count():
        assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
        right_edge = box(heading)["x"] + box(heading)["width"]
        frame = box(heading.locator(".."))  # the page, or a centred card (sign-in)
        gap = frame["x"] + frame["width"] - right_edge
        assert gap < 40, f"{where}: the heading is {gap}px from the right of its frame"
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 1, f"{where}: the page is {overflow}px wider than the screen"


def assert_first_column_rightmost(table) -> None:
    headers = table.locator("thead th")
    first, last = box(headers.first), box(headers.last)
    assert first["x"] > last["x"], "the table's first column is not the rightmost"


def assert_labels_aligned_right(page) -> None:
    """Each label and its field start at the right edge (the start edge, in Arabic)."""
    labels = page.locator("form .field > label[for]")
    assert labels.count() >= 3
    checked = 0
    for index in range(labels.count()):
        label = labels.nth(index)
        field = page.locator(f"[id='{label.get_attribute('for')}']")
        if not label.is_visible() or not field.is_visible():
            continue
        assert label.evaluate("l => getComputedStyle(l).direction") == "rtl"
        start = box(label.locator(".."))  # the .field: its right edge is the start edge
        start_edge = start["x"] + start["width"]
        label_right = box(label)["x"] + box(label)["width"]
        field_right = box(field)["x"] + box(field)["width"]
        assert abs(start_edge - label_right) < 4, f"{label.inner_text()!r} is not at the right"
        # (a searchable picker puts its search box inside a padded frame)
        assert start_edge - field_right < 12, f"the field of {label.inner_text()!r} is not"
        checked += 1
    assert checked >= 3


def visit(page, path: str, name: str) -> None:
    """The page at desktop and phone width: mirrored, accessible, and saved as screenshots."""
    page.set_viewport_size(DESKTOP)
    page.goto(path)
    assert_mirrored(page, f"{path} (desktop)")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_mirrored(page, f"{path} (phone)")
    screenshot(page, f"ar-{name}")


def test_a_visitor_reads_and_registers_in_arabic(page, world):
    slug = world["slug"]
    page.goto(f"/p/{slug}/digest")
    switch_to_arabic(page)
    assert page.url.endswith(f"/p/{slug}/digest"), "the switcher went elsewhere"
    visit(page, f"/p/{slug}/digest", "digest")
    visit(page, f"/p/{slug}/register", "register")
    page.set_viewport_size(DESKTOP)
    assert_labels_aligned_right(page)
    visit(page, "/login", "login")


def test_a_coordinator_works_in_arabic(page, world):
    email, secret = world["admin"]
    sign_in(page, email, PASSWORD, secret)
    slug = world["slug"]
    page.goto(f"/programmes/{slug}/registrations")
    switch_to_arabic(page)
    visit(page, f"/programmes/{slug}/registrations", "desk")
    page.set_viewport_size(DESKTOP)
    assert_first_column_rightmost(page.locator("table.desk-table"))
    for path, name in (
        ("/", "home"),
        (f"/programmes/{slug}", "dashboard"),
        (f"/programmes/{slug}/sessions", "sessions"),
        (f"/programmes/{slug}/recommendations", "recommendations"),
        (f"/programmes/{slug}/briefings", "briefings"),
        (f"/programmes/{slug}/briefings/{world['side']}", "briefing"),
        ("/programmes/new", "new-programme"),
    ):
        visit(page, path, name)
    page.set_viewport_size(DESKTOP)
    page.goto(f"/programmes/{slug}/sessions/new")
    assert_labels_aligned_right(page)
    # The choice is kept in the account: a new tab (same sign-in) opens in Arabic.
    other = page.context.new_page()
    other.goto("/schedule")
    expect(other.locator("html")).to_have_attribute("dir", "rtl")
    other.close()
