"""Block-editor posts: what `do_blocks()` leaves of static blocks.

WordPress renders a post that has blocks by printing each static block's saved HTML
without its ``<!-- wp:… -->`` delimiters, and then skips `wpautop`. Dynamic blocks
(``<!-- wp:latest-posts /-->`` and the like) are rendered by PHP on the live site;
a static export cannot, so they are dropped and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The delimiter grammar of WordPress's block parser (WP_Block_Parser::next_token),
# without possessive quantifiers: JSON attributes end at the first "} -->".
_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*\}\s+)?(?P<void>/)?-->",
    re.S,
)


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

    def drop(m: re.Match[str]) -> str:
        if m.group("void"):
            name = m.group("name")
            dynamic.append(DynamicBlock(name if "/" in name else f"core/{name}", m.start()))
        return ""

    return _DELIMITER.sub(drop, content), dynamic
