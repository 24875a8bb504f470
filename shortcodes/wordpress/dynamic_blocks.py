"""Blocks WordPress renders in PHP (a render_callback), ported from
wp-includes/blocks/*.php of WordPress 7.1 with the export's data standing in for
the database (`ContentContext`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .block_supports import block_core_heading_render, block_core_list_render
from .html_api import TagProcessor


def render_block_core_image(attrs: dict, content: str, block, renderer) -> str:
    """render_block_core_image(): no image, no block; data-id for gallery images."""
    if "<img" not in content.lower():
        return ""
    p = TagProcessor(content)
    if not p.next_tag("img") or not p.get_attribute("src"):
        return ""
    if "data-id" in attrs:
        p.set_attribute("data-id", str(attrs["data-id"]))
    return p.get_updated_html()


def block_core_gallery_render(attrs: dict, content: str, block, renderer) -> str:
    """A unique 'wp-block-gallery-N' class (wp_unique_id) and its gap CSS."""
    state = renderer.state
    cls = state.unique_id("wp-block-gallery-")
    p = TagProcessor(content)
    p.next_tag()
    p.add_class(cls)
    fallback = (
        "var( --wp--style--gallery-gap-default, var( --gallery-block--gutter-size, "
        "var( --wp--style--block-gap, 0.5em ) ) )"
    )
    style = attrs.get("style") if isinstance(attrs.get("style"), dict) else {}
    spacing = style.get("spacing") if isinstance(style.get("spacing"), dict) else {}
    gap = spacing.get("blockGap", fallback)
    if isinstance(gap, dict):
        gap = gap.get("left", fallback)
    if isinstance(gap, str) and "var:preset|spacing|" in gap:
        gap = f"var(--wp--preset--spacing--{gap[gap.rindex('|') + 1 :]})"
    if gap in ("0", 0):
        gap = "0px"
    state.styles.setdefault(
        cls, f".wp-block-gallery.{cls}{{--wp--style--unstable-gallery-gap:{gap};}}"
    )
    return p.get_updated_html()


RENDER_CALLBACKS: dict[str, Callable[[dict, str, Any, Any], str]] = {
    "core/heading": lambda a, c, b, r: block_core_heading_render(a, c),
    "core/list": lambda a, c, b, r: block_core_list_render(a, c),
    "core/image": render_block_core_image,
    "core/gallery": block_core_gallery_render,
}
