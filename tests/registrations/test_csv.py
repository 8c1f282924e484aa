"""CSV import (all or nothing, every bad row named) and export (read back with the csv module)."""

import csv
import io

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db
from dialogues.registrations import csv_export, csv_import
from dialogues.registrations.models import Registration

pytestmark = pytest.mark.usefixtures("as_command")

HEADER = (
    "name,email,side,affiliation,role,nationality,languages,"
    "consent_data_processing,accepts_confidentiality_rule"
)
GOOD_ROWS = [
    'Amelia Turner,amelia@example.org,United States,Georgetown,academic,US,"en, fr",yes,yes',
    "王小明,wang@example.org,China,北京大学,student,CN,zh,yes,yes",
    "فاطمة الزهراء,fatima@example.org,china,جامعة القاهرة,journalist,EG,ar,true,1",
]


def _csv(*rows, header=HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode()


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_good_file_imports_every_row(make, outbox):
    programme = make.programme()
    existing = make.user("Existing", email="amelia@example.org")
    created = csv_import.import_registrations(programme, b"\xef\xbb\xbf" + _csv(*GOOD_ROWS))
    db.session.commit()
    assert [r.user.name for r in created] == ["Existing", "王小明", "فاطمة الزهراء"]
    assert created[0].user_id == existing.id
    assert created[0].languages == ["en", "fr"]
    assert [r.side.name for r in created] == ["United States", "China", "China"]
    assert {str(r.status) for r in created} == {"pending"}
    assert (
        db.session.scalar(sa.select(User).filter_by(email="wang@example.org")).password_hash is None
    )
    assert len(outbox()) == 3


def test_semicolons_from_a_european_spreadsheet_are_read(make):
    programme = make.programme()
    text = "\r\n".join(
        [HEADER.replace(",", ";"), "王小明;wang@example.org;China;北京大学;student;CN;zh;yes;yes"]
    )
    (created,) = csv_import.import_registrations(programme, text.encode())
    assert created.affiliation == "北京大学"


def test_bad_rows_are_all_named_and_nothing_is_written(make, outbox):
    programme = make.programme()
    rows = [
        GOOD_ROWS[0],
        "王小明,not-an-email,China,北京大学,student,CN,zh,yes,yes",
        "Someone,someone@example.org,Atlantis,Org,academic,XX,zh,yes,no",
        "Again,AMELIA@example.org,China,Org,spy,CN,,yes,yes",
    ]
    plan = csv_import.plan_import(programme, _csv(*rows))
    found = {(error.row, error.column) for error in plan.errors}
    assert found == {
        (3, "email"),
        (4, "side"),
        (4, "nationality"),
        (4, "accepts_confidentiality_rule"),
        (5, "email"),
        (5, "role"),
    }
    messages = [str(error) for error in plan.errors]
    assert "Row 4, column “side”: “Atlantis” is not a side of this programme." in messages[1]
    assert any("already in row 2" in message for message in messages)
    with pytest.raises(ValidationFailed) as raised:
        csv_import.import_registrations(programme, _csv(*rows))
    assert raised.value.fields["file"] == messages
    assert _count(Registration) == 0
    assert _count(User) == 0
    assert outbox() == []


def test_someone_already_registered_is_a_bad_row(make):
    programme = make.programme()
    person = make.user(email="wang@example.org")
    make.registration(programme, programme.sides[1], person)
    plan = csv_import.plan_import(programme, _csv(GOOD_ROWS[1]))
    assert [(e.row, e.column) for e in plan.errors] == [(2, "email")]


@pytest.mark.parametrize(
    ("content", "row", "column"),
    [
        (b"", 1, ""),
        (_csv(header="name,email"), 1, "side"),
        (_csv(header=HEADER + ",shoe_size"), 1, "shoe_size"),
        (_csv(header=HEADER + ",email"), 1, "email"),
        (_csv(), 2, ""),
        ("name\n王".encode("gb18030") + b"\xff", 2, ""),
        (_csv("A,a@example.org,China,Org,academic,CN,zh,yes,yes\x00"), 2, ""),
        (_csv('A,a@example.org,China,"Org,academic,CN,zh,yes,yes'), 2, ""),
        (_csv("A,a@example.org,China,Org,academic,CN,zh,yes,yes,surplus"), 2, ""),
    ],
)
def test_a_broken_file_is_explained(make, content, row, column):
    programme = make.programme()
    plan = csv_import.plan_import(programme, content)
    assert plan.errors
    assert (plan.errors[0].row, plan.errors[0].column) == (row, column), plan.errors
    assert plan.rows == []


def test_too_many_rows_are_refused(make, monkeypatch):
    monkeypatch.setattr(csv_import, "MAX_ROWS", 2)
    programme = make.programme()
    plan = csv_import.plan_import(programme, _csv(*GOOD_ROWS))
    assert [(e.row, e.message) for e in plan.errors] == [
        (4, "Import at most 2 registrations at a time.")
    ]


def _read(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_the_export_reads_back_in_every_script(make):
    programme = make.programme()
    us, cn = programme.sides
    people = [make.user(name) for name in ("Amelia Turner", "王小明", "فاطمة الزهراء")]
    registrations = [
        make.registration(programme, us, people[0], status="accepted", languages=["en"]),
        make.registration(programme, cn, people[1], affiliation="北京大学"),
        make.registration(programme, cn, people[2], affiliation="جامعة القاهرة"),
    ]
    rows = _read(csv_export.export_csv(programme, registrations))
    assert [row["name"] for row in rows] == ["Amelia Turner", "王小明", "فاطمة الزهراء"]
    assert [row["side"] for row in rows] == ["United States", "China", "China"]
    assert rows[0]["status"] == "accepted"
    assert rows[1]["affiliation"] == "北京大学"
    assert rows[2]["affiliation"] == "جامعة القاهرة"
    assert rows[0]["email"] == people[0].email
    assert list(rows[0]) == list(csv_export.COLUMNS)


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)"])
def test_the_export_defuses_formulas(make, dangerous):
    programme = make.programme()
    person = make.user(dangerous)
    registration = make.registration(programme, programme.sides[0], person, affiliation=dangerous)
    (row,) = _read(csv_export.export_csv(programme, [registration]))
    assert row["name"] == f"'{dangerous}"
    assert row["affiliation"] == f"'{dangerous}"


def test_an_erased_person_is_exported_without_a_name(make):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0])
    registration.user = None
    db.session.commit()
    (row,) = _read(csv_export.export_csv(programme, [registration]))
    assert (row["name"], row["email"]) == ("(erased account)", "")


def test_an_export_imports_into_another_programme(make):
    """Round trip: the export's guarded cells come back as they were."""
    source, target = make.programme(), make.programme()
    person = make.user("-Dash 王")
    registration = make.registration(source, source.sides[1], person, affiliation="=Org")
    exported = csv_export.export_csv(source, [registration]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([*csv_import.REQUIRED])
    for row in rows:
        writer.writerow(
            [row["name"], "new@example.org", row["side"], row["affiliation"], row["role"],
             row["nationality"], "yes", "yes"]
        )  # fmt: skip
    (created,) = csv_import.import_registrations(target, text.getvalue())
    assert created.user.name == "-Dash 王"
    assert created.affiliation == "=Org"
