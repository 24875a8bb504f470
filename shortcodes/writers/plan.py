"""The conversion's plan (where every post goes), compact enough for a 1 GiB export.

Planning fixes every post's output path before any is written, so that links between
posts can be rewritten; every forked worker then reads the plan. Held as dicts of
strings it cost about 500 bytes a post, in the planner and in each worker. Here it is
numbers in arrays (a few dozen bytes a post) and its text (paths, old addresses,
titles) in a temporary file, read back one string at a time; built as planning reads,
with no dict of every post at any moment.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Any

_FLUSH_BYTES = 1 << 20  # text gathered in memory before it goes to the file


class TextFile:
    """Strings appended in order and read back by number. Their UTF-8 is in an unlinked
    temporary file (gone with the process however it ends; processes forked after
    read the same file), or in memory where no file can be written; only where each
    ends is in memory. Strings appended after `seal()` stay in the appending process."""

    def __init__(self) -> None:
        self._ends = array("I")  # where each string ends ("Q" once past 4 GiB)
        self._file: IO[bytes] | None = None
        self._stored = 0  # bytes in the file; the tail follows them
        self._tail = bytearray()
        self._sealed = False
        self._on_disk = hasattr(os, "pread")  # (not on Windows: memory)

    def append(self, text: str) -> int:
        """Add `text`; its number."""
        self._tail += text.encode("utf-8", "surrogatepass")
        end = self._stored + len(self._tail)
        if end >= 1 << 32 and self._ends.typecode == "I":
            self._ends = array("Q", self._ends)
        self._ends.append(end)
        if len(self._tail) >= _FLUSH_BYTES and not self._sealed:
            self._flush()
        return len(self._ends) - 1

    def _flush(self) -> None:
        if not self._on_disk or not self._tail:
            return
        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile()
            view, offset = memoryview(self._tail), self._stored
            while view:
                written = os.pwrite(self._file.fileno(), view, offset)
                view, offset = view[written:], offset + written
        except OSError:
            self._on_disk = False  # a full temporary folder: the rest stays in memory
            return
        self._stored += len(self._tail)
        self._tail = bytearray()

    def seal(self) -> None:
        """The end of planning: what is held goes to the file, before processes fork."""
        self._flush()
        self._sealed = True

    def __getitem__(self, n: int) -> str:
        ends = self._ends
        start, end = ends[n - 1] if n > 0 else 0, ends[n]
        data: bytes | bytearray
        if start >= self._stored:
            data = self._tail[start - self._stored : end - self._stored]
        else:
            assert self._file is not None
            data = os.pread(self._file.fileno(), end - start, start)
        return data.decode("utf-8", "surrogatepass")

    def __len__(self) -> int:
        return len(self._ends)

    def __reduce__(self) -> tuple[Any, ...]:
        return _text_file, ([self[n] for n in range(len(self))], self._sealed)


def _text_file(texts: list[str], sealed: bool) -> TextFile:
    out = TextFile()
    out._on_disk = False
    for text in texts:
        out.append(text)
    out._sealed = sealed
    return out


class HashIndex:
    """Entries numbered 0, 1, 2… in the order added, found by a 64-bit hash: open
    addressing with linear probing over arrays (a dict costs about 100 bytes an
    entry, for every post, in every worker). Entries of one hash are found in the
    order they were added; the caller tells which one it looks for."""

    def __init__(self) -> None:
        self._hashes = array("q")
        self._slots = array("i", [-1]) * 8  # entry numbers; -1: free
        self._shift = 61  # 64 - log2(len(slots))

    def add(self, h: int) -> int:
        """A new entry of hash `h` (a signed 64-bit integer); its number."""
        n = len(self._hashes)
        self._hashes.append(h)
        if 10 * len(self._hashes) > 7 * len(self._slots):  # at most 70 % full
            self._slots = array("i", [-1]) * (2 * len(self._slots))
            self._shift -= 1
            for k, known in enumerate(self._hashes):
                self._place(known, k)
        else:
            self._place(h, n)
        return n

    def _home(self, h: int) -> int:
        # Fibonacci hashing: ids that follow each other land far apart.
        return (h * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF) >> self._shift

    def _place(self, h: int, n: int) -> None:
        slots, mask = self._slots, len(self._slots) - 1
        i = self._home(h)
        while slots[i] >= 0:
            i = (i + 1) & mask
        slots[i] = n

    def find(self, h: int) -> Iterator[int]:
        """The entries of hash `h`, in the order added."""
        slots, hashes, mask = self._slots, self._hashes, len(self._slots) - 1
        i = self._home(h)
        while (n := slots[i]) >= 0:
            if hashes[n] == h:
                yield n
            i = (i + 1) & mask

    def hash_of(self, n: int) -> int:
        return self._hashes[n]

    def __len__(self) -> int:
        return len(self._hashes)


def _fits(key: object) -> bool:
    """Whether `key` is an int a HashIndex can hold as its own hash."""
    return type(key) is int and -(1 << 63) <= key < 1 << 63


def string_hash(text: str) -> int:
    """A string's 64-bit hash, the same in every process (unlike `hash()`)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


