"""``make bench``: Dialogues at real scale under gunicorn, measured against a bare Flask route.

For each database (SQLite, then PostgreSQL on a server of its own): a fresh database with the
large demo, the app under gunicorn (2 workers × 4 threads) on loopback, and wrk at 16 clients
on each path, interleaved with the bare route in several short rounds; medians are reported.
Then briefings of 500 and 1,000 recommendations are rendered in every format. Prints a table,
writes ``bench/results.json`` and exits 1 if a budget (``report.BUDGETS``) is missed.
"""

import argparse
import dataclasses
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import client, inprocess, load, report, servers
from bench.targets import targets_for

OUTPUT = Path(__file__).resolve().parent / "results.json"
STARTED: list[str] = []  # servers this run started, and so stops


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of runs (median taken)")
    parser.add_argument("--seconds", type=float, default=5, help="length of one wrk run")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the large demo")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    options = arguments(argv)
    wrk = load.ensure_wrk()
    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {
            "workers": servers.WORKERS,
            "threads": servers.THREADS,
            "clients": load.CLIENTS,
            "rounds": options.rounds,
            "seconds_per_run": options.seconds,
            "scale": options.scale,
        },
        "budgets": report.BUDGETS,
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="dialogues-bench-") as folder:
        folder = Path(folder)
        script = load.write_script(folder)
        with servers.Gunicorn("bench.bare:app", {}, folder / "bare.log") as bare:
            for name in options.databases.split(","):
                bench = Bench(name, folder, options, wrk, script, bare)
                results["databases"][name] = bench.run()
                print(report.table(name, results["databases"][name]), flush=True)
    if "postgresql" in STARTED:
        servers.postgres("stop")
    results["machine"]["load_average_after"] = os.getloadavg()
    results["failures"] = [
        f"{name}: {text}"
        for name, database in results["databases"].items()
        for text in report.failures_of(database)
    ]
    results["passed"] = not results["failures"]
    report.write(results, options.output)
    print("\nEvery budget met." if results["passed"] else "\nBudgets missed:")
    for failure in results["failures"]:
        print(f"  {failure}")
    print(f"Results written to {options.output}")
    return 0 if results["passed"] else 1


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_before": os.getloadavg(),
        "note": "shared machine: other work ran at the same time; numbers are noisy",
    }


class Bench:
    """One database's run: load the data, time briefings, start the app, measure every path."""

    def __init__(self, name, folder: Path, options, wrk: str, script: Path, bare):
        self.name, self.folder, self.options = name, folder, options
        self.wrk, self.script, self.bare = wrk, script, bare
        self.env = {
            "DATABASE_URL": self._database_url(),
            "DIALOGUES_INSTANCE": str(folder / f"instance-{name}"),
            "TWO_FACTOR_REQUIRED": "0",  # the benchmark signs in by password only
        }

    def _database_url(self) -> str:
        if self.name == "sqlite":
            return f"sqlite:///{self.folder / 'bench.sqlite3'}"
        if self.name != "postgresql":
            raise SystemExit(f"unknown database {self.name!r}: sqlite or postgresql")
        if not servers.postgres_answers():
            servers.postgres("start")
            STARTED.append("postgresql")
        return servers.fresh_postgres_database()

    def run(self) -> dict:
        started = time.perf_counter()
        servers.dialogues(self.env, "init")
        output = servers.dialogues(
            self.env, "demo", "--size", "large", "--scale", str(self.options.scale)
        )
        result = {
            "load_seconds": time.perf_counter() - started,
            "generator": re.search(r"Large demo generated in .*", output).group(0),
            "briefings": self._briefings(),
        }
        password = re.search(r"password: (\S+)", output).group(1)
        log = self.folder / f"app-{self.name}.log"
        with servers.Gunicorn("dialogues:create_app()", self.env, log) as app:
            result |= self._measure(app, password)
        return result

    def _briefings(self) -> dict:
        from bench.briefings import time_briefings
        from dialogues import create_app

        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            with create_app().test_request_context():  # templates read the locale
                timings = time_briefings("global-security-dialogue", rounds=self.options.rounds)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        timings["failures"] = report.briefing_failures(timings)
        return timings

    def _measure(self, app, password: str) -> dict:
        targets = targets_for(app.url, self.env["DATABASE_URL"], password)
        for target in targets:
            status = client.status_of(app.url + target.path, target.headers)
            if status != 200:
                raise RuntimeError(f"{target.name} ({target.path}) answered {status}, not 200")
            load.run(self.wrk, app.url, target, 1, self.script)  # warm-up, not counted
        runs = {target.name: [] for target in targets}
        bare_rps, peak = [], 0.0
        bare = load.Target("bare", "/", "bare")
        for _round in range(self.options.rounds):
            order = random.sample(targets, len(targets))
            half = len(order) // 2
            round_bare = []
            for batch in (order[:half], order[half:]):
                round_bare.append(self._run(self.bare, bare))
                for target in batch:
                    runs[target.name].append(self._run(app, target))
            runs.setdefault("bare", []).extend(round_bare)
            bare_rps.append(statistics.mean(run.rps for run in round_bare))
            memory = app.worker_memory()
            peak = max([peak, *(worker.get("VmHWM", 0.0) for worker in memory.values())])
        bare_summary = report.summarise(runs["bare"], [run.rps for run in runs["bare"]], "bare")
        paths = {
            target.name: {"path": target.path, "kind": target.kind}
            | report.summarise(runs[target.name], bare_rps, target.kind)
            for target in targets
        }
        serial = inprocess.costs(self.env, targets)
        bare_summary["cpu_ms_serial"] = serial["bare"]
        for name, path in paths.items():
            path["cpu_ms_serial"] = serial[name]
            path["cpu_ratio"] = serial["bare"] / serial[name]
        return {
            "bare": bare_summary,
            "paths": paths,
            "memory": {"peak_mb": peak, "failures": report.memory_failures(peak)},
        }

    def _run(self, server, target):
        before = server.cpu_seconds()
        run = load.run(self.wrk, server.url, target, self.options.seconds, self.script)
        cpu_ms = (server.cpu_seconds() - before) * 1000 / max(run.requests, 1)
        return dataclasses.replace(run, server_cpu_ms=cpu_ms)


if __name__ == "__main__":
    sys.exit(main())
