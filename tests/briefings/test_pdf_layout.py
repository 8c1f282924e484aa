"""The PDF's own layout of a briefing: each side's position as a line of text rather than a
table row (WeasyPrint lays tables out slowly), names and texts isolated with Unicode controls
that never reach the reader, and the HTML file left with its tables."""

import io

import pypdf

from tests.briefings.conftest import ARABIC_POSITION, CHINESE_POSITION, squash
from tests.briefings.test_languages import download, words_in

ISOLATES = ("\u2068", "\u2069")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_each_position_names_its_side_and_counts_its_endorsements(client, world, bearer):
    response = download(client, world, world.us, "pdf", bearer(world["coordinator"]), "en")
    text = pdf_text(response.data)
    line = f"{world.cn.name}: {CHINESE_POSITION} · Endorsements: 1"
    assert squash(line) in squash(text)
    assert squash(f"{world.us.name}: The US side backs the hotline. · Endorsements: 1") in squash(
        text
    )
    assert not any(mark in text for mark in ISOLATES)


def test_the_arabic_pdf_gives_positions_with_their_label_in_arabic(client, world, bearer):
    response = download(client, world, world.gulf, "pdf", bearer(world["coordinator"]), "ar")
    text = pdf_text(response.data)
    assert words_in(ARABIC_POSITION, text)
    assert words_in("التأييد", text)  # "Endorsements", next to each count


def test_the_html_file_keeps_its_tables_and_no_isolate_controls(client, world, bearer):
    response = download(client, world, world.us, "html", bearer(world["coordinator"]), "en")
    page = response.get_data(as_text=True)
    assert '<table class="briefing-table briefing-positions">' in page
    assert "<bdi>" in page
    assert not any(mark in page for mark in ISOLATES)
