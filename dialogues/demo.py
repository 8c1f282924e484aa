"""Demo data: a US–China dialogue series and a Gulf–Iran Track 1.5 programme.

Names in Latin, Chinese and Arabic script, sessions of every format, and recommendations in every
state, so every page has something to show. Running it twice changes nothing.
"""

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from dialogues.auth.models import User
from dialogues.auth.passwords import hash_password
from dialogues.config import instance_secret
from dialogues.extensions import db
from dialogues.programmes.models import (
    Confidentiality,
    MemberRole,
    Membership,
    Programme,
    ProgrammeKind,
    ProgrammeStatus,
    Side,
)
from dialogues.recommendations.models import (
    Agreement,
    Endorsement,
    Position,
    Recommendation,
    RecommendationStatus,
    RecommendationTopic,
    RecommendationTransition,
    RecommendationVersion,
)
from dialogues.registrations.models import ParticipantRole, Registration, RegistrationStatus
from dialogues.sessions.models import Attendance, AttendanceStatus, DialogueSession, SessionFormat

DOMAIN = "demo.dialogues.example"
STAFF = [
    ("administrator", "admin", "Ada Lindqvist"),
    ("coordinator, both programmes", "coordinator", "Grace Okafor"),
    ("facilitator, both programmes", "facilitator", "Tomás Herrera"),
    ("liaison, United States side", "liaison.us", "Daniel Price"),
    ("liaison, China side", "liaison.cn", "刘洋"),
    ("liaison, Gulf states side", "liaison.gulf", "خالد المنصوري"),
]
US_CHINA = {
    "slug": "us-china-maritime",
    "title": "US–China Dialogue on Maritime Safety",
    "kind": ProgrammeKind.DIALOGUE_SERIES,
    "status": ProgrammeStatus.RUNNING,
    "timezone": "Asia/Shanghai",
    "confidentiality": Confidentiality.CHATHAM_HOUSE,
    "starts_on": date(2026, 10, 1),
    "ends_on": date(2027, 4, 30),
    "description": "A dialogue series between American and Chinese maritime experts on avoiding "
    "and managing incidents at sea.",
    "sides": [("United States", ["US"], 12), ("China", ["CN"], 12)],
    "participants": [
        ("Emily Carter", 0, "accepted", "Naval War College", "academic"),
        ("Michael Brooks", 0, "accepted", "Center for Ocean Policy", "former_official"),
        ("Sarah Lee", 0, "pending", "Pacific Forum", "civil_society"),
        ("李伟", 1, "accepted", "中国南海研究院", "academic"),
        ("王芳", 1, "accepted", "复旦大学", "academic"),
        ("张明", 1, "waitlisted", "海洋发展研究所", "student"),
    ],
}
GULF_IRAN = {
    "slug": "gulf-iran-security",
    "title": "Gulf–Iran Track 1.5 Dialogue on Regional Security",
    "kind": ProgrammeKind.TRACK_1_5,
    "status": ProgrammeStatus.REGISTRATION_OPEN,
    "timezone": "Asia/Muscat",
    "confidentiality": Confidentiality.OFF_THE_RECORD,
    "starts_on": date(2027, 1, 10),
    "ends_on": date(2027, 6, 30),
    "description": "Officials in a personal capacity and experts from the Gulf states and Iran "
    "discuss maritime security and de-escalation.",
    "sides": [("Gulf states", ["SA", "AE", "QA"], 10), ("Iran", ["IR"], 10)],
    "participants": [
        ("فاطمة الزهراء", 0, "accepted", "مركز الخليج للأبحاث", "academic"),
        (
            "محمد العتيبي",
            0,
            "accepted",
            "Ministry of Foreign Affairs",
            "official_personal_capacity",
        ),
        ("رضا احمدی", 1, "accepted", "دانشگاه تهران", "academic"),
        ("Sara Karimi", 1, "pending", "Institute for Political Studies", "journalist"),
    ],
}
NATIONALITY = {"United States": "US", "China": "CN", "Gulf states": "SA", "Iran": "IR"}


