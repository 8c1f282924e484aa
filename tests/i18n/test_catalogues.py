"""The catalogues are complete: every marked string has a translation in Chinese, Russian and
Arabic, none is fuzzy, each keeps exactly the placeholders of its English, and the catalogues hold
every string the sources mark today (so a string marked without ``make messages`` and a
translation fails here, not in front of a reader).
"""

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "dialogues" / "translations"
TRANSLATED = ("zh", "ru", "ar")
# What `make messages` passes to pybabel extract, beside babel's defaults.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
# %(name)s, %s, %d, %.2f …; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")


@cache
def catalogue(language: str):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as po_file:
        return read_po(po_file, locale=language)


@cache
def marked_in_sources() -> frozenset:
    """Every msgid the sources mark now, extracted as `make messages` does."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    return frozenset(message for _file, _line, message, _comments, _context in found)


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted; a stray ``%`` counts as one (it breaks ``%``)."""
    found = [f"%({name})s" if name else f"%{kind}" for name, kind in PLACEHOLDER.findall(text)]
    found = [p for p in found if p != "%%"]
    stray = PLACEHOLDER.sub("", text).count("%")
    return sorted(found + ["%?"] * stray)


def problems(language: str) -> list[str]:
    found = []
    for message in catalogue(language):
        if not message.id:
            continue  # the header
        singular = message.id[0] if message.pluralizable else message.id
        if message.fuzzy:
            found.append(f"fuzzy: {singular!r}")
        if message.pluralizable:
            translations = message.string
            complete = len(translations) == catalogue(language).num_plurals
        else:
            translations, complete = (message.string,), True
        if not (complete and all(translations)):
            found.append(f"untranslated: {singular!r}")
            continue
        found.extend(f"{why}: {singular!r} → {text!r}" for why, text in _placeholder_problems(
            message, translations))  # fmt: skip
    return found


def _placeholder_problems(message, translations):
    if not message.pluralizable:
        if placeholders(translations[0]) != placeholders(message.id):
            yield "placeholders differ", translations[0]
        return
    # A plural form may leave out the count ("one day", Arabic's dual); nothing else.
    english = set(placeholders(message.id[0])) | set(placeholders(message.id[1]))
    required = english - {"%(num)s", "%d"}
    for text in translations:
        own = set(placeholders(text))
        if not required <= own or not own <= english:
            yield "placeholders differ", text


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_entry_is_translated_whole(language):
    assert problems(language) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_every_marked_string(language):
    """`make messages` has run since the last string was marked (or unmarked)."""
    held = {message.id for message in catalogue(language) if message.id}
    assert sorted(map(str, marked_in_sources() - held)) == []


def test_the_template_is_up_to_date():
    with (TRANSLATIONS / "messages.pot").open("rb") as pot_file:
        held = {message.id for message in read_po(pot_file) if message.id}
    assert sorted(map(str, marked_in_sources() ^ held)) == []


def test_the_checks_catch_what_they_look_for():
    """Guard against a check that can never fail."""
    assert placeholders("%(name)s of %(side)s, 50%%") == ["%(name)s", "%(side)s"]
    assert placeholders("%(count)d of %s") == ["%(count)s", "%s"]
    assert placeholders("100 %") == ["%?"]
    assert placeholders("%(name)s") != placeholders("%(nom)s")
    assert len(marked_in_sources()) > 500
    assert "Please check the form." in marked_in_sources()
