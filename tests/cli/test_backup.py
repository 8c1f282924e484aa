"""``dialogues backup`` and ``dialogues restore``: a round trip gives back every row."""

import os
import stat

import sqlalchemy as sa

from dialogues.extensions import db


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every model table, in a stable order."""
    db.session.rollback()
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        tables[table.name] = [tuple(row) for row in rows]
    db.session.rollback()
    return tables


def _seed(make) -> None:
    programme = make.programme(title="海上对话 — حوار")
    coordinator = make.user("Мария Кузнецова")
    make.member(programme, coordinator, "coordinator")
    make.registration(programme, programme.sides[0], status="accepted")
    make.recommendation(programme, coordinator, status="adopted")


def test_backup_and_restore_round_trip(runner, make, tmp_path):
    _seed(make)
    before = _snapshot()
    target = tmp_path / "dialogues.backup"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0

    make.programme(title="Made after the backup")
    assert _snapshot() != before
    db.session.close()
    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    assert _snapshot() == before


def test_restore_asks_first(runner, make, tmp_path):
    _seed(make)
    target = tmp_path / "dialogues.backup"
    runner.invoke(args=["backup", str(target)])
    make.programme(title="Kept")
    db.session.close()
    result = runner.invoke(args=["restore", str(target)], input="n\n")
    assert result.exit_code == 1
    assert "Kept" in [row[2] for row in _snapshot()["programme"]]


def test_restore_of_a_missing_file_is_refused(runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path / "nothing"), "--yes"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_backup_is_readable_by_its_owner_only(runner, make, tmp_path):
    """A backup holds every record: under the usual umask (022) it used to be world-readable."""
    _seed(make)
    target = tmp_path / "dialogues.backup"
    previous = os.umask(0o022)
    try:
        result = runner.invoke(args=["backup", str(target)])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
