"""The core of WordPress's `the_content` filter chain."""

from __future__ import annotations

from collections.abc import Mapping

from .formatting import shortcode_unautop, wpautop, wptexturize
from .shortcodes import Handler, do_shortcode


def the_content(text: str, handlers: Mapping[str, Handler]) -> str:
    """do_shortcode(shortcode_unautop(wpautop(wptexturize(text)))), as WordPress runs it.

    The registered tags (the keys of `handlers`) are protected from texturize and
    unautop, as WordPress protects its registered shortcodes. Blocks, smilies,
    ``capital_P_dangit`` and responsive images are not applied.
    """
    tags = tuple(handlers)
    text = wptexturize(text, tags)
    text = wpautop(text)
    text = shortcode_unautop(text, tags)
    return do_shortcode(text, handlers)
