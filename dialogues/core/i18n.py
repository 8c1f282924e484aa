"""Languages: which one a request is answered in, and switching between them.

The choice comes from the signed-in user's profile, else the language cookie a visitor set with
the switcher, else the browser's ``Accept-Language``, else English. The JSON API always answers
in English: its messages are part of the contract.
"""

from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    has_app_context,
    has_request_context,
    redirect,
    request,
)
from flask_babel import Babel, Domain, get_locale, lazy_gettext
from flask_login import current_user
from markupsafe import Markup

from dialogues.auth.redirects import safe_next
from dialogues.core.errors import ValidationFailed
from dialogues.core.template_gettext import bound_callables
from dialogues.extensions import db

# Code → the language's own name, as shown in the switcher.
LANGUAGES = {"en": "English", "zh": "中文", "ru": "Русский", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"ar"})
# The ``lang`` attribute: Chinese is written in simplified characters here.
HTML_LANG = {"zh": "zh-Hans"}
COOKIE = "dialogues_language"
COOKIE_AGE = 365 * 24 * 3600
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    # The API's messages are a machine contract: English. So is work outside a request (CLI).
    if not has_request_context() or request.path.startswith("/api/"):
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def select_timezone() -> str | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.timezone
    return None


def current_language() -> str:
    """The language code of this request (``en`` outside a request)."""
    locale = get_locale()
    return locale.language if locale and locale.language in LANGUAGES else "en"


def language_problem(code: str | None) -> str | None:
    if code not in LANGUAGES:
        return lazy_gettext("Choose one of the offered languages.")
    return None


@bp.post("/language")
def switch_language():
    """Remember the chosen language (profile and cookie) and go back to the page."""
    code = request.form.get("language")
    if problem := language_problem(code):
        raise ValidationFailed({"language": [str(problem)]})
    if current_user.is_authenticated:
        current_user.locale = code
        db.session.add(current_user)
    response = redirect(safe_next(request.form.get("next")))
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure or current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def isolate(text) -> Markup:
    """``<bdi>text</bdi>``, escaped: a name or title inside a translated sentence keeps its own
    direction (``{{ _("by %(name)s", name=user.name|bdi) }}``)."""
    return Markup("<bdi>{}</bdi>").format(text)


def _template_globals() -> dict:
    code = current_language()
    return {
        **bound_callables(babel.domain_instance.get_translations()),
        "languages": LANGUAGES,
        "current_language": code,
        "html_lang": HTML_LANG.get(code, code),
        "text_direction": "rtl" if code in RIGHT_TO_LEFT else "ltr",
    }


def init_app(app) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    _install_request_domain(app)
    app.context_processor(_template_globals)
    app.add_template_filter(isolate, "bdi")
    app.register_blueprint(bp)


class RequestDomain(Domain):
    """Flask-Babel's message domain, with each language's catalogue found once per worker.

    Flask-Babel looks the catalogue up anew for every message (hundreds on a list page: each
    lazy label, each ``gettext``). The catalogues do not change while the app runs, and the
    language can change inside a request (``force_locale`` for an email in the recipient's
    language), so the catalogue is kept per locale.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._catalogues: dict = {}

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        locale = get_locale()
        catalogue = self._catalogues.get(locale)
        if catalogue is None:
            catalogue = self._catalogues[locale] = super().get_translations()
        return catalogue


def _install_request_domain(app) -> None:
    domain = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    babel.domain_instance = domain  # replaces Flask-Babel's cached default domain
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def compile_catalogues(directory: Path = TRANSLATIONS) -> None:
    """Write each catalogue's ``.mo`` beside its ``.po`` (what ``make catalogues`` does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        temporary = po_path.with_suffix(".mo.tmp")
        with temporary.open("wb") as mo_file:
            write_mo(mo_file, catalogue)
        temporary.replace(po_path.with_suffix(".mo"))
