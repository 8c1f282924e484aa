"""Templates compiled to escape each printed value into plain text.

Under autoescape Jinja compiles ``{{ value }}`` to ``markupsafe.escape(value)``, which makes a
``Markup`` object for every value only for it to be joined into the page at once: about 0.3 µs a
value, a tenth of the schedule page's time (1,300 values). The same escape, kept as ``str``,
costs a tenth of that. Only what a template prints goes through it; ``Markup`` values elsewhere
(macros' results, blocks captured with ``{% set %}``, filters) are unchanged, and so is every
character of the page.
"""

import markupsafe
from flask.templating import Environment
from jinja2.compiler import CodeGenerator


def text_escaper(module=markupsafe):
    """markupsafe's own escaper of a str (its C speedup when built), the function behind
    ``escape``; a private name, so should a release drop it, the public ``escape`` made plain
    (slower, the same characters)."""
    inner = getattr(module, "_escape_inner", None)
    if callable(inner):
        return inner
    return lambda text: str(module.escape(text))


_escape_text = text_escaper()


def escape_output(value: object) -> str:
    """What ``markupsafe.escape(value)`` gives, as ``str`` rather than ``Markup``."""
    if type(value) is str:
        return _escape_text(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_text(str(value))


class OutputCodeGenerator(CodeGenerator):
    """Compiles a printed value of an autoescaping template to ``escape_output``."""

    def _output_child_pre(self, node, frame, finalize) -> None:
        if not frame.eval_ctx.autoescape or frame.eval_ctx.volatile:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escape_output(")
        if finalize.src is not None:
            self.write(finalize.src)


class TemplateEnvironment(Environment):
    """Flask's template environment with printed values escaped by ``escape_output``."""

    code_generator_class = OutputCodeGenerator
    escape_output = staticmethod(escape_output)
