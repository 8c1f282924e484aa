"""Endorsements: per side, tied to the wording endorsed, never naming anyone."""

import email
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations import endorsements
from dialogues.recommendations.models import ClearedEndorsement, Endorsement
from dialogues.recommendations.operations import update_recommendation
from tests.conftest import post_form


def _backing(recommendation):
    db.session.commit()  # a fresh read: the requests wrote in their own transactions
    return endorsements.backing(recommendation)


def _endorse(client, recommendation):
    url = f"/recommendations/{recommendation.id}"
    return post_form(client, f"{url}/endorse", {}, page=url)


def _outbox(app) -> list[email.message.Message]:
    folder = Path(app.instance_path) / "outbox"
    files = sorted(folder.glob("*.eml")) if folder.exists() else []
    return [email.message_from_bytes(path.read_bytes()) for path in files]


def test_endorse_and_withdraw_through_the_page(world, file, client_for):
    recommendation = file(status="submitted")
    client = client_for(world["participant"])
    assert _endorse(client, recommendation).status_code == 302
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "You endorse this recommendation (version 1)" in page
    assert _backing(recommendation).counts == {world.us.id: 1, world.cn.id: 0}
    url = f"/recommendations/{recommendation.id}"
    assert post_form(client, f"{url}/endorse/withdraw", {}, page=url).status_code == 302
    assert _backing(recommendation).counts == {world.us.id: 0, world.cn.id: 0}


@pytest.mark.parametrize(
    ("role", "status", "code", "message"),
    [
        ("participant", "draft", 403, ""),  # drafts are not shown to participants at all
        ("participant", "returned", 409, "cannot be endorsed"),
        ("participant", "withdrawn", 409, "cannot be endorsed"),
        ("pending", "submitted", 403, ""),
        ("liaison", "submitted", 403, ""),
        ("facilitator", "submitted", 403, "Only accepted participants"),
        ("coordinator", "adopted", 403, "Only accepted participants"),
    ],
)
def test_who_may_endorse_and_when(world, file, client_for, role, status, code, message):
    recommendation = file(status=status)
    response = _endorse(client_for(world[role]), recommendation)
    assert response.status_code == code
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Endorsement)) == 0


def test_endorsing_twice_is_refused(world, file, client_for):
    recommendation = file(status="published")
    client = client_for(world["participant"])
    assert _endorse(client, recommendation).status_code == 302
    second = _endorse(client, recommendation)
    assert second.status_code == 409
    assert "already endorse" in second.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Endorsement)) == 1


def test_a_change_to_the_wording_clears_endorsements_and_tells_the_endorser(
    app, world, file, client_for
):
    recommendation = file(status="submitted")
    endorser = client_for(world["participant"])
    _endorse(endorser, recommendation)
    _endorse(client_for(world["participant_cn"]), recommendation)
    coordinator = client_for(world["coordinator"])
    edit = f"/recommendations/{recommendation.id}/edit"
    form = {
        "title": recommendation.title,
        "summary": "A new summary.",
        "body": recommendation.body,
        "agreement": "broad_support",
        "addressed_to": [str(world.us.id)],
        "topics": "maritime",
    }
    assert post_form(coordinator, edit, form).status_code == 302
    assert _backing(recommendation).counts == {world.us.id: 0, world.cn.id: 0}
    mails = _outbox(app)
    assert sorted(m["To"] for m in mails) == sorted(
        [world["participant"].email, world["participant_cn"].email]
    )
    assert "version 1" in mails[0].get_payload(decode=True).decode()
    page = endorser.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "your endorsement was cleared" in page
    other = coordinator.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "your endorsement was cleared" not in other
    assert _endorse(endorser, recommendation).status_code == 302
    db.session.commit()
    endorsement = db.session.scalars(sa.select(Endorsement)).one()
    assert endorsement.version == 2  # the version as it now stands
    assert db.session.scalars(sa.select(ClearedEndorsement)).all() == [
        db.session.scalars(sa.select(ClearedEndorsement)).one()
    ]  # the other endorser's notice stays until they act
    page = endorser.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "your endorsement was cleared" not in page


def test_a_change_outside_the_wording_keeps_endorsements(app, world, file, client_for):
    recommendation = file(status="adopted")
    _endorse(client_for(world["participant"]), recommendation)
    update_recommendation(
        recommendation, world["coordinator"], {"topics": ["navies"], "agreement": "divided"}
    )
    db.session.commit()
    assert recommendation.version == 2
    assert _backing(recommendation).counts[world.us.id] == 1
    assert _outbox(app) == []


