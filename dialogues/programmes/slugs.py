"""Slugs for programme and side URLs and file names, from titles in any script.

Titles are transliterated to ASCII (anyascii) so a slug is readable in a URL, a file name and an
email; Chinese and Japanese characters become one syllable each, separated like words.
"""

import re
import unicodedata

import sqlalchemy as sa
from anyascii import anyascii

from dialogues.extensions import db

MAX_LENGTH = 60
# Paths beside /programmes/<slug> that a slug must never shadow.
RESERVED = frozenset({"new"})


def slugify(text: str, fallback: str) -> str:
    """Lower-case ASCII words joined by hyphens; ``fallback`` when nothing readable is left."""
    ascii_text = "".join(_transliterate(character) for character in text)
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = "-".join(words)[:MAX_LENGTH].strip("-")
    return slug or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is not taken."""
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED:
        number += 1
        suffix = f"-{number}"
        candidate = base[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def programme_slug(title: str) -> str:
    """A slug no programme uses yet."""
    from dialogues.programmes.models import Programme

    base = slugify(title, "programme")
    taken = set(
        db.session.scalars(sa.select(Programme.slug).where(Programme.slug.like(f"{base}%")))
    )
    return unique_slug(base, taken)


def _transliterate(character: str) -> str:
    if character.isascii():
        return character
    text = anyascii(character)
    if unicodedata.east_asian_width(character) in {"W", "F"}:
        return f" {text} "  # one ideograph, one syllable: keep them apart
    return text
