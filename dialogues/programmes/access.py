"""What one person is in one programme, as the permission methods on the models see it."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Access:
    is_admin: bool = False
    roles: frozenset[str] = frozenset()
    liaison_side_ids: frozenset[int] = field(default_factory=frozenset)
    registration_id: int | None = None
    registration_status: str | None = None
    registration_side_id: int | None = None

    @classmethod
    def anonymous(cls) -> "Access":
        return cls()

    @classmethod
    def build(cls, user, memberships, registration) -> "Access":
        return cls(
            is_admin=bool(user.is_admin),
            roles=frozenset(str(role) for role, _side in memberships),
            liaison_side_ids=frozenset(side for role, side in memberships if side is not None),
            registration_id=registration.id if registration else None,
            registration_status=str(registration.status) if registration else None,
            registration_side_id=registration.side_id if registration else None,
        )

    @property
    def is_coordinator(self) -> bool:
        """Administrators hold every coordinator right on every programme."""
        return self.is_admin or "coordinator" in self.roles

    @property
    def is_facilitator(self) -> bool:
        return self.is_coordinator or "facilitator" in self.roles

    @property
    def is_participant(self) -> bool:
        """An accepted participant."""
        return self.registration_status == "accepted"

    @property
    def is_member(self) -> bool:
        """Staff who run the programme, and its accepted participants."""
        return self.is_facilitator or self.is_participant

    @property
    def is_liaison(self) -> bool:
        return bool(self.liaison_side_ids)

    @property
    def can_view(self) -> bool:
        return self.is_member or self.is_liaison or self.registration_status is not None
