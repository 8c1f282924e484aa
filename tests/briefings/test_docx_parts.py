"""The Word briefing's paragraphs and tables, written as WordprocessingML without python-docx's
object API, read back with python-docx: same text, same structure, in the schema's order."""

import dataclasses
import io

import docx
from docx.oxml.ns import qn
from docx.table import Table
from flask_babel import force_locale

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.formats import as_docx

AWKWARD = " Line one\nline\ttwo, then a break\r\nand trailing space "


def read(briefing, language: str = "en") -> docx.document.Document:
    with force_locale(language):
        return docx.Document(io.BytesIO(as_docx.render(briefing)))


def blocks_after(document, heading_text: str) -> list:
    blocks = list(document.iter_inner_content())
    start = next(i for i, b in enumerate(blocks) if getattr(b, "text", None) == heading_text)
    return blocks[start + 1 :]


def test_user_text_keeps_its_tabs_line_breaks_and_edge_spaces(world):
    briefing = build_briefing(world.programme, world.us)
    first = briefing.recommendations[0]
    position = dataclasses.replace(first.positions[0], text=AWKWARD)
    awkward = dataclasses.replace(first, summary=AWKWARD, positions=(position,))
    briefing = dataclasses.replace(briefing, recommendations=(awkward,))
    document = read(briefing)
    expected = AWKWARD.replace("\r\n", "\n\n")  # python-docx reads each break as "\n"
    assert expected in [p.text for p in document.paragraphs]
    table = next(b for b in blocks_after(document, first.title) if isinstance(b, Table))
    assert table.rows[1].cells[1].text == expected
    assert 'xml:space="preserve"' in table._tbl.xml


def test_each_recommendation_has_its_heading_facts_summary_and_table(world):
    briefing = build_briefing(world.programme, world.us)
    many = tuple(
        dataclasses.replace(r, title=f"{r.title} #{n}")
        for n in range(150)
        for r in briefing.recommendations
    )
    document = read(dataclasses.replace(briefing, recommendations=many))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 3"]
    assert sorted(headings) == sorted(r.title for r in many)
    for recommendation in many[:4]:
        facts, summary, table, blank = blocks_after(document, recommendation.title)[:4]
        assert facts.text.startswith("Agreement:")
        assert summary.text == recommendation.summary
        header = [cell.text for cell in table.rows[0].cells]
        assert header == ["Side", "Position, in its own words", "Endorsements"]
        assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
        sides = [row.cells[0].text for row in table.rows[1:]]
        assert sides == [p.side for p in recommendation.positions]
        assert table.style.name == "Table Grid"
        assert blank.text == ""


def test_arabic_layout_elements_stand_where_the_schema_puts_them(world):
    document = read(build_briefing(world.programme, world.gulf), "ar")
    for table in document.tables:
        properties = [child.tag for child in table._tbl.tblPr]
        assert properties[:3] == [qn("w:tblStyle"), qn("w:bidiVisual"), qn("w:tblW")]
    section = [child.tag for child in document.sections[0]._sectPr]
    assert section.index(qn("w:bidi")) < section.index(qn("w:docGrid"))
    cover = document.paragraphs[0]
    assert cover.runs[0].bold
    assert "<w:rtl/>" in cover._p.xml
    assert "<w:bidi/>" in cover._p.xml
