"""Checking a registrant's details: one set of rules for the form, the API and the CSV import.

Each check takes the raw value (a form string, JSON of any type, a CSV cell) and returns the
cleaned value or raises ``Invalid`` with a message meant for the person who typed it. The only
place for what is required and how long a value may be: the form and the API schema only mark
and document them, so the page and the API say the same, in the reader's language.
"""

from collections.abc import Callable, Mapping
from functools import cache

import pycountry
from babel import Locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from dialogues.auth.operations import (
    has_control_character,
    name_problem,
    shows_something,
    too_long,
)
from dialogues.core.i18n import current_language
from dialogues.core.storable import storable
from dialogues.programmes.models import is_country_code
from dialogues.registrations.models import ParticipantRole

MAX_NAME = 200
MAX_AFFILIATION = 200
MAX_ACCESS_NEEDS = 2000
MAX_LANGUAGES = 20
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", ""})
MISSING_AFFILIATION = _l("Enter an affiliation.")


class Invalid(ValueError):
    """A value that cannot be used; the message names what is wrong."""


def text(value, *, max_length: int, missing: str | None = None) -> str:
    """Text of at most ``max_length`` characters; ``missing`` (a message) makes it required."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid(_("Must be text."))
    value = value.strip()
    if missing is not None and not value:
        raise Invalid(missing)
    if len(value) > max_length:
        raise Invalid(too_long(max_length))
    return value


def role(value) -> ParticipantRole:
    try:
        return ParticipantRole(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in ParticipantRole)
        raise Invalid(_("Choose one of: %(choices)s.", choices=choices)) from None


def country(value) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not code:
        raise Invalid(_("Choose a country."))
    if not is_country_code(code):
        raise Invalid(
            _("“%(value)s” is not an ISO 3166 country code (e.g. US, CN, SA).", value=value)
        )
    return code


def languages(value) -> list[str]:
    """ISO 639 codes, as a list or a comma-separated text; kept in the order given."""
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise Invalid(_("Give a list of language codes."))
    codes = list(dict.fromkeys(_language_code(item) for item in items if item.strip()))
    if len(codes) > MAX_LANGUAGES:
        raise Invalid(
            ngettext(
                "Give at most %(num)d language.", "Give at most %(num)d languages.", MAX_LANGUAGES
            )
        )
    return codes


def _language_code(item: str) -> str:
    code = item.strip().lower()
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if language is None and len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    if language is None:
        raise Invalid(
            _("“%(value)s” is not an ISO 639 language code (e.g. en, zh, ar).", value=item.strip())
        )
    return getattr(language, "alpha_2", language.alpha_3)


def flag(value) -> bool:
    """A yes/no answer: JSON booleans, form checkboxes, CSV cells ("yes", "true", "1")."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise Invalid(_("Answer yes or no."))


def affiliation(value) -> str:
    value = text(value, max_length=MAX_AFFILIATION, missing=str(MISSING_AFFILIATION))
    if has_control_character(value) or not shows_something(value) or not storable(value):
        raise Invalid(_("Enter an affiliation with visible characters and no control characters."))
    return value


def access_needs(value) -> str:
    """Free text over several lines: line breaks and tabs, but no other control character."""
    value = text(value, max_length=MAX_ACCESS_NEEDS)
    if has_control_character(value, allowed="\n\r\t"):
        raise Invalid(_("Use no control characters other than line breaks and tabs."))
    return value


def name(value) -> str:
    value = text(value, max_length=MAX_NAME, missing=_("Enter a name."))
    if problem := name_problem(value):  # the rule for every person's name
        raise Invalid(problem)
    return value


DETAILS: dict[str, Callable] = {
    "affiliation": affiliation,
    "role": role,
    "nationality": country,
    "languages": languages,
    "access_needs": access_needs,
    "consents_to_attribution": flag,
}


def clean(data: Mapping, checks: Mapping[str, Callable], errors: dict, *, partial=False) -> dict:
    """Run ``checks`` over ``data``; bad fields get a message in ``errors``, good ones come back.

    With ``partial`` only the fields present in ``data`` are checked (an edit of some fields).
    """
    cleaned = {}
    for key, check in checks.items():
        if partial and key not in data:
            continue
        try:
            cleaned[key] = check(data.get(key))
        except Invalid as problem:
            errors.setdefault(key, []).append(str(problem))
    return cleaned


def language_choices() -> list[tuple[str, str]]:
    """(code, name) for the languages with a two-letter code, named in the reader's language."""
    return _language_choices(current_language())


@cache
def _language_choices(reader: str) -> list[tuple[str, str]]:
    found = [(lang.alpha_2, _language_name(lang, reader)) for lang in _two_letter_languages()]
    return sorted(found, key=lambda choice: choice[1])


def _two_letter_languages() -> list:
    return [lang for lang in pycountry.languages if hasattr(lang, "alpha_2")]


def country_choices(reader: str | None = None) -> list[tuple[str, str]]:
    """(code, name) for every country, named in ``reader``'s language (default: the request's)."""
    return _country_choices(reader or current_language())


@cache
def _country_choices(reader: str) -> list[tuple[str, str]]:
    names = {} if reader == "en" else Locale.parse(reader).territories  # English: as pycountry
    found = [
        (place.alpha_2, names.get(place.alpha_2) or getattr(place, "common_name", place.name))
        for place in pycountry.countries
    ]
    return sorted(found, key=lambda choice: choice[1])


def language_name(code: str) -> str:
    """The language of an ISO 639 code, named in the reader's language (else the code)."""
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or (pycountry.languages.get(alpha_3=code) if len(code) == 3 else None)
    return _language_name(language, current_language()) if language else code


def _language_name(language, reader: str) -> str:
    if reader == "en":
        return language.name
    code = getattr(language, "alpha_2", None) or language.alpha_3
    return Locale.parse(reader).languages.get(code) or language.name
