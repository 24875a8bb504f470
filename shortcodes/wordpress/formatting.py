"""A port of WordPress 7.1's wptexturize, wpautop and shortcode_unautop (formatting.php).

Function names and the order of steps follow the PHP, so the two can be read side by
side. Where Python differs:

* WordPress's regexes here have no ``u`` flag: PCRE runs them on UTF-8 bytes. We run
  them on characters, which gives the same results because every byte they test for
  is ASCII: ``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII-only (we compile with
  ``re.ASCII``; ``re.I`` alone would also fold e.g. the Kelvin sign to ``k``), and the
  non-breaking space ``\\xC2\\xA0`` of `wp_spaces_regexp` is the one character U+00A0.
* PCRE's ``\\Z`` also matches before a final newline; Python's does not, so it is
  written ``\\n?\\Z``. (``^`` and ``$`` without flags mean the same in both.)
* Python's lookbehinds need a fixed width, so PCRE's ``(?<=\\A|x|&lt;)'`` becomes
  ``'(?:(?<=\\A')|(?<=x')|(?<=&lt;'))`` (the literal first, which Python's engine
  searches for quickly), and ``(?<!a|bc)`` becomes ``(?<!a)(?<!bc)``.
* PCRE conditionals ``(?(?=x)yes|no)`` become alternations with the test in front of
  each branch, where the ``yes`` branch can never fail once its test passed.
* Possessive quantifiers (``*+``, Python 3.11+ only; we support 3.10) are written as
  plain ones wherever backtracking cannot change what matches; each such place says
  why. Loops are written so that a failing match backtracks over each character once.
* WordPress's global ``$shortcode_tags`` is the explicit `tags` argument, and the
  translatable strings are WordPress's default (English) ones.
* For speed, some steps reach WordPress's result by a shorter way, and each place
  says why the result is the same: a step is skipped when the text lacks what it
  needs to match (as WordPress does with ``<pre``), ``\\s*<element>`` regexes (quadratic
  on long runs of whitespace) become a split and a strip, and replacement templates
  with group references (expanded in Python code per match by Python 3.10 and 3.11)
  become C-level callables. Time is linear on the hostile inputs of
  tests/test_wp_formatting.py; a few of WordPress's own regexes stay quadratic on
  contrived input (thousands of ``<div`` or ``<figcaption`` and no ``>`` after them).
* wptexturize's split and its test for the characters its steps look for, and
  shortcode_unautop on a text with no closing tag, have C versions in the optional
  ``_speedups`` module; the Python code here is the reference and the fallback
  (tests/test_speedups.py checks that both give the same results).
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache

try:  # compiled from _speedups.c (beside this file) where a C compiler was at hand
    from . import _speedups
except ImportError:  # pure Python: the same results, slower
    _speedups = None

__all__ = [
    "get_html_split_regex",
    "shortcode_unautop",
    "wp_html_split",
    "wp_replace_in_html_tags",
    "wp_spaces_regexp",
    "wpautop",
    "wptexturize",
    "wptexturize_primes",
]

# PHP's trim() default character list.
_PHP_TRIM = " \t\n\r\0\x0b"

# PCRE's \Z: end of subject, or before a newline that ends it.
_END = r"\n?\Z"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


def _none_of(chars: str) -> str:
    """The class ``[^chars]`` written as ranges of what it allows.

    Python's engine tests a negated set of a few characters about twice as slowly as
    ranges on non-ASCII text; the shortcode loops that use this run over long,
    mostly Arabic attributes.
    """
    ranges = []
    low = 0
    for excluded in sorted(set(map(ord, chars))):
        if low < excluded:
            ranges.append(f"\\U{low:08x}-\\U{excluded - 1:08x}")
        low = excluded + 1
    if low <= sys.maxunicode:
        ranges.append(f"\\U{low:08x}-\\U{sys.maxunicode:08x}")
    return "[" + "".join(ranges) + "]"


# --- wp_spaces_regexp ---------------------------------------------------------------

# '[\r\n\t ]|\xC2\xA0|&nbsp;' (the "\xC2\xA0" bytes are UTF-8 for U+00A0).
_SPACES = r"[\r\n\t ]|\u00a0|&nbsp;"
# What may come before a character for WordPress's (?<=\A|$spaces) or (?<!$spaces).
_SPACE_BEFORE = (r"[\r\n\t \u00a0]", "&nbsp;")


def _after(literal: str, *preceding: str) -> str:
    """`literal`, matched only where one of the `preceding` regexes ends just before it.

    WordPress's ``(?<=\\A|x|&lt;)'`` becomes ``'(?:(?<=\\A')|(?<=x')|(?<=&lt;'))``: the
    same matches, but a pattern that starts with a literal is searched for quickly,
    one that starts with a lookbehind is tried at every position.
    """
    lit = re.escape(literal)
    return lit + "(?:" + "|".join(f"(?<={before}{lit})" for before in preceding) + ")"


def _not_after(literal: str, *preceding: str) -> str:
    """`literal`, matched only where none of the `preceding` regexes ends just before it."""
    lit = re.escape(literal)
    return lit + "".join(f"(?<!{before}{lit})" for before in preceding)


def wp_spaces_regexp() -> str:
    """The regex source (no delimiters) of what WordPress counts as a space."""
    return _SPACES


# --- wptexturize ----------------------------------------------------------------------

# The default translations of WordPress's _x() strings.
_OPENING_QUOTE = "&#8220;"
_CLOSING_QUOTE = "&#8221;"
_APOS = "&#8217;"
_PRIME = "&#8242;"
_DOUBLE_PRIME = "&#8243;"
_OPENING_SINGLE_QUOTE = "&#8216;"
_CLOSING_SINGLE_QUOTE = "&#8217;"
_EN_DASH = "&#8211;"
_EM_DASH = "&#8212;"
_OPEN_Q_FLAG = "<!--oq-->"
_OPEN_SQ_FLAG = "<!--osq-->"
_APOS_FLAG = "<!--apos-->"

_DEFAULT_NO_TEXTURIZE_TAGS = ("pre", "code", "kbd", "style", "script", "tt")
_DEFAULT_NO_TEXTURIZE_SHORTCODES = ("code",)
# _wptexturize_pushpop_element changes a stack only for a tag named like a disabled
# element, which then starts like one of these; other tags are not passed to it.
_NO_TEXTURIZE_TAG_STARTS = tuple(
    f"<{slash}{name}" for slash in ("", "/") for name in _DEFAULT_NO_TEXTURIZE_TAGS
)
_NO_TEXTURIZE_SHORTCODE_STARTS = tuple(
    f"[{slash}{name}" for slash in ("", "/") for name in _DEFAULT_NO_TEXTURIZE_SHORTCODES
)

_COCKNEY = "'tain't,'twere,'twas,'tis,'twill,'til,'bout,'nuff,'round,'cause,'em".split(",")
_COCKNEYREPLACE = (
    "&#8217;tain&#8217;t,&#8217;twere,&#8217;twas,&#8217;tis,&#8217;twill,&#8217;til,"
    "&#8217;bout,&#8217;nuff,&#8217;round,&#8217;cause,&#8217;em"
).split(",")

_STATIC_CHARACTERS = ["...", "``", "''", " (tm)", *_COCKNEY]
_STATIC_REPLACEMENTS = ["&#8230;", _OPENING_QUOTE, _CLOSING_QUOTE, " &#8482;", *_COCKNEYREPLACE]

# The characters the steps of wptexturize look for, found in a part in one pass
# (_chars_in) before any step: bit i for _TEXTURIZE_CHARS[i]. No step adds one of the
# first seven (their replacements are entities and flags that are gone before the next
# step), so a character the part lacks at first it lacks at every step; '&' is added.
_TEXTURIZE_CHARS = ".`(-x'\"&"
_HAS_DOT, _HAS_BACKTICK, _HAS_PAREN, _HAS_DASH, _HAS_X, _HAS_APOS, _HAS_QUOTE, _HAS_AMP = (
    1 << i for i in range(len(_TEXTURIZE_CHARS))
)
# (search, replace, the bit of a character of search that must be there first).
_STATIC = [
    (search, replace, 1 << _TEXTURIZE_CHARS.index(search.strip(" ")[0]))
    for search, replace in zip(_STATIC_CHARACTERS, _STATIC_REPLACEMENTS, strict=True)
]
# The cockney pairs all start with "'", and no replacement contains one: they are
# looked for only where one search for all of them finds one (a search for several
# characters is slow in UCS-2 text, one for "'" then the rest is not).
_STATIC_PUNCTUATION = _STATIC[: -len(_COCKNEY)]
_COCKNEY_PAIRS = list(zip(_COCKNEY, _COCKNEYREPLACE, strict=True))
_COCKNEY_TEST = _c("'(?:" + "|".join(re.escape(word[1:]) for word in _COCKNEY) + ")")


def _chars_in(text: str, chars: str) -> int:
    """Bit i set where the character chars[i] occurs in `text` (as _speedups.chars_in)."""
    return sum(1 << i for i, char in enumerate(chars) if char in text)


# (?=\Z|[.,:;!?)}\-\]]|&gt;|$spaces): what may follow a closing quote.
_CLOSER = rf"(?={_END}|[.,:;!?)}}\-\]]|&gt;|{_SPACES})"

# Pattern-based replacements, in WordPress's order. Each entry is (literal, pattern,
# replacement): the pattern can only match where `literal` occurs, so it is skipped
# when the literal is absent (the same result, faster).
_DYNAMIC_APOS = [
    # '99' and '99" are ambiguous among other patterns; assume it's an abbreviated year
    # at the end of a quotation.
    ("'", _c(rf"'(\d\d)'{_CLOSER}"), _APOS_FLAG + r"\g<1>" + _CLOSING_SINGLE_QUOTE),
    ("'", _c(rf"'(\d\d)\"{_CLOSER}"), _APOS_FLAG + r"\g<1>" + _CLOSING_QUOTE),
    # '99 '99s '99's (apostrophe)  But never '9 or '99% or '999 or '99.0.
    ("'", _c(rf"'(?=\d\d(?:{_END}|(?![%\d]|[.,]\d)))"), _APOS_FLAG),
    # Quoted numbers like '0.42'.
    (
        "'",
        _c(_after("'", r"\A", *_SPACE_BEFORE) + r"(\d[.,\d]*)'"),
        _OPEN_SQ_FLAG + r"\g<1>" + _CLOSING_SINGLE_QUOTE,
    ),
    # Single quote at start, or preceded by (, {, <, [, ", -, or spaces.
    ("'", _c(_after("'", r"\A", r"[(\[{\"\-]", "&lt;", *_SPACE_BEFORE)), _OPEN_SQ_FLAG),
    # Apostrophe in a word. No spaces, double apostrophes, or other punctuation.
    (
        "'",
        _c(
            _not_after("'", *_SPACE_BEFORE)
            + rf"(?!{_END}|[.,:;!?\"'(){{}}\[\]\-]|&[lg]t;|{_SPACES})"
        ),
        _APOS_FLAG,
    ),
]
_DYNAMIC_QUOTE = [
    # Quoted numbers like "42".
    (
        '"',
        _c(_after('"', r"\A", *_SPACE_BEFORE) + r'(\d[.,\d]*)"'),
        _OPEN_Q_FLAG + r"\g<1>" + _CLOSING_QUOTE,
    ),
    # Double quote at start, or preceded by (, {, <, [, -, or spaces, and not followed
    # by spaces.
    (
        '"',
        _c(_after('"', r"\A", r"[(\[{\-]", "&lt;", *_SPACE_BEFORE) + f"(?!{_SPACES})"),
        _OPEN_Q_FLAG,
    ),
]
_DYNAMIC_DASH = [
    # Dashes and spaces.
    ("---", _c(r"---"), _EM_DASH),
    ("--", _c(_after("--", "^", *_SPACE_BEFORE) + f"(?=$|{_SPACES})"), _EM_DASH),
    ("--", _c(_not_after("--", "xn")), _EN_DASH),  # (?<!xn)--
    ("-", _c(_after("-", "^", *_SPACE_BEFORE) + f"(?=$|{_SPACES})"), _EN_DASH),
]

# 9x9 (times), but never 0x9999.
_TIMES_TEST = _c(_after("x", r"\d") + r"\d")  # (?<=\d)x\d
# \b(\d(?(?<=0)[\d\.,]+|[\d\.,]*))x(\d[\d\.,]*)\b: after a 0, at least one more digit.
_TIMES = _c(r"\b(0[\d.,]+|[1-9][\d.,]*)x(\d[\d.,]*)\b")
# Replace each & with &#038; unless it already looks like an entity.
_AMP = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", re.I | re.ASCII)
# '@\[/?([^<>&/\[\]\x00-\x20=]++)@' (possessive is moot: nothing follows the loop).
# WordPress's scans for shortcode names: '@\[([^<>&/\[\]\x00-\x20=]++)@' (do_shortcode)
# and '@\[/?([^<>&/\[\]\x00-\x20=]++)@' (wptexturize, closing tags too); possessive is
# moot, nothing follows the loop.
_TAG_NAME_SCANS = {
    False: re.compile(r"\[([^<>&/\[\]\x00-\x20=]+)"),
    True: re.compile(r"\[/?([^<>&/\[\]\x00-\x20=]+)"),
}
# What ends a name in those scans.
_TAGNAME_END = frozenset("<>&/[]=" + "".join(map(chr, range(0x21))))


def _tags_in(text: str, tags: tuple[str, ...], closing: bool = False) -> tuple[str, ...]:
    """The `tags`, in their order, that WordPress's scan for names captures in `text`
    (after "[", and after "[/" too with `closing`).

    With one or two tags (the usual case: the card alone) each is searched for, which
    is several times faster than capturing every name."""
    if "[" not in text:
        return ()
    if len(tags) > 2:
        found = set(_TAG_NAME_SCANS[closing].findall(text))
        return tuple(tag for tag in tags if tag in found)
    openings = ("[", "[/") if closing else ("[",)
    return tuple(tag for tag in tags if any(_tag_used(text, tag, o) for o in openings))


@lru_cache(maxsize=256)
def _whole_name(tag: str) -> bool:
    """Whether such a scan can capture `tag` whole."""
    return bool(tag) and not any(c in _TAGNAME_END for c in tag)


def _tag_used(text: str, tag: str, opening: str) -> bool:
    """Whether a scan for names after `opening` ("[" or "[/") captures `tag` in `text`:
    `opening + tag` followed by a character that ends names, or by nothing. (The scans'
    matches never cover a '[', so every occurrence counts.)"""
    if not _whole_name(tag):
        return False
    needle = opening + tag
    at = text.find(needle)
    while at != -1:
        after = at + len(needle)
        if after == len(text) or text[after] in _TAGNAME_END:
            return True
        at = text.find(needle, at + 1)
    return False


# The comment part of both split regexes: '!(?:-(?!->)[^\-]*+)*+(?:-->)?'. Nothing
# after it can fail (the end is optional), so the greedy first try is the match and the
# possessive quantifiers change nothing.
_COMMENT_REGEX = r"!(?:-(?!->)[^\-]*)*(?:-->)?"
# '<(?(?=!--)COMMENT|[^>]*>?)': the comment branch always succeeds once `!--` follows.
_HTML_REGEX = rf"<(?:(?=!--){_COMMENT_REGEX}|[^>]*>?)"


def _get_wptexturize_split_regex(shortcode_regex: str = "") -> str:
    """The regex (source) that splits text into HTML elements, comments and shortcodes."""
    if not shortcode_regex:
        return f"({_HTML_REGEX})"
    return f"({_HTML_REGEX}|{shortcode_regex})"


def _get_wptexturize_shortcode_regex(tagnames: Iterable[str]) -> str:
    """The regex (source) for the registered shortcodes `tagnames`, opening or closing."""
    tagregexp = "|".join(re.escape(tag) for tag in tagnames)
    # WordPress: (?:[^\[\]<>]+|<[^\[\]>]*>)*+ . Neither branch consumes a ']', so giving
    # characters back can never put a ']' next and backtracking cannot change the
    # result. It is unrolled to `text*(?:<tag>text*)*`: each run of text is one C-level
    # loop, and a failing match backtracks over each character once (linear).
    text = _none_of("[]<>")
    return (
        _wptexturize_shortcode_start(tagregexp)
        + f"{text}*(?:<{_none_of('[]>')}*>{text}*)*"  # No other shortcodes inside; HTML may be.
        r"\]"  # Find end of shortcode.
        r"\]?"  # Shortcodes may end with ]].
    )


def _wptexturize_shortcode_start(tagregexp: str) -> str:
    """The start of that regex, up to the name (`tagregexp`, an alternation) and its end."""
    tagregexp = rf"(?:{tagregexp})(?=[\s\]\/])"  # Excerpt of get_shortcode_regex().
    return (
        r"\["  # Find start of shortcode.
        r"[\/\[]?"  # Shortcodes may begin with [/ or [[.
        + tagregexp  # Only match registered shortcodes, because performance.
    )


@lru_cache(maxsize=64)
def _wptexturize_split_regex(tagnames: tuple[str, ...]) -> re.Pattern[str]:
    """The compiled split regex, per set of tag names (the reference of _split_at_starts)."""
    shortcode_regex = _get_wptexturize_shortcode_regex(tagnames) if tagnames else ""
    return _c(_get_wptexturize_split_regex(shortcode_regex))


class _TexturizeSplit:
    """The split regex's branches for one set of tag names, for _split_at_starts."""

    comment = _c(f"<{_COMMENT_REGEX}")

    def __init__(self, tagnames: tuple[str, ...]) -> None:
        self.tagnames = tagnames
        if tagnames:
            self.shortcode = _c(_get_wptexturize_shortcode_regex(tagnames))
            # The names factored, tested faster at each '[': the same matches, as the
            # lookahead after them leaves at most one name that can match at a place.
            self.shortcode_start = _c(_wptexturize_shortcode_start(_factored_alternation(tagnames)))


