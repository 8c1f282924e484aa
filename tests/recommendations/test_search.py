"""Search in every script, on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm), one function."""

import pytest
import sqlalchemy as sa

from dialogues.core.statements import page_values
from dialogues.extensions import db
from dialogues.recommendations import queries, search
from dialogues.recommendations.models import Recommendation, RecommendationStatus


@pytest.fixture
def library(world, file):
    """Recommendations in English, Chinese, Arabic and Russian, words in different fields."""
    return {
        "english": file(
            status="submitted", title="Joint search-and-rescue exercises", body="Twice a year."
        ),
        "chinese": file(
            status="submitted",
            title="建立海上事故热线",
            summary="双方海军应能随时联系。",
            topics=["海上安全"],
        ),
        "arabic": file(
            status="adopted",
            title="Coast-guard liaison officers",
            positions=[{"side_id": world.us.id, "text": "تبادل المعلومات بين خفر السواحل"}],
        ),
        "russian": file(status="submitted", title="Морской инцидент: горячая линия"),
        "body_only": file(
            status="submitted", title="Fishing fleets", body="A hotline for fishing incidents."
        ),
        "draft": file(title="Hotline draft kept private"),
    }


def _found(world, query, user_role="participant", **filters) -> list[str]:
    """The titles found, the same through the list built per request and the one built once."""
    user, chosen = world[user_role], queries.Filters(q=query, **filters)
    found = [r.title for r in db.session.scalars(queries.listing(world.programme, user, chosen))]
    statement, params = queries.listed(world.programme, user, chosen, (Recommendation.title,))
    assert list(db.session.scalars(statement, params)) == found
    return found


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("rescue", "english"),
        ("RESCUE exercises", "english"),
        ("海上事故", "chinese"),
        ("随时联系", "chinese"),  # in the summary
        ("海上安全", "chinese"),  # a topic
        ("خفر السواحل", "arabic"),  # in a position
        ("морской", "russian"),  # another case than the title's
        ("горячая линия", "russian"),
    ],
)
def test_finds_phrases_in_every_script(world, library, query, key):
    assert _found(world, query) == [library[key].title]


def test_case_is_folded_in_greek_and_cyrillic(world, file):
    greek = file(status="submitted", title="Γραμμή άμεσης επικοινωνίας")
    cyrillic = file(status="submitted", title="ПРЯМАЯ ЛИНИЯ связи")
    assert _found(world, "ΓΡΑΜΜΉ ΆΜΕΣΗΣ") == [greek.title]
    assert _found(world, "прямая линия СВЯЗИ") == [cyrillic.title]


def test_short_terms_are_found_too(world, library):
    """The trigram index cannot hold one- or two-character terms: they are matched by LIKE."""
    assert _found(world, "海上") == [library["chinese"].title]
    assert _found(world, "线") == [library["chinese"].title]


def test_every_term_must_occur(world, library):
    assert _found(world, "fishing incidents") == ["Fishing fleets"]
    assert _found(world, "fishing rescue") == []


def test_title_hits_rank_before_body_hits(world, library, file):
    titled = file(status="submitted", title="Incident hotline between navies")
    found = _found(world, "hotline")
    assert found[0] == titled.title
    assert library["body_only"].title in found


def test_drafts_stay_hidden_in_results(world, library):
    assert _found(world, "draft kept private") == []
    assert _found(world, "draft kept private", user_role="coordinator") == [library["draft"].title]


def test_search_combines_with_filters(world, library):
    assert _found(world, "fishing", status="submitted") == ["Fishing fleets"]
    assert _found(world, "fishing", status="adopted") == []
    assert _found(world, "liaison", status="submitted") == []
    assert _found(world, "liaison", side=world.cn.id) == [library["arabic"].title]
    assert _found(world, "liaison", topic="MARITIME") == [library["arabic"].title]


def test_like_wildcards_are_plain_characters(world, library, file):
    file(status="submitted", title="Reach 100% coverage")
    assert _found(world, "100%") == ["Reach 100% coverage"]
    assert _found(world, "%") == ["Reach 100% coverage"]
    assert _found(world, "_") == []
    assert _found(world, "Reach_100") == []


def test_a_backslash_is_a_plain_character(world, library, file):
    file(status="submitted", title=r"Share C:\shared_files")
    file(status="submitted", title="Share C:shared files")
    assert _found(world, "\\") == [r"Share C:\shared_files"]
    assert _found(world, r"C:\shared_") == [r"Share C:\shared_files"]
    assert _found(world, r"\_") == []
    assert _found(world, r"shared\ files") == []


