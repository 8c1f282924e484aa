"""The benchmark's own code at tiny scale: its arithmetic, its budgets, its servers.

The benchmark itself (``make bench``) takes minutes and is not part of the suite.
"""

import json
import statistics

import pytest

from bench import load, report, servers
from bench.client import status_of

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:5000/
  2 threads and 16 connections
RESULT {"requests": 1200, "duration_us": 2000000, "socket_errors": 1, "http_errors": 2, \
"p50_us": 5000, "p95_us": 12500, "p99_us": 30000}
"""


def _run(rps, p95_ms=10.0, errors=0):
    return load.Run(
        requests=int(rps * 2), seconds=2.0, errors=errors, p50_ms=5, p95_ms=p95_ms, p99_ms=40
    )


def test_wrk_output_is_read_from_the_report_hook():
    run = load.parse(WRK_OUTPUT)
    assert run.rps == 600
    assert run.errors == 3
    assert (run.p50_ms, run.p95_ms, run.p99_ms) == (5.0, 12.5, 30.0)


def test_the_ratio_is_the_median_of_each_rounds_ratio_to_its_bare_run():
    runs = [_run(100), _run(300), _run(90)]
    summary = report.summarise(runs, [1000.0, 1000.0, 3000.0], "api")
    assert summary["ratio"] == 0.1  # 10%, 30%, 3%: the median
    assert summary["rps"] == 100
    assert summary["failures"] == []


def test_each_budget_names_what_failed():
    slow = report.summarise([_run(40, p95_ms=300, errors=2)], [1000.0], "html")
    assert len(slow["failures"]) == 3
    assert "throughput 4.0% of bare < 5%" in slow["failures"][0]
    assert "2 errors" in slow["failures"][1]
    assert "p95 300 ms" in slow["failures"][2]
    api = report.summarise([_run(60)], [1000.0], "api")
    assert api["failures"] == ["throughput 6.0% of bare < 10%"]


def test_briefing_and_memory_budgets():
    quick = {"pdf": 3.0, "docx": 0.5, "html": 0.1, "md": 0.1, "json": 0.1, "recommendations": 1}
    fine = {"500": quick, "1000": quick | {"pdf": 6.5}}
    assert report.briefing_failures(fine) == []
    worse = {"500": quick | {"pdf": 8.5}, "1000": quick | {"pdf": 20.0, "docx": 2.5}}
    failures = report.briefing_failures(worse)
    assert failures == [
        "PDF of 500: 8.5 s",
        "PDF of 1,000 is 2.35× that of 500",
        "docx of 1000: 2.5 s",
    ]
    assert report.memory_failures(249.0) == []
    assert report.memory_failures(251.0) == ["worker peak RSS 251 MB >= 250 MB"]


def test_results_are_written_as_json(tmp_path):
    path = tmp_path / "results.json"
    report.write({"passed": True, "name": "北京"}, path)
    assert json.loads(path.read_text()) == {"passed": True, "name": "北京"}


def test_the_bare_route_runs_under_gunicorn_and_its_workers_memory_is_read(tmp_path):
    with servers.Gunicorn("bench.bare:app", {}, tmp_path / "bare.log", 1, 2) as bare:
        assert status_of(bare.url + "/", {}) == 200
        memory = bare.worker_memory()
    assert len(memory) == 1
    (worker,) = memory.values()
    assert 5 < worker["VmRSS"] <= worker["VmHWM"] < 250


def test_briefings_are_timed_in_rounds_and_the_medians_reported(app, make):
    """Each size is rendered once a round in every format; the table shows the medians."""
    from bench.briefings import time_briefings

    programme = make.programme()
    author = make.user()
    for number in range(3):
        make.recommendation(programme, author, title=f"Hotline {number}", status="adopted")
    with app.test_request_context():
        timings = time_briefings(programme.slug, sizes=(1, 3), rounds=2)

    assert timings["available"] == 3
    assert timings["rounds"] == 2
    assert [timings[size]["recommendations"] for size in ("1", "3")] == [1, 3]
    formats = {"pdf", "docx", "html", "md", "json"}
    for size in ("1", "3"):
        assert set(timings[size]) == formats | {"recommendations"}
        assert set(timings["cpu"][size]) == formats
        samples = timings["samples"][size]
        assert len(samples) == 2
        assert all(seconds > 0 for seconds in samples)
        assert timings[size]["pdf"] == pytest.approx(statistics.median(samples))
