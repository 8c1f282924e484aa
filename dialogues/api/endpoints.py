"""The API's own endpoints: issuing a token, and who the token belongs to."""

from flask import abort, request
from flask_login import current_user

from dialogues.api.blueprint import Blueprint
from dialogues.api.schemas import MeSchema, TokenRequestSchema, TokenSchema
from dialogues.api.tokens import DEFAULT_NAME, create_token
from dialogues.auth.operations import authenticate
from dialogues.extensions import db

blp = Blueprint("api", __name__, tag="auth", description="API tokens and the signed-in person.")


@blp.route("/auth/token", methods=["POST"])
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
@blp.errors(401, 429)
def issue_token(body):
    """Exchange an email and password for a bearer token.

    Failures count towards the same limits as the sign-in page: 10 per account in 15 minutes,
    50 per address in an hour; past them the answer is 429 with ``Retry-After``.
    """
    user = authenticate(body["email"], body["password"], request.remote_addr)
    if user is None:
        db.session.commit()  # keep the counted failure and its audit event despite the 401
        abort(401, "Email or password is incorrect.")
    secret, api_token = create_token(user, body.get("name", DEFAULT_NAME))
    return {"token": secret, "expires_at": api_token.expires_at}


@blp.route("/me")
@blp.login_required
@blp.response(200, MeSchema)
def show_me():
    """The person the bearer token belongs to."""
    return current_user
