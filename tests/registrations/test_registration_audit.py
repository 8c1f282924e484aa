"""Audit of the registration flow: each test pins what a user would see.

Most docstrings say what a user saw before the defect was fixed; the others pin behaviour worth
keeping.
"""

import csv
import gc
import io
import re

import pytest
import sqlalchemy as sa
from markupsafe import escape

from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.registrations import csv_export, csv_import, operations
from dialogues.registrations.models import Registration
from dialogues.registrations.privacy import erase_account
from tests.conftest import post_form
from tests.registrations.conftest import body_of, registration_data, reload
from tests.registrations.test_register_page import _form

HEADER = ",".join(csv_import.REQUIRED)


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Registration))


# -- CSV import ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("as_command")
def test_import_reads_a_doubled_quote_as_one_quote(make):
    """A spreadsheet (and our own export) writes a quote inside a cell as two quotes:
    ``"The ""Carter"" Center"``. The import sniffs the dialect from the header line alone, which
    has no quotes, so ``doublequote`` is off: the affiliation is stored as
    ``The "Carter"" Center"`` — silently corrupted, no error shown."""
    programme = make.programme()
    text = "\r\n".join(
        [HEADER, 'Amelia,amelia@example.org,China,"The ""Carter"" Center",academic,CN,yes,yes']
    )
    (created,) = csv_import.import_registrations(programme, text.encode())
    assert created.affiliation == 'The "Carter" Center'


@pytest.mark.usefixtures("as_command")
def test_import_accepts_the_empty_trailing_columns_a_spreadsheet_writes(make):
    """Excel and LibreOffice write empty trailing columns (``…,accepts_confidentiality_rule,,``)
    when a column beyond the data was ever formatted. The import refuses the whole file with
    “Row 1: Unknown column. Use: name, email, …” and “Row 1: This column appears more than
    once.” — naming no column, as the columns in question have no name."""
    programme = make.programme()
    text = "\r\n".join([HEADER + ",,", "Amelia,amelia@example.org,China,Org,academic,CN,yes,yes,,"])
    plan = csv_import.plan_import(programme, text.encode())
    assert [str(error) for error in plan.errors] == []
    assert len(plan.rows) == 1


# -- decisions on erased, withdrawn and ended registrations --------------------------------------


@pytest.mark.usefixtures("as_command")
def test_an_erased_registration_cannot_be_given_a_place(make):
    """Erasure keeps a declined registration as a nameless row; the desk still shows it with a
    checkbox and “Accept” succeeds: a place (and a count in the balance) goes to nobody — what
    ``privacy.anonymise_registration`` withdraws open applications to prevent."""
    programme = make.programme()
    coordinator = make.user(is_admin=True)
    person = make.user()
    registration = make.registration(programme, programme.sides[0], person, status="declined")
    erase_account(person)
    db.session.commit()
    with pytest.raises(Conflict):
        operations.decide(registration, "accepted", coordinator)
    assert reload(Registration, registration.id).status == "declined"


@pytest.mark.usefixtures("as_command")
def test_an_erased_accepted_registration_can_still_be_declined(make):
    """Declining gives nobody a place: it stays possible (a programme's numbers put right)."""
    programme = make.programme()
    coordinator = make.user(is_admin=True)
    person = make.user()
    registration = make.registration(programme, programme.sides[0], person, status="accepted")
    erase_account(person)
    db.session.commit()
    assert operations.decide(registration, "declined", coordinator).status == "declined"


@pytest.mark.usefixtures("as_command")
def test_an_erased_accepted_registration_is_not_offered_from_the_waitlist(make):
    """An erased participant's accepted row can be moved to the waitlist; then the desk's
    “Places free” panel offers “Erased account” for one-click promotion."""
    from dialogues.registrations.advice import promotion_offers

    programme = make.programme()
    coordinator = make.user(is_admin=True)
    person = make.user()
    registration = make.registration(programme, programme.sides[0], person, status="accepted")
    erase_account(person)
    db.session.commit()
    try:
        operations.decide(registration, "waitlisted", coordinator)
    except Conflict:
        return  # refused: fine
    assert promotion_offers(programme) == []