def load_demo() -> tuple[dict, bool]:
    """Create the demo data unless it is there; return the sign-ins and whether it was created."""
    password = instance_secret(current_app.instance_path, "demo_password", 8)
    sign_ins = {
        "password": password,
        "accounts": [(role, f"{local}@{DOMAIN}") for role, local, _ in STAFF]
        + [("participant (United States side)", f"emily.carter@{DOMAIN}")],
    }
    exists = db.session.scalar(sa.select(Programme.id).where(Programme.slug == US_CHINA["slug"]))
    if exists:
        return sign_ins, False
    password_hash = hash_password(password)
    staff = {local: _user(f"{local}@{DOMAIN}", name, password_hash) for _, local, name in STAFF}
    staff["admin"].is_admin = True
    for spec, liaisons in (
        (US_CHINA, ("liaison.us", "liaison.cn")),
        (GULF_IRAN, ("liaison.gulf",)),
    ):
        _programme(spec, staff, liaisons, password_hash)
    return sign_ins, True


def _user(email: str, name: str, password_hash: str) -> User:
    user = User(email=email, name=name, password_hash=password_hash)
    db.session.add(user)
    return user


def _programme(spec: dict, staff: dict, liaisons: tuple, password_hash: str) -> Programme:
    fields = {key: spec[key] for key in spec if key not in {"sides", "participants"}}
    programme = Programme(**fields, registration_open=True)
    programme.sides = [
        Side(name=name, slug=_slug(name), countries=codes, capacity=capacity)
        for name, codes, capacity in spec["sides"]
    ]
    db.session.add(programme)
    db.session.flush()
    _staff(programme, staff, liaisons)
    registrations = _participants(programme, spec["participants"], password_hash)
    sessions = _sessions(programme, staff["facilitator"], registrations)
    _recommendations(programme, staff, sessions, registrations)
    return programme


def _staff(programme: Programme, staff: dict, liaisons: tuple) -> None:
    db.session.add(Membership(programme=programme, user=staff["coordinator"], role="coordinator"))
    db.session.add(Membership(programme=programme, user=staff["facilitator"], role="facilitator"))
    for index, local in enumerate(liaisons):
        side_id = programme.sides[index].id
        db.session.add(
            Membership(
                programme=programme, user=staff[local], role=MemberRole.LIAISON, side_id=side_id
            )
        )


def _participants(programme: Programme, people: list, password_hash: str) -> list[Registration]:
    now = datetime.now(UTC)
    registrations = []
    for name, side_index, status, affiliation, role in people:
        side = programme.sides[side_index]
        local = _slug(name) if name.isascii() else f"participant{len(registrations) + 1}"
        email = f"{local}.{programme.slug}@{DOMAIN}" if not name.isascii() else f"{local}@{DOMAIN}"
        email = email.replace("-", ".")
        user = db.session.scalar(sa.select(User).where(User.email == email)) or _user(
            email, name, password_hash
        )
        registration = Registration(
            programme=programme,
            side_id=side.id,
            user=user,
            status=RegistrationStatus(status),
            affiliation=affiliation,
            role=ParticipantRole(role),
            nationality=NATIONALITY[side.name],
            languages=["en", "zh"] if side.name == "China" else ["en"],
            consented_data_processing_at=now,
            consented_rule_at=now,
            consent_version=programme.consent_version,
            decided_at=None if status == "pending" else now,
        )
        db.session.add(registration)
        registrations.append(registration)
    db.session.flush()
    return registrations


SESSION_PLAN = [
    ("Opening plenary: incidents at sea since 2001", SessionFormat.PLENARY, 10, None),
    ("Working group: communication at sea", SessionFormat.WORKING_GROUP, 40, None),
    (
        "Closed bilateral: crisis hotlines",
        SessionFormat.BILATERAL,
        70,
        Confidentiality.OFF_THE_RECORD,
    ),
    ("Harbour visit and dinner", SessionFormat.SITE_VISIT, 100, None),
]


