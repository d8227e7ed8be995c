"""One process of the first-frame benchmark: start, show the first frame, exit.

python bench/ui_probe.py calldiary DB [N]  # calldiary on a diary file; exit after N refreshes (1)
python bench/ui_probe.py bare           # a bare Textual app showing a 50-row table
python bench/ui_probe.py bare DB        # the same, after reading and parsing DB with orjson

With PROBE_AT_FRAME=1 the process ends (os._exit) in the first callback after the first refresh:
what it cost is the first frame itself, nothing the app does after it or while shutting down.
Without it the app exits the normal way (then the work queued meanwhile also runs: for
calldiary, the record line the week screen fills in right after its first frame).

The diary is opened as ui/launch.py opens it (peek=True: a sealed file's bytes are read and its
seal checked, the first frame's queries answered from the bytes, the parse done when first
needed — right after the first frame, by the record line). PROBE_PEEK=0 parses it before the
app starts, as the rounds before this one did.
"""

from __future__ import annotations

import os
import sys

AT_FRAME = os.environ.get("PROBE_AT_FRAME") == "1"
PEEK = os.environ.get("PROBE_PEEK", "1") == "1"  # PROBE_PEEK=0: the diary parsed before the app starts


def _done(app: object) -> None:
    if AT_FRAME:
        os._exit(0)
    app.exit()  # type: ignore[attr-defined]


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("When", "Caller", "Contact", "Topic", "Status")
            for n in range(50):
                table.add_row(f"{n:02d}:00–{n:02d}:30", "← them", f"Contact {n}", f"Topic {n}", "○ planned")
            self.call_after_refresh(_done, self)

    Bare().run(headless=True, size=(120, 36))


def calldiary(db: str, refreshes: int = 1) -> None:
    """Exit at the first refresh after the app's mount, as the bare app does: the week is on the
    screen then (the probe checks it). What the week screen leaves for after its first frame (the
    record line of the selected call's contact) runs in the second: `refreshes=2` times it too."""
    from calldiary.entry import DEFERRED, defer_import

    for name in DEFERRED:  # as the console script does before it opens the app
        defer_import(name)
    from calldiary.clock import Clock
    from calldiary.store import Diary
    from calldiary.ui.app import CallDiaryApp
    from calldiary.ui.widgets.week_table import WeekTable

    class Probe(CallDiaryApp):
        def on_mount(self) -> None:  # (Textual runs CallDiaryApp.on_mount too: no super() call)
            self.call_after_refresh(self.after_refresh, refreshes)

        def after_refresh(self, left: int) -> None:
            if left > 1:
                self.call_after_refresh(self.after_refresh, left - 1)
                return
            if not self.screen.query_one(WeekTable).rows_shown:
                raise SystemExit("the probe exited before the week was on the screen")
            _done(self)

    clock = Clock.from_env()
    diary = Diary(db, clock, peek=True) if PEEK else Diary(db, clock)  # (as ui/launch.py opens it)
    Probe(diary, clock).run(headless=True, size=(120, 36))


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        if len(sys.argv) > 2:
            import orjson

            with open(sys.argv[2], "rb") as file:
                orjson.loads(file.read())
        bare()
    else:
        calldiary(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1)
