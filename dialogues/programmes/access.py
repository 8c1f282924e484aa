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
    def from_rows(cls, user, rows) -> "Access":
        """From rows of ``(role, side_id, registration_id, registration_side_id, status)``: one
        per staff role (``role`` null where there is none), the registration on each."""
        memberships = [(role, side) for role, side, *_registration in rows if role is not None]
        registration = next((row[2:] for row in rows if row[2] is not None), (None, None, None))
        registration_id, side_id, status = registration
        return cls(
            is_admin=bool(user.is_admin),
            roles=frozenset(str(role) for role, _side in memberships),
            liaison_side_ids=frozenset(side for _role, side in memberships if side is not None),
            registration_id=registration_id,
            registration_status=str(status) if status is not None else None,
            registration_side_id=side_id,
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
