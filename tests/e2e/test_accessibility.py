"""Accessibility of the pages anyone can reach, and keyboard use: axe-core (vendored) finds no
serious or critical violation, every main action is reachable with Tab, focus is visible.
The signed-in pages are checked along the journeys (test_journeys.py)."""

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, assert_accessible, next_code


def test_public_pages_have_no_serious_violations(page):
    for path in ("/", "/login", "/password-reset"):
        page.goto(path)
        assert_accessible(page)


def _tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the element whose text or label is ``name`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.labels?.[0]?.innerText"
            " || '').trim()"
        )
        if focused == name:
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {name!r}"
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def _submit(page) -> None:
    """Press Enter on the focused link or button and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_administrator_works_with_the_keyboard_alone(page, admin_secret):
    page.goto("/login")
    _tab_to(page, "Email")
    page.keyboard.type(ADMIN_EMAIL)
    _tab_to(page, "Password")
    page.keyboard.type(ADMIN_PASSWORD)
    _submit(page)
    _tab_to(page, "Code")
    page.keyboard.type(next_code(admin_secret))
    _submit(page)
    _tab_to(page, "New programme")
    _submit(page)
    _tab_to(page, "Title")
    page.goto("/")  # a fresh page: the focus starts at the top again
    _tab_to(page, "Audit log")
    _submit(page)
    assert_accessible(page)
    _tab_to(page, "Ada Admin")  # the account page
    _submit(page)
    assert_accessible(page)
    _tab_to(page, "Sign out", limit=200)
    _submit(page)
    page.get_by_text("You have signed out.").wait_for()
