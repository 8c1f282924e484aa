"""The programme dashboard: key figures from every feature, and the balance chart.

It sits at the top of the import chain, beside briefings, because it reads every feature.
"""

from flask import Blueprint

bp = Blueprint("dashboard", __name__)

from dialogues.dashboard import views  # noqa: E402, F401  (routes register on import)
