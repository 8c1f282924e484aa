"""How API requests authenticate: by bearer token only, never by the browser's cookie.

Without the cookie there is nothing for another site to ride on, which is why the API
blueprints are exempt from CSRF tokens.
"""

from dialogues.api.tokens import user_for_token
from dialogues.core.cookies import SessionInterface
from dialogues.core.errors import is_api_request


class ApiAwareSessionInterface(SessionInterface):
    """Pages keep the cookie session; API requests get an empty one that is never saved."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response):
        if not is_api_request():
            super().save_session(app, session, response)


def load_bearer_user(incoming):
    """Flask-Login's request loader: the user of ``Authorization: Bearer <token>``, or None."""
    if not is_api_request():
        return None
    scheme, _, secret = incoming.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return user_for_token(secret.strip())


def add_bearer_challenge(response):
    """Tell a client refused with 401 which scheme to use (RFC 6750)."""
    if response.status_code == 401 and is_api_request():
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="Dialogues API"')
    return response
