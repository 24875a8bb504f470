"""A port of WordPress 7.1's wptexturize, wpautop and shortcode_unautop (formatting.php).

Function names and the order of steps follow the PHP. Where Python differs:

* PHP's regexes here have no ``u`` flag: they run on UTF-8 bytes, so ``\\d``, ``\\w``
  and ``\\s`` are ASCII-only (we compile with re.ASCII) and WordPress's non-breaking
  space ``\\xC2\\xA0`` is the single character U+00A0 here.
* PCRE's ``\\Z`` also matches before a final newline; Python's does not, so it is
  written ``\\n?\\Z``.
* Python's lookbehinds must have a fixed width, so PCRE's ``(?<=a|bc)`` becomes
  ``(?:(?<=a)|(?<=bc))``; PCRE conditionals ``(?(?=x)yes|no)`` become alternations
  with the lookahead in front of each branch.
* Possessive quantifiers (``*+``) are written as plain ones where that matches the
  same strings, or as single-character loops where it also keeps backtracking linear.
* WordPress's global ``$shortcode_tags`` is the explicit `tags` argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# wp_spaces_regexp(): '[\r\n\t ]|\xC2\xA0|&nbsp;'
SPACES = r"[\r\n\t ]|\u00a0|&nbsp;"
_AFTER_SPACE = r"(?<=[\r\n\t ])|(?<=\u00a0)|(?<=&nbsp;)"
_NOT_AFTER_SPACE = r"(?<![\r\n\t ])(?<!\u00a0)(?<!&nbsp;)"


def wp_spaces_regexp() -> str:
    """The characters WordPress treats as spaces (regex source)."""
    return SPACES


# --- HTML splitting ---------------------------------------------------------------

_COMMENT = r"!(?:-(?!->)[^\-]*)*(?:-->)?"
_CDATA = r"!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*(?:\]\]>)?"


def get_html_split_regex() -> str:
    """The regex that splits HTML into text and elements (comments and CDATA whole)."""
    return rf"(<(?:(?=!--){_COMMENT}|(?=!\[CDATA\[){_CDATA}|[^>]*>?))"


_HTML_SPLIT_RE = re.compile(get_html_split_regex())


def wp_html_split(text: str) -> list[str]:
    """Text and HTML elements, alternating: even indexes text, odd indexes elements."""
    return _HTML_SPLIT_RE.split(text)


def wp_replace_in_html_tags(haystack: str, replace_pairs: dict[str, str]) -> str:
    """Replace characters or phrases within HTML elements only."""
    textarr = wp_html_split(haystack)
    changed = False
    if len(replace_pairs) == 1:
        ((needle, replace),) = replace_pairs.items()
        for i in range(1, len(textarr), 2):
            if needle in textarr[i]:
                textarr[i] = textarr[i].replace(needle, replace)
                changed = True
    else:
        for i in range(1, len(textarr), 2):
            if any(needle in textarr[i] for needle in replace_pairs):
                textarr[i] = _strtr(textarr[i], replace_pairs)
                changed = True
    return "".join(textarr) if changed else haystack


def _strtr(text: str, pairs: dict[str, str]) -> str:
    """PHP's strtr() with an array: longest match first, one pass."""
    if not pairs:
        return text
    keys = sorted(pairs, key=len, reverse=True)
    return re.sub("|".join(map(re.escape, keys)), lambda m: pairs[m.group(0)], text)


# --- wptexturize ------------------------------------------------------------------

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

_NO_TEXTURIZE_TAGS = ("pre", "code", "kbd", "style", "script", "tt")
_NO_TEXTURIZE_SHORTCODES = ("code",)

_COCKNEY = "'tain't,'twere,'twas,'tis,'twill,'til,'bout,'nuff,'round,'cause,'em".split(",")
_COCKNEY_REPLACE = (
    "&#8217;tain&#8217;t,&#8217;twere,&#8217;twas,&#8217;tis,&#8217;twill,&#8217;til,"
    "&#8217;bout,&#8217;nuff,&#8217;round,&#8217;cause,&#8217;em"
).split(",")
_STATIC = list(
    zip(
        ["...", "``", "''", " (tm)", *_COCKNEY],
        ["&#8230;", _OPENING_QUOTE, _CLOSING_QUOTE, " &#8482;", *_COCKNEY_REPLACE],
        strict=True,
    )
)

