"""The country picker (static/js/country-select.js) with the keyboard alone: its list of about
250 countries is one tab stop, the arrow keys move through it, Space chooses, and what is chosen
is what the hidden select submits."""

from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, sign_in
from tests.e2e.seeding import administrator, seeding


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
          const element = document.activeElement;
          const active = document.getElementById(element.getAttribute('aria-activedescendant'));
          return {role: element.getAttribute('role') || element.type || element.tagName,
                  active: active ? active.textContent : null};
        }"""
    )


def test_the_country_list_is_one_tab_stop_with_arrow_keys(page, server_env):
    with seeding(server_env):
        user, secret = administrator("picker.admin@e2e.example", "Pia Picker")
        email = user.email
    sign_in(page, email, "a long seeded password", secret)
    page.goto("/programmes/new")
    side = page.get_by_role("group", name="Side 1")
    listbox = side.get_by_role("listbox")
    assert listbox.get_by_role("option").count() > 200

    side.get_by_role("searchbox").focus()
    page.keyboard.press("Tab")
    assert _focused(page)["role"] == "listbox"
    first = _focused(page)["active"]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    third = _focused(page)["active"]
    assert third != first
    page.keyboard.press("Space")
    expect(listbox.get_by_role("option", name=third)).to_have_attribute("aria-selected", "true")
    expect(side.get_by_role("button", name=f"Remove {third}")).to_be_visible()
    page.keyboard.press("End")
    last = _focused(page)["active"]
    page.keyboard.press("Enter")  # chooses; it must not submit the form
    assert page.url.endswith("/programmes/new")
    page.keyboard.press("Home")
    assert _focused(page)["active"] == first
    chosen = side.locator("select").evaluate(
        "select => Array.from(select.selectedOptions).map(option => option.textContent)"
    )
    assert chosen == [third, last]

    # One more Tab leaves the list: the next field, not the next of 250 countries.
    page.keyboard.press("Tab")
    after = page.evaluate("document.activeElement.closest('[role=listbox]') === null")
    assert after, "Tab stayed inside the country list"

    # Filtering, then ↓ from the search box goes to the first match.
    side.get_by_role("searchbox").fill("Georgia")
    page.keyboard.press("ArrowDown")
    assert _focused(page) == {"role": "listbox", "active": "Georgia (GE)"}
    page.keyboard.press("Space")
    expect(side.get_by_role("button", name="Remove Georgia (GE)")).to_be_visible()
    assert_accessible(page)


def test_without_javascript_the_plain_select_works(browser, live_server, server_env):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    with seeding(server_env):
        user, secret = administrator("picker.nojs@e2e.example", "Noah Script")
        email = user.email
    sign_in(page, email, "a long seeded password", secret)
    page.goto("/programmes/new")
    side = page.get_by_role("group", name="Side 1")
    countries = side.get_by_role("listbox")
    assert countries.evaluate("select => select.tagName") == "SELECT"
    countries.select_option(["GE", "TR"])
    assert countries.evaluate("s => Array.from(s.selectedOptions).map(o => o.value)") == [
        "GE",
        "TR",
    ]
    context.close()
