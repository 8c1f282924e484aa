"""Real servers for tests: the app under gunicorn on loopback, and Redis.

The browser tests and the reliability tests start them the same way: a process group of its own
(so ``kill()`` takes the master and every worker at once), a free loopback port, and a wait
until ``/healthz`` answers.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

STARTUP_SECONDS = 60  # a loaded machine imports the app slowly


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name: str) -> str:
    """A program installed beside this Python (the virtualenv's ``dialogues``, ``gunicorn``)."""
    return str(Path(sys.executable).with_name(name))


def app_environment(instance: Path, database_url: str | None = None, **settings) -> dict:
    """The environment of the ``dialogues`` command and gunicorn for one instance folder."""
    env = {**os.environ, "DIALOGUES_INSTANCE": str(instance), "SECRET_KEY": "server-secret"}
    for name in ("DATABASE_URL", "REDIS_URL", "TEST_DATABASE_URL"):
        env.pop(name, None)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update({name: str(value) for name, value in settings.items()})
    return env


def dialogues(env: dict, *arguments: str, stdin: str | None = None) -> str:
    """Run the ``dialogues`` command; its output, or an error carrying its message."""
    result = subprocess.run(
        [executable("dialogues"), *arguments],
        env=env, input=stdin, text=True, capture_output=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"dialogues {' '.join(arguments)}: {result.stdout}{result.stderr}")
    return result.stdout


class AppServer:
    """gunicorn serving ``dialogues:create_app()`` with ``env``, on a port of its own."""

    def __init__(self, env: dict, workers: int = 2, threads: int = 4, port: int | None = None):
        self.env, self.workers, self.threads = env, workers, threads
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(env["DIALOGUES_INSTANCE"]) / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "AppServer":
        with self.log.open("ab") as log:  # a file, not a pipe: a full pipe would stall it
            self.process = subprocess.Popen(
                [executable("gunicorn"), "-c", "python:dialogues.gunicorn_config",
                 "--workers", str(self.workers), "--threads",
                 str(self.threads), "--bind", f"127.0.0.1:{self.port}", "--graceful-timeout",
                 "5", "dialogues:create_app()"],
                env=self.env, stdout=log, stderr=log,
                start_new_session=True,  # its own process group: kill() reaches every worker
            )  # fmt: skip
        wait_until_up(f"{self.url}/healthz", self.process, self.log)
        return self

    def stop(self) -> None:
        """Shut down gracefully (SIGTERM), as a deployment does."""
        self._end(signal.SIGTERM)

    def kill(self) -> None:
        """``kill -9`` of the master and every worker at once: a power cut, for the app."""
        self._end(signal.SIGKILL)

    def _end(self, signal_number: int) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal_number)
        self.process.wait(timeout=30)

    def errors(self) -> list[str]:
        """What the workers logged as errors (tracebacks), if anything."""
        text = self.log.read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or "Error" in line]


def wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not start: {url}")


class RedisServer:
    """``redis-server`` on a free loopback port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RedisServer":
        import redis

        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        client.close()
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process.stderr.close()
