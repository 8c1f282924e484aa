"""How long a briefing of 500 and of 1,000 recommendations takes to build and render."""

import dataclasses
import statistics
import time

import sqlalchemy as sa

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.formats import render
from dialogues.briefings.models import BriefingFormat
from dialogues.extensions import db
from dialogues.programmes.models import Programme

SIZES = (500, 1000)


def time_briefings(slug: str, sizes=SIZES, rounds: int = 3) -> dict:
    """Seconds per size and format: building from the database plus rendering, the median of
    ``rounds`` renders.

    The largest programme's briefing holds every adopted or published recommendation addressed
    to the side (1,500 at full scale); it is built once, timed, and cut to each size. The build
    time of the whole briefing is added to each render: an upper bound for a smaller one.

    The sizes take turns within each round (the larger first every other round), so a slow
    stretch of a shared machine slows both sizes instead of one: a single render of each
    measured the same code's PDF of 1,000 at 1.70× to 2.27× that of 500. ``samples`` keeps
    every round's PDF seconds.
    """
    programme = db.session.scalar(sa.select(Programme).where(Programme.slug == slug))
    side = programme.sides[0]
    (build, build_cpu), briefing = _timed(build_briefing, programme, side)
    _warm_up(briefing)
    cuts = {
        size: dataclasses.replace(briefing, recommendations=briefing.recommendations[:size])
        for size in sizes
    }
    walls, cpus = _render_in_turns(cuts, rounds)
    timings = {"build_seconds": build, "available": len(briefing.recommendations)}
    timings |= {"rounds": rounds, "cpu": {}, "samples": {}}
    for size, cut in cuts.items():
        medians = _medians(walls[size], build)
        timings[str(size)] = medians | {"recommendations": len(cut.recommendations)}
        timings["cpu"][str(size)] = _medians(cpus[size], build_cpu)
        timings["samples"][str(size)] = [build + seconds for seconds in walls[size]["pdf"]]
    return timings


def _render_in_turns(cuts: dict, rounds: int) -> tuple[dict, dict]:
    """Wall and CPU seconds of every render, ``{size: {format: [seconds, …]}}`` each."""
    walls = {size: {fmt.value: [] for fmt in BriefingFormat} for size in cuts}
    cpus = {size: {fmt.value: [] for fmt in BriefingFormat} for size in cuts}
    for turn in range(rounds):
        for size in cuts if turn % 2 == 0 else reversed(cuts):
            for file_format in BriefingFormat:
                (seconds, cpu_seconds), _file = _timed(render, cuts[size], file_format)
                walls[size][file_format.value].append(seconds)
                cpus[size][file_format.value].append(cpu_seconds)
    return walls, cpus


def _medians(seconds: dict, build: float) -> dict:
    """Each format's median render, with the build's time added."""
    return {name: build + statistics.median(values) for name, values in seconds.items()}


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