def test_a_mistaken_withdrawal_can_be_undone_as_the_mail_promises(
    client, client_for, make, login, outbox
):
    """The withdrawal mail says “If this was a mistake, please contact the coordinators.” A
    coordinator can then reopen the registration from the desk (“Reopen”): it is pending again,
    the person is told, and the decision is taken as for any other registration."""
    from dialogues.core.audit import AuditEvent

    programme = make.programme()
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    person = make.user("王小明")
    registration = make.registration(programme, programme.sides[0], person, status="accepted")
    login(person)
    own = f"/programmes/{programme.slug}/my-registration"
    assert post_form(client, f"{own}/withdraw", {}, page=own).status_code == 302
    assert "contact the coordinators" in body_of(outbox()[-1])

    desk_client = client_for(coordinator)
    desk = f"/programmes/{programme.slug}/registrations"
    page = desk_client.get(f"{desk}?status=withdrawn").get_data(as_text=True)
    assert '<button type="submit" name="status" value="pending"' in page
    form = {"registration_ids": [registration.id], "status": "pending", "confirm_parity": "yes"}
    assert post_form(desk_client, f"{desk}/decide", form, page=desk).status_code == 302
    assert reload(Registration, registration.id).status == "pending"
    assert "Registration reopened" in outbox()[-1]["Subject"]
    event = db.session.scalar(
        sa.select(AuditEvent).filter_by(action="registration.decide", object_id=registration.id)
    )
    assert (event.detail["status_from"], event.detail["status_to"]) == ("withdrawn", "pending")
    decided = operations.decide(reload(Registration, registration.id), "accepted", coordinator)
    assert decided.status == "accepted"


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize("status", ["concluded", "archived"])
def test_nobody_withdraws_from_a_programme_that_has_ended(make, status):
    """After the programme concluded, an accepted participant can still press “Withdraw my
    registration”: the balance of a programme already held drops, and (as endorsements count
    only participants still accepted) published recommendations lose their endorsements in the
    digest and briefings after the fact."""
    from dialogues.recommendations.endorsements import counts_per_side
    from dialogues.recommendations.models import Endorsement

    programme = make.programme(status=status, registration_open=False)
    us = programme.sides[0]
    registration = make.registration(programme, us, status="accepted")
    recommendation = make.recommendation(programme, make.user(), status="published")
    db.session.add(
        Endorsement(recommendation_id=recommendation.id, registration_id=registration.id, version=1)
    )
    db.session.commit()
    sides = [side.id for side in programme.sides]
    before = counts_per_side([recommendation.id], sides)[recommendation.id][us.id]
    try:
        operations.withdraw(registration, registration.user)
        db.session.commit()
    except Conflict:
        pass
    after = counts_per_side([recommendation.id], sides)[recommendation.id][us.id]
    assert (before, after) == (1, 1), "the published recommendation lost an endorsement"
    assert reload(Registration, registration.id).status == "accepted"


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize("status", ["concluded", "archived"])
def test_the_import_does_not_register_people_for_a_programme_that_has_ended(make, outbox, status):
    """The register page and the API refuse registrations once the programme has concluded
    (403, “the programme has ended”), but the CSV import creates pending registrations and
    mails each person “Registration received … the coordinators will decide on it”."""
    programme = make.programme(status=status, registration_open=False)
    text = "\r\n".join([HEADER, "Amelia,amelia@example.org,China,Org,academic,CN,yes,yes"])
    plan = csv_import.plan_import(programme, text.encode())
    assert plan.errors, "an ended programme takes no registrations"
    assert outbox() == []


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_the_preview_accepts_can_be_imported(client, cast, login):
    """The import page takes files up to 1 MB and the preview says “300 registrations ready to
    import”; the confirmation sends the file back as a form field, and Flask refuses form fields
    over 500 kB (MAX_FORM_MEMORY_SIZE): “Request refused — The request could not be
    completed.” (413), nothing imported, for any file between about 500 kB and 1 MB."""
    login(cast.coordinator)
    url = f"/programmes/{cast.programme.slug}/registrations/import"
    header = HEADER + ",access_needs"
    rows = [
        f"Person {i},p{i}@example.org,China,Org,academic,CN,yes,yes,{'n' * 1990}"
        for i in range(300)
    ]
    text = "\r\n".join([header, *rows])  # about 600 kB
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    preview = client.post(
        url,
        data={"file": (io.BytesIO(text.encode()), "people.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert "300 registrations ready to import" in preview.get_data(as_text=True)
    response = client.post(
        f"{url}/confirm",
        data={"content": text, "csrf_token": token},
        content_type="multipart/form-data",
        headers={"Referer": f"http://localhost{url}"},
    )
    status = response.status_code
    response.close()
    del response, preview
    gc.collect()  # the refused request leaves its spooled file to the collector: close it here
    assert status == 302, status
    assert _count() == 2 + 300


# -- bad input: pages and the API ----------------------------------------------------------------


def _page_errors(response) -> list[str]:
    page = response.get_data(as_text=True)
    return re.findall(r'<ul class="errors"[^>]*>\s*<li>(.*?)</li>', page)


@pytest.mark.parametrize(
    ("field", "label", "value"),
    [
        ("affiliation", "Affiliation", "x" * 10_000),
        ("name", "Full name", "x" * 201),
        ("affiliation", "Affiliation", ""),
    ],
)
def test_the_page_and_the_api_give_the_same_message(client, make, field, label, value):
    """Too long or empty, the page says “Affiliation: Field cannot be longer than 200
    characters.” / “This field is required.” (WTForms' words), the API “Longer than maximum
    length 200.” (marshmallow's), and the operation they share has a third, “Use at most 200
    characters.” / “Enter an affiliation.”, which neither ever shows."""
    programme = make.programme()
    side = programme.sides[0]
    page = post_form(client, f"/p/{programme.slug}/register", _form(side, **{field: value}))
    api = client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json=registration_data(side, **{field: value}),
    )
    assert (page.status_code, api.status_code) == (422, 422)
    (shown,) = _page_errors(page)
    assert shown == str(escape(f"{label}: {api.json['error']['fields'][field][0]}"))
    assert _count() == 0


def test_an_arabic_reader_is_told_in_arabic_that_a_field_is_too_long(client, make):
    """In Arabic the page shows “الجهة: Field cannot be longer than 200 characters.”: WTForms'
    own message, which its Arabic catalogue does not translate (the app's “Use at most %(num)d
    characters.” is never used on the page)."""
    from dialogues.core.i18n import COOKIE

    programme = make.programme()
    client.set_cookie(COOKIE, "ar")
    form = _form(programme.sides[0], affiliation="x" * 201)
    response = post_form(client, f"/p/{programme.slug}/register", form)
    assert response.status_code == 422
    (shown,) = _page_errors(response)
    assert "Field cannot be longer" not in shown


@pytest.mark.parametrize("value", ["\u200b", "\u202e", "\u200f\u200e", "Org\x07", "\x1b[31mOrg"])
def test_an_affiliation_must_show_something_and_hold_no_control_character(client, make, value):
    """“Enter an affiliation.” is required, yet an affiliation of a zero-width space or a
    right-to-left override alone is accepted (the desk shows an empty cell), and so are control
    characters (BEL, ESC) that names refuse with “Enter a name with visible characters and no
    control characters.”. Page and API alike."""
    programme = make.programme()
    side = programme.sides[0]
    page = post_form(client, f"/p/{programme.slug}/register", _form(side, affiliation=value))
    api = client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json=registration_data(side, email="other@example.org", affiliation=value),
    )
    assert page.status_code == 422
    assert api.status_code == 422
    assert "affiliation" in api.json["error"]["fields"]
    assert _count() == 0


@pytest.mark.parametrize(
    ("value", "refused"),
    [("Ramp\x07", True), ("\x1b[31mRamp", True), ("Step-free access\r\n\tInterpreter", False)],
)
def test_access_needs_hold_line_breaks_and_tabs_but_no_other_control_character(
    client, make, value, refused
):
    programme = make.programme()
    api = client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json=registration_data(programme.sides[0], access_needs=value),
    )
    assert api.status_code == (422 if refused else 201)
    assert ("access_needs" in api.json.get("error", {}).get("fields", {})) is refused


