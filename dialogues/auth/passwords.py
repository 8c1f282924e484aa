"""Password hashing (argon2id) and the password policy."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from flask_babel import ngettext
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from dialogues.core.storable import UNSTORABLE, storable

MIN_LENGTH = 10
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_DUMMY_HASH = _hasher.hash("not a real password: evens out the timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; takes as long whether or not there is a hash to check against."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if not storable(password):  # e.g. typed in a terminal that is not UTF-8
        return str(UNSTORABLE)
    if len(password) < MIN_LENGTH:
        return ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", MIN_LENGTH
        )
    lowered = password.lower()
    if lowered in _common_passwords():
        return _("This password is too common; choose another.")
    if email and lowered == email.lower():
        return _("The password must not be your email address.")
    return None
