"""An audit of recommendations: what a user meets when editing, endorsing and searching.

Forms are posted as a browser posts them: the fields the page rendered (hidden ones included),
read back from the page, with textarea line breaks as CRLF where that matters.
"""

import email
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.recommendations import search
from dialogues.recommendations.models import Endorsement, Recommendation
from dialogues.recommendations.operations import update_recommendation
from tests.conftest import post_form, reload

# -- helpers ----------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields of the first ``<form>`` whose action ends with ``action`` (or whose class
    holds it), as a browser would submit them (checked boxes only, selected options, textarea
    text)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self._textarea = self._select = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        chosen = (a.get("action") or "").endswith(self.action) or self.action in (
            a.get("class") or ""
        ).split()
        if tag == "form" and chosen and not self.fields:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            if a.get("type") in ("submit", "button"):
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            text = self._text.removeprefix("\r").removeprefix("\n")  # the newline after <textarea>
            self.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False


def form_fields(html: str, action: str) -> dict:
    parser = _FormFields(action)
    parser.feed(html)
    fields: dict = {}
    for name, value in parser.fields:
        fields.setdefault(name, []).append(unescape(value))
    return {k: v if len(v) > 1 else v[0] for k, v in fields.items()}


def _submit(client, url: str, data: dict, page: str):
    return client.post(url, data=data, headers={"Referer": f"http://localhost{page}"})


def _count(model) -> int:
    db.session.commit()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _outbox(app) -> list:
    folder = Path(app.instance_path) / "outbox"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(path.read_bytes()) for path in files]


def _list_page(client, world, **query) -> str:
    url = f"/programmes/{world.programme.slug}/recommendations"
    response = client.get(url, query_string=query)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# -- 1. lifecycle: endorsing and editing what one has read --------------------------------------


def test_endorse_button_endorses_the_version_it_names(world, file, client_for):
    """A participant reads version 1 and presses "Endorse version 1"; meanwhile a coordinator
    rewrote the text (version 2). Endorsing words they never read is refused: the page comes
    back with the text as it now stands and asks them to read it again."""
    recommendation = file(status="submitted")
    reader = client_for(world["participant"])
    url = f"/recommendations/{recommendation.id}"
    page = reader.get(url).get_data(as_text=True)
    assert "Endorse version 1" in page
    fields = form_fields(page, "/endorse")
    assert fields["version"] == "1"

    update_recommendation(
        recommendation, world["coordinator"], {"body": "Each navy may decline any call."}
    )
    db.session.commit()

    response = _submit(reader, f"{url}/endorse", fields, url)
    assert response.status_code == 409, "version 1 was endorsed as version 2"
    assert _count(Endorsement) == 0
    page = response.get_data(as_text=True)
    assert "The text changed since you opened it: it is now version 2." in page
    assert "Each navy may decline any call." in page
    assert "Endorse version 2" in page

    again = _submit(reader, f"{url}/endorse", form_fields(page, "/endorse"), url)
    assert again.status_code == 302
    db.session.commit()  # ends the test's read snapshot
    assert db.session.scalars(sa.select(Endorsement.version)).all() == [2]


def test_the_api_endorses_the_current_version(world, file, client, bearer):
    """The API's endorsement names no version (API.md): it backs the version as it stands."""
    recommendation = file(status="submitted")
    update_recommendation(recommendation, world["coordinator"], {"body": "New words."})
    db.session.commit()
    url = f"/api/v1/recommendations/{recommendation.id}/endorsements"
    response = client.post(url, headers=bearer(world["participant"]))
    assert response.status_code == 201
    assert response.json["endorsements"][str(world.us.id)] == 1
    assert db.session.scalars(sa.select(Endorsement.version)).all() == [2]


def test_saving_an_edit_form_over_a_newer_version_is_refused(world, file, client_for):
    """The author opens the edit page (version 1); a coordinator then saves a new summary
    (version 2); the author changes the title and saves. Saved, the author's form would undo
    the coordinator's summary (a lost update): it is refused, the form shown again with what
    the author typed, and saving again is refused until the current version is opened."""
    recommendation = file(status="draft")
    author = client_for(world["author"])
    edit = f"/recommendations/{recommendation.id}/edit"
    fields = form_fields(author.get(edit).get_data(as_text=True), "rec-form")
    assert fields["title"] == recommendation.title
    assert fields["version"] == "1"

    update_recommendation(
        recommendation, world["coordinator"], {"summary": "The coordinator's new summary."}
    )
    db.session.commit()

    response = _submit(author, edit, {**fields, "title": "A hotline between navies"}, edit)
    assert response.status_code == 409
    recommendation = reload(recommendation)
    assert recommendation.summary == "The coordinator's new summary.", "overwritten"
    assert (recommendation.version, recommendation.title) == (
        2,
        "Establish a maritime incident hotline",
    )
    page = response.get_data(as_text=True)
    assert "The text changed since you opened this page: it is now version 2." in page
    shown = form_fields(page, "rec-form")
    assert (shown["title"], shown["version"]) == ("A hotline between navies", "1")
    assert _submit(author, edit, shown, edit).status_code == 409

    current = form_fields(author.get(edit).get_data(as_text=True), "rec-form")
    assert current["summary"] == "The coordinator's new summary."
    response = _submit(author, edit, {**current, "title": "A hotline between navies"}, edit)
    assert response.status_code == 302
    recommendation = reload(recommendation)
    assert (recommendation.version, recommendation.title) == (3, "A hotline between navies")
    assert recommendation.summary == "The coordinator's new summary."


