"""The part of WordPress's `WP_HTML_Tag_Processor` that block supports use.

`next_tag()` walks the opening tags of an HTML fragment (comments, closers and the
text inside ``<script>``/``<style>``/``<textarea>``/``<title>`` skipped), and the
current tag's attributes can be read and changed (`get_attribute`, `set_attribute`,
`remove_attribute`, `add_class`) as the PHP does: a new attribute goes right after
the tag name, an existing one is rewritten where it stands, names are
case-insensitive. Hand-written because the changes must land where WordPress puts
them, byte for byte.
"""

from __future__ import annotations

import html as _html
import re

_TAG = re.compile(
    r"<(?:(!--.*?(?:-->|\Z))|(/?)([A-Za-z][^\s/>]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*(?:>|\Z))",
    re.S,
)
_ATTR = re.compile(
    r"""[\s/]*(?P<name>[^\s/>=][^\s/>=]*)(?:\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+)))?"""
)
_RAW_TEXT = {"SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "IFRAME", "NOEMBED", "NOFRAMES"}
VOID_ELEMENTS = frozenset(
    "AREA BASE BASEFONT BGSOUND BR COL EMBED FRAME HR IMG INPUT KEYGEN LINK META PARAM "
    "SOURCE TRACK WBR".split()
)


def esc_attr(value: str) -> str:
    """WordPress's esc_attr() for a value already free of entities to keep."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#039;")
    )


def _encode_attribute(value: str) -> str:
    """How WP_HTML_Tag_Processor writes a value (htmlspecialchars, ENT_QUOTES | ENT_HTML5)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


class TagProcessor:
    """Finds tags in `html` and edits their attributes in place."""

    def __init__(self, html: str) -> None:
        self.html = html
        self._pos = 0
        self._tag: str | None = None
        self._start = 0  # of the current tag's "<"
        self._end = 0  # just past its ">"
        self._closer = False
        self._parsed: list[tuple[str, str | bool, int, int]] | None = []  # read when asked
        self._inserted: list[str] = []  # attributes added to the current tag, sorted

    # -- walking ------------------------------------------------------------------

    def next_tag(self, name: str | None = None, *, closers: bool = False) -> bool:
        """Move to the next opening tag (named `name`, any case); False at the end."""
        want = name.upper() if name else None
        while True:
            m = _TAG.search(self.html, self._pos)
            if m is None:
                self._tag = None
                self._pos = len(self.html)
                return False
            if m[1] is not None:  # a comment
                self._pos = m.end()
                continue
            tag = m[3].upper()
            closer = bool(m[2])
            end = m.end()
            self._parsed = None
            self._pos = end
            if closer and not closers:
                continue
            self._tag, self._start, self._end, self._closer = tag, m.start(), end, closer
            self._inserted = []
            if not closer and tag in _RAW_TEXT:
                close = re.compile(rf"</{tag}[\s/>]", re.I).search(self.html, end)
                self._pos = close.start() if close else len(self.html)
            if want is None or tag == want:
                return True

    @property
    def _attrs(self) -> list[tuple[str, str | bool, int, int]]:
        if self._parsed is None:
            self._scan_attributes(self._start + 1 + len(self._tag or ""))
        return self._parsed or []

    def _scan_attributes(self, pos: int) -> int:
        found: list[tuple[str, str | bool, int, int]] = []
        self._parsed = found
        html = self.html
        n = len(html)
        while pos < n:
            while pos < n and html[pos] in " \t\n\r\f/":
                pos += 1
            if pos >= n:
                return n
            if html[pos] == ">":
                return pos + 1
            m = _ATTR.match(html, pos)
            if m is None or m.end() == pos:
                pos += 1
                continue
            if m["dq"] is not None:
                value: str | bool = m["dq"]
            elif m["sq"] is not None:
                value = m["sq"]
            elif m["bare"] is not None:
                value = m["bare"]
            else:
                value = True
            found.append((m["name"].lower(), value, m.start("name"), m.end()))
            pos = m.end()
        return n

    def get_tag(self) -> str | None:
        return self._tag

    def is_tag_closer(self) -> bool:
        return self._closer

    def token_span(self) -> tuple[int, int]:
        """Where the current tag is in `html`: (its "<", just past its ">")."""
        return self._start, self._end

    # -- attributes ---------------------------------------------------------------

    def _find(self, name: str) -> tuple[str, str | bool, int, int] | None:
        name = name.lower()
        for attr in self._attrs:
            if attr[0] == name:
                return attr
        return None

    def get_attribute(self, name: str) -> str | bool | None:
        """The decoded value, True for a bare attribute, None when absent."""
        attr = self._find(name)
        if attr is None:
            return None
        value = attr[1]
        return _html.unescape(value) if isinstance(value, str) else value

    def get_attribute_names(self) -> list[str]:
        return [a[0] for a in self._attrs]

    def _splice(self, start: int, end: int, text: str) -> None:
        self.html = self.html[:start] + text + self.html[end:]
        self._parsed = None  # read again when next asked
        self._end = self._pos = self._end + len(text) - (end - start)

    def set_attribute(self, name: str, value: str | bool) -> None:
        if self._tag is None or self._closer:
            return
        text = name if value is True else f'{name}="{_encode_attribute(str(value))}"'
        attr = self._find(name)
        if value is False:
            self.remove_attribute(name)
        elif attr is not None and self._inserted and attr[2] < self._insert_end():
            # an attribute this processor added: it keeps its place among the sorted ones
            at = self._start + 1 + len(self._tag)
            old = "".join(" " + t for t in self._inserted)
            rest = [t for t in self._inserted if t.split("=", 1)[0].lower() != name.lower()]
            self._inserted = sorted(rest + [text])
            self._splice(at, at + len(old), "".join(" " + t for t in self._inserted))
        elif attr is not None:
            self._splice(attr[2], attr[3], text)
        else:
            # New attributes go after the tag name in the order WordPress's lexical
            # updates take at one position: sorted by their text.
            at = self._start + 1 + len(self._tag)
            old = "".join(" " + t for t in self._inserted)
            self._inserted = sorted(self._inserted + [text])
            self._splice(at, at + len(old), "".join(" " + t for t in self._inserted))

    def _insert_end(self) -> int:
        return self._start + 1 + len(self._tag or "") + sum(1 + len(t) for t in self._inserted)

    def remove_attribute(self, name: str) -> None:
        attr = self._find(name)
        if attr is not None:  # from its name on: the whitespace before it stays, as in PHP
            self._splice(attr[2], attr[3], "")

    def has_class(self, name: str) -> bool:
        value = self.get_attribute("class")
        return isinstance(value, str) and name in value.split()

    def add_class(self, name: str) -> None:
        value = self.get_attribute("class")
        if not isinstance(value, str) or not value.strip():
            self.set_attribute("class", name)
        elif name not in value.split():
            self.set_attribute("class", f"{value.rstrip()} {name}")

    def add_classes(self, names: list[str]) -> None:
        """add_class() for each name, in one edit."""
        value = self.get_attribute("class")
        have = value.split() if isinstance(value, str) else []
        new = [n for i, n in enumerate(names) if n not in have and n not in names[:i]]
        if not new:
            return
        if not isinstance(value, str) or not value.strip():
            self.set_attribute("class", " ".join(new))
        else:
            self.set_attribute("class", f"{value.rstrip()} {' '.join(new)}")

    def remove_class(self, name: str) -> None:
        value = self.get_attribute("class")
        if isinstance(value, str) and name in value.split():
            rest = " ".join(c for c in value.split() if c != name)
            if rest:
                self.set_attribute("class", rest)
            else:
                self.remove_attribute("class")

    def get_updated_html(self) -> str:
        return self.html
