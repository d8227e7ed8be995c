"""Benchmark of the TUI with one call holding a 200,000-line prep note (issue 13, item 20).

    python bench/long_notes.py [presses]

The demo diary at the screenshots' pinned clock, twice: as it is (short notes: the floor) and with
the selected call's note replaced by 200,000 lines, as big as a call's notes may be (1 MB as stored;
a 12 MB note, before that limit, made each save take 120-150 ms). Each key is pressed until the app is
idle again, less the same for an unbound key (the harness's own cost); the figure is the mean of
`presses` rounds (default 3), and the ratio is to the same key on the short-note diary, measured in
the same run; the first press of each key is shown apart (a screen opened for the first time in a
session is built then; later it is shown again, see calldiary/ui/kept.py). Goal: every key under
100 ms.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import row

LINES = 200_000

# (label, keys pressed first without timing, the timed key, keys pressed after without timing)
STEPS: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("select the call (j)", ("k",), "j", ()),
    ("leave the call (k)", (), "k", ("j",)),
    ("day agenda opens (d)", (), "d", ("q",)),
    ("day agenda: next call (j)", ("d",), "j", ("q",)),
    ("day agenda closes (q)", ("d",), "q", ()),
    ("edit form opens (e)", (), "e", ("escape",)),
    ("edit form: type a letter", ("e",), "x", ("escape", "escape")),
    ("edit form closes (esc)", ("e",), "escape", ()),
    ("edit topic, save (enter)", ("e", "tab", "tab", "tab", "tab", "end", "x"), "enter", ("u",)),
    ("review opens (r)", (), "r", ("q",)),
    ("contacts open (w)", (), "w", ("q",)),
    ("find opens (/)", (), "slash", ("escape",)),
    ("find: type a letter", ("slash",), "p", ("escape",)),
    ("cancelled by them, saved (c enter)", ("c",), "enter", ("u",)),
    ("cancel dialog opens (c)", (), "c", ("escape",)),
    ("delete asks (x)", (), "x", ("escape",)),
    ("go to opens (g)", (), "g", ("escape",)),
    ("keys open (?)", (), "question_mark", ("escape",)),
]


def long_note() -> str:
    """200,000 lines taking as much as a call's notes may (1 MB as stored, notes_limit.py): the
    most lines and the most bytes at once."""
    return "\n".join(f"{n % 1000:03d}" for n in range(LINES))


async def measure(folder: Path, name: str, long: bool, presses: int) -> tuple[dict[str, float], dict[str, float]]:
    from calldiary.demo import fill
    from calldiary.prefs import Prefs
    from calldiary.store import Diary
    from calldiary.ui.app import CallDiaryApp
    from calldiary.ui.shots import pinned_clock
    from calldiary.ui.widgets.week_table import WeekTable

    clock = pinned_clock()
    diary = Diary(folder / f"{name}.json", clock)
    fill(diary)
    app = CallDiaryApp(
        diary, clock, Prefs(folder / f"{name}-ui.json"), ahead=True, idle_gc=True
    )  # (as the CLI opens it)
    figures: dict[str, float] = {}
    firsts: dict[str, float] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.pause(3.0)  # (the big screens are built in the 2.5 s after the first frame)
        selected = app.screen.query_one(WeekTable).current.key
        if long:
            diary.edit(selected, notes=long_note())
            app.screen.reload(select=selected)
            await pilot.pause()

        async def timed(key: str) -> float:
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            await pilot.pause()
            cpus.append(time.process_time() - cpu)
            return time.perf_counter() - start

        cpus: list[float] = []
        idle = min([await timed("f12") for _ in range(5)])
        idle_cpu = min(cpus)
        for label, before, key, after in STEPS:
            total = cpu = 0.0
            for round in range(presses + 1):
                for other in before:
                    await pilot.press(other)
                    await pilot.pause()
                took = await timed(key)
                if round:
                    total += took
                    cpu += cpus[-1]
                else:  # the first time: a screen opened for the first time is built (ui/kept.py)
                    firsts[label] = max(took - idle, 1e-4)
                for other in after:
                    await pilot.press(other)
                    await pilot.pause()
                if app.screen.query_one(WeekTable).current.key != selected:
                    app.screen.reload(select=selected)  # (the day agenda's q selects the call it was on)
                    await pilot.pause()
            figures[label] = max(total / presses - idle, 1e-4)
            figures[f"{label} cpu"] = max(cpu / presses - idle_cpu, 1e-4)
        if long:
            assert Diary(diary.path, clock).get(selected).notes == long_note(), "the note changed"
    return figures, firsts


def main() -> None:
    presses = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory(prefix="calldiary-bench-") as tmp:
        folder = Path(tmp)
        short, short_first = asyncio.run(measure(folder, "short", False, presses))
        long, long_first = asyncio.run(measure(folder, "long", True, presses))
    print(f"TUI, one call with a {LINES:,}-line note (mean of {presses} after a first time; floor: the same key,")
    print("short notes; 'first': the first time in the session; CPU: this process's CPU time for the key, less an")
    print("unbound key's, mean of the same presses; each: note / floor)")
    for label in short_first:
        mark = "" if long[label] < 0.1 and short[label] < 0.1 else "  OVER 100 ms"
        first = f"   first {long_first[label] * 1000:5.0f} / {short_first[label] * 1000:5.0f} ms"
        cpu = f"   CPU {long[label + ' cpu'] * 1000:5.0f} / {short[label + ' cpu'] * 1000:5.0f} ms"
        print(row(label, long[label], short[label], first + cpu + mark))


if __name__ == "__main__":
    main()
