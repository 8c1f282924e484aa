"""Checking a registrant's details: one set of rules for the form, the API and the CSV import.

Each check takes the raw value (a form string, JSON of any type, a CSV cell) and returns the
cleaned value or raises ``Invalid`` with a message meant for the person who typed it.
"""

from collections.abc import Callable, Mapping
from functools import cache

import pycountry

from dialogues.programmes.models import is_country_code
from dialogues.registrations.models import ParticipantRole

MAX_NAME = 200
MAX_AFFILIATION = 200
MAX_ACCESS_NEEDS = 2000
MAX_LANGUAGES = 20
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "on"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "off", ""})


class Invalid(ValueError):
    """A value that cannot be used; the message names what is wrong."""


def text(value, *, required: bool, max_length: int, what: str = "this") -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Invalid("Must be text.")
    value = value.strip()
    if required and not value:
        raise Invalid(f"Enter {what}.")
    if len(value) > max_length:
        raise Invalid(f"Use at most {max_length} characters.")
    return value


def role(value) -> ParticipantRole:
    try:
        return ParticipantRole(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in ParticipantRole)
        raise Invalid(f"Choose one of: {choices}.") from None


def country(value) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if not code:
        raise Invalid("Choose a country.")
    if not is_country_code(code):
        raise Invalid(f"“{value}” is not an ISO 3166 country code (e.g. US, CN, SA).")
    return code


def languages(value) -> list[str]:
    """ISO 639 codes, as a list or a comma-separated text; kept in the order given."""
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(item, str) for item in items):
        raise Invalid("Give a list of language codes.")
    codes = list(dict.fromkeys(_language_code(item) for item in items if item.strip()))
    if len(codes) > MAX_LANGUAGES:
        raise Invalid(f"Give at most {MAX_LANGUAGES} languages.")
    return codes


def _language_code(item: str) -> str:
    code = item.strip().lower()
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if language is None and len(code) == 3:
        language = pycountry.languages.get(alpha_3=code)
    if language is None:
        raise Invalid(f"“{item.strip()}” is not an ISO 639 language code (e.g. en, zh, ar).")
    return getattr(language, "alpha_2", language.alpha_3)


def flag(value) -> bool:
    """A yes/no answer: JSON booleans, form checkboxes, CSV cells ("yes", "true", "1")."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise Invalid("Answer yes or no.")


def affiliation(value) -> str:
    return text(value, required=True, max_length=MAX_AFFILIATION, what="an affiliation")


def access_needs(value) -> str:
    return text(value, required=False, max_length=MAX_ACCESS_NEEDS)


def name(value) -> str:
    return text(value, required=True, max_length=MAX_NAME, what="a name")


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


@cache
def language_choices() -> list[tuple[str, str]]:
    """(code, name) for the languages with a two-letter code, by name."""
    found = [(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    return sorted(found, key=lambda choice: choice[1])


@cache
def country_choices() -> list[tuple[str, str]]:
    found = [
        (place.alpha_2, getattr(place, "common_name", place.name)) for place in pycountry.countries
    ]
    return sorted(found, key=lambda choice: choice[1])


def language_name(code: str) -> str:
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    language = language or (pycountry.languages.get(alpha_3=code) if len(code) == 3 else None)
    return language.name if language else code
