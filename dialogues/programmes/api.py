"""The programmes API: /api/v1/programmes, their sides and staff.

Every view loads the programme (404), checks access (403: signed in, but not allowed), then
reads its input (422): a caller without the right never learns what their input lacked.
"""

from flask import abort, jsonify
from flask_login import current_user

from dialogues.api import Blueprint, page_of
from dialogues.core.access import require
from dialogues.programmes import operations
from dialogues.programmes.answers import programme_page
from dialogues.programmes.models import Membership, Programme
from dialogues.programmes.queries import (
    memberships_of,
    programme_or_404,
    side_of,
    visible_programmes,
)
from dialogues.programmes.schemas import (
    ProgrammeInputSchema,
    ProgrammeListQuery,
    ProgrammeMemberInputSchema,
    ProgrammeMemberSchema,
    ProgrammeSchema,
)

blp = Blueprint("programmes_api", __name__, description="Programmes, their sides and staff.")


@blp.route("/programmes", methods=["POST"])
@blp.login_required
@blp.arguments(ProgrammeInputSchema, deferred=True)
@blp.response(201, ProgrammeSchema)
@blp.errors(403)
def create_programme(body):
    """Create a programme with its sides (administrators); the creator becomes its coordinator."""
    require(current_user.is_admin)
    return operations.create_programme(current_user, _plain(body.read()))


@blp.route("/programmes")
@blp.login_required
@blp.arguments(ProgrammeListQuery, location="query")
@blp.response(200, page_of(ProgrammeSchema))
def list_programmes(query):
    """The programmes the caller staffs or registered for (every one for administrators)."""
    statement, params = visible_programmes(current_user, query.get("status"))
    return jsonify(programme_page(statement, params, query))  # page_of(ProgrammeSchema)'s shape


@blp.route("/programmes/<id:programme_id>")
@blp.login_required
@blp.response(200, ProgrammeSchema)
@blp.errors(403, 404)
def get_programme(programme_id):
    """One programme, for its staff, liaisons and registrants."""
    return _visible(programme_id)


@blp.route("/programmes/<id:programme_id>", methods=["PATCH"])
@blp.login_required
@blp.arguments(ProgrammeInputSchema(partial=True), deferred=True)
@blp.response(200, ProgrammeSchema)
@blp.errors(403, 404, 409)
def update_programme(body, programme_id):
    """Change any field, ``registration_open`` or ``status`` (coordinators).

    ``sides``: an entry with an ``id`` updates that side, one without adds a side, sides left out
    are kept; a capacity below the side's accepted participants answers 409.
    """
    programme = _managed(programme_id)
    return operations.update_programme(programme, _plain(body.read()))


@blp.route("/programmes/<id:programme_id>/sides/<id:side_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404, 409)
def delete_side(programme_id, side_id):
    """Remove a side (coordinators): 409 while it has registrations or liaisons, or if only two."""
    programme = _managed(programme_id)
    operations.remove_side(side_of(programme, side_id))


@blp.route("/programmes/<id:programme_id>/members", methods=["POST"])
@blp.login_required
@blp.arguments(ProgrammeMemberInputSchema, deferred=True)
@blp.response(201, ProgrammeMemberSchema)
@blp.errors(403, 404, 409)
def add_member(body, programme_id):
    """Add a coordinator, facilitator or liaison by email (coordinators).

    An unknown email gets an account and an emailed invitation link, valid once for seven days.
    """
    programme = _managed(programme_id)
    body = body.read()
    membership = operations.add_member(
        programme, body["email"], body["role"], body.get("side_id"), body.get("name")
    )
    return _member(membership)


@blp.route("/programmes/<id:programme_id>/members")
@blp.login_required
@blp.response(200, ProgrammeMemberSchema(many=True))
@blp.errors(403, 404)
def list_members(programme_id):
    """The programme's staff (coordinators)."""
    programme = _managed(programme_id)
    return [_member(membership) for membership in memberships_of(programme)]


@blp.route("/programmes/<id:programme_id>/members/<id:member_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404, 409)
def remove_member(programme_id, member_id):
    """Remove someone from the staff (coordinators); the last coordinator stays (409)."""
    programme = _managed(programme_id)
    membership = next((m for m in memberships_of(programme) if m.id == member_id), None)
    if membership is None:
        abort(404, f"There is no member with id {member_id} in this programme.")
    operations.remove_member(membership)


def _visible(programme_id: int) -> Programme:
    programme = programme_or_404(programme_id)  # its sides load when an answer needs them
    require(programme.can_view(current_user))
    return programme


def _managed(programme_id: int) -> Programme:
    programme = _visible(programme_id)
    require(programme.can_manage(current_user))
    return programme


def _member(membership: Membership) -> dict:
    return {
        "id": membership.id,
        "user_id": membership.user_id,
        "user": membership.user,
        "role": membership.role,
        "side_id": membership.side_id,
        "invited": membership.user.password_hash is None,
    }


def _plain(body: dict) -> dict:
    """Enums as their values, as the pages send them."""
    plain = {key: getattr(value, "value", value) for key, value in body.items()}
    if "sides" in body:
        plain["sides"] = [dict(entry) for entry in body["sides"]]
    return plain
