"""The programmes list, built from rows, answers exactly what ``ProgrammeSchema`` dumps."""

from dialogues.programmes.schemas import ProgrammeSchema

API = "/api/v1"


def test_the_list_matches_the_schema_of_one_programme(client, make, bearer):
    admin = make.user(is_admin=True)
    make.programme(
        title="Диалог о Северном море",
        sides=(("Россия", ["RU"]), ("Nordic states", ["NO", "SE"]), ("الخليج", ["SA", "AE"])),
        public_summary="公开摘要",
        status="running",
    )
    make.programme(title="Student exchange", kind="student_exchange", registration_open=False)
    answer = client.get(f"{API}/programmes", headers=bearer(admin)).json
    assert answer["total"] == 2
    for item in answer["items"]:
        one = client.get(f"{API}/programmes/{item['id']}", headers=bearer(admin)).json
        assert item == one
        assert set(item) == set(ProgrammeSchema().fields)
    assert [s["name"] for s in answer["items"][-1]["sides"]] == [
        "Россия",
        "Nordic states",
        "الخليج",
    ]
    assert answer["items"][-1]["created_at"].endswith("Z")


def test_a_participant_lists_only_their_programmes(client, make, bearer):
    mine, _other = make.programme(), make.programme()
    person = make.user()
    make.registration(mine, mine.sides[0], person)
    answer = client.get(f"{API}/programmes?per_page=1", headers=bearer(person)).json
    assert [item["id"] for item in answer["items"]] == [mine.id]
    assert (answer["total"], answer["page"], answer["per_page"]) == (1, 1, 1)
