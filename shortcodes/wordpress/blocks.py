"""Block-editor posts: what `do_blocks()` leaves of static blocks.

WordPress renders a post that has blocks by printing each static block's saved HTML
without its ``<!-- wp:… -->`` delimiters, and then skips `wpautop`. Dynamic blocks
(``<!-- wp:latest-posts /-->`` and the like) are rendered by PHP on the live site;
a static export cannot, so they are dropped and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The delimiter grammar of WordPress's block parser (WP_Block_Parser::next_token):
#   <!--\s+(?P<closer>/)?wp:(?P<name>…)\s+
#   (?P<attrs>{(?:[^}]+|}+(?=})|(?!}\s+/?-->).)*+}\s+)?(?P<void>/)?-->
# Its attributes loop takes every character but a '}' that starts "}\s+/?-->" (and is
# possessive): the attributes run from the '{' to the first such '}', if there is one.
# `_delimiters` reads it so, finding that '}' once for many starts instead of scanning
# to the end from each (with no such '}', and the loop written without the possessive,
# the regex took exponential time).
_HEAD = re.compile(r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+")
_ATTRS_END = re.compile(r"\}\s+(?P<void>/)?-->")
_END = re.compile(r"(?P<void>/)?-->")


@dataclass(frozen=True)
class _Delimiter:
    start: int
    end: int
    closer: bool
    name: str
    attrs: str | None
    void: bool


def _delimiters(text: str):
    """The block delimiters of `text`, in order (as the grammar above finds them)."""
    pos = 0
    attrs_end: tuple[int, re.Match[str] | None] = (-1, None)  # (searched from, found)
    while (start := text.find("<!--", pos)) >= 0:
        head = _HEAD.match(text, start)
        if head is None:
            pos = start + 1
            continue
        after = head.end()
        attrs = None
        if text.startswith("{", after):
            since, z = attrs_end
            if since < 0 or after < since or (z is not None and z.start() < after):
                z = _ATTRS_END.search(text, after)
                attrs_end = (after, z)
            end = z  # None: no '}' closes them, nor any later start's
            if z is not None:
                attrs = text[after : z.start("void") if z["void"] else z.end() - 3]
        else:
            end = _END.match(text, after)
        if end is None:
            pos = start + 1
            continue
        yield _Delimiter(
            start, end.end(), bool(head["closer"]), head["name"], attrs, bool(end["void"])
        )
        pos = end.end()


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
    out: list[str] = []
    pos = 0
    for d in _delimiters(content):
        if d.void:
            name = d.name if "/" in d.name else f"core/{d.name}"
            dynamic.append(DynamicBlock(name, d.start))
        out.append(content[pos : d.start])
        pos = d.end
    out.append(content[pos:])
    return "".join(out), dynamic
