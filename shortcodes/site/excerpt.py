"""What a theme shows of a post besides its body: the automatic excerpt, the pages
of a `<!--nextpage-->` post, comment text. Ports of WordPress 7.1's
`wp_trim_excerpt`/`wp_trim_words` (formatting.php) and of the nextpage split in
`WP_Query::generate_postdata` (class-wp-query.php), kept to what a static page needs.
"""

from __future__ import annotations

import html
import re

from markupsafe import escape

from ..wordpress.formatting import wpautop, wptexturize

EXCERPT_LENGTH = 55  # excerpt_length's default
EXCERPT_MORE = " [&hellip;]"  # excerpt_more's default
_CARD_START = '<section class="covid-card'
_CARD_END = "</section>"
_SCRIPT_STYLE = re.compile(r"<(script|style)[^>]*?>.*?</\1>", re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
# A run of [\r\n\t ]+ becomes one space: a lone space already is one, so only the
# other runs are matched (in text, nearly every match was a lone space between words).
_BREAKS = re.compile(r"[\r\n\t ]{2,}|[\r\n\t]")
_MORE = re.compile(r"<!--more(.*?)?-->|<span id=\"more-\d+\"></span>")
_NEXTPAGE = re.compile(r"(?:<p>)?\s*<!--nextpage-->\s*(?:</p>)?")


def wp_strip_all_tags(text: str) -> str:
    """formatting.php's wp_strip_all_tags (remove_breaks true)."""
    text = _SCRIPT_STYLE.sub("", text)
    text = _TAGS.sub("", text)
    return _BREAKS.sub(" ", text).strip()


def wp_trim_words(text: str, num_words: int = EXCERPT_LENGTH, more: str = EXCERPT_MORE) -> str:
    """formatting.php's wp_trim_words for space-separated languages (WordPress counts
    characters instead only for the locales whose word count type is characters)."""
    words = _first_words(_SCRIPT_STYLE.sub("", text), num_words)
    if len(words) > num_words:
        return " ".join(words[:num_words]) + more
    return " ".join(words)


def _first_words(text: str, count: int) -> list[str]:
    """The first `count` words of wp_strip_all_tags(text) (its scripts and styles
    already removed), and one more part when it has more. Only as much of the text is
    read as that takes: cut just after a `>`, its tags are those of the whole text,
    and breaks collapse locally, so the words it starts with are the whole's."""
    n = 512
    while n < len(text):
        cut = text.find(">", n)
        if cut < 0:
            break
        head = _BREAKS.sub(" ", _TAGS.sub("", text[: cut + 1])).lstrip()
        parts = head.split(" ", count)
        if len(parts) > count and parts[count] and not parts[count].isspace():
            return parts  # a word follows the first `count`, which strip() keeps
        n = 4 * (cut + 1)
    whole = _BREAKS.sub(" ", _TAGS.sub("", text)).strip()
    return whole.split(" ", count) if whole else []


def auto_excerpt(content_html: str) -> str:
    """The excerpt WordPress makes of a post with none (wp_trim_excerpt), as
    get_the_excerpt's filters print it: the rendered content up to `<!--more-->`,
    without shortcodes (the card) or tags, 55 words, then ' [&hellip;]', in a paragraph."""
    m = _MORE.search(content_html)
    if m:
        content_html = content_html[: m.start()]
    text = _without_cards(content_html).replace("]]>", "]]&gt;")
    trimmed = wp_trim_words(text)
    return wpautop(trimmed) if trimmed else ""


def _without_cards(text: str) -> str:
    """`text` without the cards' HTML: each `<section class="covid-card` to the first
    `</section>` after it (as the lazy `<section class="covid-card.*?</section>` would,
    found with str.find rather than a regex that tries the end at every character)."""
    start = text.find(_CARD_START)
    if start < 0:
        return text
    out: list[str] = []
    pos = 0
    while start >= 0:
        end = text.find(_CARD_END, start + len(_CARD_START))
        if end < 0:
            break
        out.append(text[pos:start])
        pos = end + len(_CARD_END)
        start = text.find(_CARD_START, pos)
    out.append(text[pos:])
    return "".join(out)


def given_excerpt(excerpt: str) -> str:
    """A post's own excerpt as the_excerpt prints it (texturized, in paragraphs)."""
    return wpautop(wptexturize(excerpt)) if excerpt.strip() else ""


def split_pages(content_html: str) -> list[str]:
    """The pages of a post whose content has `<!--nextpage-->` (one page otherwise)."""
    if "<!--nextpage-->" not in content_html:
        return [content_html]
    pages = _NEXTPAGE.split(content_html)
    return [p for p in pages if p.strip()] or [content_html]


_ALLOWED_INLINE = re.compile(
    r"&lt;(/?)(b|strong|em|i|code|blockquote|q|cite|del|s|strike|abbr|ins|p|br)\s*/?&gt;", re.I
)
_LINK = re.compile(r"&lt;a\s+href=(?:&#34;|&#39;)(https?://[^\s&]+?)(?:&#34;|&#39;)\s*&gt;", re.I)
_LINK_END = re.compile(r"&lt;/a&gt;", re.I)


def comment_html(text: str) -> str:
    """A comment's text, safe: everything escaped, then the few plain inline tags
    WordPress lets commenters use (no attributes but a link's http(s) href) restored,
    texturized and in paragraphs (comment_text's filters)."""
    escaped = str(escape(html.unescape(text)))
    escaped = _ALLOWED_INLINE.sub(lambda m: f"<{m[1]}{m[2].lower()}>", escaped)
    opened = len(_LINK.findall(escaped))
    if opened and opened == len(_LINK_END.findall(escaped)):
        escaped = _LINK.sub(lambda m: f'<a href="{m[1]}" rel="nofollow ugc">', escaped)
        escaped = _LINK_END.sub("</a>", escaped)
    return wpautop(wptexturize(escaped))
