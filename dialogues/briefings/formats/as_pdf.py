"""The briefing as PDF, laid out by WeasyPrint from the same page as the HTML file.

Pango shapes Arabic and other right-to-left scripts (each paragraph carries its ``dir``), and
fontconfig finds the Noto fonts that ``scripts/system-packages.sh`` installs for Latin, Cyrillic,
Chinese and Arabic. The page holds no URL, so WeasyPrint fetches nothing. Its metadata comes from
the page's ``<title>`` and ``<meta>``: the organisation as author, never a person.
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
