"""Outgoing email: SMTP when ``MAIL_SERVER`` is set, else ``.eml`` files in ``instance/outbox/``.

Nothing is lost without a mail server, and tests read the outbox with the ``email`` package.
Messages never carry off-the-record content or another participant's identity.
"""

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app


def send_mail(
    to: str,
    subject: str,
    body: str,
    *,
    attachments: list[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    """Send one plain-text message; ``attachments`` are (file name, MIME type, content), the
    type with any parameters it needs (``text/calendar; charset=utf-8; method=PUBLISH``)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = one_line(subject)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="dialogues.local")
    message.set_content(body)
    for filename, mimetype, content in attachments:
        _attach(message, filename, mimetype, content)
    if current_app.config.get("MAIL_SERVER"):
        _send_smtp(message)
    else:
        _write_outbox(message)
    return message


def one_line(text: str) -> str:
    """``text`` with each line break made a space. A header refuses line breaks (one would start
    a new header): a subject holding one, wherever it came from, is sent on one line rather than
    not at all."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _attach(message: EmailMessage, filename: str, mimetype: str, content: bytes) -> None:
    # Without its charset a text part is read as US-ASCII (RFC 2046): Arabic or Chinese garbled.
    kind, *parameters = (part.strip() for part in mimetype.split(";"))
    maintype, subtype = kind.split("/", 1)
    params = dict(parameter.split("=", 1) for parameter in parameters if parameter)
    message.add_attachment(
        content, maintype=maintype, subtype=subtype, filename=filename, params=params
    )


def outbox_path() -> Path:
    return Path(current_app.instance_path) / "outbox"


def _write_outbox(message: EmailMessage) -> None:
    folder = outbox_path()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.as_bytes())


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587))) as smtp:
        if config.get("MAIL_USE_TLS", True):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)