class StringSet:
    """Distinct strings, numbered in the order added: each one's hash in memory, the
    strings themselves in a `TextFile` (the exact check of a hash found)."""

    def __init__(self) -> None:
        self._index = HashIndex()
        self._texts = TextFile()

    def find(self, text: str, h: int | None = None) -> int | None:
        """The number of `text` (None: not added)."""
        for n in self._index.find(string_hash(text) if h is None else h):
            if self._texts[n] == text:
                return n
        return None

    def add(self, text: str) -> bool:
        """Add `text`; False when it was there already."""
        h = string_hash(text)
        if self.find(text, h) is not None:
            return False
        self._index.add(h)
        self._texts.append(text)
        return True

    def update(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add(text)

    def seal(self) -> None:
        self._texts.seal()

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.find(text) is not None

    def __iter__(self) -> Iterator[str]:
        """The strings, in the order added."""
        return (self._texts[n] for n in range(len(self._texts)))

    def __len__(self) -> int:
        return len(self._index)


class PostPaths:
    """Post ids to their planned paths (numbers into the plan's `TextFile` of paths).
    An id is its own hash; one past 64 bits is kept in a dict."""

    def __init__(self, paths: TextFile) -> None:
        self._paths = paths
        self._index = HashIndex()
        self._path = array("i")
        self._other: dict[Any, int] = {}

    def add(self, post_id: int, path: int) -> None:
        """Post `post_id` (not added before) is written at path number `path`."""
        if _fits(post_id):
            self._index.add(post_id)
            self._path.append(path)
        else:
            self._other[post_id] = path

    def number(self, post_id: object) -> int | None:
        if not _fits(post_id):
            return self._other.get(post_id)
        for n in self._index.find(post_id):  # type: ignore[arg-type]
            return self._path[n]
        return None

    def get(self, post_id: object, default: Any = None) -> Any:
        n = self.number(post_id)
        return default if n is None else self._paths[n]

    def __contains__(self, post_id: object) -> bool:
        return self.number(post_id) is not None

    def __len__(self) -> int:
        return len(self._index) + len(self._other)


class AddressPaths:
    """Old addresses (`url_key`s) to planned paths; the first path given an address
    keeps it (`setdefault`)."""

    def __init__(self, paths: TextFile) -> None:
        self._paths = paths
        self._keys = StringSet()
        self._path = array("i")

    def setdefault(self, key: str, path: int) -> None:
        if self._keys.add(key):
            self._path.append(path)

    def get(self, key: str, default: Any = None) -> Any:
        n = self._keys.find(key)
        return default if n is None else self._paths[self._path[n]]

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __len__(self) -> int:
        return len(self._keys)

    def seal(self) -> None:
        self._keys.seal()


class PathPlan:
    """What planning decided: each planned path once (`paths`, by number), post ids
    to paths (`by_id`), old addresses to paths (`by_address`)."""

    def __init__(self) -> None:
        self.paths = TextFile()
        self.by_id = PostPaths(self.paths)
        self.by_address = AddressPaths(self.paths)

    def seal(self) -> None:
        """Planning is over: its text goes to disk before the workers fork."""
        self.paths.seal()
        self.by_address.seal()


__all__ = [
    "AddressPaths",
    "HashIndex",
    "PathPlan",
    "PostPaths",
    "StringSet",
    "TextFile",
    "string_hash",
]
