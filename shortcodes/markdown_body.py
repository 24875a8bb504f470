"""A post's HTML as Markdown: Markdown where Markdown says it, HTML where it cannot.

The conversion itself is html-to-markdown's (CommonMark with GFM tables). Around it,
what a migration needs and a generic converter does not do:

- Elements Markdown cannot express (the card, galleries, embeds, block layouts,
  elements whose attributes matter: a style, an alignment, an id, a language) are
  kept as HTML: block ones as HTML blocks that CommonMark and kramdown keep whole
  (blank lines around, no blank line inside, no indentation that makes code),
  inline ones as raw inline tags around converted content.
- Text is escaped here, not by the converter, so that the same Markdown means the
  same text to CommonMark (Hugo's goldmark) and to kramdown (Jekyll): each character
  Markdown could read as syntax is swapped for a private-use placeholder before the
  conversion and becomes a backslash escape (or an entity) after it.
- Hugo's shortcode delimiters never reach Hugo as such (see `neutralise_hugo`).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape
from typing import TYPE_CHECKING, Literal

import html_to_markdown
from lxml import etree

if TYPE_CHECKING:
    from lxml.etree import _Element as Element  # lxml's element class

Flavour = Literal["hugo", "jekyll"]

# What the converter turns into Markdown. Anything else stays HTML.
_CONVERTED = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote ul ol li pre code table thead tbody tfoot tr th td "
    "a img strong b em i del s strike br hr div span".split()
)
# Elements that take up a block of their own (HTML's flow content that is not phrasing).
_BLOCK = frozenset(
    "address article aside blockquote center details dialog dd div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main menu nav "
    "ol p pre section summary table ul iframe video audio canvas object embed noscript "
    "script style svg math picture template".split()
)
# Elements that may hold blocks: a kept block inside one stays a block.
_CONTAINERS = frozenset(("div", "blockquote", "li", "ul", "ol"))
# Tags that open an HTML block CommonMark keeps up to a blank line (spec 4.6, kinds 1
# and 6): a kept block of another tag is wrapped in a <div>.
_HTML_BLOCK_TAGS = frozenset(
    "pre script style textarea address article aside base basefont blockquote body "
    "caption center col colgroup dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe "
    "legend li link main menu menuitem nav noframes ol optgroup option p param search "
    "section summary table tbody td tfoot th thead title tr track ul".split()
)
# Whose content is not HTML text (kept whole, never converted inside).
_RAW = frozenset("script style textarea svg math select template noscript iframe".split())
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

# Classes WordPress adds for its own stylesheet, which say nothing Markdown loses.
_PLAIN_CLASS = re.compile(
    r"wp-block-(?:heading|list|list-item|paragraph|quote|code|preformatted|separator)"
    r"|wp-image-\d+|size-[\w-]+|has-alpha-channel-opacity|is-style-default"
)
# Attributes Markdown can do without: what they say is shown the same without them.
_PLAIN_ATTRS = {
    "a": frozenset(("href", "title", "rel", "target")),
    "img": frozenset(
        ("src", "alt", "title", "width", "height", "loading", "decoding", "srcset", "sizes")
        + ("fetchpriority",)
    ),
    "ol": frozenset(("start",)),
    "code": frozenset(),
}

# Characters Markdown (CommonMark or kramdown) could take for syntax in text, and how
# they are written instead (backslash escapes both dialects know; entities otherwise).
_ESCAPE_ALWAYS = "\\`*_[]<>|{$~&"
_ESCAPE_FIRST = "#+-=>:"  # only where a line may start: the first character of a text
# U+E100 + ord(c): a private-use stand-in for escaped c (in the BMP, so that an Arabic
# text stays a 2-byte-per-character string)
_PLACEHOLDER = 0xE100
_TOKEN = re.compile("\ue000(\\d+)\ue001")
_TOKEN_LINE = re.compile(r"^([ >]*(?:(?:[-*+]|\d+[.)]) )?)\ue000(\d+)\ue001[ \t]*$", re.M)
_PARSER = etree.HTMLParser(no_network=True, remove_blank_text=False, remove_comments=False)
_NUMBERED = re.compile(r"( ?\d+)([.)])")
_CARD = '<section class="covid-card'
_SECTION_TAG = re.compile(r"<(/?)section\b[^>]*>", re.I)
# What text() changes: a space other than one blank, a character to escape anywhere; or,
# first, a character to escape where a line starts, or a digit (a numbered list).
_SPECIAL = re.compile(r"[\t\n\r\f]| {2}|[" + re.escape(_ESCAPE_ALWAYS) + "]")
_FIRST_SPECIAL = frozenset(_ESCAPE_FIRST + " 0123456789")
# Converted as they are unless they have attributes (the others need a closer look).
_PLAIN_WHEN_BARE = frozenset("p div span blockquote li br hr thead tbody tfoot tr th td".split())
_SPACES = re.compile(r"[ \t\n\r\f]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LITERAL = re.compile(r"(<(?:pre|textarea)\b.*?</(?:pre|textarea)\s*>)", re.S | re.I)
_HUGO_DELIMITER = re.compile(r"\{(?=\{\s*(?:<|%|/\*))")

_OPTIONS = html_to_markdown.ConversionOptions(
    heading_style="atx",
    bullets="-",
    strong_em_symbol="*",
    newline_style="spaces",  # two spaces: a hard line break in CommonMark and kramdown
    code_block_style="backticks",
    autolinks=False,
    br_in_tables=True,
    extract_metadata=False,
    escape_asterisks=False,
    escape_underscores=False,
    escape_misc=False,
)


def _convert(html: str) -> str:
    # The public API only, though it remakes its native options on every call: its
    # private names would spare that, and break with any release.
    return html_to_markdown.convert(html, _OPTIONS).content


def _escaped(c: str) -> str:
    if c == "&":
        return "&amp;"
    if c == "~":
        return "&#126;"  # kramdown has no \~
    return "\\" + c


_UNPLACE = tuple(
    (chr(_PLACEHOLDER + ord(c)), _escaped(c)) for c in _ESCAPE_ALWAYS + _ESCAPE_FIRST + ".)"
)
_PLACE_ALWAYS = {c: chr(_PLACEHOLDER + ord(c)) for c in _ESCAPE_ALWAYS}
_ALWAYS = re.compile("[" + re.escape(_ESCAPE_ALWAYS) + "]")


def _place(m: re.Match) -> str:
    return _PLACE_ALWAYS[m.group()]


def _replace_all(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    # str.replace per character present: much quicker than str.translate's per-character
    # lookups on long texts.
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


# The characters of the placeholders and tokens, which the text must not hold itself.
_OWN = tuple(
    {chr(_PLACEHOLDER + ord(c)) for c in _ESCAPE_ALWAYS + _ESCAPE_FIRST + ".)"}
    | {"\ue000", "\ue001"}
)


# Whole inline elements: text characters Markdown could read, as numeric entities
# (placeholders first: lxml would write "&" of an entity as "&amp;").
_AS_ENTITIES = str.maketrans(
    {c: chr(_PLACEHOLDER + ord(c)) for c in _ESCAPE_ALWAYS + _ESCAPE_FIRST if c not in "<>&"}
)
_ENTITY_PLACE = re.compile("[\ue100-\ue17f]")
# Kept inline whole (not as tags around converted content): no content, content that
# is not HTML text, or text that kramdown keeps as it is.
_LITERAL_TEXT = frozenset("code kbd samp var tt".split())
_WHOLE = _VOID | _RAW | _LITERAL_TEXT


class _Kept:
    """The HTML kept for each token, in order."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def add(self, html: str) -> str:
        self.blocks.append(html)
        return f"\ue000{len(self.blocks) - 1}\ue001"


