"""What each setting accepts (calldiary.config's keys): one check per key, which returns the
value to use or raises ValueError naming what is accepted.

Standard library only, each module loaded when its check runs: the fast path of `calldiary list`
(calldiary.fastlist) checks a settings file with these same functions before it trusts its
week_start and timezone, so both paths refuse the same files.
"""

from __future__ import annotations

TYPE_CHECKING = False  # (typing itself costs the fast path of `list` more than this module)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIRECTIONS = ("they_call", "i_call")
MAX_BYTES = 1024 * 1024  # a settings file is small; never read /dev/zero forever
DEFAULT_WATCH_PATTERN = r"(?i)^(call|phone|telefonat|anruf)\b"


def zone_known(name: str) -> bool:
    """Whether pendulum.timezone(name) finds a zone: pendulum's zones are zoneinfo's, and it takes
    utc in any case."""
    if name.lower() == "utc":
        return True
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:
        return False
    return True


def _check_week_start(value: Any) -> str:
    """A weekday, written out or abbreviated as in times (mon, tue, tues, wed, thu, thurs, sun)."""
    word = value.strip().lower() if isinstance(value, str) else ""
    found = [day for day in WEEKDAYS if len(word) >= 3 and day.startswith(word)]
    if len(found) == 1:
        return found[0]
    raise ValueError(f"one of {', '.join(WEEKDAYS)} (or mon, tue, ... sun)")


def _check_timezone(value: Any) -> str:
    if isinstance(value, str) and value.strip() and zone_known(value.strip()):
        return value.strip()
    raise ValueError("an IANA time zone name such as Europe/Berlin or America/New_York")


def _check_minutes(value: Any) -> int:
    if type(value) is int and 1 <= value <= 1440:
        return value
    raise ValueError("a whole number of minutes from 1 to 1440")


def _check_direction(value: Any) -> str:
    if value in DIRECTIONS:
        return str(value)
    raise ValueError("they_call or i_call")


def _check_hours(value: Any) -> int:
    if type(value) is int and 0 <= value <= 24 * 30:
        return value
    raise ValueError("a whole number of hours from 0 to 720")


def _check_days(value: Any) -> int:
    if type(value) is int and 1 <= value <= 3660:
        return value
    raise ValueError("a whole number of days from 1 to 3660")


def _check_theme(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ValueError("the name of a Textual theme, e.g. textual-dark, nord, gruvbox")


def _check_caldav(value: Any) -> dict[str, Any]:
    import re

    if not isinstance(value, dict):
        raise ValueError("a [caldav] table with url, username, password_command, calendar, watch, watch_pattern")
    known = {"url", "username", "password_command", "password", "calendar", "watch", "watch_pattern"}
    unknown = sorted(set(value) - known)
    if unknown:
        raise ValueError(f"only these keys in [caldav]: {', '.join(sorted(known))} (not {', '.join(unknown)})")
    url = value.get("url")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ValueError("a [caldav] table whose url starts with http:// or https://")
    texts = {k: value.get(k, "") for k in ("username", "password_command", "password")}
    if any(not isinstance(v, str) for v in texts.values()):
        raise ValueError("text for username, password_command and password")
    calendar = value.get("calendar", "calldiary")
    watch = value.get("watch", [])
    if not isinstance(calendar, str) or not calendar.strip():
        raise ValueError("a calendar name (text) in [caldav]")
    if not isinstance(watch, list) or any(not isinstance(name, str) or not name.strip() for name in watch):
        raise ValueError('watch = a list of calendar names, e.g. ["Work"]')
    pattern = value.get("watch_pattern", DEFAULT_WATCH_PATTERN)
    try:
        re.compile(pattern)
    except (re.error, TypeError):
        raise ValueError("watch_pattern = a regular expression") from None
    return {
        "url": url,
        "calendar": calendar.strip(),
        "watch": [n.strip() for n in watch],
        "watch_pattern": pattern,
        **texts,
    }


def _check_remind_before(value: Any) -> list[int]:
    if type(value) is list and all(type(v) is int and 0 <= v <= 1440 for v in value):
        return sorted(set(value), reverse=True)
    raise ValueError("a list of whole numbers of minutes, each from 0 to 1440, e.g. [30, 10]")


def _check_grace(value: Any) -> int:
    if type(value) is int and 0 <= value <= 1440:
        return value
    raise ValueError("a whole number of minutes from 0 to 1440")


def _check_command(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        import shlex

        try:
            shlex.split(value)
        except ValueError:
            pass
        else:
            return value.strip()
    raise ValueError('a command line such as "~/bin/push-reminder" (it gets the title and the body as arguments)')


KEYS: dict[str, Callable[[Any], Any]] = {
    "week_start": _check_week_start,
    "timezone": _check_timezone,
    "default_minutes": _check_minutes,
    "default_direction": _check_direction,
    "late_cancellation_hours": _check_hours,
    "repeat_window_days": _check_days,
    "theme": _check_theme,
    "remind_before": _check_remind_before,
    "ask_outcome_after": _check_grace,
    "notify_command": _check_command,
    "caldav": _check_caldav,  # (config.load makes its CalDav)
}
