"""The safe byte stream between an export and lxml: what the parser is given to read.

Exports are untrusted (see `shortcodes.wxr`): `SafeStream` refuses a document type
declaration before any parsing, declares the HTML named entities through a DTD of its
own, transcodes other encodings to UTF-8, removes or replaces what XML 1.0 forbids
(recording each repair as a `Problem` with its line) and, in the repair pass, makes
well-formed what WordPress's importer reads and XML does not.
"""

from __future__ import annotations

import codecs
import functools
import html.entities
import re
from collections import deque
from collections.abc import Callable
from typing import BinaryIO, NamedTuple

from lxml import etree

from ..diagnostics import Diagnostic
from ..errors import BadInput

__all__ = ["Problem", "SafeStream", "summarise"]

_CTRL = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0E, 0x20))
_CTRL_DELETE = bytes(range(0x00, 0x09)) + bytes(range(0x0E, 0x20))
_CTRL_TABLE = bytes.maketrans(b"\x0b\x0c", b"  ")
_CTRL_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_NOT_CTRL = bytes(b for b in range(256) if b not in _CTRL)
_NONCHARS = re.compile(b"\xef\xbf[\xbe\xbf]")  # U+FFFE, U+FFFF
_REPLACEMENT = "\ufffd".encode()
_REPLACEMENT_RE = re.compile(re.escape(_REPLACEMENT))
_XML_DECL_ENCODING = re.compile(rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_WS = re.compile(rb"[ \t\r\n]*")
_NAME_START = re.compile(rb"<[A-Za-z_:\x80-\xff]")
_PROLOG_LIMIT = 1 << 20  # a WordPress prolog is a few comments, about 1 KB
_CHUNK = 1 << 16


class Problem(NamedTuple):
    """Repairs of one kind on one line: where the first is, how many, which characters."""

    line: int
    column: int
    code: str
    what: str  # "U+000B, U+001B", "0xE9"…
    count: int


_MESSAGES = {
    "control-character": "control character(s) {chars} removed (XML 1.0 forbids them)",
    "invalid-character": "character(s) {chars} replaced by U+FFFD (XML 1.0 forbids them)",
    "invalid-utf8": "invalid UTF-8 byte(s) {chars} replaced by U+FFFD",
    "invalid-encoding": "bytes invalid in {chars} replaced by U+FFFD",
    "literal-cdata-end": "literal ']]>' inside a CDATA section kept as text (as written, and "
    "as WordPress's regex importer reads it; XML forbids it)",
    "literal-markup-end": "literal ']]>' in text read as text (XML forbids it there)",
    "non-ascii-namespace": "namespace URI(s) {chars} percent-encoded (XML namespaces must be "
    "ASCII URIs; WordPress's importer accepts them)",
}
# The repair pass (see `SafeStream._repair_markup`): CDATA starts and ends, and
# namespace declarations whose URI has a character a URI may not hold.
_MARKUP_TOKEN = re.compile(
    rb"<!\[CDATA\[|\]\]>|(?<![\w:.-])xmlns(?::[^\s=/>]+)?[ \t\r\n]*=[ \t\r\n]*"
    rb"(?:\"[^\"<>]*\"|'[^'<>]*')"
)
_BAD_URI_BYTE = re.compile(rb"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")
_LOOKAHEAD = 1024  # bytes held back so a token and what follows it are seen whole
_TAG_NAME = re.compile(rb"<([^\s/>!?<]+)")


def _cdata_parent(before: bytes) -> bytes:
    """``name>`` of the start tag right before a CDATA section (b"": none there)."""
    head = before.rstrip(b" \t\r\n")
    if not head.endswith(b">"):
        return b""
    found = _TAG_NAME.match(head, max(0, head.rfind(b"<")))
    return found.group(1) + b">" if found else b""


@functools.lru_cache(maxsize=4)
def _entity_dtd(root: bytes) -> bytes:
    """An internal DTD declaring every HTML 5 named character reference XML lacks
    (made once per root name: each reader of a parallel conversion needs it)."""
    parts = []
    for name, value in html.entities.html5.items():
        if not name.endswith(";") or name[:-1] in ("amp", "lt", "gt", "quot", "apos"):
            continue
        # `&` and `<` are doubly escaped, as XML requires inside an entity value.
        val = "".join(f"&#38;#{ord(c)};" if c in "&<" else f"&#{ord(c)};" for c in value)
        parts.append(f'<!ENTITY {name[:-1]} "{val}">')
    return b"<!DOCTYPE " + root + b" [" + "".join(parts).encode("ascii") + b"]>"


@functools.lru_cache(maxsize=4)
def _dtd_columns(root: bytes) -> int:
    """How many columns libxml2 counts for the DTD `_entity_dtd(root)` (not its length)."""
    probe = b"<" + root + b">&undefined-probe;</" + root + b">"
    cols = []
    for data in (probe, _entity_dtd(root) + probe):
        try:
            etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as e:
            cols.append(e.position[1])
    return cols[1] - cols[0] if len(cols) == 2 else 0


def _detect_encoding(head: bytes) -> tuple[str, int]:
    """(Python codec name, BOM length) of an XML document from its first bytes."""
    boms = (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    )
    for bom, enc in boms:
        if head.startswith(bom):
            return enc, len(bom)
    for start, enc in (
        (b"<\x00\x00\x00", "utf-32-le"),
        (b"\x00\x00\x00<", "utf-32-be"),
        (b"<\x00", "utf-16-le"),
        (b"\x00<", "utf-16-be"),
    ):
        if head.startswith(start):
            return enc, 0
    m = _XML_DECL_ENCODING.match(head)
    if m:
        declared = m.group(1).decode("ascii")
        # A document whose bytes are 8-bit cannot really be UTF-16/32, whatever it says.
        if not declared.lower().replace("_", "-").startswith(("utf-16", "utf-32", "ucs")):
            return declared, 0
    return "utf-8", 0


class SafeStream:
    """File-like filter between the export and lxml (see the module docstring).

    `start()` reads the prolog (and raises `BadInput` for a DOCTYPE, an unknown
    encoding or an empty file); then lxml calls `read()`. `problems` holds the repairs
    made in the bytes given so far, in order, for the reader to attach to its items.
    `checked`: these bytes were read before and needed no repair, so the checks are
    skipped. `repair`: the tolerant pass (see `_repair_markup`).
    """

    def __init__(
        self, raw: BinaryIO, name: str, *, checked: bool = False, repair: bool = False
    ) -> None:
        self.name = name
        # The repair pass, after a strict parse failed: what WordPress's importer reads
        # with its tolerant parsers is repaired (see `_repair_markup`).
        self.repair = repair
        self.pause_line: int | None = None  # see _pause()
        self._emitted_line = 1
        self._held = b""  # output held back for the repair's look-ahead
        self._context = b""  # the last output bytes, to find a CDATA section's element
        self._in_cdata = False
        self._cdata_parent = b""
        self.bytes_read = 0
        self.problems: deque[Problem] = deque()
        self.repairs = 0  # problems noted so far
        self._checked = checked
        self.root_line: int | None = None
        self.root_column = 0
        self.root_name = b""  # the DTD is inserted before the root element, on its line
        self._raw = raw
        self._line = 1  # line of the next output byte
        self._col = 0  # characters already on that line
        self._carry = b""
        self._decoder = None
        self.encoding = "utf-8"
        self._eof = False
        self._buffer = b""

    @property
    def transcoded(self) -> bool:
        """Whether the export is in another encoding than UTF-8 (read transcoded)."""
        return self._decoder is not None

    def export_column(self, line: int, column: int) -> int:
        """The export's column for a position lxml reports: on the root element's line
        the entity DTD inserted before it counts in lxml's columns, not in the file."""
        if line == self.root_line and column:
            shift = _dtd_columns(self.root_name)
            if column > self.root_column + shift:
                return column - shift
        return column

    # lxml calls read(); the first call has already been prepared by start().
    def read(self, size: int = -1) -> bytes:
        if self._buffer:
            out, self._buffer = self._buffer, b""
        else:
            out = b""
            while not self._eof and not out:
                out = self._process(self._read_raw())
        if self.pause_line is not None and out:
            out = self._pause(out)
        return out

    def _pause(self, out: bytes) -> bytes:
        """lxml gives no event of a chunk in which it meets an error: the bytes before
        the error's line go alone, so that the items before it are read."""
        line, stop = self._emitted_line, self.pause_line
        ends = line + out.count(b"\n")
        if ends < stop:
            self._emitted_line = ends
            return out
        at = -1
        for _ in range(stop - line):
            at = out.find(b"\n", at + 1)
        self.pause_line = None
        if 0 < at + 1 < len(out):
            self._buffer = out[at + 1 :] + self._buffer
            return out[: at + 1]
        return out

    def _read_raw(self) -> bytes:
        data = self._raw.read(_CHUNK)
        if not data:
            self._eof = True
            return b""
        self.bytes_read += len(data)
        return data

    def start(self) -> None:
        """Detect the encoding, refuse a DOCTYPE and declare the HTML entities."""
        raw = self._read_raw()
        while len(raw) < 256 and not self._eof:
            raw += self._read_raw()
        enc, bom = _detect_encoding(raw)
        try:
            info = codecs.lookup(enc)
        except LookupError:
            raise BadInput(f"unsupported encoding {enc!r}", file=self.name, line=1) from None
        if info.name not in ("utf-8", "ascii"):
            self.encoding = enc
            self._decoder = info.incrementaldecoder(errors="replace")
        head = self._process(raw[bom:])
        if not head.strip() and self._eof:
            raise BadInput("the file is empty", file=self.name)
        pos = 0
        while True:
            pos = _WS.match(head, pos).end()
            need = None
            if len(head) - pos < 10 and not self._eof:
                need = True
            elif head.startswith(b"<?", pos):
                end = head.find(b"?>", pos + 2)
                need, pos = (True, pos) if end < 0 else (False, end + 2)
            elif head.startswith(b"<!--", pos):
                end = head.find(b"-->", pos + 4)
                need, pos = (True, pos) if end < 0 else (False, end + 3)
            elif head[pos : pos + 9].upper() == b"<!DOCTYPE":
                self._refuse_doctype(head, pos)
            elif _NAME_START.match(head, pos):
                self._inject(head, pos)
                return
            else:  # not XML: let lxml say what is wrong
                self._buffer = head
                return
            if need:
                if self._eof or len(head) > _PROLOG_LIMIT:
                    if not self._eof:
                        raise BadInput(
                            "the prolog before the root element is over 1 MiB; refused",
                            file=self.name,
                            line=1,
                        )
                    self._buffer = head
                    return
                head += self._process(self._read_raw())

    def _where(self, head: bytes, pos: int) -> tuple[int, int]:
        line_start = head.rfind(b"\n", 0, pos) + 1
        column = len(head[line_start:pos].decode("utf-8", "replace")) + 1
        return head.count(b"\n", 0, pos) + 1, column

    def _refuse_doctype(self, head: bytes, pos: int) -> None:
        line, column = self._where(head, pos)
        end = head.find(b"]>", pos)
        declaration = head[pos : end + 2 if end > 0 else pos + _PROLOG_LIMIT]
        if b"[" not in declaration[: declaration.find(b">") + 1]:
            declaration = declaration[: declaration.find(b">") + 1]
        shown = " ".join(declaration[:80].decode("utf-8", "replace").split())
        if len(shown) > 40 or len(declaration) > 80:
            shown = shown[:40].rstrip() + " …"
        if b"<!ENTITY" in declaration.upper():
            message = f"export declares XML entities ({shown}); refused for safety"
        else:
            message = (
                f"export has a document type declaration ({shown}), which WordPress "
                "exports never have; refused for safety"
            )
        raise BadInput(message, file=self.name, line=line, column=column)

    def _inject(self, head: bytes, pos: int) -> None:
        name = re.match(rb"<([^\s/>]+)", head[pos:]).group(1)
        dtd = _entity_dtd(name)
        self.root_line, self.root_column = self._where(head, pos)
        self.root_name = name
        self._buffer = head[:pos] + dtd + head[pos:]

    def _process(self, data: bytes) -> bytes:
        """Raw bytes → checked UTF-8 (repairs recorded in `problems`)."""
        if self._checked and self._decoder is None and not self.repair:
            return data
        text: str | None = None  # the chunk decoded, when it is not ASCII
        if self._decoder is not None:
            text = self._decoder.decode(data, final=self._eof)
            data = text.encode("utf-8")
            if "\ufffd" in text and self.encoding[:3].lower() != "utf":
                enc = self.encoding
                self._note(
                    data,
                    _REPLACEMENT_RE,
                    "invalid-encoding",
                    lambda t: (enc, t.count(_REPLACEMENT)),
                )
        else:
            data = self._carry + data
            self._carry = b""
            if not data.isascii():
                data, text = self._check_utf8(data)
        if len(data.translate(None, _CTRL)) != len(data):
            self._note(data, _CTRL_RE, "control-character", _controls)
            data = data.translate(_CTRL_TABLE, _CTRL_DELETE)
        # U+FFFE/U+FFFF (never in ASCII): looked for in the decoded text, several times
        # faster than a 3-byte search in the bytes.
        if text is not None and ("\ufffe" in text or "\uffff" in text):
            self._note(data, _NONCHARS, "invalid-character", _nonchars)
            data = _NONCHARS.sub(_REPLACEMENT, data)
        if self.repair:
            data = self._repair_markup(data)
        last = data.rfind(b"\n")
        if last >= 0:
            self._line += data.count(b"\n")
            tail = data[last + 1 :]
            self._col = len(tail) if tail.isascii() else len(tail.decode("utf-8", "replace"))
        else:
            self._col += len(data) if data.isascii() else len(data.decode("utf-8", "replace"))
        return data

    def _position(self, data: bytes, at: int) -> tuple[int, int]:
        """Line and column of byte `at` of `data`, output from the current position."""
        nl = data.rfind(b"\n", 0, at)
        if nl < 0:
            return self._line, self._col + len(data[:at].decode("utf-8", "replace")) + 1
        line = self._line + data.count(b"\n", 0, at)
        return line, len(data[nl + 1 : at].decode("utf-8", "replace")) + 1

    def _repair_markup(self, data: bytes) -> bytes:
        """What WordPress's importer reads and XML does not, made well-formed.

        Its regex parser (``WXR_Parser_Regex::get_tag``, the fallback for malformed XML
        up to wordpress-importer 0.8) takes a field's text up to the field's end tag, so a
        literal ``]]>`` inside a CDATA section is text, as its author meant it. (0.9's
        fallback, ``WXR_Parser_XML_Processor``, ends the section at the first ``]]>``
        and reads the rest as text, which cuts such a field: not followed.) Here it is
        one when what follows is not the end tag of the element holding the section
        (nor another section), and is written as XML spells it (``]]]]><![CDATA[>``,
        what WordPress's exporter writes). Outside CDATA it becomes ``]]&gt;``. A
        namespace URI with non-ASCII characters (libxml2 refuses it; PHP's SimpleXML
        only warns) is percent-encoded, as RFC 3987 maps an IRI to a URI.
        """
        buf = self._held + data
        keep = len(buf) if self._eof else max(0, len(buf) - _LOOKAHEAD)
        out: list[bytes] = []
        pos = 0
        self._counted = (0, self._line)  # (offset, its line): lines counted once
        for m in _MARKUP_TOKEN.finditer(buf):
            at = m.start()
            if at >= keep:
                break
            token = m.group()
            if self._in_cdata:
                if token != b"]]>":
                    continue  # text inside the section
                after = buf[m.end() : m.end() + 64].lstrip(b" \t\r\n")
                if not after:  # only spaces so far: look further
                    after = buf[m.end() : m.end() + _LOOKAHEAD].lstrip(b" \t\r\n")
                parent = self._cdata_parent
                closes = after.startswith(b"<![CDATA[") or (
                    after.startswith(b"</" + parent) if parent else after.startswith(b"</")
                )
                if closes or (not after and self._eof):
                    self._in_cdata = False
                    continue
                out.append(buf[pos:at] + b"]]]]><![CDATA[>")
                self._problem(buf, at, "literal-cdata-end", "]]>")
            elif token == b"<![CDATA[":
                before = buf[max(0, at - _LOOKAHEAD) : at]
                if at < _LOOKAHEAD:
                    before = self._context + before
                self._cdata_parent = _cdata_parent(before)
                self._in_cdata = True
                continue
            elif token == b"]]>":
                out.append(buf[pos:at] + b"]]&gt;")
                self._problem(buf, at, "literal-markup-end", "]]>")
            else:
                name, _, value = token.partition(b"=")
                value = value.strip(b" \t\r\n")
                quote, uri = value[:1], value[1:-1]
                if not _BAD_URI_BYTE.search(uri):
                    continue
                fixed = _BAD_URI_BYTE.sub(lambda c: b"".join(b"%%%02X" % b for b in c.group()), uri)
                out.append(buf[pos:at] + name + b"=" + quote + fixed + quote)
                self._problem(buf, at, "non-ascii-namespace", uri.decode("utf-8", "replace"))
            pos = m.end()
        end = max(keep, pos)
        out.append(buf[pos:end])
        self._held = buf[end:]
        self._context = (self._context + buf[:end])[-_LOOKAHEAD:]
        return b"".join(out)

    def _problem(self, data: bytes, at: int, code: str, what: str) -> None:
        """Record a repair; more of one kind on one line add to the first's count, so
        that many on one long line cost no more than one each (linear)."""
        offset, line = self._counted
        line += data.count(b"\n", offset, at)
        self._counted = (at, line)
        self.repairs += 1
        last = self.problems[-1] if self.problems else None
        if last is not None and last.line == line and last.code == code:
            if what != last.what and what not in last.what.split(", "):
                what = f"{last.what}, {what}"
            self.problems[-1] = Problem(line, last.column, code, what, last.count + 1)
            return
        self.problems.append(Problem(line, self._position(data, at)[1], code, what, 1))

    def _check_utf8(self, data: bytes) -> tuple[bytes, str]:
        """The chunk's complete characters as valid UTF-8, and as text (a character cut
        at the end waits for the next chunk)."""
        try:
            text, used = codecs.utf_8_decode(data, "strict", self._eof)
        except UnicodeDecodeError as e:
            first = f"0x{data[e.start]:02X}"
        else:
            self._carry = data[used:]
            return data[:used], text
        text, used = codecs.utf_8_decode(data, "replace", self._eof)
        self._carry = data[used:]
        fixed = text.encode("utf-8")
        self._note(fixed, _REPLACEMENT_RE, "invalid-utf8", lambda t: (first, t.count(_REPLACEMENT)))
        return fixed, text

    def _note(
        self,
        data: bytes,
        pattern: re.Pattern,
        code: str,
        describe: Callable[[bytes], tuple[str, int]],
    ) -> None:
        """Record one problem per line of `data` where `pattern` matches.

        `describe(line_bytes)` gives (what, count). Linear in `data`: lines are found with
        C-level searches, never one Python step per bad character.
        """
        line, col, pos = self._line, self._col, 0
        m = pattern.search(data)
        while m:
            at = m.start()
            segment = data[pos:at]
            nl = segment.rfind(b"\n")
            if nl >= 0:
                line += segment.count(b"\n")
                col, segment = 0, segment[nl + 1 :]
            col += len(segment) if segment.isascii() else len(segment.decode("utf-8", "replace"))
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            what, count = describe(data[at:end])
            self.problems.append(Problem(line, col + 1, code, what, count))
            self.repairs += 1
            pos = at
            m = pattern.search(data, end)


def _controls(text: bytes) -> tuple[str, int]:
    chars = sorted(set(text.translate(None, _NOT_CTRL)))
    return ", ".join(f"U+{c:04X}" for c in chars), len(text) - len(text.translate(None, _CTRL))


def _nonchars(text: bytes) -> tuple[str, int]:
    found = _NONCHARS.findall(text)
    return ", ".join(f"U+{ord(c.decode()):04X}" for c in sorted(set(found))), len(found)


def summarise(problems: list[Problem], file: str, post_id: int | None) -> list[Diagnostic]:
    """One diagnostic per kind of repair, at the first one."""
    out = []
    for code in dict.fromkeys(p.code for p in problems):
        these = [p for p in problems if p.code == code]
        chars = ", ".join(dict.fromkeys(w for p in these for w in p.what.split(", ")))
        message = _MESSAGES[code].format(chars=chars)
        count = sum(p.count for p in these)
        if count > 1:
            message += f" ({count} in all)"
        first = these[0]
        out.append(
            Diagnostic(
                code, message, line=first.line, column=first.column, file=file, post_id=post_id
            )
        )
    return out
