"""Cross-site scripting, in a real browser: every text field a person can fill holds script
payloads (stored through the app's own operations), and every page that shows them, for every
role, runs none of them.

The browser contexts ignore the Content-Security-Policy (``bypass_csp``), so what is proved is
the escaping itself: were a payload rendered as markup it would really run and set
``window.__xss``, open a dialog or leave an event-handler attribute in the DOM. The strict CSP is
a second wall, tested in tests/core/test_headers.py. Each page must also show the payload as
text, so a page that stopped showing the field could not pass by accident.
"""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.e2e.conftest import sign_in
from tests.e2e.seeding import PASSWORD, administrator, person, seeding

# Element context, double-quoted and single-quoted attribute break-outs, raw-text elements.
PAYLOAD = '"><svg onload="window.__xss=1"><script>window.__xss=1</script><img src=x onerror="window.__xss=1">'  # noqa: E501
EXTRA = "'><img src=x onerror=alert(1)></textarea></title><script>alert(2)</script>"
MARKDOWN = f"""## Proposal {PAYLOAD}

<script>window.__xss=1</script>
<img src=x onerror="window.__xss=1">

[a javascript: link](javascript:window.__xss=1) and [another](JaVaScRiPt:alert(3))
[a data: link](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)
![an image](x" onerror="window.__xss=1)
<javascript:alert(5)>

[reference][evil]

[evil]: javascript:window.__xss=1
"""
MARKER = "<script>window.__xss=1</script>"  # how a page shows the payload: as text


def evil(label: str, extra: bool = True) -> str:
    return f"{label} {PAYLOAD}{EXTRA if extra else ''}"


def seed(server_env) -> dict:
    """A programme whose every user-written field is a payload; returns ids and sign-ins."""
    from dialogues.programmes.operations import create_programme
    from dialogues.programmes.staff import add_member
    from dialogues.recommendations import endorsements
    from dialogues.recommendations import operations as recommendations
    from dialogues.registrations.models import RegistrationStatus
    from dialogues.registrations.operations import create_registration
    from dialogues.sessions.inputs import SessionInput
    from dialogues.sessions.notes import NoteInput, create_note
    from dialogues.sessions.operations import create_session

    with seeding(server_env):
        admin, secret = administrator("xss.admin@e2e.example", evil("Admin"))
        today = datetime.now(UTC).date()
        programme = create_programme(admin, {
            "title": evil("Programme"),
            "kind": "dialogue_series",
            "description": evil("Description"),
            "public_summary": evil("Public summary"),
            "starts_on": (today - timedelta(days=5)).isoformat(),
            "ends_on": (today + timedelta(days=30)).isoformat(),
            "timezone": "Europe/Istanbul",
            "confidentiality": "chatham_house",
            "status": "registration_open",
            "registration_open": True,
            "sides": [
                {"name": evil("SideA", extra=False), "countries": ["GE"], "capacity": 10},
                {"name": evil("SideB", extra=False), "countries": ["TR"], "capacity": 10},
            ],
        })  # fmt: skip
        side_a, side_b = programme.sides
        staff = {}
        for role, side in (("facilitator", None), ("liaison", side_a), ("coordinator", None)):
            user = person(f"xss.{role}@e2e.example", evil(role.title()))
            add_member(programme, user.email, role, side.id if side else None)
            staff[role] = user
        registrations = []
        for key, side in (("a", side_a), ("b", side_b)):
            user = person(f"xss.participant.{key}@e2e.example", evil(f"Participant{key}"))
            registration = create_registration(programme, side, user, {
                "affiliation": evil("Affiliation", extra=False),
                "role": "academic",
                "nationality": side.countries[0],
                "languages": ["en"],
                "access_needs": evil("Access needs"),
            })  # fmt: skip
            registration.languages = ["en", evil("Lang", extra=False)]  # beyond the form's check
            registration.status = RegistrationStatus.ACCEPTED
            registrations.append(registration)
        db_flush()
        start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
        outcome = create_session(programme, SessionInput(
            title=evil("Session"),
            format="plenary",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            venue=evil("Venue", extra=False),
            online_url='https://meet.example/room?x="><svg onload=window.__xss=1>',
            facilitator_ids=(staff["facilitator"].id,),
            agenda=evil("Agenda") + "\n\n" + MARKDOWN,
        ))  # fmt: skip
        dialogue_session = outcome.dialogue_session
        note = create_note(
            dialogue_session,
            staff["facilitator"],
            NoteInput(text=MARKDOWN, confirm_identities=True),
        )
        recommendation = recommendations.create_recommendation(programme, staff["facilitator"], {
            "title": evil("Recommendation"),
            "summary": evil("Summary"),
            "body": MARKDOWN,
            "agreement": "broad_support",
            "addressed_to": [side_a.id, side_b.id],
            "topics": [evil("Topic", extra=False)[:60]],
            "positions": [
                {"side_id": side_a.id, "text": evil("PositionA")},
                {"side_id": side_b.id, "text": evil("PositionB")},
            ],
            "session_ids": [dialogue_session.id],
        })  # fmt: skip
        for step in ("submitted", "adopted"):
            recommendations.transition(recommendation, admin, step, evil(f"Comment {step}"))
        adopted = recommendations.create_recommendation(programme, staff["facilitator"], {
            "title": evil("Published"),
            "summary": evil("Published summary"),
            "body": MARKDOWN,
            "agreement": "consensus",
            "addressed_to": [side_a.id, side_b.id],
            "topics": [],
            "positions": [{"side_id": side_a.id, "text": evil("PublishedPosition")}],
        })  # fmt: skip
        for step in ("submitted", "adopted", "published"):
            recommendations.transition(adopted, admin, step, evil(f"Comment {step}"))
        db_flush()
        for registration in registrations:
            endorsements.endorse(recommendation, registration.user)
        return {
            "slug": programme.slug,
            "admin": (admin.email, secret),
            "sides": (side_a.id, side_b.id),
            "session": dialogue_session.id,
            "note": note.id,
            "recommendation": recommendation.id,
            "published": adopted.id,
            "emails": {role: user.email for role, user in staff.items()}
            | {"participant": registrations[0].user.email},
        }


