"""Who reads which briefing, on the pages and through the API; refused requests record nothing.

The API answers as the pages do: 403 to anyone signed in without the right, including someone
with no part in the programme.
"""

import pytest

from tests.briefings.conftest import exports
from tests.conftest import post_form

REFUSED = {
    "cn_liaison": 403,  # a liaison of another side
    "us_participant": 403,
    "pending": 403,
    "facilitator": 403,  # staff, but not a reader of briefings
    "outsider": 403,
}


def page(world, side=None, suffix=""):
    side = side or world.us
    return f"/programmes/{world.programme.slug}/briefings/{side.id}{suffix}"


def api(world, side=None, query=""):
    side = side or world.us
    return f"/api/v1/programmes/{world.programme.id}/briefings/{side.id}{query}"


@pytest.mark.parametrize(("who", "status"), REFUSED.items())
def test_pages_refuse_everyone_but_coordinators_and_the_sides_liaison(
    world, client_for, who, status
):
    browser = client_for(world[who])
    assert browser.get(page(world)).status_code == status
    export = browser.post(page(world, suffix="/export"), data={"format": "pdf"})
    assert export.status_code in {400, 403}  # no CSRF token to take from a refused page
    assert exports() == []


@pytest.mark.parametrize(("who", "status"), REFUSED.items())
def test_the_api_refuses_everyone_but_coordinators_and_the_sides_liaison(
    client, world, bearer, who, status
):
    response = client.get(api(world, query="?format=md"), headers=bearer(world[who]))
    assert response.status_code == status
    assert response.json["error"]["code"] == "forbidden"
    assert exports() == []


def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_answers_401(client, world):
    assert client.get(page(world)).status_code == 302
    assert client.get(f"/programmes/{world.programme.slug}/briefings").status_code == 302
    response = client.get(api(world))
    assert response.status_code == 401
    assert exports() == []


def test_a_liaison_reads_and_downloads_their_own_side(world, client_for, client, bearer):
    browser = client_for(world["us_liaison"])
    listing = browser.get(f"/programmes/{world.programme.slug}/briefings").get_data(as_text=True)
    assert "United States" in listing
    assert "Gulf states" not in listing
    assert "Exports" not in listing  # the export log is for coordinators
    preview = browser.get(page(world))
    assert preview.status_code == 200
    response = post_form(
        browser, page(world, suffix="/export"),
        {"format": "md", "recipient": "Someone chosen by the liaison"}, page=page(world),
    )  # fmt: skip
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Government liaison of the United States side" in text  # liaisons cannot re-address
    api_answer = client.get(api(world, query="?format=json"), headers=bearer(world["us_liaison"]))
    assert api_answer.status_code == 200
    recorded = exports(side_id=world.us.id)
    assert {e.actor_id for e in recorded} == {world["us_liaison"].id}
    assert len(recorded) == 2


@pytest.mark.parametrize(
    ("query", "field"), [("?format=exe", "format"), ("?format=PDF", "format"),
                         ("?recipient=" + "x" * 201, "recipient")],
)  # fmt: skip
def test_bad_input_is_refused_with_the_field_named(client, world, bearer, query, field):
    response = client.get(api(world, query=query), headers=bearer(world["coordinator"]))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert exports() == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/programmes/{p}/briefings/999999",
        "/api/v1/programmes/999999/briefings/{s}",
        "/api/v1/programmes/{p}/briefings/abc",
        "/api/v1/programmes/{p}/briefings/99999999999999999999",
    ],
)
def test_unknown_sides_and_programmes_are_not_found(client, world, bearer, url):
    url = url.format(p=world.programme.id, s=world.us.id)
    response = client.get(url, headers=bearer(world["coordinator"]))
    assert response.status_code == 404
    assert exports() == []


def test_a_side_of_another_programme_is_not_found(client, world, make, bearer):
    other = make.programme()
    url = f"/api/v1/programmes/{world.programme.id}/briefings/{other.sides[0].id}"
    assert client.get(url, headers=bearer(world["coordinator"])).status_code == 404
    browser_url = f"/programmes/{world.programme.slug}/briefings/{other.sides[0].id}"
    assert client.get(browser_url).status_code in {302, 404}


def test_an_unknown_format_or_section_on_the_page_answers_422_and_writes_nothing(world, client_for):
    browser = client_for(world["coordinator"])
    response = post_form(
        browser, page(world, suffix="/export"), {"format": "exe"}, page=page(world)
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    response = post_form(
        browser, page(world, suffix="/export"),
        {"format": "md", "sections": ["gossip"]}, page=page(world),
    )  # fmt: skip
    assert response.status_code == 422
    response = post_form(
        browser, page(world, suffix="/export"),
        {"format": "md", "recipient": "x" * 201, "sections": ["summary"]}, page=page(world),
    )  # fmt: skip
    assert response.status_code == 422
    assert "Recipient" in response.get_data(as_text=True)
    assert exports() == []


def test_the_tab_shows_for_coordinators_and_liaisons_only(world, client_for):
    overview = f"/programmes/{world.programme.slug}"
    for who, shown in (("coordinator", True), ("us_liaison", True), ("us_participant", False)):
        text = client_for(world[who]).get(overview).get_data(as_text=True)
        assert (f"/programmes/{world.programme.slug}/briefings" in text) is shown, who
