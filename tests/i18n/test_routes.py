"""Every page renders in every language, as the people who can see it.

The routes come from the access matrix (which fails when a route has no entry), so a new page
is covered here too. A page must answer in Chinese, Russian and Arabic exactly as it answers in
English, with the language's ``lang`` and ``dir`` on the document. The language is chosen with the
switcher, as a person would (for a signed-in person it is kept in the profile).
"""

import re

import pytest

from tests.conftest import post_form
from tests.i18n.test_catalogues import TRANSLATED
from tests.security.test_access_matrix import MATRIX, _url

PAGE_ROLES = ("anonymous", "participant_a", "liaison_a", "facilitator", "administrator")
HTML_LANG = {"zh": "zh-Hans", "ru": "ru", "ar": "ar"}


def pages(app, world) -> list[str]:
    return [
        url
        for key, (statuses, _writers) in MATRIX.items()
        if statuses is not None and not (url := _url(app, world, key)).startswith("/api/")
    ]


@pytest.mark.parametrize("role", PAGE_ROLES)
def test_every_page_answers_alike_in_every_language(app, world, as_role, role):
    client = as_role(role)
    urls = pages(app, world)
    english = {url: client.get(url).status_code for url in urls}
    wrong = []
    for language in TRANSLATED:
        post_form(client, "/language", {"language": language}, page="/")
        for url in urls:
            answer = client.get(url)
            if answer.status_code != english[url] or not _declares(answer, language):
                wrong.append((url, language, english[url], answer.status_code))
    assert wrong == []


def _declares(answer, language: str) -> bool:
    """An HTML page names its language and direction; other answers are not pages."""
    if answer.mimetype != "text/html" or answer.status_code in (301, 302, 303):
        return True
    direction = "rtl" if language == "ar" else "ltr"
    expected = f'<html lang="{HTML_LANG[language]}" dir="{direction}">'
    return re.search(re.escape(expected), answer.get_data(as_text=True)) is not None
