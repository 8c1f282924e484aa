"""Paragraphs and tables of the Word briefing, written straight as WordprocessingML elements.

python-docx's object API looks a style up by name for every paragraph, parses an XML string for
every table and walks a table's rows to reach a cell; a briefing of 1,000 recommendations holds
1,000 tables, and that cost seconds. These builders make the same elements with lxml, resolving
each style once.
"""

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Emu
from lxml.etree import SubElement

from dialogues.briefings.labels import text_direction

W = f"{{{nsmap['w']}}}"  # Clark notation: lxml takes it as is, with no lookup per element
XML_SPACE = qn("xml:space")
VAL = W + "val"
CONTROLS = re.compile(r"([\t\r\n])")  # a tab, or a line break within the paragraph
TABLE_LOOK = {
    W + "firstColumn": "1",
    W + "firstRow": "1",
    W + "lastColumn": "0",
    W + "lastRow": "0",
    W + "noHBand": "0",
    W + "noVBand": "1",
    VAL: "04A0",
}


class Body:
    """Appends blocks to a document's body, before its closing section properties."""

    def __init__(self, document, *, right_to_left: bool):
        self._document = document
        self._end = document.element.body.sectPr
        self._right_to_left = right_to_left  # the layout: tables' first column on the right
        self._style_ids: dict[str, str] = {}
        section = document.sections[-1]
        self._width = section.page_width - section.left_margin - section.right_margin

    def paragraph(self, text: str, *, bold: bool = False, style: str | None = None):
        """A paragraph of one run, right to left when the text is."""
        rtl = text_direction(text) == "rtl"
        p = self._block("w:p")
        _paragraph_properties(p, self._style_id(style), rtl)
        _run(p, text, bold=bold, rtl=rtl)
        return p

    def heading(self, text: str, level: int):
        """Word's "Title" for level 0, else "Heading <level>"."""
        rtl = text_direction(text) == "rtl"
        p = self._block("w:p")
        style = "Title" if level == 0 else f"Heading {level}"
        _paragraph_properties(p, self._style_id(style), rtl)
        if text:
            _run(p, text, bold=None, rtl=rtl)
        return p

    def marking(self, text: str, color: str):
        """The bold coloured marking atop the cover, right to left with the layout."""
        p = self._block("w:p")
        _paragraph_properties(p, None, self._right_to_left)
        _run(p, text, bold=True, rtl=self._right_to_left, color=color)
        return p

    def page_break(self) -> None:
        SubElement(SubElement(self._block("w:p"), W + "r"), W + "br", {W + "type": "page"})

    def table(self, header: tuple[str, ...], rows: list[tuple]) -> None:
        """A "Table Grid" table: a bold header row, then one row per tuple, then a blank line."""
        tbl = self._block("w:tbl")
        self._table_properties(tbl)
        width = str(Emu(self._width // len(header)).twips)  # evenly, as python-docx divides
        grid = SubElement(tbl, W + "tblGrid")
        for _column in header:
            SubElement(grid, W + "gridCol", {W + "w": width})
        _row(tbl, header, width, bold=True)
        for row in rows:
            _row(tbl, row, width, bold=None)
        self._block("w:p")

    def _table_properties(self, tbl) -> None:
        properties = SubElement(tbl, W + "tblPr")
        SubElement(properties, W + "tblStyle", {VAL: self._style_id("Table Grid")})
        if self._right_to_left:  # the first column on the right
            SubElement(properties, W + "bidiVisual")
        SubElement(properties, W + "tblW", {W + "type": "auto", W + "w": "0"})
        SubElement(properties, W + "tblLook", TABLE_LOOK)

    def _block(self, tag: str):
        element = OxmlElement(tag)
        self._end.addprevious(element)
        return element

    def _style_id(self, name: str | None) -> str | None:
        if name is None:
            return None
        if name not in self._style_ids:
            self._style_ids[name] = self._document.styles[name].style_id
        return self._style_ids[name]


def _row(tbl, values, width: str, *, bold: bool | None) -> None:
    tr = SubElement(tbl, W + "tr")
    for value in values:
        text = str(value)
        rtl = text_direction(text) == "rtl"
        tc = SubElement(tr, W + "tc")
        properties = SubElement(tc, W + "tcPr")
        SubElement(properties, W + "tcW", {W + "type": "dxa", W + "w": width})
        p = SubElement(tc, W + "p")
        _paragraph_properties(p, None, rtl)
        _run(p, text, bold=bold, rtl=rtl)


def _paragraph_properties(p, style_id: str | None, rtl: bool) -> None:
    if style_id is None and not rtl:
        return
    properties = SubElement(p, W + "pPr")
    if style_id is not None:
        SubElement(properties, W + "pStyle", {VAL: style_id})
    if rtl:
        SubElement(properties, W + "bidi")


def _run(p, text: str, *, bold: bool | None, rtl: bool, color: str | None = None) -> None:
    """A run of ``text``; ``bold=False`` says "not bold" outright, ``None`` leaves it to the
    style. Tabs and line breaks become Word's own elements, as python-docx makes them."""
    r = SubElement(p, W + "r")
    if bold is not None or rtl or color:
        properties = SubElement(r, W + "rPr")
        if bold is not None:
            SubElement(properties, W + "b", {} if bold else {VAL: "0"})
        if color:
            SubElement(properties, W + "color", {VAL: color})
        if rtl:
            SubElement(properties, W + "rtl")
    for piece in CONTROLS.split(text) if CONTROLS.search(text) else (text,):
        if piece == "\t":
            SubElement(r, W + "tab")
        elif piece in ("\r", "\n"):
            SubElement(r, W + "br")
        elif piece:
            _text(r, piece)


def _text(r, text: str) -> None:
    t = SubElement(r, W + "t")
    t.text = text
    if len(text.strip()) < len(text):
        t.set(XML_SPACE, "preserve")
