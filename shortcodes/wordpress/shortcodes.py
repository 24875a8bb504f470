"""A port of WordPress 7.1's wp-includes/shortcodes.php.

Functions keep WordPress's names and order of steps. Where Python differs:

* WordPress keeps registered shortcodes in the global ``$shortcode_tags``; here the
  caller passes them: ``handlers`` (tag -> callable) or ``tags`` (names), in
  registration order, which decides how the tag alternation in the regex matches.
* PHP's regexes run on UTF-8 bytes without the ``u`` flag, so ``\\w`` and ``\\s`` are
  ASCII-only; ours are compiled with ASCII classes to match.
* ``do_shortcode`` does not run WordPress's regex with ``preg_replace_callback``: the
  same matches are found by `_scan`, which gives the identical result in linear time
  (the regex is quadratic on many unclosed tags). `get_shortcode_regex` still returns
  the regex, equivalent to WordPress's, for callers who want it.
* A handler receives ``atts`` as a dict in source order; integer keys are positional
  attributes, as PHP keeps them.
* ``shortcode_parse_atts`` reads most texts with the optional C module ``_speedups``
  (beside this file) where it was built; the Python code here is the reference it is
  checked against (tests/test_speedups.py) and reads everything else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .formatting import _tags_in, wp_html_split
from .kses import wp_kses_attr_parse, wp_kses_one_attr

try:  # compiled from _speedups.c (beside this file) where a C compiler was at hand
    from . import _speedups
except ImportError:  # pure Python: the same results, slower
    _speedups = None

Atts = dict[int | str, str]
Handler = Callable[[Atts, str, str], str]


def speedups_built() -> bool:
    """Whether the optional C speedups (wordpress/_speedups.c) were compiled."""
    return _speedups is not None


def get_shortcode_regex(tags: Iterable[str]) -> str:
    """The shortcode regex of WordPress, for these tag names (Python `re` syntax).

    Groups: 1 extra ``[`` for escaping, 2 tag, 3 attributes, 4 self-closing ``/``,
    5 enclosed content, 6 extra ``]`` for escaping.
    """
    tagregexp = "|".join(re.escape(t) for t in tags)
    # WordPress uses possessive quantifiers (*+) in group 5 for speed; greedy ones
    # match the same strings here because every iteration starts at a '['.
    return (
        r"\[(\[?)"
        rf"({tagregexp})"
        r"(?![A-Za-z0-9_-])"
        r"([^\]\/]*(?:\/(?!\])[^\]\/]*)*?)"
        r"(?:(\/)\]|\](?:([^\[]*(?:\[(?!\/\2\])[^\[]*)*)\[\/\2\])?)"
        r"(\]?)"
    )


@dataclass(frozen=True)
class ShortcodeMatch:
    """One match of the shortcode regex: the six groups and the span of group 0."""

    start: int
    end: int
    escape_open: str  # group 1
    tag: str  # group 2
    attr_text: str  # group 3
    self_closing: str  # group 4: "/" or ""
    content: str | None  # group 5: None when there is no closing tag
    escape_close: str  # group 6
    source: str  # the whole input, so group(0) can be sliced

    def group(self, n: int) -> str | None:
        if n == 0:
            return self.source[self.start : self.end]
        return (
            None,
            self.escape_open,
            self.tag,
            self.attr_text,
            self.self_closing or None,
            self.content,
            self.escape_close,
        )[n]

    @property
    def escaped(self) -> bool:
        return self.escape_open == "[" and self.escape_close == "]"


@lru_cache(maxsize=256)
def _opening_re(tags: tuple[str, ...]) -> re.Pattern[str]:
    # Groups 1-3 and the closing bracket: everything before the first ']' belongs
    # to the opening tag (group 3 of WordPress's regex cannot cross a ']').
    alternation = "|".join(re.escape(t) for t in tags)
    return re.compile(rf"\[(\[?)({alternation})(?![A-Za-z0-9_-])([^\]]*)\]")


# A ShortcodeMatch's fields but `source`: start, end, groups 1, 2, 3, 4, 5 and 6.
_Fields = tuple[int, int, str, str, str, str, str | None, str]


def _scan(text: str, tags: tuple[str, ...]) -> Iterator[ShortcodeMatch]:
    """The matches `preg_match_all(get_shortcode_regex(tags))` finds, left to right."""
    for fields in _scan_fields(text, tags):
        yield ShortcodeMatch(*fields, text)


def _scan_fields(text: str, tags: tuple[str, ...]) -> Iterator[_Fields]:
    """`_scan` as plain tuples, for the hot loops (a dataclass costs ~0.7 us apiece)."""
    if not tags or "[" not in text:
        return
    last_close = text.rfind("]")
    if last_close < 0:
        return
    opening = _opening_re(tags)
    # Where the next "[/tag]" is, per tag, so each closing tag is searched for once.
    next_close: dict[str, int] = {}
    pos = 0
    limit = last_close + 1
    while True:
        m = opening.search(text, pos, limit)
        if m is None:
            return
        esc_open, tag, attrs = m.groups()
        start, end = m.span()
        content: str | None = None
        self_closing = ""
        if attrs.endswith("/"):
            attrs = attrs[:-1]
            self_closing = "/"
        else:
            closing = "[/" + tag + "]"
            found = next_close.get(tag)
            if found is None or (found != -1 and found < end):
                found = text.find(closing, end)
                next_close[tag] = found
            if found != -1:
                content = text[end:found]
                end = found + len(closing)
        esc_close = ""
        if end < len(text) and text[end] == "]":
            esc_close = "]"
            end += 1
        yield start, end, esc_open, tag, attrs, self_closing, content, esc_close
        pos = end
        if pos >= limit:
            limit = len(text)  # a ']' consumed as group 6 may have been the last one
            last_close = text.rfind("]", pos)
            if last_close < 0:
                return
            limit = last_close + 1


def _replace(text: str, tags: tuple[str, ...], callback: Callable[[ShortcodeMatch], str]) -> str:
    """preg_replace_callback( "/$pattern/", $callback, $text )."""
    return _replace_fields(text, tags, lambda text, fields: callback(ShortcodeMatch(*fields, text)))


def _replace_fields(
    text: str, tags: tuple[str, ...], callback: Callable[[str, _Fields], str]
) -> str:
    """`_replace` with a callback on the text and `_scan_fields` tuples."""
    out: list[str] = []
    pos = 0
    for fields in _scan_fields(text, tags):
        out.append(text[pos : fields[0]])
        out.append(callback(text, fields))
        pos = fields[1]
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def shortcode_regex_matches(text: str, tags: Iterable[str]) -> list[ShortcodeMatch]:
    """Every match of the shortcode regex for `tags` in `text`, in order."""
    return list(_scan(text, tuple(tags)))


def _registered_tags_in(content: str, tags: Iterable[str]) -> tuple[str, ...]:
    """The registered `tags` do_shortcode's name scan captures in `content`, in
    registration order (array_intersect() keeps the order of its first array)."""
    return _tags_in(content, tuple(tags))


def has_shortcode(content: str, tag: str, tags: Iterable[str] | None = None) -> bool:
    """Whether `content` uses shortcode `tag` (also inside other shortcodes' content).

    `tags` are the registered tags (default: just `tag`); `tag` must be one of them.
    """
    registered = tuple(tags) if tags is not None else (tag,)
    if "[" not in content or tag not in registered:
        return False
    for m in _scan(content, registered):
        if m.tag == tag:
            return True
        if m.content and has_shortcode(m.content, tag, registered):
            return True
    return False


def get_shortcode_tags_in_content(content: str, tags: Iterable[str]) -> list[str]:
    """The registered tags used in `content`, in order, including nested ones."""
    registered = tuple(tags)
    if "[" not in content:
        return []
    found: list[str] = []
    for m in _scan(content, registered):
        found.append(m.tag)
        if m.content:
            found.extend(get_shortcode_tags_in_content(m.content, registered))
    return found


def do_shortcode(content: str, handlers: Mapping[str, Handler], ignore_html: bool = False) -> str:
    """Replace every registered shortcode in `content` by its handler's output.

    `handlers` maps tag -> ``callable(atts, content, tag) -> str``. Shortcodes inside
    HTML attributes are handled as WordPress does (filtered by kses), or left alone
    with `ignore_html`.
    """
    if "[" not in content or not handlers:
        return content
    tagnames = _registered_tags_in(content, handlers)
    if not tagnames:
        return content
    return _do_shortcode(content, handlers, ignore_html, tagnames)


def _do_shortcode(
    content: str, handlers: Mapping[str, Handler], ignore_html: bool, tagnames: tuple[str, ...]
) -> str:
    # Apart from do_shortcode, whose text with no '[' then costs no closure cells.
    def do_shortcode_tag(text: str, fields: _Fields) -> str:
        start, end, escape_open, tag, attr_text, _, inner, escape_close = fields
        # Allow [[foo]] syntax for escaping a tag.
        if escape_open == "[" and escape_close == "]":
            return text[start + 1 : end - 1]
        atts = shortcode_parse_atts(attr_text)
        output = handlers[tag](atts, inner if inner is not None else "", tag)
        return escape_open + str(output) + escape_close

    def do_shortcode_tag_match(m: ShortcodeMatch) -> str:
        fields = (m.start, m.end, m.escape_open, m.tag, m.attr_text, m.self_closing, m.content)
        return do_shortcode_tag(m.source, (*fields, m.escape_close))

    content = do_shortcodes_in_html_tags(content, ignore_html, tagnames, do_shortcode_tag_match)
    content = _replace_fields(content, tagnames, do_shortcode_tag)
    # Always restore square braces so we don't break things like <!--[if IE ]>.
    return unescape_invalid_shortcodes(content)


_TRANS_NORMALIZE = {"&#91;": "&#091;", "&#93;": "&#093;"}
_ELEMENT_FRONT = re.compile(r"^<\s*\[\[?[^\[\]]+\]")
_ELNAME = re.compile(r"[a-zA-Z0-9]+")


def _encode_brackets(text: str) -> str:
    return text.replace("[", "&#91;").replace("]", "&#93;")


# A '<' whose element (it runs to the next '>') holds a bracket. A position is inside an
# element exactly when the last '<' or '>' before it is '<', so searching from every
# '<' up to the next angle bracket finds each such bracket, in linear time.
_BRACKET_IN_ELEMENT = re.compile(r"<[^<>\[\]]*[\[\]]")


def _brackets_in_elements(text: str) -> bool:
    """Whether any HTML element, comment or CDATA section of `text` holds a '[' or ']'.

    A cheap test before splitting the text as wp_html_split() does (which is exact but
    costs a Python step per element). It may say yes where the split would not (then
    the split decides), never the reverse.
    """
    brackets = _bracket_positions(text)
    if brackets == []:
        return False
    if _bracket_after_open_angle(text, brackets):
        return True
    # (A one-character search first: "<!--" is slow to look for in non-Latin text.)
    if "!" not in text or "<!--" not in text:
        return False  # (a CDATA section's own "<![" is found above)
    # A comment runs from <!-- to the next --> (or the end): '>' inside it does not end it.
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        stop = len(text) if end < 0 else end
        if text.find("[", start, stop) >= 0 or text.find("]", start, stop) >= 0:
            return True
        if end < 0:
            return False
        start = text.find("<!--", end + 3)
    return False


# Up to this many brackets, each is looked at; beyond, one regex search does it.
_FEW_BRACKETS = 64


def _bracket_positions(text: str) -> list[int] | None:
    """Where the '[' and ']' of `text` are, in order; None when there are more than
    _FEW_BRACKETS (counting stops there)."""
    found: list[int] = []
    for char in "[]":
        at = text.find(char)
        while at >= 0:
            if len(found) == _FEW_BRACKETS:
                return None
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _bracket_after_open_angle(text: str, brackets: list[int] | None = None) -> bool:
    """Whether the last '<' or '>' before some '[' or ']' is a '<' (what
    _BRACKET_IN_ELEMENT finds). `brackets`: `_bracket_positions(text)`, if known.

    A post has a few brackets (its cards') and many elements: looking back from each
    bracket to the previous one costs two searches per bracket instead of a regex step
    at every '<' of the text.
    """
    if brackets is None:
        brackets = _bracket_positions(text)
    if brackets is None:
        return _BRACKET_IN_ELEMENT.search(text) is not None
    inside = False  # whether the last angle bracket so far is '<'
    last = 0
    for at in brackets:
        opening, closing = text.rfind("<", last, at), text.rfind(">", last, at)
        if opening != closing:  # at least one found: the later one decides
            inside = opening > closing
        if inside:
            return True
        last = at
    return False


def do_shortcodes_in_html_tags(
    content: str,
    ignore_html: bool,
    tagnames: tuple[str, ...],
    callback: Callable[[ShortcodeMatch], str],
) -> str:
    """Run shortcodes inside HTML elements' attributes; encode every other bracket there."""
    # Normalize entities in unfiltered HTML before adding placeholders. (Searching for
    # one character is much faster than for "&#91;" in non-Latin-1 text.)
    if "&" in content:
        for old, new in _TRANS_NORMALIZE.items():
            if old in content:
                content = content.replace(old, new)
    if "<" not in content or not _brackets_in_elements(content):
        return content  # no element holds a bracket: nothing to run or encode

    textarr = wp_html_split(content)
    for i, element in enumerate(textarr):
        if element == "" or element[0] != "<":
            continue
        noopen = "[" not in element
        noclose = "]" not in element
        if noopen or noclose:
            # This element does not contain shortcodes.
            if noopen != noclose:
                # Need to encode stray '[' or ']' chars.
                textarr[i] = _encode_brackets(element)
            continue

        if ignore_html or element.startswith("<!--") or element.startswith("<![CDATA["):
            textarr[i] = _encode_brackets(element)
            continue

        attributes = wp_kses_attr_parse(element)
        if attributes is None:
            # Some plugins are doing things like [name] <[email]>.
            if _ELEMENT_FRONT.match(element):
                element = _replace(element, tagnames, callback)
            # Looks like we found some crazy unfiltered HTML. Skipping it for sanity.
            textarr[i] = _encode_brackets(element)
            continue

        front = attributes.pop(0)
        back = attributes.pop()
        elname = _ELNAME.search(front).group(0)  # type: ignore[union-attr]

        # Look for shortcodes in each attribute separately.
        for j, attr in enumerate(attributes):
            open_ = attr.find("[")
            close = attr.find("]")
            if open_ == -1 or close == -1:
                continue  # Square braces will be escaped at end of loop.
            double = attr.find('"')
            single = attr.find("'")
            if (single == -1 or open_ < single) and (double == -1 or open_ < double):
                # $attr like '[shortcode]' or 'name = [shortcode]' implies unfiltered_html.
                attributes[j] = _replace(attr, tagnames, callback)
            else:
                # $attr like 'name = "[shortcode]"': assume KSES ran before shortcodes.
                count = 0

                def counting(m: ShortcodeMatch) -> str:
                    nonlocal count
                    count += 1
                    return callback(m)

                new_attr = _replace(attr, tagnames, counting)
                if count > 0:
                    # Sanitize the shortcode output using KSES.
                    new_attr = wp_kses_one_attr(new_attr, elname)
                    if new_attr.strip() != "":
                        attributes[j] = new_attr
        element = front + "".join(attributes) + back
        # Now encode any remaining '[' or ']' chars.
        textarr[i] = _encode_brackets(element)

    return "".join(textarr)


def unescape_invalid_shortcodes(content: str) -> str:
    """Remove the placeholders `do_shortcodes_in_html_tags` added."""
    if "&" not in content or "&#9" not in content:
        return content
    return content.replace("&#91;", "[").replace("&#93;", "]")


def get_shortcode_atts_regex() -> str:
    """WordPress's shortcode attribute regex (Python syntax, compile with re.ASCII)."""
    return (
        r"([\w-]+)\s*=\s*\"([^\"]*)\"(?:\s|$)|"
        r"([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|"
        r"([\w-]+)\s*=\s*([^\s'\"]+)(?:\s|$)|"
        r"\"([^\"]*)\"(?:\s|$)|"
        r"'([^']*)'(?:\s|$)|"
        r"(\S+)(?:\s|$)"
    )


# PCRE without the u flag: \w and \s are ASCII; \s includes \v (PCRE2 >= 10.x).
_ATTS_RE = re.compile(get_shortcode_atts_regex(), re.ASCII)
# The same language, faster on Python's engine: the three named branches share their
# "name =" prefix. Leftmost-first order is kept (double-quoted, single-quoted,
# unquoted, then the positional ones), so every match is the one WordPress finds;
# tests/test_wp_shortcodes.py checks both regexes match alike.
_ATTS_FAST_RE = re.compile(
    r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"(?:\s|$)|'([^']*)'(?:\s|$)|([^\s'\"]+)(?:\s|$))"
    r"|\"([^\"]*)\"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)",
    re.ASCII,
)
_SPACES_RE = re.compile("[\u00a0\u200b]+")
_NAME_LIST_RE = re.compile(r"[\w-]+(?: [\w-]+)*", re.ASCII)
# Lower-case names that cannot be integer keys (no leading digit or '-'), one space apart.
_WORD_NAME_LIST_RE = re.compile(r"[a-z_][a-z0-9_-]*(?: [a-z_][a-z0-9_-]*)*")
# PHP's _zend_handle_numeric_str_ex: no leading zero, so "-0" stays a string key.
_CANONICAL_INT = re.compile(r"(?:0|-?[1-9][0-9]*)\Z")
_INT_MAX = 2**63 - 1


def _php_key(name: str) -> int | str:
    """PHP turns canonical decimal string keys into integer keys."""
    if _CANONICAL_INT.match(name):
        n = int(name)
        if -_INT_MAX - 1 <= n <= _INT_MAX:
            return n
    return name


_CSLASH = re.compile(rb"\\(?:([nratvbf\\])|x([0-9A-Fa-f]{1,2})|([0-7]{1,3})|(.))", re.S)
_CSLASH_SIMPLE = {
    b"n": b"\n",
    b"r": b"\r",
    b"a": b"\a",
    b"t": b"\t",
    b"v": b"\v",
    b"b": b"\b",
    b"f": b"\f",
    b"\\": b"\\",
}


def stripcslashes(text: str) -> str:
    """PHP's stripcslashes(): C escapes (\\n, \\x41, \\101, \\\\) decoded, other \\ dropped.

    PHP works on bytes, so ``\\xHH`` can produce a byte that is not valid UTF-8 on its
    own; such bytes are decoded with U+FFFD replacement.
    """
    if "\\" not in text:
        return text

    def sub(m: re.Match[bytes]) -> bytes:
        if m.group(1) is not None:
            return _CSLASH_SIMPLE[m.group(1)]
        if m.group(2) is not None:
            return bytes([int(m.group(2), 16)])
        if m.group(3) is not None:
            return bytes([int(m.group(3), 8) & 0xFF])
        return m.group(4)

    return _CSLASH.sub(sub, text.encode("utf-8")).decode("utf-8", errors="replace")


def _has_unclosed_html(value: str) -> bool:
    """Not `^[^<]*+(?:<[^>]*+>[^<]*+)*+$`: some '<' has no '>' after it."""
    pos = value.find("<")
    while pos != -1:
        gt = value.find(">", pos)
        if gt == -1:
            return True
        pos = value.find("<", gt + 1)
    return False


# The branch an _ATTS_FAST_RE match took, by its last group:
# (name group or 0, value group, quote).
_BRANCHES = {
    2: (1, 2, '"'),
    3: (1, 3, "'"),
    4: (1, 4, ""),
    5: (0, 5, '"'),
    6: (0, 6, "'"),
    7: (0, 7, ""),
}


def _which_alternative(m: re.Match[str]) -> tuple[int, int, str] | None:
    """(name group or 0, value group, quote) of the branch shortcode_parse_atts takes.

    PHP tests the groups with `empty()`: a name of "0" or an empty positional quoted
    value is empty, and the later groups it then tests are unset, so nothing is added.
    """
    branch = _BRANCHES[m.lastindex]  # type: ignore[index]
    name_group, value_group, _ = branch
    if name_group:
        if m.group(name_group) == "0":
            return None
    elif value_group != 7 and not m.group(value_group):
        return None
    return branch


def shortcode_parse_atts(text: str) -> Atts:
    """Parse a shortcode's attribute text as WordPress does.

    Returns a dict in source order: named keys lower-cased, positional values under
    integer keys (as PHP keys them). WordPress 7.1 returns an empty array for text
    with no attributes (older versions returned the left-trimmed string).
    """
    # Real exports repeat the same card in many posts: parse each text once, and
    # hand out copies so callers cannot change the cached dict.
    return _parse_atts_cached(text).copy()


@lru_cache(maxsize=4096)
def _parse_atts_cached(text: str) -> Atts:
    if _speedups is not None:
        atts = _speedups.parse_atts(text)
        if atts is not None:
            return atts
    return _parse_atts_python(text)


def _parse_atts_python(text: str) -> Atts:
    """`shortcode_parse_atts` in Python: the reference the C speedups are checked against."""
    if "\u00a0" in text or "\u200b" in text:
        text = _SPACES_RE.sub(" ", text)
    atts = _atts_from_plain_tokens(text)
    if atts is None:
        atts = _atts_from_regex(text)
    # Values are in the text as written, so most texts need neither pass below.
    if "\\" in text:
        for k, v in atts.items():
            if "\\" in v:
                atts[k] = stripcslashes(v)
    # Reject any unclosed HTML elements (a '<' may also come from stripcslashes).
    if "<" in text or "\\" in text:
        for k, v in atts.items():
            if "<" in v and _has_unclosed_html(v):
                atts[k] = ""
    return atts


def _atts_from_regex(text: str) -> Atts:
    """The attributes WordPress's regex finds in `text`, values as written."""
    atts: Atts = {}
    next_index = 0
    # findall gives "" for the groups of the branches not taken, and at most one value
    # group is non-empty, so `or` picks the value without building match objects.
    for name, dq, sq, bare, pos_dq, pos_sq, pos_bare in _ATTS_FAST_RE.findall(text):
        if name:
            # PHP's empty("0") is true: WordPress skips a name of "0".
            if name == "0":
                continue
            # Names are [A-Za-z0-9_-]: only a digit or "-" (both <= "9") can start an
            # integer key.
            if name[0] > "9":
                atts[name.lower()] = dq or sq or bare
            else:
                next_index = _set_numeric_named(atts, name, dq or sq or bare, next_index)
        else:
            # An empty quoted positional value is skipped (strlen() in WordPress);
            # a bare one is never empty.
            value = pos_dq or pos_sq or pos_bare
            if value:
                atts[next_index] = value
                next_index += 1
    return atts


def _atts_from_plain_tokens(text: str) -> Atts | None:
    """`_atts_from_regex(text)` for text with no quotes and no whitespace but ' ', else None.

    There every match of WordPress's regex is one space-separated token (the bare
    branch takes any token the others do not), named when it is ``name=value`` with
    a [\\w-]+ name and a non-empty value. A token with '=' that is not such a pair
    (``a.b=c``, ``=c``, ``a=``) gives None: WordPress may read it differently, as with
    ``a = b`` across spaces. Splitting is several times faster than the regex.
    """
    if '"' in text or "'" in text:
        return None
    if "\t" in text or "\n" in text or "\r" in text or "\f" in text or "\v" in text:
        return None
    tokens = text.split(" ")
    # The usual card: lower-case names that cannot be integer keys, which need
    # neither lower() nor a test each, no empty value ("a=" takes the next token as
    # its value, or has none) and no name twice. The loop below reads every text.
    atts: Atts = {}
    names: list[str] = []
    next_index = 0
    for token in tokens:
        name, eq, value = token.partition("=")
        if eq:
            atts[name] = value
            names.append(name)
        elif name:
            atts[next_index] = name
            next_index += 1
    if (
        len(names) + next_index == len(atts)
        and "" not in atts.values()
        and (not names or _WORD_NAME_LIST_RE.fullmatch(" ".join(names)))
    ):
        return atts
    atts = {}
    names = []
    next_index = 0
    for token in tokens:
        name, eq, value = token.partition("=")
        if not eq:
            if name:
                atts[next_index] = name
                next_index += 1
        elif name and value:
            names.append(name)
            if name == "0":
                continue
            if name[0] > "9":
                atts[name.lower()] = value
            else:
                next_index = _set_numeric_named(atts, name, value, next_index)
        else:
            return None
    # One match for all names instead of one per token.
    if names and not _NAME_LIST_RE.fullmatch(" ".join(names)):
        return None
    return atts


def _set_numeric_named(atts: Atts, name: str, value: str, next_index: int) -> int:
    """Set a named attribute whose name starts with a digit or '-'; the next positional
    index after it (PHP's next free key follows integer keys)."""
    key = _php_key(name.lower())
    atts[key] = value
    if isinstance(key, int) and key >= next_index:
        return key + 1
    return next_index


def strip_shortcodes(content: str, tags: Iterable[str]) -> str:
    """Remove the registered shortcodes (`tags`) from `content`, keeping escaped ones."""
    if "[" not in content:
        return content
    tagnames = _registered_tags_in(content, tuple(tags))
    if not tagnames:
        return content

    def strip_shortcode_tag(m: ShortcodeMatch) -> str:
        if m.escaped:
            return m.group(0)[1:-1]
        return m.escape_open + m.escape_close

    content = do_shortcodes_in_html_tags(content, True, tagnames, strip_shortcode_tag)
    content = _replace(content, tagnames, strip_shortcode_tag)
    return unescape_invalid_shortcodes(content)


__all__ = [
    "Atts",
    "Handler",
    "ShortcodeMatch",
    "do_shortcode",
    "do_shortcodes_in_html_tags",
    "get_shortcode_atts_regex",
    "get_shortcode_regex",
    "get_shortcode_tags_in_content",
    "has_shortcode",
    "shortcode_parse_atts",
    "shortcode_regex_matches",
    "strip_shortcodes",
    "stripcslashes",
    "unescape_invalid_shortcodes",
]
