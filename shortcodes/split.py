"""An export cut into byte ranges of whole items, one per worker process.

WordPress writes each ``<item>`` on a line of its own. A range runs from such a line
to the next range's; its worker parses it as a document of its own, made of

* the export's head (everything before the first item: the XML declaration, the
  root and channel start tags, the site's header),
* as many newlines as there are lines between the first item and the range, so that
  every line number the parser reports is the line in the export,
* the range,
* the channel and root end tags (except for the last range, which has the real end).

So each worker parses its share of the file instead of all of it. A line holding
``<item>`` alone might also be text, in a CDATA section, a comment or a processing
instruction, or an element nested deeper than the channel's items. Before forking,
the conversion checks that no cut is inside such markup (`Layout.outside_markup`),
and, in its planning pass over the whole export, that an item of the channel starts
on each cut's line (`Layout.lines`): a range that ends inside an element or a
section cannot be closed by the end tags, nor can one that starts there be read.
When a check fails, the conversion shares the items round-robin instead. The export
must be UTF-8 (what WordPress writes): a worker's document starts with the same bytes
as the export, and a range starts at a line.
"""

from __future__ import annotations

import mmap
import os
import re
from dataclasses import dataclass
from pathlib import Path

# A line with an item's start tag and nothing else.
_ITEM_LINE = re.compile(rb"\n[ \t]{0,64}<item>[ \t]*\r?\n")
_WINDOW = 1 << 20
# What may hold an "<item>" line as text: CDATA sections, comments, processing
# instructions (none of them nests, nor holds its own end).
_MARKUP = ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->"), (b"<?", b"?>"))
# Newlines in one text node of padding: libxml2 refuses text nodes over 10 MB.
_PAD_RUN = 1 << 20


@dataclass(frozen=True)
class Cut:
    """Where a range starts: the start of an ``<item>`` line, its line number, and the
    line lxml gives as the item's `sourceline` (`item_line`)."""

    offset: int
    line: int
    item_line: int


