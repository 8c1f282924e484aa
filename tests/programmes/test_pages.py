"""Creating and editing programmes and sides through the pages, as a browser does."""

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side
from tests.conftest import post_form
from tests.programmes.conftest import audit_actions

NEW = "/programmes/new"


def new_programme_form(**changes) -> dict:
    form = {
        "title": "Dialogue on the Mekong",
        "kind": "track_1_5",
        "description": "Water sharing.",
        "starts_on": "2027-06-01",
        "ends_on": "2027-06-03",
        "timezone": "Asia/Bangkok",
        "confidentiality": "off_the_record",
        "sides-0-name": "Upstream",
        "sides-0-countries": ["CN", "LA"],
        "sides-0-capacity": "6",
        "sides-1-name": "Downstream",
        "sides-1-countries": ["KH", "TH", "VN"],
        "sides-1-capacity": "",
    }
    form.update(changes)
    return form


def reload(obj) -> None:
    """See what the requests committed."""
    db.session.rollback()
    db.session.refresh(obj)


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_new_programme_page_labels_every_field(client, make, login):
    login(make.user(is_admin=True))
    page = client.get(NEW).get_data(as_text=True)
    for label in (
        "Title",
        "Kind",
        "Starts on",
        "Ends on",
        "Home time zone",
        "Side name",
        "Capacity",
    ):
        assert f">{label}</label>" in page
    assert "<legend>Default confidentiality rule" in page
    assert 'data-searchable="countries"' in page
    assert '<option value="CN">China (CN)</option>' in page
    assert "js/country-select.js" in page
    assert page.count("<legend>Side ") == 2


