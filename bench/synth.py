"""Synthetic diaries for the benchmarks: N calls around a pinned "now", about 8 a day."""

from __future__ import annotations

import random
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pendulum

from calldiary.clock import Clock, zone
from calldiary.store import Diary

NOW = "2026-11-26T15:00:00+01:00"
TZ = "Europe/Berlin"
NAMES = ["Ann Lee", "Bob Ortiz", "Chen Wei", "Dana Kim", "Eli Novak", "Fay Moss", "Gus Hale", "Hana Ito"]
STATUSES = ["kept", "kept", "kept", "no_show", "cancelled", "planned"]


def starts(count: int) -> list[datetime]:
    """`count` call starts, 8 working-hour slots a day, centred on NOW."""
    centre = datetime(2026, 11, 26, 8, tzinfo=UTC)
    first_day = -(count // 8) // 2
    return [centre + timedelta(days=first_day + n // 8, hours=n % 8) for n in range(count)]


def build(path: Path, count: int, seed: int = 1) -> list[dict]:
    """Write a calldiary diary of `count` calls to `path`; returns the call documents."""
    rng = random.Random(seed)
    docs = []
    for start in starts(count):
        text = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        status = rng.choice(STATUSES)
        docs.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "contact": rng.choice(NAMES),
                "start": text,
                "tz": TZ,
                "minutes": rng.choice([15, 30, 30, 45, 60]),
                "direction": rng.choice(["they_call", "i_call"]),
                "topic": rng.choice(["Intro", "Pricing", "Follow-up", "Contract review", ""]),
                "notes": rng.choice(["", "Read their site first.", "Ask about budget and timeline."]),
                "link": rng.choice(["", "+49 30 1234567", "https://meet.example.com/abc-defg"]),
                "status": status,
                "cancelled_by": rng.choice(["me", "them"]) if status == "cancelled" else None,
                "reason": "",
                "outcome_at": text if status not in ("planned",) else None,
                "created": text,
                "updated": text,
            }
        )
    data = {"meta": {"1": {"app": "calldiary", "schema": 1}}, "calls": {d["id"]: d for d in docs}}
    path.write_bytes(orjson.dumps(data))
    path.chmod(0o600)
    return docs


def pinned_clock() -> Clock:
    """The clock every benchmark runs on: NOW in TZ."""
    return Clock(zone(TZ), pendulum.parse(NOW).in_tz(TZ))


@contextmanager
def built_diary(count: int, seed: int = 1) -> Iterator[Diary]:
    """A Diary of `count` synthetic calls (see build) in a temp folder, on the pinned clock;
    the folder is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        path = Path(tmp) / f"diary-{count}.json"
        build(path, count, seed)
        diary = Diary(path, pinned_clock())
        try:
            yield diary
        finally:
            diary.close()


def calcurse_dir(folder: Path, docs: list[dict]) -> Path:
    """The same calls as calcurse appointments (times in UTC, calcurse run with TZ=UTC)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc in docs:
        start = datetime.fromisoformat(doc["start"])
        end = start + timedelta(minutes=doc["minutes"])
        lines.append(f"{start:%m/%d/%Y @ %H:%M} -> {end:%m/%d/%Y @ %H:%M} |{doc['contact']} - {doc['topic']}")
    (folder / "apts").write_text("\n".join(lines) + "\n")
    (folder / "todo").write_text("")
    return folder