@lru_cache(maxsize=64)
def _texturize_split(tags: tuple[str, ...]) -> _TexturizeSplit:
    r"""The split for registered `tags`: those its shortcode branch can match.

    WordPress puts in its regex only the tags its scan for names finds in the text.
    Leaving the others in matches nothing more: where the regex matches a tag, its
    name ends at one of [\s\]/], which also end the scan's names, so the scan finds it
    there. A name holding such a character (the scan never finds it) is left out.
    """
    return _TexturizeSplit(tuple(tag for tag in dict.fromkeys(tags) if _whole_name(tag)))


def _split_at_starts(split: _TexturizeSplit, text: str) -> list[str]:
    r"""_wptexturize_split_regex(split.tagnames).split(text), faster.

    Every match of that regex starts with '<' or '['. Python's regex engine tries each
    character in turn (about 2 ns a character in Arabic text, as much as the rest of
    texturize); here the next '<' and '[' are found with str.find, and a branch is tried
    there only. The result is the same: a failed try moves on to the next start, as the
    scan would, and a match resumes after its end. (PCRE's JIT scans like str.find.)

    The branches, by str.find where that reads the same:

    * ``<(?:(?=!--)COMMENT|[^>]*>?)``: a comment by its regex, else up to the next '>'
      (or the end).
    * the shortcode regex: its start (``[``, tag name) by regex; then its body
      ``[^\[\]<>]*(?:<[^\[\]>]*>[^\[\]<>]*)*`` never holds a ']', so it ends at the
      first ']' after the name, and holds no '['. A body with neither '<' nor '>' is
      then a match; one with either is left to the regex. Each body is read once (the
      next try starts after the '[' that ended it, or after its ']'), and once there is
      no ']' left no later start can match.

    (_speedups.texturize_split reads the same in C, one character at a time.)
    """
    parts: list[str] = []
    find = text.find
    tagnames = split.tagnames
    if tagnames:
        start_match = split.shortcode_start.match
        shortcode_match = split.shortcode.match
    comment_match = split.comment.match
    n = len(text)
    pos = done = 0
    lt = find("<")
    sq = find("[") if tagnames else -1
    close = -2  # the first ']' at or after the last name's end, -1 for none, -2 unknown
    while lt >= 0 or sq >= 0:
        if sq < 0 or 0 <= lt < sq:
            at = lt
            if text.startswith("!--", at + 1):
                m = comment_match(text, at)  # always matches (to the end, unclosed)
                end = m.end() if m else n
            else:
                end = find(">", at + 1)
                end = n if end < 0 else end + 1
        else:
            at = sq
            end = -1
            m = start_match(text, at) if close != -1 else None
            if m is not None:
                body = m.end()
                if close < body:
                    close = find("]", body)
                if close >= 0 and find("[", body, close) < 0:
                    if find("<", body, close) < 0 and find(">", body, close) < 0:
                        end = close + 2 if text.startswith("]", close + 1) else close + 1
                    else:
                        full = shortcode_match(text, at)
                        end = -1 if full is None else full.end()
        if end >= 0:
            parts += (text[done:at], text[at:end])
            done = pos = end
        else:
            pos = at + 1
        if lt >= 0 and lt < pos:
            lt = find("<", pos)
        if sq >= 0 and sq < pos:
            sq = find("[", pos)
    parts.append(text[done:])
    return parts


