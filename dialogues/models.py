"""Every model, imported once so the metadata (and Alembic) knows every table."""

from dialogues.api.models import ApiToken
from dialogues.auth.models import AuthSession, RecoveryCode, User
from dialogues.briefings.models import BriefingExport, BriefingRelease
from dialogues.core.audit import AuditEvent
from dialogues.core.throttle import FailureRecord
from dialogues.programmes.models import Membership, Programme, Side, StaffInvitation
from dialogues.recommendations.models import (
    Alternative,
    ClearedEndorsement,
    Endorsement,
    Position,
    Recommendation,
    RecommendationTopic,
    RecommendationTransition,
    RecommendationVersion,
)
from dialogues.registrations.models import Registration
from dialogues.sessions.models import (
    Attendance,
    CalendarToken,
    DialogueSession,
    SessionChange,
    SessionNote,
)

__all__ = [
    "Alternative",
    "ApiToken",
    "Attendance",
    "AuditEvent",
    "AuthSession",
    "BriefingExport",
    "BriefingRelease",
    "CalendarToken",
    "ClearedEndorsement",
    "DialogueSession",
    "Endorsement",
    "FailureRecord",
    "Membership",
    "Position",
    "Programme",
    "Recommendation",
    "RecommendationTopic",
    "RecommendationTransition",
    "RecommendationVersion",
    "RecoveryCode",
    "Registration",
    "SessionChange",
    "SessionNote",
    "Side",
    "StaffInvitation",
    "User",
]
