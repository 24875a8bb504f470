"""`render --standalone`: one post's text as the complete page a reader would get.

The text goes through WordPress's formatting as a post's content does (wptexturize,
wpautop, shortcode_unautop: `convert.render_post`), its cards are rendered, and the
page around it has the card stylesheet, a title, and the cards' language and direction.
"""

from __future__ import annotations

import html
import re

from .parser import Mode
from .render import CardRenderer, RenderResult, card_language, standalone_page

_TAG = re.compile(r"<[^>]*>")
_TITLE_CHARS = 120


def page_title(text: str) -> str:
    """A title from the text's first line (the headline of a pasted article), tags and
    shortcodes left out; "" when that line is not a plausible title."""
    for line in text.splitlines():
        line = html.unescape(_TAG.sub("", line)).strip()
        if not line:
            continue
        if line.startswith("[") or len(line) > _TITLE_CHARS:
            return ""
        return line
    return ""


def render_standalone(
    text: str,
    renderer: CardRenderer,
    *,
    title: str | None = None,
    mode: Mode = "lenient",
    markdown: bool = False,
) -> tuple[str, RenderResult]:
    """(the complete HTML page, the render's result) for a post's `text`.

    Markdown is not formatted (it is not WordPress content); `title` defaults to the
    text's first line when it reads as one, else "COVID-19".
    """
    if markdown:
        result = renderer.render_text(text, mode=mode, markdown=True)
    else:
        from .convert import render_post

        result = render_post(text, renderer, as_of=renderer.options.as_of, mode=mode)
    options = renderer.options
    rtl_cards = any('dir="rtl"' in c.html[:200] for c in result.cards)
    lang, rtl = card_language(True if rtl_cards else None, options.language, options.locale)
    page = standalone_page(
        result.text,
        lang=lang.replace("_", "-"),
        dir="rtl" if rtl else "ltr",
        title=title or page_title(text) or "COVID-19",
    )
    return page, result


__all__ = ["page_title", "render_standalone"]
