"""Every gunicorn worker gets its share of kept-alive connections (the settings' ``reuse_port``)."""

import http.client
from pathlib import Path

from tests.reliability.conftest import environment

CONNECTIONS = 16
ESTABLISHED = "01"  # the state column of /proc/net/tcp


def test_kept_alive_connections_are_spread_over_every_worker(servers, instance, fresh_database):
    server = servers(environment(instance, fresh_database("workers")), workers=2, threads=4)
    connections = [http.client.HTTPConnection("127.0.0.1", server.port) for _ in range(CONNECTIONS)]
    try:
        for connection in connections:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
        held = {pid: len(_sockets(pid) & _established(server.port)) for pid in _workers(server)}
    finally:
        for connection in connections:
            connection.close()
    assert len(held) == 2
    assert sum(held.values()) == CONNECTIONS
    # One shared socket often gave one worker all 16; the kernel's spread leaves each a share
    # (every connection in one worker has odds of 2 in 65,536).
    assert all(count > 0 for count in held.values()), held


def _workers(server) -> list[int]:
    pid = server.process.pid
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _sockets(pid: int) -> set[str]:
    """The inodes of the sockets process ``pid`` holds open."""
    found = set()
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        target = descriptor.readlink().name if descriptor.is_symlink() else ""
        if target.startswith("socket:["):
            found.add(target.removeprefix("socket:[").removesuffix("]"))
    return found


def _established(port: int) -> set[str]:
    """The inodes of established TCP connections whose local end is ``port`` (the server's)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].rsplit(":", 1)[1], 16)
        if local_port == port and fields[3] == ESTABLISHED:
            found.add(fields[9])
    return found
