"""A three-sided programme seeded with people and secrets that no briefing or digest may show.

Every name, email and affiliation (Latin, Chinese, Arabic) and every off-the-record text is a
distinctive token in ``World.secrets``; the tests look for each one in every file they read back.
Recommendations go through the real workflow, endorsements through the real operation, and notes
through the sessions feature's note operation, so the note text is really stored encrypted.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from dialogues.briefings.models import BriefingExport
from dialogues.extensions import db
from dialogues.recommendations import endorsements
from dialogues.recommendations import operations as recommendations
from dialogues.sessions.notes import NoteInput, create_note

HELD = datetime(2024, 3, 2, 8, tzinfo=UTC)
CHINESE_POSITION = "中方支持建立海上热线"
ARABIC_POSITION = "نؤيد تعزيز التعاون في مجال المياه"
OFF_RECORD_NOTE = "XJ-4471 secret concession. 秘密谈话内容不得外传。 محادثة سرية جدا"
CHATHAM_NOTE = "Corvid-Lantern remark made under the Chatham House rule."


@dataclass
class World:
    programme: object
    people: dict = field(default_factory=dict)
    recommendations: dict = field(default_factory=dict)
    secrets: list = field(default_factory=list)

    @property
    def us(self):
        return self.programme.sides[0]

    @property
    def cn(self):
        return self.programme.sides[1]

    @property
    def gulf(self):
        return self.programme.sides[2]

    def __getitem__(self, key):
        return self.people[key]

    def expected_titles(self, side) -> set[str]:
        keys = {self.us.id: ("hotline", "exchanges"), self.cn.id: ("hotline", "exchanges")}
        return {self.recommendations[k].title for k in keys.get(side.id, ("exchanges", "gulf"))}

    def absent_titles(self, side) -> set[str]:
        every = {r.title for r in self.recommendations.values()}
        return every - self.expected_titles(side)


PEOPLE = {
    # key: (name, email, side index or None for staff, affiliation)
    "us_participant": ("Zebulon Quartermaine", "zq.quillfeather@example.org", 0,
                       "Quillfeather Institute"),
    "cn_participant": ("欧阳翠花", "ouyang.fudan@example.cn", 1, "复旦国际问题研究院"),
    "gulf_participant": ("زياد القحطاني", "ziyad.shorouq@example.sa", 2, "مؤسسة الشروق"),
    "pending": ("Peregrine Wolstenholme", "peregrine.w@example.org", 0, "Wolstenholme Trust"),
}  # fmt: skip
STAFF = {
    "coordinator": ("Coralie Vandersteen", "coralie.v@ngo.example", "coordinator", None),
    "facilitator": ("Faramarz Oyelaran", "faramarz.o@ngo.example", "facilitator", None),
    "us_liaison": ("Lysander Pettigrew", "lysander.p@state.example", "liaison", 0),
    "cn_liaison": ("司马光明", "sima.guangming@mfa.example.cn", "liaison", 1),
    "gulf_liaison": ("نورة العتيبي", "noura.otaibi@mofa.example.sa", "liaison", 2),
}


def secret_tokens(*texts: str) -> list[str]:
    """The words of names, emails, affiliations and hidden texts, long enough to be distinctive."""
    return [word for text in texts for word in text.split() if len(word) >= 3]


@pytest.fixture
def world(make) -> World:
    programme = make.programme(
        sides=(("United States", ["US"]), ("China", ["CN"]), ("Gulf states", ["SA", "AE"])),
        title="Maritime dialogue 海上对话",
        slug="maritime-dialogue",
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 31),
        confidentiality="chatham_house",
    )
    world = World(programme)
    _staff(make, world)
    _participants(make, world)
    _sessions(make, world)
    _recommendations(world)
    db.session.commit()
    return world


def _staff(make, world: World) -> None:
    for key, (name, email, role, side) in STAFF.items():
        user = make.user(name, email=email)
        make.member(
            world.programme, user, role, world.programme.sides[side] if side is not None else None
        )
        world.people[key] = user
        world.secrets += secret_tokens(name, email)


def _participants(make, world: World) -> None:
    for key, (name, email, side, affiliation) in PEOPLE.items():
        user = make.user(name, email=email)
        status = "pending" if key == "pending" else "accepted"
        make.registration(
            world.programme, world.programme.sides[side], user, status=status,
            affiliation=affiliation, role="former_official",
        )  # fmt: skip
        world.people[key] = user
        world.secrets += secret_tokens(name, email, affiliation)
    world.people["outsider"] = make.user("Oswin Outsider")
    world.people["admin"] = make.user("Ada Admin", is_admin=True)


def _sessions(make, world: World) -> None:
    facilitator = world["facilitator"]
    opening = make.session(
        world.programme, [facilitator], title="Opening plenary on maritime safety",
        starts_at=HELD, venue="Geneva",
    )  # fmt: skip
    make.session(
        world.programme, [facilitator], title="ورشة عمل حول المياه", format="working_group",
        starts_at=HELD + timedelta(days=1),
    )  # fmt: skip
    back_channel = make.session(
        world.programme, [facilitator], title="Backchannel-Ossuary on the strait",
        format="bilateral", starts_at=HELD + timedelta(days=2),
        confidentiality_override="off_the_record",
    )  # fmt: skip
    make.session(
        world.programme, [facilitator], title="Cancelled-Wyvern visit", format="site_visit",
        starts_at=HELD + timedelta(days=3), cancelled_at=HELD,
    )  # fmt: skip
    make.session(world.programme, [facilitator], title="Future plenary",
                 starts_at=datetime(2099, 1, 5, 9, tzinfo=UTC))  # fmt: skip
    create_note(back_channel, facilitator, NoteInput(text=OFF_RECORD_NOTE))
    create_note(opening, facilitator, NoteInput(text=CHATHAM_NOTE))
    world.secrets += ["XJ-4471", "秘密谈话内容不得外传", "محادثة", "سرية", "Corvid-Lantern"]
    world.secrets += ["Backchannel-Ossuary", "Cancelled-Wyvern"]


def filed(world: World, title: str, addressed, positions: dict, topics, status: str):
    data = {
        "title": title,
        "summary": f"Summary of {title}.",
        "body": f"Body of {title}.",
        "agreement": "broad_support",
        "addressed_to": [side.id for side in addressed],
        "topics": topics,
        "positions": [{"side_id": side.id, "text": text} for side, text in positions.items()],
    }
    recommendation = recommendations.create_recommendation(
        world.programme, world["facilitator"], data
    )
    path = {"draft": [], "submitted": ["submitted"], "adopted": ["submitted", "adopted"],
            "published": ["submitted", "adopted", "published"],
            "withdrawn": ["submitted", "withdrawn"]}[status]  # fmt: skip
    for step in path:
        recommendations.transition(recommendation, world["coordinator"], step)
    return recommendation


def _recommendations(world: World) -> None:
    us, cn, gulf = world.us, world.cn, world.gulf
    everyone = (us, cn, gulf)
    found = world.recommendations
    found["hotline"] = filed(world, "Alphacrest maritime hotline", (us, cn),
                             {us: "The US side backs the hotline.", cn: CHINESE_POSITION},
                             ["maritime"], "adopted")  # fmt: skip
    found["exchanges"] = filed(world, "Betaquill student exchanges 扩大学生交流", everyone,
                               {us: "Agreed.", cn: "中方赞成扩大交流", gulf: ARABIC_POSITION},
                               ["education", "youth"], "published")  # fmt: skip
    found["gulf"] = filed(world, "Gammaridge desalination compact", (gulf,),
                          {gulf: "نطالب بمشاريع التحلية"}, [], "adopted")  # fmt: skip
    found["draft"] = filed(world, "Draftwort proposal", everyone, {}, [], "draft")
    found["submitted"] = filed(world, "Pendingwort proposal", everyone, {}, [], "submitted")
    found["withdrawn"] = filed(world, "Withdrawnwort proposal", everyone, {}, [], "withdrawn")
    for key in ("us_participant", "cn_participant"):
        endorsements.endorse(found["hotline"], world[key])
    for key in ("us_participant", "cn_participant", "gulf_participant"):
        endorsements.endorse(found["exchanges"], world[key])


# -- reading files back ---------------------------------------------------------------------------


def squash(text: str) -> str:
    """Compare text whatever the layout: NFKC (Arabic presentation forms), case and all
    whitespace gone (a PDF breaks lines anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def assert_no_secrets(text: str, secrets: list[str], where: str) -> None:
    haystack = squash(text)
    leaked = [secret for secret in secrets if squash(secret) in haystack]
    assert not leaked, f"{where} reveals {leaked}"


def exports(**filters) -> list[BriefingExport]:
    db.session.rollback()  # see the requests' commits
    return list(db.session.scalars(sa.select(BriefingExport).filter_by(**filters)))


# -- clients --------------------------------------------------------------------------------------
