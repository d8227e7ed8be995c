"""The seal: the diary file's last member, written by calldiary's writer and nobody else.

    {"meta":{...},"calls":{...},...,"seal":{"crc32":N,"meta":[A,B],"calls":[C,D]}}

N is the CRC-32 of the file as it would be without the seal (`{"meta":...}`). Only calldiary's
writer seals, and it writes only records that passed the record checks, so a file whose seal
holds is one calldiary wrote, byte for byte: its records need not be checked again one by one
(at 100k calls that costs more than parsing the file), and what the seal says of the layout is
true. A file changed by anything else, by a byte, is checked record by record as before.

"meta" and "calls" (present only when the writer found the diary "plain": the current schema's
header, no broken records, every call document with exactly its fields, so no nested values)
are the byte ranges of those tables' values. They let `calldiary list` find one week's records
without parsing the whole file (calldiary.fastlist). A seal of the first version ({"crc32": N}
alone) still holds; it only lacks the ranges.

This module is imported by the fast path of `calldiary list`: standard library only.
"""

from __future__ import annotations

import zlib

TYPE_CHECKING = False  # (typing itself costs the fast path of `list` more than this module)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    Buffer = bytes | bytearray  # a table's serialized value
    Ranges = dict[str, list[int]]  # table -> [start, end) of its value in the file

SEAL_KEY = "seal"
_scan: Callable[[str, int], tuple[Any, int]] | None = None
# The seal is small: it is looked for in the file's last bytes only.
_TAIL = 1024


def sealed(
    tables: Iterable[tuple[str, Any]], dumps: Callable[[Any], bytes], plain: bool
) -> tuple[list[Buffer], dict[str, Any]]:
    """The file's bytes as parts (their concatenation is the file; no copy of the whole is made),
    and the seal written at their end. `dumps` serializes compactly (orjson.dumps): the parts up
    to the seal are byte for byte `dumps(dict(tables))`."""
    return sealed_bodies(((name, dumps(table)) for name, table in tables), dumps, plain)


def sealed_bodies(
    bodies: Iterable[tuple[str, Buffer]], dumps: Callable[[Any], bytes], plain: bool
) -> tuple[list[Buffer], dict[str, Any]]:
    """`sealed`, from each table's serialized value (`body`) as it goes in the file."""
    parts, ranges = unsealed(bodies, dumps)
    last, seal = seal_part(crc_of(parts), ranges, dumps, plain)
    return [*parts, last], seal


def unsealed(bodies: Iterable[tuple[str, Buffer]], dumps: Callable[[Any], bytes]) -> tuple[list[Buffer], Ranges]:
    """The file's parts up to its seal ("{", then each table's name and value), and where each
    table's value is in the file."""
    parts: list[Buffer] = [b"{"]
    pos = 1
    ranges: Ranges = {}
    for name, body in bodies:
        head = b"%s%s:" % (b"," if pos > 1 else b"", dumps(name))
        parts += (head, body)
        pos += len(head)
        ranges[name] = [pos, pos + len(body)]
        pos += len(body)
    return parts, ranges


def crc_of(parts: Iterable[Buffer]) -> int:
    """The CRC-32 a seal holds for a file whose parts up to its seal are `parts`: that of the
    file as it would be without the seal ("{...}")."""
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    return zlib.crc32(b"}", crc)


def seal_part(crc: int, ranges: Ranges, dumps: Callable[[Any], bytes], plain: bool) -> tuple[bytes, dict[str, Any]]:
    """The file's last part (the seal and the closing brace) after the parts `unsealed` gave."""
    seal: dict[str, Any] = {"crc32": crc}
    if plain and "meta" in ranges and "calls" in ranges:
        seal["meta"], seal["calls"] = ranges["meta"], ranges["calls"]
    return b'%s"%s":%s}' % (b"," if ranges else b"", SEAL_KEY.encode(), dumps(seal)), seal


def seal_of(raw: bytes) -> dict[str, Any] | None:
    """The seal of the file `raw`, when it holds (its CRC matches the bytes before it); else None."""
    found = claimed_seal(raw)
    if found is None or covered_crc(raw, found[1]) != found[0]["crc32"]:
        return None
    return found[0]


def claimed_seal(raw: bytes) -> tuple[dict[str, Any], int] | None:
    """The seal at the end of the file `raw` as written there, not yet checked, and how many of
    the file's first bytes it covers (see `covered_crc`); None when there is none."""
    at = raw.rfind(b'"seal":{', max(0, len(raw) - _TAIL))
    if at <= 0 or not raw.endswith(b"}}") or raw[at - 1 : at] not in (b",", b"{"):
        return None
    try:
        text = raw[at + len(b'"seal":') : -1].decode()
        seal, size = scan(text)
    except ValueError:
        return None
    if size != len(text):
        return None
    if type(seal) is not dict or type(seal.get("crc32")) is not int:
        return None
    return seal, (at - 1 if raw[at - 1 : at] == b"," else at)


def covered_crc(raw: bytes, covered: int) -> int:
    """The CRC-32 of the file `raw` as it would be without its seal: its first `covered` bytes, "}"."""
    return zlib.crc32(b"}", zlib.crc32(memoryview(raw)[:covered]))


def scan(text: str, at: int = 0) -> tuple[Any, int]:
    """The JSON value starting at `text[at]` and the index after it (json.JSONDecoder's
    raw_decode without its whitespace skipping). The standard library's C scanner is used
    directly: `import json` costs the fast path of `list` more than reading its week, most of it
    for the `re` module its pure-Python fallbacks need. NaN, Infinity and -Infinity are refused
    (calldiary never writes them); raises ValueError (or TypeError) for anything not JSON."""
    global _scan
    if _scan is None:
        try:
            from _json import make_scanner
        except ImportError:  # a Python without the C scanner
            import json

            _scan = json.JSONDecoder(parse_constant=_no_constant).scan_once  # type: ignore[attr-defined]
        else:
            _scan = make_scanner(_Context())  # type: ignore[arg-type]
    try:
        return _scan(text, at)
    except StopIteration:
        raise ValueError(f"no JSON value at {at}") from None
    except SystemError:  # the C scanner names its errors with json.decoder's class only once
        raise ValueError(f"not JSON: {text[at : at + 40]!r}") from None  # that module is loaded


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number calldiary writes")


class _Context:
    """What json's C scanner reads from its decoder: json.JSONDecoder()'s defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = staticmethod(_no_constant)
    memo: dict[str, str] = {}
