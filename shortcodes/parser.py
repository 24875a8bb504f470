"""Shortcodes as data: tag, ordered attributes, content, exact source spans, diagnostics.

Two modes:

* ``wordpress``: exactly the shortcodes WordPress's `do_shortcode` would hand to a
  handler, with exactly the attributes `shortcode_parse_atts` gives.
* ``lenient`` (the default for migration): the same shortcodes, plus what WordPress
  cannot read: attribute values quoted with curly quotes, primes or guillemets
  (``”EG”``, ``#0c3278″``, ``«x»``) or their HTML entities (``&#8221;``, ``&rdquo;``,
  ``&quot;``), and non-breaking spaces around values; shortcodes whose brackets were
  entity-encoded (``&#91;tag …&#93;``) or, with ``markdown=True``, escaped by a
  Markdown exporter (``\\[tag …\\]``). Every repair is reported as a warning with its
  position.

Parsing never renders, never touches templates or the network.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from .diagnostics import Diagnostic, line_col
from .wordpress.kses import wp_kses_attr_parse
from .wordpress.scanning import (
    ATTRIBUTE_RE,
    INVISIBLE_SPACES_RE,
    ShortcodeMatch,
    attribute_branch,
    brackets_in_elements,
    has_unclosed_html,
    php_key,
    registered_tags_in,
    scan_shortcode_fields,
    scan_shortcodes,
    stripcslashes,
)

Mode = Literal["wordpress", "lenient"]
CARD_TAG = "covid19-ultimate-card"
DEFAULT_TAGS: tuple[str, ...] = (CARD_TAG,)

# Stands in for a bracket WordPress encodes inside HTML elements; one character for
# one, so offsets in the masked text are offsets in the source.
_MASK = "\ue000"


@dataclass(frozen=True)
class Attribute:
    """One attribute as written: `name` is an int for a positional value.

    `span` covers the whole attribute in the source, `value_span` the value's
    characters between its quotes. `quote` is the opening quote as written.
    """

    name: int | str
    value: str
    span: tuple[int, int]
    value_span: tuple[int, int]
    quote: str = ""
    repaired: bool = False


@dataclass(frozen=True)
class Shortcode:
    """One shortcode found in a text."""

    tag: str
    attributes: tuple[Attribute, ...]
    content: str | None  # None: no closing tag
    span: tuple[int, int]
    content_span: tuple[int, int] | None
    self_closing: bool
    escaped: bool  # [[tag]]: WordPress prints it literally, without brackets
    source: str  # the exact source text of the whole shortcode
    encoding: Literal["raw", "entities", "markdown"] = "raw"
    in_html_attribute: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def enclosing(self) -> bool:
        return self.content is not None

    @property
    def atts(self) -> dict[int | str, str]:
        """The attributes as `shortcode_parse_atts` returns them (last duplicate wins)."""
        out: dict[int | str, str] = {}
        for a in self.attributes:
            out[a.name] = a.value
        return out


@dataclass
class ParseResult:
    """Every shortcode of a text (in source order) and every finding about it."""

    text: str
    shortcodes: list[Shortcode] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def replace(self, render: Callable[[Shortcode], str], *, unescape: bool = True) -> str:
        """The text with each non-escaped shortcode replaced by ``render(shortcode)``.

        Escaped ``[[tag]]`` shortcodes lose one pair of brackets, as in WordPress
        (or stay as written with `unescape=False`, for text WordPress will read again).
        `render` returning None keeps that shortcode's source unchanged.
        """
        out: list[str] = []
        pos = 0
        for sc in self.shortcodes:
            if sc.in_html_attribute:
                continue
            out.append(self.text[pos : sc.span[0]])
            if sc.escaped:
                # \[\[tag\]\] (Markdown-escaped [[tag]]) stays as written: one pair
                # fewer would be a live shortcode on the next run.
                raw = sc.encoding == "raw"
                out.append(sc.source[1:-1] if unescape and raw else sc.source)
            else:
                rendered = render(sc)
                out.append(sc.source if rendered is None else rendered)
            pos = sc.span[1]
        out.append(self.text[pos:])
        return "".join(out)


def parse(
    text: str,
    tags: Iterable[str] = DEFAULT_TAGS,
    *,
    mode: Mode = "lenient",
    markdown: bool = False,
) -> ParseResult:
    """Find the shortcodes of `tags` in `text`.

    `tags` are the registered shortcodes, in registration order (it decides matches
    as in WordPress). Never raises on any string input.
    """
    if mode not in ("wordpress", "lenient"):
        raise ValueError(f"mode must be 'wordpress' or 'lenient', not {mode!r}")
    tags = tuple(tags)
    result = ParseResult(text)
    if mode == "wordpress":
        nodes = _wordpress_nodes(text, tags)
    else:
        nodes = _lenient_nodes(text, tags, markdown)
    nodes.sort(key=lambda n: n.span[0])
    result.shortcodes = nodes
    for node in nodes:
        result.diagnostics.extend(node.diagnostics)
    if mode == "lenient":
        result.diagnostics.extend(_unclosed_diagnostics(text, tags, nodes))
    result.diagnostics.sort(key=lambda d: d.offset or 0)
    return result


# --- wordpress mode -----------------------------------------------------------------


def _html_masked(text: str, tagnames: tuple[str, ...]) -> tuple[str, list[ShortcodeMatch]]:
    """WordPress's do_shortcodes_in_html_tags(), offset-preserving.

    Returns the text with every bracket inside an HTML element masked (WordPress
    encodes them), and the shortcodes WordPress runs inside attributes.
    """
    if "<" not in text or not brackets_in_elements(text):
        return text, []  # nothing to mask, no shortcode inside an attribute
    return _html_masked_split(text, tagnames)


def _html_masked_split(text: str, tagnames: tuple[str, ...]) -> tuple[str, list[ShortcodeMatch]]:
    from .wordpress.formatting import wp_html_split

    pieces: list[str] = []
    inside: list[ShortcodeMatch] = []
    offset = 0
    for element in wp_html_split(text):
        start = offset
        offset += len(element)
        if element == "" or element[0] != "<":
            pieces.append(element)
            continue
        # WordPress encodes every bracket left inside an element.
        pieces.append(element.replace("[", _MASK).replace("]", _MASK))
        if "[" not in element or "]" not in element:
            continue
        if element.startswith("<!--") or element.startswith("<![CDATA["):
            continue
        attributes = wp_kses_attr_parse(element)
        if attributes is None:
            if re.match(r"^<\s*\[\[?[^\[\]]+\]", element):
                inside.extend(_shift(m, start, text) for m in scan_shortcodes(element, tagnames))
            continue
        pos = start + len(attributes[0])
        for attr in attributes[1:-1]:
            if "[" in attr and "]" in attr:
                inside.extend(_shift(m, pos, text) for m in scan_shortcodes(attr, tagnames))
            pos += len(attr)
    return "".join(pieces), inside


def _shift(m: ShortcodeMatch, by: int, text: str) -> ShortcodeMatch:
    return ShortcodeMatch(
        m.start + by,
        m.end + by,
        m.escape_open,
        m.tag,
        m.attr_text,
        m.self_closing,
        m.content,
        m.escape_close,
        text,
    )


def _wordpress_matches(text: str, tags: tuple[str, ...]) -> list[tuple[ShortcodeMatch, bool]]:
    """The matches WordPress's do_shortcode acts on, with 'inside an HTML attribute'."""
    if "[" not in text:
        return []
    tagnames = registered_tags_in(text, tags)
    if not tagnames:
        return []
    masked, inside = _html_masked(text, tagnames)
    # The matches of the masked text, re-anchored on the original one.
    main = [ShortcodeMatch(*fields, text) for fields in scan_shortcode_fields(masked, tagnames)]
    return [(m, True) for m in inside] + [(m, False) for m in main]