def wptexturize(text: str, tags: Iterable[str] = ()) -> str:
    """WordPress's smart quotes, apostrophes, primes, dashes, ellipses, (tm) and 9x9 (×).

    Left alone: <pre>/<code>/<kbd>/<style>/<script>/<tt> content, HTML comments, the tags
    of registered shortcodes `tags` ([code] content too); in HTML tags only & is encoded.
    """
    # If there's nothing to do, just stop. (PHP's empty() is also true for "0".)
    if not text or text == "0":
        return text

    no_texturize_tags = _DEFAULT_NO_TEXTURIZE_TAGS
    no_texturize_shortcodes = _DEFAULT_NO_TEXTURIZE_SHORTCODES
    no_texturize_tags_stack: list[str] = []
    no_texturize_shortcodes_stack: list[str] = []

    # Look for shortcodes and HTML elements.
    split = _texturize_split(tags if isinstance(tags, tuple) else tuple(tags))

    # PREG_SPLIT_DELIM_CAPTURE: text at even indexes, delimiters at odd ones. WordPress
    # also drops empty parts (PREG_SPLIT_NO_EMPTY) and then tells a delimiter by its
    # first character, a shortcode by matching the shortcode regex again. The index
    # says the same: text never starts with "<" (that would be an element), and text
    # never matches the shortcode regex from its start (that would have been split off).
    if _speedups is not None:
        textarr = _speedups.texturize_split(text, split.tagnames)
        chars_in = _speedups.chars_in
    else:
        textarr = _split_at_starts(split, text)
        chars_in = _chars_in

    # Text at even indexes, each followed by its delimiter.
    last = len(textarr) - 1
    for i in range(0, len(textarr), 2):
        curl = textarr[i]
        if (
            curl
            and not no_texturize_shortcodes_stack
            and not no_texturize_tags_stack
            # A newline between delimiters. Performance improves when we check this.
            and curl.strip(_PHP_TRIM) != ""
            # (Without any character a step looks for, no step changes the text.)
            and (found := chars_in(curl, _TEXTURIZE_CHARS))
        ):
            # This is neither a delimiter, nor is this content inside of no_texturize
            # pairs. Do texturize. (str_replace() with arrays: one pair after another.)
            for search, replace, gate in _STATIC_PUNCTUATION:
                if found & gate and search in curl:
                    curl = curl.replace(search, replace)
            if found & _HAS_APOS and _COCKNEY_TEST.search(curl):
                for search, replace in _COCKNEY_PAIRS:
                    if search in curl:
                        curl = curl.replace(search, replace)

            if found & _HAS_APOS and "'" in curl:
                curl = _apply_dynamic(_DYNAMIC_APOS, curl)
                curl = wptexturize_primes(curl, "'", _PRIME, _OPEN_SQ_FLAG, _CLOSING_SINGLE_QUOTE)
                curl = curl.replace(_APOS_FLAG, _APOS)
                curl = curl.replace(_OPEN_SQ_FLAG, _OPENING_SINGLE_QUOTE)
            if found & _HAS_QUOTE and '"' in curl:
                curl = _apply_dynamic(_DYNAMIC_QUOTE, curl)
                curl = wptexturize_primes(curl, '"', _DOUBLE_PRIME, _OPEN_Q_FLAG, _CLOSING_QUOTE)
                curl = curl.replace(_OPEN_Q_FLAG, _OPENING_QUOTE)
            if found & _HAS_DASH:
                # (Without "--" only the last can match: one slow search, not three.)
                curl = _apply_dynamic(_DYNAMIC_DASH if "--" in curl else _DYNAMIC_DASH[-1:], curl)

            # 9x9 (times), but never 0x9999.
            if found & _HAS_X and _TIMES_TEST.search(curl):
                curl = _TIMES.sub(r"\g<1>&#215;\g<2>", curl)

            # Replace each & with &#038; unless it already looks like an entity.
            if (found & _HAS_AMP or curl is not textarr[i]) and "&" in curl:
                curl = _AMP.sub("&#038;", curl)
            textarr[i] = curl

        if i == last:
            break
        # Only call _wptexturize_pushpop_element if curl is a delimiter.
        curl = textarr[i + 1]
        if curl[0] == "<":
            # An HTML element; an HTML comment is left as it is (and never starts
            # a disabled element).
            if "&" in curl and not curl.startswith("<!--"):
                textarr[i + 1] = _AMP.sub("&#038;", curl)
            if curl.startswith(_NO_TEXTURIZE_TAG_STARTS):
                _wptexturize_pushpop_element(curl, no_texturize_tags_stack, no_texturize_tags)
        elif not curl.startswith("[[") and not curl.endswith("]]"):
            # This is a shortcode delimiter that looks like a normal shortcode
            # (an escaped one is left alone).
            if curl.startswith(_NO_TEXTURIZE_SHORTCODE_STARTS):
                _wptexturize_pushpop_element(
                    curl, no_texturize_shortcodes_stack, no_texturize_shortcodes
                )

    return "".join(textarr)


