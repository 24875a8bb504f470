"""The scanning steps of WordPress's shortcode functions, public for parsers built on
them (`shortcodes.parser`): the matches `do_shortcode` finds, and the pieces of
`shortcode_parse_atts`, with the positions the PHP functions do not return.

Each name is the step of `shortcodes.py` that WordPress's own code takes, so a parser
using them finds what WordPress finds.
"""

from __future__ import annotations

from .shortcodes import _ATTS_FAST_RE as ATTRIBUTE_RE
from .shortcodes import _SPACES_RE as INVISIBLE_SPACES_RE
from .shortcodes import ShortcodeMatch, stripcslashes
from .shortcodes import _brackets_in_elements as brackets_in_elements
from .shortcodes import _has_unclosed_html as has_unclosed_html
from .shortcodes import _php_key as php_key
from .shortcodes import _registered_tags_in as registered_tags_in
from .shortcodes import _scan as scan_shortcodes
from .shortcodes import _scan_fields as scan_shortcode_fields
from .shortcodes import _which_alternative as attribute_branch

# ATTRIBUTE_RE: shortcode_parse_atts's regex (the same matches, faster on Python's
# engine); attribute_branch(m): (name group or 0, value group, quote) of the branch
# WordPress takes for a match, None where PHP's empty() drops it.
# INVISIBLE_SPACES_RE: the no-break and zero-width spaces WordPress turns into spaces.
# php_key(name): the key PHP gives an attribute name (canonical integers become ints).
# has_unclosed_html(value): a '<' without '>' after it (WordPress then drops the value).
# brackets_in_elements(text): whether an element may hold '[' or ']' (cheap test).
# registered_tags_in(text, tags): the registered tags do_shortcode would look for.
# scan_shortcodes(text, tags): its matches, left to right (`scan_shortcode_fields`: as
# plain tuples, for hot loops).

__all__ = [
    "ATTRIBUTE_RE",
    "INVISIBLE_SPACES_RE",
    "ShortcodeMatch",
    "attribute_branch",
    "brackets_in_elements",
    "has_unclosed_html",
    "php_key",
    "registered_tags_in",
    "scan_shortcode_fields",
    "scan_shortcodes",
    "stripcslashes",
]