def _node_from_match(
    m: ShortcodeMatch,
    text: str,
    in_attr: bool,
    attributes: tuple[Attribute, ...],
    diagnostics: tuple[Diagnostic, ...] = (),
    encoding: Literal["raw", "entities", "markdown"] = "raw",
) -> Shortcode:
    content_span = None
    content = None
    if m.content is not None:
        c_end = m.end - len(m.escape_close) - len(f"[/{m.tag}]")
        content_span = (c_end - len(m.content), c_end)
        content = text[content_span[0] : content_span[1]]
    return Shortcode(
        tag=m.tag,
        attributes=attributes,
        content=content,
        span=(m.start, m.end),
        content_span=content_span,
        self_closing=m.self_closing == "/",
        escaped=m.escaped,
        source=text[m.start : m.end],
        encoding=encoding,
        in_html_attribute=in_attr,
        diagnostics=diagnostics,
    )


def _attr_text_start(m: ShortcodeMatch) -> int:
    return m.start + 1 + len(m.escape_open) + len(m.tag)


def _wordpress_attributes(
    attr_text: str, base: int, masked: str | None = None
) -> tuple[Attribute, ...]:
    """Attributes exactly as shortcode_parse_atts() reads them, with source spans.

    `masked` is `attr_text` as matched, with brackets inside HTML elements masked.
    """
    attr_text, to_source = _normalize_bracket_entities(attr_text, masked)
    # WordPress collapses runs of NBSP/ZWSP into one space before matching; replacing
    # each by a space keeps offsets and yields the same matches.
    nbsp = "\u00a0" in attr_text or "\u200b" in attr_text
    spaced = attr_text.replace("\u00a0", " ").replace("\u200b", " ") if nbsp else attr_text
    out: list[Attribute] = []
    next_index = 0
    for m in ATTRIBUTE_RE.finditer(spaced):
        picked = attribute_branch(m)
        if picked is None:
            continue
        name_group, value_group, quote = picked
        vspan = m.span(value_group)
        if name_group:
            name = m.group(name_group).lower()
            if name[0] <= "9":  # only a digit or '-' can start an integer key
                name = php_key(name)
        else:
            name = next_index
        if isinstance(name, int) and name >= next_index:
            next_index = name + 1
        raw = attr_text[vspan[0] : vspan[1]]
        value = stripcslashes(INVISIBLE_SPACES_RE.sub(" ", raw) if nbsp else raw)
        if "<" in value and has_unclosed_html(value):
            value = ""  # WordPress rejects values with unclosed HTML elements
        start, span_end = m.span()
        while span_end > start and spaced[span_end - 1] in " \t\n\r\f\v":
            span_end -= 1
        if to_source is None:
            span, value_span = (base + start, base + span_end), (base + vspan[0], base + vspan[1])
        else:
            span = (base + to_source(start), base + to_source(span_end))
            value_span = (base + to_source(vspan[0]), base + to_source(vspan[1]))
        out.append(Attribute(name, value, span, value_span, quote))
    return tuple(out)


