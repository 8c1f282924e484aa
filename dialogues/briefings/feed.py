"""The digest as JSON (the API's shape) and as an Atom feed (RFC 4287).

The feed is built with ElementTree (which only writes here, never parses), so every text is
escaped; characters XML 1.0 cannot hold (control characters) are dropped, so a feed reader never
meets an invalid document.
"""

import re
import xml.etree.ElementTree as ET  # nosec B405

from flask import url_for
from flask_babel import gettext as _

from dialogues.briefings.builder import organisation_name
from dialogues.briefings.digest import Digest, DigestRecommendation
from dialogues.briefings.labels import agreement_label
from dialogues.core.i18n import HTML_LANG, current_language
from dialogues.sessions.times import iso_utc

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ET.register_namespace("", ATOM)


def as_dict(digest: Digest) -> dict:
    return {
        "programme": {
            "title": digest.title,
            "description": digest.description,
            "public_summary": digest.public_summary,
            "starts_on": digest.starts_on.isoformat(),
            "ends_on": digest.ends_on.isoformat(),
            "sides": [
                {"id": side.id, "name": side.name, "countries": list(side.countries)}
                for side in digest.sides
            ],
        },
        "recommendations": [_recommendation(r) for r in digest.recommendations],
    }


def _recommendation(r: DigestRecommendation) -> dict:
    return {
        "id": r.id,
        "title": r.title,
        "summary": r.summary,
        "body": r.body,
        "agreement": r.agreement,
        "topics": list(r.topics),
        "addressed_to": list(r.addressed_to),
        "positions": [{"side_id": p.side_id, "side": p.side, "text": p.text} for p in r.positions],
        "endorsements": {str(side): count for side, count in r.endorsements.items()},
        "published_at": iso_utc(r.published_at),
    }


def _clean(text: str) -> str:
    return NOT_XML.sub("", text)


def _add(parent, tag: str, text: str | None = None, **attributes):
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = _clean(text)
    return element


def atom_feed(digest: Digest) -> bytes:
    page = url_for("briefings.show_digest", slug=digest.slug, _external=True)
    # The feed's own words are in the request's language; the recommendations as written.
    language = current_language()
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: HTML_LANG.get(language, language)})
    _add(feed, "id", page)
    _add(feed, "title", _("%(title)s — public digest", title=digest.title))
    _add(feed, "updated", iso_utc(digest.updated_at))
    _add(_add(feed, "author"), "name", organisation_name())
    _add(feed, "link", href=page, rel="alternate", type="text/html")
    self_url = url_for("briefings.digest_feed", slug=digest.slug, _external=True)
    _add(feed, "link", href=self_url, rel="self", type="application/atom+xml")
    for recommendation in digest.recommendations:
        _entry(feed, recommendation, page)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed, r: DigestRecommendation, page: str) -> None:
    entry = _add(feed, "entry")
    link = f"{page}#recommendation-{r.id}"
    _add(entry, "id", link)
    _add(entry, "title", r.title)
    _add(entry, "updated", iso_utc(r.published_at))
    _add(entry, "published", iso_utc(r.published_at))
    _add(entry, "link", href=link, rel="alternate", type="text/html")
    for topic in r.topics:
        _add(entry, "category", term=_clean(topic))
    agreement = _("Agreement: %(agreement)s.", agreement=agreement_label(r.agreement))
    _add(entry, "summary", f"{r.summary}\n\n{agreement}")
