"""The TinyDB side of the diary: its tables keyed by the calls' UUIDs.

Loaded on the first change (reads come straight from the parsed file, see calldiary.storage):
opening a diary to look at it does not import TinyDB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document as Document
from tinydb.table import Table


class _CallTable(Table):
    """Calls are keyed by their UUID, never by TinyDB's reusable integer ids.

    TinyDB supports any hashable id class at run time but its hints say int: the
    `type: ignore[...]` comments in calldiary.store_write mark where a str id meets those hints."""

    document_id_class = str  # type: ignore[assignment]

    def _update_table(self, updater: Callable[[dict[Any, Any]], None]) -> None:
        """TinyDB's own copies the whole table twice to turn ids into int and back, a third of a
        change's cost at 100k calls; the ids here are str already, so the table is changed in place."""
        tables = self._storage.read()
        if tables is None:  # (never for DiaryStorage)
            tables = {}
        table = tables.setdefault(self.name, {})
        try:
            updater(table)
        except BaseException:
            self._storage.close()  # memory may be ahead of disk now: re-read it next time
            raise
        self._storage.write(tables)
        self.clear_cache()


class DiaryDB(TinyDB):
    table_class = _CallTable


def open_db(storage: object) -> DiaryDB:
    """A TinyDB on `storage` (a calldiary.storage.DiaryStorage: read, write, close)."""
    return DiaryDB(storage=lambda: storage)
