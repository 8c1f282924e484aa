"""Words people read for the recommendation states and levels of agreement."""

from flask_babel import lazy_gettext

from dialogues.recommendations.models import Agreement, RecommendationStatus

S = RecommendationStatus
STATUS = {
    S.DRAFT: lazy_gettext("Draft"),
    S.SUBMITTED: lazy_gettext("Submitted"),
    S.ADOPTED: lazy_gettext("Adopted"),
    S.RETURNED: lazy_gettext("Returned"),
    S.PUBLISHED: lazy_gettext("Published"),
    S.WITHDRAWN: lazy_gettext("Withdrawn"),
}
AGREEMENT = {
    Agreement.CONSENSUS: lazy_gettext("Consensus"),
    Agreement.BROAD_SUPPORT: lazy_gettext("Broad support"),
    Agreement.DIVIDED: lazy_gettext("Divided"),
}
# The button that makes each move, as its maker reads it.
ACTIONS = {
    S.SUBMITTED: lazy_gettext("Submit"),
    S.ADOPTED: lazy_gettext("Adopt"),
    S.RETURNED: lazy_gettext("Return to the author"),
    S.PUBLISHED: lazy_gettext("Publish"),
    S.WITHDRAWN: lazy_gettext("Withdraw"),
}


def status_word(status) -> str:
    """The status inside a sentence (``… is now adopted``), in the reader's language."""
    return str(STATUS[RecommendationStatus(status)]).lower()
