"""CPU time per request, measured in this process with Flask's test client, one at a time.

Independent of whatever else the machine runs (the process's own CPU time is counted), so the
ratio of the bare route's cost to a path's estimates what the path's throughput would be on a
quiet machine, where both are CPU-bound.
"""

import os
import statistics
import time

REPEAT = 20


def cpu_ms(app, path: str, headers: dict, repeat: int = REPEAT) -> float:
    """The median CPU milliseconds of ``repeat`` GETs of ``path`` (after one to warm up)."""
    client = app.test_client(use_cookies=False)  # the Cookie header carries the sign-in
    samples = []
    for number in range(repeat + 1):
        started = time.thread_time()
        response = client.get(path, headers=headers, base_url="http://127.0.0.1")
        response.get_data()
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in process")
        if number:
            samples.append((time.thread_time() - started) * 1000)
    return statistics.median(samples)


def costs(env: dict, targets) -> dict[str, float]:
    """CPU ms per request for the bare route and each target, against the benchmark database."""
    from bench.bare import app as bare
    from dialogues import create_app
    from dialogues.gunicorn_config import post_worker_init

    saved = dict(os.environ)
    os.environ.update(env)
    try:
        app = create_app()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    post_worker_init(None)  # the collector as a gunicorn worker has it
    found = {"bare": cpu_ms(bare, "/", {})}
    for target in targets:
        found[target.name] = cpu_ms(app, target.path, target.headers)
    return found
