"""What a sync did: `sent N, received N, merged N, deleted here N, deleted there N`, plus the
events it had to skip (one line each, naming the server)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Report:
    sent: int = 0
    received: int = 0
    merged: int = 0
    deleted_here: int = 0
    deleted_there: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"sent {self.sent}, received {self.received}, merged {self.merged}, "
            f"deleted here {self.deleted_here}, deleted there {self.deleted_there}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "sent": self.sent,
            "received": self.received,
            "merged": self.merged,
            "deleted_here": self.deleted_here,
            "deleted_there": self.deleted_there,
            "problems": list(self.problems),
        }