# What do_shortcode() did to brackets before matching: a written &#91;/&#93; became
# &#091;/&#093;, and a bracket inside an HTML element became &#91;/&#93;.
_ENTITY_RE = re.compile("&#9[13];")


def _normalize_bracket_entities(
    text: str, masked: str | None = None
) -> tuple[str, Callable[[int], int] | None]:
    """`text` as do_shortcode() matched it, and a map back to source offsets (None:
    the text is unchanged, offsets too).

    `masked` is the same text with the brackets WordPress encoded inside HTML elements
    masked (it differs from `text` exactly there).
    """
    rewrites: dict[int, tuple[int, str]] = {}  # source start -> (source length, new text)
    if "&#9" in text:
        for m in _ENTITY_RE.finditer(text):
            rewrites[m.start()] = (5, "&#0" + m.group(0)[2:])
    if masked is not None and masked != text:
        for i, (a, b) in enumerate(zip(text, masked, strict=True)):
            if a != b:
                rewrites[i] = (1, "&#91;" if a == "[" else "&#93;")
    if not rewrites:
        return text, None
    pieces: list[str] = []
    tokens: list[tuple[int, int, int, int]] = []  # normalized start, source start, lengths
    pos = norm = 0
    for start in sorted(rewrites):
        length, new = rewrites[start]
        pieces.append(text[pos:start])
        norm += start - pos
        tokens.append((norm, start, len(new), length))
        pieces.append(new)
        norm += len(new)
        pos = start + length
    pieces.append(text[pos:])

    def to_source(i: int) -> int:
        shift = 0
        for n_start, s_start, n_len, s_len in tokens:
            if i <= n_start:
                break
            if i < n_start + n_len:
                return s_start  # inside a rewritten token: its start
            shift = (n_start + n_len) - (s_start + s_len)
        return i - shift

    return "".join(pieces), to_source