def _sessions(programme, facilitator, registrations) -> list[DialogueSession]:
    accepted = [r for r in registrations if r.status == RegistrationStatus.ACCEPTED]
    sessions = []
    for title, fmt, day, rule in SESSION_PLAN:
        starts = datetime.combine(programme.starts_on, datetime.min.time(), UTC)
        starts += timedelta(days=day, hours=1)
        dialogue_session = DialogueSession(
            programme=programme,
            title=title,
            format=fmt,
            starts_at=starts,
            ends_at=starts + timedelta(hours=3),
            venue="Conference room A" if fmt != SessionFormat.SITE_VISIT else "Harbour terminal",
            confidentiality_override=rule,
            agenda="1. Welcome\n2. Discussion\n3. Next steps",
            facilitators=[facilitator],
        )
        held = starts < datetime.now(UTC)
        status = AttendanceStatus.ATTENDED if held else AttendanceStatus.INVITED
        dialogue_session.attendances = [
            Attendance(registration=registration, status=status) for registration in accepted
        ]
        db.session.add(dialogue_session)
        sessions.append(dialogue_session)
    db.session.flush()
    return sessions


RECOMMENDATIONS = [
    ("Establish a maritime incident hotline / 建立海上事故热线", RecommendationStatus.PUBLISHED),
    ("Joint search-and-rescue exercises", RecommendationStatus.ADOPTED),
    ("Annual review of the rules for unplanned encounters", RecommendationStatus.SUBMITTED),
    ("Exchange of coast-guard liaison officers", RecommendationStatus.RETURNED),
    ("Shared database of fishing-vessel incidents", RecommendationStatus.DRAFT),
    ("Moratorium on live-fire drills near shipping lanes", RecommendationStatus.WITHDRAWN),
]
PATHS = {
    RecommendationStatus.DRAFT: [],
    RecommendationStatus.SUBMITTED: ["submitted"],
    RecommendationStatus.ADOPTED: ["submitted", "adopted"],
    RecommendationStatus.PUBLISHED: ["submitted", "adopted", "published"],
    RecommendationStatus.RETURNED: ["submitted", "returned"],
    RecommendationStatus.WITHDRAWN: ["submitted", "withdrawn"],
}


def _recommendations(programme, staff, sessions, registrations) -> None:
    accepted = [r for r in registrations if r.status == RegistrationStatus.ACCEPTED]
    for index, (title, status) in enumerate(RECOMMENDATIONS):
        recommendation = Recommendation(
            programme=programme,
            author=staff["facilitator"],
            title=title,
            summary="Participants from every side discussed how to reduce the risk of escalation.",
            body="## Proposal\n\nBoth governments should consider **practical steps**.\n\n"
            "- 海上事故 should be reported within 24 hours\n- تبادل المعلومات بين خفر السواحل",
            agreement=list(Agreement)[index % 3],
            status=status,
            addressed_to=list(programme.sides),
            published_at=datetime.now(UTC) if status == RecommendationStatus.PUBLISHED else None,
        )
        recommendation.topics = [RecommendationTopic(topic=t) for t in ("maritime", "crisis")]
        recommendation.positions = [
            Position(side_id=side.id, text=f"{side.name} supports the aim with reservations.")
            for side in programme.sides
        ]
        db.session.add(recommendation)
        db.session.flush()
        _history(recommendation, staff)
        if status in {RecommendationStatus.ADOPTED, RecommendationStatus.PUBLISHED}:
            for registration in accepted:
                db.session.add(
                    Endorsement(
                        recommendation_id=recommendation.id,
                        registration_id=registration.id,
                        version=1,
                    )
                )


def _history(recommendation: Recommendation, staff: dict) -> None:
    db.session.add(
        RecommendationVersion(
            recommendation_id=recommendation.id,
            version=1,
            title=recommendation.title,
            summary=recommendation.summary,
            body=recommendation.body,
            agreement=recommendation.agreement,
            snapshot={"topics": ["crisis", "maritime"]},
            editor_id=staff["facilitator"].id,
        )
    )
    previous = RecommendationStatus.DRAFT
    for step in PATHS[recommendation.status]:
        actor = staff["facilitator"] if step in {"submitted", "withdrawn"} else staff["coordinator"]
        db.session.add(
            RecommendationTransition(
                recommendation_id=recommendation.id,
                from_status=previous,
                to_status=RecommendationStatus(step),
                comment="Please add each side's position." if step == "returned" else "",
                actor_id=actor.id,
            )
        )
        previous = RecommendationStatus(step)


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
