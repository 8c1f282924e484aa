"""The main list queries read through indexes: no full scan of a large table.

Every SELECT that the pages and API lists of ``test_query_budget`` run for a programme of the
large demo's shape is explained by the database under test. SQLite's plan must not ``SCAN`` a
large table (a ``SEARCH`` uses an index); PostgreSQL, with sequential scans and hash and
merge joins priced out (as if the tables were large), must not fall back to a ``Seq Scan`` of
one, which it only does when no index can serve the query. (Whether PostgreSQL walks a whole
index for an order depends on its statistics of the test's tiny tables, so SQLite's check,
which plans without statistics, is the one that catches that.)
"""

import json
import re

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.demo import load_demo
from dialogues.extensions import db
from tests.performance.test_query_budget import API_LISTS, COORDINATOR, PAGES, _generate

LARGE_TABLES = ("registration", "recommendation", "endorsement", "dialogue_session", "user")
# PostgreSQL plans a small test database as small: with these priced out, it plans as for a
# large one (index lookups in nested loops), and reads a whole table only where no index serves.
AS_IF_LARGE = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")
# A table, or SQLAlchemy's alias of it (``registration_1``): SQLite's plan names the alias.
FULL_SCAN = re.compile(rf"SCAN ({'|'.join(LARGE_TABLES)})(_\d+)?\b")


def _selects_of(app, client, urls) -> list[tuple]:
    """The SELECTs (as sent to the driver, with their parameters) of a warmed-up GET of each."""
    with app.app_context():
        engine = db.engine
    seen = []

    def note(_connection, _cursor, statement, parameters, *_rest):
        seen.append((statement, parameters))

    for url, headers in urls:
        client.get(url, headers=headers)
        sa.event.listen(engine, "before_cursor_execute", note)
        try:
            assert client.get(url, headers=headers).status_code == 200, url
        finally:
            sa.event.remove(engine, "before_cursor_execute", note)
    return [(s, p) for s, p in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def _sqlite_full_scans(connection, statement, parameters) -> list[str]:
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [detail for *_ids, detail in rows if FULL_SCAN.match(detail)]


def _postgres_full_scans(connection, statement, parameters) -> list[str]:
    for method in AS_IF_LARGE:
        connection.exec_driver_sql(f"SET LOCAL {method} = off")
    plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).scalar()
    plan = plan if isinstance(plan, list) else json.loads(plan)
    nodes, found = [plan[0]["Plan"]], []
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("Plans", []))
        if node.get("Relation Name") in LARGE_TABLES and node["Node Type"] == "Seq Scan":
            found.append(f"{node['Node Type']} on {node['Relation Name']}")
    return found


def _forget_sqlite_statistics() -> None:
    """Without statistics SQLite plans every table as large; an earlier test's ``ANALYZE`` of
    a tiny database (the large demo's command) would have it scan the tiny tables instead."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("DROP TABLE IF EXISTS sqlite_stat1"))
        db.session.commit()
        db.engine.dispose()  # open connections keep the statistics they loaded


def test_list_queries_read_through_indexes(app, app_context, client, login, bearer):
    sign_ins, _created = load_demo()
    db.session.commit()
    coordinator = db.session.scalar(sa.select(User).filter_by(email=COORDINATOR))
    login(coordinator, sign_ins["password"])
    headers = bearer(coordinator, sign_ins["password"])
    ids = _generate("large", 0.02)
    urls = [(url.format(**ids), None) for url in PAGES]
    urls += [(url.format(**ids), headers) for url in API_LISTS]
    _forget_sqlite_statistics()
    statements = _selects_of(app, client, urls)
    assert len(statements) > len(urls)  # every page reads several things
    full_scans = _sqlite_full_scans if db.engine.dialect.name == "sqlite" else _postgres_full_scans
    found = []
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            found += [(scan, statement) for scan in full_scans(connection, statement, parameters)]
            connection.rollback()
    assert not found, found


def test_a_query_no_index_serves_is_found(app_context):
    unindexed = "SELECT id FROM registration WHERE affiliation = 'x'"
    unindexed_aliased = (
        "SELECT recommendation_1.id FROM recommendation AS recommendation_1"
        " WHERE recommendation_1.title = 'x'"
    )
    full_scans = _sqlite_full_scans if db.engine.dialect.name == "sqlite" else _postgres_full_scans
    with db.engine.connect() as connection:
        assert full_scans(connection, unindexed, ()) != []
        connection.rollback()
        assert full_scans(connection, unindexed_aliased, ()) != []
