"""The rows of the recommendation list page, as plain values made once per page.

A row's labels, sides, topics and endorsement counts are worked out here, so the template
writes them out without a macro call or a translation lookup per row.
"""

from dataclasses import dataclass

from dialogues.programmes.models import Programme
from dialogues.recommendations import endorsements, labels, queries
from dialogues.recommendations.models import Recommendation


@dataclass(frozen=True)
class ListRow:
    id: int
    title: str
    summary: str
    status: str
    status_label: str
    agreement: str
    agreement_label: str
    is_backed: bool
    sides: list[str]  # the names of the sides it is addressed to
    topics: list[str]
    counts: list[tuple[str, int]]  # (side name, endorsements) for every side of the programme


def list_rows(programme: Programme, recommendations: list[Recommendation]) -> list[ListRow]:
    """One ``ListRow`` per recommendation, in four queries whatever the page holds."""
    status_words = {status: str(label) for status, label in labels.STATUS.items()}
    agreement_words = {agreement: str(label) for agreement, label in labels.AGREEMENT.items()}
    backing = endorsements.backing_for(programme, recommendations)
    sides, topics = queries.row_parts([r.id for r in recommendations])
    programme_sides = [(side.id, side.name) for side in programme.sides]
    rows = []
    for item in recommendations:
        counts = backing[item.id].counts
        rows.append(
            ListRow(
                id=item.id,
                title=item.title,
                summary=item.summary,
                status=item.status.value,
                status_label=status_words[item.status],
                agreement=item.agreement.value,
                agreement_label=agreement_words[item.agreement],
                is_backed=backing[item.id].is_across_sides,
                sides=sides[item.id],
                topics=topics[item.id],
                counts=[(name, counts.get(side_id, 0)) for side_id, name in programme_sides],
            )
        )
    return rows