def _apply_dynamic(dynamic: list[tuple[str, re.Pattern[str], str]], curl: str) -> str:
    """preg_replace() with arrays of patterns: each one on the result of the last."""
    for literal, pattern, replacement in dynamic:
        if literal in curl:
            curl = pattern.sub(replacement, curl)
    return curl


_PRIME_OR_QUOTE_FLAG = "<!--wp-prime-or-quote-->"


@lru_cache(maxsize=8)
def _wptexturize_primes_regexes(needle: str) -> tuple[re.Pattern[str], ...]:
    quoted = re.escape(needle)
    return (
        _c(rf"{quoted}{_CLOSER}"),  # $quote_pattern
        _c(_after(needle, r"\d")),  # $prime_pattern: (?<=\d)NEEDLE
        _c(_after(_PRIME_OR_QUOTE_FLAG, r"\d")),  # $flag_after_digit: (?<=\d)FLAG
        _c(_not_after(_PRIME_OR_QUOTE_FLAG, r"\d")),  # $flag_no_digit: (?<!\d)FLAG
    )


def wptexturize_primes(
    haystack: str, needle: str, prime: str, open_quote: str, close_quote: str
) -> str:
    """Turn each `needle` after a digit into `prime` (9′) or `close_quote`, as WordPress does.

    Opening quotes must already have been replaced by `open_quote`.
    """
    quote_pattern, prime_pattern, flag_after_digit, flag_no_digit = _wptexturize_primes_regexes(
        needle
    )
    flag = _PRIME_OR_QUOTE_FLAG

    sentences = haystack.split(open_quote)

    for key, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        elif key != 0 and sentence.count(close_quote) == 0:
            sentence, count = quote_pattern.subn(flag, sentence)
            if count > 1:
                # This sentence appears to have multiple closing quotes. Attempt Vulcan logic.
                sentence, count2 = flag_no_digit.subn(close_quote, sentence)
                if count2 == 0:
                    # Try looking for a quote followed by a period.
                    count2 = sentence.count(f"{flag}.")
                    if count2 > 0:
                        # Assume the rightmost quote-period match is the end of quotation.
                        pos = sentence.rfind(f"{flag}.")
                    else:
                        # When all else fails, make the rightmost candidate a closing quote.
                        # This is most likely to be problematic in the context of bug #18549.
                        pos = sentence.rfind(flag)
                    sentence = sentence[:pos] + close_quote + sentence[pos + len(flag) :]
                # Use conventional replacement on any remaining primes and quotes.
                sentence = prime_pattern.sub(prime, sentence)
                sentence = flag_after_digit.sub(prime, sentence)
                sentence = sentence.replace(flag, close_quote)
            elif count == 1:
                # Found only one closing quote candidate, so give it priority over primes.
                sentence = sentence.replace(flag, close_quote)
                sentence = prime_pattern.sub(prime, sentence)
            else:
                # No closing quotes found. Just run primes pattern.
                sentence = prime_pattern.sub(prime, sentence)
        else:
            sentence = prime_pattern.sub(prime, sentence)
            sentence = quote_pattern.sub(close_quote, sentence)
        if needle == '"' and '"' in sentence:
            sentence = sentence.replace('"', close_quote)
        sentences[key] = sentence

    return open_quote.join(sentences)


def _php_substr(string: str, offset: int, length: int) -> str:
    """PHP's substr() for a non-negative offset; a negative length stops before the end."""
    if length < 0:
        return string[offset : max(offset, len(string) + length)]
    return string[offset : offset + length]