@dataclass(frozen=True)
class Layout:
    """How an export is cut: the first item's line, then each later range's."""

    path: Path
    size: int
    cuts: tuple[Cut, ...]  # cuts[0]: the first item; cuts[k]: range k (k >= 1)
    head_end: int  # where the first item's start tag is (the head ends there)
    closing: bytes  # the channel and root end tags

    def __len__(self) -> int:
        return len(self.cuts)

    @property
    def lines(self) -> tuple[int, ...]:
        """The `sourceline` an item must have for each cut to be right."""
        return tuple(c.item_line for c in self.cuts)

    def pieces(self, k: int) -> list[tuple[int, int, bool] | bytes]:
        """Range k's document: bytes, and byte ranges of the export (start, end, and
        whether they are range k's own bytes, counted as its progress)."""
        end = self.cuts[k + 1].offset if k + 1 < len(self.cuts) else self.size
        if k == 0:
            out: list[tuple[int, int, bool] | bytes] = [(0, end, True)]
        else:
            out = [(0, self.head_end, False)]
            pad = self.cuts[k].line - self.cuts[0].line
            while pad > 0:
                run = min(pad, _PAD_RUN)
                out.append(b"\n" * run)
                pad -= run
                if pad:
                    out.append(b"<_/>")  # ends the text node; the reader drops it
            out.append((self.cuts[k].offset, end, True))
        if end < self.size:
            out.append(self.closing)
        return out

    def outside_markup(self) -> bool:
        """Whether no cut is inside a CDATA section, a comment or a processing
        instruction (where a line may hold "<item>" as text): looked for backwards from
        each cut, the last opening of each must come before the last closing."""
        with open(self.path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            for cut in self.cuts:
                for opening, closing in _MARKUP:
                    closed = m.rfind(closing, 0, cut.offset)
                    if m.rfind(opening, closed + 1, cut.offset) >= 0:
                        return False
        return True

    def open(self, k: int) -> RangeFile:
        """Range k's document, as a binary file object."""
        return RangeFile(self.path, self.pieces(k))


class RangeFile:
    """A read-only binary file made of pieces: byte ranges of a file, and bytes."""

    def __init__(self, path: Path, pieces: list[tuple[int, int, bool] | bytes]) -> None:
        self.name = str(path)
        self._fd = os.open(path, os.O_RDONLY)
        self._pieces = list(reversed(pieces))
        # Bytes of the export's range read so far (not the head, padding or end tags).
        self.range_read = 0

    def read(self, size: int = -1) -> bytes:
        size = _WINDOW if size is None or size < 0 else size
        while self._pieces:
            piece = self._pieces[-1]
            if isinstance(piece, bytes):
                out = piece[:size]
                if len(piece) > size:
                    self._pieces[-1] = piece[size:]
                else:
                    self._pieces.pop()
            else:
                start, end, counted = piece
                out = os.pread(self._fd, min(size, end - start), start)
                if not out:
                    raise OSError(f"{self.name} was shortened while it was read")
                if counted:
                    self.range_read += len(out)
                if start + len(out) < end:
                    self._pieces[-1] = (start + len(out), end, counted)
                else:
                    self._pieces.pop()
            if out:
                return out
        return b""

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> RangeFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self.close()


def layout(path: str | Path, n: int, first_item_line: int, closing: bytes) -> Layout | None:
    """`n` ranges of about equal size, each starting at an ``<item>`` line (None when
    the export does not have such lines, e.g. all on one line, or too few of them).

    `first_item_line` is the line of the export's first item, as the parser saw it: the
    first ``<item>`` line found must be that one.
    """
    path = Path(path)
    size = path.stat().st_size
    fd = os.open(path, os.O_RDONLY)
    try:
        cuts: list[Cut] = []
        line, counted = 1, 0  # newlines counted in the bytes before `counted`
        for k in range(n):
            target = 0 if k == 0 else max(size * k // n, cuts[-1].offset + 1)
            offset = _next_item_line(fd, target, size)
            if offset is None:
                return None
            line += _newlines(fd, counted, offset)
            counted = offset
            cuts.append(Cut(offset, line, _item_line(fd, offset, line)))
        if cuts[0].item_line != first_item_line:
            return None  # the first <item> line is not the first item (text, a comment)
        head_end = cuts[0].offset + os.pread(fd, 128, cuts[0].offset).index(b"<")
        return Layout(path, size, tuple(cuts), head_end, closing)
    finally:
        os.close(fd)


# libxml2 keeps element lines in 16 bits: from there on, lxml gives an element the
# line of its first child, here the white space after <item>, which ends where the
# next thing in the item starts.
_BIG_LINE = 65535


def _item_line(fd: int, offset: int, line: int) -> int:
    """The `sourceline` lxml gives the item on the ``<item>`` line at `offset`, `line`."""
    if line < _BIG_LINE:
        return line
    data = os.pread(fd, 4096, offset)
    tag = data.index(b"<item>") + len(b"<item>")
    rest = data[tag:]
    space = len(rest) - len(rest.lstrip(b" \t\r\n"))
    return line + rest.count(b"\n", 0, space)


def _next_item_line(fd: int, start: int, size: int) -> int | None:
    """The offset of the first ``<item>`` line starting after `start` - 1."""
    pos = max(0, start - 1)  # the newline before a line starting at `start`
    while pos < size:
        data = os.pread(fd, _WINDOW, pos)
        m = _ITEM_LINE.search(data)
        if m:
            return pos + m.start() + 1
        if len(data) < _WINDOW:
            return None
        pos += len(data) - 256  # a line cut by the window is found in the next one
    return None


def _newlines(fd: int, start: int, end: int) -> int:
    count = 0
    buf = bytearray(_WINDOW)
    view = memoryview(buf)
    while start < end:
        got = os.preadv(fd, [view[: min(_WINDOW, end - start)]], start)
        if not got:
            break
        count += buf.count(b"\n", 0, got)
        start += got
    return count


__all__ = ["Cut", "Layout", "RangeFile", "layout"]
