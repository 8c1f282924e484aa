"""Two coordinators accepting the last place at the same moment: one of them gets it."""

import threading

from flask import g

from dialogues.extensions import db
from dialogues.registrations import operations
from dialogues.registrations.balance import programme_balance


def test_the_last_place_goes_to_one_decision_only(app, client, make, bearer):
    programme = make.programme()
    side = programme.sides[0]
    side.capacity = 1
    db.session.commit()
    first_coordinator, second_coordinator = make.user(), make.user()
    make.member(programme, first_coordinator, "coordinator")
    make.member(programme, second_coordinator, "coordinator")
    one, other = make.registration(programme, side), make.registration(programme, side)
    headers = bearer(second_coordinator)

    # The first coordinator's decision is under way: its transaction has taken the last place
    # but not committed yet.
    g.write_intent = True
    db.session.commit()
    operations.decide(one, "accepted", first_coordinator)

    answers = []
    second = threading.Thread(
        target=lambda: answers.append(
            client.patch(
                f"/api/v1/registrations/{other.id}", json={"status": "accepted"}, headers=headers
            )
        )
    )
    second.start()
    second.join(timeout=1.0)
    assert second.is_alive(), "the second decision must wait for the first to finish"
    db.session.commit()
    second.join(timeout=20)

    (answer,) = answers
    assert answer.status_code == 409, answer.get_data(as_text=True)
    assert "no place left" in answer.json["error"]["message"]
    db.session.expire_all()
    assert programme_balance(programme).side(side.id).accepted == 1
    g.write_intent = False
