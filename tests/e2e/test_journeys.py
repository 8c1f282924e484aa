"""Every role's journey through the pages, in a real browser, one programme from creation to
the public digest. The steps depend on each other, so they run as one test (one xdist worker);
each step is its own function, so a failure names the step that broke."""

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    assert_accessible,
    enroll_two_factor,
    outbox_messages,
    screenshot,
    sign_in,
)

HOME = ZoneInfo("Europe/Istanbul")
NOW = datetime.now(HOME).replace(second=0, microsecond=0)
TODAY = NOW.date()
TITLE = "Black Sea water dialogue"
RECOMMENDATION = "Joint monitoring of river flows"


@dataclass
class Journey:
    """What the steps learn and pass on: pages per person, the programme's address, ids."""

    browser: object
    base_url: str
    server_env: dict
    pages: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    slug: str = ""
    secrets: dict = field(default_factory=dict)
    refusal_expected: bool = False
    session_url: str = ""
    recommendation_url: str = ""
    briefing_urls: dict = field(default_factory=dict)

    @contextmanager
    def refusal(self):
        """The page answers 4xx on purpose here (a refused clash, a forbidden briefing)."""
        self.refusal_expected = True
        yield
        self.refusal_expected = False

    def page(self, who: str):
        """The browser tab of one person (own cookies), opened at first use."""
        if who not in self.pages:
            context = self.browser.new_context(base_url=self.base_url)
            page = context.new_page()
            page.set_default_timeout(8000)
            page.on("console", lambda m: self._console(who, m))
            page.on("pageerror", lambda error: self.problems.append(f"{who}: {error}"))
            self.pages[who] = page
        return self.pages[who]

    def _console(self, who, message) -> None:
        expected = self.refusal_expected and "Failed to load resource" in message.text
        if message.type == "error" and not expected:
            self.problems.append(f"{who}: {message.text}")


@pytest.fixture
def journey(browser, live_server, server_env, admin_secret):
    state = Journey(browser, live_server, server_env, secrets={"admin": admin_secret})
    yield state
    for page in state.pages.values():
        page.context.close()
    assert state.problems == [], f"browser console errors: {state.problems}"


def create_programme(j: Journey) -> None:
    page = j.page("admin")
    sign_in(page, ADMIN_EMAIL, ADMIN_PASSWORD, j.secrets["admin"])
    page.goto("/programmes/new")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Starts on").fill((TODAY - timedelta(days=2)).isoformat())
    page.get_by_label("Ends on").fill((TODAY + timedelta(days=30)).isoformat())
    page.get_by_label("Kind").select_option(label="Dialogue series")
    page.get_by_label("Home time zone").select_option("Europe/Istanbul")
    page.get_by_role("radio", name="Chatham House rule").check()
    for index, (name, country) in enumerate(
        (("Riverside", "Georgia (GE)"), ("Hillside", "Türkiye (TR)"))
    ):
        side = page.get_by_role("group", name=f"Side {index + 1}")
        side.get_by_label("Side name").fill(name)
        side.get_by_role("searchbox").fill(country[:-5])
        side.get_by_role("option", name=country).click()
    page.get_by_role("button", name="Create programme").click()
    expect(page.get_by_text(f"Programme “{TITLE}” created.")).to_be_visible()
    j.slug = page.url.rstrip("/").rsplit("/", 1)[-1]


def open_registration(j: Journey) -> None:
    page = j.page("admin")
    page.get_by_role("link", name="Settings", exact=True).click()
    page.get_by_label("Status").select_option(label="Registration open")
    page.get_by_label("Accept registrations").check()
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_role("definition").filter(has_text="Open")).to_be_visible()


STAFF = {
    "coordinator": ("cora@e2e.example", "Cora Coordinator", "Coordinator", None),
    "facilitator": ("farid@e2e.example", "Farid Facilitator", "Facilitator", None),
    "liaison": ("lia@e2e.example", "Lia Liaison", "Government liaison", "Riverside"),
}
PASSWORDS = {who: f"a long {who} password" for who in (*STAFF, "nino", "emre")}