def _wordpress_nodes(text: str, tags: tuple[str, ...]) -> list[Shortcode]:
    nodes = []
    for m, in_attr in _wordpress_matches(text, tags):
        attrs: tuple[Attribute, ...] = ()
        if not m.escaped:
            start = _attr_text_start(m)
            source = text[start : start + len(m.attr_text)]
            attrs = _wordpress_attributes(source, start, m.attr_text)
        nodes.append(_node_from_match(m, text, in_attr, attrs))
    return nodes


# --- lenient mode -------------------------------------------------------------------

_QUOTE_CHARS = "\"'\u201c\u201d\u201e\u201f\u2033\u2032\u2018\u2019\u201a\u201b\u00ab\u00bb"
_QUOTE_ENTITY = (
    r"&(?:quot|apos|ldquo|rdquo|bdquo|lsquo|rsquo|sbquo|laquo|raquo|prime|Prime|#0*34|#0*39"
    r"|#0*8220|#0*8221|#0*8222|#0*8216|#0*8217|#0*8218|#0*8242|#0*8243|#0*171|#0*187"
    r"|#[xX]0*(?:22|27|201[cdeCDE89aA]|203[23]|[aA][bB]|[bB][bB]));"
)
_QUOTE = rf"(?:[{_QUOTE_CHARS}]|{_QUOTE_ENTITY})"
_QUOTE_RE = re.compile(_QUOTE)
_SPACE = r"(?:[\s\u00a0\u200b]|&nbsp;|&#0*160;|&#[xX]0*[aA]0;)"
_SPACE_RE = re.compile(_SPACE + "+")
_NAME_EQ_RE = re.compile(rf"([A-Za-z0-9_-]+){_SPACE}*={_SPACE}*")
# A closing quote ends the value when what follows is the end, or a new attribute.
_CLOSE_AT_END_RE = re.compile(rf"{_SPACE}*/?{_SPACE}*\Z")
_CLOSE_NEXT_ATTR_RE = re.compile(rf"{_SPACE}+[A-Za-z0-9_-]+{_SPACE}*=")
_NEEDS_REPAIR_RE = re.compile(
    rf"[\u201c\u201d\u201e\u201f\u2033\u2032\u2018\u2019\u201a\u201b\u00ab\u00bb]|{_QUOTE_ENTITY}"
    r"|&nbsp;|&#0*160;|&#[xX]0*[aA]0;|\u00a0"
)
_UNQUOTED_RE = re.compile(rf"(?:(?!{_SPACE})[^\"'])+")
_BARE_RE = re.compile(rf"(?:(?!{_SPACE}).)+", re.S)
_ENTITY_BRACKETS = (
    r"(?:&#0*91;|&#[xX]0*5[bB];|&lsqb;|&lbrack;)",
    r"(?:&#0*93;|&#[xX]0*5[dD];|&rsqb;|&rbrack;)",
)


def _quote_name(q: str) -> str:
    if len(q) == 1:
        return f"{q} (U+{ord(q):04X})"
    return q


