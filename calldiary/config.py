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

from calldiary.errors import CallDiaryError
from calldiary.paths import expand, user_dir
from calldiary.settings_check import DEFAULT_WATCH_PATTERN, KEYS, MAX_BYTES, WEEKDAYS


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


def warnings(settings: Settings) -> list[str]:
    """What `calldiary config` warns about."""
    found = []
    if settings.caldav and settings.caldav.password:
        found.append(f"caldav.password is stored in plain text in {settings.path}; use password_command instead")
    if settings.caldav:
        from calldiary.sync.need import MISSING, caldav_installed

        if not caldav_installed():
            found.append(MISSING)
    return found


def load(path: Path | None = None) -> Settings:
    """The settings file's values over the defaults; a missing file means the defaults."""
    path = path or default_path()
    settings = Settings(path=path)
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)  # a settings file is small; never read /dev/zero forever
    except FileNotFoundError:
        return settings
    except OSError as error:
        raise SettingsError(f"{path}: can't read the settings: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise SettingsError(f"{path}: not a settings file: larger than {MAX_BYTES // 1024} KiB")
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
            checked = check(value)
            setattr(settings, key, CalDav(**checked) if key == "caldav" else checked)
        except ValueError as accepted:
            raise SettingsError(f"{path}: {key} = {value!r} is not accepted; use {accepted}") from None
        settings.sources[key] = f"file {path}"
    return settings
