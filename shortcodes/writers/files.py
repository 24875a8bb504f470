"""Writing files safely: atomic replace, never half-written, always inside the output folder."""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError

# Temporary names are unique per process and call: no random name to draw, no retry.
_serial = itertools.count()
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_temporary(folder: str, name: str) -> tuple[int, str]:
    """A new, empty, exclusively created temporary file beside `name` in `folder`:
    ``.NAME.PID.N.tmp`` (see `remove_stale_temporaries`)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
    while True:
        tmp = os.path.join(folder, f".{name[:40]}.{os.getpid()}.{next(_serial)}.tmp")
        try:
            return os.open(tmp, flags, 0o644), tmp
        except FileExistsError:
            continue  # left over by a killed run with the same pid: take the next number
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
            return os.open(tmp, flags, 0o644), tmp


def atomic_write_bytes(
    path: Path | str, data: bytes, *, durable: bool = True, new: bool = False
) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a part. `durable` also flushes
    the data to disk before the rename (for files replaced in place; a generated
    site can be regenerated, so it skips that cost). A replaced file keeps its
    permissions; a new one gets the usual ones (0644 less the umask). `new` says the
    caller knows there is no file there yet. Raises OutputError.
    """
    path, fd, tmp = _begin(path)
    try:
        try:
            # Straight to the descriptor: a file object would only add a buffer copy.
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        _commit(tmp, path, keep_mode=not new)
    except BaseException as e:  # an error, or Ctrl-C: no temporary file left behind
        _abandon(tmp, path, e)
        raise


def _begin(path: Path | str) -> tuple[str, int, str]:
    """(path, descriptor, name) of a new temporary file beside `path`."""
    path = os.fspath(path)
    folder, name = os.path.split(path)
    try:
        fd, tmp = open_temporary(folder or ".", name)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", file=path) from e
    return path, fd, tmp


def _commit(tmp: str, path: str, *, keep_mode: bool = True) -> None:
    """The written temporary file takes the place of `path` (and its permissions)."""
    if keep_mode:
        try:
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        except FileNotFoundError:
            pass
    os.replace(tmp, path)


def _abandon(tmp: str, path: str, error: BaseException) -> None:
    """Remove the temporary file; an OSError becomes an OutputError (others go on)."""
    try:
        os.unlink(tmp)
    except OSError:
        pass
    if isinstance(error, OSError):
        raise OutputError(f"cannot write: {error.strerror or error}", file=path) from error


def atomic_write_text(path: Path | str, text: str, *, durable: bool = True) -> None:
    """atomic_write_bytes for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def same_content(path: Path | str, data: bytes) -> bool:
    """Whether the file at `path` already holds exactly `data` (False when unreadable)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as f:
            return f.read() == data
    except OSError:
        return False


@contextlib.contextmanager
def atomic_stream(path: Path | str, *, keep_identical: bool = False) -> Iterator[BinaryIO]:
    """A binary file to write piece by piece; it replaces `path` only when the block
    ends without an error (and is flushed to disk first). With `keep_identical`, a
    file that already holds the same bytes is left alone. Raises OutputError."""
    path, fd, tmp = _begin(path)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            if not keep_identical:
                os.fsync(f.fileno())
        if keep_identical and _same_files(tmp, path):
            os.unlink(tmp)
            return
        _commit(tmp, path)
    except BaseException as e:
        _abandon(tmp, path, e)
        raise


def _same_files(a: str, b: str, chunk: int = 1 << 20) -> bool:
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x, y = fa.read(chunk), fb.read(chunk)
                if x != y:
                    return False
                if not x:
                    return True
    except OSError:
        return False


_TEMPORARY = re.compile(r"\.(.+)\.(\d+)\.\d+\.tmp")


def remove_stale_temporaries(folder: Path | str, *, name: str | None = None) -> int:
    """Remove the temporary files that writes killed half-way (a kill -9, a power cut)
    left in `folder` and the folders below it: those of `open_temporary` whose process
    is gone. With `name`, only those beside that file, in `folder` alone. Returns how
    many were removed."""
    removed = 0
    if name is not None:
        walk = [(os.fspath(folder), [], _names(folder))]
    else:
        walk = os.walk(folder)
    for here, _, files in walk:
        for file in files:
            m = _TEMPORARY.fullmatch(file)
            if m is None or (name is not None and m[1] != name[:40]) or _alive(int(m[2])):
                continue
            try:
                os.unlink(os.path.join(here, file))
                removed += 1
            except OSError:
                pass
    return removed


def _names(folder: Path | str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or not a pid we can ask about: keep
    # A killed worker whose parent died too stays a zombie until an init that may never
    # reap it (a container's): it writes nothing any more, so its files are stale.
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rpartition(b")")[2].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


__all__ = [
    "atomic_stream",
    "atomic_write_bytes",
    "atomic_write_text",
    "open_temporary",
    "remove_stale_temporaries",
    "same_content",
]