def test_a_consent_to_be_named_can_be_withdrawn_on_the_page(client, make, login):
    """The API stores ``consents_to_attribution: true`` in a Chatham House programme (the page
    never offers it there), and a session of that programme may be on the record, where notes
    may then name the person. On “Edit my details” the checkbox is missing for any programme not
    on the record: the consent can be given through one door and never withdrawn."""
    from dialogues.auth.models import User

    programme = make.programme(confidentiality="chatham_house")
    make.session(programme, confidentiality_override="on_record")
    response = client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json=registration_data(programme.sides[0], consents_to_attribution=True),
    )
    assert response.status_code == 201
    assert response.json["consents_to_attribution"] is True
    db.session.rollback()
    person = db.session.scalar(sa.select(User).filter_by(email="amelia@example.org"))
    login(person, password=registration_data(programme.sides[0])["password"])
    edit = f"/programmes/{programme.slug}/my-registration/edit"
    assert "I agree to be named" in client.get(edit).get_data(as_text=True)
    form = {key: registration_data(programme.sides[0])[key] for key in _EDITED}
    assert post_form(client, edit, form).status_code == 302  # the box left unticked
    assert reload(Registration, response.json["id"]).consents_to_attribution is False


_EDITED = ("name", "affiliation", "role", "nationality")


