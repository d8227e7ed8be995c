"""Benchmark of the weekly review at 100k calls.

    python bench/review.py

- review + 12-week chart: the figures of one week and of the 12 weeks before it, plus the repeat
  no-shows of the 90 days before the week's end (what the review screen shows), goal < 100 ms;
  floor: building those 13 weeks' Call objects from parsed documents.
- contacts: every contact's record over the whole diary; floor: one pass over the documents
  reading the same fields.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pendulum

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth import built_diary
from bench.timing import best, row
from calldiary.clock import week_bounds, week_monday
from calldiary.model import from_doc
from calldiary.review import contact_figures, repeat_offenders, week_figures, weeks_back


def main() -> None:
    with built_diary(100_000) as diary:
        clock = diary.clock
        docs = list(diary.docs())  # as read: migrated to the current schema
        monday = week_monday(clock.today())
        mondays = weeks_back(monday, 13)
        now = clock.now()

        end = week_bounds(clock, monday)[1]

        def review() -> None:
            for m in mondays:
                week_figures(diary.week(m), m, now)
            # the repeat no-shows of the 90 days to the week's end (issue 8)
            repeat_offenders(diary.docs_between(end.subtract(days=90), end), end, 90)

        low, high = week_bounds(clock, mondays[0])[0], week_bounds(clock, monday)[1]
        span_docs = [d for d in docs if pendulum.parse(d["start"]) >= low and pendulum.parse(d["start"]) < high]
        print("Review, 100k calls")
        print(
            row(
                "review + 12-week chart",
                best(review, repeat=9),
                best(lambda: [from_doc(d) for d in span_docs], repeat=9),
                f"({len(span_docs)} calls; goal < 100 ms)",
            )
        )

        def one_pass() -> None:
            seen: dict[str, int] = {}
            for d in diary.docs():
                seen[d["contact"]] = seen.get(d["contact"], 0) + (d["status"] == "no_show") + len(d["start"])

        print(
            row(
                "contacts (whole diary)",
                best(lambda: contact_figures(diary.docs(), diary.dropped()), repeat=5),
                best(one_pass, repeat=5),
            )
        )


if __name__ == "__main__":
    main()
