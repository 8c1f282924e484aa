"""The ``_``, ``gettext`` and ``ngettext`` templates call, bound to one render's catalogue.

Jinja's i18n extension resolves the catalogue anew for every call (the locale, the request's
cache, two wrappers): about 10 µs, hundreds of times on a list page. A render has one language
(``force_locale`` wraps a whole render, as for an email in its recipient's language), so a
context processor binds the catalogue once per ``render_template`` and these callables use it.
Macros imported from another template do not see the render's context and keep the
environment's callables, which give the same text.

They take the evaluation context (for autoescaping), not the whole context: Jinja copies the
whole context for each call of a ``pass_context`` function made inside a loop or a block that
sets variables.

The semantics are Jinja's "newstyle" gettext: the translation is a format string filled with
the keyword arguments (escaped when the template autoescapes); ``ngettext`` adds ``num``.
"""

from jinja2 import pass_eval_context
from markupsafe import Markup


def bound_callables(translations) -> dict:
    """``{"_", "gettext", "ngettext"}`` for templates, reading ``translations`` only."""
    found: dict[tuple[str, bool], str] = {}

    @pass_eval_context
    def gettext(eval_context, message, /, **variables):
        autoescape = eval_context.autoescape
        text = found.get((message, autoescape))
        if text is None:  # our catalogue's message: markup; Markup's % escapes the values
            text = translations.ugettext(message)
            markup = Markup(text)  # noqa: S704  # nosec B704
            text = found[message, autoescape] = markup if autoescape else text
        # Always a format string, as in Jinja: "%%" stands for "%" with or without variables.
        return text % variables if variables or "%" in text else text

    @pass_eval_context
    def ngettext(eval_context, singular, plural, num, /, **variables):
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if eval_context.autoescape:
            # Our catalogue's message; Markup's % escapes the values.
            text = Markup(text)  # noqa: S704  # nosec B704
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}
