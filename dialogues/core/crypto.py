"""Secrets sealed at rest with AES-256-GCM; the context (e.g. ``user:7:totp``) is associated data.

Keys come from the app config or environment (``<NAME>`` in upper case: 64 hex digits or
URL-safe base64 of 32 bytes), else from a file of that name in the instance folder, created once.
They are never stored in the database, so a copy of the database alone reveals nothing sealed,
and the associated data stops a ciphertext being moved to another row.
"""

import base64
import binascii
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from dialogues.config import instance_secret

VERSION = b"\x01"
NONCE_BYTES = 12


class SealingKeyError(RuntimeError):
    """A configured key is unusable: better to stop than to write what cannot be read."""


def instance_key(name: str) -> bytes:
    configured = current_app.config.get(name.upper()) or os.environ.get(name.upper())
    return decode_key(configured or instance_secret(current_app.instance_path, name))


def decode_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text) if len(text) == 64 else base64.urlsafe_b64decode(text)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != 32:
        raise SealingKeyError("A key must be 32 bytes: 64 hex digits or URL-safe base64.")
    return key


def seal(key: bytes, context: str, text: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, text.encode(), context.encode())


def unseal(key: bytes, context: str, blob: bytes) -> str:
    """The sealed text; raises ``cryptography.exceptions.InvalidTag`` if tampered with."""
    if blob[:1] != VERSION:
        raise SealingKeyError("Sealed with an unknown format.")
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    return AESGCM(key).decrypt(nonce, bytes(sealed), context.encode()).decode()
