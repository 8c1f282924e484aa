"""Processes the benchmark runs: gunicorn (app and bare route), PostgreSQL, and the demo loader."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS, THREADS = 2, 4
CONFIG = "python:dialogues.gunicorn_config"  # as in production (README), for the bare route too
PG_PORT = int(os.environ.get("PGTEST_PORT", "54340"))  # not the shared test server's 54329
PG_DIR = os.environ.get("PGTEST_DIR", "/tmp/dialogues-bench-pg")  # noqa: S108 -- throwaway


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """``app`` (a WSGI spec) under gunicorn on loopback; a context manager that stops it."""

    def __init__(self, app: str, env: dict, log: Path, workers=WORKERS, threads=THREADS):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "gunicorn", "-c", CONFIG, "--workers", str(workers)]
        command += ["--threads", str(threads), "--bind", f"127.0.0.1:{self.port}", app]
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
            command, cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=self.log
        )
        self.workers = workers

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log.name}")
            if self._answers() and len(self.worker_pids()) == self.workers:
                return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within a minute; see {self.log.name}")

    def __exit__(self, *_exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=2):  # noqa: S310
                return True
        except urllib.error.HTTPError:
            return True  # answered, if not with 200 (the bare app has no /healthz)
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """CPU time the workers have used so far (user + system), whatever else the machine runs."""
        return sum(cpu_seconds(pid) for pid in self.worker_pids())

    def worker_memory(self) -> dict[int, dict[str, float]]:
        """Each worker's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
        return {pid: memory(pid) for pid in self.worker_pids()}


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory(pid: int) -> dict[str, float]:
    status = Path(f"/proc/{pid}/status").read_text()
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.MULTILINE))
    return {key: int(value) / 1024 for key, value in found.items()}


def dialogues(env: dict, *args: str) -> str:
    """Run the ``dialogues`` command; its output."""
    done = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "dialogues"), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"dialogues {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def postgres(action: str) -> str:
    """``scripts/postgres.sh start|stop`` on the benchmark's own port and folder."""
    env = {**os.environ, "PGTEST_PORT": str(PG_PORT), "PGTEST_DIR": PG_DIR}
    done = subprocess.run(  # noqa: S603
        ["bash", str(ROOT / "scripts" / "postgres.sh"), action],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def postgres_answers() -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", PG_PORT)) == 0


def fresh_postgres_database(name: str = "dialogues_bench") -> str:
    """Drop and create ``name`` on the benchmark's server; its URL."""
    import psycopg

    admin = f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:{PG_PORT}/{name}"
