"""The coordinator's preview: sections chosen, people's text screened; a server without Pango."""

import sys

from dialogues.extensions import db
from dialogues.recommendations import operations as recommendations
from dialogues.recommendations.models import Recommendation
from tests.briefings.conftest import exports


def preview(world, query=""):
    return f"/programmes/{world.programme.slug}/briefings/{world.us.id}{query}"


def test_the_preview_shows_the_chosen_sections_only(world, client_for):
    browser = client_for(world["coordinator"])
    text = browser.get(preview(world, "?sections=annex")).get_data(as_text=True)
    assert "Annex: sessions held" in text
    assert "Executive summary</h2>" not in text
    assert 'name="sections" value="annex"' in text  # the export takes the same sections
    unknown = browser.get(preview(world, "?sections=gossip")).get_data(as_text=True)
    assert "Executive summary</h2>" in unknown  # an unknown choice falls back to everything
    assert "is not a valid choice" in unknown


def test_text_that_names_a_participant_is_flagged_to_the_coordinator(world, client_for):
    db.session.rollback()
    hotline = db.session.get(Recommendation, world.recommendations["hotline"].id)
    recommendations.update_recommendation(
        hotline,
        world["coordinator"],
        {"summary": "As Zebulon argued, and the Quillfeather Institute agreed, a hotline helps."},
    )
    db.session.commit()
    text = client_for(world["coordinator"]).get(preview(world)).get_data(as_text=True)
    assert "may identify people" in text
    assert "Zebulon Quartermaine" in text
    assert "Quillfeather Institute" in text
    clean = client_for(world["coordinator"]).get(
        f"/programmes/{world.programme.slug}/briefings/{world.gulf.id}"
    )
    assert "may identify people" not in clean.get_data(as_text=True)


def test_without_pango_pdf_export_answers_503_and_records_nothing(
    client, world, bearer, monkeypatch
):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it could not be loaded
    url = f"/api/v1/programmes/{world.programme.id}/briefings/{world.us.id}"
    response = client.get(url, headers=bearer(world["coordinator"]))
    assert response.status_code == 503
    assert "system-packages.sh" in response.json["error"]["message"]
    assert client.get(f"{url}?format=docx", headers=bearer(world["coordinator"])).status_code == 200
    assert [e.format.value for e in exports()] == ["docx"]
