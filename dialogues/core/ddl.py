"""Statements a migration or a test runs as written for each database (triggers, functions)."""


def run_for(execute, dialect: str, *, postgresql: list[str], sqlite: list[str]) -> None:
    """``execute`` (``op.execute`` or a connection's) each statement written for ``dialect``."""
    for statement in postgresql if dialect == "postgresql" else sqlite:
        execute(statement)
