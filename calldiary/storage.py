"""The TinyDB storage behind the diary: parsed once, written atomically and durably, locked.

TinyDB's JSONStorage rewrites its file in place, has no lock and re-parses the whole file on
every operation. This storage instead
- keeps the parsed data and reuses it while the file's (device, inode, size, mtime) stays the
  same, re-reading it when another process replaced it;
- writes a temp file (mode 0600) in the same folder, fsyncs it, renames it over the diary and
  fsyncs the folder, so a crash leaves the old file or the new one, never a mix;
- offers a cross-process lock (`locked()`) for read-modify-write;
- never starts over: a file that does not parse or does not pass `check` raises
  DiaryFileError naming the file, and the file is left as it was.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from calldiary.atomic import resolved, write_atomic
from calldiary.errors import DiaryFileError
from calldiary.image import Body, Dumps, Parts, splice_call
from calldiary.lock import DiaryLock, LockTimeout
from calldiary.seal import SEAL_KEY, claimed_seal, covered_crc, crc_of, seal_of, seal_part, sealed, unsealed

LOCK_TIMEOUT = 10.0

Data = dict[str, Any]
Stamp = tuple[int, int, int, int]


def _why(error: OSError) -> str:
    return error.strerror or str(error)


class DiaryStorage:
    """The storage of a TinyDB (read, write, close) for one JSON file; `check(data)` validates
    (and migrates) what it reads; `plain(data)` says whether the data suits the layout the seal
    can vouch for (see calldiary.seal)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        check: Callable[[Any, bool], Data],
        new: Callable[[], Data],
        plain: Callable[[Data], bool] = lambda data: False,
    ) -> None:
        self.path = Path(path)
        self._check = check
        self._new = new
        self._plain = plain
        # plain(data) as of the last write or load (None: unknown); while the writes change one
        # call document known to be plain, plain(data), a pass over every call, need not run again.
        self._plain_now: bool | None = None
        # The next write's one call change (see `one_call_change`): (call id, its document as
        # serialized before the change or None, whether the document after it is plain).
        self._one_call: tuple[str, Parts | None, bool] | None = None
        # Each table's serialized value as last written (see calldiary.image), or None.
        self._image: dict[str, Body] | None = None
        # Serializes the changed call documents, keeping long notes serialized between writes.
        self._dumps = Dumps()
        self._data: Data | None = None
        self._stamp: Stamp | None = None
        self._lock: DiaryLock | None = None  # made on first use
        # (bytes, seal, stamp) of a file `peek` read and vouched for, not parsed yet.
        self._peeked: tuple[bytes, dict[str, Any], Stamp] | None = None
        self._swept = False
        # Bumped whenever the data is (re)loaded from disk, so callers can drop derived state.
        self.generation = 0

    # --- reading -------------------------------------------------------------------------

    def _stat(self) -> Stamp | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise DiaryFileError(f"{self.path}: can't read the diary: {_why(error)}") from None
        return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self) -> Data:
        stamp = self._stat()
        if self._peeked is not None and stamp == self._peeked[2]:
            self._load_peeked()
        elif self._data is None or stamp != self._stamp:
            self._load()
        assert self._data is not None
        return self._data

    def current(self) -> Data:
        """The data as last read or written, without looking at the file again (`read` does):
        one query sees one version even while another process replaces the file."""
        if self._peeked is not None:
            self._load_peeked()  # (the version peeked at, whatever the file holds now)
        return self._data if self._data is not None else self.read()

    # --- peeking: the bytes now, the parse when first needed -----------------------------

    def peek(self) -> dict[str, Any] | None:
        """Read the file and keep its bytes unparsed when its seal holds and vouches for a plain
        diary of the current schema (see calldiary.seal): such a file parses and passes the checks
        (calldiary wrote it, byte for byte). Returns the seal; None when the file is not such a
        file (then nothing is kept: `read` loads and checks it as ever). The first `read` or
        `current` parses the kept bytes while the file is unchanged, as the same generation."""
        from calldiary.fastlist import META

        try:
            with open(self.path, "rb") as file:
                st = os.fstat(file.fileno())
                raw = file.read()
        except OSError:
            return None  # (missing, a folder, unreadable: `read` says what is wrong)
        seal = seal_of(raw)
        if seal is None or "meta" not in seal or "calls" not in seal:
            return None
        meta = seal["meta"]
        if raw[meta[0] : meta[1]] != META:
            return None
        self._data, self._image, self._plain_now = None, None, None
        self._peeked = (raw, seal, (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
        self.generation += 1
        return seal

    @property
    def peeked(self) -> tuple[bytes, dict[str, Any]] | None:
        """The bytes and seal `peek` kept, while they are not parsed yet."""
        return None if self._peeked is None else self._peeked[:2]

    def unchanged_since_peek(self) -> bool:
        """The file is still the one peeked at, not parsed yet (else: forget the peek)."""
        if self._peeked is None:
            return False
        if self._stat() == self._peeked[2]:
            return True
        self._peeked = None
        return False

    def _load_peeked(self) -> None:
        assert self._peeked is not None
        raw, _, stamp = self._peeked
        parsed = orjson.loads(raw)
        parsed.pop(SEAL_KEY, None)
        self._data, self._stamp, self._plain_now, self._image = self._check(parsed, True), stamp, None, None
        self._peeked = None  # (the same generation: the data is what was peeked at)
        self._dumps.clear()
        gc.freeze()

    def _load(self) -> None:
        try:
            with open(self.path, "rb") as file:
                st = os.fstat(file.fileno())
                raw = file.read()
        except FileNotFoundError:
            data, stamp = self._new(), None
        except IsADirectoryError:
            raise DiaryFileError(f"{self.path}: is a folder, not a diary file") from None
        except OSError as error:
            raise DiaryFileError(f"{self.path}: can't read the diary: {_why(error)}") from None
        else:
            if not raw.strip():
                raise DiaryFileError(f"{self.path}: not a calldiary diary: the file is empty")
            claimed = claimed_seal(raw)
            crc = _Background(partial(covered_crc, raw, claimed[1]), len(raw)) if claimed is not None else None
            try:
                parsed = orjson.loads(raw)  # (meanwhile the seal's CRC is checked in another thread)
            except orjson.JSONDecodeError as error:
                if crc is not None:
                    crc.result()
                raise DiaryFileError(f"{self.path}: not a calldiary diary: not valid JSON ({error})") from None
            holds = (
                claimed is not None
                and crc is not None
                and crc.result() == claimed[0]["crc32"]
                and type(parsed) is dict
                and type(parsed.pop(SEAL_KEY, None)) is dict
            )
            data = self._check(parsed, holds)
            stamp = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        self._data, self._stamp, self._plain_now, self._image = data, stamp, None, None
        self._peeked = None
        self._dumps.clear()  # (the values it kept are not in the new data)
        self.generation += 1
        # The parsed diary is plain JSON data, free of reference cycles: move it out of the
        # cycle collector's reach, which otherwise walks every call on each full collection
        # (tens of ms at 100k calls). Refcounting still frees it when it is replaced.
        gc.freeze()

    # --- writing -------------------------------------------------------------------------

    def write(self, data: Data) -> None:
        change, self._one_call = self._one_call, None
        try:
            if self._plain_now is None or change is None or not change[2]:
                self._plain_now = self._plain(data)
            bodies = self._spliced(data, change) if change is not None else None
            if bodies is None:
                bodies = {name: orjson.dumps(table) for name, table in data.items()}
            self._image = None  # (a spliced body changed in place is ahead of the disk until written)
            self._replace(_with_seal(bodies, self._plain_now))
        except BaseException as error:
            # TinyDB changed the cached data in place before calling write: memory is now
            # ahead of disk. Forget it so the next read reloads what is really on disk.
            self._data, self._stamp, self._plain_now, self._image = None, None, None, None
            if isinstance(error, OSError):
                raise DiaryFileError(f"{self.path}: can't save the diary: {_why(error)}") from None
            raise
        self._data, self._image = data, bodies
        self._stamp = self._stat()

    @contextlib.contextmanager
    def one_call_change(self, call_id: str, plain: bool) -> Iterator[None]:
        """Around a write that changes (adds, replaces or removes) the call document `call_id` and
        nothing else: the write re-serializes that document only (see calldiary.image). `plain`:
        the document after the change has exactly the call fields, so the diary stays as plain as
        it was, without a pass over every call to tell."""
        calls = self._data.get("calls") if self._data is not None else None
        if type(calls) is dict:
            doc = calls.get(call_id)
            self._one_call = (call_id, None if doc is None else self._dumps.doc(doc), plain)
        try:
            yield
        finally:
            self._one_call = None

    def _spliced(self, data: Data, change: tuple[str, Parts | None, bool]) -> dict[str, Body] | None:
        """Each table's serialized value after `change`, from those last written; None when they
        can't be had that way (then everything is serialized)."""
        image = self._image
        calls = data.get("calls")
        if image is None or data is not self._data or type(calls) is not dict or list(image) != list(data):
            return None
        call_id, old, _ = change
        doc = calls.get(call_id)
        new = None if doc is None else self._dumps.doc(doc)
        last = doc is not None and next(reversed(calls)) == call_id
        body = splice_call(image["calls"], orjson.dumps(call_id), old, new, last)
        return None if body is None else {**image, "calls": body}

    def _replace(self, payload: Iterable[Body]) -> None:
        # A symlinked diary is written through to its target, next to it (never replaced by a
        # plain file); the lock is the target's too, so both names share one lock.
        target = resolved(self.path)
        if not self._swept:
            self._sweep_temps(target)
        write_atomic(target, payload, make_folder=True)

    def _sweep_temps(self, target: Path) -> None:
        """Remove temp files left by writers that died mid-write (their process is gone)."""
        self._swept = True
        import glob  # only writers need it

        for temp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            pid = temp.name[len(target.name) + 2 :].split(".")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    temp.unlink()

    # --- locking -------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the diary's lock file (reentrant) around a read-modify-write."""
        target = resolved(self.path)
        if self._lock is None or (self._lock.lock_file != f"{target}.lock" and not self._lock.is_locked):
            self._lock = DiaryLock(f"{target}.lock", LOCK_TIMEOUT)
        lock = self._lock
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            lock.acquire()
        except LockTimeout:
            raise DiaryFileError(
                f"{self.path}: the diary stayed locked for {LOCK_TIMEOUT:.0f} s by another calldiary"
            ) from None
        except OSError as error:
            raise DiaryFileError(f"{self.path}: can't lock the diary to save: {_why(error)}") from None
        try:
            yield
        finally:
            lock.release()

    def close(self) -> None:
        self._data, self._stamp, self._plain_now, self._image, self._peeked = None, None, None, None, None


def seal(payload: bytes) -> bytes:
    """`payload` (a JSON object) with a seal of the first version (no layout) as its last member."""
    return b"".join(sealed(orjson.loads(payload).items(), orjson.dumps, False)[0])


# Beyond this size, a file's CRC is computed in a second thread while this one parses or writes
# the file (zlib and the OS let go of the GIL for the work): at 100k calls that is ~20 ms less for
# the first frame and for each change.
_BACKGROUND_BYTES = 1 << 20


class _Background:
    """`work()`, in a thread when `size` is big, else right away; `result()` waits for it."""

    def __init__(self, work: Callable[[], int], size: int) -> None:
        self._work = work
        self._result: int | None = None
        self._error: BaseException | None = None
        self._thread: Any = None
        if size > _BACKGROUND_BYTES:
            import threading

            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        else:
            self._run()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as error:  # (raised again by result(), in the caller's thread)
            self._error = error

    def result(self) -> int:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


def _with_seal(bodies: dict[str, Body], plain: bool) -> Iterator[Body]:
    """The file's parts for these tables' serialized values, sealed: the parts are written while
    their CRC is computed, and the seal that holds it comes last."""
    parts, ranges = unsealed(bodies.items(), orjson.dumps)
    crc = _Background(partial(crc_of, parts), sum(map(len, parts)))
    yield from parts
    yield seal_part(crc.result(), ranges, orjson.dumps, plain)[0]


def _seal_holds(raw: bytes) -> bool:
    return seal_of(raw) is not None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
