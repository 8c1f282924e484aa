"""Briefings in a chosen language: every format in Chinese, Russian and Arabic, read back with the
real reader. The headings and labels are translated, the content (titles, positions) stays as
written, nobody is named, and the export records its language."""

import io
import zipfile

import docx
import pypdf
import pytest

from dialogues.extensions import db
from tests.briefings.conftest import (
    ARABIC_POSITION,
    CHINESE_POSITION,
    assert_no_secrets,
    exports,
    squash,
)
from tests.briefings.test_formats import READERS
from tests.conftest import post_form

LANGUAGES = ("zh", "ru", "ar")
FORMATS = ("pdf", "docx", "html", "md", "json")
# Headings written by the translators (not read from the catalogue the app uses).
SUMMARY = {"zh": "内容摘要", "ru": "Краткое изложение", "ar": "الملخص التنفيذي"}
ANNEX = {"zh": "附件：已举行的会议", "ru": "Приложение: состоявшиеся заседания",
         "ar": "ملحق: الجلسات المنعقدة"}  # fmt: skip
MARKING = {"zh": "查塔姆宫规则", "ru": "Правило Чатем-хауса", "ar": "قاعدة تشاتام هاوس"}
RECIPIENT = {"zh": "方政府联络员", "ru": "Представитель по связям правительства стороны",
             "ar": "مسؤول الاتصال الحكومي للطرف"}  # fmt: skip


def speaks(user, language: str) -> None:
    user.locale = language
    db.session.add(user)
    db.session.commit()


def download(client, world, side, file_format, headers, language):
    url = (
        f"/api/v1/programmes/{world.programme.id}/briefings/{side.id}"
        f"?format={file_format}&language={language}"
    )
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def words_in(phrase: str, text: str) -> bool:
    """Every word of ``phrase`` is in ``text``: PDF text of right-to-left lines may come out in
    visual order, so Arabic is compared word by word, without punctuation."""
    return all(squash(word.strip(":：،.")) in squash(text) for word in phrase.split())


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_format_in_every_language(client, world, bearer, language, file_format):
    side = world.cn
    response = download(client, world, side, file_format, bearer(world["coordinator"]), language)
    text, metadata = READERS[file_format](response.data)

    if file_format != "json":  # JSON holds data, not headings
        assert words_in(SUMMARY[language], text), f"no translated summary in the {file_format}"
        assert words_in(ANNEX[language], text)
        assert "Executive summary" not in text
    assert words_in(MARKING[language], text)
    assert words_in(RECIPIENT[language], text)
    # The content stays exactly as written, in its own scripts.
    for title in world.expected_titles(side):
        assert squash(title) in squash(text), f"{title} missing from the {file_format}"
    assert squash(CHINESE_POSITION) in squash(text)
    assert words_in(ARABIC_POSITION, text)
    assert_no_secrets(text, world.secrets, f"the {language} {file_format}")
    assert_no_secrets(" ".join(metadata.values()), world.secrets, "its metadata")
    (export,) = exports(side_id=side.id)
    assert (export.format.value, export.language) == (file_format, language)


def test_json_keys_stay_english_and_only_human_text_is_translated(client, world, bearer):
    response = download(client, world, world.cn, "json", bearer(world["coordinator"]), "ru")
    data = response.json
    assert set(data) >= {"programme", "side", "generated_at", "marking", "recipient"}
    assert data["marking"].startswith("Правило Чатем-хауса")
    assert data["recommendations"][0]["agreement"] == "broad_support"  # a value, not a label
    assert data["side"]["name"] == "China"


def test_the_arabic_pdf_is_right_to_left_with_its_language_set(client, world, bearer):
    response = download(client, world, world.gulf, "pdf", bearer(world["coordinator"]), "ar")
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert str(reader.trailer["/Root"]["/Lang"]) == "ar"
    # The page numbers are in Arabic too ("الصفحة 1 من 3"), on every page.
    for page in reader.pages:
        assert words_in("الصفحة", page.extract_text())
    assert words_in("إحاطة للطرف", reader.metadata["/Title"])


def test_the_chinese_html_declares_its_language(client, world, bearer):
    response = download(client, world, world.cn, "html", bearer(world["coordinator"]), "zh")
    page = response.get_data(as_text=True)
    assert '<html lang="zh-Hans" dir="ltr">' in page
    arabic = download(client, world, world.cn, "html", bearer(world["coordinator"]), "ar")
    assert '<html lang="ar" dir="rtl">' in arabic.get_data(as_text=True)


