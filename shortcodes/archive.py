"""Compressed exports read as they are: ``.xml.gz``, ``.bz2``, ``.xz`` and ``.zip``.

Hosts and WordPress.com hand exports out compressed. `open_export` recognises the
compression by the file's first bytes (magic numbers), not by its name, and returns a
binary stream of the export's bytes, decompressed as they are read (memory stays flat
whatever the size). A zip must hold exactly one export. Corrupt or truncated data is a
`BadInput` naming the file, raised where it is met.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import zipfile
import zlib
from pathlib import Path
from typing import IO, BinaryIO

from .errors import BadInput

__all__ = ["compression_of", "open_export"]

# Magic numbers, longest first where they share a start.
_MAGIC = (
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip
)
_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zipfile.BadZipFile, ValueError)


def _sniff(head: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None


def compression_of(path: str | os.PathLike[str]) -> str | None:
    """``"gzip"``, ``"bzip2"``, ``"xz"``, ``"zip"`` or None (plain), from the first bytes."""
    try:
        with open(path, "rb") as f:
            return _sniff(f.read(8))
    except OSError:
        return None


class _Decompressed:
    """A decompressing stream whose corrupt data is a `BadInput`, and whose `position`
    is how far into the compressed file reading has gone (for progress bars)."""

    def __init__(
        self, stream: IO[bytes], raw: BinaryIO, name: str, kind: str, closing: tuple = ()
    ) -> None:
        self._stream = stream
        self._raw = raw
        self._closing = (stream, *closing, raw)
        self.name = name
        self.kind = kind
        self._last = 0

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except BadInput:
            raise
        except _ERRORS as e:
            raise BadInput(f"corrupt or truncated {self.kind} data: {e}", file=self.name) from None

    @property
    def position(self) -> int:
        try:
            self._last = self._raw.tell()
        except (OSError, ValueError):  # closed: where it was then
            pass
        return self._last

    def close(self) -> None:
        _ = self.position
        for f in self._closing:
            try:
                f.close()
            except _ERRORS:
                pass


def _zip_member(path: Path, raw: BinaryIO, name: str) -> tuple[IO[bytes], zipfile.ZipFile, str]:
    try:
        archive = zipfile.ZipFile(raw)
    except _ERRORS as e:
        raise BadInput(f"not a readable zip file: {e}", file=name) from None
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and not info.filename.startswith("__MACOSX/")
        and not Path(info.filename).name.startswith(".")
    ]
    if not members:
        archive.close()
        raise BadInput("the zip file holds no export", file=name)
    if len(members) > 1:
        names = ", ".join(m.filename for m in members[:5]) + (" …" if len(members) > 5 else "")
        archive.close()
        raise BadInput(
            f"the zip file holds {len(members)} files ({names}), not one export: "
            "unzip it and convert the exports one at a time",
            file=name,
        )
    try:
        return archive.open(members[0]), archive, members[0].filename
    except (*_ERRORS, RuntimeError, NotImplementedError) as e:  # encrypted, unknown method
        archive.close()
        raise BadInput(
            f"cannot read {members[0].filename} in the zip file: {e}", file=name
        ) from None


def open_export(path: str | os.PathLike[str], name: str | None = None) -> BinaryIO:
    """The export at `path` as a binary stream, decompressed when it is compressed.

    The stream has `kind` (the compression) and `position` (compressed bytes read) when
    compressed; a plain file is returned as the file itself. Raises `BadInput`.
    """
    path = Path(path)
    name = name or str(path)
    try:
        raw = open(path, "rb")
    except FileNotFoundError:
        raise BadInput("no such file", file=name) from None
    except IsADirectoryError:
        raise BadInput("is a folder, not an export file", file=name) from None
    except OSError as e:
        raise BadInput(f"cannot read: {e.strerror or e}", file=name) from None
    try:
        kind = _sniff(raw.read(8))
        raw.seek(0)
    except OSError as e:
        raw.close()
        raise BadInput(f"cannot read: {e.strerror or e}", file=name) from None
    if kind is None:
        return raw
    if kind == "gzip":
        return _Decompressed(gzip.GzipFile(fileobj=raw, mode="rb"), raw, name, kind)
    if kind == "bzip2":
        return _Decompressed(bz2.BZ2File(raw, "rb"), raw, name, kind)
    if kind == "xz":
        return _Decompressed(lzma.LZMAFile(raw, "rb"), raw, name, kind)
    try:
        member, archive, _ = _zip_member(path, raw, name)
    except BadInput:
        raw.close()
        raise
    return _Decompressed(member, raw, name, kind, closing=(archive,))
