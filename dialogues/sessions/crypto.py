"""Note text encrypted at rest: AES-256-GCM, with the note's id as associated data.

The key comes from ``NOTE_KEY`` (app config or environment: 64 hex digits or URL-safe base64 of
32 bytes), else from ``instance/note_key``, created once. It is never stored in the database, so
a copy of the database alone reveals no note; the associated data stops a ciphertext being
moved to another note.
"""

import base64
import binascii
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from dialogues.config import instance_secret

VERSION = b"\x01"  # leaves room for a key rotation scheme
NONCE_BYTES = 12


class NoteKeyError(RuntimeError):
    """The configured key is unusable: better to stop than to write unreadable notes."""


def note_key() -> bytes:
    configured = current_app.config.get("NOTE_KEY") or os.environ.get("NOTE_KEY")
    if configured:
        return decode_key(configured)
    return decode_key(instance_secret(current_app.instance_path, "note_key"))


def decode_key(text: str) -> bytes:
    text = text.strip()
    try:
        key = bytes.fromhex(text) if len(text) == 64 else base64.urlsafe_b64decode(text)
    except (ValueError, binascii.Error):
        key = b""
    if len(key) != 32:
        raise NoteKeyError("NOTE_KEY must be 32 bytes: 64 hex digits or URL-safe base64.")
    return key


def associated_data(note_id: int) -> bytes:
    return f"session_note:{note_id}".encode()


def encrypt_text(note_id: int, text: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(note_key()).encrypt(nonce, text.encode("utf-8"), associated_data(note_id))
    return VERSION + nonce + sealed


def decrypt_text(note_id: int, blob: bytes) -> str:
    """The note's text; raises ``cryptography.exceptions.InvalidTag`` if tampered with."""
    if not blob:
        return ""
    if blob[:1] != VERSION:
        raise NoteKeyError("This note was encrypted in an unknown format.")
    nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
    plain = AESGCM(note_key()).decrypt(nonce, bytes(sealed), associated_data(note_id))
    return plain.decode("utf-8")
