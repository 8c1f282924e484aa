"""Every route × every role: the status a GET answers, and who may change state.

``MATRIX`` is the one table. Each entry: the GET statuses in ``ROLES`` order (``None`` when the
route has no GET), and the roles that may use its state-changing methods. Everyone else sending
a POST/PUT/PATCH/DELETE with an empty body must be refused (4xx; an anonymous page request may
be sent to sign in instead) — never a 2xx and never a redirect that hides a change. A route in
``app.url_map`` without an entry fails the test, so a new route needs a decision here.

Some endpoints appear again under ``endpoint[variant]`` with other path arguments: another
side's briefing, a draft recommendation, the off-the-record session.
"""

import re

import pytest
from flask import url_for

from tests.security.conftest import ROLES

ANY = frozenset(ROLES)
SIGNED_IN = ANY - {"anonymous"}
STAFF = frozenset({"coordinator", "administrator"})
MEMBERS = frozenset({"participant_a", "participant_b", "facilitator"}) | STAFF
PARTICIPANTS = frozenset({"participant_a", "participant_b"})
AUTHORS = STAFF | {"facilitator"}
NOBODY = frozenset()
ADMIN = frozenset({"administrator"})

# fmt: off
# GET columns: anonymous, participant A, participant B, facilitator, liaison of A,
#              coordinator of another programme, coordinator, administrator
MATRIX = {
    "admin.list_audit_events": ((302, 403, 403, 403, 403, 403, 403, 200), NOBODY),
    "api-docs.openapi_json": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "api-docs.openapi_swagger_ui": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "api.issue_token": (None, ANY),
    "api.list_tokens": ((401, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "api.revoke_api_token": (None, {"participant_a", "administrator"}),
    "api.show_me": ((401, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "auth.confirm_two_factor": (None, SIGNED_IN),
    "auth.create_api_token": (None, SIGNED_IN),
    "auth.disable_two_factor": (None, SIGNED_IN),
    "auth.login": ((200, 302, 302, 302, 302, 302, 302, 302), ANY),
    "auth.login_two_factor": ((302, 302, 302, 302, 302, 302, 302, 302), ANY),
    "auth.list_tokens": ((302, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "auth.logout": (None, SIGNED_IN),
    "auth.replace_recovery_codes": (None, SIGNED_IN),
    "auth.request_password_reset": ((200, 200, 200, 200, 200, 200, 200, 200), ANY),
    "auth.revoke_api_token": (None, {"participant_a"}),
    "auth.reset_password": ((404, 404, 404, 404, 404, 404, 404, 404), ANY),
    "auth.show_account": ((302, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "auth.show_two_factor": ((302, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "auth.sign_out_everywhere": (None, SIGNED_IN),
    "auth.start_two_factor": (None, SIGNED_IN),
    "auth.update_account": (None, SIGNED_IN),
    "briefings.digest_feed": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "briefings.document_stylesheet": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "briefings.export_briefing": (None, STAFF | {"liaison_a"}),
    "briefings.export_briefing[side_b]": (None, STAFF),
    "briefings.list_briefings": ((302, 403, 403, 403, 200, 403, 200, 200), NOBODY),
    "briefings.publish_recommendation": (None, STAFF),
    "briefings.release_briefing": (None, STAFF),
    "briefings.set_release_gate": (None, STAFF),
    "briefings.show_briefing": ((302, 403, 403, 403, 200, 403, 200, 200), NOBODY),
    "briefings.show_briefing[side_b]": ((302, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "briefings.show_digest": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "briefings.withdraw_release": (None, STAFF),
    "briefings_api.get_briefing": ((401, 403, 403, 403, 200, 403, 200, 200), NOBODY),
    "briefings_api.get_briefing[side_b]": ((401, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "briefings_api.get_digest": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "core.healthz": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "dashboard.show_programme": ((302, 200, 200, 200, 200, 403, 200, 200), NOBODY),
    "home.index": ((200, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "i18n.switch_language": (None, ANY),
    "programmes.accept_invitation": ((404, 404, 404, 404, 404, 404, 404, 404), ANY),
    "programmes.add_programme_side": (None, STAFF),
    "programmes.add_staff_member": (None, STAFF),
    "programmes.delete_programme_side": (None, STAFF),
    "programmes.edit_programme": ((302, 403, 403, 403, 403, 403, 200, 200), STAFF),
    "programmes.edit_sides": ((302, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "programmes.list_staff": ((302, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "programmes.new_programme": ((302, 403, 403, 403, 403, 403, 403, 200), ADMIN),
    "programmes.remove_staff_member": (None, STAFF),
    "programmes.purge_programme": (None, STAFF),
    "programmes.resend_staff_invitation": (None, STAFF),
    "programmes.show_retention": ((302, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "programmes.update_programme_side": (None, STAFF),
    "programmes_api.add_member": (None, STAFF),
    "programmes_api.create_programme": (None, ADMIN),
    "programmes_api.delete_side": (None, STAFF),
    "programmes_api.get_programme": ((401, 200, 200, 200, 200, 403, 200, 200), NOBODY),
    "programmes_api.list_members": ((401, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "programmes_api.list_programmes": ((401, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "programmes_api.remove_member": (None, STAFF),
    "programmes_api.update_programme": (None, STAFF),
    "recommendations.dismiss_notice": (None, MEMBERS),
    "recommendations.edit_recommendation": ((302, 403, 403, 403, 403, 403, 200, 200), STAFF),
    "recommendations.edit_recommendation[draft]": ((302, 403, 403, 200, 403, 403, 200, 200), AUTHORS),  # noqa: E501
    "recommendations.endorse_recommendation": (None, PARTICIPANTS),
    "recommendations.list_recommendations": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "recommendations.new_recommendation": ((302, 403, 403, 200, 403, 403, 200, 200), AUTHORS),
    "recommendations.show_history": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "recommendations.show_recommendation": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "recommendations.show_recommendation[draft]": ((302, 403, 403, 200, 403, 403, 200, 200), NOBODY),  # noqa: E501
    "recommendations.transition_recommendation": (None, AUTHORS),
    "recommendations.withdraw_endorsement": (None, PARTICIPANTS),
    "recommendations_api.create_recommendation": (None, AUTHORS),
    "recommendations_api.endorse_recommendation": (None, PARTICIPANTS),
    "recommendations_api.get_recommendation": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "recommendations_api.get_recommendation[draft]": ((401, 403, 403, 200, 403, 403, 200, 200), NOBODY),  # noqa: E501
    "recommendations_api.list_recommendations": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "recommendations_api.transition_recommendation": (None, AUTHORS),
    "recommendations_api.update_recommendation": (None, STAFF),
    "recommendations_api.withdraw_endorsement": (None, PARTICIPANTS),
    "registrations.confirm_import": (None, STAFF),
    "registrations.decide_registrations": (None, STAFF),
    "registrations.edit_own": ((302, 200, 200, 404, 404, 404, 404, 404), PARTICIPANTS),
    "registrations.erase_account": ((302, 200, 200, 200, 200, 200, 200, 200), SIGNED_IN),
    "registrations.export_account_data": (None, SIGNED_IN),
    "registrations.export_registrations": (None, STAFF),
    "registrations.import_registrations": ((302, 403, 403, 403, 403, 403, 200, 200), STAFF),
    "registrations.list_registrations": ((302, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "registrations.register": ((200, 302, 302, 200, 200, 200, 200, 200), ANY),
    "registrations.show_account_data": ((302, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "registrations.show_own": ((302, 200, 200, 404, 404, 404, 404, 404), NOBODY),
    "registrations.withdraw_own": (None, PARTICIPANTS),
    "registrations_api.create_registration": (None, ANY),
    "registrations_api.decide_registration": (None, STAFF),
    "registrations_api.list_registrations": ((401, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "registrations_api.show_balance": ((401, 403, 403, 403, 403, 403, 200, 200), NOBODY),
    "registrations_api.show_registration": ((401, 200, 403, 403, 403, 403, 200, 200), NOBODY),
    "registrations_api.withdraw_registration": (None, {"participant_a"}),
    "sessions.answer_invitation": (None, PARTICIPANTS),
    "sessions.cancel_session": (None, STAFF),
    "sessions.download_session": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions.edit_note": ((302, 403, 403, 200, 403, 403, 200, 200), AUTHORS),
    "sessions.edit_session": ((302, 403, 403, 403, 403, 403, 200, 200), STAFF),
    "sessions.list_sessions": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions.my_schedule": ((302, 200, 200, 200, 200, 200, 200, 200), NOBODY),
    "sessions.new_note": ((302, 403, 403, 200, 403, 403, 200, 200), AUTHORS),
    "sessions.new_session": ((302, 403, 403, 403, 403, 403, 200, 200), STAFF),
    "sessions.personal_calendar": ((404, 404, 404, 404, 404, 404, 404, 404), NOBODY),
    "sessions.personal_feed": ((302, 200, 200, 200, 200, 200, 200, 200), SIGNED_IN),
    "sessions.programme_calendar": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions.programme_feed": ((302, 200, 200, 200, 403, 403, 200, 200), MEMBERS),
    "sessions.record_attendance": (None, AUTHORS),
    "sessions.show_session": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions.show_session[off_record]": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions.show_timeline": ((302, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions_api.cancel_session": (None, STAFF),
    "sessions_api.create_session": (None, STAFF),
    "sessions_api.list_sessions": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions_api.programme_calendar": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions_api.put_attendance": (None, AUTHORS | {"participant_a"}),
    "sessions_api.show_session": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions_api.show_session[off_record]": ((401, 200, 200, 200, 403, 403, 200, 200), NOBODY),
    "sessions_api.update_session": (None, STAFF),
}
# fmt: on

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
VARIANT = re.compile(r"^(?P<endpoint>[^\[]+)(?:\[(?P<variant>\w+)\])?$")


def test_every_route_has_an_entry(app):
    routed = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    listed = {VARIANT.match(key)["endpoint"] for key in MATRIX}
    assert routed - listed == set(), "routes without an entry in MATRIX"
    assert listed - routed == set(), "entries in MATRIX for routes that no longer exist"


@pytest.mark.parametrize("role", ROLES)
def test_get_answers_as_the_matrix_says(app, world, as_role, role):
    client = as_role(role)
    column = ROLES.index(role)
    wrong = []
    for key, (statuses, _writers) in MATRIX.items():
        if statuses is None:
            continue
        url = _url(app, world, key)
        response = client.get(url, headers=_headers(world, role, url))
        if response.status_code != statuses[column]:
            wrong.append((key, url, statuses[column], response.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_writes_are_refused_to_roles_that_may_not_make_them(app, world, as_role, role):
    client = as_role(role)
    token = _csrf_token(client, role)
    wrong = []
    for key, (_statuses, writers) in MATRIX.items():
        if role in writers:
            continue
        url = _url(app, world, key)
        for method in sorted(_rule(app, key).methods & WRITES):
            response = _write(client, world, role, method, url, token)
            if not _refused(response, role, url):
                wrong.append((key, method, response.status_code, response.location))
    assert wrong == []


def _refused(response, role: str, url: str) -> bool:
    if role == "anonymous" and response.status_code == 302 and not url.startswith("/api/"):
        return response.location.startswith("/login")
    return 400 <= response.status_code < 500


def _write(client, world, role, method, url, token):
    if url.startswith("/api/"):
        return client.open(url, method=method, json={}, headers=world.headers(role))
    return client.open(
        url,
        method=method,
        data={"csrf_token": token},
        headers={"Referer": "http://localhost/account"},
    )


def _csrf_token(client, role: str) -> str:
    page = client.get("/login" if role == "anonymous" else "/account").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _headers(world, role: str, url: str) -> dict:
    return world.headers(role) if url.startswith("/api/") else {}


def _rule(app, key: str):
    endpoint = VARIANT.match(key)["endpoint"]
    return next(rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint)


def _url(app, world, key: str) -> str:
    match = VARIANT.match(key)
    rule = _rule(app, key)
    args = {**world.args, **world.variants.get(match["variant"], {})}
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: args[name] for name in rule.arguments})
