"""The ``dialogues`` command: Flask's CLI with the app factory, plus our own commands."""

import sys
from pathlib import Path

import click
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade

from dialogues import create_app
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db


@click.group(cls=FlaskGroup, create_app=create_app)
def main() -> None:
    """Dialogues: Track II programmes, sessions, recommendations and briefings."""


def init_app(app) -> None:
    """Commands live on the app, so ``dialogues`` and ``flask --app dialogues`` both see them."""
    from dialogues.briefings.commands import briefing_command

    commands = (init_command, users_group, demo_command, backup_command, restore_command)
    commands += (purge_programme_command,)
    for command in (*commands, briefing_command):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database, or upgrade it to the latest schema. Safe to run again."""
    upgrade()
    click.echo("The database is up to date.")


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name as shown in the app.")
@click.option("--admin", is_flag=True, help="Make the account an administrator.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(email: str, name: str, admin: bool, password_stdin: bool) -> None:
    """Create an account for EMAIL."""
    from dialogues.auth.operations import create_user

    if password_stdin:
        try:
            password = sys.stdin.readline().rstrip("\r\n")
        except UnicodeDecodeError:
            raise click.ClickException("password: standard input is not UTF-8 text.") from None
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, password, is_admin=admin)
    except ValidationFailed as error:
        raise click.ClickException(_describe(error)) from None
    db.session.commit()
    role = "administrator" if admin else "user"
    click.echo(f"Created {role} {user.email} (id {user.id}).")


@users_group.command("reset-two-factor")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def reset_two_factor_command(email: str, yes: bool) -> None:
    """Turn two-factor off for EMAIL, who lost their phone and recovery codes; signs them out.

    Check who is asking first: this hands the account to whoever holds its password."""
    from dialogues.auth import two_factor
    from dialogues.auth.operations import find_user

    user = find_user(email)
    if user is None or user.is_disabled:
        raise click.ClickException(f"email: no active account for {email}.")
    if user.two_factor_enabled_at is None and user.totp_secret is None:
        raise click.ClickException(f"{user.email} has no two-factor sign-in to reset.")
    if not yes:
        click.confirm(f"Turn two-factor sign-in off for {user.email}?", abort=True)
    two_factor.reset_lost(user)
    db.session.commit()
    click.echo(f"Two-factor sign-in is off for {user.email}; they are signed out everywhere.")


@click.command("demo")
@click.option(
    "--size",
    type=click.Choice(["small", "large"]),
    default="small",
    show_default=True,
    help="small: two programmes to look around; large: data at real scale, for the benchmark.",
)
@click.option("--scale", type=click.FloatRange(0.001, 10), default=1.0, hidden=True)
@with_appcontext
def demo_command(size: str, scale: float) -> None:
    """Fill the database with demo programmes, and print the demo sign-ins."""
    from dialogues.demo import load_demo

    sign_ins, created = load_demo()
    click.echo("Demo data loaded." if created else "Demo data is already present.")
    if size == "large":
        _large_demo(scale)
    db.session.commit()
    if size == "large":
        _refresh_statistics()
    click.echo("Sign in at /login with any of these (same password for all):")
    for role, email in sign_ins["accounts"]:
        click.echo(f"  {role:<34} {email}")
    click.echo(f"  password: {sign_ins['password']}")


def _large_demo(scale: float) -> None:
    from time import perf_counter

    from dialogues.demo_large import load_large_demo

    started = perf_counter()
    counts = load_large_demo(scale)
    if counts is None:
        click.echo("The large demo is already present.")
        return
    db.session.flush()
    summary = ", ".join(f"{value:,} {name}" for name, value in counts.items())
    click.echo(f"Large demo generated in {perf_counter() - started:.1f} s: {summary}.")


def _refresh_statistics() -> None:
    """``ANALYZE`` after the bulk load: the planner's statistics describe the data just added.

    On PostgreSQL a ``VACUUM`` as well, which marks the new pages all-visible, so index-only
    scans need not read the tables. Autovacuum would do both later, in the middle of whatever
    runs next (the benchmark starts at once). ``VACUUM`` cannot run inside a transaction.
    """
    if db.engine.dialect.name != "postgresql":
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(file: Path) -> None:
    """Write a consistent copy of the database to FILE, while the app keeps running."""
    from dialogues.core.backup import BackupError, backup

    try:
        backup(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {file} ({file.stat().st_size} bytes).")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(file: Path, yes: bool) -> None:
    """Replace the whole database with the backup in FILE. Stop the app servers first."""
    from dialogues.core.backup import BackupError, restore

    if not yes:
        click.confirm(
            "This replaces every record in the database with the backup's. Go on?", abort=True
        )
    try:
        restore(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Database restored from {file}.")


def _describe(error: ValidationFailed) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.fields.items())


@click.command("purge-programme")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def purge_programme_command(slug: str, yes: bool) -> None:
    """Purge the personal data of the concluded or archived programme SLUG (see the README)."""
    from dialogues.core.errors import Conflict
    from dialogues.programmes.models import Programme
    from dialogues.programmes.retention import purge_personal_data

    programme = db.session.scalar(db.select(Programme).filter_by(slug=slug))
    if programme is None:
        raise click.BadParameter(f"there is no programme {slug!r}.", param_hint="SLUG")
    if not yes:
        click.confirm(f"Purge the personal data of {programme.title!r} for good?", abort=True)
    try:
        summary = purge_personal_data(programme, None)
    except Conflict as conflict:
        raise click.ClickException(conflict.message) from None
    db.session.commit()
    click.echo(
        f"Purged {programme.slug}: {summary.registrations} registrations made anonymous, "
        f"{summary.accounts_erased} accounts erased, {summary.accounts_detached} detached, "
        f"{summary.attendance} attendance records deleted."
    )
