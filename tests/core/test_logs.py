"""Log lines hold no personal data: PostgreSQL's DETAIL line, which quotes a unique key's value
(an email address), is left out of every traceback the app writes."""

import logging
from unittest import mock

import pytest

from dialogues.core.logs import HIDDEN
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD

TAKEN = "taken.address@example.org"


class UniqueViolation(Exception):
    """As psycopg words one: the key's value in a DETAIL line."""


def _fail_with_detail():
    try:
        raise UniqueViolation(
            'duplicate key value violates unique constraint "uq_user_email"\n'
            f"DETAIL:  Key (email)=({TAKEN}) already exists."
        )
    except UniqueViolation as error:
        raise RuntimeError("the flush failed") from error


@pytest.mark.parametrize("logger", ["dialogues", "dialogues.core.errors"])
def test_a_traceback_is_written_without_the_detail(app, caplog, logger):
    with caplog.at_level(logging.ERROR):
        try:
            _fail_with_detail()
        except RuntimeError:
            logging.getLogger(logger).exception("unhandled error")
    assert TAKEN not in caplog.text
    assert HIDDEN in caplog.text
    assert "uq_user_email" in caplog.text  # the rest of the traceback stays, to debug with
    assert "the flush failed" in caplog.text


def test_a_unique_email_lost_to_a_race_logs_no_address(app, client, make, login, caplog):
    """Two people take the same address at once: the second change fails at the database
    (on PostgreSQL its error quotes the address); the log says so without the address."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: logged, answered with a 500
    make.user(email=TAKEN)
    login(make.user())
    data = {"email": TAKEN, "current_password": DEFAULT_PASSWORD}
    unchecked = mock.patch("dialogues.auth.account.find_user", return_value=None)
    with unchecked, caplog.at_level(logging.ERROR):
        response = post_form(client, "/account/email", data, page="/account")
    assert response.status_code == 500
    assert any(record.levelno >= logging.ERROR for record in caplog.records)
    assert TAKEN not in caplog.text
