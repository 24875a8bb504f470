"""Streaming, safe reader of WordPress exports (WXR).

`read_wxr(path)` gives a `WXRReader`: `.site` is the channel header (title, language,
authors, categories, tags, terms) and `.posts()` streams one `Post` per `<item>` with
`lxml.etree.iterparse`, clearing each element once read, so memory stays flat however
large the export is. Every `wp` namespace version (export/1.0/ … 1.2/, http or https)
is accepted: elements are matched by local name.

Exports are untrusted. The bytes pass through a small filter before lxml sees them:

* A document type declaration (``<!DOCTYPE``), which WordPress never writes, is refused
  with `BadInput` before any parsing: no entity expansion (billion laughs), no external
  entity or DTD (XXE), no network. lxml also runs with ``load_dtd=False``,
  ``no_network=True`` and without ``huge_tree`` (a text node may hold up to 10 MB).
* HTML named entities that XML does not define (``&nbsp;``, ``&hellip;``, ``&eacute;``
  outside CDATA, as hand-made exports have them) decode to their characters, through a
  DTD of HTML 5 character references that the reader itself declares. Unknown names
  (``&foo;``) are malformed XML: `BadInput` with line and column.
* Characters XML 1.0 forbids do not stop the run: C0 controls other than tab, newline
  and carriage return are removed (vertical tab and form feed become a space), U+FFFE
  and U+FFFF and invalid UTF-8 bytes become U+FFFD. Each post affected gets a
  `Diagnostic` (``control-character``, ``invalid-character``, ``invalid-utf8``) with
  the line of the first one. Character references to them (``&#11;``) stay malformed.
* Input in another encoding (a BOM, UTF-16, or ``encoding="ISO-8859-1"``) is transcoded
  to UTF-8 first, so lxml always reads the bytes that were checked.

Exports WordPress's importer reads are read too. When the strict parse fails, the file
is read again from its start with repairs (see `_SafeStream._repair_markup`: a literal
``]]>`` inside CDATA, a namespace URI with non-ASCII characters), each a `Diagnostic`;
the items given before the failure are not given again. Compressed exports (gzip,
bzip2, xz, a zip of one export; see `archive`) are decompressed as they are read.

Malformed XML raises `BadInput` with the file, line and column; posts before the error
have already been yielded. A bad value inside a post (a non-numeric id, an impossible
date) is a `Diagnostic` on that post and the stream goes on.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import functools
import html.entities
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple
from urllib.parse import unquote

from lxml import etree

from .diagnostics import Diagnostic
from .errors import BadInput

__all__ = [
    "Author",
    "Category",
    "Comment",
    "Post",
    "Site",
    "Tag",
    "Term",
    "TermRef",
    "WXRReader",
    "is_wp_namespace",
    "iter_posts",
    "read_wxr",
]

# -- data ---------------------------------------------------------------------------


@dataclass
class Author:
    """A `<wp:author>` of the channel."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    id: int | None = None


@dataclass
class Category:
    """A `<wp:category>` of the channel (`parent` is the parent's nicename)."""

    nicename: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Tag:
    """A `<wp:tag>` of the channel."""

    slug: str
    name: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Term:
    """A `<wp:term>` of the channel: a term of any taxonomy (nav_menu, post_format…)."""

    taxonomy: str
    slug: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Site:
    """The channel header. Complete for everything before the first `<item>`."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    pub_date: str = ""
    generator: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    wp_namespace: str | None = None
    authors: list[Author] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


class TermRef(NamedTuple):
    """A post's `<category domain="…" nicename="…">name</category>`."""

    domain: str
    nicename: str
    name: str


@dataclass(slots=True)
class Comment:
    """A `<wp:comment>` of a post (`date` naive local time, `date_gmt` aware UTC)."""

    id: int | None = None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: dt.datetime | None = None
    date_gmt: dt.datetime | None = None
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0
    user_id: int = 0
    meta: list[tuple[str, str]] = field(default_factory=list)


_TAG_DOMAINS = ("post_tag", "tag")  # "tag" is WXR 1.0's spelling


