"""Benchmark of finding a call (/ and `calldiary search`) at 100k calls.

    python bench/search.py

- index: folding the searchable text of every call, once per diary change (the search screen
  builds it as it opens); floor: one pass joining the same fields without folding.
- keystroke: each prefix of a typed query, as the search screen asks for it (the newest 100
  matches, as calls); goal <= 50 ms each. Floor: one plain substring test over the 100k
  prepared texts (what any search without an index must at least do).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import built_diary
from bench.timing import best, row
from calldiary.search import FIELDS, Finder

SHOWN = 100


def main() -> None:
    with built_diary(100_000) as diary:
        clock = diary.clock
        # a few accented names, so the folding path is exercised
        for n in range(50):
            diary.add(clock.now().subtract(days=n * 7), "Jürgen Müller", topic="Prüfung")
        print("Search, 100k calls")

        def index() -> None:
            finder = Finder(diary)
            finder.find("x")

        def join_only() -> None:
            ["\x00".join(d[name] for name in FIELDS) for d in diary.docs()]

        joined = best(join_only, repeat=3)
        print(row("index (as / opens; after a change)", best(index, repeat=3), joined))
        finder = Finder(diary)
        finder.find("warm")
        texts = finder._texts

        def floor() -> None:
            [i for i, t in enumerate(texts) if "zq" in t]

        base = best(floor, repeat=9)
        for query in ("muller", "pricing", "ann lee", "meet.example"):
            worst = 0.0
            for end in range(1, len(query) + 1):
                prefix = query[:end]

                def keystroke(prefix: str = prefix) -> None:
                    ids, _more = finder.first(prefix, SHOWN)
                    finder.calls(ids)

                worst = max(worst, best(keystroke, repeat=3))
            print(
                row(
                    f"keystrokes of {query!r}, worst",
                    worst,
                    base,
                    f"({len(finder.find(query))} matches; goal <= 50 ms)",
                )
            )

        def no_match() -> None:
            finder.first("zqzq", SHOWN)

        print(row("a keystroke matching nothing", best(no_match, repeat=9), base, "(one scan of all the text)"))
        print(row("`calldiary search pricing` (all)", best(lambda: finder.find("pricing"), repeat=5), base))

        def cold_keystroke() -> None:
            ids, _more = finder.first("e", SHOWN)
            finder.calls(ids)

        print(row("a first letter ('e': most calls)", best(cold_keystroke, repeat=5), base, "(goal <= 50 ms)"))


if __name__ == "__main__":
    main()
