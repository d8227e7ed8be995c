"""Stacked bars of the last weeks' outcomes, drawn with block characters in the status colours."""

from __future__ import annotations

from rich.text import Text

from calldiary.model import Status
from calldiary.review import WeekFigures
from calldiary.ui.look import STATUS_STYLE

# Bottom to top: what happened, then what was called off, then what is still open.
ORDER = (Status.KEPT, Status.NO_SHOW, Status.CANCELLED, Status.PLANNED)
BAR = "███"


def _count(week: WeekFigures, status: Status) -> int:
    return {
        Status.KEPT: week.kept,
        Status.NO_SHOW: week.no_show,
        Status.CANCELLED: week.cancelled,
        Status.PLANNED: week.planned,
    }[status]


def _colour(status: Status) -> str:
    return STATUS_STYLE[status][2].replace("bold ", "")


def outcome_chart(weeks: list[WeekFigures], height: int = 8, current: int = -1) -> Text:
    """One bar per week (oldest left), `height` rows tall, scaled to the busiest week; the line
    above the bars says what the tallest bar stands for."""
    busiest = max((week.total for week in weeks), default=0)
    peak = busiest or 1
    columns: list[list[str | None]] = []
    for week in weeks:
        cells: list[str | None] = []
        running = 0
        for status in ORDER:
            running += _count(week, status)
            top = round(running * height / peak)
            cells.extend([_colour(status)] * (top - len(cells)))
        cells.extend([None] * (height - len(cells)))
        columns.append(cells)
    out = Text(no_wrap=True)
    step = f"{peak / height:.1f}".rstrip("0").rstrip(".")
    if busiest:
        out.append(f"▲ tallest bar: {busiest} call{'s' if busiest != 1 else ''} (a row ≈ {step})\n", style="dim")
    else:
        out.append("▲ no calls in these weeks yet\n", style="dim")
    for row in range(height - 1, -1, -1):
        for cells in columns:
            colour = cells[row]
            out.append(BAR if colour else "   ", style=colour or "")
            out.append(" ")
        out.append("\n")
    for index, week in enumerate(weeks):
        label = f"{int(week.label.rpartition('W')[2]):>3}"  # the week's number as its title says it
        out.append(label, style="bold reverse" if index == (current % len(weeks) if weeks else 0) else "dim")
        out.append(" ")
    out.append("\n")
    for status in ORDER:
        out.append("■ ", style=_colour(status))
        out.append(f"{STATUS_STYLE[status][1]}  ", style="dim")
    return out
