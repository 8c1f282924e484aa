"""Briefings for each side's government, and the public digest."""

from flask import Blueprint

from dialogues.briefings import labels

bp = Blueprint("briefings", __name__)

for _name in (
    "text_direction",
    "agreement_label",
    "session_format_label",
    "kind_label",
    "countries_label",
    "parity_text",
    "off_record_sentence",
):
    bp.add_app_template_filter(getattr(labels, _name), _name)

from dialogues.briefings import digest_views, views  # noqa: E402, F401  (routes register on import)
