"""Benchmarks of the diary store and the `calldiary list` command.

    python bench/store.py [--sizes 1000,10000,100000]

Each figure is printed with its floor, measured in the same run, and their ratio:
- load:          opening a diary (parse, check, index) vs. orjson.loads of the same bytes
- week query:    one week's calls vs. building those Call objects from already-parsed documents
- status change: a durable `mark` vs. orjson.dumps of the whole diary + an atomic, fsynced replace
                 of a file that size (TinyDB's default JSONStorage shown for comparison)
- list process:  `calldiary list` for one week vs. `calcurse -Q` for the same week of the same
                 calls (when calcurse is installed) and vs. a bare `python -c pass`
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import NOW, TZ, build, calcurse_dir
from bench.timing import best, row
from calldiary.clock import Clock, week_bounds, zone
from calldiary.model import Status, from_doc
from calldiary.store import Diary


def durable_floor(folder: Path, data: dict) -> None:
    payload = orjson.dumps(data)
    temp = folder / "floor.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, payload)
    os.fsync(fd)
    os.close(fd)
    os.replace(temp, folder / "floor.json")
    dfd = os.open(folder, os.O_RDONLY)
    os.fsync(dfd)
    os.close(dfd)


def tinydb_default_change(path: Path, doc_id: str, flip: list[int]) -> None:
    from tinydb import TinyDB
    from tinydb.table import Table

    class Plain(TinyDB):  # TinyDB's default JSONStorage; calls keyed by UUID as in calldiary
        table_class = type("UuidTable", (Table,), {"document_id_class": str})

    flip[0] ^= 1
    with Plain(path) as db:
        db.table("calls").update({"status": "kept" if flip[0] else "planned"}, doc_ids=[doc_id])


def process_time(cmd: list[str], env: dict[str, str]) -> float:
    def once() -> None:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    return best(once, repeat=9)


def bench_size(folder: Path, count: int, clock: Clock) -> None:
    path = folder / f"diary-{count}.json"
    docs = build(path, count)
    raw = path.read_bytes()
    print(f"\n{count:,} calls ({len(raw) / 1e6:.1f} MB)")

    print(row("load", best(lambda: Diary(path, clock), repeat=5), best(lambda: orjson.loads(raw), repeat=5)))

    diary = Diary(path, clock)
    low, high = week_bounds(clock, clock.today())
    week_docs = [d for d in docs if pendulum.parse(d["start"]) >= low and pendulum.parse(d["start"]) < high]
    query = best(lambda: diary.between(low, high), number=20)
    floor = best(lambda: [from_doc(d) for d in week_docs], number=20)
    print(row("week query", query, floor, f"({len(week_docs)} calls)"))

    past = next(d["id"] for d in docs if d["start"] < "2026-11-26")
    flip = [Status.KEPT, Status.PLANNED]
    state = [0]

    def change() -> None:
        state[0] ^= 1
        diary.mark(past, flip[state[0]])

    data = orjson.loads(raw)
    mark = best(change, repeat=15)
    floor = best(lambda: durable_floor(folder, data), repeat=15)
    print(row("durable status change", mark, floor))
    if count <= 10_000:
        plain = folder / f"tinydb-{count}.json"
        shutil.copy(path, plain)
        tiny = best(lambda: tinydb_default_change(plain, past, [0]), repeat=5)
        print(row("  (TinyDB JSONStorage, same change)", tiny, floor, "not durable, not atomic"))

    if count == 10_000:
        env = dict(os.environ, CALLDIARY_NOW=NOW, CALLDIARY_TZ=TZ, TZ="UTC")
        env.pop("CALLDIARY_DB", None)
        mine = process_time([sys.executable, "-m", "calldiary", "--db", str(path), "list"], env)
        bare = process_time([sys.executable, "-c", "pass"], env)
        print(row("calldiary list (process)", mine, bare, "floor: python -c pass"))
        calcurse = shutil.which("calcurse")
        if calcurse:
            cdir = calcurse_dir(folder / "calcurse", docs)
            theirs = process_time([calcurse, "-D", str(cdir), "-Q", "--from", "11/23/2026", "--days", "7"], env)
            print(row("calldiary list vs calcurse -Q", mine, theirs, "floor: calcurse -Q, same week"))
        else:
            print("  calcurse not installed: `apt-get install calcurse` to compare with it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    clock = Clock(zone(TZ), pendulum.parse(NOW).in_tz(TZ))
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        for count in (int(n) for n in args.sizes.split(",")):
            bench_size(Path(tmp), count, clock)


if __name__ == "__main__":
    main()
