"""Block-editor posts: what `do_blocks()` leaves of static blocks.

WordPress renders a post that has blocks by printing each static block's saved HTML
without its ``<!-- wp:… -->`` delimiters, and then skips `wpautop`. Dynamic blocks
(``<!-- wp:latest-posts /-->`` and the like) are rendered by PHP on the live site;
a static export cannot, so they are dropped and reported.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import chain
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import block_supports_render as bsr
from .php import absint

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .block_supports import RenderState
    from .context import CommentSummary, ContentContext, PostContext

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
# The last one is found from the end: ".*" takes the whole text and gives back a
# character at a time until a "}" starts one (anchored at 0, so tried once: linear).
_LAST_ATTRS_END = re.compile(r".*\}\s+/?-->", re.S)
_PLAIN_DELIMITER = re.compile(_NAME + r"(?P<void>/)?-->")


def _attributes_cut(text: str) -> int:
    r"""Where the last "}\s+/?-->" of `text` ends (0: there is none)."""
    if "}" not in text:
        return 0
    m = _LAST_ATTRS_END.match(text)
    return m.end() if m else 0


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


# -- WP_Block_Parser ------------------------------------------------------------------


@dataclass
class ParsedBlock:
    """A block as parse_blocks() returns it (blockName None: freeform HTML)."""

    name: str | None
    attrs: dict
    inner_blocks: list[ParsedBlock]
    inner_html: str
    inner_content: list[str | None]
    parent_layout: dict | None = None
    offset: int = 0  # of its opening delimiter in the document


def copy_block(block: ParsedBlock) -> ParsedBlock:
    """A deep copy of a parsed block (WordPress: `new WP_Block( $parsed_block )` per loop
    item), as `copy.deepcopy` makes it (shared dicts stay shared within the copy) but
    without its generic dispatch: rendering mutates a block's attributes (className,
    data-id), so every rendering of a template needs its own."""
    return _copy_value(block, {})


def _copy_value(value: Any, memo: dict[int, Any]) -> Any:
    kind = type(value)
    if kind in _ATOMS:
        return value
    done = memo.get(id(value))
    if done is not None:
        return done
    if kind is dict:
        out: Any = {}
        memo[id(value)] = out
        for key, item in value.items():
            out[key] = _copy_value(item, memo)
    elif kind is list:
        out = []
        memo[id(value)] = out
        out.extend(_copy_value(item, memo) for item in value)
    elif kind is ParsedBlock:
        out = ParsedBlock.__new__(ParsedBlock)
        memo[id(value)] = out
        for key, item in value.__dict__.items():
            out.__dict__[key] = _copy_value(item, memo)
    else:
        out = copy.deepcopy(value)
        memo[id(value)] = out
    return out


_ATOMS = frozenset({str, int, float, bool, type(None)})


def _freeform(html: str) -> ParsedBlock:
    return ParsedBlock(None, {}, [], html, [html])


def _php_nonempty(text: str) -> bool:
    return text not in ("", "0")  # PHP's ! empty() on a string


@dataclass
class _Frame:
    block: ParsedBlock
    token_start: int
    token_length: int
    prev_offset: int
    leading_html_start: int | None


def _decode_attrs(text: str | None) -> dict:
    import json

    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _close(block: ParsedBlock) -> None:
    """A block's innerHTML once its closer is reached: its HTML pieces, joined once
    (WordPress appends to the string piece by piece, which is quadratic in Python on
    a block with thousands of children)."""
    block.inner_html = "".join(piece for piece in block.inner_content if piece is not None)


def parse_blocks(document: str) -> list[ParsedBlock]:
    """WordPress's parse_blocks(): the block tree of `document`, in the parser's order
    of steps (WP_Block_Parser::proceed), freeform HTML between top-level blocks kept."""
    output: list[ParsedBlock] = []
    stack: list[_Frame] = []
    offset = 0

    def add_inner_block(
        block: ParsedBlock, start: int, length: int, last: int | None = None
    ) -> None:
        parent = stack[-1]
        parent.block.inner_blocks.append(block)
        html = document[parent.prev_offset : start]
        if _php_nonempty(html):
            parent.block.inner_content.append(html)
        parent.block.inner_content.append(None)
        parent.prev_offset = last if last else start + length

    def add_block_from_stack(end: int | None = None) -> None:
        top = stack.pop()
        html = document[top.prev_offset : end] if end is not None else document[top.prev_offset :]
        if _php_nonempty(html):
            top.block.inner_content.append(html)
        _close(top.block)
        if top.leading_html_start is not None:
            output.append(_freeform(document[top.leading_html_start : top.token_start]))
        output.append(top.block)

    for m in _delimiters(document):
        start, length = m.start(), m.end() - m.start()
        name = m["name"] if "/" in m["name"] else f"core/{m['name']}"
        leading = offset if start > offset else None
        if m["closer"]:
            if not stack:
                break  # an unexpected closer: the rest is freeform
            if len(stack) == 1:
                add_block_from_stack(start)
                offset = start + length
                continue
            top = stack.pop()
            top.block.inner_content.append(document[top.prev_offset : start])
            _close(top.block)
            top.prev_offset = start + length
            add_inner_block(top.block, top.token_start, top.token_length, start + length)
            offset = start + length
            continue
        attrs = m.groupdict().get("attrs")
        block = ParsedBlock(name, _decode_attrs(attrs.rstrip() if attrs else None), [], "", [])
        block.offset = start
        if m["void"]:
            if not stack:
                if leading is not None:
                    output.append(_freeform(document[leading:start]))
                output.append(block)
            else:
                add_inner_block(block, start, length)
            offset = start + length
            continue
        stack.append(_Frame(block, start, length, start + length, leading))
        offset = start + length
    else:
        if not stack:
            if offset < len(document):
                output.append(_freeform(document[offset:]))
            return output
        while stack:
            add_block_from_stack()
        return output
    # the break above: an unexpected closer
    if offset < len(document):
        output.append(_freeform(document[offset:]))
    return output


# -- do_blocks / render_block / WP_Block::render -------------------------------------------


def do_blocks(
    content: str,
    state: RenderState | None = None,
    context: ContentContext | None = None,
    post: PostContext | None = None,
    tags: Iterable[str] = (),
) -> str:
    """WordPress's do_blocks(): every top-level block rendered, in order.

    `state` (a `block_supports.RenderState`) collects the unique-id counters, the
    CSS WordPress prints for block supports and the blocks that could not be rendered;
    `context`/`post` give dynamic blocks the export's data (no context: a blank site).
    """
    from .block_supports import RenderState
    from .context import ContentContext

    state = state if state is not None else RenderState()
    context = context if context is not None else ContentContext()
    renderer = BlockRenderer(state, context, post)
    renderer.tags = tuple(tags)  # the registered shortcodes (strip_shortcodes in excerpts)
    return "".join(renderer.render_block(block, None) for block in parse_blocks(content))


_BS: ModuleType | None = None

# Block context (block.json "providesContext": context key -> attribute) of the blocks
# whose children read it, and the blocks whose render_callback renders its inner blocks
# itself (register_block_type's skip_inner_blocks). Filled where the callbacks are.
PROVIDES_CONTEXT: dict[str, dict[str, str]] = {}
SKIP_INNER_BLOCKS: set[str] = set()


def _render_callbacks() -> dict[str, RenderCallback]:
    """The render callbacks of the dynamic blocks (their module imports this one)."""
    global _CALLBACKS
    if _CALLBACKS is None:
        from .dynamic_blocks import RENDER_CALLBACKS

        _CALLBACKS = RENDER_CALLBACKS
    return _CALLBACKS


_CALLBACKS: dict[str, RenderCallback] | None = None


def _block_supports() -> ModuleType:
    global _BS
    if _BS is None:
        # Imported when first needed: the block types' table, and the render callbacks
        # (which also register their block context and skip_inner_blocks).
        from . import block_supports, dynamic_blocks  # noqa: F401

        _BS = block_supports
    return _BS


class BlockRenderer:
    """WP_Block's rendering of one document's blocks: the state it collects, the
    export's data (`context`, `post`) and the block context the blocks provide."""

    comment: CommentSummary | None = None  # the comment blocks' context (a comment template)

    def __init__(
        self, state: RenderState, context: ContentContext, post: PostContext | None
    ) -> None:
        self.state = state
        self.context = context
        self.post = post
        self.tags: tuple[str, ...] = ()
        self.bs = _block_supports()
        self.block_context: dict = {}  # what the enclosing blocks provide (WP_Block::$context)
        self.ancestors: list[ParsedBlock] = []  # the blocks the one rendered is inside

    def render_block(self, block: ParsedBlock, parent: ParsedBlock | None) -> str:
        """render_block(): render_block_data filters, WP_Block::render, render_block
        filters (in the order wp-settings.php registers them)."""
        if block.name is None:  # freeform HTML between blocks: printed as it is
            return block.inner_html
        bs = self.bs
        self.render_block_data(block, parent)
        # WP_Block::render: the saved HTML with the inner blocks rendered in place.
        context = self.block_context
        if block.name in SKIP_INNER_BLOCKS:
            content = ""
        elif block.inner_blocks:
            if block.name in PROVIDES_CONTEXT:
                self.block_context = self.provided_context(block)
            try:
                content = self.render_inner_blocks(block)
            finally:
                self.block_context = context
        else:
            content = block.inner_html
        bt = bs.block_type(block.name)
        if bt is not None and bt[1]:
            content = self.render_dynamic(block, content)
        elif bt is None and block.name is not None and not block.inner_content:
            self.state.diagnostics.append(
                (
                    "dynamic-block",
                    f"dynamic block {block.name} cannot be rendered statically; left out",
                    block.offset,
                )
            )
        if block.name is None or bt is None:
            return content
        layout, aspect, duotone = bs.render_flags(block.name)
        if "fitText" in block.attrs or "style" in block.attrs:
            content = bsr.wp_render_typography_support(content, block)
        content = bsr.wp_strip_inline_note_markers(content)
        classes = block.attrs.get("className")
        if isinstance(classes, str) and "wp-elements-" in classes:
            content = bs.wp_render_elements_class_name(content, block)
        if layout or "style" in block.attrs:
            content = bs.wp_render_layout_support_flag(content, block, self.state)
        if "style" in block.attrs and block.name == "core/group":  # the one with position
            content = bsr.wp_render_position_support(content, block, self.state)
        if aspect:
            content = bs.wp_render_dimensions_support(content, block)
        if duotone and "style" in block.attrs:
            content = bs.render_duotone_support(content, block, self.state)
        if "style" in block.attrs:
            content = bs.wp_render_background_support(content, block)
        if isinstance(classes, str) and "is-style-" in classes:
            content = bs.wp_render_block_style_variation_class_name(content, block)
        if "metadata" in block.attrs:
            content = bsr.wp_render_block_visibility_support(content, block, self.state)
        if block.name == "core/paragraph":
            content = bs.block_core_paragraph_add_class(content)
        return content

    def render_inner_blocks(self, block: ParsedBlock) -> str:
        """The block's saved HTML with its inner blocks rendered in place."""
        parts: list[str] = []
        inner = iter(block.inner_blocks)
        self.ancestors.append(block)  # what block context (providesContext) reads
        try:
            for chunk in block.inner_content:
                parts.append(self.render_block(next(inner), block) if chunk is None else chunk)
        finally:
            self.ancestors.pop()
        return "".join(parts)

    def provided_context(self, block: ParsedBlock) -> dict:
        """The context `block` gives its inner blocks: its attributes (or their
        block.json defaults) under the keys of its providesContext."""
        bt = self.bs.block_type(block.name)
        defaults = bt[2] if bt else {}
        context = dict(self.block_context)
        for key, attribute in PROVIDES_CONTEXT[block.name or ""].items():
            if attribute in block.attrs:
                context[key] = block.attrs[attribute]
            elif attribute in defaults:
                context[key] = defaults[attribute]
        return context

    def render_block_data(self, block: ParsedBlock, parent: ParsedBlock | None) -> None:
        """The render_block_data filters, in the order WordPress registers them."""
        bs = self.bs
        if block.name == "core/gallery":  # block_core_gallery_data_id_backcompatibility
            for inner in block.inner_blocks:
                if inner.name == "core/image" and "id" in inner.attrs:
                    inner.attrs.setdefault("data-id", inner.attrs["id"])
        elif block.name == "core/latest-posts":  # block_core_latest_posts_migrate_categories
            categories = block.attrs.get("categories")
            if isinstance(categories, str) and categories not in ("", "0"):
                # The block's old form, one category id as a string.
                block.attrs["categories"] = [{"id": absint(categories)}]
        if "style" in block.attrs:
            bs.wp_render_elements_support_styles(block, self.state)
        if parent is not None:
            bs.wp_add_parent_layout_to_parsed_block(block, parent)
        if "className" in block.attrs:
            bs.wp_render_block_style_variation_support_styles(block, self.state)

    def render_dynamic(self, block: ParsedBlock, content: str) -> str:
        callback = _render_callbacks().get(block.name or "")
        if callback is None:
            if not block.inner_html.strip() and not block.inner_blocks:
                self.state.diagnostics.append(
                    (
                        "dynamic-block",
                        f"dynamic block {block.name} cannot be rendered statically; left out",
                        block.offset,
                    )
                )
            return content
        return callback(self.bs.prepare_attributes_for_render(block), content, block, self)


# What a dynamic block's render_callback is given: its prepared attributes, its rendered
# inner content, the parsed block and the renderer (WP_Block) rendering it.
RenderCallback = Callable[[dict, str, ParsedBlock, BlockRenderer], str]