def test_browser_line_endings_are_not_a_change_of_wording(app, world, file, client_for):
    """A coordinator adds a topic on the edit page of an adopted recommendation filed through
    the API (text with LF line breaks). The browser posts every textarea with CRLF line
    breaks; that is no change of wording, so no endorsement is cleared and nobody is mailed."""
    recommendation = file(status="adopted")
    url = f"/recommendations/{recommendation.id}"
    reader = client_for(world["participant"])
    assert post_form(reader, f"{url}/endorse", {}, page=url).status_code == 302
    coordinator = client_for(world["coordinator"])
    edit = f"{url}/edit"
    fields = form_fields(coordinator.get(edit).get_data(as_text=True), "rec-form")
    browser = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in fields.items()}
    browser["topics"] = "crisis, maritime, navies"

    response = _submit(coordinator, edit, browser, edit)
    assert response.status_code == 302
    recommendation = reload(recommendation)
    assert recommendation.version == 2  # the topic was saved
    assert "\r" not in recommendation.body
    assert _count(Endorsement) == 1, "the endorsement was cleared by CRLF line breaks"
    assert _outbox(app) == []


def test_text_stored_with_crlf_is_no_change_of_wording_either(app, world, file, client_for):
    """Text saved from a browser before line breaks were normalised holds CRLF: an edit of the
    topics alone leaves its endorsements standing."""
    recommendation = file(status="adopted")
    url = f"/recommendations/{recommendation.id}"
    assert (
        post_form(client_for(world["participant"]), f"{url}/endorse", {}, page=url).status_code
        == 302
    )
    db.session.execute(
        sa.update(Recommendation)
        .where(Recommendation.id == recommendation.id)
        .values(body="## Proposal\r\n\r\nA line staffed day and night.")
    )
    db.session.commit()
    recommendation = reload(recommendation)
    update_recommendation(recommendation, world["coordinator"], {"topics": ["navies"]})
    db.session.commit()
    assert reload(recommendation).version == 2
    assert _count(Endorsement) == 1
    assert _outbox(app) == []


# -- 2. confidentiality: drafts ----------------------------------------------------------------


def test_a_removed_authors_draft_stays_out_of_their_lists(world, make, file, client_for, client,
                                                          bearer):  # fmt: skip
    """A facilitator who is also an accepted participant files a draft, then is removed from
    the staff. Opening the draft is refused (403: "someone removed from it keeps no right over
    what they filed"), and its title and topics leave their recommendation list, their search
    results and the API list as well (``Recommendation.is_author``, in the lists)."""
    author = world["author"]
    make.registration(world.programme, world.us, author, status="accepted")
    draft = file(status="draft", title="Confidential draft on the strait", topics=["Strait only"])
    browser = client_for(author)
    assert "Confidential draft on the strait" in _list_page(browser, world)  # theirs, for now

    db.session.execute(sa.delete(Membership).where(Membership.user_id == author.id))
    db.session.commit()

    browser = client_for(author)
    assert browser.get(f"/recommendations/{draft.id}").status_code == 403
    listed = _list_page(browser, world)
    assert "Confidential draft on the strait" not in listed
    assert "Strait only" not in listed  # nor its topic among the filter's choices
    assert "Confidential draft on the strait" not in _list_page(browser, world, q="strait")
    assert "Confidential draft on the strait" not in _list_page(browser, world, q="st")
    api = client.get(
        f"/api/v1/programmes/{world.programme.id}/recommendations", headers=bearer(author)
    )
    assert [item["id"] for item in api.json["items"]] == []


# -- 3. search ---------------------------------------------------------------------------------


def _titles_found(world, client_for, query) -> str:
    """The titles on the participant's result page for ``query``."""
    page = _list_page(client_for(world["participant"]), world, q=query)
    titles = re.findall(r'<h2><a href="[^"]*" dir="auto">(.*?)</a>', page)
    return " | ".join(unescape(title) for title in titles)