def test_a_search_is_built_once_per_shape(world):
    def built(query: str) -> sa.Select:
        chosen = queries.Filters(q=query)
        columns = (Recommendation.id,)
        return queries.listed(world.programme, world["participant"], chosen, columns)[0]

    assert built("hotline") is built("rescue")
    assert built("hotline") is not built("海 hotline")
    assert built("海 hotline") is built("线 rescue")


def test_quoted_phrase_is_one_term(world, library):
    assert search.terms('"liaison officers" coast') == ["liaison officers", "coast"]
    assert _found(world, '"liaison officers"') == [library["arabic"].title]
    assert _found(world, '"officers liaison"') == []


def test_the_index_follows_edits_and_deletions(world, library):
    from dialogues.recommendations.operations import update_recommendation

    recommendation = library["english"]
    update_recommendation(recommendation, world["coordinator"], {"title": "Salvage drills"})
    db.session.commit()
    assert _found(world, "rescue") == []
    assert _found(world, "Salvage") == ["Salvage drills"]
    db.session.execute(sa.delete(Recommendation).where(Recommendation.id == recommendation.id))
    db.session.commit()
    assert _found(world, "Salvage") == []


def test_search_page_paginates_ranked_results(world, library, file, client_for):
    for number in range(25):
        file(status="submitted", title=f"Hotline number {number}")
    client = client_for(world["participant"])
    url = f"/programmes/{world.programme.slug}/recommendations"
    first = client.get(url, query_string={"q": "hotline"}).get_data(as_text=True)
    assert "26 recommendations, best matches first" in first
    assert "Page 1 of 2" in first
    second = client.get(url, query_string={"q": "hotline", "page": 2}).get_data(as_text=True)
    assert "Fishing fleets" in second  # a body hit ranks after all the title hits
    assert "Fishing fleets" not in first
    page = client.get(url, query_string={"q": "海上事故"}).get_data(as_text=True)
    assert "建立海上事故热线" in page


def test_a_page_and_its_total_read_the_index_once(world, library):
    """The page of a search carries its total; both come from one reading of the index."""
    chosen = queries.Filters(q="HOTLINE")
    columns = (Recommendation.title,)
    paged, _count, params = queries.listed_page(
        world.programme, world["coordinator"], chosen, columns
    )
    index = (
        "recommendation_search" if db.engine.dialect.name == "postgresql" else "recommendation_fts"
    )

    assert str(paged.compile(db.engine)).count(f"FROM {index}") == 1
    rows = db.session.execute(paged, page_values(1, 20, params)).all()
    assert [(row.title, row.total) for row in rows] == [
        ("Hotline draft kept private", 2),  # a title hit, before a body hit
        ("Fishing fleets", 2),
    ]


def test_postgresql_keeps_the_index_folded(world, library):
    """PostgreSQL matches folded terms with LIKE against text folded once, when written
    (migration 0012); SQLite's FTS5 index folds case itself."""
    if db.engine.dialect.name != "postgresql":
        assert "MATCH" in str(search.matching("Hotline").compile(db.engine))
        return
    stored = db.session.execute(
        sa.text("SELECT title, summary FROM recommendation_search WHERE recommendation_id = :id"),
        {"id": library["russian"].id},
    ).one()
    assert tuple(stored) == (
        "морской инцидент: горячая линия",
        "both navies should be able to call each other at once.",
    )
    assert " ILIKE " not in str(search.matching("Hotline").compile(db.engine))


@pytest.mark.parametrize(
    ("role", "filters"),
    [
        ("coordinator", {}),
        ("participant", {}),
        ("coordinator", {"status": RecommendationStatus.SUBMITTED}),
    ],
)
def test_a_search_pages_as_it_lists(world, library, file, role, filters):
    """Page after page (``listed_page``: on PostgreSQL the page is chosen among narrow rows
    first), a search holds the list's rows in its order, ties included, with its total; a page
    past the end is empty and the count alone agrees."""
    for number in range(7):
        file(status="submitted", title=f"Hotline {number}", body="hotline" if number % 2 else "")
    chosen = queries.Filters(q="hotline", **filters)
    user, columns = world[role], (Recommendation.title,)
    listed = [r.title for r in db.session.scalars(queries.listing(world.programme, user, chosen))]
    paged, counted, params = queries.listed_page(world.programme, user, chosen, columns)
    pages = [db.session.execute(paged, page_values(n, 3, params)).all() for n in (1, 2, 3, 4)]

    assert len(listed) == (9 if role == "coordinator" and not filters else 8)
    assert [row.title for page in pages for row in page] == listed
    assert {row.total for page in pages for row in page} == {len(listed)}
    assert pages[3] == []
    assert db.session.execute(counted, params).scalar_one() == len(listed)
