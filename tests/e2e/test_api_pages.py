"""The API reference page and the account's API tokens, in a real browser under the strict CSP.

The ``page`` fixture fails the test on any console error, so a CSP refusal (an inline script
or style of Swagger UI) fails here.
"""

from playwright.sync_api import expect

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    assert_accessible,
    next_code,
    screenshot,
    sign_in,
)


def test_the_api_reference_lists_every_operation_from_vendored_assets(page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=30_000)
    document = page.request.get("/api/v1/openapi.json").json()
    verbs = {"get", "put", "post", "delete", "patch"}
    operations = sum(len(verbs & set(item)) for item in document["paths"].values())
    expect(page.locator(".opblock")).to_have_count(operations)
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    screenshot(page, "api-reference")
    assert all(url.startswith(live_server) for url in requested), requested


def test_an_administrator_creates_copies_and_revokes_a_token(page, admin_secret):
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD, admin_secret)
    page.goto("/account")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_text("No API tokens yet")).to_be_visible()
    page.get_by_label("Token name").fill("Calendar sync")
    page.get_by_label("Your password").fill(ADMIN_PASSWORD)
    page.get_by_label("Two-factor code").fill(next_code(admin_secret))
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token “Calendar sync”").input_value()
    assert secret.startswith("dlg_")
    assert_accessible(page)
    me = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["email"] == ADMIN_EMAIL
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("The token is revoked")).to_be_visible()
    assert secret not in page.content()
    again = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert again.status == 401