def _wptexturize_pushpop_element(
    text: str, stack: list[str], disabled_elements: Iterable[str]
) -> None:
    """Push a disabled element (like <pre> or [code]) on its opening tag, pop on its closing.

    `text` must be a tag like ``<html>`` or ``[shortcode]``: first char opening, last char
    closing, and an optional '/' second.
    """
    # Is it an opening tag or closing tag?
    if len(text) > 1 and text[1] != "/":
        opening_tag = True
        name_offset = 1
    elif not stack:
        # Stack is empty. Just stop.
        return
    else:
        opening_tag = False
        name_offset = 2

    # Parse out the tag name.
    space = text.find(" ")
    if space != -1:
        space -= name_offset
    tag = _php_substr(text, name_offset, space)

    # Handle disabled tags.
    if tag in disabled_elements:
        if opening_tag:
            # This disables texturize until we find a closing tag of our type (e.g. <pre>)
            # even if there was invalid nesting before that.
            stack.append(tag)
        elif stack[-1] == tag:
            stack.pop()


# --- wpautop --------------------------------------------------------------------------


def _factored_alternation(words: Iterable[str]) -> str:
    """``(?:word|word|...)`` with shared prefixes factored out: ``d(?:iv|[dlt])``.

    The same language, but Python's engine tries the branches of an alternation one by
    one, so a tree of them is tested faster at each of the many ``<`` of a post. Which
    branch matches cannot change a match here: each use is followed by a character
    that cannot continue a name, or by ``[^>]*>``, which takes the rest of the tag.
    """
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[:1], []).append(word[1:])
    optional = groups.pop("", None) is not None
    single = sorted(first for first, rests in groups.items() if rests == [""])
    branches = [
        re.escape(first + rests[0])
        if len(rests) == 1
        else re.escape(first) + _factored_alternation(rests)
        for first, rests in groups.items()
        if rests != [""]
    ]
    if single:
        single = [re.escape(c) for c in single]
        branches.append(single[0] if len(single) == 1 else "[" + "".join(single) + "]")
    return "(?:" + "|".join(branches) + ")" + ("?" if optional else "")


# WordPress 7.1's list. `math` is not a block any more (it is phrasing content); its
# newlines are preserved like those of <script>, <style> and <svg> instead.
# '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre
# |form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article
# |aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)'
_ALLBLOCK_NAMES = (
    *"table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre".split(),
    *"form map area blockquote address style p h1 h2 h3 h4 h5 h6 hr fieldset legend".split(),
    *"section article aside hgroup header footer nav figure figcaption details menu".split(),
    "summary",
)
_ALLBLOCKS = _factored_alternation(_ALLBLOCK_NAMES)


# PCRE's \s without the u flag (and ours with re.ASCII): the ASCII whitespace.
_PCRE_SPACES = " \t\n\r\x0b\x0c"


def _collapse_spaces(
    element: re.Pattern[str], text: str, after: bool = False, start: re.Pattern[str] | None = None
) -> str:
    r"""preg_replace('/\s*(element)/', '$1', text), or '/\s*(element)\s*/' if `after`.

    A regex starting with \s* is tried at every position and scans a run of whitespace
    again from each of its characters (quadratic on a long run). Splitting on the element
    and stripping the text around each one gives the same result in linear time: every
    element here starts and ends with a non-space, so a match is one element and the
    whitespace next to it, up to the previous match.
    """
    parts = element.split(text) if start is None else _tag_split(element, start, text)
    last = len(parts) - 1
    if last == 0:
        return text
    for i in range(0, last + 1, 2):
        part = parts[i]
        if i < last:
            part = part.rstrip(_PCRE_SPACES)
        if after and i > 0:
            part = part.lstrip(_PCRE_SPACES)
        parts[i] = part
    return "".join(parts)


# The template "\1": Python 3.10 and 3.11 expand a template with a group reference in
# Python code for every match, this does the same in C.
_group1 = operator.itemgetter(1)


def _group1_blank_line(match: re.Match[str]) -> str:
    r"""The template "\1\n\n"."""
    return match[1] + "\n\n"


def _tag_matches(
    pattern: re.Pattern[str], start: re.Pattern[str], text: str, stops: str = ">"
) -> Iterator[re.Match[str]]:
    """pattern.finditer(text), in linear time, for a pattern that reads `start` (no
    character of `stops` in it), then anything up to the first character of `stops`,
    then goes on from there whatever the start was.

    Such patterns (`<div[^>]*>…`) scan from every tag start to the next '>': many
    starts before one '>' ("<div<div<div…") make that quadratic. Every start before
    the same '>' reaches it, and what follows is the same, so once one start fails
    there, the others before that '>' are skipped.
    """
    search = 0
    while (s := start.search(text, search)) is not None:
        m = pattern.match(text, s.start())
        if m is not None:
            yield m
            search = m.end()
            continue
        found = [i for i in (text.find(c, s.end()) for c in stops) if i >= 0]
        if not found:
            return  # no stop after this start, so none after the later ones either
        search = min(found) + 1


# A tag start with another one before the next stop: only then can the scans of
# _tag_matches's patterns from different starts overlap (by the stops they use).
_STARTS_BEFORE_STOP = {
    ">": re.compile(r"<[^<>]*<"),
    ">]": re.compile(r"[<\[][^<>\[\]]*[<\[]"),
}


def _tag_sub(
    pattern: re.Pattern[str],
    start: re.Pattern[str],
    repl: Callable[[re.Match[str]], str],
    text: str,
    stops: str = ">",
    overlap: bool | None = None,
) -> str:
    """pattern.sub(repl, text) (repl a function), linear as in _tag_matches.
    `overlap`: whether _STARTS_BEFORE_STOP[stops] finds something in `text`, if known
    (a guess only chooses the way, never the result)."""
    if overlap is None:
        overlap = _STARTS_BEFORE_STOP[stops].search(text) is not None
    if not overlap:
        return pattern.sub(repl, text)  # the scans cannot overlap: already linear
    out: list[str] = []
    pos = 0
    for m in _tag_matches(pattern, start, text, stops):
        out += (text[pos : m.start()], repl(m))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _tag_split(pattern: re.Pattern[str], start: re.Pattern[str], text: str) -> list[str]:
    """pattern.split(text) for a pattern whose one group is the whole match, linear
    as in _tag_matches."""
    if not _STARTS_BEFORE_STOP[">"].search(text):
        return pattern.split(text)
    parts: list[str] = []
    pos = 0
    for m in _tag_matches(pattern, start, text):
        parts += (text[pos : m.start()], m[1])
        pos = m.end()
    parts.append(text[pos:])
    return parts


def _preserve_newlines(text: str) -> str:
    """preg_replace_callback('/<(script|style|svg|math).*?</\\1>/s', …): the newlines
    of each such element made placeholders. The first closing tag after each start is
    found with one search per name: once a name has none left, its later starts are
    passed over (the regex would scan to the end from each)."""
    out: list[str] = []
    pos = search = 0
    closed: set[str] = set()  # names with no closing tag after the search position
    while (m := _RAW_TEXT_START.search(text, search)) is not None:
        name = m[1]
        end = -1 if name in closed else text.find(f"</{name}>", m.end())
        if end < 0:
            closed.add(name)
            search = m.start() + 1
            continue
        end += len(name) + 3
        out += (text[pos : m.start()], text[m.start() : end].replace("\n", "<WPPreserveNewline />"))
        pos = search = end
    out.append(text[pos:])
    return "".join(out)


_RAW_TEXT_START = re.compile(r"<(script|style|svg|math)", re.ASCII)


