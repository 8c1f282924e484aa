"""Schemas of the registrations API: registering, the desk's list, decisions and the balance.

Schemas check types; the operations check bounds and meaning (lengths, one side of this
programme, a known country, both consents) in the words the pages use, with the same field
names.
"""

import sqlalchemy as sa
from marshmallow import Schema, fields, pre_dump, validate

from dialogues.api import Id, Instant, PageQuery, instant_text
from dialogues.auth.models import User
from dialogues.registrations import validation
from dialogues.registrations.decisions import API_DECISIONS
from dialogues.registrations.models import ParticipantRole, Registration, RegistrationStatus


def _text(max_length: int, **kwargs) -> fields.String:
    """Text whose bound the operation checks (``validation``), in the words the page uses too;
    here it is only documented."""
    return fields.String(metadata={"maxLength": max_length}, **kwargs)


class RegistrationInputSchema(Schema):
    name = _text(validation.MAX_NAME)
    email = fields.String(validate=validate.Length(max=254))
    password = fields.String(validate=validate.Length(max=1024), load_only=True)
    side_id = Id(required=True)
    affiliation = _text(
        validation.MAX_AFFILIATION,
        required=True,
        error_messages={"required": validation.MISSING_AFFILIATION},
    )
    role = fields.Enum(ParticipantRole, by_value=True, required=True)
    nationality = fields.String(
        required=True,
        validate=validate.Length(max=100),
        metadata={"description": "ISO 3166-1 alpha-2 code, e.g. CN."},
    )
    languages = fields.List(
        fields.String(),
        load_default=list,
        metadata={
            "description": 'ISO 639 codes, e.g. ["en", "zh"].',
            "maxItems": validation.MAX_LANGUAGES,
        },
    )
    access_needs = _text(validation.MAX_ACCESS_NEEDS, load_default="")
    consent_data_processing = fields.Boolean(required=True)
    accepts_confidentiality_rule = fields.Boolean(required=True)
    consents_to_attribution = fields.Boolean(
        load_default=False,
        metadata={
            "description": "The person agrees to be named. Kept only where something can be on "
            "the record (the programme or one of its sessions); it can always be withdrawn."
        },
    )


class RegistrationSchema(Schema):
    """A registration; ``name`` and ``email`` are null once the person erased their account."""

    id = fields.Integer(required=True)
    programme_id = fields.Integer(required=True)
    side_id = fields.Integer(required=True)
    user_id = fields.Integer(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    email = fields.String(required=True, allow_none=True)
    status = fields.Enum(RegistrationStatus, by_value=True, required=True)
    affiliation = fields.String(required=True)
    role = fields.Enum(ParticipantRole, by_value=True, required=True)
    nationality = fields.String(required=True)
    languages = fields.List(fields.String(), required=True)
    access_needs = fields.String(required=True)
    consents_to_attribution = fields.Boolean(required=True)
    consent_version = fields.String(required=True)
    created_at = Instant(required=True)
    decided_at = Instant(required=True, allow_none=True)

    @pre_dump
    def person(self, registration: Registration, **_kwargs) -> dict:
        person_fields = {"name", "email"}
        values = {
            key: getattr(registration, key) for key in self.fields if key not in person_fields
        }
        user = registration.user
        values["name"], values["email"] = (user.name, user.email) if user else (None, None)
        return values


def _account(column) -> sa.ScalarSelect:
    """One column of the registration's account (NULL once erased), read per row.

    A subquery, not a join: the list is counted as ``count(*)`` over this select, and SQLite
    then skips the subqueries, whereas it runs a join for every registration counted (3,000
    accepted: about 0.3 ms instead of 2.8 ms).
    """
    return sa.select(column).where(User.id == Registration.user_id).scalar_subquery()


# What ``registration_row`` reads: a registration's columns and its account's name and email.
ROW_COLUMNS = (
    Registration.id,
    Registration.programme_id,
    Registration.side_id,
    Registration.user_id,
    _account(User.name),
    _account(User.email),
    Registration.status,
    Registration.affiliation,
    Registration.role,
    Registration.nationality,
    Registration.languages,
    Registration.access_needs,
    Registration.consents_to_attribution,
    Registration.consent_version,
    Registration.created_at,
    Registration.decided_at,
)


def rows_statement() -> sa.Select:
    """``select`` of ``ROW_COLUMNS``, each registration with its account (if not erased)."""
    return sa.select(*ROW_COLUMNS)


def registration_row(row) -> dict:
    """What ``RegistrationSchema`` dumps, from one row of a page of ``rows_statement``: its
    columns, then the list's total, as ``paginate_rows`` reads them. (A list of fifty is built
    directly: marshmallow's per-field work was most of the list's time.)"""
    (
        registration_id, programme_id, side_id, user_id, name, email, status, affiliation,
        role, nationality, languages, access_needs, attribution, version, created, decided, _total,
    ) = row  # fmt: skip
    return {
        "id": registration_id,
        "programme_id": programme_id,
        "side_id": side_id,
        "user_id": user_id,
        "name": name,
        "email": email,
        "status": RegistrationStatus(status).value,
        "affiliation": affiliation,
        "role": ParticipantRole(role).value,
        "nationality": nationality,
        "languages": [str(code) for code in languages],
        "access_needs": access_needs,
        "consents_to_attribution": bool(attribution),
        "consent_version": version,
        "created_at": instant_text(created),
        "decided_at": instant_text(decided),
    }


class RegistrationListQuery(PageQuery):
    status = fields.Enum(RegistrationStatus, by_value=True)
    side_id = Id()


class RegistrationDecisionSchema(Schema):
    status = fields.String(
        required=True,
        validate=validate.OneOf([status.value for status in API_DECISIONS]),
        metadata={"description": "accepted, waitlisted or declined."},
    )


class SideBalanceSchema(Schema):
    side_id = fields.Integer(required=True)
    name = fields.String(required=True)
    capacity = fields.Integer(required=True, allow_none=True)
    pending = fields.Integer(required=True)
    accepted = fields.Integer(required=True)
    waitlisted = fields.Integer(required=True)
    declined = fields.Integer(required=True)
    withdrawn = fields.Integer(required=True)


class BalanceSchema(Schema):
    sides = fields.List(fields.Nested(SideBalanceSchema), required=True)
    parity = fields.Float(
        required=True,
        metadata={
            "description": "Fewest accepted on a side ÷ most: 1.0 balanced, 0 if a side has none."
        },
    )
    parity_threshold = fields.Float(required=True)
