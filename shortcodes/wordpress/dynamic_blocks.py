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


RENDER_CALLBACKS: dict[str, Callable[[dict, str, Any, Any], str]] = {
    "core/heading": lambda a, c, b, r: block_core_heading_render(a, c),
    "core/list": lambda a, c, b, r: block_core_list_render(a, c),
    "core/image": render_block_core_image,
}
