"""The briefing as an editable Word document: real headings, real tables, the marking and the
recipient in every page's header, and core properties that name the organisation only."""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from dialogues.briefings.document import Briefing, RecommendationFacts
from dialogues.briefings.labels import (
    agreement_label,
    countries_label,
    kind_label,
    session_format_label,
    text_direction,
)
from dialogues.core.templating import format_instant

MARKING_RED = RGBColor(0xB4, 0x23, 0x18)


def render(briefing: Briefing) -> bytes:
    document = Document()
    _properties(document, briefing)
    _header_and_footer(document, briefing)
    _cover(document, briefing)
    sections = {"summary": _summary, "recommendations": _recommendations, "annex": _annex}
    for name, build in sections.items():
        if briefing.shows(name):
            build(document, briefing)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _properties(document, b: Briefing) -> None:
    """Replace every core property the template carries ("python-docx", its dates)."""
    properties = document.core_properties
    generated = b.generated_at.replace(tzinfo=None)
    for name, value in {
        "author": b.organisation,
        "last_modified_by": b.organisation,
        "title": b.title,
        "subject": b.marking,
        "comments": "",
        "keywords": "briefing",
        "category": "Briefing",
        "content_status": "",
        "identifier": "",
        "language": "en",
        "version": "",
    }.items():
        setattr(properties, name, value)
    properties.created = generated
    properties.modified = generated
    properties.revision = 1


def _paragraph(container, text: str, *, bold: bool = False, style: str | None = None):
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    if text_direction(text) == "rtl":
        _right_to_left(paragraph, run)
    return paragraph


def _right_to_left(paragraph, run) -> None:
    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _heading(document, text: str, level: int):
    heading = document.add_heading(text, level)
    if text_direction(text) == "rtl":
        _right_to_left(heading, heading.runs[0])
    return heading


def _header_and_footer(document, b: Briefing) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    run = header.add_run(f"{b.marking} · {b.distribution}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = MARKING_RED
    footer = section.footer.paragraphs[0]
    footer.add_run(
        f"{b.programme.title} — {b.side.name} · {b.organisation} · page "
    ).font.size = Pt(8.5)
    footer._p.append(_page_number_field())


def _page_number_field():
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _table(document, header: tuple[str, ...], rows: list[tuple]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            text = str(value)
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            if text_direction(text) == "rtl":
                _right_to_left(cell.paragraphs[0], run)
    document.add_paragraph()


def _cover(document, b: Briefing) -> None:
    marking = document.add_paragraph().add_run(b.marking.upper())
    marking.bold = True
    marking.font.color.rgb = MARKING_RED
    _paragraph(document, f"Briefing for the government of the {b.side.name} side")
    _heading(document, b.programme.title, 0)
    facts = [
        f"Side: {b.side.name} ({countries_label(b.side.countries)})",
        f"Programme: {kind_label(b.programme.kind)}, {b.programme.starts_on.isoformat()} – "
        f"{b.programme.ends_on.isoformat()}",
        f"Prepared: {format_instant(b.generated_at, b.programme.timezone)} by {b.organisation}",
        f"Recipient: {b.recipient}",
    ]
    for fact in facts:
        _paragraph(document, fact, style="List Bullet")
    _paragraph(document, b.distribution, bold=True)
    _paragraph(
        document,
        "This briefing names no participant and holds nothing said in off-the-record sessions. "
        "Positions are each side's own words; endorsements are counted per side, never named.",
    )
    document.add_page_break()


def _summary(document, b: Briefing) -> None:
    _heading(document, "Executive summary", 1)
    for line in (
        f"{b.sessions_held} session(s) held, {b.sessions_scheduled} still scheduled.",
        f"{len(b.recommendations)} recommendation(s) adopted and addressed to the {b.side.name} "
        f"side; {b.backed_count} backed by participants across the sides.",
        f"Parity of participation: {b.parity:.2f} (fewest accepted participants on a side ÷ "
        "most; 1.00 is balanced).",
    ):
        _paragraph(document, line, style="List Bullet")
    rows = [(row.name, row.accepted) for row in b.participation]
    _table(document, ("Side", "Accepted participants"), rows)


def _recommendation(document, r: RecommendationFacts) -> None:
    _heading(document, r.title, 3)
    facts = f"Agreement: {agreement_label(r.agreement)}"
    if r.backed_across_sides:
        facts += " · backed across the sides"
    if len(r.topics) > 1:
        facts += " · topics: " + ", ".join(r.topics)
    _paragraph(document, facts)
    if r.summary:
        _paragraph(document, r.summary)
    rows = [(p.side, p.text or "No position recorded.", p.endorsements) for p in r.positions]
    _table(document, ("Side", "Position, in its own words", "Endorsements"), rows)


def _recommendations(document, b: Briefing) -> None:
    _heading(document, f"Recommendations addressed to the {b.side.name} side", 1)
    for group in b.topic_groups:
        _heading(document, group.topic or "Other recommendations", 2)
        for recommendation in group.recommendations:
            _recommendation(document, recommendation)
    if not b.recommendations:
        _paragraph(document, "No recommendation addressed to this side has been adopted yet.")


def _annex(document, b: Briefing) -> None:
    _heading(document, "Annex: sessions held", 1)
    if b.held_sessions:
        _paragraph(document, f"Dates in the programme's time zone ({b.programme.timezone}).")
        rows = [
            (s.held_on.isoformat(), s.title, session_format_label(s.format))
            for s in b.held_sessions
        ]
        _table(document, ("Date", "Session", "Format"), rows)
    if b.off_record_sessions_held:
        lead = "And " if b.held_sessions else ""
        _paragraph(
            document,
            f"{lead}{b.off_record_sessions_held} off-the-record session(s): never described "
            "outside the room.",
        )
    elif not b.held_sessions:
        _paragraph(document, "No session has been held yet.")