def add_staff(j: Journey) -> None:
    page = j.page("admin")
    page.get_by_role("link", name="Staff", exact=True).click()
    for email, name, role, side in STAFF.values():
        page.get_by_label("Email").fill(email)
        page.get_by_label("Name (for a new account)").fill(name)
        page.get_by_label("Role").select_option(label=role)
        if side:
            page.get_by_label("Side").select_option(label=side)
        page.get_by_role("button", name="Add").click()
        expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()
    screenshot(page, "staff")
    assert_accessible(page)


def accept_invitations(j: Journey) -> None:
    for who, (email, name, _role, _side) in STAFF.items():
        message = next(m for m in outbox_messages(j.server_env) if m["To"] == email)
        link = re.search(r"https?://\S+/invitations/\S+", message.get_content()).group(0)
        page = j.page(who)
        page.goto(link)
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Choose a password").fill(PASSWORDS[who])
        page.get_by_label("Repeat the password").fill(PASSWORDS[who])
        page.get_by_role("button", name="Accept and sign in").click()
        if who == "coordinator":  # coordinators must use two-factor in production mode
            expect(page.get_by_role("button", name="Set up two-factor")).to_be_visible()
            j.secrets[who] = enroll_two_factor(page, PASSWORDS[who])


PARTICIPANTS = {
    "nino": ("nino@e2e.example", "Nino Beridze", "Riverside", "Georgia"),
    "emre": ("emre@e2e.example", "Emre Yılmaz", "Hillside", "Türkiye"),
}


def register_participants(j: Journey) -> None:
    for who, (email, name, side, nationality) in PARTICIPANTS.items():
        page = j.page(who)
        page.goto(f"/p/{j.slug}/register")
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(PASSWORDS[who])
        page.get_by_label("Your side").select_option(label=side)
        page.get_by_label("Affiliation").fill("Independent")
        page.get_by_label("Role").select_option(index=1)
        page.get_by_label("Nationality").select_option(label=nationality)
        page.get_by_label("I have read the confidentiality rule").check()
        page.get_by_label("I agree that the organisers process").check()
        if who == "nino":
            screenshot(page, "register")
            assert_accessible(page)
        page.get_by_role("button", name="Register").click()
        expect(page.get_by_role("heading", name="My registration")).to_be_visible()
        expect(page.locator(".badge").get_by_text("pending")).to_be_visible()


