"""Security headers on every response: pages, errors, downloads and the API.

The Content-Security-Policy allows no inline script or style; a page that needs a script tag
of its own uses the per-request nonce (``csp_nonce()`` in templates), and only a response that
asked for a nonce carries one in its policy (the others need no random bytes).
"""

import secrets

from flask import g, request

CSP = (
    "default-src 'self'; script-src 'self'{nonce}; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
CSP_WITHOUT_NONCE = CSP.format(nonce="")
HSTS = "max-age=31536000; includeSubDomains"


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def add_security_headers(response):
    headers = response.headers
    nonce = g.get("csp_nonce")
    policy = CSP.format(nonce=f" 'nonce-{nonce}'") if nonce else CSP_WITHOUT_NONCE
    headers["Content-Security-Policy"] = policy
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if request.endpoint != "static" and "Cache-Control" not in headers:
        # Pages and answers may hold personal data: never kept by browsers or proxies.
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app) -> None:
    app.after_request(add_security_headers)
    app.add_template_global(csp_nonce)
