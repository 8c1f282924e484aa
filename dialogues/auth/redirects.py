"""Where to send someone after signing in."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None) -> str:
    """Only redirect within this site after signing in; anywhere else goes home."""
    return target if target and _is_local_path(target) else url_for("home.index")


def _is_local_path(target: str) -> bool:
    """A path on this site: no scheme or host (``//host`` is one), no backslash (browsers read it
    as a slash), no control character (a line break would split the ``Location`` header)."""
    if not target.startswith("/") or "\\" in target or not target.isprintable():
        return False
    try:
        parts = urlsplit(target)
    except ValueError:  # "//[": a host that is not one
        return False
    return not parts.scheme and not parts.netloc
