"""The programme dashboard: who sees what, key figures, the balance chart, a fixed query count."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.programmes.conftest import ROLES

STAFF = {"facilitator", "coordinator", "administrator"}


def url(programme) -> str:
    return f"/programmes/{programme.slug}"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_the_dashboard(client, cast, sign_in, role):
    sign_in(cast.people[role])
    response = client.get(url(cast.programme))
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "other_coordinator":
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "<bdi>Maritime dialogue</bdi>" in page
        assert ("Balance of participation" in page) == (role in STAFF)
        assert ("Key figures" in page) == (role in STAFF | {"participant"})
        assert ("Recommendations</h3>" in page) == (role in STAFF)


TABS = ["Overview", "Staff", "Sides", "Settings"]


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        ("pending", ["Overview"]),
        ("participant", ["Overview"]),
        ("liaison", ["Overview"]),
        ("facilitator", ["Overview"]),
        ("coordinator", TABS),
        ("administrator", TABS),
    ],
)
def test_tabs_show_only_what_the_viewer_may_use(client, cast, sign_in, role, tabs):
    sign_in(cast.people[role])
    page = client.get(url(cast.programme)).get_data(as_text=True)
    nav = page.split('aria-label="Programme"')[1].split("</nav>")[0]
    shown = re.findall(r">([^<>]+)</a>", nav)
    assert [tab for tab in shown if tab in TABS] == tabs
    assert f'href="{url(cast.programme)}" aria-current="page">Overview' in nav


def test_a_pending_participant_sees_the_programme_and_their_registration(client, cast, sign_in):
    sign_in(cast.people["pending"])
    page = client.get(url(cast.programme)).get_data(as_text=True)
    assert "Your registration is <strong>pending</strong>" in page
    assert f'href="{url(cast.programme)}/my-registration"' in page
    assert "Sessions scheduled" not in page


def test_key_figures(client, make, login):
    programme = make.programme(title="Figures")
    us, cn = programme.sides
    for status, side in [("accepted", us), ("accepted", cn), ("accepted", cn), ("pending", us)]:
        make.registration(programme, side, status=status)
    now = datetime.now(UTC)
    make.session(programme, starts_at=now - timedelta(days=2))  # held
    make.session(programme, starts_at=now + timedelta(days=2))  # scheduled
    make.session(programme, starts_at=now + timedelta(days=3), cancelled_at=now)  # neither
    author = make.user()
    for status in ("draft", "adopted", "adopted", "published"):
        make.recommendation(programme, author, status=status)
    login(make.user(is_admin=True))
    page = client.get(url(programme)).get_data(as_text=True)

    def figure(name):
        return re.search(rf"<dt>{name}</dt><dd>(\d+)</dd>", page).group(1)

    assert figure("Sides") == "2"
    assert figure("Participants accepted") == "3"
    assert figure("Registrations pending") == "1"
    assert figure("Sessions scheduled") == "1"
    assert figure("Sessions held") == "1"
    assert (figure("Draft"), figure("Adopted"), figure("Published"), figure("Withdrawn")) == (
        "1", "2", "1", "0"
    )  # fmt: skip


def test_a_facilitator_counts_only_their_own_drafts(make, client_for):
    """Drafts are seen by their author and the coordinators: a facilitator's figures count
    the others' drafts no more than their list shows them; a coordinator's count them all."""
    programme = make.programme(title="Figures")
    writer, colleague, coordinator = make.user(), make.user(), make.user()
    make.member(programme, writer, "facilitator")
    make.member(programme, colleague, "facilitator")
    make.member(programme, coordinator, "coordinator")
    for status in ("draft", "draft", "draft", "submitted"):
        make.recommendation(programme, writer, status=status)
    make.recommendation(programme, colleague, status="draft")
    expected = {colleague: ("1", "1"), writer: ("3", "1"), coordinator: ("4", "1")}
    for person, (drafts, submitted) in expected.items():
        page = client_for(person).get(url(programme)).get_data(as_text=True)
        assert re.search(r"<dt>Draft</dt><dd>(\d+)</dd>", page).group(1) == drafts
        assert re.search(r"<dt>Submitted</dt><dd>(\d+)</dd>", page).group(1) == submitted


def svg_of(page: str) -> str:
    return re.search(r'<svg class="balance-chart".*?</svg>', page, re.S).group(0)


def test_balance_chart_draws_each_side_with_its_numbers(client, make, login):
    programme = make.programme(sides=(("United States", ["US"]), ("中国", ["CN"])))
    us, cn = programme.sides
    for status in ["accepted"] * 4 + ["pending"] * 2 + ["waitlisted"]:
        make.registration(programme, us, status=status)
    make.registration(programme, cn, status="accepted")
    make.registration(programme, cn, status="declined")
    login(make.user(is_admin=True))
    page = client.get(url(programme)).get_data(as_text=True)
    svg = svg_of(page)
    assert 'role="img"' in svg
    assert 'aria-labelledby="balance-title balance-desc"' in svg
    assert '<title id="balance-title">' in svg
    assert (
        "United States: 4 accepted, 2 pending, 1 waitlisted, capacity 10. "
        "中国: 1 accepted, 0 pending, 0 waitlisted, capacity 10." in svg
    )
    assert svg.count('class="balance-bar"') == 2
    assert '<text class="side-name" x="0" y="16">United States</text>' in svg
    assert "4 accepted · 2 pending · 1 waitlisted · capacity 10" in svg
    assert "1 accepted · 0 pending · 0 waitlisted · capacity 10" in svg
    # the scale is the largest capacity (10 places = 600 units): 4 accepted are 240 wide
    assert '<rect class="part-accepted" x="0.0" y="24" width="240.0"' in svg
    assert '<rect class="part-pending" x="240.0" y="24" width="120.0"' in svg
    assert '<rect class="part-waitlisted" x="360.0" y="24" width="60.0"' in svg
    assert 'class="capacity-mark" x1="600.0"' in svg
    assert '<th scope="row"><bdi>中国</bdi></th><td>1</td><td>0</td><td>0</td><td>10</td>' in page


def test_parity_warning_below_the_threshold(client, make, login):
    programme = make.programme(parity_threshold=0.8)
    us, cn = programme.sides
    for _ in range(4):
        make.registration(programme, us, status="accepted")
    make.registration(programme, cn, status="accepted")
    login(make.user(is_admin=True))
    page = client.get(url(programme)).get_data(as_text=True)
    assert "Warning: the sides are unbalanced." in page
    assert "Parity is 0.25 (fewest accepted on a side ÷ most), below this programme" in page


def test_no_warning_at_parity(client, make, login):
    programme = make.programme(parity_threshold=0.8)
    us, cn = programme.sides
    for side in (us, us, us, us, cn, cn, cn, cn):
        make.registration(programme, side, status="accepted")
    make.registration(programme, cn, status="pending")  # pending does not count
    login(make.user(is_admin=True))
    page = client.get(url(programme)).get_data(as_text=True)
    assert "unbalanced" not in page
    assert "Parity is 1.00" in page


def test_before_anyone_is_accepted(client, make, login):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"])))
    programme.sides[0].capacity = None
    make.registration(programme, programme.sides[0], status="pending")
    login(make.user(is_admin=True))
    page = client.get(url(programme)).get_data(as_text=True)
    assert "No participant has been accepted yet." in page
    assert "unbalanced" not in page


def populate(make, programme, sides: int, per_side: int) -> None:
    from dialogues.extensions import db
    from dialogues.programmes.models import Side

    for number in range(len(programme.sides), sides):
        programme.sides.append(Side(name=f"Side {number}", slug=f"side-{number}", countries=["FR"]))
    db.session.commit()
    for side in programme.sides:
        for status in ("accepted", "pending", "waitlisted")[:per_side]:
            make.registration(programme, side, status=status)
    author = make.user()
    for _ in range(per_side):
        make.session(programme)
        make.recommendation(programme, author)


def test_the_dashboard_costs_the_same_for_two_sides_or_twenty(client, make, login, statements):
    small = make.programme(title="Small")
    large = make.programme(title="Large")
    populate(make, small, sides=2, per_side=1)
    populate(make, large, sides=20, per_side=3)
    login(make.user(is_admin=True))
    counts = []
    for programme in (small, large):
        client.get(url(programme))  # warm: the sign-in session row may be touched once
        statements.clear()
        response = client.get(url(programme))
        assert response.status_code == 200
        counts.append(len([s for s in statements if not s.startswith(("BEGIN", "COMMIT"))]))
    assert counts[0] == counts[1]
    # the sign-in, the programme with the person's access, its sides, and every figure
    assert counts[0] == 4, counts
    assert svg_of(response.get_data(as_text=True)).count('class="balance-bar"') == 20
