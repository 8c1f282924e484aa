"""No GET changes state: every GET route × every role leaves the database as it was.

Generated from the access matrix (which fails when a route has no entry), so a new GET route is
covered the day it is added. The fingerprint is every table's rows, less what reading
legitimately records (listed and justified in ``tests/security/snapshot.py``).
"""

import pytest

from tests.conftest import post_form
from tests.security.conftest import ROLES
from tests.security.snapshot import differences, snapshot
from tests.security.test_access_matrix import MATRIX, _headers, _url


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_the_database(app, world, client_for, role):
    client = client_for(None if role == "anonymous" else world.people[role])
    changed = []
    for key, (statuses, _writers) in MATRIX.items():
        if statuses is None:
            continue
        url = _url(app, world, key)
        before = snapshot(reads_allowed=True)
        response = client.get(url, headers=_headers(world, role, url))
        assert response.status_code < 500, (key, response.status_code)
        changed.extend((key, table) for table in differences(before, snapshot(reads_allowed=True)))
    assert changed == []


def test_the_fingerprint_sees_a_change(app, world, client_for):
    """The check is not blind: a write through a page shows up in the fingerprint."""
    client = client_for(world.people["coordinator"])
    before = snapshot(reads_allowed=True)
    post_form(client, "/account/data/export", {}, page="/account/data")
    assert "audit_event" in differences(before, snapshot(reads_allowed=True))
