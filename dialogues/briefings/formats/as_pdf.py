"""The briefing as PDF, laid out by WeasyPrint from the same page as the HTML file.

Pango shapes Arabic and other right-to-left scripts (each paragraph carries its ``dir``), and
fontconfig finds the Noto fonts that ``scripts/system-packages.sh`` installs for Latin, Cyrillic,
Chinese and Arabic. The page holds no URL, so WeasyPrint fetches nothing. Its metadata comes from
the page's ``<title>`` and ``<meta>``: the organisation as author, never a person.

The page differs from the HTML file only where ``for_pdf`` asks (``_briefing.html`` and
``document-pdf.css``): positions and held sessions are lines of plain text rather than tables, and
the header and footer are strings (``string-set``) rather than running elements. WeasyPrint spends
far more on each table, inline element and running element than on its text; with them a briefing
of 500 recommendations took about 22 s, without them about 7 s.
"""

from dialogues.briefings.document import Briefing
from dialogues.briefings.formats.as_html import document_html
from dialogues.core.errors import DialoguesError


class PdfUnavailable(DialoguesError):
    status = 503
    message = (
        "PDF export needs the Pango libraries on the server: run scripts/system-packages.sh "
        "(see the README). The other formats work."
    )


def render(briefing: Briefing) -> bytes:
    try:
        # Imported here: WeasyPrint loads Pango when imported, and the rest of the app (and the
        # other formats) must keep working on a server that lacks it.
        from weasyprint import HTML
    except (OSError, ImportError) as error:
        raise PdfUnavailable() from error
    return HTML(string=document_html(briefing, for_pdf=True), base_url=None).write_pdf()
