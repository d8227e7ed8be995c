"""`calldiary list` for one week, answered before the CLI is loaded.

A command line's imports (click, pendulum, TinyDB, orjson) and the parse of the whole diary cost
several times what `calcurse -Q` takes for the same week. This path reads the file, checks its
seal (calldiary.seal), finds the week's records by their start (the seal says where the calls
table is; each record holds one `"start":"<UTC time>"`), parses only those with the standard
library and prints exactly what the CLI prints (`fmt.call_line`; the tests compare both paths
byte for byte). It uses the standard library only (datetime and zoneinfo, which pendulum's
zones are), so pendulum stays the project's time library everywhere else.

Anything unusual gives the question back to the CLI (`lines` returns None): other options than
`--week` and `--db`, a settings file, CALLDIARY_NOW or a zone it would have to guess at, a file
without a holding seal or whose seal has no layout (written by hand, an older calldiary, broken
records set aside, a schema to migrate), a midnight that a DST change skips or repeats. The CLI
then says what it says today, errors included.
"""

from __future__ import annotations

import os
import stat
import sys
from datetime import UTC, date, datetime, timedelta, tzinfo

from calldiary.lines import STATE_LABELS, call_line, day_label
from calldiary.seal import scan, seal_of
from calldiary.settings_check import KEYS, MAX_BYTES, WEEKDAYS

TYPE_CHECKING = False  # (typing itself costs this path more than its week)
if TYPE_CHECKING:
    from typing import Any

# The calls table's header as the current schema writes it (a test checks it against schema.py).
META = b'{"1":{"app":"calldiary","schema":3}}'
_MIN_YEAR, _MAX_YEAR = 1900, 2999
# CALLDIARY_NOW in the one form this path takes: 0 = an ASCII digit (no `re`: it costs more than the week)
_PINNED = ("0000-00-00T00:00:00Z", "0000-00-00T00:00:00+00:00", "0000-00-00T00:00:00-00:00")


def run(args: list[str]) -> bool:
    """Print what `calldiary ARGS` prints and return True; or print nothing and return False
    when the CLI must answer."""
    try:
        found = lines(args, os.environ)
    except Exception:  # whatever it is, the CLI answers it (and names the problem if there is one)
        return False
    text = "\n".join(found) + "\n" if found is not None else ""
    encoding = (sys.stdout.encoding or "").lower().replace("-", "").replace("_", "")
    if found is None or encoding != "utf8" or "\x1b" in text:  # (click would re-encode, or strip escapes)
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # as the CLI does: `calldiary list | head -1` ends quietly
        sys.stderr.close()
        sys.exit(0)
    return True


def lines(args: list[str], environ: os._Environ[str] | dict[str, str]) -> list[str] | None:
    """What `calldiary ARGS` prints, one string a line, for `list [--week [YYYY-Www]]` with the
    defaults; None when the CLI must answer."""
    asked = _arguments(args)
    if asked is None:
        return None
    db, week = asked
    path = db if db is not None else _default_db(environ)
    settings = _settings(environ)
    if path is None or settings is None:
        return None
    week_start, zone_name = settings
    zone = _user_zone(environ, zone_name)
    if zone is None:
        return None
    now = _now(environ, zone)
    if now is None:
        return None
    day = _week_monday(week) if week else now.astimezone(zone).date()
    if day is None:
        return None
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    low, high = _midnight(first, zone), _midnight(first + timedelta(days=7), zone)
    if low is None or high is None:
        return None
    docs = week_docs(path, _utc_text(low), _utc_text(high))
    if docs is None:
        return None
    if not docs:
        last = first + timedelta(days=6)
        return [f"no calls from {day_label(first)} to {day_label(last)} {last.year}"]
    return [_line(doc, zone, now) for doc in docs]


