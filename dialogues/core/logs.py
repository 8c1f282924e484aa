"""Log lines hold no personal data.

A failed statement's values are hidden by the engine (``hide_parameters``). PostgreSQL adds a
``DETAIL`` line to some errors that quotes the values themselves — a unique key's, such as an
email address (``Key (email)=(…) already exists``) — and it travels in the exception's text, so
the tracebacks of the app's loggers are written without it.
"""

import logging
import re
import traceback

DETAIL = re.compile(r"^DETAIL:.*$", re.MULTILINE)
HIDDEN = "DETAIL: (hidden: it may quote personal data)"


class WithoutDetail(logging.Filter):
    """Write the record's traceback now, with PostgreSQL's DETAIL lines hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_text = DETAIL.sub(HIDDEN, text)  # the formatter uses it as it stands
        return True


def init_app(app) -> None:
    """On the loggers that write tracebacks: Flask's (``app.logger``) and the error handler's."""
    for logger in (app.logger, logging.getLogger("dialogues.core.errors")):
        if not any(isinstance(f, WithoutDetail) for f in logger.filters):
            logger.addFilter(WithoutDetail())
