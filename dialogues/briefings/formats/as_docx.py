"""The briefing as an editable Word document: real headings, real tables, the marking and the
recipient in every page's header, and core properties that name the organisation only."""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogues.briefings.document import Briefing, RecommendationFacts
from dialogues.briefings.formats.docx_parts import Body
from dialogues.briefings.labels import (
    agreement_label,
    countries_label,
    kind_label,
    off_record_sentence,
    parity_text,
    session_format_label,
)
from dialogues.core.formats import date_text
from dialogues.core.i18n import RIGHT_TO_LEFT, current_language
from dialogues.core.templating import format_instant

MARKING_RED = RGBColor(0xB4, 0x23, 0x18)
SECTION_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
# Word's language tags: the Latin/Cyrillic run language, the East Asian one, the complex-script one.
WORD_LANGUAGES = {"en": "en-GB", "zh": "zh-CN", "ru": "ru-RU", "ar": "ar-SA"}


def render(briefing: Briefing) -> bytes:
    document = Document()
    _language(document)
    _properties(document, briefing)
    _header_and_footer(document, briefing)
    body = Body(document, right_to_left=_is_right_to_left())
    _cover(body, briefing)
    sections = {"summary": _summary, "recommendations": _recommendations, "annex": _annex}
    for name, build in sections.items():
        if briefing.shows(name):
            build(body, briefing)
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
        "keywords": _("briefing"),
        "category": _("Briefing"),
        "content_status": "",
        "identifier": "",
        "language": WORD_LANGUAGES[current_language()],
        "version": "",
    }.items():
        setattr(properties, name, value)
    properties.created = generated
    properties.modified = generated
    properties.revision = 1


def _language(document) -> None:
    """Proofing language of every run, and right-to-left layout (page, tables) for Arabic."""
    language = current_language()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.set(qn("w:val"), WORD_LANGUAGES[language])
    if language == "zh":
        lang.set(qn("w:eastAsia"), WORD_LANGUAGES[language])
    if language in RIGHT_TO_LEFT:
        lang.set(qn("w:bidi"), WORD_LANGUAGES[language])
        section = document.sections[0]._sectPr  # w:bidi goes before these, by the schema
        section.insert_element_before(OxmlElement("w:bidi"), *SECTION_AFTER_BIDI)


def _is_right_to_left() -> bool:
    return current_language() in RIGHT_TO_LEFT


def _header_and_footer(document, b: Briefing) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    run = header.add_run(f"{b.marking} · {b.distribution}")
    run.font.size = Pt(8.5)
    run.font.color.rgb = MARKING_RED
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{b.programme.title} — {b.side.name} · {b.organisation} · ").font.size = Pt(8.5)
    before, _number, after = _("Page %(page)s", page="\x00").partition("\x00")
    footer.add_run(before).font.size = Pt(8.5)
    footer._p.append(_page_number_field())
    footer.add_run(after).font.size = Pt(8.5)
    if _is_right_to_left():
        footer._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        header._p.get_or_add_pPr().append(OxmlElement("w:bidi"))


def _page_number_field():
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    return field


def _cover(body: Body, b: Briefing) -> None:
    body.marking(b.marking.upper(), str(MARKING_RED))
    body.paragraph(_("Briefing for the government of the %(side)s side", side=b.side.name))
    body.heading(b.programme.title, 0)
    prepared = _(
        "%(when)s by %(organisation)s",
        when=format_instant(b.generated_at, b.programme.timezone),
        organisation=b.organisation,
    )
    facts = [
        (_("Side"), f"{b.side.name} ({countries_label(b.side.countries)})"),
        (
            _("Programme"),
            f"{kind_label(b.programme.kind)}, {date_text(b.programme.starts_on)} – "
            f"{date_text(b.programme.ends_on)}",
        ),
        (_("Prepared"), prepared),
        (_("Recipient"), b.recipient),
    ]
    for label, value in facts:
        body.paragraph(_("%(label)s: %(value)s", label=label, value=value), style="List Bullet")
    body.paragraph(b.distribution, bold=True)
    body.paragraph(
        _(
            "This briefing names no participant and holds nothing said in off-the-record "
            "sessions. Positions are each side's own words; endorsements are counted per side, "
            "never named."
        ),
    )
    body.page_break()