def _lenient_attributes(
    attr_text: str, base: int, source: str
) -> tuple[tuple[Attribute, ...], tuple[Diagnostic, ...]]:
    """Attributes read the way their author meant them, repairs reported."""
    if not _NEEDS_REPAIR_RE.search(attr_text):
        return _wordpress_attributes(attr_text, base), ()
    attrs: list[Attribute] = []
    diags: list[Diagnostic] = []
    next_index = 0
    i = 0
    n = len(attr_text)
    while i < n:
        sp = _SPACE_RE.match(attr_text, i)
        if sp:
            i = sp.end()
            continue
        start = i
        name: int | str | None = None
        nm = _NAME_EQ_RE.match(attr_text, i)
        if nm:
            name = php_key(nm.group(1).lower())
            i = nm.end()
        qm = _QUOTE_RE.match(attr_text, i)
        quote = ""
        repaired = False
        if qm:
            quote = qm.group(0)
            vstart = qm.end()
            vend, close = _find_close(attr_text, vstart)
            if vend is None:
                vend, end = n, n
                diags.append(
                    _diag(
                        "unclosed-quote",
                        f"value opened with {_quote_name(quote)} is never closed",
                        base + start,
                        source,
                        attribute=str(name) if name is not None else None,
                    )
                )
            else:
                end = vend + len(close)
            repaired = quote not in ('"', "'") or (close not in ('"', "'", ""))
        else:
            pattern = _UNQUOTED_RE if name is not None else _BARE_RE
            vm = pattern.match(attr_text, i)
            if vm is None:  # a lone quote character where a value should be
                vstart = vend = end = i + 1
            else:
                vstart, vend = vm.span()
                end = vend
        raw = attr_text[vstart:vend]
        value, space_fixed = _clean_value(raw)
        if name is None:
            name = next_index
        if isinstance(name, int) and name >= next_index:
            next_index = name + 1
        if repaired or space_fixed:
            what = []
            if repaired:
                what.append(f"quoted with {_quote_name(quote)}")
            if space_fixed:
                what.append("non-breaking spaces")
            diags.append(
                _diag(
                    "repaired-quote" if repaired else "repaired-space",
                    f"attribute {name!s} {' and '.join(what)}; read as {value!r}",
                    base + start,
                    source,
                    attribute=str(name),
                )
            )
        attrs.append(
            Attribute(
                name,
                stripcslashes(value),
                (base + start, base + end),
                (base + vstart, base + vend),
                quote,
                repaired or space_fixed,
            )
        )
        i = max(end, i + 1)
    return tuple(attrs), tuple(diags)


def _find_close(text: str, start: int) -> tuple[int | None, str]:
    """Where a quoted value ends: the first quote followed by the end or a new attribute.

    Failing that, the first quote followed by a space; (None, "") when unclosed.
    """
    fallback: tuple[int | None, str] = (None, "")
    for qm in _QUOTE_RE.finditer(text, start):
        after = qm.end()
        if _CLOSE_AT_END_RE.match(text, after) or _CLOSE_NEXT_ATTR_RE.match(text, after):
            return qm.start(), qm.group(0)
        if fallback[0] is None and _SPACE_RE.match(text, after):
            fallback = (qm.start(), qm.group(0))
    return fallback


def _clean_value(raw: str) -> tuple[str, bool]:
    fixed = re.sub(r"&nbsp;|&#0*160;|&#[xX]0*[aA]0;|[\u00a0\u200b]", " ", raw)
    return fixed, fixed != raw


def _diag(
    code: str, message: str, offset: int, source: str, *, attribute: str | None = None
) -> Diagnostic:
    line, col = line_col(source, offset)
    return Diagnostic(code, message, "warning", offset, line, col, attribute)


