"""Settings: a TOML file in the user's config folder (CALLDIARY_CONFIG overrides the path).

week_start = "monday"              # the first day of a week: monday ... sunday
timezone = "Europe/Berlin"         # IANA zone; default: the machine's (CALLDIARY_TZ wins)
default_minutes = 30               # length of a new call, 1 to 1440
default_direction = "they_call"    # they_call or i_call
late_cancellation_hours = 24       # a cancellation less than this before the start is late
repeat_window_days = 90            # the review's repeat no-shows look this far back from the week's end
theme = "nord"                     # a Textual theme; default: the one last chosen in the app
remind_before = [10]               # minutes before a call to remind of it, each 0 to 1440; [] for none
ask_outcome_after = 15             # minutes after a call's end to ask for its outcome, 0 to 1440
notify_command = "~/bin/push"      # runs with the title and body; default: notify-send, else stdout

[caldav]                           # sync with a CalDAV server (see README "Sync")
url = "https://dav.example.com/"
username = "ann"
password_command = "pass show dav"   # its first line of output is the password
calendar = "calldiary"               # created on first sync if missing
watch = ["Work"]                     # further calendars, read only
watch_pattern = "(?i)^(call|phone|telefonat|anruf)\\b"
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pendulum

from calldiary.errors import CallDiaryError
from calldiary.paths import expand, user_dir

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DIRECTIONS = ("they_call", "i_call")


class SettingsError(CallDiaryError):
    """A settings file that can't be used: the message names the key and what it accepts."""


def default_path() -> Path:
    env = os.environ.get("CALLDIARY_CONFIG", "").strip()
    if env:
        return expand(env, "CALLDIARY_CONFIG")
    return user_dir("config", "CALLDIARY_CONFIG") / "config.toml"


@dataclass
class Settings:
    week_start: str = "monday"
    timezone: str = ""  # "" = the machine's zone
    default_minutes: int = 30
    default_direction: str = "they_call"
    late_cancellation_hours: int = 24
    repeat_window_days: int = 90
    theme: str = ""  # "" = the theme last chosen in the app
    caldav: CalDav | None = None
    remind_before: list[int] = field(default_factory=lambda: [10])
    ask_outcome_after: int = 15
    notify_command: str = ""  # "" = notify-send when on PATH, else stdout
    path: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def week_start_index(self) -> int:
        return WEEKDAYS.index(self.week_start)

    def effective(self) -> list[tuple[str, Any, str]]:
        """(key, value, where it comes from) for `calldiary config`."""
        rows = []
        for key in KEYS:
            value = getattr(self, key)
            source = self.sources.get(key, "default")
            if key == "timezone" and os.environ.get("CALLDIARY_TZ", "").strip():
                value, source = os.environ["CALLDIARY_TZ"].strip(), "environment (CALLDIARY_TZ)"
            elif key == "timezone" and not value:
                value = _machine_zone()
                source = "default (the machine's zone)"
            elif key == "theme" and not value:
                value, source = "(the one last chosen in the app)", "default"
            elif key == "caldav":
                value = value.shown() if value else "(not set: no sync)"
            elif key == "notify_command" and not value:
                value, source = "(notify-send when on PATH, else stdout)", "default"
            rows.append((key, value, source))
        return rows


def _machine_zone() -> str:
    from pendulum.tz.local_timezone import get_local_timezone

    try:
        return str(get_local_timezone().name)
    except Exception:
        return "UTC"


def _check_week_start(value: Any) -> str:
    """A weekday, written out or abbreviated as in times (mon, tue, tues, wed, thu, thurs, sun)."""
    word = value.strip().lower() if isinstance(value, str) else ""
    found = [day for day in WEEKDAYS if len(word) >= 3 and day.startswith(word)]
    if len(found) == 1:
        return found[0]
    raise ValueError(f"one of {', '.join(WEEKDAYS)} (or mon, tue, ... sun)")


def _check_timezone(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        try:
            pendulum.timezone(value.strip())
            return value.strip()
        except Exception:
            pass
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


DEFAULT_WATCH_PATTERN = r"(?i)^(call|phone|telefonat|anruf)\b"


@dataclass
class CalDav:
    """The [caldav] table: where to sync, as whom, and which further calendars to read."""

    url: str
    username: str = ""
    password_command: str = ""
    password: str = ""
    calendar: str = "calldiary"
    watch: list[str] = field(default_factory=list)
    watch_pattern: str = DEFAULT_WATCH_PATTERN

    def shown(self) -> dict[str, Any]:
        """The table as `calldiary config` prints it: never the password itself."""
        shown = {k: v for k, v in vars(self).items() if k != "password" and (v or k in ("url", "calendar"))}
        if self.password:
            shown["password"] = "(set, in plain text)"
        return shown


def _check_caldav(value: Any) -> CalDav:
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
    return CalDav(url=url, calendar=calendar.strip(), watch=[n.strip() for n in watch], watch_pattern=pattern, **texts)


def warnings(settings: Settings) -> list[str]:
    """What `calldiary config` warns about."""
    if settings.caldav and settings.caldav.password:
        return [f"caldav.password is stored in plain text in {settings.path}; use password_command instead"]
    return []


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


KEYS = {
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
    "caldav": _check_caldav,
}


_MAX_BYTES = 1024 * 1024


def load(path: Path | None = None) -> Settings:
    """The settings file's values over the defaults; a missing file means the defaults."""
    path = path or default_path()
    settings = Settings(path=path)
    try:
        with open(path, "rb") as file:
            raw = file.read(_MAX_BYTES + 1)  # a settings file is small; never read /dev/zero forever
    except FileNotFoundError:
        return settings
    except OSError as error:
        raise SettingsError(f"{path}: can't read the settings: {error.strerror or error}") from None
    if len(raw) > _MAX_BYTES:
        raise SettingsError(f"{path}: not a settings file: larger than {_MAX_BYTES // 1024} KiB")
    import tomllib  # only when there is a settings file

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from None
    except (RecursionError, MemoryError):
        raise SettingsError(f"{path}: not a settings file: its values nest far too deep") from None
    for key, value in data.items():
        check = KEYS.get(key)
        if check is None:
            raise SettingsError(f"{path}: unknown setting {key!r}; known settings: {', '.join(KEYS)}")
        try:
            setattr(settings, key, check(value))
        except ValueError as accepted:
            raise SettingsError(f"{path}: {key} = {value!r} is not accepted; use {accepted}") from None
        settings.sources[key] = f"file {path}"
    return settings
