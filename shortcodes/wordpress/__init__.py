"""A faithful port of WordPress 7.1's shortcode and content-formatting functions.

Same names and semantics as the PHP: `do_shortcode`, `shortcode_parse_atts`,
`strip_shortcodes`, `get_shortcode_regex`, `has_shortcode`, `wptexturize`, `wpautop`,
`shortcode_unautop` and `the_content`. WordPress's global list of registered
shortcodes is passed explicitly (`handlers` or `tags`). Conformance is measured
against what WordPress itself returned (tests/test_wp_parity.py).
"""

from .content import the_content
from .formatting import shortcode_unautop, wpautop, wptexturize
from .shortcodes import (
    Atts,
    Handler,
    ShortcodeMatch,
    do_shortcode,
    get_shortcode_atts_regex,
    get_shortcode_regex,
    get_shortcode_tags_in_content,
    has_shortcode,
    shortcode_parse_atts,
    shortcode_regex_matches,
    strip_shortcodes,
)

__all__ = [
    "Atts",
    "Handler",
    "ShortcodeMatch",
    "do_shortcode",
    "get_shortcode_atts_regex",
    "get_shortcode_regex",
    "get_shortcode_tags_in_content",
    "has_shortcode",
    "shortcode_parse_atts",
    "shortcode_regex_matches",
    "shortcode_unautop",
    "strip_shortcodes",
    "the_content",
    "wpautop",
    "wptexturize",
]
