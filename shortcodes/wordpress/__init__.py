"""A faithful port of WordPress 7.1's shortcode and content-formatting functions.

Same names and semantics as the PHP: `do_shortcode`, `shortcode_parse_atts`,
`strip_shortcodes`, `get_shortcode_regex`, `has_shortcode`, `wptexturize`, `wpautop`,
`shortcode_unautop` and `the_content`; and the rest of 7.1's `the_content` chain
(`the_content_chain`: `parse_blocks`/`do_blocks` with block supports and dynamic blocks,
core shortcodes, embeds, `convert_smilies`, `capital_P_dangit`, `wp_filter_content_tags`),
reading the export's data from a `ContentContext`. WordPress's global list of registered
shortcodes is passed explicitly (`handlers` or `tags`). Conformance is measured
against what WordPress itself returned (tests/test_wp_parity.py).
"""

from .blocks import do_blocks, parse_blocks
from .content import get_the_content, the_content, the_content_chain
from .context import ContentContext, PostContext
from .formatting import shortcode_unautop, wpautop, wptexturize
from .formatting_more import capital_P_dangit, convert_smilies
from .media import wp_filter_content_tags
from .phpserialize import PHPSerializeError, unserialize
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
    "ContentContext",
    "PHPSerializeError",
    "PostContext",
    "capital_P_dangit",
    "convert_smilies",
    "do_blocks",
    "get_the_content",
    "parse_blocks",
    "the_content_chain",
    "unserialize",
    "wp_filter_content_tags",
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
