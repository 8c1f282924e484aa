"""Gunicorn settings for serving Dialogues, used with ``-c python:dialogues.gunicorn_config``.

The garbage collector: a page makes thousands of short-lived objects (rows, ORM objects, template
values). With CPython's defaults the collector runs every 700 new objects and scans the
survivors again and again — about an eighth of a list page's CPU time on the large demo. Once a
worker has loaded the app, what it holds (modules, the app, its compiled templates) is frozen out
of the collector's sight, and the youngest generation is collected every 7,000 objects: the share
fell to about 3%. Measured with ``gc.callbacks`` around 60 requests per page, in process.

Connections: each worker listens on a socket of its own (``SO_REUSEPORT``), so the kernel spreads
new connections over the workers. With one shared socket, whichever worker woke first took every
connection of a burst: a load balancer's (or wrk's) 16 kept-alive connections often all landed in
one worker, which was bound to one core by the interpreter lock while the other idled, and
throughput fell to about a third. The price: when a worker dies, the connections still waiting in
its socket's queue are reset, and a second gunicorn started by the same user on the same port
shares it instead of failing to start.
"""

import gc

GC_THRESHOLDS = (7000, 20, 20)
reuse_port = True


def post_worker_init(_worker) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
