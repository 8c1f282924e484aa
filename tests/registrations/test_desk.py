"""The coordinator's registration desk: lists, filters, decisions, warnings, offers, CSV."""

import csv
import io
import re

import pytest

from dialogues.extensions import db
from dialogues.registrations import csv_import
from dialogues.registrations.models import Registration
from tests.conftest import post_form
from tests.registrations.conftest import NAMES, reload


@pytest.fixture
def desk(cast, login):
    login(cast.coordinator)
    return f"/programmes/{cast.programme.slug}/registrations"


def _status(registration) -> str:
    return str(reload(Registration, registration.id).status)


def _decide(client, desk, registrations, status, **extra):
    data = {"registration_ids": [r.id for r in registrations], "status": status, **extra}
    return post_form(client, f"{desk}/decide", data, page=desk)


def test_the_desk_lists_names_in_every_script_and_the_balance(client, make, cast, desk):
    for name in NAMES:
        make.registration(cast.programme, cast.cn, make.user(name), affiliation=f"{name} Institute")
    page = client.get(desk).get_data(as_text=True)
    for name in NAMES:
        assert f"<bdi>{name}</bdi>" in page
    assert 'id="balance-heading"' in page
    assert "Parity <strong>1.00</strong>" in page
    assert 'aria-current="page">Registrations<' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=pending", {"Pending CN", "Pending US"}),
        ("status=accepted", {"Participant_Us person", "Participant_Cn person"}),
        ("side={cn}&status=pending", {"Pending CN"}),
        ("role=journalist", {"Pending US"}),
        ("nationality=FR", {"Pending US"}),
        ("q=pending c", {"Pending CN"}),
        ("q=%25", set()),
    ],
)
def test_filters(client, make, cast, desk, query, expected):
    make.registration(cast.programme, cast.us, make.user("Pending US"), role="journalist",
                      nationality="FR")  # fmt: skip
    make.registration(cast.programme, cast.cn, make.user("Pending CN"))
    page = client.get(f"{desk}?{query.format(cn=cast.cn.id)}").get_data(as_text=True)
    names = set(re.findall(r'<label for="select-\d+"><bdi>([^<]+)</bdi>', page))
    assert names == expected


def test_a_nonsense_filter_is_named_and_ignored(client, cast, desk):
    response = client.get(f"{desk}?status=nonsense")
    assert response.status_code == 200
    assert "Status: Not a valid choice." in response.get_data(as_text=True)


def test_the_desk_is_paginated(client, make, cast, desk):
    for _ in range(55):
        make.registration(cast.programme, cast.us)
    first = client.get(desk).get_data(as_text=True)
    assert "Page 1 of 2" in first
    assert first.count('name="registration_ids"') == 50
    second = client.get(f"{desk}?page=2").get_data(as_text=True)
    assert second.count('name="registration_ids"') == 57 - 50


