"""The briefing as Markdown (CommonMark with pipe tables): people's text is escaped, so a title
like ``*urgent*`` or ``# 1`` stays text and never becomes markup."""

import re

from dialogues.briefings.document import Briefing, RecommendationFacts
from dialogues.briefings.labels import (
    agreement_label,
    countries_label,
    kind_label,
    session_format_label,
)
from dialogues.core.templating import format_instant

INLINE = re.compile(r"([\\`*_\[\]<>|~])")
LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def inline(text: str) -> str:
    """Text inside a line or a table cell: one line, markup characters escaped."""
    return INLINE.sub(r"\\\1", " ".join(text.split()))


def block(text: str) -> str:
    """A paragraph of people's text: its lines kept, none read as a heading, list or quote."""
    return "\n".join(_line(line) for line in text.strip().splitlines())


def _line(line: str) -> str:
    escaped = INLINE.sub(r"\\\1", line)
    return LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", escaped)


def _table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _cover(b: Briefing) -> list[str]:
    return [
        f"> **{inline(b.marking)}**  ",
        f"> {inline(b.distribution)}",
        "",
        f"# {inline(b.programme.title)}",
        "",
        f"Briefing for the government of the **{inline(b.side.name)}** side "
        f"({inline(countries_label(b.side.countries))}).",
        "",
        f"- Programme: {kind_label(b.programme.kind)}, "
        f"{b.programme.starts_on.isoformat()} – {b.programme.ends_on.isoformat()}",
        f"- Prepared: {format_instant(b.generated_at, b.programme.timezone)} "
        f"by {inline(b.organisation)}",
        f"- Recipient: {inline(b.recipient)}",
        "",
        "_This briefing names no participant and holds nothing said in off-the-record sessions. "
        "Positions are each side's own words; endorsements are counted per side, never named._",
        "",
    ]


def _summary(b: Briefing) -> list[str]:
    count = len(b.recommendations)
    lines = [
        "## Executive summary",
        "",
        f"- {b.sessions_held} session(s) held, {b.sessions_scheduled} still scheduled.",
        f"- {count} recommendation(s) adopted and addressed to the {inline(b.side.name)} side; "
        f"{b.backed_count} backed by participants across the sides.",
        f"- Parity of participation: {b.parity:.2f} (fewest accepted participants on a side ÷ "
        "most; 1.00 is balanced).",
        "",
    ]
    rows = [(inline(row.name), row.accepted) for row in b.participation]
    return lines + _table(("Side", "Accepted participants"), rows)


def _recommendation(r: RecommendationFacts) -> list[str]:
    facts = f"Agreement: **{agreement_label(r.agreement)}**"
    if r.backed_across_sides:
        facts += " · backed across the sides"
    if len(r.topics) > 1:
        facts += " · topics: " + ", ".join(inline(topic) for topic in r.topics)
    lines = [f"#### {inline(r.title)}", "", facts, ""]
    if r.summary:
        lines += [block(r.summary), ""]
    rows = [
        (inline(p.side), inline(p.text) if p.text else "_No position recorded._", p.endorsements)
        for p in r.positions
    ]
    return lines + _table(("Side", "Position, in its own words", "Endorsements"), rows)


def _recommendations(b: Briefing) -> list[str]:
    lines = [f"## Recommendations addressed to the {inline(b.side.name)} side", ""]
    for group in b.topic_groups:
        lines += [f"### {inline(group.topic) if group.topic else 'Other recommendations'}", ""]
        for recommendation in group.recommendations:
            lines += _recommendation(recommendation)
    if not b.recommendations:
        lines += ["No recommendation addressed to this side has been adopted yet.", ""]
    return lines


def _annex(b: Briefing) -> list[str]:
    lines = ["## Annex: sessions held", ""]
    if b.held_sessions:
        lines += [f"Dates in the programme's time zone ({b.programme.timezone}).", ""]
        rows = [
            (s.held_on.isoformat(), inline(s.title), session_format_label(s.format))
            for s in b.held_sessions
        ]
        lines += _table(("Date", "Session", "Format"), rows)
    if b.off_record_sessions_held:
        lead = "And " if b.held_sessions else ""
        lines += [
            f"{lead}{b.off_record_sessions_held} off-the-record session(s): "
            "never described outside the room.",
            "",
        ]
    elif not b.held_sessions:
        lines += ["No session has been held yet.", ""]
    return lines


def render(briefing: Briefing) -> bytes:
    lines = _cover(briefing)
    sections = {"summary": _summary, "recommendations": _recommendations, "annex": _annex}
    for name, build in sections.items():
        if briefing.shows(name):
            lines += build(briefing)
    lines += ["---", "", f"{inline(briefing.marking)} · {inline(briefing.distribution)}", ""]
    return "\n".join(lines).encode("utf-8")