_END = r"\n?\Z"  # PCRE's \Z
_CLOSER = rf"(?={_END}|[.,:;!?)}}\-\]]|&gt;|{SPACES})"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


_DYNAMIC_APOS = [
    # '99' and '99" are ambiguous among other patterns; assume it's an abbreviated year.
    (_c(rf"'(\d\d)'{_CLOSER}"), _APOS_FLAG + r"\g<1>" + _CLOSING_SINGLE_QUOTE),
    (_c(rf"'(\d\d)\"{_CLOSER}"), _APOS_FLAG + r"\g<1>" + _CLOSING_QUOTE),
    # '99 '99s '99's (apostrophe)  But never '9 or '99% or '999 or '99.0.
    (_c(rf"'(?=\d\d(?:{_END}|(?![%\d]|[.,]\d)))"), _APOS_FLAG),
    # Quoted numbers like '0.42'.
    (_c(rf"(?:\A|{_AFTER_SPACE})'(\d[.,\d]*)'"), _OPEN_SQ_FLAG + r"\g<1>" + _CLOSING_SINGLE_QUOTE),
    # Single quote at start, or preceded by (, {, <, [, ", -, or spaces.
    (_c(rf"(?:\A|(?<=[(\[{{\"\-])|(?<=&lt;)|{_AFTER_SPACE})'"), _OPEN_SQ_FLAG),
    # Apostrophe in a word. No spaces, double apostrophes, or other punctuation.
    (
        _c(rf"{_NOT_AFTER_SPACE}'(?!{_END}|[.,:;!?\"'(){{}}\[\]\-]|&[lg]t;|{SPACES})"),
        _APOS_FLAG,
    ),
]
_DYNAMIC_QUOTE = [
    # Quoted numbers like "42".
    (_c(rf"(?:\A|{_AFTER_SPACE})\"(\d[.,\d]*)\""), _OPEN_Q_FLAG + r"\g<1>" + _CLOSING_QUOTE),
    # Double quote at start, or preceded by (, {, <, [, -, or spaces, and not followed by spaces.
    (_c(rf"(?:\A|(?<=[(\[{{\-])|(?<=&lt;)|{_AFTER_SPACE})\"(?!{SPACES})"), _OPEN_Q_FLAG),
]
_DYNAMIC_DASH = [
    (_c(r"---"), _EM_DASH),
    (_c(rf"(?:^|{_AFTER_SPACE})--(?=$|{SPACES})"), _EM_DASH),
    (_c(r"(?<!xn)--"), _EN_DASH),
    (_c(rf"(?:^|{_AFTER_SPACE})-(?=$|{SPACES})"), _EN_DASH),
]
_TIMES_TEST = _c(r"(?<=\d)x\d")
# \b(\d(?(?<=0)[\d\.,]+|[\d\.,]*))x(\d[\d\.,]*)\b : a leading 0 needs more digits.
_TIMES = _c(r"\b(0[\d\.,]+|[1-9][\d\.,]*)x(\d[\d\.,]*)\b")
_AMP = re.compile(r"&(?!#(?:\d+|x[a-f0-9]+);|[a-z1-4]{1,8};)", re.I | re.ASCII)
_TAGNAMES_RE = re.compile(r"\[/?([^<>&/\[\]\x00-\x20=]+)")
_PHP_TRIM = " \t\n\r\0\x0b"


def _get_wptexturize_shortcode_regex(tagnames: Iterable[str]) -> str:
    tagregexp = "|".join(re.escape(t) for t in tagnames)
    tagregexp = rf"(?:{tagregexp})(?=[\s\]\/])"
    # WordPress's loop is possessive; a one-character loop keeps backtracking linear.
    return rf"\[[\/\[]?{tagregexp}(?:[^\[\]<>]|<[^\[\]>]*>)*\]\]?"


_HTML_REGEX = rf"<(?:(?=!--){_COMMENT}|[^>]*>?)"


def _get_wptexturize_split_regex(shortcode_regex: str = "") -> str:
    if not shortcode_regex:
        return f"({_HTML_REGEX})"
    return f"({_HTML_REGEX}|{shortcode_regex})"