def to_markdown(html: str, *, flavour: Flavour = "hugo", direction: str = "ltr") -> str | None:
    """`html` (a post body as WordPress printed it) as Markdown, or None when it cannot
    be converted faithfully (then the caller keeps the HTML).

    `direction` is the site's: a `dir` attribute that says the same is not kept.
    """
    if not html.strip():
        return ""
    if any(c in html for c in _OWN):
        return None  # the text uses the placeholders' own characters
    kept = _Kept()
    html = _cut_cards(html, kept)
    try:
        # lxml.etree's parser rather than lxml.html's: no Python lookup per element.
        document = etree.fromstring(f"<html><body>{html}</body></html>", _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    root = document.find("body") if document is not None else None
    if root is None:
        return None
    root.tag = "div"
    walker = _Walker(kept, flavour, direction)
    walker.container(root)
    markdown = _convert(etree.tostring(root, encoding="unicode", method="html"))
    markdown = _replace_all(markdown, _UNPLACE)
    if kept.blocks:
        markdown = _TOKEN_LINE.sub(lambda m: _block_lines(m, kept.blocks[int(m[2])]), markdown)
        markdown = _TOKEN.sub(lambda m: kept.blocks[int(m[1])], markdown)
    markdown = markdown.strip("\n") + "\n"
    if flavour == "hugo":
        markdown = neutralise_hugo(markdown)
    return markdown


def _cut_cards(html: str, kept: _Kept) -> str:
    """The cards (a <section class="covid-card"> opening a line) taken out as they are,
    before parsing: they stay HTML anyway, and make much of a post's bytes."""
    out, pos = [], 0
    at = html.find(_CARD)
    while at >= 0:
        if at == 0 or html[at - 1] == "\n":
            depth = 0
            for tag in _SECTION_TAG.finditer(html, at):
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    out.append(html[pos:at])
                    out.append(f"<p>{kept.add(without_blank_lines(html[at : tag.end()]))}</p>")
                    pos = tag.end()
                    break
            else:
                break  # not closed: left to the parser
        at = html.find(_CARD, max(pos, at + 1))
    if not out:
        return html
    out.append(html[pos:])
    return "".join(out)


def neutralise_hugo(text: str) -> str:
    """`{{<`, `{{%` and `{{/*` written so that Hugo sees no shortcode: the first brace
    as an entity, which Markdown text, HTML and link addresses all read as `{`."""
    return _HUGO_DELIMITER.sub("&#123;", text)


def _block_lines(m: re.Match, html: str) -> str:
    """A kept HTML block in place of its token's line (match `m`), inside the same
    containers, with a blank line before and after (unless the text has one there)."""
    prefix = m.group(1)
    inner = re.sub(r"[-*+]|\d+[.)]", lambda n: " " * len(n.group()), prefix)
    blank = inner.rstrip()
    lines = html.split("\n")
    body = [prefix + lines[0]] + [inner + line for line in lines[1:]]
    text, start, end = m.string, m.start(), m.end()
    if start > 0 and text[text.rfind("\n", 0, start - 1) + 1 : start - 1].strip(" >"):
        body.insert(0, blank)
    after = text.find("\n", end + 1)
    if end < len(text) and text[end + 1 : after if after >= 0 else None].strip(" >"):
        body.append(blank)
    return "\n".join(body)


class _Walker:
    """Marks up the parsed body for the converter (in place): kept elements become
    tokens, text gets its placeholders."""

    def __init__(self, kept: _Kept, flavour: Flavour, direction: str) -> None:
        self.kept = kept
        self.flavour = flavour
        self.direction = direction

    # -- deciding ----------------------------------------------------------------------

    def keeps(self, el: Element) -> bool:
        """Whether `el` must stay HTML (Markdown would lose something of it)."""
        tag = el.tag
        if tag in _PLAIN_WHEN_BARE and not el.attrib:
            return False  # the common case, decided at once
        if tag not in _CONVERTED:
            return True
        if not self.plain_attributes(el):
            return True
        if tag in ("ul", "ol"):
            # (an empty item is no list item to kramdown)
            return any(li.tag != "li" or not self.plain_attributes(li) or _empty(li) for li in el)
        if tag == "table":
            return not self.simple_table(el)
        if tag == "pre":
            children = list(el)
            if children and (
                len(children) > 1
                or children[0].tag != "code"
                or len(children[0])
                or (el.text or "").strip()
                or not self.plain_attributes(children[0], code=True)
            ):
                return True
            return self.hugo_delimiters(el)
        if tag == "code":
            return len(el) > 0 or self.hugo_delimiters(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            inside = el.iterdescendants()
            return any(isinstance(c.tag, str) and c.tag in _BLOCK | {"br"} for c in inside)
        if tag == "a":
            return el.get("href") is None
        if tag in ("strong", "b", "em", "i", "del", "s", "strike"):
            return not self.flanks(el)
        return False

    def plain_attributes(self, el: Element, *, code: bool = False) -> bool:
        plain = _PLAIN_ATTRS.get(el.tag, frozenset())
        for name, value in el.attrib.items():
            if name in plain or name.startswith(("data-", "aria-")):
                continue
            if name == "class":
                if code and re.fullmatch(r"(?:language|lang)-[\w+#.-]+", value.strip()):
                    continue
                if all(_PLAIN_CLASS.fullmatch(c) for c in value.split()):
                    continue
            if name == "dir" and value.strip().lower() == self.direction:
                continue
            return False
        return True

    def simple_table(self, table: Element) -> bool:
        """Whether GFM's table says all of it: a header row of th, rows of cells that
        hold inline content only, no spans, no caption."""
        rows = []
        for child in table:
            if child.tag in ("thead", "tbody", "tfoot"):
                if not self.plain_attributes(child):
                    return False
                rows.extend(child)
            elif child.tag == "tr":
                rows.append(child)
            elif isinstance(child.tag, str):
                return False  # caption, colgroup…
        if not rows or any(r.tag != "tr" or not self.plain_attributes(r) for r in rows):
            return False
        width = len(rows[0])
        if width == 0 or any(c.tag != "th" for c in rows[0]):
            return False
        for row in rows:
            if len(row) != width:
                return False
            for cell in row:
                if cell.tag not in ("td", "th") or not self.plain_attributes(cell):
                    return False
                for inner in cell.iter():
                    if inner is not cell and (
                        not isinstance(inner.tag, str) or inner.tag in _BLOCK
                    ):
                        return False
        return any(c.tag == "th" for c in rows[0])

    def hugo_delimiters(self, el: Element) -> bool:
        """Code Hugo would read as a shortcode: it stays HTML, where an entity hides it."""
        return self.flavour == "hugo" and bool(_HUGO_DELIMITER.search("".join(el.itertext())))

    def flanks(self, el: Element) -> bool:
        """Whether `*…*` around `el`'s content is emphasis in CommonMark and kramdown
        (its text neither begins nor ends with a space, nor with punctuation next to a
        letter outside)."""
        text = "".join(el.itertext())
        if not text or text != text.strip():
            return False
        before = _text_before(el)
        after = (el.tail or "")[:1]
        if _punct(text[0]) and before and not (before.isspace() or _punct(before)):
            return False
        if _punct(text[-1]) and after and not (after.isspace() or _punct(after)):
            return False
        return True

    # -- marking up --------------------------------------------------------------------

    def container(self, el: Element) -> None:
        """`el`'s content, where blocks may be (the body itself, a div, a list item…)."""
        self.content(el, blocks=True)

    def content(self, el: Element, *, blocks: bool) -> None:
        el.text = self.text(el.text)
        for child in list(el):
            self.child(el, child, blocks)

    def child(self, parent: Element, el: Element, blocks: bool) -> None:
        if blocks and el.tag in ("ul", "ol") and _follows_list(el):
            # Two lists one after the other stay two (for kramdown as for CommonMark,
            # which the converter would tell apart by another list marker).
            el.addprevious(etree.Element("p"))
            el.getprevious().text = self.kept.add("<!-- -->")
        el.tail = self.text(el.tail)
        if not isinstance(el.tag, str):  # a comment or processing instruction
            if el.tag is etree.Comment and (el.text or "").strip().split()[:1] == ["more"]:
                token = self.kept.add("<!--more-->")
                self.replace(parent, el, token, block=blocks)
            else:
                self.replace(parent, el, "", block=False)
            return
        if self.keeps(el):
            if blocks and el.tag in _BLOCK:
                self.replace(parent, el, self.kept.add(_block_html(el)), block=True)
            elif el.tag in _WHOLE or el.tag in _BLOCK or not _one_line(el):
                self.replace(parent, el, self.kept.add(_inline_html(el)), block=False)
            else:
                # Raw inline tags around content converted as the rest.
                opening = self.kept.add(_start_tag(el))
                closing = self.kept.add(f"</{el.tag}>")
                el.tag = "span"
                el.attrib.clear()
                self.content(el, blocks=False)
                el.text = opening + (el.text or "")
                if len(el):
                    el[-1].tail = (el[-1].tail or "") + closing
                else:
                    el.text += closing
            return
        if el.tag in ("pre", "code"):
            return  # literal text: nothing to escape
        if el.tag == "table":
            self.table(el)
            return
        self.content(el, blocks=el.tag in _CONTAINERS and blocks)

    def table(self, table: Element) -> None:
        """A table GFM can say (see `simple_table`): its cells' text escaped."""
        for part in table.iter("tr", "thead", "tbody", "tfoot"):
            part.text = None
            for child in part:
                child.tail = None
        for cell in table.iter("td", "th"):
            self.content(cell, blocks=False)

    def replace(self, parent: Element, el: Element, token: str, *, block: bool) -> None:
        """`el` gives way to `token` (its own paragraph when `block`), keeping its tail."""
        if block:
            new = etree.Element("p")
            new.text = token
            new.tail = el.tail
            parent.replace(el, new)
            return
        text = token + (el.tail or "")
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(el)

    def text(self, text: str | None) -> str | None:
        """Text as Markdown must say it: spaces as HTML shows them, syntax escaped."""
        if not text:
            return text
        if _SPECIAL.search(text):
            text = _ALWAYS.sub(_place, _SPACES.sub(" ", text))
        elif text[0] not in _FIRST_SPECIAL:
            return text  # nothing Markdown could misread (most text)
        stripped = text.lstrip(" ")
        if stripped and stripped[0] in _ESCAPE_FIRST:
            at = len(text) - len(stripped)
            text = text[:at] + chr(_PLACEHOLDER + ord(stripped[0])) + text[at + 1 :]
        number = _NUMBERED.match(text)  # "1. " or "1) " where a line may start: a list
        if number:
            text = number[1] + chr(_PLACEHOLDER + ord(number[2])) + text[number.end() :]
        return text


def _one_line(el: Element) -> bool:
    """Whether `el` has content that stays within one line of Markdown text (no line
    break, no block), so raw tags around it stay in one paragraph."""
    if len(el) == 0 and not el.text:
        return False
    return not any(
        isinstance(c.tag, str) and (c.tag == "br" or c.tag in _BLOCK) for c in el.iterdescendants()
    )


def _follows_list(el: Element) -> bool:
    previous = el.getprevious()
    return (
        previous is not None and previous.tag in ("ul", "ol") and not (previous.tail or "").strip()
    )


def _empty(el: Element) -> bool:
    return len(el) == 0 and not (el.text or "").strip()


def _punct(c: str) -> bool:
    return unicodedata.category(c)[0] in "PS"


def _text_before(el: Element) -> str:
    previous = el.getprevious()
    if previous is not None:
        return (previous.tail or "")[-1:]
    parent = el.getparent()
    return (parent.text or "")[-1:] if parent is not None else ""


def _start_tag(el: Element) -> str:
    attrs = "".join(f' {k}="{escape(v, quote=True)}"' for k, v in el.attrib.items())
    return f"<{el.tag}{attrs}>"


def _serialise(el: Element) -> str:
    for inner in list(el.iter()):
        # libxml2 writes an empty <li></li> as "<li>" (its end tag is optional), which
        # kramdown misreads: an empty comment keeps the end tag.
        if (
            isinstance(inner.tag, str)
            and inner.tag not in _VOID
            and len(inner) == 0
            and not (inner.text or "").strip()
            and inner.tag not in _RAW | {"pre"}
        ):
            inner.text = None
            inner.append(etree.Comment(""))
    tail, el.tail = el.tail, None
    try:
        html = etree.tostring(el, encoding="unicode", method="html")
    finally:
        el.tail = tail
    # libxml2's serializer knows HTML 4's empty elements only: it closes HTML5's
    # (<source>, <track>, <wbr>), and kramdown then prints the end tag as text.
    return _HTML5_VOID_END.sub("", html)


_HTML5_VOID_END = re.compile(r"</(?:source|track|wbr|keygen)>", re.I)


def _block_html(el: Element) -> str:
    """`el` as an HTML block CommonMark and kramdown keep whole: it opens the line with
    a tag that starts a block and holds no blank line (a newline of a blank line is
    written as an entity: the same character in text and in <pre>)."""
    html = _serialise(el).strip()
    if el.tag not in _HTML_BLOCK_TAGS:
        html = f"<div>{html}</div>"
    return without_blank_lines(html)


def without_blank_lines(html: str) -> str:
    """`html` with no blank line: left out between elements and in text (where HTML
    shows a newline as a space anyway); in <pre> and <textarea>, a blank line's newline
    is written as an entity, the same character."""
    parts = _LITERAL.split(html)
    for k, part in enumerate(parts):
        if k % 2:
            while _BLANK_LINE.search(part):
                part = _BLANK_LINE.sub(lambda m: "\n" + m.group()[1:-1] + "&#10;", part)
        else:
            while _BLANK_LINE.search(part):
                part = _BLANK_LINE.sub("\n", part)
        parts[k] = part
    return "".join(parts)


def _inline_html(el: Element) -> str:
    """`el` whole, within a line of text: no newline that could end the paragraph, and
    its text as entities where Markdown could read syntax (CommonMark parses the text
    between raw tags; kramdown keeps that of <code> as it is)."""
    if el.tag not in ("script", "style"):
        for inner in el.iter():
            if inner.text:
                inner.text = inner.text.translate(_AS_ENTITIES)
            if inner is not el and inner.tail:
                inner.tail = inner.tail.translate(_AS_ENTITIES)
    html = _serialise(el).replace("\n", " ")
    return _ENTITY_PLACE.sub(lambda m: f"&#{ord(m.group()) - _PLACEHOLDER};", html)
