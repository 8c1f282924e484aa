"""The API's own endpoints: issuing, listing and revoking tokens, and who a token belongs to."""

from flask import abort, request
from flask_login import current_user

from dialogues.api.blueprint import Blueprint
from dialogues.api.loading import get_or_404
from dialogues.api.models import ApiToken
from dialogues.api.pagination import page_of, paginate
from dialogues.api.schemas import (
    MeSchema,
    TokenInfoSchema,
    TokenListQuery,
    TokenRequestSchema,
    TokenSchema,
)
from dialogues.api.tokens import (
    DEFAULT_NAME,
    BadCredentials,
    create_token,
    revoke_token,
    token_owner,
    tokens_of,
)
from dialogues.core.access import require
from dialogues.extensions import db

blp = Blueprint("api", __name__, tag="auth", description="API tokens and the signed-in person.")


@blp.route("/auth/token", methods=["POST"])
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.errors(401, 403, 429)
def issue_token(body):
    """Exchange an email and password (and two-factor code) for a bearer token.

    Failures count towards the same limits as the sign-in page: 10 per account in 15 minutes,
    50 per address in an hour; past them the answer is 429 with `Retry-After`. An account with
    two-factor sign-in sends its current code (or a recovery code) as `otp`; a role that
    requires two-factor gets 403 until it is turned on.
    """
    try:
        user = token_owner(body["email"], body["password"], body.get("otp"), request.remote_addr)
    except BadCredentials as failure:
        db.session.commit()  # keep the counted failure and its audit event despite the 401
        abort(401, str(failure))
    secret, api_token = create_token(user, body.get("name", DEFAULT_NAME))
    return {"token": secret, "expires_at": api_token.expires_at}


@blp.route("/auth/tokens")
@blp.login_required
@blp.arguments(TokenListQuery, location="query")
@blp.response(200, page_of(TokenInfoSchema))
def list_tokens(query):
    """The caller's tokens, newest first (``?state=active|expired|revoked``)."""
    return paginate(tokens_of(current_user, query.get("state")), query)


@blp.route("/auth/tokens/<id:token_id>", methods=["DELETE"])
@blp.login_required
@blp.response(204)
@blp.errors(403, 404)
def revoke_api_token(token_id):
    """Revoke a token at once; it answers 401 from then on."""
    api_token = get_or_404(ApiToken, token_id)
    require(api_token.can_manage(current_user))
    revoke_token(api_token)


@blp.route("/me")
@blp.login_required
@blp.response(200, MeSchema)
def show_me():
    """The person the bearer token belongs to."""
    return current_user
