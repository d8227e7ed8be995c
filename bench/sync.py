"""CalDAV sync against a local Radicale started here: the first sync of 1k calls, and a sync with
nothing changed on a 10k-call diary, each beside a floor measured in the same run.

    .venv/bin/python bench/sync.py              # both parts
    .venv/bin/python bench/sync.py --no-first   # only the 10k no-change part

Floors: for the first sync, the same 1k events PUT one by one with the bare caldav client; for the
no-change sync, one bare caldav request for the collection's changes (a sync-collection REPORT
with the current token), which is what any sync has to ask at least: in process (a sync call vs
that request) and as whole processes (`calldiary sync` vs a Python process that imports caldav
and makes that one request).
"""

from __future__ import annotations

import os
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
from calldiary.sync.remote import Remote, canonical
from calldiary.sync.state import TABLE

ROUNDS = 7


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


def first_sync(tmp: Path, url: str) -> None:
    from caldav.davclient import DAVClient

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


def synced_state(path: Path, url: str) -> tuple[str, str]:
    """Give the diary at `path` the state a sync with the server's calendar leaves: each call's
    href, etag and base; the calendar's URL and sync token. Returns (calendar URL, token)."""
    remote = Remote(url, "big", "x", timeout=1800)  # (Radicale reads all 10k files first: be patient)
    calendar = remote.calendar("calldiary", create=False)
    listing = remote.listing(calendar, None)
    assert listing.token and len(listing.changed) == 10_000, len(listing.changed)
    ckey = canonical(calendar.url)

    def change(data: dict) -> bool:
        table = data.setdefault(TABLE, {})
        for call_id, doc in data["calls"].items():
            href = canonical(calendar.url.join(f"{call_id}.ics"))
            table[call_id] = {
                "href": href, "etag": listing.changed[href], "cal": ckey, "kind": "own",
                "uid": call_id, "seq": 0, "base": dict(doc), "history": [],
            }  # fmt: skip
        table["@" + ckey] = {"token": listing.token, "day": clock().today().isoformat()}
        table[f"#calldiary|big|{url}"] = {"url": str(calendar.url)}
        return True

    Diary(path, clock()).transact(change)
    return str(calendar.url), listing.token


BARE = """
import sys
from caldav.collection import Calendar
from caldav.davclient import DAVClient
calendar = Calendar(client=DAVClient(url=sys.argv[1], username="big", password="x"), url=sys.argv[2])
assert not list(calendar.get_objects_by_sync_token(sys.argv[3], disable_fallback=True))
"""


def no_change(tmp: Path, url: str) -> None:
    from caldav.collection import Calendar
    from caldav.davclient import DAVClient
    from caldav.lib.url import URL

    # 10k PUTs would take an hour on a loaded Radicale, and receiving 10k events from it half of
    # that: the events (as calldiary writes them) go straight into Radicale's storage folder, and
    # the diary gets the state a sync would have left, from one listing of the collection. A phone
    # edit at the end checks that this state is the real thing (the next sync receives the edit).
    docs = build(tmp / "k10.json", 10_000, seed=2)
    folder = tmp / "radicale" / "collection-root" / "big" / "calldiary"
    folder.mkdir(parents=True)
    (folder / ".Radicale.props").write_text(
        '{"C:supported-calendar-component-set": "VEVENT", "D:displayname": "calldiary", "tag": "VCALENDAR"}'
    )
    stamp = clock().now()
    for doc in docs:
        (folder / f"{doc['id']}.ics").write_text(
            render(doc, uid=doc["id"], sequence=0, remind_before=[10], stamp=stamp)
        )
    started = time.perf_counter()
    cal_url, token = synced_state(tmp / "k10.json", url)
    print(
        f"(setup: Radicale's first listing of the 10k events, and the diary's sync state: "
        f"{time.perf_counter() - started:.1f} s)"
    )

    def ours() -> None:
        report = run_sync(Diary(tmp / "k10.json", clock()), settings(url, "big"))
        assert report.line().startswith("sent 0, received 0, merged 0, deleted here 0, deleted there 0"), report.line()

    def bare() -> None:  # a client of its own, as a sync makes one
        calendar = Calendar(client=DAVClient(url=url, username="big", password="x"), url=cal_url)
        assert not list(calendar.get_objects_by_sync_token(token, disable_fallback=True))

    ours()  # (warm: the first one after the setup may still find Radicale's caches cold)
    pairs = []
    for _ in range(ROUNDS):  # interleaved, so both see the same load
        pairs.append((best(ours, repeat=1), best(bare, repeat=1)))
    sync_s, floor_s = min(p[0] for p in pairs), min(p[1] for p in pairs)
    ratios = sorted(a / b for a, b in pairs)
    print("sync with nothing changed, 10k calls (in process, best of interleaved rounds)")
    print(row("run_sync (diary opened fresh)", sync_s, floor_s, "floor: one bare sync-collection REPORT"))
    print(f"  (ratio of each pair: median {ratios[len(ratios) // 2]:.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x)")

    config = tmp / "config.toml"
    config.write_text(f'[caldav]\nurl = "{url}"\nusername = "big"\npassword = "x"\n')
    env = dict(os.environ, CALLDIARY_CONFIG=str(config), CALLDIARY_NOW=NOW, CALLDIARY_DB=str(tmp / "k10.json"))
    command = [sys.executable, "-m", "calldiary", "sync"]
    floor_command = [sys.executable, "-c", BARE, url, cal_url, token]

    def process(args: list[str]) -> float:
        started = time.perf_counter()
        done = subprocess.run(args, env=env, capture_output=True, text=True)
        took = time.perf_counter() - started
        assert done.returncode == 0, done.stderr
        return took

    pairs = [(process(command), process(floor_command)) for _ in range(ROUNDS)]
    sync_s, floor_s = min(p[0] for p in pairs), min(p[1] for p in pairs)
    ratios = sorted(a / b for a, b in pairs)
    print("sync with nothing changed, 10k calls (whole processes, best of interleaved rounds)")
    print(row("`calldiary sync`", sync_s, floor_s, "floor: python importing caldav + that REPORT"))
    print(f"  (ratio of each pair: median {ratios[len(ratios) // 2]:.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x)")

    # The state is the real thing: a phone edit (one that drops the X- properties) is merged.
    client = DAVClient(url=url, username="big", password="x", timeout=900)
    href = str(URL.objectify(cal_url).join(f"{docs[0]['id']}.ics"))
    text = client.request(href, "GET").raw.replace("SUMMARY:", "SUMMARY:Call with Phone Edit - ", 1)
    client.put(href, text.replace("X-CALLDIARY-", "X-DROPPED-"), {"Content-Type": "text/calendar"})
    report = run_sync(Diary(tmp / "k10.json", clock()), settings(url, "big"))
    assert report.merged + report.received == 1, report.line()
    print(f"  (check: a phone edit afterwards -> {report.line()})")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="calldiary-bench-sync-"))
    proc, url = start_radicale(tmp / "radicale")
    try:
        if "--no-first" not in sys.argv:  # (the first part takes minutes on a busy machine)
            first_sync(tmp, url)
            print()
        no_change(tmp, url)
    finally:
        proc.kill()


if __name__ == "__main__":
    main()
