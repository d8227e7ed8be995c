"""Sync is an optional extra (`pip install 'calldiary[sync]'`): the caldav library and what it
pulls in (niquests, urllib3-future, whose .pth file runs at every Python start) are installed
only by those who sync. These are the checks that say so in one line instead of a traceback."""

from __future__ import annotations

from calldiary.errors import CallDiaryError

MISSING = "sync needs the caldav package, which is not installed: pip install 'calldiary[sync]'"
HEADER = "no sync: pip install 'calldiary[sync]'"  # the app's header (the full line is a notification)


def caldav_installed() -> bool:
    """Whether the caldav library can be found, without importing it (its import takes ~1 s)."""
    from importlib.util import find_spec

    try:
        return find_spec("caldav") is not None
    except (ImportError, ValueError):
        return False


def require_caldav() -> None:
    """Import the caldav client (sync needs it next anyway), or raise one clear line."""
    try:
        import caldav.davclient  # noqa: F401
    except ImportError:
        raise CallDiaryError(MISSING) from None