@dataclass(slots=True)
class Post:
    """One `<item>`: a post, page, attachment, menu item or any other post type.

    Dates: `post_date`/`modified` are naive local times, `*_gmt` aware UTC; None for
    WordPress's "0000-00-00 00:00:00" (drafts). `post_name` is percent-decoded.
    `sourceline` is the line of `<item>`, `content_line` that of `<content:encoded>`.
    """

    id: int | None = None
    title: str = ""
    link: str = ""
    guid: str = ""
    pub_date: str = ""
    creator: str = ""
    description: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: dt.datetime | None = None
    post_date_gmt: dt.datetime | None = None
    modified: dt.datetime | None = None
    modified_gmt: dt.datetime | None = None
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    post_name_raw: str = ""
    status: str = "draft"
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = "post"
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[TermRef] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    sourceline: int | None = None
    content_line: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ordinal: int = 0  # its position among the export's items, from 0

    def export_position(self, line: int | None) -> int | None:
        """The export's line for line `line` (1-based) of `content`, when known."""
        if line is None or self.content_line is None:
            return None
        return self.content_line + line - 1

    @property
    def categories(self) -> list[str]:
        """Names of the post's categories, in export order."""
        return [t.name for t in self.terms if t.domain == "category"]

    @property
    def tags(self) -> list[str]:
        """Names of the post's tags, in export order."""
        return [t.name for t in self.terms if t.domain in _TAG_DOMAINS]

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """The first value of post meta `key`."""
        for k, v in self.meta:
            if k == key:
                return v
        return default


# -- namespaces ---------------------------------------------------------------------

_WP_NS = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/\d+(?:\.\d+)*/?$")
_EXCERPT_NS = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/\d+(?:\.\d+)*/excerpt/?$")
_OTHER_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content:",
    "http://purl.org/dc/elements/1.1/": "dc:",
}


def is_wp_namespace(uri: str) -> bool:
    """Whether `uri` is a WordPress export namespace (any version, http or https)."""
    return bool(_WP_NS.match(uri))


def _classify(tag: str) -> str:
    """A stable key for an element tag: ``wp:post_id``, ``content:encoded``, ``title``…"""
    if not isinstance(tag, str):  # comments and PIs (normally removed by the parser)
        return ""
    if tag[0] != "{":
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP_NS.match(uri):
        return "wp:" + local
    if _EXCERPT_NS.match(uri):
        return "excerpt:" + local
    prefix = _OTHER_NS.get(uri)
    return prefix + local if prefix else tag


# -- the byte filter ----------------------------------------------------------------

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


class _Problem(NamedTuple):
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
    "literal-cdata-end": "literal ']]>' inside a CDATA section kept as text (as WordPress's "
    "importer reads it; XML forbids it)",
    "literal-markup-end": "literal ']]>' in text read as text (XML forbids it there)",
    "non-ascii-namespace": "namespace URI(s) {chars} percent-encoded (XML namespaces must be "
    "ASCII URIs; WordPress's importer accepts them)",
}
# The repair pass (see `_SafeStream._repair_markup`): CDATA starts and ends, and
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


class _SafeStream:
    """File-like filter between the export and lxml (see the module docstring)."""

    def __init__(
        self, raw: BinaryIO, name: str, *, checked: bool = False, repair: bool = False
    ) -> None:
        self.name = name
        # The repair pass, after a strict parse failed: what WordPress's importer reads
        # with its tolerant parsers is repaired (see `_repair_markup`).
        self._repair = repair
        self.pause_line: int | None = None  # see _pause()
        self._emitted_line = 1
        self._held = b""  # output held back for the repair's look-ahead
        self._context = b""  # the last output bytes, to find a CDATA section's element
        self._in_cdata = False
        self._cdata_parent = b""
        self.bytes_read = 0
        self.problems: deque[_Problem] = deque()
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
        self._encoding = "utf-8"
        self._eof = False
        self._buffer = b""

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
            self._encoding = enc
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
        if self._checked and self._decoder is None and not self._repair:
            return data
        text: str | None = None  # the chunk decoded, when it is not ASCII
        if self._decoder is not None:
            text = self._decoder.decode(data, final=self._eof)
            data = text.encode("utf-8")
            if "\ufffd" in text and self._encoding[:3].lower() != "utf":
                enc = self._encoding
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
        if self._repair:
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

        Its regex parser (``WXR_Parser_Regex::get_tag``) takes a field's text up to the
        field's end tag, so a literal ``]]>`` inside a CDATA section is text: here it is
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
            self.problems[-1] = _Problem(line, last.column, code, what, last.count + 1)
            return
        self.problems.append(_Problem(line, self._position(data, at)[1], code, what, 1))

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

    def _note(self, data: bytes, pattern: re.Pattern, code: str, describe) -> None:
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
            self.problems.append(_Problem(line, col + 1, code, what, count))
            self.repairs += 1
            pos = at
            m = pattern.search(data, end)


