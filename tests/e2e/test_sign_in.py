"""Signing in and out in a real browser."""

from playwright.sync_api import expect

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    screenshot,
    sign_in,
)


def test_administrator_signs_in_sees_the_audit_log_and_signs_out(page, admin_secret):
    page.goto("/")
    screenshot(page, "home-public")
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD, admin_secret)
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(page.get_by_text("login", exact=True).first).to_be_visible()
    screenshot(page, "audit-log")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/admin/audit")
    assert page.url.endswith("/login?next=%2Fadmin%2Faudit")


def test_wrong_password_is_explained(page):
    sign_in(page, ADMIN_EMAIL, "not the password at all")
    expect(page.get_by_text("Email or password is incorrect.")).to_be_visible()


def test_keyboard_reaches_sign_in_with_visible_focus(page):
    page.goto("/login")
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_label("Email").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
