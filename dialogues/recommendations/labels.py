"""Words people read for the recommendation states and levels of agreement."""

from dialogues.recommendations.models import Agreement, RecommendationStatus

S = RecommendationStatus
STATUS = {
    S.DRAFT: "Draft",
    S.SUBMITTED: "Submitted",
    S.ADOPTED: "Adopted",
    S.RETURNED: "Returned",
    S.PUBLISHED: "Published",
    S.WITHDRAWN: "Withdrawn",
}
AGREEMENT = {
    Agreement.CONSENSUS: "Consensus",
    Agreement.BROAD_SUPPORT: "Broad support",
    Agreement.DIVIDED: "Divided",
}
# The button that makes each move, as its maker reads it.
ACTIONS = {
    S.SUBMITTED: "Submit",
    S.ADOPTED: "Adopt",
    S.RETURNED: "Return to the author",
    S.PUBLISHED: "Publish",
    S.WITHDRAWN: "Withdraw",
}
