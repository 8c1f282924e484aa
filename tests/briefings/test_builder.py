"""The builder and the pieces every renderer shares: the allow-list, grouping, digests, text."""

import dataclasses
import hashlib
import json

import pytest

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.document import Briefing
from dialogues.briefings.formats.as_markdown import block, inline
from dialogues.briefings.labels import text_direction

# ("name" is there, but only a side's: participation per side, positions per side.)
PERSONAL = {"email", "affiliation", "author", "speaker", "note", "notes", "endorser", "user"}


def every_field_name(cls) -> set[str]:
    names = set()
    for item in dataclasses.fields(cls):
        names.add(item.name)
        inner = getattr(item.type, "__args__", (item.type,))
        for candidate in inner:
            if dataclasses.is_dataclass(candidate):
                names |= every_field_name(candidate)
    return names


def test_the_briefing_has_no_field_for_a_person():
    assert not PERSONAL & every_field_name(Briefing)


def test_recommendations_are_grouped_by_first_topic_untagged_last(world):
    briefing = build_briefing(world.programme, world.gulf)
    groups = [(g.topic, [r.title for r in g.recommendations]) for g in briefing.topic_groups]
    assert groups == [
        ("education", ["Betaquill student exchanges 扩大学生交流"]),
        (None, ["Gammaridge desalination compact"]),
    ]
    positions = briefing.recommendations[1].positions
    assert [(p.side, p.text is None) for p in positions] == [
        ("United States", True), ("China", True), ("Gulf states", False)
    ]  # fmt: skip


def test_the_content_digest_ignores_when_and_for_whom_but_not_what(world):
    first = build_briefing(world.programme, world.us)
    again = build_briefing(world.programme, world.us, recipient="Someone", sections=("annex",))
    assert first.content_digest() == again.content_digest()
    other_side = build_briefing(world.programme, world.cn)
    assert first.content_digest() != other_side.content_digest()


@pytest.mark.parametrize("side", ["us", "cn", "gulf"])
def test_the_content_digest_is_the_one_approvals_stored(world, side):
    """Approvals keep the digest of ``json.dumps(asdict(...))``: it must not change."""
    briefing = build_briefing(world.programme, getattr(world, side))
    content = dataclasses.asdict(briefing)
    for volatile in ("generated_at", "recipient", "sections"):
        content.pop(volatile)
    stored = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    assert "扩大学生交流" in stored  # the text of every script, as written
    assert briefing.content_digest() == hashlib.sha256(stored.encode("utf-8")).hexdigest()


def test_off_the_record_sessions_are_counted_never_described(world):
    briefing = build_briefing(world.programme, world.us)
    assert briefing.sessions_held == 3
    assert briefing.off_record_sessions_held == 1
    assert [s.title for s in briefing.held_sessions] == [
        "Opening plenary on maritime safety", "ورشة عمل حول المياه"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "direction"),
    [("نؤيد", "rtl"), ("  «نؤيد» English", "rtl"), ("中方", "ltr"), ("Agreed", "ltr"),
     ("123 نؤيد", "rtl"), ("", "ltr")],
)  # fmt: skip
def test_text_direction_follows_the_first_strong_letter(text, direction):
    assert text_direction(text) == direction


def test_markdown_escapes_peoples_text():
    assert inline("*urgent* [link](x) <b>|") == r"\*urgent\* \[link\](x) \<b\>\|"
    assert inline("two\nlines") == "two lines"
    assert block("# not a heading\n- not a list\n1. not a number") == (
        "\\# not a heading\n\\- not a list\n\\1. not a number"
    )
