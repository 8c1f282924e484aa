"""The list page and the list API ask the database the same number of questions for 2 or 20."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations import operations
from dialogues.recommendations.models import Endorsement, RecommendationTopic


def _fill(world, file, count):
    for number in range(count):
        recommendation = file(
            status="adopted", title=f"Hotline {number}", topics=[f"t{number}", "shared"]
        )
        for role in ("participant", "participant_cn"):
            db.session.add(
                Endorsement(
                    recommendation_id=recommendation.id,
                    registration_id=world.registrations[role].id,
                    version=1,
                )
            )
    db.session.commit()


@pytest.mark.parametrize("query", [{}, {"q": "hotline"}, {"topic": "shared", "status": "adopted"}])
def test_list_page_query_count_is_fixed(world, file, client_for, statements, query):
    client = client_for(world["participant"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    counts = []
    for total in (2, 18):
        _fill(world, file, total - (counts and 2 or 0))
        client.get(url, query_string=query)  # warm: the first request loads the sign-in
        statements.clear()
        response = client.get(url, query_string=query)
        assert response.status_code == 200
        assert response.get_data(as_text=True).count('class="card rec-item"') == total
        counts.append(len(statements))
    assert counts[0] == counts[1], statements


def test_list_api_query_count_is_fixed(world, file, client, bearer, statements):
    headers = bearer(world["participant"])
    url = f"/api/v1/programmes/{world.programme.id}/recommendations"
    counts = []
    for total in (2, 18):
        _fill(world, file, total - (counts and 2 or 0))
        client.get(url, headers=headers)
        statements.clear()
        response = client.get(url, headers=headers)
        assert len(response.json["items"]) == total
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_session_filter_follows_each_change_of_its_sessions(world, make, client_for):
    """Its options are written once per list of sessions and choice: a renamed, added or
    chosen session shows at once."""
    client = client_for(world["participant"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    first = make.session(world.programme, title="Opening plenary")
    assert f'<option value="{first.id}">Opening plenary</option>' in client.get(url).text
    first.title = "Opening <plenary>"
    second = make.session(world.programme, title="Working group")
    db.session.commit()
    page = client.get(url).text
    assert f'<option value="{first.id}">Opening &lt;plenary&gt;</option>' in page
    assert f'<option value="{second.id}">Working group</option>' in page
    chosen = client.get(url, query_string={"session": second.id}).text
    assert f'<option value="{second.id}" selected>Working group</option>' in chosen
    assert f'<option value="{first.id}">Opening &lt;plenary&gt;</option>' in chosen


def _reads_sessions(statements) -> int:
    return sum(
        "dialogue_session.title" in s and "ORDER BY dialogue_session.starts_at" in s
        for s in statements
    )


def test_the_session_filter_reads_the_sessions_only_after_they_change(
    world, make, client_for, statements
):
    """Kept by each worker while the programme's ``session_revision`` stays; a moved session
    is read again and takes its new place in the time order."""
    client = client_for(world["participant"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    first = make.session(world.programme, title="Opening plenary")
    second = make.session(world.programme, title="Working group")
    second.starts_at, second.ends_at = (
        first.starts_at + timedelta(days=1),
        first.ends_at + timedelta(days=1),
    )
    db.session.commit()
    client.get(url)
    statements.clear()
    page = client.get(url).text
    assert _reads_sessions(statements) == 0
    assert page.index("Opening plenary") < page.index("Working group")
    second.starts_at, second.ends_at = (
        first.starts_at - timedelta(days=1),
        first.ends_at - timedelta(days=1),
    )
    db.session.commit()
    statements.clear()
    page = client.get(url).text
    assert _reads_sessions(statements) == 1
    assert page.index("Working group") < page.index("Opening plenary")


def _topic_choices(page: str) -> list[str]:
    select = re.search(r'<select id="topic" name="topic">(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_topic_filter_offers_the_topics_this_programme_uses(world, file, make, client_for):
    """Each topic row carries its recommendation's programme (migration 0016), written by the
    ORM when topics are filed or edited; the filter's choices and the filter itself read them
    by programme."""
    other = make.programme()
    elsewhere = make.recommendation(
        other, world["author"], topics=[RecommendationTopic(topic="cyber")]
    )
    recommendation = file("submitted", topics=["maritime", "海上安全", "أمن"])
    client = client_for(world["participant"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    assert _topic_choices(client.get(url).text) == ["maritime", "أمن", "海上安全"]
    for topic, shown in (("MARITIME", 1), ("海上安全", 1), ("cyber", 0)):
        page = client.get(url, query_string={"topic": topic}).text
        assert page.count('class="card rec-item"') == shown, topic
    operations.update_recommendation(recommendation, world["coordinator"], {"topics": ["crisis"]})
    db.session.commit()
    assert _topic_choices(client.get(url).text) == ["crisis"]
    topics = db.session.scalars(sa.select(RecommendationTopic)).all()
    assert {(t.topic, t.programme_id) for t in topics} == {
        ("crisis", world.programme.id),
        ("cyber", other.id),
    }
    assert elsewhere.topics[0].programme_id == other.id


def test_the_topic_filter_offers_a_drafts_topics_only_to_those_who_see_the_draft(
    world, file, client_for
):
    """Drafts are seen by their author and the coordinators: so are their topics."""
    file("submitted", topics=["maritime"])
    file("draft", topics=["nuclear", "maritime"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    choices = {
        role: _topic_choices(client_for(world[role]).get(url).text)
        for role in ("participant", "facilitator", "author", "coordinator")
    }
    assert choices == {
        "participant": ["maritime"],
        "facilitator": ["maritime"],
        "author": ["maritime", "nuclear"],
        "coordinator": ["maritime", "nuclear"],
    }