def test_a_consent_to_be_named_is_kept_only_where_it_is_asked(client, make):
    """The API follows the page: nothing of the programme is on the record (the page does not
    ask), so a consent sent anyway is not kept."""
    programme = make.programme(confidentiality="chatham_house")
    make.session(programme, confidentiality_override="off_the_record")
    response = client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json=registration_data(programme.sides[0], consents_to_attribution=True),
    )
    assert response.status_code == 201
    assert response.json["consents_to_attribution"] is False


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_file_over_the_request_limit_is_named_too_large(client, cast, login):
    """A 1.5 MB file gets “The file is too large: import at most 1 MB at a time.” beside the
    field; a 3 MB file (over MAX_CONTENT_LENGTH) gets only “Request refused — The request could
    not be completed.” (413): nothing says the file is the problem or what the limit is."""
    login(cast.coordinator)
    url = f"/programmes/{cast.programme.slug}/registrations/import"
    text = HEADER + "\r\n" + ("x" * 100 + "\r\n") * 30_000  # about 3 MB
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        url,
        data={"file": (io.BytesIO(text.encode()), "people.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    )
    shown = response.get_data(as_text=True)
    response.close()
    del response
    gc.collect()
    assert "1 MB" in shown


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,email\r\n".encode("utf-16"), "The file is not UTF-8 text"),
        ("name\r\nJosé".encode("latin-1"), "The file is not UTF-8 text"),
        (b"name,email\r\n\x00", "NUL character"),
    ],
)
def test_an_unreadable_file_is_named_and_nothing_is_written(make, outbox, content, expected):
    """Pinned: UTF-16 (Excel's “Unicode Text”), Latin-1 and NUL are refused with a message."""
    programme = make.programme()
    plan = csv_import.plan_import(programme, content)
    assert plan.rows == []
    assert expected in str(plan.errors[0])
    assert _count() == 0


@pytest.mark.usefixtures("as_command")
def test_a_bom_and_semicolons_and_every_script_are_read(make):
    """Pinned: Excel's “CSV UTF-8” in a European locale (BOM, semicolons), Arabic and Chinese."""
    programme = make.programme()
    text = "\r\n".join(
        [
            HEADER.replace(",", ";"),
            "فاطمة الزهراء;fatima@example.org;China;جامعة القاهرة;journalist;EG;yes;yes",
            "王小明;wang@example.org;United States;北京大学;student;CN;yes;yes",
        ]
    )
    created = csv_import.import_registrations(programme, "\ufeff".encode() + text.encode())
    assert [(r.user.name, r.affiliation) for r in created] == [
        ("فاطمة الزهراء", "جامعة القاهرة"),
        ("王小明", "北京大学"),
    ]


@pytest.mark.usefixtures("as_command")
@pytest.mark.parametrize(
    "dangerous", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1", '=HYPERLINK("x","y")']
)
def test_the_export_reads_back_with_every_formula_neutralised(make, dangerous):
    """Pinned: every cell a spreadsheet would run starts with an apostrophe when read back."""
    programme = make.programme()
    person = make.user("Amelia")
    registration = make.registration(
        programme, programme.sides[0], person, affiliation=dangerous, access_needs=dangerous
    )
    exported = csv_export.export_csv(programme, [registration]).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(exported, newline="")))
    for cell in row.values():
        assert not cell.startswith(csv_export.FORMULA_STARTS), row
    assert row["affiliation"] == f"'{dangerous}"


@pytest.mark.usefixtures("as_command")
def test_an_exported_name_with_quotes_imports_as_it_was(make):
    """Export → spreadsheet → import: a nickname in quotes (``Nguyễn "Ken" Văn``) is exported as
    ``"Nguyễn ""Ken"" Văn"`` (correct CSV) and imported as ``Nguyễn "Ken"" Văn"``."""
    source, target = make.programme(), make.programme()
    person = make.user('Nguyễn "Ken" Văn')
    registration = make.registration(source, source.sides[1], person, affiliation="A, B & C")
    exported = csv_export.export_csv(source, [registration]).decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(exported, newline="")))
    assert row["name"] == 'Nguyễn "Ken" Văn'  # the export itself is right
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(csv_import.REQUIRED)
    writer.writerow(
        [row["name"], "new@example.org", row["side"], row["affiliation"], row["role"],
         row["nationality"], "yes", "yes"]
    )  # fmt: skip
    (created,) = csv_import.import_registrations(target, text.getvalue())
    assert (created.user.name, created.affiliation) == ('Nguyễn "Ken" Văn', "A, B & C")


