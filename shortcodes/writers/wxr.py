"""The same export, byte for byte, except card shortcodes frozen into static HTML.

The original file is copied through as bytes; only the `<content:encoded>` of items
whose cards were rendered is replaced (as one CDATA section, split where the content
contains ``]]>``). It streams beside the reader, so memory stays flat.
"""

from __future__ import annotations

import mmap
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..archive import compression_of, open_export
from ..errors import OutputError
from .base import Writer
from .files import open_temporary, remove_stale_temporaries

if TYPE_CHECKING:
    from ..convert.report import ConvertReport
    from ..render import RenderResult
    from ..wxr import Post, Site

# Tokens outside of which markup is real: CDATA sections and comments are skipped whole.
_TOKENS = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<item[\s>]|</item\s*>"
    rb"|<content:encoded\s*/>|<content:encoded\s*>|</content:encoded\s*>",
    re.S,
)


# Mapped pages are given back in steps of this many bytes (a multiple of any page size).
_RELEASE_STEP = 16 * 1024 * 1024 if hasattr(mmap, "MADV_DONTNEED") else 1 << 62
_COPY_WINDOW = 1 << 20  # bytes copied through at a time


def freeze_card(html: str) -> str:
    """A card as stored back into post content: the stylesheet inline and the trend as
    bars (both kses-safe, see `inline_css`), on one line, so that wpautop on the new
    site inserts no <br> or <p> inside it."""
    from ..inline_css import chart_as_bars, inline_card

    return inline_card(chart_as_bars(html)).replace("\n", "")


_CARD_OPEN = '<section class="covid-card'
_P_OPEN = re.compile(r"<p(?:\s[^>]*)?>", re.I)
_P_CLOSE = re.compile(r"</p\s*>", re.I)


def unnest_cards(text: str) -> str:
    """`text` with no frozen card inside a <p>: a paragraph around a card is closed
    before it and reopened after it (``<p>a [card] b</p>`` gives ``<p>a</p>``, the
    card, ``<p>b</p>``); one holding only the card is dropped. A <section> inside <p>
    is invalid HTML: browsers close the paragraph and leave an empty one after."""
    if _CARD_OPEN not in text:
        return text
    out: list[str] = []
    pos = 0
    while (start := text.find(_CARD_OPEN, pos)) >= 0:
        end = text.find("</section>", start)
        if end < 0:
            break
        end += len("</section>")
        before = text[pos:start]
        opening = None
        for m in _P_OPEN.finditer(before):
            opening = m
        closed_after = opening is not None and _P_CLOSE.search(before, opening.end())
        if opening is None or closed_after:
            out.append(before + text[start:end])
            pos = end
            continue
        lead = before[opening.end() :]
        out.append(before[: opening.start()])
        if lead.strip():
            out.append(opening.group(0) + lead.strip() + "</p>")
        out.append(text[start:end])
        close = _P_CLOSE.search(text, end)
        next_card = text.find(_CARD_OPEN, end)
        if close is None or (0 <= next_card < close.start()):
            # The paragraph goes on to another card: reopen it for what follows.
            pos = end
            text = text[:end] + opening.group(0) + text[end:]
            continue
        tail = text[end : close.start()]
        if tail.strip():
            out.append(opening.group(0) + tail.lstrip() + "</p>")
        pos = close.end()
    out.append(text[pos:])
    return "".join(out)


def cdata(text: str) -> bytes:
    """`text` as one CDATA section (split around any ``]]>`` it contains)."""
    return b"<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>").encode("utf-8") + b"]]>"


