"""Call records the diary set aside as broken (a zone that does not exist, a time outside
1900–2999, a missing field): the app says so once per record as it finds one — at start, or when
one appears while it is open — in the command line's words, and keeps them findable while there
are any: in the week's header and as "Broken call records" in the palette (ctrl+p)."""

from __future__ import annotations

from textual.app import App

from calldiary.errors import CallDiaryError
from calldiary.model import short_id
from calldiary.store import Diary
from calldiary.text import printable

CHECK_SECONDS = 1.0  # (the first look after a second: a peeked file is parsed after the first frame)


def advice(diary: Diary, key: str, problem: str) -> str:
    """What the command line warns (calldiary.cli_env), word for word."""
    return printable(
        f"{diary.path.name}: a broken call record is set aside: {problem}; "
        f"'calldiary delete {short_id(key) or key}' removes it, or fix it in the file"
    )


class BrokenRecords:
    def __init__(self, app: App, diary: Diary) -> None:
        self.app = app
        self.diary = diary
        self.found: list[tuple[str, str]] = []  # (key, what is wrong), as last read
        self._told: set[str] = set()  # the records said already (a record put right is forgotten)
        self._version: int | None = None

    def start(self) -> None:
        self.app.set_interval(CHECK_SECONDS, self.check, name="broken-records")

    def check(self) -> None:
        """Read the broken records again when the diary changed; say each new one once."""
        try:
            version = self.diary.version
            if version == self._version:
                return
            found = self.diary.broken()
        except CallDiaryError:
            return  # (the diary can't be read now: the screens say so)
        self._version = version
        new = [(key, problem) for key, problem in found if key not in self._told]
        self._told = {key for key, _ in found}
        if found != self.found:
            self.found = found
            self.app.broken_count = len(found)  # type: ignore[attr-defined]  # (the week's header watches it)
        for key, problem in new:
            self.app.notify(advice(self.diary, key, problem), severity="warning", timeout=20, markup=False)

    def tell_again(self) -> None:
        """Every broken record's advice once more (the palette's entry)."""
        for key, problem in self.found:
            self.app.notify(advice(self.diary, key, problem), severity="warning", timeout=20, markup=False)

    @property
    def header(self) -> str:
        """For the week's header: "⚠ 2 broken records" ("" when there are none)."""
        count = len(self.found)
        return f"⚠ {count} broken record{'s' if count != 1 else ''}" if count else ""