def _lenient_nodes(text: str, tags: tuple[str, ...], markdown: bool) -> list[Shortcode]:
    nodes: list[Shortcode] = []
    for m, in_attr in _wordpress_matches(text, tags):
        if markdown and m.start > 0 and text[m.start - 1] == "\\" and not m.escaped:
            continue  # handled below as a Markdown-escaped shortcode
        if m.escaped:
            nodes.append(_node_from_match(m, text, in_attr, ()))
            continue
        start = _attr_text_start(m)
        # The author's own characters, not the masked brackets of HTML elements.
        source = text[start : start + len(m.attr_text)]
        attrs, diags = _lenient_attributes(source, start, text)
        nodes.append(_node_from_match(m, text, in_attr, attrs, diags))
    taken = [n.span for n in nodes]
    for node in _encoded_nodes(text, tags, markdown):
        if not any(s < node.span[1] and node.span[0] < e for s, e in taken):
            nodes.append(node)
    return nodes


@lru_cache(maxsize=64)
def _encoded_start(tags: tuple[str, ...], open_: str) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in tags)
    return re.compile(rf"{open_}(?P<tag>{alternation})(?![A-Za-z0-9_])")


_BRACKET = re.compile(r"[\[\]]")


def _encoded_matches(
    text: str, tags: tuple[str, ...], open_: str, close: str
) -> Iterator[tuple[int, int, str, int, int, str]]:
    r"""The matches of  OPEN(tag)(?![A-Za-z0-9_])(?P<attrs>(?:(?!CLOSE)[^\[\]])*?)(/?)CLOSE
    as (start, end, tag, attrs start, attrs end, slash), in linear time.

    Each ends at the first CLOSE after its tag, if no bracket comes first. The regex
    scans from every start to the end when there is no CLOSE; here the first CLOSE and
    the first bracket after a point are searched for once and reused for every later
    start before them.
    """
    start_re, close_re = _encoded_start(tags, open_), re.compile(close)
    found: dict[re.Pattern[str], tuple[int, re.Match[str] | None]] = {}

    def first(pattern: re.Pattern[str], at: int) -> re.Match[str] | None:
        since, m = found.get(pattern, (-1, None))
        if since == -1 or at < since or (m is not None and m.start() < at):
            m = pattern.search(text, at)
            found[pattern] = (at, m)
        return m

    pos = 0
    while (m := start_re.search(text, pos)) is not None:
        after = m.end()
        c = first(close_re, after)
        if c is None:
            return  # no CLOSE after this start, nor after any later one
        b = first(_BRACKET, after)
        if b is not None and b.start() < c.start():
            pos = m.start() + 1
            continue
        slash = "/" if c.start() > after and text[c.start() - 1] == "/" else ""
        yield m.start(), c.end(), m["tag"], after, c.start() - len(slash), slash
        pos = c.end()


@lru_cache(maxsize=64)
def _tag_start_re(tags: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in tags)
    return re.compile(rf"\[({alternation})(?![A-Za-z0-9_-])")


def _encoded_nodes(text: str, tags: tuple[str, ...], markdown: bool) -> list[Shortcode]:
    """Shortcodes whose brackets an exporter escaped: &#91;tag …&#93; or \\[tag …\\]."""
    forms: list[tuple[str, str, Literal["entities", "markdown"]]] = []
    if "&" in text:
        forms.append((*_ENTITY_BRACKETS, "entities"))
    if markdown and "\\[" in text:
        forms.append((r"\\\[", r"\\?\]", "markdown"))
    if not forms or not tags:
        return []
    nodes = []
    for open_, close, kind in forms:
        for start, end, tag, base, attrs_end, slash in _encoded_matches(text, tags, open_, close):
            attr_text = text[base:attrs_end]
            # \[\[tag …\]\] is WordPress's escaped [[tag]], Markdown-escaped: literal text.
            escaped = (
                kind == "markdown"
                and text[max(start - 2, 0) : start] == "\\["
                and text[end : end + 2] == "\\]"
            )
            if escaped:
                # Like a raw [[tag]]: literal text, no attributes read, nothing to fix.
                start, end = start - 2, end + 2
                attrs, diags, notes = (), (), ()
            else:
                if kind == "markdown":
                    attrs, diags = _markdown_attributes(attr_text, base, text)
                else:
                    attrs, diags = _lenient_attributes(attr_text, base, text)
                note = _diag(
                    f"{kind}-escaped-shortcode"
                    if kind == "markdown"
                    else "entity-encoded-shortcode",
                    f"[{tag}] written with "
                    + (
                        "Markdown-escaped brackets"
                        if kind == "markdown"
                        else "entity-encoded brackets"
                    )
                    + "; read as a shortcode",
                    start,
                    text,
                )
                notes = (note,)
            nodes.append(
                Shortcode(
                    tag=tag,
                    attributes=attrs,
                    content=None,
                    span=(start, end),
                    content_span=None,
                    self_closing=slash == "/",
                    escaped=escaped,
                    source=text[start:end],
                    encoding=kind,
                    diagnostics=(*notes, *diags),
                )
            )
    return nodes