def _controls(text: bytes) -> tuple[str, int]:
    chars = sorted(set(text.translate(None, _NOT_CTRL)))
    return ", ".join(f"U+{c:04X}" for c in chars), len(text) - len(text.translate(None, _CTRL))


def _nonchars(text: bytes) -> tuple[str, int]:
    found = _NONCHARS.findall(text)
    return ", ".join(f"U+{ord(c.decode()):04X}" for c in sorted(set(found))), len(found)


def _summarise(problems: list[_Problem], file: str, post_id: int | None) -> list[Diagnostic]:
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


# -- values -------------------------------------------------------------------------


def _text(el) -> str:
    if len(el):
        return "".join(el.itertext())
    t = el.text
    return t if t is not None else ""


def _markup(el) -> str:
    """Text of an element that may hold raw (unescaped) XHTML children."""
    if not len(el):
        t = el.text
        return t if t is not None else ""
    parts = [el.text or ""]
    for child in el:
        child = copy.deepcopy(child)
        etree.cleanup_namespaces(child)  # no xmlns:wp=… on every tag
        parts.append(etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


_UTC = dt.timezone.utc
_DATE_KEYS = {
    "wp:post_date": ("post_date", False),
    "wp:post_date_gmt": ("post_date_gmt", True),
    "wp:post_modified": ("modified", False),
    "wp:post_modified_gmt": ("modified_gmt", True),
}
_STR_KEYS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "pubDate": "pub_date",
    "dc:creator": "creator",
    "description": "description",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:post_password": "post_password",
    "wp:attachment_url": "attachment_url",
}
# What `posts(light=True)` reads of an item: enough to name it and find links to it.
_LIGHT_KEYS = frozenset(
    ("title", "link", "guid", "wp:post_id", "wp:post_name", "wp:status", "wp:post_type")
    + ("wp:post_date", "wp:post_date_gmt")
)
# The same as tags for `iterchildren`, which skips the others without making them objects.
_LIGHT_TAGS = tuple(k if ":" not in k else "{*}" + k.partition(":")[2] for k in sorted(_LIGHT_KEYS))
_STRIP = {"link", "guid", "pub_date", "creator", "comment_status", "ping_status"}
_CHANNEL_STR = {
    "title": "title",
    "link": "link",
    "description": "description",
    "language": "language",
    "pubDate": "pub_date",
    "generator": "generator",
    "wp:wxr_version": "wxr_version",
    "wp:base_site_url": "base_site_url",
    "wp:base_blog_url": "base_blog_url",
}
_CHANNEL_ELEMENTS = ("wp:author", "wp:category", "wp:tag", "wp:term")
# iterparse reports only these (in any namespace): items and the channel's own children.
_EVENT_TAGS = sorted(
    "{*}" + key.rpartition(":")[2] for key in ("item", *_CHANNEL_STR, *_CHANNEL_ELEMENTS)
)
try:
    _RESOLVE = "internal" if etree.LXML_VERSION >= (5,) else True
except AttributeError:  # pragma: no cover
    _RESOLVE = True


