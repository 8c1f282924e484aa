"""Every page of recommendations, briefings and the public digest renders in each language, with
its own words translated (the expected words are the translators', not read from the catalogue),
and Arabic pages right to left."""

import pytest

from dialogues.extensions import db
from tests.briefings.conftest import world  # noqa: F401  (the seeded three-sided programme)

LOCALES = ("en", "zh", "ru", "ar")
# page → (who reads it, {language: words that page shows})
PAGES = {
    "recommendations": ("coordinator", {
        "en": "File a recommendation", "zh": "提交建议", "ru": "Подать рекомендацию",
        "ar": "تقديم توصية"}),
    "new recommendation": ("facilitator", {
        "en": "File as a draft", "zh": "作为草稿提交", "ru": "Сохранить как черновик",
        "ar": "تقديم بوصفها مسودة"}),
    "recommendation": ("coordinator", {
        "en": "Endorsements", "zh": "各方立场", "ru": "Позиция каждой стороны",
        "ar": "موقف كل طرف"}),
    "edit recommendation": ("coordinator", {
        "en": "Disputed wording", "zh": "有争议的措辞", "ru": "Спорные формулировки",
        "ar": "الصياغة المختلف عليها"}),
    "versions": ("coordinator", {
        "en": "All versions", "zh": "所有版本", "ru": "Все версии", "ar": "جميع النسخ"}),
    "briefings": ("coordinator", {
        "en": "Release to liaisons", "zh": "向联络员发放",
        "ru": "Передача представителям по связям", "ar": "الإصدار لمسؤولي الاتصال"}),
    "briefing": ("cn_liaison", {
        "en": "Language of headings and labels", "zh": "标题和标签的语言",
        "ru": "Язык заголовков и подписей", "ar": "لغة العناوين والتسميات"}),
    "digest": (None, {
        "en": "Endorsements per side", "zh": "各方赞同情况", "ru": "Поддержка по сторонам",
        "ar": "التأييد لكل طرف"}),
    "digest feed": (None, {
        "en": "— public digest", "zh": "— 公开摘要", "ru": "— публичная сводка",
        "ar": "— الموجز العام"}),
}  # fmt: skip
# The same page's status badge, agreement label or heading, as a second sample.
ALSO = {
    "recommendations": {"en": "Adopted", "zh": "已通过", "ru": "Принята", "ar": "معتمدة"},
    "recommendation": {"en": "Broad support", "zh": "广泛支持", "ru": "Широкая поддержка",
                       "ar": "تأييد واسع"},
    "briefing": {"en": "Executive summary", "zh": "内容摘要", "ru": "Краткое изложение",
                 "ar": "الملخص التنفيذي"},
    "briefings": {"en": "Exports", "zh": "导出记录", "ru": "Экспорт", "ar": "عمليات التصدير"},
    "digest": {"en": "Broad support", "zh": "广泛支持", "ru": "Широкая поддержка",
               "ar": "تأييد واسع"},
}  # fmt: skip


def url_of(page: str, world) -> str:  # noqa: F811
    slug = world.programme.slug
    recommendation = world.recommendations["exchanges"].id
    return {
        "recommendations": f"/programmes/{slug}/recommendations",
        "new recommendation": f"/programmes/{slug}/recommendations/new",
        "recommendation": f"/recommendations/{recommendation}",
        "edit recommendation": f"/recommendations/{recommendation}/edit",
        "versions": f"/recommendations/{recommendation}/history",
        "briefings": f"/programmes/{slug}/briefings",
        "briefing": f"/programmes/{slug}/briefings/{world.cn.id}",
        "digest": f"/p/{slug}/digest",
        "digest feed": f"/p/{slug}/digest.atom",
    }[page]


def reader(world, who, locale, client_for):  # noqa: F811
    if who is None:
        return client_for(None)
    user = world[who]
    user.locale = locale  # the profile's language, as the switcher stores it
    db.session.add(user)
    db.session.commit()
    return client_for(user)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_in_each_language(world, client_for, page, locale):  # noqa: F811
    who, words = PAGES[page]
    browser = reader(world, who, locale, client_for)
    response = browser.get(url_of(page, world), headers={"Accept-Language": locale})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    text = response.get_data(as_text=True)
    assert words[locale] in text, f"{page} in {locale}"
    if page in ALSO:
        assert ALSO[page][locale] in text, f"{page} in {locale}"
    # Content stays as written, whatever the language.
    assert "Betaquill student exchanges 扩大学生交流" in text or page in {
        "new recommendation",
        "briefings",
        "briefing",
    }
    if page == "digest feed":
        assert f'xml:lang="{"zh-Hans" if locale == "zh" else locale}"' in text
        assert "Accept-Language" in response.headers["Vary"]
    elif locale == "ar":
        assert '<html lang="ar" dir="rtl">' in text