class WXRWriter(Writer):
    suffix = ".xml"
    # The same export goes back to WordPress: every item, its content as stored with
    # the cards frozen in (a card that cannot be rendered keeps its shortcode), one
    # file rewritten in order.
    plans_paths = False
    every_item = True
    the_content = False
    strict_cards = True
    wrap_card = staticmethod(freeze_card)
    parallel = False
    one_file = True

    def __init__(self, export: Path, output: Path, report: ConvertReport) -> None:
        output = Path(output)
        if output.is_dir() or str(output).endswith(("/", os.sep)):
            name = export.name
            if compression_of(export) is not None:  # written back uncompressed
                name = re.sub(r"(\.(gz|bz2|xz|zip))+$", "", name, flags=re.I) or "export.xml"
                name = name if name.lower().endswith(".xml") else name + ".xml"
            output = output / name
        super().__init__(output, report)
        self.export = Path(export)
        self._src = None
        self._out = None
        self._tmp: str | None = None
        self._pos = 0
        self._tokens = None

    def begin(self, site: Site) -> None:
        super().begin(site)
        if self.output.resolve() == self.export.resolve():
            raise OutputError("refusing to overwrite the export itself", file=str(self.output))
        self.output.parent.mkdir(parents=True, exist_ok=True)
        with self._plain_export() as f:
            try:
                self._src = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # empty file
                self._src = b""
        fd, self._tmp = open_temporary(str(self.output.parent), self.output.name)
        self._out = os.fdopen(fd, "wb")
        self._broken: OSError | None = None
        self._tokens = _TOKENS.finditer(self._src)
        self._released = 0

    def _plain_export(self) -> BinaryIO:
        """The export's bytes as a file: itself, or decompressed into a temporary file
        (its bytes are copied through by offset, which a compressed stream cannot do)."""
        if compression_of(self.export) is None:
            return open(self.export, "rb")
        plain = tempfile.TemporaryFile(prefix="covid-shortcodes-export-")
        source = open_export(self.export)
        try:
            shutil.copyfileobj(source, plain, 1 << 20)
        except BaseException:
            plain.close()
            raise
        finally:
            source.close()
        plain.flush()
        return plain

    def _next_item(self) -> tuple[tuple[int, int] | None, int]:
        """(start, end) of the next item's content:encoded inner bytes (None: it has
        none), and where the item ends. Consumes the item through its closing tag."""
        for m in self._tokens:
            if m.group(0).startswith(b"<item"):
                break
        else:
            raise OutputError(
                "the export has fewer <item>s than were read; not rewritten",
                file=str(self.export),
            )
        span = None
        inner_start = None
        for m in self._tokens:
            tok = m.group(0)
            if tok.startswith(b"</item"):
                return span, m.end()
            if tok.startswith(b"<content:encoded") and not tok.endswith(b"/>"):
                inner_start = m.end()
            elif tok.startswith(b"</content:encoded") and inner_start is not None and span is None:
                span = (inner_start, m.start())
        return span, len(self._src)

    def keep(self, post: Post) -> None:
        _, end = self._next_item()
        self._copy_to(end)

    def clean(self) -> None:
        remove_stale_temporaries(self.output.parent, name=self.output.name)

    def write(self, post: Post, result: RenderResult) -> str:
        span, item_end = self._next_item()
        if span is not None and result.text != post.content:
            start, end = span
            self._copy_to(start)
            self._put(cdata(unnest_cards(result.text)))
            self._pos = end
        self._copy_to(item_end)
        return str(self.output)

    def _copy_to(self, offset: int) -> None:
        """Copy the export through to `offset`, a window at a time, and give back the
        mapped pages copied: the export is read once, in order, so resident memory
        stays flat whatever its size (and whether or not any card changes)."""
        while self._pos < offset:
            end = min(offset, self._pos + _COPY_WINDOW)
            self._put(self._src[self._pos : end])
            self._pos = end
        done = self._pos - self._pos % _RELEASE_STEP
        if done > self._released and isinstance(self._src, mmap.mmap):
            self._src.madvise(mmap.MADV_DONTNEED, self._released, done - self._released)
            self._released = done

    def _put(self, *chunks: bytes) -> None:
        """Write to the new export; after a failed write (a full disk) it is not whole,
        so nothing more is written and `finish` refuses to put it in place."""
        if self._broken is None:
            try:
                for chunk in chunks:
                    self._out.write(chunk)
            except OSError as e:
                self._broken = e
        if self._broken is not None:
            why = self._broken.strerror or self._broken
            raise OutputError(f"cannot write: {why}", file=str(self.output))

    def finish(self) -> None:
        try:
            self._copy_to(len(self._src))
            try:
                self._out.flush()
                os.fsync(self._out.fileno())
                self._out.close()
                os.chmod(self._tmp, 0o644)
                os.replace(self._tmp, self.output)
            except OSError as e:
                raise OutputError(f"cannot write: {e.strerror or e}", file=str(self.output)) from e
        except OutputError:
            self.abort()
            raise
        self._close_src()

    def abort(self) -> None:
        if self._out is not None:
            try:
                self._out.close()
            except OSError:
                pass  # a full disk: the buffer cannot go out, and is not wanted
        if self._tmp and os.path.exists(self._tmp):
            os.unlink(self._tmp)
        self._close_src()

    def _close_src(self) -> None:
        self._tokens = None  # the iterator holds the mmap's buffer
        if isinstance(self._src, mmap.mmap):
            self._src.close()


__all__ = ["WXRWriter", "cdata"]