def accept_registrations(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    screenshot(page, "home")
    assert_accessible(page)
    page.goto(f"/programmes/{j.slug}")
    balance = page.get_by_role("table", name="The same numbers as a table")
    expect(balance.get_by_role("row", name="Riverside 0 1 0")).to_be_visible()
    page.get_by_role("link", name="Registrations", exact=True).click()
    for _email, name, _side, _nationality in PARTICIPANTS.values():
        page.get_by_label(name).check()
    page.get_by_role("button", name="Accept", exact=True).click()
    screenshot(page, "desk")
    assert_accessible(page)
    page.get_by_role("link", name="Overview", exact=True).click()
    for side in ("Riverside", "Hillside"):
        expect(balance.get_by_role("row", name=f"{side} 1 0 0")).to_be_visible()
    screenshot(page, "dashboard")
    assert_accessible(page)


def _wall_clock(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _fill_session(page, title: str, starts: datetime, hours: int) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Format").select_option(index=0)
    page.get_by_label("Times are in").select_option("Europe/Istanbul")
    page.get_by_label("Starts").fill(_wall_clock(starts))
    page.get_by_label("Ends").fill(_wall_clock(starts + timedelta(hours=hours)))
    page.get_by_label("Venue").fill("Hotel Batumi, Room 1")
    page.get_by_role("checkbox", name="Farid Facilitator").check()
    page.get_by_label("Invite every accepted participant").check()


def schedule_sessions(j: Journey) -> None:
    page = j.page("coordinator")
    page.get_by_role("link", name="Sessions", exact=True).click()
    screenshot(page, "sessions-empty")
    assert_accessible(page)
    page.get_by_role("link", name="Schedule a session").click()
    _fill_session(page, "Opening plenary", NOW - timedelta(hours=1), 3)
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.get_by_role("heading", name="Opening plenary")).to_be_visible()
    j.session_url = page.url
    page.get_by_role("link", name="Sessions", exact=True).click()
    page.get_by_role("link", name="Schedule a session").click()
    _fill_session(page, "Water working group", NOW, 2)
    with j.refusal():
        page.get_by_role("button", name="Schedule and send invitations").click()
        expect(page.get_by_role("alert")).to_contain_text("the same venue")
    page.get_by_label("Starts").fill(_wall_clock(NOW + timedelta(days=1)))
    page.get_by_label("Ends").fill(_wall_clock(NOW + timedelta(days=1, hours=2)))
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.get_by_role("heading", name="Water working group")).to_be_visible()
    page.get_by_role("link", name="Sessions", exact=True).click()
    expect(page.get_by_role("link", name="Opening plenary")).to_be_visible()
    screenshot(page, "sessions")
    assert_accessible(page)
    page.get_by_role("link", name="Timeline").click()
    screenshot(page, "timeline")
    assert_accessible(page)


def confirm_attendance(j: Journey) -> None:
    page = j.page("nino")
    page.goto("/account")
    page.get_by_label("Time zone").select_option("Asia/Tbilisi")
    page.get_by_role("button", name="Save profile").click()
    assert_accessible(page)
    page.goto("/schedule")
    plenary = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Opening plenary")
    )
    tbilisi = (NOW - timedelta(hours=1)).astimezone(ZoneInfo("Asia/Tbilisi")).strftime("%H:%M")
    expect(plenary.get_by_role("definition").first).to_contain_text(f"{tbilisi}")
    expect(plenary.get_by_role("definition").first).to_contain_text("(Asia/Tbilisi)")
    screenshot(page, "schedule")
    assert_accessible(page)
    page.get_by_role("link", name="Opening plenary").click()
    expect(page.get_by_text("Asia/Tbilisi").first).to_be_visible()
    page.get_by_role("button", name="I will attend").click()
    expect(page.locator(".attendance-confirmed")).to_have_text("confirmed")
    screenshot(page, "session-participant")
    assert_accessible(page)


def record_attendance(j: Journey) -> None:
    page = j.page("facilitator")
    page.goto(j.session_url)
    for _email, name, _side, _nationality in PARTICIPANTS.values():
        page.get_by_label(f"Status of {name}").select_option("attended")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance is saved.")).to_be_visible()
    balance = page.get_by_role("table", name="Invitations and attendance per side")
    for side in ("Riverside", "Hillside"):
        expect(balance.get_by_role("row", name=f"{side} 1 1 0 1 0")).to_be_visible()
    screenshot(page, "session-facilitator")
    assert_accessible(page)


def file_recommendation(j: Journey) -> None:
    page = j.page("facilitator")
    page.get_by_role("link", name="Recommendations", exact=True).click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="No recommendations yet")).to_be_visible()
    page.get_by_role("link", name="File a recommendation").click()
    page.get_by_label("Title").fill(RECOMMENDATION)
    page.get_by_label("Summary").fill("Both governments share river gauge data every week.")
    page.get_by_label("Agreement").select_option(index=1)
    page.get_by_role("checkbox", name="Riverside").check()
    page.get_by_role("checkbox", name="Hillside").check()
    page.get_by_role("checkbox", name=re.compile("Opening plenary")).check()
    page.get_by_label("Topics").fill("water, data")
    page.get_by_label("Position of Riverside").fill("Upstream data should be public.")
    page.get_by_label("Position of Hillside").fill("Data sharing must be reciprocal.")
    page.get_by_role("button", name="File as a draft").click()
    expect(page.get_by_text("Recommendation filed as a draft.")).to_be_visible()
    j.recommendation_url = page.url
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".rec-status")).to_have_text("Submitted")


