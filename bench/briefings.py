"""How long a briefing of 500 and of 1,000 recommendations takes to build and render."""

import dataclasses
import time

import sqlalchemy as sa

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.formats import render
from dialogues.briefings.models import BriefingFormat
from dialogues.extensions import db
from dialogues.programmes.models import Programme

SIZES = (500, 1000)


def time_briefings(slug: str, sizes=SIZES) -> dict:
    """Seconds per size and format: building from the database plus rendering.

    The largest programme's briefing holds every adopted or published recommendation addressed
    to the side (1,500 at full scale); it is built once, timed, and cut to each size. The build
    time of the whole briefing is added to each render: an upper bound for a smaller one.
    """
    programme = db.session.scalar(sa.select(Programme).where(Programme.slug == slug))
    side = programme.sides[0]
    started = time.perf_counter()
    briefing = build_briefing(programme, side)
    build = time.perf_counter() - started
    timings = {"build_seconds": build, "available": len(briefing.recommendations)}
    for size in sizes:
        cut = dataclasses.replace(briefing, recommendations=briefing.recommendations[:size])
        timings[str(size)] = {f.value: build + _render_seconds(cut, f) for f in BriefingFormat}
        timings[str(size)]["recommendations"] = len(cut.recommendations)
    return timings


def _render_seconds(briefing, file_format: BriefingFormat) -> float:
    started = time.perf_counter()
    render(briefing, file_format)
    return time.perf_counter() - started
