"""Every format for every side, read back with a real reader, metadata included.

Each file must hold the adopted and published recommendations addressed to its side (not drafts,
not those for another side only), and no name, email, affiliation or off-the-record text.
"""

import hashlib
import io
import json
import zipfile
from html.parser import HTMLParser

import docx
import pypdf
import pytest

from tests.briefings.conftest import (
    ARABIC_POSITION,
    CHINESE_POSITION,
    assert_no_secrets,
    exports,
    squash,
)

FORMATS = ("pdf", "docx", "html", "md", "json")
SIDES = (0, 1, 2)


class TextAndAttributes(HTMLParser):
    """Everything a reader of the page could see, attributes included."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.parts += [value for _name, value in attrs if value]

    def handle_data(self, data):
        self.parts.append(data)


def read_pdf(content: bytes) -> tuple[str, dict]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    metadata = {str(key): str(value) for key, value in (reader.metadata or {}).items()}
    assert reader.xmp_metadata is None or "Zebulon" not in str(reader.xmp_metadata)
    return text, metadata


def read_docx(content: bytes) -> tuple[str, dict]:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    section = document.sections[0]
    parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    properties = document.core_properties
    names = ("author", "last_modified_by", "title", "subject", "comments", "keywords", "category")
    metadata = {name: getattr(properties, name) or "" for name in names}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:  # every part, docProps included
        raw = "\n".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        )
    return "\n".join(parts) + "\n" + raw, metadata


def read_html(content: bytes) -> tuple[str, dict]:
    parser = TextAndAttributes()
    parser.feed(content.decode("utf-8"))
    assert {"h1", "h2", "table"} <= set(parser.tags)
    return "\n".join(parser.parts), {}


def read_json(content: bytes) -> tuple[str, dict]:
    data = json.loads(content)
    return json.dumps(data, ensure_ascii=False), {}


READERS = {
    "pdf": read_pdf,
    "docx": read_docx,
    "html": read_html,
    "md": lambda content: (content.decode("utf-8"), {}),
    "json": read_json,
}


def download(client, world, side, file_format, headers):
    url = f"/api/v1/programmes/{world.programme.id}/briefings/{side.id}?format={file_format}"
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


@pytest.mark.parametrize("file_format", FORMATS)
@pytest.mark.parametrize("side_index", SIDES)
def test_every_format_for_every_side(client, world, bearer, side_index, file_format):
    side = world.programme.sides[side_index]
    response = download(client, world, side, file_format, bearer(world["coordinator"]))
    slug = world.programme.slug
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"briefing-{slug}-{side.slug}.{file_format}" in disposition
    text, metadata = READERS[file_format](response.data)

    for title in world.expected_titles(side):
        assert squash(title) in squash(text), f"{title} missing from the {file_format}"
    for title in world.absent_titles(side):
        assert squash(title) not in squash(text), f"{title} must not be in the {file_format}"
    assert "Chatham House Rule — not for attribution" in text or file_format == "pdf"
    assert_no_secrets(text, world.secrets, f"the {file_format} for {side.name}")
    assert_no_secrets(" ".join(metadata.values()), world.secrets, "its metadata")

    recorded = exports(side_id=side.id)
    assert [(e.format.value, e.actor_id) for e in recorded] == [
        (file_format, world["coordinator"].id)
    ]
    assert recorded[0].sha256 == hashlib.sha256(response.data).hexdigest()
    assert response.headers["X-Content-SHA256"] == recorded[0].sha256


@pytest.mark.parametrize("side_index", SIDES)
def test_the_pdf_holds_chinese_and_arabic_and_names_only_the_organisation(
    client, world, bearer, side_index
):
    side = world.programme.sides[side_index]
    response = download(client, world, side, "pdf", bearer(world["coordinator"]))
    text, metadata = read_pdf(response.data)
    assert squash("海上对话") in squash(text)  # the programme's title, on the cover
    assert squash("扩大学生交流") in squash(text)  # every side receives this one
    for word in ARABIC_POSITION.split():  # Arabic words come out whole (order may be visual)
        assert squash(word) in squash(text)
    if side_index in (0, 1):
        assert squash(CHINESE_POSITION) in squash(text)
    assert metadata["/Author"] == "Dialogues"
    assert "Briefing for the" in metadata["/Title"]
    # The distribution mark and the marking run on every page, not only the cover.
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) >= 2
    for page in reader.pages:
        page_text = page.extract_text()
        assert "Chatham House Rule" in page_text
        assert squash(f"Government liaison of the {side.name} side") in squash(page_text)


def test_the_docx_has_real_headings_tables_a_header_and_clean_properties(client, world, bearer):
    response = download(client, world, world.gulf, "docx", bearer(world["coordinator"]))
    document = docx.Document(io.BytesIO(response.data))
    styles = {p.style.name for p in document.paragraphs if p.text}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    tables = document.tables
    assert tables
    assert tables[0].rows[0].cells[0].text == "Side"
    header = document.sections[0].header.paragraphs[0].text
    assert "Chatham House Rule" in header
    assert "Gulf states" in header
    properties = document.core_properties
    assert properties.author == properties.last_modified_by == "Dialogues"
    assert properties.comments == ""
    # Arabic cells are marked right-to-left for Word.
    assert any("<w:bidi/>" in table._tbl.xml for table in tables)


def test_json_has_the_contract_shape(client, world, bearer):
    response = download(client, world, world.us, "json", bearer(world["coordinator"]))
    data = response.json
    assert set(data) >= {"programme", "side", "generated_at", "participation", "sessions",
                         "recommendations"}  # fmt: skip
    assert data["side"]["id"] == world.us.id
    assert data["generated_at"].endswith("Z")
    assert data["participation"] == [
        {"side_id": world.us.id, "name": "United States", "accepted": 1},
        {"side_id": world.cn.id, "name": "China", "accepted": 1},
        {"side_id": world.gulf.id, "name": "Gulf states", "accepted": 1},
    ]
    # Two held, one off the record held, one still scheduled; the cancelled one not at all.
    assert data["sessions"] == {"held": 3, "scheduled": 1}
    hotline, exchanges = data["recommendations"]
    assert hotline["id"] == world.recommendations["hotline"].id
    assert hotline["endorsements"] == {str(world.us.id): 1, str(world.cn.id): 1,
                                       str(world.gulf.id): 0}  # fmt: skip
    assert hotline["positions"][1] == {"side_id": world.cn.id, "side": "China",
                                       "text": CHINESE_POSITION}  # fmt: skip
    assert exchanges["topics"] == ["education", "youth"]
    assert exchanges["backed_across_sides"] is True


def test_the_annex_lists_held_sessions_and_only_counts_off_the_record_ones(client, world, bearer):
    response = download(client, world, world.cn, "md", bearer(world["coordinator"]))
    text = response.get_data(as_text=True)
    assert "| 2024-03-02 | Opening plenary on maritime safety | Plenary |" in text
    assert "ورشة عمل حول المياه" in text
    assert "And 1 off-the-record session: never described" in text
    assert "Future plenary" not in text  # not held yet


def test_the_coordinator_exports_from_the_page_with_a_recipient_and_chosen_sections(
    world, client_for
):
    browser = client_for(world["coordinator"])
    page = f"/programmes/{world.programme.slug}/briefings/{world.cn.id}"
    response = browser.get(page)
    assert response.status_code == 200
    assert "Alphacrest maritime hotline" in response.get_data(as_text=True)
    from tests.conftest import post_form

    response = post_form(
        browser, f"{page}/export",
        {"format": "html", "recipient": "外交部 Policy Planning", "sections": ["recommendations"]},
        page=page,
    )  # fmt: skip
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Distribution: 外交部 Policy Planning only." in body
    assert "Executive summary" not in body
    assert "Annex" not in body
    (export,) = exports(side_id=world.cn.id)
    assert export.recipient == "外交部 Policy Planning"
    assert export.sha256 == hashlib.sha256(response.data).hexdigest()
    listing = browser.get(f"/programmes/{world.programme.slug}/briefings")
    assert export.sha256 in listing.get_data(as_text=True)