def test_create_a_programme_through_the_form(client, make, login):
    admin = make.user(is_admin=True)
    login(admin)
    response = post_form(client, NEW, new_programme_form())
    assert response.status_code == 302
    programme = db.session.scalar(sa.select(Programme))
    assert response.headers["Location"] == f"/programmes/{programme.slug}"
    assert programme.slug == "dialogue-on-the-mekong"
    assert [(s.name, s.countries, s.capacity) for s in programme.sides] == [
        ("Upstream", ["CN", "LA"], 6),
        ("Downstream", ["KH", "TH", "VN"], None),
    ]
    assert db.session.scalar(sa.select(Membership.user_id)) == admin.id
    assert "Dialogue on the Mekong" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_add_another_side_without_javascript(client, make, login):
    login(make.user(is_admin=True))
    response = post_form(client, NEW, new_programme_form(add_side="Add another side"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("<legend>Side ") == 3
    assert 'value="Upstream"' in page  # what was typed stays
    assert count(Programme) == 0
    form = new_programme_form(**{"sides-2-name": "Mekong commission", "sides-2-countries": ["MM"]})
    assert post_form(client, NEW, form).status_code == 302
    assert count(Side) == 3


def test_blank_side_rows_are_skipped(client, make, login):
    login(make.user(is_admin=True))
    form = new_programme_form(**{"sides-2-name": "", "sides-2-capacity": ""})
    assert post_form(client, NEW, form).status_code == 302
    assert count(Side) == 2


def test_problems_are_shown_beside_their_fields(client, make, login):
    login(make.user(is_admin=True))
    form = new_programme_form(
        title="",
        ends_on="2027-05-01",
        timezone="",
        **{"sides-1-countries": ["XX"], "sides-0-capacity": "-3"},
    )
    response = post_form(client, NEW, form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Title: Enter a title." in page
    assert "Ends on: The end date is before the start date." in page
    assert "Home time zone: Choose the home time zone." in page
    assert "Countries: Unknown country code: XX (use ISO 3166-1 alpha-2)." in page
    assert "Capacity: Capacity cannot be negative." in page
    assert 'aria-invalid="true"' in page
    assert count(Programme) == 0


def test_one_side_is_not_enough(client, make, login):
    login(make.user(is_admin=True))
    form = new_programme_form(
        **{"sides-1-name": "", "sides-1-countries": [], "sides-1-capacity": ""}
    )
    response = post_form(client, NEW, form)
    assert response.status_code == 422
    assert "Sides: A programme needs at least two sides." in response.get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(client, make, login):
    login(make.user(is_admin=True))
    response = client.post(NEW, data=new_programme_form())
    assert response.status_code == 400
    assert count(Programme) == 0


def test_edit_a_programme(client, make, login):
    programme = make.programme(status="draft", registration_open=False)
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    url = f"/programmes/{programme.slug}/edit"
    page = client.get(url).get_data(as_text=True)
    assert f'value="{programme.title}"' in page
    assert '<option value="concluded"' not in page  # only the moves allowed from draft
    form = {
        "title": "Renamed 改名",
        "kind": "cultural_exchange",
        "description": "",
        "public_summary": "For the public.",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-31",
        "timezone": "Europe/Zurich",
        "confidentiality": "on_record",
        "status": "registration_open",
        "parity_threshold": "0.6",
    }
    response = post_form(client, url, form)
    assert response.status_code == 302
    reload(programme)
    assert (programme.title, programme.kind, programme.status) == (
        "Renamed 改名",
        "cultural_exchange",
        "registration_open",
    )
    assert programme.registration_open
    assert programme.parity_threshold == 0.6
    assert audit_actions(programme.id) == ["programme.update"]


def test_edit_problems_answer_422_and_change_nothing(client, make, login):
    programme = make.programme(title="Kept")
    login(make.user(is_admin=True))
    url = f"/programmes/{programme.slug}/edit"
    form = {
        "title": "Changed",
        "kind": "dialogue_series",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-31",
        "timezone": "Europe/Zurich",
        "confidentiality": "chatham_house",
        "status": "draft",
        "parity_threshold": "2",
    }
    response = post_form(client, url, form)
    assert response.status_code == 422
    assert "Parity warning below: Enter a number from 0 to 1, such as 0.8." in response.get_data(
        as_text=True
    )
    reload(programme)
    assert programme.title == "Kept"


def sides_url(programme) -> str:
    return f"/programmes/{programme.slug}/sides"


def test_sides_editor_adds_updates_and_removes(client, make, login):
    programme = make.programme()
    login(make.user(is_admin=True))
    page = client.get(sides_url(programme)).get_data(as_text=True)
    assert "United States (US)" in page
    data = {"new-name": "Japan", "new-countries": ["JP"], "new-capacity": "5"}
    assert post_form(client, sides_url(programme), data).status_code == 302
    japan = db.session.scalar(sa.select(Side).where(Side.name == "Japan"))
    url = f"{sides_url(programme)}/{japan.id}"
    data = {f"side-{japan.id}-name": "Japan", f"side-{japan.id}-countries": ["JP", "KR"]}
    assert post_form(client, url, data, page=sides_url(programme)).status_code == 302
    reload(japan)
    assert (japan.countries, japan.capacity) == (["JP", "KR"], None)
    response = post_form(client, f"{url}/delete", {}, page=sides_url(programme))
    assert response.status_code == 302
    assert count(Side) == 2
    assert audit_actions(programme.id) == ["side.create", "side.update", "side.delete"]


def test_sides_editor_shows_problems_and_conflicts(client, make, login):
    programme = make.programme()
    us = programme.sides[0]
    make.registration(programme, us, status="accepted")
    make.registration(programme, us, status="accepted")
    login(make.user(is_admin=True))
    url = f"{sides_url(programme)}/{us.id}"
    data = {f"side-{us.id}-name": "United States", f"side-{us.id}-countries": ["US"],
            f"side-{us.id}-capacity": "1"}  # fmt: skip
    response = post_form(client, url, data, page=sides_url(programme))
    assert response.status_code == 409
    assert "has 2 accepted participants" in response.get_data(as_text=True)
    data[f"side-{us.id}-countries"] = ["ZZ"]
    response = post_form(client, url, data, page=sides_url(programme))
    assert response.status_code == 422
    assert "Countries: Unknown country code: ZZ" in response.get_data(as_text=True)
    response = post_form(client, sides_url(programme), {"new-name": ""})
    assert response.status_code == 422
    assert "Side name: Enter the side&#39;s name." in response.get_data(as_text=True)
    reload(us)
    assert (us.capacity, us.countries) == (10, ["US"])


def test_a_side_with_registrations_is_not_removed(client, make, login):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    make.registration(programme, programme.sides[2], status="pending")
    login(make.user(is_admin=True))
    url = f"{sides_url(programme)}/{programme.sides[2].id}/delete"
    response = post_form(client, url, {}, page=sides_url(programme))
    assert response.status_code == 409
    assert "cannot be removed while it has registrations (1)" in response.get_data(as_text=True)
    assert count(Side) == 3


def test_a_side_of_another_programme_is_not_found(client, make, login):
    programme = make.programme()
    other = make.programme()
    login(make.user(is_admin=True))
    url = f"{sides_url(programme)}/{other.sides[0].id}/delete"
    assert post_form(client, url, {}, page=sides_url(programme)).status_code == 404


def test_delete_asks_for_confirmation(client, make, login):
    programme = make.programme()
    login(make.user(is_admin=True))
    page = client.get(sides_url(programme)).get_data(as_text=True)
    assert 'data-confirm="Remove the side “United States”? This cannot be undone."' in page
