"""Budgets, the arithmetic over rounds, the printed table and ``results.json``."""

import json
import statistics
from pathlib import Path

BUDGETS = {
    "api_ratio_min": 0.10,  # of the bare route's requests per second
    "html_ratio_min": 0.05,
    "p95_ms_max": 250.0,
    "errors_max": 0,
    "pdf_500_seconds_max": 8.0,
    "pdf_1000_over_500_max": 2.2,
    "other_formats_seconds_max": 2.0,
    "worker_rss_mb_max": 250.0,
}


def summarise(runs: list, bare_rps: list[float], kind: str) -> dict:
    """Medians over the rounds; the ratio is the median of each round's ratio to its bare run."""
    ratios = [run.rps / bare for run, bare in zip(runs, bare_rps, strict=True) if bare]
    summary = {
        "rps": statistics.median(run.rps for run in runs),
        "p50_ms": statistics.median(run.p50_ms for run in runs),
        "p95_ms": statistics.median(run.p95_ms for run in runs),
        "p99_ms": statistics.median(run.p99_ms for run in runs),
        "requests": sum(run.requests for run in runs),
        "errors": sum(run.errors for run in runs),
        "cpu_ms_per_request": statistics.median(run.server_cpu_ms for run in runs),
        "ratio": statistics.median(ratios) if ratios else 0.0,
        "rounds": [vars(run) | {"rps": run.rps} for run in runs],
    }
    if kind != "bare":
        summary["failures"] = path_failures(summary, kind)
    return summary


def path_failures(summary: dict, kind: str) -> list[str]:
    floor = BUDGETS["api_ratio_min" if kind == "api" else "html_ratio_min"]
    failures = []
    if summary["ratio"] < floor:
        failures.append(f"throughput {summary['ratio']:.1%} of bare < {floor:.0%}")
    if summary["errors"] > BUDGETS["errors_max"]:
        failures.append(f"{summary['errors']} errors")
    if summary["p95_ms"] >= BUDGETS["p95_ms_max"]:
        failures.append(f"p95 {summary['p95_ms']:.0f} ms >= {BUDGETS['p95_ms_max']:.0f} ms")
    return failures


def briefing_failures(timings: dict) -> list[str]:
    failures = []
    pdf_500, pdf_1000 = timings["500"]["pdf"], timings["1000"]["pdf"]
    if pdf_500 >= BUDGETS["pdf_500_seconds_max"]:
        failures.append(f"PDF of 500: {pdf_500:.1f} s")
    if pdf_1000 > BUDGETS["pdf_1000_over_500_max"] * pdf_500:
        failures.append(f"PDF of 1,000 is {pdf_1000 / pdf_500:.2f}× that of 500")
    for size in ("500", "1000"):
        for name, seconds in timings[size].items():
            if name not in {"pdf", "recommendations"} and seconds >= 2.0:
                failures.append(f"{name} of {size}: {seconds:.1f} s")
    return failures


def memory_failures(peak_mb: float) -> list[str]:
    limit = BUDGETS["worker_rss_mb_max"]
    return [f"worker peak RSS {peak_mb:.0f} MB >= {limit:.0f} MB"] if peak_mb >= limit else []


def failures_of(database: dict) -> list[str]:
    found = [
        f"{name}: {text}" for name, path in database["paths"].items() for text in path["failures"]
    ]
    found += [f"briefing: {text}" for text in database["briefings"]["failures"]]
    found += database["memory"]["failures"]
    return found


def table(name: str, database: dict) -> str:
    """The printed summary of one database's run."""
    bare = database["bare"]
    lines = [
        f"\n{name}: bare Flask route {bare['rps']:.0f} req/s "
        f"(p95 {bare['p95_ms']:.1f} ms); demo loaded in {database['load_seconds']:.1f} s",
        f"{'path':<22}{'req/s':>8}{'ratio':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>8}  ok",
    ]
    for path_name, path in database["paths"].items():
        lines.append(
            f"{path_name:<22}{path['rps']:>8.1f}{path['ratio']:>8.1%}{path['p50_ms']:>8.1f}"
            f"{path['p95_ms']:>8.1f}{path['p99_ms']:>8.1f}{path['errors']:>8}  "
            + ("yes" if not path["failures"] else "NO: " + "; ".join(path["failures"]))
        )
    timings = database["briefings"]
    for size in ("500", "1000"):
        formats = ", ".join(
            f"{fmt} {seconds:.2f} s"
            for fmt, seconds in timings[size].items()
            if fmt != "recommendations"
        )
        lines.append(f"briefing of {timings[size]['recommendations']:>5}: {formats}")
        cpu = ", ".join(f"{fmt} {seconds:.2f} s" for fmt, seconds in timings["cpu"][size].items())
        lines.append(f"    CPU seconds: {cpu}")
    lines.append(
        "CPU ms per request: under load (gunicorn workers' CPU ÷ requests), serial in process,"
        " and the bare route's serial cost over the path's (a quiet machine's ratio):"
    )
    lines.append(f"  {'bare':<22}{bare['cpu_ms_per_request']:>8.2f}{bare['cpu_ms_serial']:>8.2f}")
    for path_name, path in database["paths"].items():
        lines.append(
            f"  {path_name:<22}{path['cpu_ms_per_request']:>8.2f}{path['cpu_ms_serial']:>8.2f}"
            f"{path['cpu_ratio']:>8.1%}"
        )
    lines.append(f"worker peak RSS: {database['memory']['peak_mb']:.0f} MB")
    return "\n".join(lines)


def write(results: dict, path: Path) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
