"""Block-editor posts: what `do_blocks()` leaves of static blocks.

WordPress renders a post that has blocks by printing each static block's saved HTML
without its ``<!-- wp:… -->`` delimiters, and then skips `wpautop`. Dynamic blocks
(``<!-- wp:latest-posts /-->`` and the like) are rendered by PHP on the live site;
a static export cannot, so they are dropped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

# The delimiter grammar of WordPress's block parser (WP_Block_Parser::next_token), its
# possessive attributes loop made atomic the Python 3.10 way (a lookahead, then a
# backreference to what it matched): the loop takes every character but a '}' that
# starts "}\s+/?-->", so the attributes run from the '{' to the first such '}'.
_NAME = r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
_DELIMITER = re.compile(
    _NAME + r"(?P<attrs>\{(?=(?P<body>(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*))(?P=body)\}\s+)?"
    r"(?P<void>/)?-->",
    re.S,
)
# Past the last "}\s+/?-->" no attributes can close: there the loop would scan to the
# end from every start (quadratic on "<!-- wp:x {" repeated), so it is left out.
_ATTRS_END = re.compile(r"\}\s+/?-->")
_PLAIN_DELIMITER = re.compile(_NAME + r"(?P<void>/)?-->")


def _attributes_cut(text: str) -> int:
    r"""Where the last "}\s+/?-->" of `text` ends (0: there is none)."""
    cut = 0
    for m in _ATTRS_END.finditer(text):
        cut = m.end()
    return cut


def _delimiters(text: str) -> Iterator[re.Match[str]]:
    r"""The block delimiters of `text`, in order, as WordPress's parser finds them
    (groups closer, name, void, and attrs where attributes can close).

    Up to the end of the last "}\s+/?-->", every start that opens attributes finds
    where they close, so no scan goes further than that; after it, none can.
    """
    cut = _attributes_cut(text)
    return chain(_DELIMITER.finditer(text, 0, cut), _PLAIN_DELIMITER.finditer(text, cut))


def has_blocks(content: str) -> bool:
    """Whether the post was written in the block editor (WordPress's has_blocks())."""
    return "<!-- wp:" in content


@dataclass(frozen=True)
class DynamicBlock:
    name: str
    offset: int


def render_static_blocks(content: str) -> tuple[str, list[DynamicBlock]]:
    """`content` with block delimiters removed, and the void blocks that were dropped.

    A void block (``<!-- wp:name {…} /-->``) has no saved HTML: it is dynamic.
    """
    dynamic: list[DynamicBlock] = []
    cut = _attributes_cut(content)

    def drop(m: re.Match[str], base: int) -> str:
        if m["void"]:
            name = m["name"]
            dynamic.append(DynamicBlock(name if "/" in name else f"core/{name}", base + m.start()))
        return ""

    head = _DELIMITER.sub(lambda m: drop(m, 0), content[:cut]) if cut else ""
    tail = _PLAIN_DELIMITER.sub(lambda m: drop(m, cut), content[cut:])
    return head + tail, dynamic
