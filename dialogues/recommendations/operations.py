"""Filing, editing and moving recommendations through the workflow.

The pages, the API and the CLI all call these; each checks first (raising before anything
changes), then changes, flushes and records the audit event. The request commits once.
"""

from datetime import UTC, datetime

from flask_babel import gettext as _

from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations import endorsements, labels
from dialogues.recommendations.models import (
    TRANSITIONS,
    Alternative,
    Position,
    Recommendation,
    RecommendationStatus,
    RecommendationTopic,
    RecommendationTransition,
)
from dialogues.recommendations.validation import clean_input
from dialogues.recommendations.versions import (
    ChangedSinceOpened,
    changed_fields,
    changed_since,
    keep_version,
    snapshot,
    text_changed,
)

MAX_COMMENT = 5_000


def create_recommendation(programme: Programme, author, data: dict) -> Recommendation:
    """File a draft (version 1) from plain data: the API's JSON or a form's equivalent."""
    values = clean_input(programme, data, partial=False)
    recommendation = Recommendation(
        programme=programme, author=author, status=RecommendationStatus.DRAFT, version=1
    )
    _apply(recommendation, values)
    db.session.add(recommendation)
    db.session.flush()
    keep_version(recommendation, author)
    audit.record("recommendation.created", recommendation, version=1)
    return recommendation


def update_recommendation(
    recommendation: Recommendation, editor, data: dict, opened_version: int | None = None
) -> list[str]:
    """Apply an edit; a real change makes a new version. Returns the fields that changed.

    A change to the wording (title, summary, body, positions, alternatives) clears the
    endorsements, which were given to the old wording, and tells each endorser. An edit made
    on a page opened at an older version (``opened_version``) is refused: saved, it would
    silently undo the changes made since.
    """
    ensure_editable(recommendation, editor)
    if changed_since(recommendation, opened_version):
        raise ChangedSinceOpened(
            _(
                "The text changed since you opened this page: it is now version %(version)d. "
                "Nothing was saved. Open the current version and make your changes again.",
                version=recommendation.version,
            )
        )
    values = clean_input(recommendation.programme, data, partial=True)
    before = snapshot(recommendation)
    _apply(recommendation, values)
    after = snapshot(recommendation)
    changed = changed_fields(before, after)
    if not changed:
        return []
    recommendation.version += 1
    db.session.flush()
    keep_version(recommendation, editor)
    if text_changed(before, after):
        endorsements.clear(recommendation)
    audit.record(
        "recommendation.updated", recommendation, version=recommendation.version, fields=changed
    )
    return changed


def ensure_editable(recommendation: Recommendation, editor) -> None:
    """``Forbidden``, saying why, unless ``editor`` may edit the recommendation now."""
    if not recommendation.can_edit(editor):
        raise Forbidden(_edit_refusal(recommendation))


def transition(recommendation: Recommendation, actor, to, comment: str | None = "") -> None:
    """Move to status ``to``: 409 when the workflow has no such move, 403 when not yours."""
    target = _status(to)
    comment = _comment(comment)
    current = recommendation.status
    if (current, target) not in TRANSITIONS:
        raise Conflict(
            _(
                "A recommendation that is %(current)s cannot become %(target)s.",
                current=labels.status_word(current),
                target=labels.status_word(target),
            )
        )
    if not recommendation.can_transition(actor, target):
        raise Forbidden(_refusal(TRANSITIONS[(current, target)], target))
    recommendation.status = target
    if target == RecommendationStatus.PUBLISHED:
        recommendation.published_at = datetime.now(UTC)
    db.session.add(
        RecommendationTransition(
            recommendation_id=recommendation.id,
            from_status=current,
            to_status=target,
            comment=comment,
            actor_id=actor.id,
        )
    )
    db.session.flush()
    audit.record("recommendation.transition", recommendation, from_status=current, to_status=target)


def _edit_refusal(recommendation: Recommendation) -> str:
    if recommendation.status == RecommendationStatus.WITHDRAWN:
        return _("A withdrawn recommendation can no longer be edited.")
    return _(
        "Its author edits a recommendation while it is a draft or returned; "
        "coordinators at any time."
    )


def _status(value) -> RecommendationStatus:
    if value not in {status.value for status in RecommendationStatus}:
        names = ", ".join(status.value for status in RecommendationStatus)
        raise ValidationFailed({"to": [_("Must be one of: %(names)s.", names=names)]})
    return RecommendationStatus(value)


def _comment(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or "\x00" in value:
        raise ValidationFailed({"comment": [_("Must be text, without NUL characters.")]})
    if len(value.strip()) > MAX_COMMENT:
        message = _("Must be at most %(count)d characters.", count=MAX_COMMENT)
        raise ValidationFailed({"comment": [message]})
    return value.strip()


def _refusal(who: str, target: RecommendationStatus) -> str:
    status = labels.status_word(target)
    if who == "author":
        return _(
            "Only its author or a coordinator can make this recommendation %(status)s.",
            status=status,
        )
    return _("Only a coordinator can make a recommendation %(status)s.", status=status)


# -- applying checked values ------------------------------------------------------------------


def _apply(recommendation: Recommendation, values: dict) -> None:
    for field in ("title", "summary", "body", "agreement", "addressed_to"):
        if field in values:
            setattr(recommendation, field, values[field])
    if "session_ids" in values:
        recommendation.sessions = values["session_ids"]
    if "topics" in values:
        _set_topics(recommendation, values["topics"])
    if "positions" in values:
        _set_positions(recommendation, values["positions"])
    if "alternatives" in values:
        _set_alternatives(recommendation, values["alternatives"])


def _set_topics(recommendation: Recommendation, topics: list[str]) -> None:
    kept = {t.topic: t for t in recommendation.topics if t.topic in topics}
    recommendation.topics = [
        kept.get(topic) or RecommendationTopic(topic=topic) for topic in topics
    ]


def _set_positions(recommendation: Recommendation, positions: dict[int, str]) -> None:
    """Update rows in place: replacing them would insert before deleting (unique per side)."""
    existing = {p.side_id: p for p in recommendation.positions}
    for side_id, text in positions.items():
        if side_id in existing:
            existing[side_id].text = text
        else:
            recommendation.positions.append(Position(side_id=side_id, text=text))
    for side_id, position in existing.items():
        if side_id not in positions:
            recommendation.positions.remove(position)


def _set_alternatives(recommendation: Recommendation, wordings: dict) -> None:
    existing = {(a.passage, a.side_id): a for a in recommendation.alternatives}
    for (passage, side_id), text in wordings.items():
        if (passage, side_id) in existing:
            existing[(passage, side_id)].text = text
        else:
            recommendation.alternatives.append(
                Alternative(passage=passage, side_id=side_id, text=text)
            )
    for key, alternative in existing.items():
        if key not in wordings:
            recommendation.alternatives.remove(alternative)