@lru_cache(maxsize=64)
def _texturize_regexes(tagnames: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    shortcode_regex = _get_wptexturize_shortcode_regex(tagnames) if tagnames else ""
    split = re.compile(_get_wptexturize_split_regex(shortcode_regex), re.ASCII)
    whole = re.compile(f"(?:{shortcode_regex})$", re.ASCII) if tagnames else None
    return split, whole


def wptexturize(text: str, tags: Iterable[str] = ()) -> str:
    """Smart quotes, apostrophes, dashes, ellipses, ™ and × as HTML entities.

    Text inside <pre>, <code>, <kbd>, <style>, <script>, <tt>, HTML comments and the
    registered shortcodes `tags` is left alone, as in WordPress.
    """
    if not text or text == "0":
        return text
    found = set(_TAGNAMES_RE.findall(text))
    tagnames = tuple(t for t in tags if t in found)
    split_re, shortcode_re = _texturize_regexes(tagnames)
    textarr = [part for part in split_re.split(text) if part != ""]
    no_texturize_tags_stack: list[str] = []
    no_texturize_shortcodes_stack: list[str] = []

    for i, curl in enumerate(textarr):
        first = curl[0]
        if first == "<":
            if curl.startswith("<!--"):
                continue
            curl = _AMP.sub("&#038;", curl)
            _wptexturize_pushpop_element(curl, no_texturize_tags_stack, _NO_TEXTURIZE_TAGS)
        elif curl.strip(_PHP_TRIM) == "":
            continue
        elif first == "[" and shortcode_re is not None and shortcode_re.match(curl):
            if not curl.startswith("[[") and not curl.endswith("]]"):
                _wptexturize_pushpop_element(
                    curl, no_texturize_shortcodes_stack, _NO_TEXTURIZE_SHORTCODES
                )
            else:
                continue
        elif not no_texturize_shortcodes_stack and not no_texturize_tags_stack:
            for search, replace in _STATIC:
                if search in curl:
                    curl = curl.replace(search, replace)
            if "'" in curl:
                for pattern, replace in _DYNAMIC_APOS:
                    curl = pattern.sub(replace, curl)
                curl = wptexturize_primes(curl, "'", _PRIME, _OPEN_SQ_FLAG, _CLOSING_SINGLE_QUOTE)
                curl = curl.replace(_APOS_FLAG, _APOS).replace(_OPEN_SQ_FLAG, _OPENING_SINGLE_QUOTE)
            if '"' in curl:
                for pattern, replace in _DYNAMIC_QUOTE:
                    curl = pattern.sub(replace, curl)
                curl = wptexturize_primes(curl, '"', _DOUBLE_PRIME, _OPEN_Q_FLAG, _CLOSING_QUOTE)
                curl = curl.replace(_OPEN_Q_FLAG, _OPENING_QUOTE)
            if "-" in curl:
                for pattern, replace in _DYNAMIC_DASH:
                    curl = pattern.sub(replace, curl)
            # 9x9 (times), but never 0x9999.
            if _TIMES_TEST.search(curl):
                curl = _TIMES.sub(r"\g<1>&#215;\g<2>", curl)
            curl = _AMP.sub("&#038;", curl)
        textarr[i] = curl
    return "".join(textarr)


_PRIME_FLAG = "<!--wp-prime-or-quote-->"


@lru_cache(maxsize=4)
def _primes_regexes(needle: str):
    n = re.escape(needle)
    return (
        _c(rf"{n}{_CLOSER}"),
        _c(rf"(?<=\d){n}"),
        _c(rf"(?<=\d){re.escape(_PRIME_FLAG)}"),
        _c(rf"(?<!\d){re.escape(_PRIME_FLAG)}"),
    )


def wptexturize_primes(
    haystack: str, needle: str, prime: str, open_quote: str, close_quote: str
) -> str:
    """Decide whether each quote after a digit is a prime (9′ feet) or a closing quote."""
    quote_pattern, prime_pattern, flag_after_digit, flag_no_digit = _primes_regexes(needle)
    flag = _PRIME_FLAG
    sentences = haystack.split(open_quote)
    for key, sentence in enumerate(sentences):
        if needle not in sentence:
            continue
        if key != 0 and sentence.count(close_quote) == 0:
            sentence, count = quote_pattern.subn(flag, sentence)
            if count > 1:
                # This sentence appears to have multiple closing quotes. Attempt Vulcan logic.
                sentence, count2 = flag_no_digit.subn(close_quote, sentence)
                if count2 == 0:
                    # Try looking for a quote followed by a period.
                    if sentence.count(f"{flag}.") > 0:
                        pos = sentence.rfind(f"{flag}.")
                    else:
                        pos = sentence.rfind(flag)
                    sentence = sentence[:pos] + close_quote + sentence[pos + len(flag) :]
                sentence = prime_pattern.sub(prime, sentence)
                sentence = flag_after_digit.sub(prime, sentence)
                sentence = sentence.replace(flag, close_quote)
            elif count == 1:
                sentence = sentence.replace(flag, close_quote)
                sentence = prime_pattern.sub(prime, sentence)
            else:
                sentence = prime_pattern.sub(prime, sentence)
        else:
            sentence = prime_pattern.sub(prime, sentence)
            sentence = quote_pattern.sub(close_quote, sentence)
        if needle == '"' and '"' in sentence:
            sentence = sentence.replace('"', close_quote)
        sentences[key] = sentence
    return open_quote.join(sentences)


def _php_substr(text: str, start: int, length: int) -> str:
    if length < 0:
        end = len(text) + length
        return text[start:end] if end > start else ""
    return text[start : start + length]


def _wptexturize_pushpop_element(text: str, stack: list[str], disabled: Iterable[str]) -> None:
    """Push a disabled element (like <pre>) on its opening tag, pop it on its closing tag."""
    if len(text) > 1 and text[1] != "/":
        opening_tag = True
        name_offset = 1
    elif not stack:
        return
    else:
        opening_tag = False
        name_offset = 2
    space = text.find(" ")
    space = -1 if space == -1 else space - name_offset
    tag = _php_substr(text, name_offset, space)
    if tag in disabled:
        if opening_tag:
            stack.append(tag)
        elif stack and stack[-1] == tag:
            stack.pop()


# --- wpautop ------------------------------------------------------------------------

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_R = {
    "br_br": re.compile(r"<br\s*/?>\s*<br\s*/?>", re.ASCII),
    "block_open": re.compile(rf"(<{_ALLBLOCKS}[\s/>])", re.ASCII),
    "block_close": re.compile(rf"(</{_ALLBLOCKS}>)"),
    "hr": re.compile(r"(<hr\s*?/?>)", re.ASCII),
    "option_before": re.compile(r"\s*<option", re.ASCII),
    "option_after": re.compile(r"</option>\s*", re.ASCII),
    "object_open": re.compile(r"(<object[^>]*>)\s*", re.ASCII),
    "object_close": re.compile(r"\s*</object>", re.ASCII),
    "param": re.compile(r"\s*(</?(?:param|embed)[^>]*>)\s*", re.ASCII),
    "av_open": re.compile(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*", re.ASCII),
    "av_close": re.compile(r"\s*([<\[]/(?:audio|video)[>\]])", re.ASCII),
    "source": re.compile(r"\s*(<(?:source|track)[^>]*>)\s*", re.ASCII),
    "figcaption_open": re.compile(r"\s*(<figcaption[^>]*>)", re.ASCII),
    "figcaption_close": re.compile(r"</figcaption>\s*", re.ASCII),
    "many_nl": re.compile(r"\n\n+"),
    "split": re.compile(r"\n\s*\n", re.ASCII),
    "empty_p": re.compile(r"<p>\s*</p>", re.ASCII),
    "close_p_in": re.compile(r"<p>([^<]+)</(div|address|form)>"),
    "p_around_block": re.compile(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)\s*</p>", re.ASCII),
    "p_li": re.compile(r"<p>(<li.+?)</p>"),
    "p_blockquote": re.compile(r"<p><blockquote([^>]*)>", re.I),
    "p_before_block": re.compile(rf"<p>\s*(</?{_ALLBLOCKS}[^>]*>)", re.ASCII),
    "block_before_p": re.compile(rf"(</?{_ALLBLOCKS}[^>]*>)\s*</p>", re.ASCII),
    "preserve": re.compile(r"<(script|style|svg|math).*?</\1>", re.S),
    "nl_to_br": re.compile(r"(?<!<br />)\s*\n", re.ASCII),
    "br_after_block": re.compile(rf"(</?{_ALLBLOCKS}[^>]*>)\s*<br />", re.ASCII),
    "br_before_block": re.compile(
        r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", re.ASCII
    ),
    "last_nl_p": re.compile(r"\n</p>$"),
}


def _autop_newline_preservation_helper(m: re.Match[str]) -> str:
    return m.group(0).replace("\n", "<WPPreserveNewline />")


def wpautop(text: str, br: bool = True) -> str:
    """Double line breaks become paragraphs; single ones <br /> (unless `br` is false).

    Block-level elements are not wrapped; <pre> content is left untouched.
    """
    pre_tags: dict[str, str] = {}
    if text.strip(_PHP_TRIM) == "":
        return ""
    text = text + "\n"
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        i = 0
        for part in parts:
            start = part.find("<pre")
            if start == -1:  # Malformed HTML?
                text += part
                continue
            name = f"<pre wp-pre-tag-{i}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
            i += 1
        text += last
    R = _R
    # Each regex below needs a literal ("<br", "<", "<li" …): skip it when that is absent.
    has_tags = "<" in text
    if "<br" in text:
        text = R["br_br"].sub("\n\n", text)
    if has_tags:
        text = R["block_open"].sub("\n\n\\1", text)
        text = R["block_close"].sub("\\1\n\n", text)
        text = R["hr"].sub("\\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = wp_replace_in_html_tags(text, {"\n": " <!-- wpnl --> "})
    if "<option" in text:
        text = R["option_before"].sub("<option", text)
        text = R["option_after"].sub("</option>", text)
    if "</object>" in text:
        text = R["object_open"].sub("\\1", text)
        text = R["object_close"].sub("</object>", text)
        text = R["param"].sub("\\1", text)
    if "<source" in text or "<track" in text:
        text = R["av_open"].sub("\\1", text)
        text = R["av_close"].sub("\\1", text)
        text = R["source"].sub("\\1", text)
    if "<figcaption" in text:
        text = R["figcaption_open"].sub("\\1", text)
        text = R["figcaption_close"].sub("</figcaption>", text)
    text = R["many_nl"].sub("\n\n", text)
    paragraphs = [p for p in R["split"].split(text) if p != ""]
    text = "".join("<p>" + p.strip("\n") + "</p>\n" for p in paragraphs)
    text = R["empty_p"].sub("", text)
    if "</div>" in text or "</address>" in text or "</form>" in text:
        text = R["close_p_in"].sub("<p>\\1</p></\\2>", text)
    text = R["p_around_block"].sub("\\1", text)
    if "<p><li" in text:
        text = R["p_li"].sub("\\1", text)
    if "<p><blockquote" in text.lower():
        text = R["p_blockquote"].sub("<blockquote\\1><p>", text)
    text = text.replace("</blockquote></p>", "</p></blockquote>")
    text = R["p_before_block"].sub("\\1", text)
    text = R["block_before_p"].sub("\\1", text)
    if br:
        if "<script" in text or "<style" in text or "<svg" in text or "<math" in text:
            text = R["preserve"].sub(_autop_newline_preservation_helper, text)
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = R["nl_to_br"].sub("<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = R["br_after_block"].sub("\\1", text)
    text = R["br_before_block"].sub("\\1", text)
    text = R["last_nl_p"].sub("</p>", text)
    if pre_tags:
        for name, original in pre_tags.items():
            text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(" <!-- wpnl --> ", "\n").replace("<!-- wpnl -->", "\n")
    return text


# --- shortcode_unautop -------------------------------------------------------------


@lru_cache(maxsize=64)
def _unautop_regex(tags: tuple[str, ...]) -> re.Pattern[str]:
    tagregexp = "|".join(re.escape(t) for t in tags)
    return re.compile(
        rf"<p>(?:{SPACES})*"
        rf"(\[({tagregexp})(?![\w-])"
        r"[^\]\/]*(?:\/(?!\])[^\]\/]*)*?"
        r"(?:\/\]|\](?:[^\[]*(?:\[(?!\/\2\])[^\[]*)*\[\/\2\])?))"
        rf"(?:{SPACES})*</p>",
        re.ASCII,
    )


def shortcode_unautop(text: str, tags: Iterable[str] = ()) -> str:
    """Unwrap registered shortcodes that stand alone in a paragraph (<p>[tag]</p>)."""
    tags = tuple(tags)
    if not tags:
        return text
    return _unautop_regex(tags).sub(r"\1", text)


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