_MD_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _markdown_attributes(
    attr_text: str, base: int, source: str
) -> tuple[tuple[Attribute, ...], tuple[Diagnostic, ...]]:
    """Attributes of a Markdown-escaped shortcode: backslash escapes removed first.

    Spans are mapped back to the source through the removed backslashes.
    """
    clean: list[str] = []
    where: list[int] = []  # where[i]: source offset of clean character i
    pos = 0
    for m in _MD_ESCAPE_RE.finditer(attr_text):
        for k in range(pos, m.start()):
            clean.append(attr_text[k])
            where.append(base + k)
        clean.append(m.group(1))
        where.append(base + m.start(1))
        pos = m.end()
    for k in range(pos, len(attr_text)):
        clean.append(attr_text[k])
        where.append(base + k)
    where.append(base + len(attr_text))
    attrs, diags = _lenient_attributes("".join(clean), 0, "".join(clean))

    def at(i: int) -> int:
        return where[i]

    mapped = tuple(
        Attribute(
            a.name,
            a.value,
            (at(a.span[0]), at(a.span[1])),
            (at(a.value_span[0]), at(a.value_span[1])),
            a.quote,
            a.repaired,
        )
        for a in attrs
    )
    redone = tuple(
        _diag(d.code, d.message, at(d.offset or 0), source, attribute=d.attribute) for d in diags
    )
    return mapped, redone


def _unclosed_diagnostics(
    text: str, tags: tuple[str, ...], nodes: list[Shortcode]
) -> list[Diagnostic]:
    """Openings of a tag that WordPress never reads as a shortcode (no ']' after them)."""
    out: list[Diagnostic] = []
    if "[" not in text or not tags:
        return out
    # Whether an offset is inside a node: by bisection over the spans in order of
    # their starts, each with the furthest end of the spans up to it (they may nest).
    spans = sorted(n.span for n in nodes)
    starts = [start for start, _ in spans]
    reach = list(accumulate((end for _, end in spans), max))
    more = 0
    for m in _tag_start_re(tags).finditer(text):
        i = bisect_right(starts, m.start())
        if i and reach[i - 1] > m.start():
            continue
        if len(out) == UNCLOSED_SHOWN:
            more += 1  # counted, not kept: memory stays flat however many there are
            continue
        out.append(
            _diag(
                "unclosed-shortcode",
                f"[{m.group(1)} is never closed with ']'; WordPress prints it as text",
                m.start(),
                text,
            )
        )
    if more:
        last = out[-1]
        out.append(
            Diagnostic(
                "unclosed-shortcode",
                f"… and {more} more openings never closed with ']' after this one",
                "warning",
                last.offset,
                last.line,
                last.column,
            )
        )
    return out


# Unclosed openings reported one by one in a text; the rest are counted in one more.
UNCLOSED_SHOWN = 100

__all__ = ["CARD_TAG", "Attribute", "Mode", "ParseResult", "Shortcode", "parse"]
