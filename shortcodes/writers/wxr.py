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

from ..archive import compression_of, open_export
from ..errors import OutputError
from .base import Writer

# Tokens outside of which markup is real: CDATA sections and comments are skipped whole.
_TOKENS = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<item[\s>]|</item\s*>"
    rb"|<content:encoded\s*/>|<content:encoded\s*>|</content:encoded\s*>",
    re.S,
)


def cdata(text: str) -> bytes:
    """`text` as one CDATA section (split around any ``]]>`` it contains)."""
    return b"<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>").encode("utf-8") + b"]]>"


class WXRWriter(Writer):
    suffix = ".xml"

    def __init__(self, export: Path, output: Path, report) -> None:
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

    def begin(self, site) -> None:
        super().begin(site)
        if self.output.resolve() == self.export.resolve():
            raise OutputError("refusing to overwrite the export itself", file=str(self.output))
        self.output.parent.mkdir(parents=True, exist_ok=True)
        with self._plain_export() as f:
            try:
                self._src = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # empty file
                self._src = b""
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.output.name}.", dir=self.output.parent)
        self._out = os.fdopen(fd, "wb")
        self._tokens = _TOKENS.finditer(self._src)

    def _plain_export(self):
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

    def _next_item(self) -> tuple[int, int] | None:
        """(start, end) of the next item's content:encoded inner bytes, if it has one.

        Consumes the item through its closing tag.
        """
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
                return span
            if tok.startswith(b"<content:encoded") and not tok.endswith(b"/>"):
                inner_start = m.end()
            elif tok.startswith(b"</content:encoded") and inner_start is not None and span is None:
                span = (inner_start, m.start())
        return span

    def keep(self, post) -> None:
        self._next_item()

    def write(self, post, result) -> str:
        span = self._next_item()
        if span is not None and result.text != post.content:
            start, end = span
            self._out.write(self._src[self._pos : start])
            self._out.write(cdata(result.text))
            self._pos = end
        return str(self.output)

    def finish(self) -> None:
        self._out.write(self._src[self._pos :])
        self._out.flush()
        os.fsync(self._out.fileno())
        self._out.close()
        os.chmod(self._tmp, 0o644)
        os.replace(self._tmp, self.output)
        self._close_src()

    def abort(self) -> None:
        if self._out is not None:
            self._out.close()
        if self._tmp and os.path.exists(self._tmp):
            os.unlink(self._tmp)
        self._close_src()

    def _close_src(self) -> None:
        self._tokens = None  # the iterator holds the mmap's buffer
        if isinstance(self._src, mmap.mmap):
            self._src.close()
