"""Recommendations in the reader's language: the endorser's mail in the endorser's language (not
the editor's), messages and labels on the pages, and the API still in English."""

import email
from email.header import decode_header, make_header
from pathlib import Path

from dialogues.extensions import db
from tests.conftest import post_form


def speaks(user, language: str) -> None:
    user.locale = language
    db.session.add(user)
    db.session.commit()


def _outbox(app) -> dict[str, email.message.Message]:
    folder = Path(app.instance_path) / "outbox"
    mails = [email.message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]
    return {mail["To"]: mail for mail in mails}


def _subject(mail) -> str:
    return str(make_header(decode_header(mail["Subject"])))


def _endorse(client, recommendation):
    url = f"/recommendations/{recommendation.id}"
    return post_form(client, f"{url}/endorse", {}, page=url)


def test_each_endorser_is_told_in_their_own_language(app, world, file, client_for):
    recommendation = file(status="submitted")
    speaks(world["participant_cn"], "zh")
    speaks(world["coordinator"], "ru")  # the editor's language must not leak into the mail
    _endorse(client_for(world["participant"]), recommendation)
    _endorse(client_for(world["participant_cn"]), recommendation)
    edit = f"/recommendations/{recommendation.id}/edit"
    form = {
        "title": recommendation.title,
        "summary": "A new summary.",
        "body": recommendation.body,
        "agreement": "broad_support",
        "addressed_to": [str(world.us.id)],
    }
    coordinator = client_for(world["coordinator"])
    response = post_form(coordinator, edit, form)
    assert response.status_code == 302
    flashed = coordinator.get(response.location).get_data(as_text=True)
    assert "Сохранено как версия 2." in flashed

    mails = _outbox(app)
    chinese = mails[world["participant_cn"].email]
    assert _subject(chinese) == f"您的赞同已被清除：{recommendation.title}"
    body = chinese.get_payload(decode=True).decode()
    assert "您赞同的是第1版，因此您的赞同已被清除" in body
    assert recommendation.title in body  # the title as written
    english = mails[world["participant"].email]
    assert _subject(english) == f"Your endorsement was cleared: {recommendation.title}"
    assert "You had endorsed version 1" in english.get_payload(decode=True).decode()


def test_workflow_buttons_and_messages_in_arabic(world, file, client_for):
    recommendation = file(status="submitted")
    speaks(world["coordinator"], "ar")
    browser = client_for(world["coordinator"])
    url = f"/recommendations/{recommendation.id}"
    page = browser.get(url).get_data(as_text=True)
    assert "اعتماد" in page  # the Adopt button
    assert "مقدَّمة" in page  # the Submitted badge
    response = post_form(browser, f"{url}/transition", {"to": "adopted", "comment": ""}, page=url)
    assert response.status_code == 302
    assert "أصبحت حالة التوصية: معتمدة." in browser.get(url).get_data(as_text=True)
    refused = post_form(browser, f"{url}/transition", {"to": "draft"}, page=url)
    assert refused.status_code == 409
    assert "لا يمكن نقل توصية حالتها «معتمدة» إلى حالة «مسودة»." in refused.get_data(as_text=True)


def test_form_messages_name_the_field_in_russian(world, client_for):
    speaks(world["facilitator"], "ru")
    browser = client_for(world["facilitator"])
    url = f"/programmes/{world.programme.slug}/recommendations/new"
    response = post_form(browser, url, {"title": "", "agreement": "", "addressed_to": []})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Некоторые поля требуют внимания; ничего не сохранено." in page
    assert "Название: Не должно быть пустым." in page
    assert "Выберите хотя бы одну сторону." in page


def test_the_api_answers_in_english_whatever_the_language(world, bearer, client):
    speaks(world["facilitator"], "ar")
    headers = {**bearer(world["facilitator"]), "Accept-Language": "ar"}
    url = f"/api/v1/programmes/{world.programme.id}/recommendations"
    body = {"title": "  ", "agreement": "consensus", "addressed_to": [999999]}
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 422
    fields = response.json["error"]["fields"]
    assert fields["title"] == ["Must not be empty."]
    assert fields["addressed_to"] == ["Not a side of this programme: 999999."]