# -- empty states --------------------------------------------------------------------------------


def test_the_desk_of_an_ended_programme_does_not_ask_to_share_its_closed_page(client, make, login):
    """The empty desk of a concluded programme says “Share the registration page — …/register —
    or import a CSV file.”; that page answers 403 “Registration is closed”."""
    programme = make.programme(status="concluded", registration_open=False)
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    page = client.get(f"/programmes/{programme.slug}/registrations").get_data(as_text=True)
    assert "No registrations match" in page
    assert client.get(f"/p/{programme.slug}/register").status_code == 403
    assert "Share the registration page" not in page
    assert "Import CSV" not in page  # the import refuses an ended programme


def test_an_ended_programmes_import_does_not_ask_for_a_corrected_file(client, make, login):
    """A file sent to the import of a concluded programme is refused as a whole: the preview
    used to add "Correct the file and upload it again", which no file would pass."""
    programme = make.programme(status="concluded", registration_open=False)
    coordinator = make.user()
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    text = "\r\n".join([HEADER, "Amelia,amelia@example.org,China,Org,academic,CN,yes,yes"])
    url = f"/programmes/{programme.slug}/registrations/import"
    form = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    page = client.post(
        url,
        data={"file": (io.BytesIO(text.encode()), "people.csv"), "csrf_token": token},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "The programme has ended: it takes no more registrations." in page
    assert "Correct the file" not in page


# -- concurrency ---------------------------------------------------------------------------------


def test_a_capacity_lowered_during_an_accept_never_leaves_a_side_over_capacity(
    app, client, make, bearer
):
    """test_concurrency.py covers two accepts. Lowering a side's capacity checks the accepted
    count without locking the side: while an accept of the second place is under way, a PATCH
    to capacity 1 reads one accepted, waits for the side's row, then writes capacity 1 over two
    accepted (PostgreSQL). SQLite runs one writer at a time and answers 409."""
    import threading

    from flask import g

    from dialogues.programmes.models import Side

    programme = make.programme()
    side = programme.sides[0]
    side.capacity = 2
    db.session.commit()
    coordinator, other = make.user(), make.user()
    make.member(programme, coordinator, "coordinator")
    make.member(programme, other, "coordinator")
    make.registration(programme, side, status="accepted")
    second = make.registration(programme, side)
    headers = bearer(other)

    g.write_intent = True
    db.session.commit()
    operations.decide(second, "accepted", coordinator)  # under way: not committed yet

    answers = []
    body = {"sides": [{"id": side.id, "capacity": 1}]}
    patch = threading.Thread(
        target=lambda: answers.append(
            client.patch(f"/api/v1/programmes/{programme.id}", json=body, headers=headers)
        )
    )
    patch.start()
    patch.join(timeout=1.0)
    db.session.commit()
    patch.join(timeout=20)
    g.write_intent = False

    (answer,) = answers
    db.session.rollback()
    db.session.expire_all()
    capacity = db.session.get(Side, side.id).capacity
    assert (answer.status_code, capacity) == (409, 2), answer.get_data(as_text=True)


def test_a_double_submitted_registration_is_a_conflict_not_a_server_error(app, client, make):
    """Register pressed twice (or a script retrying) with a new email: on PostgreSQL the second
    request creates the same account, ``audit.record`` flushes it outside the savepoint that
    turns a duplicate into “You have already registered”, and the person gets “Something went
    wrong on our side” (500). SQLite runs the requests one after the other: 409."""
    import threading

    from flask import g

    programme = make.programme()
    data = registration_data(programme.sides[0])
    g.write_intent = True
    db.session.commit()
    operations.register(programme, data)  # the first request, not committed yet
    answers = []
    second = threading.Thread(
        target=lambda: answers.append(
            client.post(f"/api/v1/programmes/{programme.id}/registrations", json=data)
        )
    )
    second.start()
    second.join(timeout=1.0)
    db.session.commit()
    second.join(timeout=20)
    g.write_intent = False
    (answer,) = answers
    assert answer.status_code == 409, answer.get_data(as_text=True)
    assert _count() == 1