def adopt_recommendation(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto(j.recommendation_url)
    page.get_by_label("Comment").fill("Both sides' positions are recorded.")
    page.get_by_role("button", name="Adopt").click()
    expect(page.locator(".rec-status")).to_have_text("Adopted")


def endorse_recommendation(j: Journey) -> None:
    for who in PARTICIPANTS:
        page = j.page(who)
        page.goto(j.recommendation_url)
        page.get_by_role("button", name=re.compile("^Endorse")).click()
        expect(page.get_by_text("You endorse this recommendation.")).to_be_visible()
    expect(page.get_by_text("✔ Backed across sides")).to_be_visible()
    screenshot(page, "recommendation")
    assert_accessible(page)


def _download_pdf(j: Journey, page, side: str) -> str:
    """Export the side's briefing as PDF from its page; return the PDF's text."""
    page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=side)).get_by_role(
        "link", name="Preview and export"
    ).click()
    expect(page.get_by_role("heading", name=f"Briefing for the {side} side")).to_be_visible()
    j.briefing_urls[side] = page.url
    page.get_by_role("radio", name="PDF").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    data = Path(download.value.path()).read_bytes()
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def export_briefings(j: Journey) -> None:
    page = j.page("coordinator")
    for side in ("Riverside", "Hillside"):
        page.goto(f"/programmes/{j.slug}/briefings")
        text = _download_pdf(j, page, side)
        assert RECOMMENDATION in text
        assert side in text
        for _email, name, _side, _nationality in PARTICIPANTS.values():
            assert name not in text
            assert name.split()[-1] not in text
    screenshot(page, "briefing")
    assert_accessible(page)


def publish_digest(j: Journey) -> None:
    page = j.page("coordinator")
    page.goto(f"/programmes/{j.slug}/briefings")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("link", name="read the public digest")).to_be_visible()
    assert questions == ["Publish this recommendation for anyone to read?"]
    screenshot(page, "briefings")
    assert_accessible(page)


def read_digest(j: Journey) -> None:
    page = j.page("visitor")
    page.goto(f"/p/{j.slug}/digest")
    expect(page.get_by_role("heading", name=RECOMMENDATION)).to_be_visible()
    screenshot(page, "digest")
    assert_accessible(page)


def liaison_reads_own_briefing(j: Journey) -> None:
    page = j.page("liaison")
    page.goto(f"/programmes/{j.slug}/briefings")
    expect(page.get_by_role("heading", name="Hillside")).to_have_count(0)
    assert RECOMMENDATION in _download_pdf(j, page, "Riverside")
    token = page.locator("input[name=csrf_token]").first.input_value()
    with j.refusal():
        response = page.goto(j.briefing_urls["Hillside"])
        assert response.status == 403
        export = page.request.post(
            j.briefing_urls["Hillside"] + "/export",
            form={"csrf_token": token, "format": "pdf"},
            headers={"Referer": j.briefing_urls["Hillside"]},
        )
        assert export.status == 403
        assert export.headers["content-type"].startswith("text/html")


def test_every_role_journey(journey):
    create_programme(journey)
    open_registration(journey)
    add_staff(journey)
    accept_invitations(journey)
    register_participants(journey)
    accept_registrations(journey)
    schedule_sessions(journey)
    confirm_attendance(journey)
    record_attendance(journey)
    file_recommendation(journey)
    adopt_recommendation(journey)
    endorse_recommendation(journey)
    export_briefings(journey)
    publish_digest(journey)
    read_digest(journey)
    liaison_reads_own_briefing(journey)
