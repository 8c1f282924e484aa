"""The briefing as Markdown (CommonMark with pipe tables): people's text is escaped, so a title
like ``*urgent*`` or ``# 1`` stays text and never becomes markup."""

import re

from flask_babel import gettext as _
from flask_babel import ngettext

from dialogues.briefings.document import Briefing, RecommendationFacts
from dialogues.briefings.labels import (
    agreement_label,
    countries_label,
    kind_label,
    off_record_sentence,
    parity_text,
    session_format_label,
)
from dialogues.core.formats import date_text
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
    prepared = _(
        "%(when)s by %(organisation)s",
        when=format_instant(b.generated_at, b.programme.timezone),
        organisation=inline(b.organisation),
    )
    kicker = _("Briefing for the government of the %(side)s side", side=inline(b.side.name))
    return [
        f"> **{inline(b.marking)}**  ",
        f"> {inline(b.distribution)}",
        "",
        f"# {inline(b.programme.title)}",
        "",
        f"{kicker} ({inline(countries_label(b.side.countries))}).",
        "",
        f"- {_('Programme')}: {kind_label(b.programme.kind)}, "
        f"{date_text(b.programme.starts_on)} – {date_text(b.programme.ends_on)}",
        f"- {_('Prepared')}: {prepared}",
        f"- {_('Recipient')}: {inline(b.recipient)}",
        "",
        "_"
        + _(
            "This briefing names no participant and holds nothing said in off-the-record "
            "sessions. Positions are each side's own words; endorsements are counted per side, "
            "never named."
        )
        + "_",
        "",
    ]


def _summary(b: Briefing) -> list[str]:
    count = len(b.recommendations)
    sessions = ngettext("%(num)d session held.", "%(num)d sessions held.", b.sessions_held)
    if b.sessions_scheduled:
        sessions += " " + ngettext(
            "%(num)d session still scheduled.",
            "%(num)d sessions still scheduled.",
            b.sessions_scheduled,
        )
    adopted = ngettext(
        "%(num)d recommendation adopted and addressed to the %(side)s side.",
        "%(num)d recommendations adopted and addressed to the %(side)s side.",
        count,
        side=inline(b.side.name),
    )
    backed = ngettext(
        "%(num)d is backed by participants across the sides.",
        "%(num)d are backed by participants across the sides.",
        b.backed_count,
    )
    parity = _(
        "Parity of participation: %(parity)s (fewest accepted participants on a side ÷ most; "
        "1.00 is balanced).",
        parity=parity_text(b.parity),
    )
    lines = [f"## {_('Executive summary')}", "", f"- {sessions}", f"- {adopted} {backed}"]
    lines += [f"- {parity}", ""]
    rows = [(inline(row.name), row.accepted) for row in b.participation]
    return lines + _table((_("Side"), _("Accepted participants")), rows)


def _recommendation(r: RecommendationFacts) -> list[str]:
    facts = f"{_('Agreement:')} **{agreement_label(r.agreement)}**"
    if r.backed_across_sides:
        facts += " · " + _("backed across the sides")
    if len(r.topics) > 1:
        facts += f" · {_('topics:')} " + ", ".join(inline(topic) for topic in r.topics)
    lines = [f"#### {inline(r.title)}", "", facts, ""]
    if r.summary:
        lines += [block(r.summary), ""]
    none = f"_{_('No position recorded.')}_"
    rows = [
        (inline(p.side), inline(p.text) if p.text else none, p.endorsements) for p in r.positions
    ]
    header = (_("Side"), _("Position, in its own words"), _("Endorsements"))
    return lines + _table(header, rows)


def _recommendations(b: Briefing) -> list[str]:
    heading = _("Recommendations addressed to the %(side)s side", side=inline(b.side.name))
    lines = [f"## {heading}", ""]
    for group in b.topic_groups:
        lines += [f"### {inline(group.topic) if group.topic else _('Other recommendations')}", ""]
        for recommendation in group.recommendations:
            lines += _recommendation(recommendation)
    if not b.recommendations:
        lines += [_("No recommendation addressed to this side has been adopted yet."), ""]
    return lines


def _annex(b: Briefing) -> list[str]:
    lines = [f"## {_('Annex: sessions held')}", ""]
    if b.held_sessions:
        zone = _("Dates in the programme's time zone (%(zone)s)", zone=b.programme.timezone)
        lines += [f"{zone}.", ""]
        rows = [
            (date_text(s.held_on), inline(s.title), session_format_label(s.format))
            for s in b.held_sessions
        ]
        lines += _table((_("Date"), _("Session"), _("Format")), rows)
    if b.off_record_sessions_held:
        lines += [off_record_sentence(b), ""]
    elif not b.held_sessions:
        lines += [_("No session has been held yet."), ""]
    return lines


def render(briefing: Briefing) -> bytes:
    lines = _cover(briefing)
    sections = {"summary": _summary, "recommendations": _recommendations, "annex": _annex}
    for name, build in sections.items():
        if briefing.shows(name):
            lines += build(briefing)
    lines += ["---", "", f"{inline(briefing.marking)} · {inline(briefing.distribution)}", ""]
    return "\n".join(lines).encode("utf-8")
