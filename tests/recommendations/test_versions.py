"""Versions: each edit keeps the one before; any two compare side by side, changes marked."""

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations.diff import compare_text
from dialogues.recommendations.models import RecommendationVersion
from dialogues.recommendations.operations import update_recommendation


def test_every_edit_keeps_a_version(world, file):
    recommendation = file()
    update_recommendation(recommendation, world["author"], {"title": "Second title"})
    update_recommendation(
        recommendation,
        world["author"],
        {"positions": [{"side_id": world.cn.id, "text": "中方现在同意。"}]},
    )
    db.session.commit()
    versions = db.session.scalars(
        sa.select(RecommendationVersion).order_by(RecommendationVersion.version)
    ).all()
    assert [(v.version, v.title) for v in versions] == [
        (1, "Establish a maritime incident hotline"),
        (2, "Second title"),
        (3, "Second title"),
    ]
    assert versions[1].snapshot["positions"][1]["text"] == "China supports it, under conditions."
    assert versions[2].snapshot["positions"] == [{"side_id": world.cn.id, "text": "中方现在同意。"}]
    assert recommendation.version == 3


def test_word_level_marks():
    diff = compare_text("Text", "Both sides shall open a hotline.", "Both sides may open a line.")
    (row,) = diff.rows
    assert row.kind == "replace"
    assert [s.text for s in row.left if s.changed] == ["shall", "hotline"]
    assert [s.text for s in row.right if s.changed] == ["may", "line"]


def test_chinese_is_compared_character_by_character():
    (row,) = compare_text("Text", "建立海上事故热线", "建立海上安全热线").rows
    assert [s.text for s in row.left if s.changed] == ["事故"]
    assert [s.text for s in row.right if s.changed] == ["安全"]


def test_lines_added_and_removed():
    diff = compare_text("Text", "one\ntwo\nthree", "one\nthree\nfour")
    assert [row.kind for row in diff.rows] == ["equal", "delete", "equal", "insert"]
    assert not compare_text("Same", "a\nb", "a\nb").changed


def test_history_page_shows_two_versions_side_by_side(world, file, client_for):
    recommendation = file(status="submitted")
    update_recommendation(
        recommendation, world["coordinator"], {"summary": "Both navies may call at any hour."}
    )
    update_recommendation(recommendation, world["coordinator"], {"topics": ["navies"]})
    db.session.commit()
    client = client_for(world["participant"])
    url = f"/recommendations/{recommendation.id}/history"
    latest = client.get(url).get_data(as_text=True)
    assert "Version 2 and version 3" in latest
    assert "<ins>navies</ins>" in latest
    chosen = client.get(url, query_string={"old": 1, "new": 2}).get_data(as_text=True)
    assert "Version 1 and version 2" in chosen
    assert "<del>should be able to</del>" in chosen
    assert "<ins>may</ins>" in chosen
    assert "Unchanged: Title" in chosen
    missing = client.get(url, query_string={"old": 9})
    assert missing.status_code == 422
    assert "There is no version 9" in missing.get_data(as_text=True)
