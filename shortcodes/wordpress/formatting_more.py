"""formatting.php filters of the_content besides texturize and autop:
`convert_smilies` (smilies_init's table: emoji, one image) and `capital_P_dangit`."""

from __future__ import annotations

import re

from .html_api import esc_attr

# smilies_init() of WordPress 7.1 ('8)' is left out there too: it breaks text).
SMILIES: dict[str, str] = {
    ":mrgreen:": "mrgreen.png",
    ":neutral:": "\U0001f610",
    ":twisted:": "\U0001f608",
    ":arrow:": "\u27a1",
    ":shock:": "\U0001f62f",
    ":smile:": "\U0001f642",
    ":???:": "\U0001f615",
    ":cool:": "\U0001f60e",
    ":evil:": "\U0001f47f",
    ":grin:": "\U0001f600",
    ":idea:": "\U0001f4a1",
    ":oops:": "\U0001f633",
    ":razz:": "\U0001f61b",
    ":roll:": "\U0001f644",
    ":wink:": "\U0001f609",
    ":cry:": "\U0001f625",
    ":eek:": "\U0001f62e",
    ":lol:": "\U0001f606",
    ":mad:": "\U0001f621",
    ":sad:": "\U0001f641",
    "8-)": "\U0001f60e",
    "8-O": "\U0001f62f",
    ":-(": "\U0001f641",
    ":-)": "\U0001f642",
    ":-?": "\U0001f615",
    ":-D": "\U0001f600",
    ":-P": "\U0001f61b",
    ":-o": "\U0001f62e",
    ":-x": "\U0001f621",
    ":-|": "\U0001f610",
    ";-)": "\U0001f609",
    "8O": "\U0001f62f",
    ":(": "\U0001f641",
    ":)": "\U0001f642",
    ":?": "\U0001f615",
    ":D": "\U0001f600",
    ":P": "\U0001f61b",
    ":o": "\U0001f62e",
    ":x": "\U0001f621",
    ":|": "\U0001f610",
    ";)": "\U0001f609",
    ":!:": "\u2757",
    ":?:": "\u2753",
}
SMILIES_URL = "/wp-includes/images/smilies/"


def _smilies_search() -> re.Pattern[str]:
    """smilies_init()'s $wp_smiliessearch: the smilies in krsort() order between spaces
    (Python's lookbehind needs one width per alternative, hence two)."""
    before = r"(?:(?<=[\r\n\t \u00a0])|(?<=&nbsp;)|^)"
    after = r"(?=[\r\n\t \u00a0]|&nbsp;|$)"
    ordered = sorted(SMILIES, reverse=True)
    return re.compile(before + "(?:" + "|".join(map(re.escape, ordered)) + ")" + after, re.M)


_SEARCH = _smilies_search()
# A smiley's first two characters after a space (or the ';' of &nbsp;; the text's start
# is tested apart):
# a quick test that most texts fail.
_ANY = re.compile(
    r"[\r\n\t \u00a0;](?:"
    + "|".join(
        re.escape(first)
        + "["
        + "".join(sorted({re.escape(k[1]) for k in SMILIES if k[0] == first}))
        + "]"
        for first in sorted({k[0] for k in SMILIES})
    )
    + ")"
)
_SPLIT = re.compile(r"(<[^>]*>)")
_IGNORE = re.compile(r"^<(code|pre|style|script|textarea)[^>]*>")


def translate_smiley(smiley: str) -> str:
    img = SMILIES[smiley.strip()]
    ext = img.rsplit(".", 1)[-1].lower() if "." in img else ""
    if ext not in ("jpg", "jpeg", "jpe", "gif", "png", "webp", "avif"):
        return img  # emoji
    return (
        f'<img src="{SMILIES_URL}{img}" alt="{esc_attr(smiley.strip())}" class="wp-smiley" '
        'style="height: 1em; max-height: 1em;" />'
    )


def convert_smilies(text: str) -> str:
    """Smilies in text (not in tags, code, pre, style, script, textarea) as emoji."""
    if _ANY.search(text) is None and text[:1] not in (":", ";", "8"):  # most posts
        return text
    out = []
    ignore = ""
    for part in _SPLIT.split(text):
        if not ignore:
            m = _IGNORE.match(part)
            if m:
                ignore = m[1]
        if not ignore and part and part[0] != "<":
            part = _SEARCH.sub(lambda m: translate_smiley(m[0]), part)
        if ignore and part == f"</{ignore}>":
            ignore = ""
        out.append(part)
    return "".join(out)


def capital_P_dangit(text: str) -> str:  # noqa: N802 (WordPress's name)
    """'Wordpress' after a space, '>', '(' or an opening quote becomes 'WordPress'."""
    if "Wordpress" not in text:
        return text
    for before in (" ", "&#8216;", "&#8220;", ">", "("):
        text = text.replace(before + "Wordpress", before + "WordPress")
    return text
