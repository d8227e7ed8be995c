"""Opening the TUI from the command line (the only place the CLI imports Textual)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from calldiary.clock import Clock
from calldiary.config import Settings
from calldiary.store import Diary


def open_tui(path: Path, clock: Clock, settings: Settings, *, demo: bool = False) -> None:
    """Open the diary (a broken file stops here, before the screen changes) and run the app."""
    from calldiary.prefs import Prefs
    from calldiary.ui.app import CallDiaryApp

    if demo:
        from calldiary.demo import fill

        with tempfile.TemporaryDirectory(prefix="calldiary-demo-") as folder:
            diary = Diary(Path(folder) / "demo.json", clock)
            fill(diary)
            CallDiaryApp(diary, clock, Prefs(), settings, demo=True, remind=True, ahead=True, idle_gc=True).run()
        return
    # (peek: a file calldiary sealed is parsed right after the first frame, which it needs no parse for)
    CallDiaryApp(Diary(path, clock, peek=True), clock, Prefs(), settings, remind=True, ahead=True, idle_gc=True).run()