def week_docs(path: str, low: str, high: str) -> list[dict[str, object]] | None:
    """The call documents starting in [low, high) (UTC texts), by (start, id), read without
    parsing the whole file; None when the file is not one this can read that way."""
    try:
        with open(path, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None  # a pipe or a device: read by the CLI alone, never twice
            raw = file.read()
    except OSError:
        return None
    return docs_between(raw, seal_of(raw), low, high)


def docs_between(raw: bytes, seal: dict[str, Any] | None, low: str, high: str) -> list[dict[str, object]] | None:
    """The call documents starting in [low, high) (UTC texts, as `utc_text` writes them) of the
    diary file `raw` whose seal holds (`seal_of(raw)`), by (start, id); None when the file is not
    one this can read that way (no seal, or a seal without the layout of a plain diary)."""
    if seal is None or "calls" not in seal or "meta" not in seal:
        return None
    meta_at, (begin, end) = seal["meta"], seal["calls"]
    if raw[meta_at[0] : meta_at[1]] != META or raw[begin : begin + 1] != b"{" or raw[end - 1 : end] != b"}":
        return None
    docs: dict[str, dict[str, object]] = {}
    for prefix in start_prefixes(low, high):  # one pass over the calls table each (usually one)
        pattern = b'"start":"' + prefix.encode()
        at = raw.find(pattern, begin, end)
        while at != -1:
            if low <= raw[at + 9 : at + 29].decode() < high:
                first = _record_start(raw, begin, at)
                following = _record_start(raw, at, end, forward=True)
                if first < 0:
                    return None
                text = raw[first : end - 1 if following < 0 else following].decode("utf-8")
                doc, size = scan(text)
                if type(doc) is not dict or doc.get("start") != raw[at + 9 : at + 29].decode():
                    return None
                if text[size:][:1] not in ("", ","):
                    return None
                docs[doc["id"]] = doc
            at = raw.find(pattern, at + 29, end)
    return [docs[key] for key in sorted(docs, key=lambda key: (docs[key]["start"], key))]


def start_prefixes(low: str, high: str) -> list[str]:
    """Texts that every start in [low, high) begins with one of: per year of the range, what its
    months there have in common ("2026-1" for October to December): one pass over the file each."""
    months: dict[str, set[str]] = {}
    day = date.fromisoformat(low[:10])
    while day.isoformat() <= high[:10]:
        months.setdefault(day.isoformat()[:5], set()).add(day.isoformat()[:8])
        day += timedelta(days=1)
    prefixes = []
    for _, found in sorted(months.items()):
        first, last = min(found), max(found)
        size = next((n for n, (a, b) in enumerate(zip(first, last, strict=True)) if a != b), len(first))
        prefixes.append(first[:size])
    return prefixes


def _record_start(raw: bytes, low: int, high: int, *, forward: bool = False) -> int:
    """The position of the `{` opening the calls-table record that holds `high` (or, `forward`,
    of the next record after `low`); -1 when there is none.

    In the compact JSON the writer makes, a string's own `"` is always escaped, so `":{"` is a
    key, then `{`, then the first key of an object, unless it is a whole string `":{"` (then
    the next byte is `,` or `}`). In a plain diary (see calldiary.seal) the only objects inside
    the calls table are the records, and their keys are lower-case field names."""
    find = raw.find if forward else raw.rfind
    at = find(b'":{"', low, high)
    while at != -1 and not b"a" <= raw[at + 4 : at + 5] <= b"z":
        at = find(b'":{"', at + 1, high) if forward else find(b'":{"', low, at)
    return at + 2 if at != -1 else -1


def _line(doc: dict[str, object], zone: tzinfo, now: datetime) -> str:
    """`fmt.call_line` of the call `doc`."""
    start = _from_utc_text(str(doc["start"]))
    minutes = int(str(doc["minutes"]))
    local = start.astimezone(zone)
    end = (start + timedelta(minutes=minutes)).astimezone(zone)
    status, direction = doc["status"], doc["direction"]
    if status != "planned":
        state = str(status)
    elif now < start:
        state = "upcoming"
    else:
        state = "needs_outcome" if now.timestamp() >= start.timestamp() + minutes * 60 else "in_progress"
    label = STATE_LABELS[state]
    dialer = "them" if direction == "they_call" else "me"
    if status == "no_show" and doc["no_show_by"] and doc["no_show_by"] != dialer:
        label += f" ({doc['no_show_by']})"
    return call_line(
        str(doc["id"]).replace("-", "")[:8],
        local,
        end,
        label,
        "they call" if direction == "they_call" else "I call",
        _printable(str(doc["contact"])),
        _printable(str(doc["topic"])) if doc["topic"] else "",
    )


def _printable(text: str) -> str:
    """text.printable, whose patterns are compiled only for text that needs them."""
    if text.isascii() and text.isprintable():
        return text
    from calldiary.text import printable

    return printable(text)


# --- the command line, the files and the zone, as the CLI finds them ---------------------


def _arguments(args: list[str]) -> tuple[str | None, str | None] | None:
    """(--db, --week) of `list [--week [W]]` with --db anywhere; None for anything else."""
    db: str | None = None
    week: str | None = None
    command = False
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "list" and not command:
            command = True
        elif arg == "--db" and rest and db is None and not rest[0].startswith("-"):
            db = rest.pop(0)
        elif arg.startswith("--db=") and db is None:
            db = arg[5:]
        elif command and arg == "--week" and week is None:
            week = rest.pop(0) if rest and not rest[0].startswith("-") else ""
        elif command and arg.startswith("--week=") and week is None:
            week = arg[7:]
        else:
            return None
    if not command or db == "":
        return None
    return db, week


def _home(environ: os._Environ[str] | dict[str, str]) -> str | None:
    home = environ.get("HOME", "")
    return home if os.path.isabs(home) else None


def _user_path(environ: os._Environ[str] | dict[str, str], variable: str, xdg: str, fallback: str) -> str | None:
    """paths.expand / paths.user_dir for the plain cases (no `~`, Linux); None otherwise."""
    value = environ.get(variable, "").strip()
    if value:
        return None if value.startswith("~") else value
    if not sys.platform.startswith("linux") or environ.get("ANDROID_DATA"):
        return None
    folder = environ.get(xdg, "")
    if not os.path.isabs(folder):
        home = _home(environ)
        if home is None:
            return None
        folder = os.path.join(home, fallback)
    return folder


def _default_db(environ: os._Environ[str] | dict[str, str]) -> str | None:
    folder = _user_path(environ, "CALLDIARY_DB", "XDG_DATA_HOME", ".local/share")
    if folder is None or environ.get("CALLDIARY_DB", "").strip():
        return folder
    return os.path.join(folder, "calldiary", "diary.json")


def _settings(environ: os._Environ[str] | dict[str, str]) -> tuple[int, str] | None:
    """(the first day of a week, 0 = Monday; the timezone setting) as config.load reads them:
    (0, "") without a settings file. None when the CLI must answer: a settings file it would
    refuse (it says why) or find elsewhere. The same checks as config.load, key by key."""
    folder = _user_path(environ, "CALLDIARY_CONFIG", "XDG_CONFIG_HOME", ".config")
    if folder is None:
        return None
    path = folder if environ.get("CALLDIARY_CONFIG", "").strip() else os.path.join(folder, "calldiary", "config.toml")
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return 0, ""
    except OSError:
        return None
    if len(raw) > MAX_BYTES:
        return None
    import tomllib  # (only for a settings file: with its `re`, it costs more than the week)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
        checked = {key: KEYS[key](value) for key, value in data.items()}
    except (ValueError, KeyError, RecursionError, MemoryError):  # (TOMLDecodeError is a ValueError)
        return None
    return WEEKDAYS.index(checked.get("week_start", WEEKDAYS[0])), checked.get("timezone", "")


def _zone(name: str, *, loose: bool = False) -> tzinfo | None:
    """The zone pendulum's Timezone(name) is (pendulum's zones are zoneinfo's), or None;
    `loose`: as pendulum.timezone(name), which also takes utc in any case."""
    from zoneinfo import ZoneInfo

    if loose and name.lower() == "utc":
        name = "UTC"
    try:
        return ZoneInfo(name)
    except Exception:
        return None


def _user_zone(environ: os._Environ[str] | dict[str, str], setting: str = "") -> tzinfo | None:
    """Clock.from_env's zone: CALLDIARY_TZ, else the timezone setting, else the machine's zone as
    pendulum finds it (TZ naming a zone, /etc/timezone, the /etc/localtime link); None where
    pendulum would look further."""
    name = environ.get("CALLDIARY_TZ", "").strip() or setting
    if name:
        return _zone(name, loose=True)
    if not sys.platform.startswith("linux"):
        return None
    tz = environ.get("TZ")
    if tz:
        tz = tz[1:] if tz[0] == ":" else tz
        return None if not tz or os.path.isfile(tz) else _zone(tz)
    if os.path.isfile("/etc/timezone"):
        with open("/etc/timezone", "rb") as file:
            data = file.read()
        if data.startswith(b"TZif2"):
            return None
        text = data.strip().decode().partition(" ")[0].partition("#")[0]
        return _zone(text.replace(" ", "_"))
    if os.path.exists("/etc/sysconfig/clock") or os.path.exists("/etc/conf.d/clock"):
        return None
    if os.path.isfile("/etc/localtime") and os.path.islink("/etc/localtime"):
        parts = [part.replace(" ", "_") for part in reversed(os.path.realpath("/etc/localtime").split(os.sep))]
        for count in range(1, len(parts) + 1):
            found = _zone(os.sep.join(reversed(parts[:count])))
            if found is not None:
                return found
    return None


def _now(environ: os._Environ[str] | dict[str, str], zone: tzinfo) -> datetime | None:
    """Now (CALLDIARY_NOW when it is a plain ISO 8601 time with its offset); None otherwise."""
    text = environ.get("CALLDIARY_NOW", "").strip()
    if not text:
        return datetime.now(zone)
    if not any(len(text) == len(form) and all(map(_fits, text, form)) for form in _PINNED):
        return None
    pinned = datetime.fromisoformat(text)
    if not _MIN_YEAR < pinned.year < _MAX_YEAR or not _MIN_YEAR <= pinned.astimezone(UTC).year <= _MAX_YEAR:
        return None
    return pinned


def _fits(char: str, form: str) -> bool:
    return "0" <= char <= "9" if form == "0" else char == form


def _week_monday(text: str) -> date | None:
    """clock.parse_week_label for YYYY-Www; None for anything else (the CLI explains)."""
    text = text.strip()
    if len(text) != 8 or text[4:6].upper() != "-W" or not (text[:4] + text[6:]).isdigit():
        return None
    year = int(text[:4])
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date.fromisocalendar(year, int(text[6:]), 1)
    except ValueError:
        return None


def _midnight(day: date, zone: tzinfo) -> datetime | None:
    """The start of `day` in `zone`; None when a DST change skips or repeats that midnight."""
    at = datetime(day.year, day.month, day.day, tzinfo=zone)
    if at.utcoffset() != at.replace(fold=1).utcoffset():
        return None
    return at


def _utc_text(moment: datetime) -> str:
    m = moment.astimezone(UTC)
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}Z"


def _from_utc_text(text: str) -> datetime:
    return datetime(
        int(text[0:4]),
        int(text[5:7]),
        int(text[8:10]),
        int(text[11:13]),
        int(text[14:16]),
        int(text[17:19]),
        tzinfo=UTC,
    )
