"""The load generator: wrk (Debian's package), installed with apt when it is missing."""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CLIENTS = 16
# wrk prints nothing machine-readable by itself; this hook prints one JSON line at the end.
REPORT_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "http_errors": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class Target:
    """One URL to load: ``kind`` is "api", "html" or "bare"; headers carry the sign-in."""

    name: str
    path: str
    kind: str
    headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cpu_ms: float = 0.0  # the server's CPU time per request (contention-independent)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def ensure_wrk() -> str:
    """The path of wrk; installs Debian's package as root when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if not Path("/usr/bin/apt-get").exists():
        raise RuntimeError("wrk is missing: install it (Debian: apt-get install wrk)")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return shutil.which("wrk") or "wrk"


def parse(output: str) -> Run:
    """The numbers of one wrk run, from the line our ``done`` hook printed."""
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    found = json.loads(line.removeprefix("RESULT "))
    return Run(
        requests=found["requests"],
        seconds=found["duration_us"] / 1e6,
        errors=found["socket_errors"] + found["http_errors"],
        p50_ms=found["p50_us"] / 1000,
        p95_ms=found["p95_us"] / 1000,
        p99_ms=found["p99_us"] / 1000,
    )


def run(wrk: str, base_url: str, target: Target, seconds: float, script: Path) -> Run:
    """Load ``target`` with 16 connections over 2 threads for ``seconds``."""
    duration = f"{max(1, round(seconds))}s"  # wrk takes whole seconds
    command = [wrk, "-t", "2", "-c", str(CLIENTS), "-d", duration, "--timeout", "10s"]
    command += ["-s", str(script)]
    for name, value in target.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(base_url + target.path)
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse(done.stdout)


def write_script(folder: Path) -> Path:
    path = folder / "report.lua"
    path.write_text(REPORT_SCRIPT)
    return path