def test_the_arabic_docx_sets_language_and_right_to_left_layout(client, world, bearer):
    response = download(client, world, world.gulf, "docx", bearer(world["coordinator"]), "ar")
    document = docx.Document(io.BytesIO(response.data))
    assert document.core_properties.language == "ar-SA"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        styles = archive.read("word/styles.xml").decode()
        body = archive.read("word/document.xml").decode()
    assert 'w:bidi="ar-SA"' in styles
    assert "<w:bidiVisual/>" in body  # tables run right to left
    assert document.tables[0].rows[0].cells[0].text == "الطرف"
    heading = next(p for p in document.paragraphs if p.style.name == "Heading 1")
    assert heading.text == "الملخص التنفيذي"
    assert "<w:bidi/>" in heading._p.xml


def test_english_stays_the_default_of_the_api(client, world, bearer):
    url = f"/api/v1/programmes/{world.programme.id}/briefings/{world.cn.id}?format=md"
    headers = {**bearer(world["coordinator"]), "Accept-Language": "ar"}
    text = client.get(url, headers=headers).get_data(as_text=True)
    assert "## Executive summary" in text
    assert exports()[0].language == "en"


def test_an_unknown_language_is_refused_naming_the_field(client, world, bearer):
    url = f"/api/v1/programmes/{world.programme.id}/briefings/{world.cn.id}?language=fr"
    response = client.get(url, headers=bearer(world["coordinator"]))
    assert response.status_code == 422
    assert "language" in response.json["error"]["fields"]
    assert exports() == []


def test_the_page_offers_the_viewers_language_and_exports_in_another(world, client_for):
    speaks(world["cn_liaison"], "zh")
    browser = client_for(world["cn_liaison"])
    page = f"/programmes/{world.programme.slug}/briefings/{world.cn.id}"
    shown = browser.get(page).get_data(as_text=True)
    assert "标题和标签的语言" in shown  # the language field's label
    response = post_form(browser, f"{page}/export", {"format": "md", "language": "ru"}, page=page)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    assert "## Краткое изложение" in text
    assert "Betaquill student exchanges 扩大学生交流" in text
    (export,) = exports(side_id=world.cn.id)
    assert export.language == "ru"


def test_the_export_form_defaults_to_the_viewers_language(world, client_for):
    page = f"/programmes/{world.programme.slug}/briefings/{world.cn.id}"
    english = client_for(world["coordinator"]).get(page).get_data(as_text=True)
    assert '<option selected value="en">English</option>' in english
    speaks(world["coordinator"], "ru")
    shown = client_for(world["coordinator"]).get(page).get_data(as_text=True)
    assert '<option selected value="ru">Русский</option>' in shown


def test_the_page_refuses_an_unknown_language_and_records_nothing(world, client_for):
    browser = client_for(world["coordinator"])
    page = f"/programmes/{world.programme.slug}/briefings/{world.cn.id}"
    response = post_form(browser, f"{page}/export", {"format": "md", "language": "xx"}, page=page)
    assert response.status_code == 422
    assert "Language of headings and labels" in response.get_data(as_text=True)
    assert exports() == []


def test_the_command_exports_in_a_language(runner, world, tmp_path):
    target = tmp_path / "briefing.docx"
    result = runner.invoke(
        args=["briefing", world.programme.slug, world.gulf.slug, "--format", "docx",
              "--language", "ar", "-o", str(target)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text, _metadata = READERS["docx"](target.read_bytes())
    assert "الملخص التنفيذي" in text
    assert "Gammaridge desalination compact" in text
    assert exports()[0].language == "ar"
    refused = runner.invoke(args=["briefing", world.programme.slug, "china", "--language", "fr"])
    assert refused.exit_code != 0
    assert "--language" in refused.output


def test_the_release_covers_the_briefing_in_every_language(world, client_for, bearer, client):
    """An approval is of the content: a liaison may then download it in any language."""
    world.programme.requires_briefing_release = True
    db.session.commit()
    coordinator = client_for(world["coordinator"])
    listing = f"/programmes/{world.programme.slug}/briefings"
    release = f"{listing}/{world.cn.id}/release"
    assert post_form(coordinator, release, {}, page=listing).status_code == 302
    for language in LANGUAGES:
        download(client, world, world.cn, "md", bearer(world["cn_liaison"]), language)
