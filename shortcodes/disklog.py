"""Records kept on disk, not in memory: what a run collects per post stays flat in RAM.

A `DiskLog` appends JSON records (or lines of bytes) to a temporary file and keeps,
per record, only where it is (file, offset, length) and two integers to sort or merge
by. Worker processes log to files of their own; the parent then adopts their records.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from array import array
from collections.abc import Iterator
from typing import IO, Any

from .errors import OutputError

_FIELDS = 5  # per record: file number, offset, length, key, ordinal
# json.dumps with these options would build an encoder for every record.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class LogFull(OutputError):
    """The temporary folder is full: the run cannot go on (every post is logged)."""


class DiskLog:
    """JSON records on disk, in append (or adoption) order.

    Each record has an integer `key` and `ordinal` (what the caller sorts or merges
    by); both stay in memory, the record itself is read back when asked for.
    """

    def __init__(self, file: IO[bytes] | None = None) -> None:
        self._files: list[IO[bytes]] = []
        self._own = file
        if file is not None:
            self._files.append(file)
        self._where = array("q")
        # Where the next record of our own file goes (None: find out); kept here, as a
        # seek to the end before each write would also flush the file's buffer.
        self._end: int | None = None

    # -- writing ---------------------------------------------------------------------

    def append(self, record: dict[str, Any], *, key: int = 0, ordinal: int = 0) -> bytes:
        """Store `record`; returns the JSON line written."""
        line = _ENCODE(record).encode("utf-8")
        return self.append_bytes(line + b"\n", key=key, ordinal=ordinal)

    def append_bytes(self, line: bytes, *, key: int = 0, ordinal: int = 0) -> bytes:
        """Store `line` as it is (read back with `raw`, not as JSON). Raises OutputError
        when the temporary folder is full: the records stored before stay readable."""
        try:
            if self._own is None:
                self._own = tempfile.TemporaryFile()
                self._files.append(self._own)
            if self._end is None:
                self._own.seek(0, os.SEEK_END)
                self._end = self._own.tell()
            offset = self._end
            _write_at(self._own, line, offset)
        except OSError as e:
            raise LogFull(
                f"cannot keep the run's log in the temporary folder: {e.strerror or e} "
                "(TMPDIR chooses another)",
                file=getattr(e, "filename", None) or tempfile.gettempdir(),
            ) from e
        self._end += len(line)
        self._where.extend((self._files.index(self._own), offset, len(line), key, ordinal))
        return line

    def locations(self) -> array:
        """This log's records as (offset, length, key, ordinal) each, flattened: what a
        worker sends back for its parent to `adopt` (its records must be in its own file)."""
        out = array("q")
        for i in range(len(self)):
            out.extend(self._where[_FIELDS * i + 1 : _FIELDS * i + _FIELDS])
        if self._own is not None:
            self._own.flush()
        return out

    def adopt(self, files: list[IO[bytes]], locations: list[array]) -> None:
        """Take over the records other processes wrote, one file each, with the
        `locations()` they sent back: merged in ordinal order (each file's records
        are in that order already)."""
        base = len(self._files)
        self._files.extend(files)

        def stream(k: int, flat: array) -> Iterator[tuple[int, int, int, int, int]]:
            for offset, length, key, ordinal in quads(flat):
                yield ordinal, k, offset, length, key

        streams = [stream(k, flat) for k, flat in enumerate(locations)]
        for ordinal, k, offset, length, key in heapq.merge(*streams):
            self._where.extend((base + k, offset, length, key, ordinal))

    # -- reading ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._where) // _FIELDS

    def key(self, i: int) -> int:
        return self._where[_FIELDS * i + 3]

    def raw(self, i: int) -> bytes:
        """Record `i` as the line it was stored as."""
        number, offset, length = self._where[_FIELDS * i : _FIELDS * i + 3]
        file = self._files[number]
        file.flush()
        if hasattr(os, "pread"):
            return os.pread(file.fileno(), length, offset)
        file.seek(offset)  # (no pread on Windows)
        if file is self._own:
            self._end = None  # the next append seeks to the end again
        return file.read(length)

    def __getitem__(self, i: int) -> dict[str, Any]:
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return json.loads(self.raw(i))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self)):
            yield self[i]

    def close(self) -> None:
        for file in self._files:
            file.close()
        self._files.clear()
        self._own = None
        self._end = None
        self._where = array("q")


def _write_at(file: IO[bytes], data: bytes, offset: int) -> None:
    """`data` at `offset`, unbuffered: a failed write (a full disk) raises at once, and
    every record before it is on disk already."""
    if not hasattr(os, "pwrite"):  # (Windows)
        file.seek(offset)
        file.write(data)
        file.flush()
        return
    fd = file.fileno()
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view = view[written:]
        offset += written


def quads(flat: array) -> Iterator[tuple[int, int, int, int]]:
    """(offset, length, key, ordinal) records from `DiskLog.locations()`."""
    it = iter(flat)
    return zip(it, it, it, it, strict=True)


__all__ = ["DiskLog", "LogFull", "quads"]
