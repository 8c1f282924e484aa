"""Filing and editing through the pages: fields kept, bad input refused, nothing written."""

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, RecommendationVersion
from tests.conftest import post_form


def _form(world, **overrides) -> dict:
    data = {
        "title": "Open a maritime hotline",
        "summary": "A line between the two navies.",
        "body": "Both sides shall [1] a hotline.",
        "agreement": "divided",
        "addressed_to": [str(world.us.id), str(world.cn.id)],
        "topics": "maritime, 海上安全، أمن",
        f"position_{world.us.id}": "We support it.",
        f"position_{world.cn.id}": "我们原则上支持。",
        f"alternative_1_{world.us.id}": "establish",
        f"alternative_1_{world.cn.id}": "consider establishing",
    }
    return {**data, **overrides}


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_facilitator_files_a_recommendation_with_every_field(world, make, client_for):
    dialogue_session = make.session(world.programme, title="Working group on incidents")
    client = client_for(world["author"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    response = post_form(client, url, _form(world, session_ids=[str(dialogue_session.id)]))
    assert response.status_code == 302, response.get_data(as_text=True)
    recommendation = db.session.scalars(sa.select(Recommendation)).one()
    assert (recommendation.status, recommendation.version, recommendation.author_id) == (
        "draft",
        1,
        world["author"].id,
    )
    assert [t.topic for t in recommendation.topics] == ["maritime", "أمن", "海上安全"]
    assert {p.side_id: p.text for p in recommendation.positions} == {
        world.us.id: "We support it.",
        world.cn.id: "我们原则上支持。",
    }
    assert [(a.passage, a.side_id, a.text) for a in recommendation.alternatives] == [
        (1, world.us.id, "establish"),
        (1, world.cn.id, "consider establishing"),
    ]
    assert [s.id for s in recommendation.sessions] == [dialogue_session.id]
    assert _count(RecommendationVersion) == 1
    page = client.get(response.location).get_data(as_text=True)
    for text in ("Open a maritime hotline", "我们原则上支持。", "consider establishing",
                 "Working group on incidents", "Divided"):  # fmt: skip
        assert text in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "   "}, "title", "Must not be empty"),
        ({"addressed_to": ["999999"]}, "addressed_to", "Not a side of this programme"),
        ({"addressed_to": []}, "addressed_to", "Choose at least one side"),
        ({"session_ids": ["999999"]}, "session_ids", "Not a session of this programme"),
        ({"agreement": "unanimous"}, "agreement", "Must be one of"),
        ({"addressed_to": ["x"]}, "addressed_to", "Invalid choice"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, client_for, overrides, field, message):
    client = client_for(world["author"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    response = post_form(client, url, _form(world, **overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(Recommendation) == 0


def test_a_side_of_another_programme_is_unknown(world, make, client_for):
    other = make.programme(slug="other")
    client = client_for(world["author"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    form = _form(world, addressed_to=[str(other.sides[0].id)])
    response = post_form(client, url, form)
    assert response.status_code == 422
    assert "Not a side of this programme" in response.get_data(as_text=True)
    assert _count(Recommendation) == 0


def test_edit_keeps_the_previous_version(world, file, client_for):
    recommendation = file()
    client = client_for(world["author"])
    url = f"/recommendations/{recommendation.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "Establish a maritime incident hotline" in page
    response = post_form(client, url, _form(world, title="A hotline, version two"))
    assert response.status_code == 302
    db.session.refresh(recommendation)
    assert recommendation.version == 2
    versions = db.session.scalars(
        sa.select(RecommendationVersion).order_by(RecommendationVersion.version)
    ).all()
    assert [(v.version, v.title) for v in versions] == [
        (1, "Establish a maritime incident hotline"),
        (2, "A hotline, version two"),
    ]


def test_saving_without_a_change_makes_no_version(world, file, client_for):
    recommendation = file(addressed_to=[world.us.id])
    client = client_for(world["author"])
    url = f"/recommendations/{recommendation.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "maritime, crisis" in page or "crisis, maritime" in page
    form = {
        "title": recommendation.title,
        "summary": recommendation.summary,
        "body": recommendation.body,
        "agreement": "broad_support",
        "addressed_to": [str(world.us.id)],
        "topics": "crisis, maritime",
        f"position_{world.us.id}": "The United States supports the proposal.",
        f"position_{world.cn.id}": "China supports it, under conditions.",
    }
    response = post_form(client, url, form)
    assert response.status_code == 302
    db.session.refresh(recommendation)
    assert recommendation.version == 1


def test_short_summary_and_empty_positions_are_fine(world, client_for):
    client = client_for(world["coordinator"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    form = _form(world, summary="", **{f"position_{world.cn.id}": ""})
    assert post_form(client, url, form).status_code == 302
    recommendation = db.session.scalars(sa.select(Recommendation)).one()
    assert [p.side_id for p in recommendation.positions] == [world.us.id]


def test_nul_characters_are_refused_not_stored(world, client_for):
    client = client_for(world["author"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    response = post_form(client, url, _form(world, title="Hot\x00line"))
    assert response.status_code == 422
    assert "NUL" in response.get_data(as_text=True)
    assert _count(Recommendation) == 0
    listing = client.get(f"/programmes/{world.programme.slug}/recommendations?q=a%00b")
    assert listing.status_code == 422
