"""Exporting briefings, releasing them, and gating release: what the pages, the API and the CLI
all call.

Input is checked first (``ValidationFailed`` naming the field, ``Forbidden``), so a refused export
writes no file and records nothing. Each export is recorded with the SHA-256 of the exact bytes
handed out, and audited.
"""

import unicodedata
from contextlib import nullcontext

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.document import SECTIONS, Briefing
from dialogues.briefings.formats import RenderedFile, render
from dialogues.briefings.models import (
    BriefingExport,
    BriefingFormat,
    BriefingRelease,
    can_download_briefing,
)
from dialogues.core import audit
from dialogues.core.database import SAFE_METHODS, expect_writes
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.core.i18n import LANGUAGES
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side

MAX_RECIPIENT = 200


def parse_format(value) -> BriefingFormat:
    """``pdf`` when nothing is given; anything unknown → ``ValidationFailed`` on ``format``."""
    if value is None or value == "":
        return BriefingFormat.PDF
    try:
        return BriefingFormat(value)
    except ValueError:
        choices = ", ".join(f.value for f in BriefingFormat)
        message = _("Unknown format: choose one of %(choices)s.", choices=choices)
        raise ValidationFailed({"format": [message]}) from None


def parse_language(value, default: str = "en") -> str:
    """The language of an export's headings and labels: ``default`` when nothing is given,
    anything but ``en``, ``zh``, ``ru`` or ``ar`` → ``ValidationFailed`` on ``language``."""
    if value is None or value == "":
        return default
    if value not in LANGUAGES:
        choices = ", ".join(LANGUAGES)
        message = _("Unknown language: choose one of %(choices)s.", choices=choices)
        raise ValidationFailed({"language": [message]})
    return value


def parse_sections(values) -> tuple[str, ...]:
    """The chosen sections in document order; none or an unknown one → ``ValidationFailed``."""
    chosen = [value.strip() for value in values or () if value and value.strip()]
    unknown = [value for value in chosen if value not in SECTIONS]
    if unknown or not chosen:
        names = ", ".join(SECTIONS)
        if unknown:
            problem = _(
                "Unknown section: %(section)s. Sections: %(names)s.",
                section=unknown[0],
                names=names,
            )
        else:
            problem = _("Choose at least one section. Sections: %(names)s.", names=names)
        raise ValidationFailed({"sections": [problem]})
    return tuple(section for section in SECTIONS if section in chosen)


def clean_recipient(value) -> str | None:
    """The distribution mark's recipient: one line of at most 200 characters, or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationFailed({"recipient": [_("Must be text.")]})
    text = " ".join(value.split())
    if any(unicodedata.category(character) == "Cc" for character in text):
        raise ValidationFailed({"recipient": [_("Remove the control characters.")]})
    if len(text) > MAX_RECIPIENT:
        message = _("Use at most %(count)d characters.", count=MAX_RECIPIENT)
        raise ValidationFailed({"recipient": [message]})
    return text or None


def briefing_for(
    programme: Programme, side: Side, user, *, language: str | None = None, **options
) -> Briefing:
    """The briefing ``user`` may read: ``Forbidden`` with the reason otherwise (``user`` None:
    the command line, run by whoever runs the server). Its words (the default recipient) are in
    ``language``, else the request's; refusals are always in the request's language."""
    options = _allowed_options(programme, side, user, options)
    with force_locale(language) if language else nullcontext():
        briefing = build_briefing(programme, side, **options)
    if user is not None and not can_download_briefing(side, user, briefing.content_digest()):
        raise Forbidden(
            _(
                "This briefing has not been released to liaisons yet, or it changed since a "
                "coordinator approved it. Ask a coordinator of the programme to approve it."
            )
        )
    return briefing


def _allowed_options(programme: Programme, side: Side, user, options: dict) -> dict:
    if user is not None and not side.can_read_briefing(user):
        raise Forbidden(_("Only the programme's coordinators and this side's liaisons read it."))
    if user is not None and not programme.can_manage(user):
        return {}  # liaisons get the whole briefing, addressed to their side's government
    return options


def export_briefing(
    programme: Programme,
    side: Side,
    user,
    file_format: BriefingFormat,
    *,
    language: str = "en",
    **options,
) -> tuple[RenderedFile, BriefingExport]:
    """Build, render and record one export, its headings and labels in ``language`` (the content
    stays as written); nothing is recorded if anything is refused."""
    language = parse_language(language)
    briefing = briefing_for(programme, side, user, language=language, **options)
    with force_locale(language):
        rendered = render(briefing, file_format)
    export = record_export(briefing, user, file_format, rendered, language)
    return rendered, export


def record_export(
    briefing: Briefing,
    user,
    file_format: BriefingFormat,
    rendered: RenderedFile,
    language: str = "en",
) -> BriefingExport:
    _take_write_lock()
    export = BriefingExport(
        programme_id=briefing.programme.id,
        side_id=briefing.side.id,
        actor_id=user.id if user is not None else None,
        format=file_format,
        recipient=briefing.recipient[:MAX_RECIPIENT],
        language=language,
        sha256=rendered.sha256,
    )
    db.session.add(export)
    db.session.flush()
    audit.record(
        "briefing.exported",
        export,
        actor=user,
        side_id=briefing.side.id,
        format=file_format.value,
        language=language,
        sha256=rendered.sha256,
    )
    return export


def _take_write_lock() -> None:
    """A GET (the API download) reads under a deferred BEGIN; writing the record needs the lock
    up front, so start again in a writing transaction (nothing had been written yet)."""
    if has_request_context() and request.method in SAFE_METHODS:
        db.session.rollback()
        expect_writes()


# -- the release gate -----------------------------------------------------------------------------


def approve_release(side: Side, user) -> BriefingRelease:
    """Release the side's briefing as it reads now; replaces any earlier approval."""
    _require_coordinator(side.programme, user)
    briefing = build_briefing(side.programme, side)
    db.session.execute(sa.delete(BriefingRelease).where(BriefingRelease.side_id == side.id))
    release = BriefingRelease(
        side_id=side.id, approved_by_id=user.id, content_sha256=briefing.content_digest()
    )
    db.session.add(release)
    db.session.flush()
    audit.record(
        "briefing.released",
        release,
        programme_id=side.programme_id,
        side_id=side.id,
        content_sha256=release.content_sha256,
    )
    return release


def withdraw_release(side: Side, user) -> None:
    _require_coordinator(side.programme, user)
    deleted = db.session.execute(
        sa.delete(BriefingRelease).where(BriefingRelease.side_id == side.id)
    ).rowcount
    if not deleted:
        raise Conflict(_("This briefing is not released."))
    audit.record("briefing.release_withdrawn", side.programme, side_id=side.id)


def set_release_gate(programme: Programme, user, required: bool) -> None:
    _require_coordinator(programme, user)
    if programme.requires_briefing_release == required:
        return
    programme.requires_briefing_release = required
    db.session.flush()
    audit.record("programme.briefing_release_gate", programme, required=required)


def _require_coordinator(programme: Programme, user) -> None:
    if not programme.can_manage(user):
        raise Forbidden(_("Only the programme's coordinators release briefings."))