def test_dismissing_the_notice(world, file, client_for):
    recommendation = file(status="submitted")
    client = client_for(world["participant"])
    _endorse(client, recommendation)
    update_recommendation(recommendation, world["coordinator"], {"body": "New words."})
    db.session.commit()
    url = f"/recommendations/{recommendation.id}"
    assert "your endorsement was cleared" in client.get(url).get_data(as_text=True)
    assert post_form(client, f"{url}/notice/dismiss", {}, page=url).status_code == 302
    assert "your endorsement was cleared" not in client.get(url).get_data(as_text=True)


def _accepted(make, world, side, count):
    return [make.registration(world.programme, side, status="accepted") for _ in range(count)]


def _add(recommendation, registrations):
    for registration in registrations:
        db.session.add(
            Endorsement(
                recommendation_id=recommendation.id,
                registration_id=registration.id,
                version=recommendation.version,
            )
        )
    db.session.commit()


@pytest.mark.parametrize(
    ("threshold", "us_endorsing", "cn_endorsing", "backed"),
    [
        (1 / 3, 2, 1, True),  # 2 of 6 and 1 of 3: a third each
        (1 / 3, 2, 0, False),  # nobody on one side
        (1 / 3, 1, 3, False),  # 1 of 6 is short of a third
        (0.5, 3, 2, True),
        (0.5, 3, 1, False),
        (0.0, 1, 1, True),  # even at zero, every side must have someone
        (0.0, 1, 0, False),
    ],
)
def test_backed_across_sides(world, make, file, threshold, us_endorsing, cn_endorsing, backed):
    world.programme.endorsement_threshold = threshold
    db.session.commit()
    us = [world.registrations["participant"], *_accepted(make, world, world.us, 5)]  # 6
    cn = [world.registrations["participant_cn"], *_accepted(make, world, world.cn, 2)]  # 3
    recommendation = file(status="adopted")
    _add(recommendation, us[:us_endorsing] + cn[:cn_endorsing])
    backing = _backing(recommendation)
    assert backing.counts == {world.us.id: us_endorsing, world.cn.id: cn_endorsing}
    assert backing.accepted == {world.us.id: 6, world.cn.id: 3}
    assert backing.is_across_sides is backed


def test_the_mark_shows_on_the_pages(world, file, client_for):
    recommendation = file(status="adopted")
    _add(
        recommendation, [world.registrations["participant"], world.registrations["participant_cn"]]
    )
    client = client_for(world["coordinator"])
    page = client.get(f"/recommendations/{recommendation.id}").get_data(as_text=True)
    assert "Backed across sides" in page
    listing = client.get(f"/programmes/{world.programme.slug}/recommendations")
    assert "Backed across sides" in listing.get_data(as_text=True)


def test_only_accepted_participants_count(world, file):
    recommendation = file(status="adopted")
    _add(recommendation, [world.registrations["participant"]])
    world.registrations["participant"].status = "withdrawn"
    db.session.commit()
    assert _backing(recommendation).counts[world.us.id] == 0


def test_every_side_is_counted_even_with_none(make, world, file):
    programme = make.programme(
        sides=(("United States", ["US"]), ("China", ["CN"]), ("Gulf states", ["SA", "AE"]))
    )
    recommendation = file(author=world["admin"], status="submitted")
    recommendation.programme = programme
    db.session.commit()
    counts = _backing(recommendation).as_json()
    assert counts == {str(side.id): 0 for side in programme.sides}


def test_no_page_or_answer_names_an_endorser(world, file, client_for, bearer, client):
    recommendation = file(status="published")
    for role in ("participant", "participant_cn"):
        _endorse(client_for(world[role]), recommendation)
    secrets = [world[r].name for r in ("participant", "participant_cn")] + [
        world[r].email for r in ("participant", "participant_cn")
    ]
    pages = [
        f"/recommendations/{recommendation.id}",
        f"/recommendations/{recommendation.id}/history",
        f"/programmes/{world.programme.slug}/recommendations",
    ]
    api = [
        f"/api/v1/recommendations/{recommendation.id}",
        f"/api/v1/programmes/{world.programme.id}/recommendations",
    ]
    for role in ("coordinator", "admin", "facilitator", "participant"):
        browser = client_for(world[role])
        headers = bearer(world[role])
        answers = [browser.get(url) for url in pages] + [
            client.get(url, headers=headers) for url in api
        ]
        for answer in answers:
            assert answer.status_code == 200
            text = answer.get_data(as_text=True)
            own = world[role].name if role == "participant" else None
            for secret in secrets:
                if secret != own:  # the page greets its reader by name in the header
                    assert secret not in text, (role, answer.request.path)
        api_answer = client.get(api[0], headers=headers).json
        assert api_answer["endorsements"] == {str(world.us.id): 1, str(world.cn.id): 1}
