"""CalDAV sync against a local Radicale started here: the first sync of 1k calls, and a sync with
nothing changed on a 10k-call diary, each beside a floor measured in the same run.

    .venv/bin/python bench/sync.py

Floors: for the first sync, the same 1k events PUT one by one with the bare caldav client; for the
no-change sync, one bare caldav request for the collection's changes (a sync-collection REPORT
with the current token), which is what any sync has to ask at least.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import NOW, build
from bench.timing import best, row
from calldiary.clock import Clock, zone
from calldiary.config import CalDav, Settings
from calldiary.store import Diary
from calldiary.sync.engine import run_sync
from calldiary.sync.mapping import render
from calldiary.sync.remote import Remote
from calldiary.sync.state import records


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_radicale(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    args = ["--server-hosts", f"127.0.0.1:{port}", "--storage-filesystem-folder", str(folder)]
    args += ["--auth-type", "none", "--auth-delay", "0", "--logging-level", "warning"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(400):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return proc, f"http://127.0.0.1:{port}/"
        time.sleep(0.05)
    raise SystemExit("radicale did not start")


def settings(url: str, user: str) -> Settings:
    return Settings(caldav=CalDav(url=url, username=user, password="x"))


def clock() -> Clock:
    import pendulum

    return Clock(zone("Europe/Berlin"), pendulum.parse(NOW))  # type: ignore[arg-type]


def main() -> None:
    from caldav.davclient import DAVClient

    tmp = Path(tempfile.mkdtemp(prefix="calldiary-bench-sync-"))
    proc, url = start_radicale(tmp / "radicale")
    try:
        # --- first sync of 1k calls ---------------------------------------------------------
        if "--no-first" not in sys.argv:  # (the first part takes minutes on a busy machine)
            docs = build(tmp / "k1.json", 1000)
            started = time.perf_counter()
            report = run_sync(Diary(tmp / "k1.json", clock()), settings(url, "first"))
            first = time.perf_counter() - started
            assert report.sent == 1000, report.line()
            client = DAVClient(url=url, username="floor", password="x")
            calendar = client.principal().make_calendar(name="floor")
            texts = [render(doc, uid=doc["id"], sequence=0, remind_before=[10], stamp=clock().now()) for doc in docs]
            started = time.perf_counter()
            for doc, text in zip(docs, texts, strict=True):  # (into another account: same server, same size)
                client.put(str(calendar.url.join(f"{doc['id']}.ics")), text, {"If-None-Match": "*"})
            puts = time.perf_counter() - started
            print("first sync, 1k calls (Radicale on localhost)")
            print(row("calldiary sync", first, puts, "floor: 1k bare caldav PUTs"))

        # --- no change, 10k calls ------------------------------------------------------------
        # 10k PUTs would take an hour on a loaded Radicale: the events (as calldiary writes them)
        # go straight into Radicale's storage folder, and an empty diary receives them all.
        big_docs = build(tmp / "source.json", 10_000, seed=2)
        folder = tmp / "radicale" / "collection-root" / "big" / "calldiary"
        folder.mkdir(parents=True)
        (folder / ".Radicale.props").write_text(
            '{"C:supported-calendar-component-set": "VEVENT", "D:displayname": "calldiary", "tag": "VCALENDAR"}'
        )
        stamp = clock().now()
        for doc in big_docs:
            text = render(doc, uid=doc["id"], sequence=0, remind_before=[10], stamp=stamp)
            (folder / f"{doc['id']}.ics").write_text(text)
        started = time.perf_counter()
        # (Radicale reads and checks all 10k files on the first request: allow it time)
        patient = Remote(url, "big", "x", timeout=900)
        report = run_sync(Diary(tmp / "k10.json", clock()), settings(url, "big"), remote=patient)
        setup = time.perf_counter() - started
        assert report.received == 10_000, report.line()
        print(f"\n(first sync of 10k calls from the server into an empty diary: {setup:.1f} s)")

        def nothing() -> None:
            report = run_sync(Diary(tmp / "k10.json", clock()), settings(url, "big"))
            assert report.line().startswith("sent 0, received 0, merged 0"), report.line()

        quiet = best(nothing, repeat=5)
        token = next(r["token"] for k, r in records(Diary(tmp / "k10.json", clock())).items() if k.startswith("@"))
        big = DAVClient(url=url, username="big", password="x")
        collection = next(c for c in big.principal().calendars() if c.get_display_name() == "calldiary")

        def bare() -> None:
            found = collection.get_objects_by_sync_token(token, disable_fallback=True)
            assert not list(found)

        floor = best(bare, repeat=5)
        print("sync with nothing changed, 10k calls")
        print(row("calldiary sync (in process)", quiet, floor, "floor: one bare sync-collection REPORT"))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "calldiary", "--db", str(tmp / "k10.json"), "sync"],
            env={"CALLDIARY_CONFIG": str(write_config(tmp, url)), "CALLDIARY_NOW": NOW, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )
        print(
            f"  (`calldiary sync` as a command, with Python's start and imports: {time.perf_counter() - started:.2f} s)"
        )
    finally:
        proc.kill()


def write_config(tmp: Path, url: str) -> Path:
    path = tmp / "config.toml"
    path.write_text(f'[caldav]\nurl = "{url}"\nusername = "big"\npassword = "x"\n')
    return path


if __name__ == "__main__":
    main()
