"""Two versions side by side, with what changed marked, line by line and word by word.

The result is plain data (text segments flagged as changed or not); the template escapes every
piece, so no one's text ever becomes markup here. Chinese and Japanese characters are compared
one by one, since those scripts put no spaces between words.
"""

import difflib
import re
from dataclasses import dataclass, field
from itertools import zip_longest

from flask_babel import gettext as _

TOKEN = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False


@dataclass
class Row:
    kind: str  # equal, replace, delete, insert
    left: list[Segment] = field(default_factory=list)
    right: list[Segment] = field(default_factory=list)


@dataclass
class FieldDiff:
    label: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(row.kind != "equal" for row in self.rows)


def compare_text(label: str, old: str, new: str) -> FieldDiff:
    """A field's lines side by side; a changed line also has its changed words marked."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [
                Row("equal", [Segment(a)], [Segment(b)])
                for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            ]
        else:
            rows += _changed_rows(old_lines[i1:i2], new_lines[j1:j2])
    return FieldDiff(label, rows)


def _changed_rows(old_lines: list[str], new_lines: list[str]) -> list[Row]:
    rows = []
    for old, new in zip_longest(old_lines, new_lines):
        if old is None:
            rows.append(Row("insert", [], [Segment(new, True)]))
        elif new is None:
            rows.append(Row("delete", [Segment(old, True)], []))
        else:
            rows.append(Row("replace", *_word_segments(old, new)))
    return rows


def _word_segments(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    old_words, new_words = TOKEN.findall(old), TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        if i2 > i1:
            left.append(Segment("".join(old_words[i1:i2]), changed))
        if j2 > j1:
            right.append(Segment("".join(new_words[j1:j2]), changed))
    return left, right


def compare_snapshots(old: dict, new: dict, names: dict) -> list[FieldDiff]:
    """Every field of two versions. ``names`` gives side and session names by id."""
    sides, sessions = names["sides"], names["sessions"]
    diffs = [
        compare_text(_("Title"), old["title"], new["title"]),
        compare_text(_("Summary"), old["summary"], new["summary"]),
        compare_text(_("Text"), old["body"], new["body"]),
        compare_text(_("Level of agreement"), names["agreement"](old), names["agreement"](new)),
        compare_text(_("Topics"), "\n".join(old["topics"]), "\n".join(new["topics"])),
        compare_text(
            _("Addressed to"),
            _lines(old["addressed_to"], sides),
            _lines(new["addressed_to"], sides),
        ),
        compare_text(
            _("Sessions"),
            _lines(old["session_ids"], sessions),
            _lines(new["session_ids"], sessions),
        ),
    ]
    diffs += _keyed(old["positions"], new["positions"], lambda p: p["side_id"], sides)
    diffs += _keyed(
        old["alternatives"], new["alternatives"], lambda a: (a["passage"], a["side_id"]), sides
    )
    return diffs


def _lines(ids: list[int], names: dict) -> str:
    return "\n".join(names.get(i) or _("#%(id)s (deleted)", id=i) for i in ids)


def _keyed(old: list[dict], new: list[dict], key, sides: dict) -> list[FieldDiff]:
    """Positions (keyed by side) or disputed wordings (keyed by passage and side)."""
    before = {key(item): item["text"] for item in old}
    after = {key(item): item["text"] for item in new}
    diffs = []
    for k in sorted(set(before) | set(after)):
        passage, side_id = k if isinstance(k, tuple) else (None, k)
        side = sides.get(side_id) or _("side #%(id)s", id=side_id)
        if passage is None:
            label = _("Position of %(side)s", side=side)
        else:
            label = _("[%(passage)s] Wording of %(side)s", passage=passage, side=side)
        diffs.append(compare_text(label, before.get(k, ""), after.get(k, "")))
    return diffs