def db_flush() -> None:
    from dialogues.extensions import db

    db.session.flush()


@pytest.fixture(scope="module")
def world(server_env, live_server):
    return seed(server_env)


class Watch:
    """One browser tab that ignores the CSP and notes every dialog and console error."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(base_url=base_url, bypass_csp=True)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10000)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message) -> None:
        url = message.location.get("url", "")
        # A feed has no <link rel=icon>, so the browser asks for /favicon.ico: not a payload.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            self.errors.append(f"{message.text} {url}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self, path: str, *, shows_payload: bool = True) -> None:
        """Open ``path``: the payloads are shown as text, and none of them ran."""
        response = self.page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        self.page.wait_for_load_state("load")
        assert_inert(self.page, path)
        if shows_payload:
            assert MARKER in self.page.locator("body").inner_text() or MARKER in _values(
                self.page
            ), f"{path} does not show the payload: the test would prove nothing there"
        assert self.dialogs == [], f"{path} opened a dialog: {self.dialogs}"
        assert self.errors == [], f"{path} logged errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


def _values(page) -> str:
    """The text of the form fields (a payload in an input's value is not in innerText)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('input, textarea, option'))"
        ".map(e => e.value + ' ' + e.textContent).join(' ')"
    )


INERT = """() => {
  const handlers = [];
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) handlers.push(element.tagName + ' ' + attribute.name);
    }
  }
  const scripts = Array.from(document.scripts)
    .filter(s => !s.src || new URL(s.src).origin !== location.origin ||
                 !new URL(s.src).pathname.startsWith('/static/'))
    .map(s => s.outerHTML.slice(0, 80));
  const links = Array.from(document.querySelectorAll('[href], [src], [action], [formaction]'))
    .flatMap(e => ['href', 'src', 'action', 'formaction'].map(name => e.getAttribute(name)))
    .filter(v => v && /^\\s*(javascript|data|vbscript):/i.test(v) && !/^data:image\\//.test(v));
  const frames = document.querySelectorAll('iframe, object, embed').length;
  return {xss: typeof window.__xss, handlers, scripts, links, frames};
}"""


def assert_inert(page, where: str) -> None:
    found = page.evaluate(INERT)
    assert found == {
        "xss": "undefined", "handlers": [], "scripts": [], "links": [], "frames": 0
    }, f"a payload is live on {where}: {found}"  # fmt: skip


def signed_in(browser, live_server, email: str, secret: str | None = None) -> Watch:
    watch = Watch(browser, live_server)
    sign_in(watch.page, email, PASSWORD, secret)
    watch.page.wait_for_url(re.compile(r"^(?!.*/login)"))
    return watch


