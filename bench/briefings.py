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
    (build, build_cpu), briefing = _timed(build_briefing, programme, side)
    timings = {"build_seconds": build, "available": len(briefing.recommendations), "cpu": {}}
    _warm_up(briefing)
    for size in sizes:
        cut = dataclasses.replace(briefing, recommendations=briefing.recommendations[:size])
        wall, cpu = {}, {}
        for file_format in BriefingFormat:
            (seconds, cpu_seconds), _file = _timed(render, cut, file_format)
            wall[file_format.value] = build + seconds
            cpu[file_format.value] = build_cpu + cpu_seconds
        timings[str(size)] = wall | {"recommendations": len(cut.recommendations)}
        timings["cpu"][str(size)] = cpu
    return timings


def _warm_up(briefing) -> None:
    """Render each format once, untimed: a worker that has exported before has WeasyPrint
    imported and its fonts found (about 1.5 s, once per worker); the budget is for an export."""
    one = dataclasses.replace(briefing, recommendations=briefing.recommendations[:1])
    for file_format in BriefingFormat:
        render(one, file_format)


def _timed(function, *args):
    """``((wall seconds, CPU seconds of this process), result)``: CPU time is what the work
    costs whatever else the machine runs; wall time is what a user waits."""
    started, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return (time.perf_counter() - started, time.process_time() - cpu), result