class _Values:
    """Converts field text, recording a diagnostic for what cannot be read."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diags: list[Diagnostic] = []

    def note(self, code: str, message: str, el, severity="warning") -> None:
        self.diags.append(Diagnostic(code, message, severity, line=el.sourceline, file=self.file))

    def int(
        self, el, what: str, default: int | None = 0, code: str = "bad-number", severity="warning"
    ) -> int | None:
        s = _text(el).strip()
        if not s:
            return default
        try:
            return int(s)
        except ValueError:
            self.note(code, f"{what} is not a number: {s[:40]!r}", el, severity)
            return default

    def date(self, el, what: str, gmt: bool) -> dt.datetime | None:
        s = _text(el).strip()
        if not s or s.startswith("0000-00-00"):
            return None
        try:
            value = dt.datetime.fromisoformat(s)
        except ValueError:
            self.note("bad-date", f"{what} is not a date: {s[:40]!r}", el)
            return None
        if gmt:
            if value.tzinfo is None:
                return value.replace(tzinfo=_UTC)
            return value.astimezone(_UTC)
        return value.replace(tzinfo=None) if value.tzinfo else value


# -- the reader ---------------------------------------------------------------------


class _Retry(Exception):
    """The strict parse failed: read again with repairs, after the first `done` items."""

    def __init__(self, error: BadInput, done: int) -> None:
        self.error = error
        self.done = done


class WXRReader:
    """One streaming pass over a WordPress export: `.site`, `.posts()` (once), `.bytes_read`,
    and `.diagnostics` for repairs outside any item (those inside are on each `Post`)."""

    def __init__(
        self, source: str | Path | BinaryIO, *, name: str | None = None, checked: bool = False
    ) -> None:
        if isinstance(source, (str, Path)):
            self._path: Path | None = Path(source)
            self._file: BinaryIO | None = None
            self.name = name or str(source)
        else:
            self._path = None
            self._file = source
            self.name = name or str(getattr(source, "name", "") or "<stream>")
        self.diagnostics: list[Diagnostic] = []
        self._site = Site()
        self._stream: _SafeStream | None = None
        self._gen: Iterator[Post] | None = None
        self._pending: list[Post] = []
        self._header_done = False
        self._started = False
        self._tags: dict[str, str] = {}
        self._channel = None  # the <channel> element, kept small by clearing
        self._items = 0  # items seen so far
        self._shard: tuple[int, int] | None = None
        self._light = False
        self._checked = checked
        self._file_start: int | None = None
        self._progress = None
        # The export's compression ("gzip", "bzip2", "xz", "zip"; None: plain), once open.
        self.compression: str | None = None

    @property
    def site(self) -> Site:
        """The channel header; reads ahead to the first item if needed."""
        if not self._header_done and not self._started:
            gen = self._events()
            post = next(gen, None)
            if post is not None:
                self._pending.append(post)
        return self._site

    @property
    def first_item_line(self) -> int | None:
        """The line of the first item (after `site` was read; None: no item)."""
        return self._pending[0].sourceline if self._pending else None

    @property
    def encoding(self) -> str:
        """The export's encoding (what it is transcoded from when not UTF-8)."""
        return self._stream._encoding if self._stream else "utf-8"

    @property
    def end_tags(self) -> bytes | None:
        """The channel's and root's end tags, as written (None before the first item)."""
        channel = self._channel
        if channel is None or channel.getparent() is None:
            return None

        def end(el) -> bytes:
            name = etree.QName(el).localname
            return f"</{el.prefix}:{name}>".encode() if el.prefix else f"</{name}>".encode()

        return end(channel) + end(channel.getparent())

    @property
    def repaired(self) -> bool:
        """Whether the bytes read so far needed a repair (invalid UTF-8, control
        characters…), or were transcoded: with neither, a reader of the same bytes
        made with `checked=True` reads them as this one did, skipping the checks."""
        stream = self._stream
        return stream is None or stream.repairs > 0 or stream._decoder is not None

    @property
    def tolerant(self) -> bool:
        """Whether the export needed the repair pass (what a strict parser refuses)."""
        return self._stream is not None and self._stream._repair

    @property
    def bytes_read(self) -> int:
        """Bytes of the export file consumed so far (for progress bars; of the
        compressed file when it is compressed)."""
        if self._progress is not None:
            return self._progress.position
        return self._stream.bytes_read if self._stream else 0

    def posts(self, shard: tuple[int, int] | None = None, *, light: bool = False) -> Iterator[Post]:
        """Stream the posts of the export, in file order (once).

        `shard=(k, n)` yields only the items whose `ordinal` is k modulo n (the others
        are parsed, not built), for n processes sharing one export. `light` posts have
        only their id, type, status, slug, title, link, guid and dates (no content,
        terms, meta or comments): what planning output paths needs, at less cost.
        """
        if self._started:
            raise RuntimeError("a WXRReader streams its posts once; call read_wxr again")
        self._started = True
        self._shard = shard
        self._light = light
        gen = self._events()
        while self._pending:
            post = self._pending.pop(0)
            if shard is None or post.ordinal % shard[1] == shard[0]:
                yield post
        yield from gen

    __iter__ = posts

    def close(self) -> None:
        """Stop reading and close the file if the reader opened it."""
        if self._gen is not None:
            self._gen.close()

    def __enter__(self) -> WXRReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- parsing ----------------------------------------------------------------------

    def _events(self) -> Iterator[Post]:
        if self._gen is None:
            self._gen = self._run()
        return self._gen

    def _open(self) -> BinaryIO:
        if self._file is not None:
            return self._file
        from .archive import open_export

        raw = open_export(self._path, self.name)
        self.compression = getattr(raw, "kind", None)
        self._progress = raw if self.compression else None
        return raw

    def _reopen(self, raw: BinaryIO) -> BinaryIO | None:
        """The export from its start again, for the repair pass (None: it cannot be)."""
        if self._file is None:
            raw.close()
            return self._open()
        try:
            if self._file_start is None or not raw.seekable():
                return None
            raw.seek(self._file_start)
        except (OSError, ValueError, AttributeError):
            return None
        return raw

    def _run(self) -> Iterator[Post]:
        raw = self._open()
        if self._file is not None:
            try:
                self._file_start = raw.tell() if raw.seekable() else None
            except (OSError, ValueError, AttributeError):
                self._file_start = None
        try:
            try:
                yield from self._parse(raw)
            except _Retry as retry:
                # What WordPress's importer reads with its tolerant parsers is read
                # too: the file again from its start, with the repairs (`_SafeStream.
                # _repair_markup`); items already given are not given twice.
                again = self._reopen(raw)
                if again is None:
                    raise retry.error from None
                raw = again
                yield from self._parse(raw, repair=True, done=retry.done, error=retry.error)
        finally:
            self._header_done = True
            if self._file is None:
                raw.close()

    def _parse(
        self, raw: BinaryIO, *, repair: bool = False, done: int = 0, error: BadInput | None = None
    ) -> Iterator[Post]:
        if repair:
            header_was_done = self._header_done
            self._items = 0
            if not header_was_done:  # the header is read again: start it afresh
                fresh = Site()
                for name in fresh.__dataclass_fields__:
                    setattr(self._site, name, getattr(fresh, name))
                self.diagnostics.clear()
        stream = self._stream = _SafeStream(
            raw, self.name, checked=self._checked and not repair, repair=repair
        )
        if error is not None and error.line:
            stream.pause_line = error.line
        stream.start()
        events = etree.iterparse(
            stream,
            events=("end",),
            tag=_EVENT_TAGS,
            encoding="utf-8",
            resolve_entities=_RESOLVE,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        skip_header = repair and header_was_done
        checked = False
        try:
            for _, el in events:
                if not checked:
                    self._check_root(el)
                    checked = True
                parent = el.getparent()
                if parent is None or parent.tag != "channel":
                    continue  # an item's <title>, <category>…: read with the item
                key = self._key(el.tag)
                if key == "item":
                    self._channel = parent
                    if not self._header_done:
                        self._first_item(el)
                    ordinal = self._items
                    self._items += 1
                    if ordinal < done:  # given before the repair pass began
                        self._take_problems(el, None, [])
                        self._release(el, parent)
                        continue
                    shard = self._shard
                    if shard is not None and ordinal % shard[1] != shard[0]:
                        self._take_problems(el, None, [])  # another shard reports them
                        self._release(el, parent)
                        continue
                    post = self._post(el)
                    post.ordinal = ordinal
                    self._release(el, parent)
                    yield post
                    continue
                if not skip_header:
                    self._channel_element(key, el)
                self._release(el, parent)
        except etree.XMLSyntaxError as e:
            if repair:
                # Nothing the importer reads either, or not repairable: the strict
                # parser's error is the one to fix first (the repairs shift columns).
                raise (error or self._syntax_error(e)) from None
            raise _Retry(self._syntax_error(e), self._items) from None
        if not checked:
            root = events.root
            if root is not None:
                self._check_root(root)
        self._header_done = True
        if stream.problems:
            self.diagnostics.extend(_summarise(list(stream.problems), self.name, None))
            stream.problems.clear()

    @staticmethod
    def _release(el, parent) -> None:
        el.clear()
        while el.getprevious() is not None:
            del parent[0]

    def _check_root(self, el) -> None:
        root = el.getroottree().getroot()
        if _classify(root.tag) != "rss":
            raise BadInput(
                f"not a WordPress export: the root element is <{etree.QName(root).localname}>,"
                " not <rss>",
                file=self.name,
                line=root.sourceline,
            )

    def _first_item(self, item) -> None:
        self._header_done = True
        if self._site.wp_namespace is None:
            uris = [u for u in item.nsmap.values() if _WP_NS.match(u)]
            if not uris:
                raise BadInput(
                    "not a WordPress export: no WordPress export namespace "
                    "(http://wordpress.org/export/1.2/) is declared",
                    file=self.name,
                    line=item.sourceline,
                )
            self._site.wp_namespace = uris[0]

    def _syntax_error(self, e: etree.XMLSyntaxError) -> BadInput:
        line, column = e.position if e.position else (e.lineno, None)
        stream = self._stream
        if stream is not None and line == stream.root_line and column:
            shift = _dtd_columns(stream.root_name)
            if column > stream.root_column + shift:
                column -= shift
        msg = re.sub(r",? line \d+, column \d+$", "", e.msg or str(e)).strip()
        if "huge" in msg.lower() or "too big" in msg.lower():
            msg += " (a text over 10 MB, the parser's safety limit)"
        return BadInput(f"malformed XML: {msg}", file=self.name, line=line or None, column=column)

    # -- channel ----------------------------------------------------------------------

    def _note_namespace(self, el) -> None:
        if self._site.wp_namespace is None and el.tag.startswith("{"):
            uri = el.tag[1:].partition("}")[0]
            if _WP_NS.match(uri):
                self._site.wp_namespace = uri

    def _channel_element(self, key: str, el) -> None:
        site = self._site
        attr = _CHANNEL_STR.get(key)
        if attr is not None:
            self._note_namespace(el)
            value = _text(el)
            setattr(site, attr, value if attr in ("title", "description") else value.strip())
            return
        if key not in _CHANNEL_ELEMENTS:
            return
        self._note_namespace(el)
        values = _Values(self.name)
        f = {}
        for child in el:
            k = self._key(child.tag)
            if k.startswith("wp:"):
                f[k[3:]] = child
        get = lambda n: _text(f[n]).strip() if n in f else ""  # noqa: E731
        term_id = values.int(f["term_id"], "term_id", None) if "term_id" in f else None
        if key == "wp:author":
            author_id = values.int(f["author_id"], "author_id", None) if "author_id" in f else None
            site.authors.append(
                Author(
                    get("author_login"),
                    get("author_email"),
                    get("author_display_name"),
                    get("author_first_name"),
                    get("author_last_name"),
                    author_id,
                )
            )
        elif key == "wp:category":
            site.categories.append(
                Category(
                    get("category_nicename"),
                    get("cat_name"),
                    get("category_parent"),
                    get("category_description"),
                    term_id,
                )
            )
        elif key == "wp:tag":
            site.tags.append(Tag(get("tag_slug"), get("tag_name"), get("tag_description"), term_id))
        else:
            site.terms.append(
                Term(
                    get("term_taxonomy"),
                    get("term_slug"),
                    get("term_name"),
                    get("term_parent"),
                    get("term_description"),
                    term_id,
                )
            )
        self.diagnostics.extend(values.diags)
        self._take_problems(el, None, self.diagnostics)

    # -- items ------------------------------------------------------------------------

    def _post(self, item) -> Post:
        post = Post(sourceline=item.sourceline)
        values = _Values(self.name)
        tags = self._tags
        bare: list[TermRef] = []
        post_id_el = None
        light = self._light
        for child in item.iterchildren(*_LIGHT_TAGS) if light else item:
            key = tags.get(child.tag)
            if key is None:
                key = tags[child.tag] = _classify(child.tag)
            if light and key not in _LIGHT_KEYS:
                continue
            attr = _STR_KEYS.get(key)
            if attr is not None:
                value = _text(child)
                setattr(post, attr, value.strip() if attr in _STRIP else value)
            elif key == "content:encoded":
                post.content = _markup(child)
                post.content_line = child.sourceline  # the text starts after its tag
            elif key == "excerpt:encoded":
                post.excerpt = _markup(child)
            elif key in _DATE_KEYS:
                attr, gmt = _DATE_KEYS[key]
                setattr(post, attr, values.date(child, key[3:], gmt))
            elif key == "category":
                self._term(child, post.terms, bare)
            elif key == "wp:postmeta":
                post.meta.append(self._meta(child))
            elif key == "wp:comment":
                post.comments.append(self._comment(child, values))
            elif key == "wp:post_id":
                post_id_el = child
                post.id = values.int(child, "post_id", None, "bad-post-id", "error")
            elif key == "wp:post_name":
                raw = _text(child).strip()
                post.post_name_raw = raw
                post.post_name = raw
                if "%" in raw:
                    try:
                        post.post_name = unquote(raw, errors="strict")
                    except UnicodeDecodeError:
                        values.note("bad-slug", f"slug is not percent-encoded UTF-8: {raw}", child)
            elif key == "wp:status":
                post.status = _text(child).strip() or "draft"
            elif key == "wp:post_type":
                post.post_type = _text(child).strip() or "post"
            elif key == "wp:post_parent":
                post.post_parent = values.int(child, "post_parent")
            elif key == "wp:menu_order":
                post.menu_order = values.int(child, "menu_order")
            elif key == "wp:is_sticky":
                post.is_sticky = _text(child).strip() == "1"
        if bare:
            known = {(t.domain, t.name) for t in post.terms}
            post.terms.extend(t for t in bare if (t.domain, t.name) not in known)
        if post_id_el is None or not _text(post_id_el).strip():
            values.note("missing-post-id", "item has no <wp:post_id>", item, "error")
        diags = values.diags
        self._take_problems(item, post.id, diags)
        if diags:
            post.diagnostics = [d.located(post_id=post.id) for d in diags]
        return post

    def _take_problems(self, el, post_id: int | None, into: list[Diagnostic]) -> None:
        """Move the repairs the filter made inside `el` onto its diagnostics."""
        problems = self._stream.problems
        if not problems:
            return
        start = el.sourceline or 0
        end = start + sum(t.count("\n") for t in el.itertext())
        before, inside = [], []
        while problems and problems[0].line <= end:
            p = problems.popleft()
            (inside if p.line >= start else before).append(p)
        if before:
            self.diagnostics.extend(_summarise(before, self.name, None))
        into.extend(_summarise(inside, self.name, post_id))

    def _term(self, el, terms: list[TermRef], bare: list[TermRef]) -> None:
        domain = el.get("domain") or "category"
        nicename = el.get("nicename")
        name = _text(el)
        if nicename is None:
            # WXR 1.0 repeats each term without its nicename: keep it only when alone.
            bare.append(TermRef(domain, "", name))
        else:
            terms.append(TermRef(domain, nicename, name))

    def _key(self, tag: str) -> str:
        key = self._tags.get(tag)
        if key is None:
            key = self._tags[tag] = _classify(tag)
        return key

    def _meta(self, el) -> tuple[str, str]:
        key = value = ""
        for child in el:
            k = self._key(child.tag)
            if k == "wp:meta_key":
                key = _text(child)
            elif k == "wp:meta_value":
                value = _text(child)
        return key, value

    def _comment(self, el, values: _Values) -> Comment:
        c = Comment()
        for child in el:
            k = self._key(child.tag)
            if not k.startswith("wp:"):
                continue
            k = k[3:]
            if k == "comment_id":
                c.id = values.int(child, "comment_id", None)
            elif k == "comment_author":
                c.author = _text(child)
            elif k == "comment_author_email":
                c.email = _text(child).strip()
            elif k == "comment_author_url":
                c.url = _text(child).strip()
            elif k == "comment_author_IP":
                c.ip = _text(child).strip()
            elif k == "comment_date":
                c.date = values.date(child, "comment_date", False)
            elif k == "comment_date_gmt":
                c.date_gmt = values.date(child, "comment_date_gmt", True)
            elif k == "comment_content":
                c.content = _text(child)
            elif k == "comment_approved":
                c.approved = _text(child).strip()
            elif k == "comment_type":
                c.type = _text(child).strip()
            elif k == "comment_parent":
                c.parent = values.int(child, "comment_parent")
            elif k == "comment_user_id":
                c.user_id = values.int(child, "comment_user_id")
            elif k == "commentmeta":
                c.meta.append(self._meta(child))
        return c


def read_wxr(
    source: str | Path | BinaryIO, *, name: str | None = None, checked: bool = False
) -> WXRReader:
    """A streaming reader of the export at `source` (a path, or a binary file object).

    Nothing is read until `.site` or `.posts()` is used; errors raise `BadInput`.
    `checked`: another reader read these same UTF-8 bytes and found nothing to repair
    (see `WXRReader.repaired`), so the byte checks are skipped (the parser's own
    safety settings stay).
    """
    return WXRReader(source, name=name, checked=checked)


def iter_posts(source: str | Path | BinaryIO) -> Iterator[Post]:
    """Every post of an export, streamed (shorthand for ``read_wxr(source).posts()``)."""
    return read_wxr(source).posts()