def test_coordinator_pages_run_no_payload(browser, live_server, world):
    email, secret = world["admin"]
    watch = signed_in(browser, live_server, email, secret)
    slug, session, rec = world["slug"], world["session"], world["recommendation"]
    side_a, _side_b = world["sides"]
    for path in (
        "/", f"/programmes/{slug}", f"/programmes/{slug}/edit", f"/programmes/{slug}/sides",
        f"/programmes/{slug}/staff", f"/programmes/{slug}/registrations",
        f"/programmes/{slug}/registrations?q={PAYLOAD}", f"/programmes/{slug}/sessions",
        f"/programmes/{slug}/sessions/timeline", f"/sessions/{session}",
        f"/sessions/{session}/edit", f"/programmes/{slug}/recommendations",
        f"/programmes/{slug}/recommendations?q={PAYLOAD}", f"/recommendations/{rec}",
        f"/recommendations/{rec}/edit", f"/recommendations/{rec}/history",
        f"/programmes/{slug}/briefings", f"/programmes/{slug}/briefings/{side_a}",
        f"/programmes/{slug}/retention", "/account",
    ):  # fmt: skip
        watch.check(path)
    watch.check(f"/sessions/{session}/notes/{world['note']}/edit")
    watch.check("/admin/audit", shows_payload=False)  # ids and field names only, by design
    exported_html_briefing_runs_no_payload(browser, watch, world)
    watch.close()


def test_participant_facilitator_and_liaison_pages_run_no_payload(browser, live_server, world):
    slug, session, rec = world["slug"], world["session"], world["recommendation"]
    emails = world["emails"]
    for who, paths in {
        "participant": ("/", f"/programmes/{slug}/my-registration",
                        f"/programmes/{slug}/my-registration/edit", "/schedule",
                        f"/sessions/{session}", f"/recommendations/{rec}",
                        f"/programmes/{slug}/recommendations", "/account", "/account/data"),
        "facilitator": ("/", f"/sessions/{session}", f"/sessions/{session}/notes/new",
                        f"/programmes/{slug}/sessions", f"/programmes/{slug}/recommendations",
                        f"/recommendations/{rec}"),
        "liaison": ("/", f"/programmes/{slug}/briefings",
                    f"/programmes/{slug}/briefings/{world['sides'][0]}"),
    }.items():  # fmt: skip
        watch = signed_in(browser, live_server, emails[who])
        for path in paths:
            watch.check(path)
        watch.close()


def test_public_pages_and_exports_run_no_payload(browser, live_server, world):
    slug = world["slug"]
    watch = Watch(browser, live_server)
    for path in (f"/p/{slug}/digest", f"/p/{slug}/register"):
        watch.check(path)
    watch.check("/", shows_payload=False)  # the public home lists no programme text
    response = watch.page.goto(f"/p/{slug}/digest.atom")
    assert response.status == 200
    assert_inert(watch.page, "the Atom feed as the browser shows it")
    feed = response.text()
    assert MARKER not in feed, "the feed holds the payload as markup, not as escaped text"
    # A feed reader shows a text construct as text and renders one of type "html": do the
    # same, with no CSP at all.
    atom = "{http://www.w3.org/2005/Atom}"
    names = {f"{atom}{name}" for name in ("title", "subtitle", "summary", "content", "rights")}
    root = ElementTree.fromstring(feed)  # noqa: S314  (our own server's feed)
    constructs = [element for element in root.iter() if element.tag in names]
    assert any(PAYLOAD in (element.text or "") for element in constructs), "no payload in feed"
    for element in constructs:
        kind = element.get("type", "text")
        assert kind in ("text", "html"), f"{kind} content would carry live markup"
        if kind == "html":
            watch.page.set_content(element.text or "")
            assert_inert(watch.page, f"the feed's HTML {element.text[:60]!r}")
    assert watch.dialogs == []
    assert watch.errors == []
    watch.close()


def exported_html_briefing_runs_no_payload(browser, watch: Watch, world) -> None:
    """The HTML file is opened from a disk, where no CSP protects it: its escaping must."""
    slug, side_a = world["slug"], world["sides"][0]
    watch.page.goto(f"/programmes/{slug}/briefings/{side_a}")
    watch.page.get_by_role("radio", name="HTML").check()
    with watch.page.expect_download() as download:
        watch.page.get_by_role("button", name="Download").click()
    document = Path(download.value.path()).read_text(encoding="utf-8")
    offline = browser.new_context(java_script_enabled=True)
    page = offline.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(document)
    assert_inert(page, "the exported HTML briefing")
    assert MARKER in page.locator("body").inner_text(), "the briefing shows no payload"
    assert dialogs == []
    offline.close()
