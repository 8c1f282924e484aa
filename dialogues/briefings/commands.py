"""``dialogues briefing PROGRAMME SIDE --format pdf -o FILE``: export from the command line.

Whoever runs the server's command line holds every right, so no release gate applies; the export
is recorded like any other, with no person as its actor.
"""

import os
import tempfile
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from dialogues.briefings import operations
from dialogues.briefings.document import SECTIONS
from dialogues.briefings.models import BriefingFormat
from dialogues.core.errors import DialoguesError, ValidationFailed
from dialogues.core.i18n import LANGUAGES
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side


def _find(model, value: str, **scope):
    """By slug, or by id when the value is a number."""
    query = sa.select(model).filter_by(slug=value, **scope)
    found = db.session.scalar(query)
    if found is None and value.isascii() and value.isdigit() and len(value) < 19:
        found = db.session.scalar(sa.select(model).filter_by(id=int(value), **scope))
    return found


@click.command("briefing")
@click.argument("programme_ref", metavar="PROGRAMME")
@click.argument("side_ref", metavar="SIDE")
@click.option(
    "--format",
    "file_format",
    type=click.Choice([f.value for f in BriefingFormat]),
    default="pdf",
    show_default=True,
    help="The file format.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option("--recipient", help="Named on every page (default: the side's government liaison).")
@click.option("--sections", default=",".join(SECTIONS), show_default=True, help="Comma-separated.")
@click.option(
    "--language",
    type=click.Choice(list(LANGUAGES)),
    default="en",
    show_default=True,
    help="Language of the headings and labels; the content stays as written.",
)
@with_appcontext
def briefing_command(
    programme_ref, side_ref, file_format, output, recipient, sections, language
) -> None:
    """Export SIDE's briefing of PROGRAMME (each by slug or id) to a file, and record it."""
    programme = _find(Programme, programme_ref)
    if programme is None:
        raise click.BadParameter(
            f"no programme with slug or id {programme_ref!r}.", param_hint="PROGRAMME"
        )
    side = _find(Side, side_ref, programme_id=programme.id)
    if side is None:
        names = ", ".join(f"{s.slug} ({s.id})" for s in programme.sides)
        raise click.BadParameter(
            f"no side {side_ref!r} in this programme; its sides: {names}.", param_hint="SIDE"
        )
    try:
        options = {
            "recipient": operations.clean_recipient(recipient),
            "sections": operations.parse_sections(sections.split(",")),
        }
        rendered, export = operations.export_briefing(
            programme, side, None, BriefingFormat(file_format), language=language, **options
        )
    except DialoguesError as error:
        raise click.ClickException(_describe(error)) from None
    target = output or Path(rendered.filename)
    _write(target, rendered.content)
    try:
        db.session.commit()
    except Exception:
        target.unlink(missing_ok=True)  # an export that was not recorded is not handed out
        raise
    click.echo(f"Wrote {target} ({len(rendered.content)} bytes, SHA-256 {export.sha256}).")


def _write(target: Path, content: bytes) -> None:
    """All or nothing: a temporary file beside the target, then renamed over it."""
    directory = target.resolve().parent
    if not directory.is_dir():
        raise click.BadParameter(f"no folder {directory}.", param_hint="--output")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".briefing-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _describe(error: DialoguesError) -> str:
    if isinstance(error, ValidationFailed):
        return "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.fields.items())
    return error.message
