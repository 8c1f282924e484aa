"""Who must use two-factor sign-in: administrators and the coordinators of any programme."""

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import MemberRole, Membership


def requires_two_factor(user) -> bool:
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(
            sa.exists().where(
                Membership.user_id == user.id, Membership.role == MemberRole.COORDINATOR
            )
        )
    )


def init_app(app) -> None:
    app.extensions["dialogues.two_factor_policy"] = requires_two_factor