def _summary(body: Body, b: Briefing) -> None:
    body.heading(_("Executive summary"), 1)
    sessions = ngettext("%(num)d session held.", "%(num)d sessions held.", b.sessions_held)
    if b.sessions_scheduled:
        sessions += " " + ngettext(
            "%(num)d session still scheduled.",
            "%(num)d sessions still scheduled.",
            b.sessions_scheduled,
        )
    adopted = ngettext(
        "%(num)d recommendation adopted and addressed to the %(side)s side.",
        "%(num)d recommendations adopted and addressed to the %(side)s side.",
        len(b.recommendations),
        side=b.side.name,
    )
    backed = ngettext(
        "%(num)d is backed by participants across the sides.",
        "%(num)d are backed by participants across the sides.",
        b.backed_count,
    )
    parity = _(
        "Parity of participation: %(parity)s (fewest accepted participants on a side ÷ most; "
        "1.00 is balanced).",
        parity=parity_text(b.parity),
    )
    for line in (sessions, f"{adopted} {backed}", parity):
        body.paragraph(line, style="List Bullet")
    rows = [(row.name, row.accepted) for row in b.participation]
    body.table((_("Side"), _("Accepted participants")), rows)


def _recommendations(body: Body, b: Briefing) -> None:
    body.heading(_("Recommendations addressed to the %(side)s side", side=b.side.name), 1)
    labels = _RecommendationLabels()
    for group in b.topic_groups:
        body.heading(group.topic or _("Other recommendations"), 2)
        for recommendation in group.recommendations:
            _recommendation(body, recommendation, labels)
    if not b.recommendations:
        body.paragraph(_("No recommendation addressed to this side has been adopted yet."))


class _RecommendationLabels:
    """Translated once per briefing rather than once per recommendation."""

    def __init__(self):
        self.agreement = _("Agreement:")
        self.backed = _("backed across the sides")
        self.topics = _("topics:")
        self.no_position = _("No position recorded.")
        self.header = (_("Side"), _("Position, in its own words"), _("Endorsements"))
        self._agreements: dict[str, str] = {}

    def agreement_of(self, agreement: str) -> str:
        if agreement not in self._agreements:
            self._agreements[agreement] = agreement_label(agreement)
        return self._agreements[agreement]


def _recommendation(body: Body, r: RecommendationFacts, labels: _RecommendationLabels) -> None:
    body.heading(r.title, 3)
    facts = f"{labels.agreement} {labels.agreement_of(r.agreement)}"
    if r.backed_across_sides:
        facts += " · " + labels.backed
    if len(r.topics) > 1:
        facts += f" · {labels.topics} " + ", ".join(r.topics)
    body.paragraph(facts)
    if r.summary:
        body.paragraph(r.summary)
    rows = [(p.side, p.text or labels.no_position, p.endorsements) for p in r.positions]
    body.table(labels.header, rows)


def _annex(body: Body, b: Briefing) -> None:
    body.heading(_("Annex: sessions held"), 1)
    if b.held_sessions:
        zone = _("Dates in the programme's time zone (%(zone)s)", zone=b.programme.timezone)
        body.paragraph(f"{zone}.")
        rows = [
            (date_text(s.held_on), s.title, session_format_label(s.format)) for s in b.held_sessions
        ]
        body.table((_("Date"), _("Session"), _("Format")), rows)
    if b.off_record_sessions_held:
        body.paragraph(off_record_sentence(b))
    elif not b.held_sessions:
        body.paragraph(_("No session has been held yet."))