class _Autop:
    """wpautop's regexes, compiled once (names follow the comments in the PHP)."""

    br_br = _c(r"<br\s*/?>\s*<br\s*/?>")
    # '(<ALLBLOCKS[\s/>])' replaced with "\n\n$1": the same, as a lookahead.
    block_open = _c(rf"<(?={_ALLBLOCKS}[\s/>])")
    block_close = _c(rf"(</{_ALLBLOCKS}>)")
    hr = _c(r"(<hr\s*?/?>)")
    # Elements whose whitespace before (and after) is collapsed by _collapse_spaces.
    option = _c(r"(<option)")
    option_after = _c(r"</option>\s*")
    object_open = _c(r"(<object[^>]*>)\s*")
    object_close = _c(r"(</object>)")
    param_embed = _c(r"(</?(?:param|embed)[^>]*>)")
    audio_video_open = _c(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*")
    audio_video_close = _c(r"([<\[]/(?:audio|video)[>\]])")
    source_track = _c(r"(<(?:source|track)[^>]*>)")
    figcaption_open = _c(r"(<figcaption[^>]*>)")
    figcaption_close = _c(r"</figcaption>\s*")
    many_newlines = _c(r"\n\n+")
    paragraph_split = _c(r"\n\s*\n")
    empty_p = _c(r"<p>\s*</p>")
    missing_close_p = _c(r"<p>([^<]+)</(div|address|form)>")
    p_around_block = _c(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>")
    p_blockquote = re.compile(r"<p><blockquote([^>]*)>", re.I | re.ASCII)
    p_before_block = _c(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)")
    block_before_p_close = _c(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>")
    # '|(?<!<br />)\s*\n|'. Python's engine cannot skip ahead to a pattern that may
    # start with nothing, so it is written to start with the whitespace character it
    # must start with: the same matches (a run of whitespace, from its first character
    # not preceded by "<br />", to its last newline). It starts only where a run does,
    # or one character later after "<br />" (the only other places a match can start),
    # so a long run without a newline is not scanned again from each of its characters.
    newline_to_br = _c(r"\s(?:(?<!\s\s)|(?<=<br />\s\s))(?<!<br />\s)(?:\s*\n|(?<=\n))")
    # The same where no newline has whitespace next to it (the usual case): every run
    # of whitespace with a newline is then that newline alone.
    newline_next_to_space = _c(r"\n(?:(?<=\s\n)|(?=\s))")
    lone_newline_to_br = _c(r"\n(?<!<br />\n)")
    br_after_block = _c(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />")
    br_before_block = _c(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)")
    # Where the matches of those scanning '[^>]*' from a tag start begin (_tag_sub).
    block_start = _c(rf"</?{_ALLBLOCKS}")
    object_start = _c(r"<object")
    param_embed_start = _c(r"</?(?:param|embed)")
    audio_video_start = _c(r"[<\[](?:audio|video)")
    source_track_start = _c(r"<(?:source|track)")
    figcaption_start = _c(r"<figcaption")


# The tags wpautop looks for before a step, found in one pass (a search for several
# characters is slow in non-Latin text: one each would cost ~1 µs per kilobyte). Each
# is the literal WordPress looks for, after its '<' ("br" for "<br", "/div>" for
# "</div>"); "li" and the blockquotes (any case, as p_blockquote) only let through a
# step that still looks for its own text.
_AUTOP_PROBE = re.compile(
    r"<((?i:blockquote)|/(?i:blockquote)|br|hr|option|/object>|source|track|figcaption"
    r"|/div>|/address>|/form>|script|style|svg|math|li|p>)",
    re.ASCII,
)
_RAW_TEXT_TAGS = frozenset(("script", "style", "svg", "math"))
# How a paragraph starts for '<p>\s*</p>' to match at the "<p>" before it (or it is "").
_EMPTY_P_STARTS = frozenset((*" \t\n\r\x0b\x0c<", ""))


# From a '<' to the next '>': where wp_html_split's elements are, when the text has no
# comment or CDATA section (those may hold a '>').
# (Written "<[^<>\n]*\n": the same answer as "<[^>]*\n" (the last '<' before such a
# newline is followed by one too), without scanning a run of '<'s again from each.)
_NEWLINE_IN_TAG = re.compile(r"<[^<>\n]*\n")


def _newline_in_element(text: str) -> bool:
    """Whether an element of wp_html_split(text) may hold a newline (exact without
    comments and CDATA sections: every '<' is inside an element that runs to the next
    '>', so a newline before that '>' is inside an element, and only such a one is)."""
    return "<!--" in text or "<![CDATA[" in text or _NEWLINE_IN_TAG.search(text) is not None


def _unwrap_li(text: str) -> str:
    """preg_replace('|<p>(<li.+?)</p>|', '$1', text), in linear time.

    The regex scans from each "<p><li" to the first "</p>" at least one character
    later on the same line ('.' stops at a newline); once that scan finds none, the
    later "<p><li" of the line cannot find one either, so the search resumes on the
    next line instead of scanning the line again from each of them.
    """
    pieces = []
    done = search = 0
    while (start := text.find("<p><li", search)) != -1:
        line_end = text.find("\n", start)
        if line_end == -1:
            line_end = len(text)
        close = text.find("</p>", start + 7, line_end)
        if close == -1:
            search = line_end
            continue
        pieces += (text[done:start], text[start + 3 : close])
        done = search = close + 4
    pieces.append(text[done:])
    return "".join(pieces)


def _autop_plain(paragraphs: list[str]) -> str | None:
    """The rest of wpautop (with `br`) for paragraphs of a text without '<', if no line
    break in them has a space next to it (else None, for the steps themselves).

    The text is then "<p>P</p>\n" for each paragraph P: its only tags those <p> and
    </p>, its line breaks alone. The line breaks after a "</p>" get a <br /> that the
    next step takes away again (a block tag before it); the others, inside the
    paragraphs, keep theirs: what follows them is the paragraph's text or its "</p>"...
    which the step after removes a <br /> before, but a paragraph ends with no line
    break (they were stripped). Nothing else in the steps after can match.
    """
    with_breaks = [p for p in paragraphs if "\n" in p]
    if any(_Autop.newline_next_to_space.search(p) for p in with_breaks):
        return None
    if with_breaks:
        paragraphs = [p.replace("\n", "<br />\n") if "\n" in p else p for p in paragraphs]
    return "<p>" + "</p>\n<p>".join(paragraphs) + "</p>\n"


def wpautop(text: str, br: bool = True) -> str:
    """Replace double line breaks with paragraphs, as WordPress does (block elements unwrapped).

    Remaining single line breaks become ``<br />`` unless `br` is false; <pre> content
    and newlines inside HTML tags are kept. Whitespace-only input gives ``""``.
    """
    R = _Autop
    pre_tags: dict[str, str] = {}

    if text.strip(_PHP_TRIM) == "":
        return ""

    # Just to make things a little easier, pad the end.
    text = text + "\n"

    # Below, a regex whose match needs a literal ("<br", "<", …) is skipped when that
    # literal is absent: the same result, faster. (Placeholders keep a '<' where one was.)
    has_tags = "<" in text

    # Pre tags shouldn't be touched by autop.
    # Replace pre tags with placeholders and bring them back after autop.
    if has_tags and "<pre" in text:
        text_parts = text.split("</pre>")
        last_part = text_parts.pop()
        text = ""
        i = 0

        for text_part in text_parts:
            start = text_part.find("<pre")

            # Malformed HTML?
            if start == -1:
                text += text_part
                continue

            name = f"<pre wp-pre-tag-{i}></pre>"
            pre_tags[name] = text_part[start:] + "</pre>"

            text += text_part[:start] + name
            i += 1

        text += last_part

    # The tags below: no step adds one, so what the text has now is enough to know.
    # (Lower case: only a blockquote can be captured in another.)
    tags = {name.lower() for name in _AUTOP_PROBE.findall(text)} if has_tags else set()

    # Change multiple <br>'s into two line breaks, which will turn into paragraphs.
    if "br" in tags:
        text = R.br_br.sub("\n\n", text)

    if has_tags:
        # Add a double line break above block-level opening tags.
        text = R.block_open.sub("\n\n<", text)

        # Add a double line break below block-level closing tags.
        text = R.block_close.sub(_group1_blank_line, text)

        # Add a double line break after hr tags, which are self closing.
        if "hr" in tags:
            text = R.hr.sub(_group1_blank_line, text)

    # Standardize newline characters to "\n".
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")

    if has_tags:
        # Find newlines in all elements and add placeholders.
        if _newline_in_element(text):
            text = wp_replace_in_html_tags(text, {"\n": " <!-- wpnl --> "})

        # Collapse line breaks before and after <option> elements so they don't get autop'd.
        if "option" in tags:
            text = _collapse_spaces(R.option, text)
            text = R.option_after.sub("</option>", text)

        # Collapse line breaks inside <object> elements, before <param> and <embed> elements
        # so they don't get autop'd.
        if "/object>" in tags:
            text = _tag_sub(R.object_open, R.object_start, _group1, text)
            text = _collapse_spaces(R.object_close, text)
            text = _collapse_spaces(R.param_embed, text, after=True, start=R.param_embed_start)

        # Collapse line breaks inside <audio> and <video> elements,
        # before and after <source> and <track> elements.
        if "source" in tags or "track" in tags:
            text = _tag_sub(R.audio_video_open, R.audio_video_start, _group1, text, ">]")
            text = _collapse_spaces(R.audio_video_close, text)
            text = _collapse_spaces(R.source_track, text, after=True, start=R.source_track_start)

        # Collapse line breaks before and after <figcaption> elements.
        if "figcaption" in tags:
            text = _collapse_spaces(R.figcaption_open, text, start=R.figcaption_start)
            text = R.figcaption_close.sub("</figcaption>", text)

    # Remove more than two contiguous line breaks. (Left out: the split below takes
    # each run of whitespace holding two line breaks or more whole, from its first line
    # break to its last, so fewer line breaks inside a run give the same paragraphs.)

    # Split up the contents into an array of strings, separated by double line breaks.
    # (PREG_SPLIT_NO_EMPTY, and each stripped of line breaks for the rebuild.)
    paragraphs = [p.strip("\n") for p in R.paragraph_split.split(text) if p]

    # Rebuild the content as a string, wrapping every bit with a <p>.
    if paragraphs:
        text = "<p>" + "</p>\n<p>".join(paragraphs) + "</p>\n"
    else:
        text = ""

    # Under certain strange conditions it could create a P of entirely whitespace.
    # ('<p>\s*</p>': its "<p>" is one of the text's, or one just added before a
    # paragraph, which must then start with a space or "</p>", or be empty.)
    if "p>" in tags or any(p[:1] in _EMPTY_P_STARTS for p in paragraphs):
        text = R.empty_p.sub("", text)
    elif not has_tags and br and paragraphs:
        plain = _autop_plain(paragraphs)
        if plain is not None:
            return plain

    # Without tags in the input, the text now holds only the <p> and </p> just added
    # around paragraphs with something in them: none of these steps can match.
    overlap = False  # (see below)
    if has_tags:
        # Add a closing <p> inside <div>, <address>, or <form> tag if missing.
        if "/div>" in tags or "/address>" in tags or "/form>" in tags:
            text = R.missing_close_p.sub("<p>\\1</p></\\2>", text)

        # If an opening or closing block element tag is wrapped in a <p>, unwrap it.
        text = R.p_around_block.sub(_group1, text)

        # In some cases <li> may get wrapped in <p>, fix them.
        if "li" in tags and "<p><li" in text:
            text = _unwrap_li(text)

        # If a <blockquote> is wrapped with a <p>, move it inside the <blockquote>.
        if "blockquote" in tags:
            text = R.p_blockquote.sub("<blockquote\\1><p>", text)
        if "/blockquote" in tags:
            text = text.replace("</blockquote></p>", "</p></blockquote>")

        # If an opening or closing block element tag is preceded by an opening <p> tag, remove it.
        text = R.p_before_block.sub(_group1, text)

        # If an opening or closing block element tag is followed by a closing <p> tag, remove it.
        # Whether starts may pile up before a '>': adding or removing whole tags, as
        # the steps from here on do, does not change that.
        overlap = _STARTS_BEFORE_STOP[">"].search(text) is not None
        text = _tag_sub(R.block_before_p_close, R.block_start, _group1, text, overlap=overlap)

    # Optionally insert line breaks.
    if br:
        if has_tags:
            # Replace newlines that shouldn't be touched with a placeholder.
            if tags & _RAW_TEXT_TAGS:
                text = _preserve_newlines(text)

            # Normalize <br>
            if "br" in tags:
                text = text.replace("<br>", "<br />").replace("<br/>", "<br />")

        # Replace any new line characters that aren't preceded by a <br /> with a <br />.
        if R.newline_next_to_space.search(text):
            text = R.newline_to_br.sub("<br />\n", text)
        elif "br" in tags:
            text = R.lone_newline_to_br.sub("<br />\n", text)
        else:  # no "<br />" before any: each newline alone
            text = text.replace("\n", "<br />\n")

        # Replace newline placeholders with newlines.
        if has_tags:
            text = text.replace("<WPPreserveNewline />", "\n")

    # If a <br /> tag is after an opening or closing block tag, remove it.
    if "<br />" in text:
        text = _tag_sub(R.br_after_block, R.block_start, _group1, text, overlap=overlap)

    # If a <br /> tag is before a subset of opening or closing block tags, remove it.
    text = R.br_before_block.sub(_group1, text)
    # '|\n</p>$|' to '</p>' ($ is the end, or before a newline that ends the text).
    if text.endswith("\n</p>"):
        text = text[:-5] + "</p>"
    elif text.endswith("\n</p>\n"):
        text = text[:-6] + "</p>\n"

    # Replace placeholder <pre> tags with their original content.
    for name, original in pre_tags.items():
        text = text.replace(name, original)

    # Restore newlines in all elements.
    if has_tags and "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")

    return text


# --- wp_html_split, get_html_split_regex, wp_replace_in_html_tags ----------------------

# '!\[CDATA\[[^\]]*+(?:](?!]>)[^\]]*+)*+(?:]]>)?': like the comment regex, its end is
# optional, so the greedy first try is the match and possessiveness changes nothing.
_CDATA_REGEX = r"!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*(?:\]\]>)?"

# '/(<(?(?=!--|!\[CDATA\[)(?(?=!-)COMMENTS|CDATA)|[^>]*>?))/': once the test of a
# conditional passes, its branch cannot fail, so a plain alternation is the same.
_HTML_SPLIT_REGEX = (
    "("  # Capture the entire match.
    "<"  # Find start of element.
    "(?:"
    f"(?=!--){_COMMENT_REGEX}"  # An escaped element: a comment ...
    f"|(?=!\\[CDATA\\[){_CDATA_REGEX}"  # ... or CDATA.
    "|[^>]*>?"  # ...else find end of normal element.
    ")"
    ")"
)
_HTML_SPLIT = _c(_HTML_SPLIT_REGEX)


def get_html_split_regex() -> str:
    """Python regex source equivalent to WordPress's get_html_split_regex() (one group)."""
    return _HTML_SPLIT_REGEX


def wp_html_split(input: str) -> list[str]:
    """Split HTML into text (even indexes) and elements, comments or CDATA (odd indexes).

    Like ``preg_split(get_html_split_regex(), $input, -1, PREG_SPLIT_DELIM_CAPTURE)``.
    """
    return _HTML_SPLIT.split(input)


def wp_replace_in_html_tags(haystack: str, replace_pairs: Mapping[str, str]) -> str:
    """Replace characters or phrases within HTML elements only (strtr() semantics)."""
    # Find all elements.
    textarr = wp_html_split(haystack)
    changed = False

    # Optimize when searching for one item.
    if len(replace_pairs) == 1:
        # Extract needle and replace.
        ((needle, replace),) = replace_pairs.items()

        # Loop through delimiters (elements) only.
        for i in range(1, len(textarr), 2):
            if needle in textarr[i]:
                if needle:  # PHP 8's str_replace() ignores an empty search string.
                    textarr[i] = textarr[i].replace(needle, replace)
                changed = True
    else:
        # Extract all needles.
        needles = list(replace_pairs)

        # Loop through delimiters (elements) only.
        for i in range(1, len(textarr), 2):
            for needle in needles:
                if needle in textarr[i]:
                    textarr[i] = _strtr(textarr[i], replace_pairs)
                    changed = True
                    # After one strtr() break out of the loop and look at next element.
                    break

    if changed:
        haystack = "".join(textarr)

    return haystack


def _strtr(string: str, replace_pairs: Mapping[str, str]) -> str:
    """PHP's strtr() with an array: longest key first, one pass, "" keys ignored."""
    keys = sorted((key for key in replace_pairs if key), key=len, reverse=True)
    if not keys:
        return string
    return re.sub("|".join(map(re.escape, keys)), lambda m: replace_pairs[m[0]], string)


# --- shortcode_unautop ----------------------------------------------------------------


# Inside the opening shortcode tag, up to its end, then optionally anything up to the
# closing tag.
_UNAUTOP_INSIDE_TAG = (
    # Unroll the loop: Inside the opening shortcode tag.
    _none_of("]/")  # Not a closing bracket or forward slash.
    + r"*"
    r"(?:"
    r"\/(?!\])"  # A forward slash not followed by a closing bracket.
    + _none_of("]/")  # Not a closing bracket or forward slash.
    + r"*"
    r")*?"
    r"(?:"
    r"\/\]"  # Self closing tag and closing bracket.
    r"|"
    r"\]"  # Closing bracket.
    r"(?:"  # Unroll the loop: Optionally, anything between the opening and closing tags.
    r"(?=(?P<body>"  # (Atomic, as WordPress's possessive loops.)
    r"[^\[]*"  # Not an opening bracket.
    r"(?:"
    r"\[(?!\/\2\])"  # An opening bracket not followed by the closing shortcode tag.
    r"[^\[]*"  # Not an opening bracket.
    r")*"
    r"))(?P=body)"
    r"\[\/\2\]"  # Closing shortcode tag.
    r")?"
    r")"
)
# Without the enclosing part, both ends of the tag ("/]" and "]") end at the first ']'
# after the name, and the loops before them take every other character: the same
# match, read by one loop of a single excluded character (much faster than a class).
_UNAUTOP_INSIDE_TAG_UP_TO_BRACKET = r"[^\]]*\]"


@lru_cache(maxsize=64)
def _shortcode_unautop_regex(tags: tuple[str, ...], enclosing: bool = True) -> re.Pattern[str]:
    """WordPress's pattern for `tags`; without its enclosing-shortcode part if not `enclosing`.

    That part can only match where a closing tag "[/" occurs; without one, leaving it out
    spares the scan it makes to the end of the text after every self-closing shortcode.
    """
    tagregexp = "|".join(re.escape(tag) for tag in tags)
    # WordPress's pattern. Its possessive loops:
    # - (?:$spaces)*+ before '\[' and before '<\/p>' are written as plain loops: a space
    #   never starts with '[' or '<', so giving one back can never let the next token match;
    # - [^\[]*+(?:\[(?!\/\2\])[^\[]*+)*+ before '\[\/\2\]' is made atomic the Python 3.10
    #   way, (?=(?P<body>...))(?P=body): a lookahead is never re-entered. Backtracking
    #   could not find an earlier closing tag anyway (the loop stops at the first one),
    #   but without a closing tag it would retry every character back to the shortcode.
    #   The named group comes after groups 1 and 2, so their numbers are WordPress's.
    return _c(
        "<p>"  # Opening paragraph.
        rf"(?:{_SPACES})*"  # Optional leading whitespace.
        "("  # 1: The shortcode.
        r"\["  # Opening bracket.
        f"({tagregexp})"  # 2: Shortcode name.
        r"(?![\w-])"  # Not followed by word character or hyphen.
        + (_UNAUTOP_INSIDE_TAG if enclosing else _UNAUTOP_INSIDE_TAG_UP_TO_BRACKET)
        + ")"
        rf"(?:{_SPACES})*"  # Optional trailing whitespace.
        "</p>"  # Closing paragraph.
    )


def shortcode_unautop(text: str, tags: Iterable[str] = ()) -> str:
    """Unwrap registered shortcodes `tags` that stand alone in a paragraph (``<p>[x]</p>``).

    With no registered tags the text is returned unchanged, as in WordPress.
    """
    tags = _unique(tags if isinstance(tags, tuple) else tuple(tags))
    if not tags:
        return text
    if _speedups is not None and (unwrapped := _speedups.unautop(text, tags)) is not None:
        return unwrapped  # (a text with no "[/", read in C as below)
    at = text.find("[")
    if at < 0:
        return text
    # preg_replace_callback() of WordPress's pattern, tried only where it can match:
    # at a "<p>" followed by spaces and a '[' (a search for "<p>" is slow in non-Latin
    # text; one for '[' is not, and posts have few). Each '[' has at most one such
    # "<p>" before it (found by stepping back over the spaces: a space never ends in
    # '>'), they come in the order of the '[', and a start inside the last match is
    # passed over, as the regex's scan resumes after each match.
    starts = []
    enclosing = False  # whether a closing tag "[/" occurs (see _shortcode_unautop_regex)
    find, startswith = text.find, text.startswith
    while at >= 0:
        enclosing = enclosing or startswith("/", at + 1)
        start = at
        while True:
            if start > 0 and text[start - 1] in _SPACE_CHARS:
                start -= 1
            elif start >= 6 and startswith("&nbsp;", start - 6):
                start -= 6
            else:
                break
        if start >= 3 and startswith("<p>", start - 3):
            starts.append(start - 3)
        at = find("[", at + 1)
    if not starts:
        return text
    match = _shortcode_unautop_regex(tags, enclosing).match
    pieces = []
    done = 0
    for start in starts:
        if start >= done and (m := match(text, start)) is not None:
            pieces += (text[done:start], m[1])
            done = m.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# The one-character spaces of wp_spaces_regexp.
_SPACE_CHARS = "\r\n\t \u00a0"


@lru_cache(maxsize=64)
def _unique(tags: tuple[str, ...]) -> tuple[str, ...]:
    """`tags` without repeats, in their order."""
    return tuple(dict.fromkeys(tags))
