"""A list's page past its last (an old link, a list that has shrunk) opens the last page.

Each list used to show its empty state there: "No sessions yet — Schedule the first one" on a
schedule of 60 sessions, "No registrations match" on a desk of 60 applications.
"""

from datetime import UTC, datetime, timedelta

import pytest

from dialogues.extensions import db


@pytest.fixture
def crowded(make):
    """A programme with 60 sessions, 60 registrations and 60 published recommendations."""
    programme = make.programme()
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    start = datetime(2027, 3, 2, 9, tzinfo=UTC)
    for number in range(60):
        make.session(programme, [], starts_at=start + timedelta(days=number))
        make.registration(programme, programme.sides[number % 2])
        make.recommendation(programme, coordinator, status="published", published_at=start)
    db.session.commit()
    return programme, coordinator


@pytest.mark.parametrize(
    ("path", "last"),
    [
        ("/programmes/{slug}/sessions", 2),  # 50 a page
        ("/programmes/{slug}/registrations", 2),  # 50 a page
        ("/programmes/{slug}/recommendations", 3),  # 20 a page
        ("/p/{slug}/digest", 1),  # the total comes with the rows: the first page
    ],
)
def test_a_page_past_the_last_opens_the_last(client, login, crowded, path, last):
    programme, coordinator = crowded
    login(coordinator)
    url = path.format(slug=programme.slug)
    response = client.get(f"{url}?page=9")
    assert response.status_code == 302
    assert response.location == f"{url}?page={last}"
    assert client.get(response.location).status_code == 200


def test_the_filters_are_kept(client, login, crowded):
    programme, coordinator = crowded
    side = programme.sides[0]
    login(coordinator)
    url = f"/programmes/{programme.slug}/registrations"
    response = client.get(f"{url}?side={side.id}&page=9")
    assert response.location == f"{url}?side={side.id}&page=1"  # 30 on that side: one page


def test_a_page_within_the_list_is_shown(client, login, crowded):
    programme, coordinator = crowded
    login(coordinator)
    assert client.get(f"/programmes/{programme.slug}/sessions?page=2").status_code == 200
