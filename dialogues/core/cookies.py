"""The session cookie: Secure whenever the request came over HTTPS, not only when configured."""

from flask import has_request_context, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app) -> bool:
        configured = super().get_cookie_secure(app)
        return configured or (has_request_context() and request.is_secure)


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        # Behind a load balancer: trust its X-Forwarded-For/-Proto/-Host, so limits count the
        # real client address and HTTPS is recognised.
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
