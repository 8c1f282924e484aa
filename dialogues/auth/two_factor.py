"""Two-factor sign-in with TOTP (pyotp) and ten single-use recovery codes.

Setting it up, turning it off and getting new recovery codes ask for the password again (wrong
guesses count towards the sign-in limits). Code entry is rate-limited per account, and a TOTP code
is accepted once only. While two-factor is on it cannot be set up again: the new secret would
replace the one in use before it is confirmed, leaving the account without it.
"""

import hashlib
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from dialogues.auth.account import confirm_password
from dialogues.auth.models import RecoveryCode, User
from dialogues.core import audit, throttle
from dialogues.core.crypto import instance_key, seal, unseal
from dialogues.core.errors import Conflict, RateLimited, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.extensions import db

ISSUER = "Dialogues"
RECOVERY_CODES = 10
FAILURES_ALLOWED = 5
FAILURE_WINDOW = 15 * 60


def begin_setup(user: User, password: str) -> str:
    """Make a new secret (not yet active) and return its otpauth:// URI for the QR code."""
    _refuse_if_on(user)
    confirm_password(user, password)
    secret = pyotp.random_base32()
    user.totp_secret = seal(_key(), _context(user), secret)
    return provisioning_uri(user)


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(_secret(user)).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def confirm_setup(user: User, code: str) -> list[str]:
    """Turn two-factor on with a first valid code; return the recovery codes, shown once."""
    _refuse_if_on(user)
    if user.totp_secret is None or not _totp_matches(user, code):
        message = _("That code is not valid. Check the time on your phone.")
        raise ValidationFailed({"code": [message]})
    user.two_factor_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    audit.record("user.two_factor_enable", user, actor=user)
    return codes


def disable(user: User, password: str) -> None:
    if is_required(user):
        raise Conflict(_("Administrators and coordinators must keep two-factor sign-in on."))
    confirm_password(user, password)
    _turn_off(user)
    audit.record("user.two_factor_disable", user, actor=user)


def reset_lost(user: User) -> None:
    """For someone who lost their phone and recovery codes (an administrator's command): turn
    two-factor off and sign them out everywhere. A role that requires it sets it up again at
    the next sign-in, before anything else."""
    _turn_off(user)
    user.end_all_sessions()
    audit.record("user.two_factor_reset", user)


def _turn_off(user: User) -> None:
    user.totp_secret = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def replace_recovery_codes(user: User, password: str, code: str) -> list[str]:
    """Ten new recovery codes in place of the old ones, with the password and a current code."""
    confirm_password(user, password)
    if user.two_factor_enabled_at is None or not verify(user, code):
        raise ValidationFailed({"code": [_("That code is not valid.")]})
    codes = _new_recovery_codes(user)
    audit.record("user.two_factor_new_recovery_codes", user, actor=user)
    return codes


def verify(user: User, code: str) -> bool:
    """Check a sign-in code (TOTP or recovery code), counting failures against the limit."""
    limit = throttle.Limit(f"2fa:account:{user.id}", FAILURES_ALLOWED, FAILURE_WINDOW)
    if (wait := throttle.first_exceeded([limit])) is not None:
        raise RateLimited(wait)
    code = code.strip().replace(" ", "").replace("-", "")
    if _totp_matches(user, code) or _use_recovery_code(user, code):
        throttle.counter().clear(limit.key)
        return True
    throttle.counter().add(limit.key)
    audit.record("login.two_factor_failed", user, actor=user)
    return False


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _totp_matches(user: User, code: str) -> bool:
    if not (code.isdigit() and len(code) == 6) or user.totp_secret is None:
        return False
    totp = pyotp.TOTP(_secret(user))
    now = time.time()
    for drift in (-1, 0, 1):  # one step either way for clocks that are slightly off
        step = totp.timecode(now + drift * totp.interval)
        if secrets.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # already used: no replay
            user.totp_last_step = step
            return True
    return False


def _use_recovery_code(user: User, code: str) -> bool:
    row = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(code.lower()),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    audit.record("login.recovery_code_used", user, actor=user)
    return True


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_digest(c)) for c in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _refuse_if_on(user: User) -> None:
    if user.two_factor_enabled_at is not None:
        raise Conflict(_("Two-factor sign-in is already on."))


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _key() -> bytes:
    return instance_key("totp_key")


def _context(user: User) -> str:
    return f"user:{user.id}:totp"


def _secret(user: User) -> str:
    return unseal(_key(), _context(user), user.totp_secret)


def is_required(user: User) -> bool:
    """Administrators and coordinators must use two-factor (where the installation requires it)."""
    policy = current_app.extensions.get("dialogues.two_factor_policy")
    return bool(current_app.config["TWO_FACTOR_REQUIRED"]) and policy is not None and policy(user)
