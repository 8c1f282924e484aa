"""Note text encrypted at rest: AES-256-GCM (``core.crypto``), the note's id as associated data.

The key comes from ``NOTE_KEY`` (app config or environment: 64 hex digits or URL-safe base64 of
32 bytes), else from ``instance/note_key``, created once. It is never stored in the database, so
a copy of the database alone reveals no note; the associated data stops a ciphertext being
moved to another note.
"""

from dialogues.core.crypto import SealingKeyError, decode_key, instance_key, seal, unseal

NoteKeyError = SealingKeyError  # the configured key is unusable
__all__ = ["NoteKeyError", "decode_key", "decrypt_text", "encrypt_text"]


def associated_data(note_id: int) -> str:
    return f"session_note:{note_id}"


def encrypt_text(note_id: int, text: str) -> bytes:
    return seal(instance_key("note_key"), associated_data(note_id), text)


def decrypt_text(note_id: int, blob: bytes) -> str:
    """The note's text; raises ``cryptography.exceptions.InvalidTag`` if tampered with."""
    if not blob:
        return ""
    return unseal(instance_key("note_key"), associated_data(note_id), blob)
