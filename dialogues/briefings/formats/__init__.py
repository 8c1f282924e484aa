"""Every file format a briefing is exported in, each rendered from the same ``Briefing``."""

import hashlib
from dataclasses import dataclass

from dialogues.briefings.document import Briefing
from dialogues.briefings.formats import as_docx, as_html, as_json, as_markdown, as_pdf
from dialogues.briefings.models import BriefingFormat

MIME_TYPES = {
    BriefingFormat.PDF: "application/pdf",
    BriefingFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    BriefingFormat.HTML: "text/html; charset=utf-8",
    BriefingFormat.MD: "text/markdown; charset=utf-8",
    BriefingFormat.JSON: "application/json",
}
RENDERERS = {
    BriefingFormat.PDF: as_pdf.render,
    BriefingFormat.DOCX: as_docx.render,
    BriefingFormat.HTML: as_html.render,
    BriefingFormat.MD: as_markdown.render,
    BriefingFormat.JSON: as_json.render,
}


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    filename: str
    mimetype: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def file_name(briefing: Briefing, file_format: BriefingFormat) -> str:
    return f"briefing-{briefing.programme.slug}-{briefing.side.slug}.{file_format.value}"


def render(briefing: Briefing, file_format: BriefingFormat) -> RenderedFile:
    return RenderedFile(
        content=RENDERERS[file_format](briefing),
        filename=file_name(briefing, file_format),
        mimetype=MIME_TYPES[file_format],
    )
