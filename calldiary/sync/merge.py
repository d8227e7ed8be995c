"""The three-way merge of one call, field by field, against the base (what both sides last agreed).

- A field (or group of fields that move together) changed on one side only: that change is kept.
- Changed on both sides to different values: for the outcome, a decided outcome beats planned and
  between two decided outcomes the later recorded one wins; for other fields the later change
  (the side's `updated`) wins. The losing values are returned, to be kept in the call's history.
- No base (the two sides met without a record, e.g. after a crash): every differing field is a
  conflict decided by the same rules.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calldiary.model import DOC_FIELDS, Status

# Fields that change together: one decision for the whole group.
OUTCOME = ("status", "cancelled_by", "reason", "outcome_at", "no_show_by")
GROUPS: tuple[tuple[str, ...], ...] = (("start", "tz"), OUTCOME)
META = ("id", "created", "updated")


@dataclass
class Loss:
    """A value that lost a conflict: which field, the value, and the side that had it."""

    field: str
    value: Any
    side: str  # "here" or "there"

    def as_doc(self, at: str) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "side": self.side, "at": at}


@dataclass
class Merged:
    doc: dict[str, Any]
    losses: list[Loss] = field(default_factory=list)
    here_changed: bool = False
    there_changed: bool = False


def groups() -> list[tuple[str, ...]]:
    """Every mergeable field of a call document, grouped."""
    grouped = [tuple(f for f in group if f in DOC_FIELDS) for group in GROUPS]
    taken = {f for group in grouped for f in group}
    rest = [(f,) for f in DOC_FIELDS if f not in taken and f not in META]
    return [group for group in grouped if group] + rest


def _pick(group: tuple[str, ...], here: dict[str, Any], there: dict[str, Any]) -> str:
    """Which side wins a conflict on `group`: "here" or "there"."""
    if group and group[0] == "status":
        here_decided = here["status"] != Status.PLANNED.value
        there_decided = there["status"] != Status.PLANNED.value
        if here_decided != there_decided:
            return "here" if here_decided else "there"
        if here_decided:
            return "there" if (there.get("outcome_at") or "") > (here.get("outcome_at") or "") else "here"
    return "there" if there["updated"] > here["updated"] else "here"


def merge(base: dict[str, Any] | None, here: dict[str, Any], there: dict[str, Any]) -> Merged:
    """Merge the call as it is here and as the server has it, against `base`."""
    doc = dict(here)
    result = Merged(doc)
    for group in groups():
        mine = tuple(here.get(f) for f in group)
        theirs = tuple(there.get(f) for f in group)
        if mine == theirs:
            continue
        old = tuple(base.get(f) for f in group) if base is not None else None
        if old == mine:
            winner = "there"
        elif old == theirs:
            winner = "here"
        else:
            winner = _pick(group, here, there)
            loser = there if winner == "here" else here
            for f in group:
                if here.get(f) != there.get(f):
                    result.losses.append(Loss(f, loser.get(f), "there" if winner == "here" else "here"))
        if winner == "there":
            for f in group:
                doc[f] = there.get(f)
            result.there_changed = True
        else:
            result.here_changed = True
    doc["updated"] = max(here["updated"], there["updated"])
    doc["created"] = min(here["created"], there["created"])
    return result
