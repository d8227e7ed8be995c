"""The diary as the call form reads it.

While the diary file can't be read (damaged, replaced by another program's file, a disk gone),
the form still opens and keeps every word typed: what only helps while typing — the names to
complete, dropped contacts' notes, the overlap check — answers "nothing known", and Save goes to
the diary itself, which refuses in one line naming the file (a file it can't read is never
written). The text stays in the form; Enter saves it once the file can be read again.
"""

from __future__ import annotations

from typing import Any, cast

from pendulum import DateTime

from calldiary.errors import DiaryFileError
from calldiary.model import Call
from calldiary.store import Diary


class FormDiary:
    """`diary` for the form: its reads that only help answer "nothing known" while the file
    can't be read; everything else (saving above all) is the diary's own."""

    def __init__(self, diary: Diary) -> None:
        self.diary = diary

    def __getattr__(self, name: str) -> Any:
        return getattr(self.diary, name)

    def contacts(self) -> list[str]:
        try:
            return self.diary.contacts()
        except DiaryFileError:
            return []

    def dropped(self) -> dict[str, str]:
        try:
            return self.diary.dropped()
        except DiaryFileError:
            return {}

    def overlapping(self, start: DateTime, minutes: int, exclude: str | None = None) -> list[Call]:
        try:
            return self.diary.overlapping(start, minutes, exclude)
        except DiaryFileError:
            return []  # (Save then says why it can't)


def form_diary(diary: Diary) -> Diary:
    """The diary to hand to a CallForm."""
    return cast(Diary, FormDiary(diary))
