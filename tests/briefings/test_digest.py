"""The public digest: published recommendations for anyone, as a page, JSON and an Atom feed —
and never a name, an endorser or anything said off the record."""

import xml.etree.ElementTree as ET

import sqlalchemy as sa

from dialogues.briefings.queries import TO_PUBLISH_SHOWN
from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from tests.briefings.conftest import ARABIC_POSITION, assert_no_secrets, filed
from tests.conftest import post_form

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_digest_page_json_and_feed_hold_published_recommendations_only(client, world):
    page = client.get(f"/p/{world.programme.slug}/digest")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert world.recommendations["exchanges"].title in text
    assert ARABIC_POSITION in text
    for key in ("hotline", "gulf", "draft", "submitted", "withdrawn"):
        assert world.recommendations[key].title not in text
    assert_no_secrets(text, world.secrets, "the digest page")

    answer = client.get(f"/api/v1/programmes/{world.programme.id}/digest")
    assert answer.status_code == 200
    data = answer.json
    assert data["programme"]["title"] == world.programme.title
    assert [r["id"] for r in data["recommendations"]] == [world.recommendations["exchanges"].id]
    assert data["recommendations"][0]["endorsements"] == {
        str(world.us.id): 1, str(world.cn.id): 1, str(world.gulf.id): 1
    }  # fmt: skip
    assert_no_secrets(answer.get_data(as_text=True), world.secrets, "the digest JSON")

    feed = client.get(f"/p/{world.programme.slug}/digest.atom")
    assert feed.status_code == 200
    assert feed.mimetype == "application/atom+xml"
    root = ET.fromstring(feed.data)  # noqa: S314  (our own feed, parsed to check it is valid)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        world.recommendations["exchanges"].title
    ]
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Dialogues"
    for required in ("id", "updated", "title"):
        assert root.find(f"{ATOM}{required}") is not None
        assert entries[0].find(f"{ATOM}{required}") is not None
    assert_no_secrets(feed.get_data(as_text=True), world.secrets, "the Atom feed")


def test_there_is_no_digest_before_the_first_publication(client, make):
    programme = make.programme()
    assert client.get(f"/p/{programme.slug}/digest").status_code == 404
    assert client.get(f"/p/{programme.slug}/digest.atom").status_code == 404
    answer = client.get(f"/api/v1/programmes/{programme.id}/digest")
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "not_found"
    assert client.get("/p/no-such-programme/digest").status_code == 404


def test_the_coordinator_publishes_an_adopted_recommendation(client, world, client_for):
    coordinator = client_for(world["coordinator"])
    listing = f"/programmes/{world.programme.slug}/briefings"
    hotline = world.recommendations["hotline"]
    assert hotline.title in coordinator.get(listing).get_data(as_text=True)
    response = post_form(
        coordinator, f"/programmes/{world.programme.slug}/digest/{hotline.id}/publish", {}, listing
    )
    assert response.status_code == 302
    db.session.rollback()
    status = db.session.scalar(sa.select(Recommendation.status).filter_by(id=hotline.id))
    assert status == RecommendationStatus.PUBLISHED
    assert hotline.title in client.get(f"/p/{world.programme.slug}/digest").get_data(as_text=True)


def test_the_briefings_page_lists_the_first_adopted_and_counts_the_rest(world, client_for):
    listing = f"/programmes/{world.programme.slug}/briefings"
    coordinator = client_for(world["coordinator"])
    text = coordinator.get(listing).get_data(as_text=True)
    assert "status=adopted" not in text  # two adopted: both listed, nothing more to see
    hotline, gulf = world.recommendations["hotline"], world.recommendations["gulf"]
    assert hotline.title in text
    assert gulf.title in text

    titles = [f"Adopted number {n:02d}" for n in range(TO_PUBLISH_SHOWN)]
    for title in titles:
        filed(world, title, (world.us,), {}, [], "adopted")
    db.session.commit()
    page = coordinator.get(listing)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert text.count(f'action="/programmes/{world.programme.slug}/digest/') == TO_PUBLISH_SHOWN
    assert hotline.title in text
    assert gulf.title in text
    assert titles[TO_PUBLISH_SHOWN - 3] in text
    assert titles[TO_PUBLISH_SHOWN - 2] not in text
    assert f"The {TO_PUBLISH_SHOWN} adopted longest ago, of {TO_PUBLISH_SHOWN + 2}." in text
    every = f"/programmes/{world.programme.slug}/recommendations?status=adopted"
    assert f'href="{every}"' in text
    adopted = coordinator.get(every).get_data(as_text=True)
    assert titles[-1] in adopted
    assert "Pendingwort" not in adopted


def test_publishing_is_for_coordinators_and_adopted_recommendations_only(world, client_for):
    listing = f"/programmes/{world.programme.slug}/briefings"
    submitted = world.recommendations["submitted"]
    coordinator = client_for(world["coordinator"])
    url = f"/programmes/{world.programme.slug}/digest/{submitted.id}/publish"
    assert post_form(coordinator, url, {}, listing).status_code == 409
    liaison = client_for(world["us_liaison"])
    hotline_url = (
        f"/programmes/{world.programme.slug}/digest/{world.recommendations['hotline'].id}/publish"
    )
    assert post_form(liaison, hotline_url, {}, listing).status_code == 403


def test_the_home_page_links_each_programme_to_its_digest(client, world):
    home = client.get("/").get_data(as_text=True)
    assert f'href="/p/{world.programme.slug}/digest"' in home