def test_accept_many_at_once(client, make, cast, desk, outbox):
    people = [make.registration(cast.programme, side) for side in (cast.us, cast.cn)]
    response = _decide(client, desk, people, "accepted")
    assert response.status_code == 302
    assert [_status(r) for r in people] == ["accepted", "accepted"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 registrations accepted" in page
    assert len(outbox()) == 2


@pytest.mark.parametrize("status", ["waitlisted", "declined"])
def test_waitlist_and_decline(client, make, cast, desk, status):
    registration = make.registration(cast.programme, cast.us)
    _decide(client, desk, [registration], status)
    assert _status(registration) == status


def test_the_filters_survive_a_decision(client, make, cast, desk):
    registration = make.registration(cast.programme, cast.us)
    response = _decide(
        client, desk, [registration], "waitlisted", return_query="status=pending&evil=1&page=2"
    )
    assert response.headers["Location"] == f"{desk}?status=pending&page=2"


def test_nothing_selected_is_explained(client, cast, desk):
    response = post_form(client, f"{desk}/decide", {"status": "accepted"}, page=desk)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Select at least one registration" in page


def test_capacity_refusal_is_shown_and_changes_nothing(client, make, cast, desk, outbox):
    cast.us.capacity = 1  # the accepted participant fills it
    db.session.commit()
    registration = make.registration(cast.programme, cast.us)
    response = _decide(client, desk, [registration], "accepted")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "has no place left" in page
    assert "waitlist instead" in page
    assert _status(registration) == "pending"
    assert outbox() == []


def test_a_decision_that_drops_parity_asks_first(client, make, cast, desk):
    # One accepted on each side (parity 1.0); a second US participant would make it 0.5.
    registration = make.registration(cast.programme, cast.us, make.user("王小明"))
    response = _decide(client, desk, [registration], "accepted")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This would unbalance the sides" in page
    assert "<strong>1.00</strong> to <strong>0.50</strong>" in page
    assert "王小明" in page
    assert _status(registration) == "pending"
    response = _decide(client, desk, [registration], "accepted", confirm_parity="yes")
    assert response.status_code == 302
    assert _status(registration) == "accepted"


def test_a_freed_place_is_offered_for_promotion(client, make, cast, desk):
    cast.us.capacity = 2
    db.session.commit()
    taken = make.registration(cast.programme, cast.us, status="accepted")
    first = make.registration(cast.programme, cast.us, make.user("فاطمة الزهراء"),
                              status="waitlisted")  # fmt: skip
    make.registration(cast.programme, cast.us, status="waitlisted")
    assert "Places free" not in client.get(desk).get_data(as_text=True)
    _decide(client, desk, [taken], "declined", confirm_parity="yes")
    page = client.get(desk).get_data(as_text=True)
    assert "Places free" in page
    assert "First on its waiting list: <strong><bdi>فاطمة الزهراء</bdi></strong>" in page
    _decide(client, desk, [first], "accepted", confirm_parity="yes")
    assert _status(first) == "accepted"
    assert "Places free" not in client.get(desk).get_data(as_text=True)


def test_the_export_reads_back(client, make, cast, desk):
    for name in NAMES:
        make.registration(
            cast.programme, cast.cn, make.user(name), affiliation="=cmd|' /C calc'!A0"
        )
    response = post_form(client, f"{desk}/export", {"status": "pending"}, page=desk)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [row["name"] for row in rows] == list(NAMES)
    assert {row["affiliation"] for row in rows} == {"'=cmd|' /C calc'!A0"}


IMPORT_HEADER = ",".join(csv_import.REQUIRED)


def _upload(client, url, text: str):
    data = {"file": (io.BytesIO(text.encode()), "people.csv")}
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(url, data={**data, "csrf_token": token},
                       content_type="multipart/form-data")  # fmt: skip


def test_import_previews_then_imports_everything(client, cast, desk, outbox):
    url = f"{desk}/import"
    text = "\n".join([
        IMPORT_HEADER,
        "王小明,wang@example.org,China,北京大学,student,CN,yes,yes",
        "فاطمة الزهراء,fatima@example.org,United States,جامعة,academic,US,yes,yes",
    ])  # fmt: skip
    preview = _upload(client, url, text)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "2 registrations ready to import" in page
    assert db.session.query(Registration).count() == 2  # only the cast's
    content = re.search(r'<textarea name="content"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "王小明" in content
    response = post_form(client, f"{url}/confirm", {"content": text}, page=url)
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.query(Registration).count() == 4
    assert sorted(m["To"] for m in outbox()) == ["fatima@example.org", "wang@example.org"]


def test_import_with_bad_rows_names_them_and_imports_nothing(client, cast, desk, outbox):
    url = f"{desk}/import"
    text = "\n".join([
        IMPORT_HEADER,
        "王小明,wang@example.org,China,北京大学,student,CN,yes,yes",
        "Someone,someone@,Mars,Org,academic,ZZ,yes,no",
    ])  # fmt: skip
    preview = _upload(client, url, text)
    assert preview.status_code == 422
    page = preview.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert "Row 3, column “email”" in page
    assert "Row 3, column “side”" in page
    assert "Row 3, column “nationality”" in page
    assert "Row 3, column “accepts_confidentiality_rule”" in page
    assert "<textarea" not in page
    response = post_form(client, f"{url}/confirm", {"content": text}, page=url)
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.query(Registration).count() == 2
    assert outbox() == []


def test_import_without_a_file_is_explained(client, cast, desk):
    url = f"{desk}/import"
    response = post_form(client, url, {})
    assert response.status_code == 422
    assert "Choose a CSV file." in response.get_data(as_text=True)


def _desk_statements(client, make, statements, cast, desk, adding, total):
    names = [f"{n} {i}" for i, n in enumerate(NAMES * adding)][:adding]
    for index, name in enumerate(names):
        side = (cast.us, cast.cn)[index % 2]
        status = ("pending", "waitlisted")[index % 2]
        make.registration(cast.programme, side, make.user(name), status=status,
                          languages=["en"], access_needs="Interpretation")  # fmt: skip
    client.get(desk)  # warm: the session row was just touched by the sign-in
    statements.clear()
    response = client.get(desk)
    counted = len(statements)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.count('type="checkbox" name="registration_ids"') == total
    return counted


def test_the_desk_runs_the_same_number_of_queries_however_many_registrations(
    client, make, cast, desk, statements
):
    few = _desk_statements(client, make, statements, cast, desk, 3, total=5)  # with the cast's 2
    many = _desk_statements(client, make, statements, cast, desk, 45, total=50)
    assert few == many
    assert few <= 15, few