@pytest.mark.parametrize(
    ("title", "queries"),
    [
        ("Роль ЕС в морской безопасности", ("ЕС", "ес", "Ес")),  # the EU, in Russian
        ("роль ес в морской безопасности", ("ЕС", "ес")),
        ("Ο ρόλος της ΕΕ", ("εε", "ΕΕ")),  # the EU, in Greek
        ("The EU and the strait", ("eu", "EU")),
        ("欧盟的作用", ("欧盟",)),  # Chinese has no case
    ],
)
def test_short_search_terms_ignore_case_in_every_script(world, file, client_for, title, queries):
    """Terms under three characters go through LIKE on SQLite, which folds the case of ASCII
    letters only; longer terms fold every script (the trigram index). Short ones must too."""
    file(status="submitted", title=title)
    file(status="submitted", title="Unrelated: fishing fleets")
    for query in queries:
        assert _titles_found(world, client_for, query) == title, query


@pytest.mark.parametrize(
    "query",
    [
        '"hotline',  # a quote left open
        'hotline"',
        "“incident hotline”",  # typographic quotes (phones and word processors type these)
        "«горячая линия»",  # Russian guillemets
    ],
)
def test_search_quotes_as_a_reader_types_them(world, file, client_for, query):
    """A quote left open, or typographic quotes, are no part of the words searched."""
    file(status="submitted", title="Maritime incident hotline — горячая линия")
    assert "Maritime incident hotline" in _titles_found(world, client_for, query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"hotline', ["hotline"]),
        ('hotline" navy', ["hotline", "navy"]),
        ("“incident hotline” navy", ["incident hotline", "navy"]),
        ("«горячая линия»", ["горячая линия"]),
        ("„Heißer Draht“", ["Heißer Draht"]),
        ("「热线电话」 海上", ["热线电话", "海上"]),
        ('"a b" c "d', ["a b", "c", "d"]),
        ('a"b"c', ["a", "b", "c"]),
        ('"" " “”', []),
        ("don’t", ["don’t"]),  # an apostrophe is part of the word
    ],
)
def test_phrase_quotes_in_every_style(query, expected):
    assert search.terms(query) == expected


SPECIAL_QUERIES = ['"', '""', "*", "-", "NEAR(a b)", "a AND b", "OR", "NOT x", "(", ")", "^",
                   "title:hotline", "a*", "'", "\\", "%_", "{a}", "+", "a\"b\"c", "\u200f",
                   "😀😀😀", "x" * 200]  # fmt: skip


def test_special_characters_never_break_the_search(world, file, client_for, client, bearer):
    """FTS5 syntax and odd characters are plain text: the page and the API answer 200."""
    file(status="submitted", title='Hotline "quoted" - AND/OR (NEAR)')
    page = client_for(world["participant"])
    headers = bearer(world["participant"])
    api = f"/api/v1/programmes/{world.programme.id}/recommendations"
    for query in SPECIAL_QUERIES:
        url = f"/programmes/{world.programme.slug}/recommendations"
        assert page.get(url, query_string={"q": query}).status_code == 200, query
        assert client.get(api, query_string={"q": query}, headers=headers).status_code == 200


# -- 4. bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [("addressed_to", "abc", "Addressed to"), ("session_ids", "abc", "Sessions")],
)
def test_a_checkbox_value_that_is_no_id_names_the_field(world, client_for, field, value, label):
    client = client_for(world["author"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    data = {"title": "T", "agreement": "consensus", "addressed_to": [str(world.us.id)]}
    response = post_form(client, url, {**data, field: value})
    assert response.status_code == 422
    assert f"{label}:" in response.get_data(as_text=True)
    assert _count(Recommendation) == 0


@pytest.mark.parametrize("status", ["withdrawn", "declined", "waitlisted"])
def test_only_accepted_registrations_endorse(world, file, client, bearer, status):
    recommendation = file(status="published")
    registration = world.registrations["participant"]
    registration.status = status
    db.session.commit()
    url = f"/api/v1/recommendations/{recommendation.id}/endorsements"
    assert client.post(url, headers=bearer(world["participant"])).status_code == 403
    assert _count(Endorsement) == 0


# -- 5. empty states ---------------------------------------------------------------------------


def _history_text(client, recommendation) -> str:
    response = client.get(f"/recommendations/{recommendation.id}/history")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_history_of_a_single_version_says_there_is_nothing_to_compare(world, file, client_for):
    """A recommendation never edited: its "Versions" page does not compare version 1 with
    itself; it says there is nothing to compare yet."""
    recommendation = file(status="submitted")
    client = client_for(world["participant"])
    text = _history_text(client, recommendation)
    assert "Version 1 and version 1" not in text
    assert "These versions say the same" not in text
    assert "Only one version so far: there is nothing to compare yet." in text

    update_recommendation(recommendation, world["coordinator"], {"summary": "Shorter."})
    db.session.commit()
    text = _history_text(client, recommendation)
    assert "Version 1 and version 2" in text
    assert "Only one version so far" not in text
