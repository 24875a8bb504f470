"""Block supports of WordPress 7.1 that act on a block's rendered HTML and were added after
the layout, colour and duotone ones of block_supports.py: fluid font sizes
(block-supports/typography.php), block visibility (block-supports/block-visibility.php)
and the unwrapping of editorial note markers (comment.php). Hand-written ports, kept next
to the PHP they follow: their output is compared with WordPress's byte for byte.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from .html_api import TagProcessor, esc_attr
from .php import is_numeric, php_empty, php_round, php_string

if TYPE_CHECKING:
    from .block_supports import RenderState
    from .blocks import ParsedBlock

# Twenty Twenty-Five's settings.typography.fluid (true) and settings.layout.wideSize.
FLUID_TYPOGRAPHY = True
WIDE_SIZE = "1340px"

# Block types whose block.json says "visibility": false (WordPress 7.1.0).
VISIBILITY_UNSUPPORTED = frozenset(
    "core/" + name
    for name in (
        "accordion-heading",
        "accordion-panel",
        "freeform",
        "html",
        "missing",
        "more",
        "nextpage",
        "pattern",
        "shortcode",
        "tab-list",
    )
)
# WP_Theme_JSON::get_viewport_media_queries() of the default breakpoints (480px, 782px),
# with the desktop one, keyed by viewport name as block visibility uses them.
VIEWPORT_MEDIA_QUERIES = {
    "mobile": "@media (width <= 480px)",
    "tablet": "@media (480px < width <= 782px)",
    "desktop": "@media (width > 782px)",
}


def wp_get_typography_value_and_unit(
    raw: Any, coerce_to: str = "", root_size_value: int = 16
) -> tuple[float, str] | None:
    """wp_get_typography_value_and_unit(): (value, unit) of a size in rem, px or em."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return None
    if php_empty(raw):
        return None
    text = php_string(raw) + "px" if is_numeric(raw) else str(raw)
    m = re.match(r"^(\d*\.?\d+)([a-zA-Z]+|%)$", text)
    if not m:
        return None
    value, unit = float(m[1]), m[2]
    if unit not in ("rem", "px", "em"):
        return None
    if coerce_to == "px" and unit in ("em", "rem"):
        value, unit = value * root_size_value, coerce_to
    if unit == "px" and coerce_to in ("em", "rem"):
        value, unit = value / root_size_value, coerce_to
    if coerce_to in ("em", "rem") and unit in ("em", "rem"):
        unit = coerce_to
    return php_round(value, 3), unit


def wp_get_computed_fluid_typography_value(
    minimum_viewport_width: str,
    maximum_viewport_width: str,
    minimum_font_size: str,
    maximum_font_size: str,
    scale_factor: float = 1,
) -> str | None:
    """wp_get_computed_fluid_typography_value(): the clamp() of a fluid font size."""
    minimum = wp_get_typography_value_and_unit(minimum_font_size)
    unit = minimum[1] if minimum else "rem"
    maximum = wp_get_typography_value_and_unit(maximum_font_size, unit)
    if not maximum or not minimum:
        return None
    minimum_rem = wp_get_typography_value_and_unit(minimum_font_size, "rem")
    max_viewport = wp_get_typography_value_and_unit(maximum_viewport_width, unit)
    min_viewport = wp_get_typography_value_and_unit(minimum_viewport_width, unit)
    if not min_viewport or not max_viewport or minimum_rem is None:
        return None
    denominator = max_viewport[0] - min_viewport[0]
    if not denominator:
        return None
    offset = php_string(php_round(min_viewport[0] / 100, 3)) + unit
    linear_factor = 100 * ((maximum[0] - minimum[0]) / denominator)
    scaled: float | int = php_round(linear_factor * scale_factor, 3) or 1
    target = (
        f"{php_string(minimum_rem[0])}{minimum_rem[1]} + ((1vw - {offset}) * {php_string(scaled)})"
    )
    return f"clamp({minimum_font_size}, {target}, {maximum_font_size})"


def wp_get_typography_font_size_value(preset: dict) -> Any:
    """wp_get_typography_font_size_value(): a font size, made fluid (a clamp()) where the
    theme's settings ask for it, else as given."""
    size = preset.get("size")
    if size is None:
        return None
    fluid = preset.get("fluid")
    if fluid is False or php_empty(size):
        return size
    if not FLUID_TYPOGRAPHY and php_empty(fluid):
        return size
    minimum_viewport_width = "320px"
    maximum_viewport_width = WIDE_SIZE if wp_get_typography_value_and_unit(WIDE_SIZE) else "1600px"
    fluid = fluid if isinstance(fluid, dict) else {}
    minimum_raw, maximum_raw = fluid.get("min"), fluid.get("max")
    preferred = wp_get_typography_value_and_unit(size)
    if not preferred or not preferred[1]:
        return size
    limit = wp_get_typography_value_and_unit("14px", preferred[1])
    if limit and not minimum_raw and not maximum_raw and preferred[0] <= limit[0]:
        return size
    if not maximum_raw:
        maximum_raw = php_string(preferred[0]) + preferred[1]
    if not minimum_raw:
        in_px = preferred[0] if preferred[1] == "px" else preferred[0] * 16
        log2 = math.log2(in_px) if in_px > 0 else -math.inf
        factor = min(max(1 - 0.075 * log2, 0.25), 0.75)
        calculated = php_round(preferred[0] * factor, 3)
        if limit and calculated <= limit[0]:
            minimum_raw = php_string(limit[0]) + limit[1]
        else:
            minimum_raw = php_string(calculated) + preferred[1]
    value = wp_get_computed_fluid_typography_value(
        minimum_viewport_width, maximum_viewport_width, str(minimum_raw), str(maximum_raw)
    )
    return value or size


def wp_render_typography_support(content: str, block: ParsedBlock) -> str:
    """wp_render_typography_support(): the fit-text directives, else the block's custom
    font size made fluid in its saved HTML (the first `font-size:` of that value)."""
    attrs = block.attrs
    if attrs.get("fitText"):
        if content:
            p = TagProcessor(content)
            if p.next_tag():
                if not p.get_attribute("data-wp-interactive"):
                    p.set_attribute("data-wp-interactive", True)
                p.set_attribute("data-wp-context---core-fit-text", 'core/fit-text::{"fontSize":""}')
                p.set_attribute("data-wp-init---core-fit-text", "core/fit-text::callbacks.init")
                p.set_attribute("data-wp-style--font-size", "core/fit-text::context.fontSize")
                content = p.get_updated_html()
        return content
    style = attrs.get("style")
    typography = style.get("typography") if isinstance(style, dict) else None
    custom = typography.get("fontSize") if isinstance(typography, dict) else None
    if custom is None:
        return content
    fluid = wp_get_typography_font_size_value({"size": custom})
    if php_empty(fluid) or fluid == custom and type(fluid) is type(custom):
        return content
    pattern = r"font-size\s*:\s*" + re.escape(php_string(custom)) + r"\s*;?"
    replacement = "font-size:" + esc_attr(str(fluid)) + ";"
    return re.sub(pattern, lambda _: replacement, content, count=1)


def wp_render_block_visibility_support(content: str, block: ParsedBlock, state: RenderState) -> str:
    """wp_render_block_visibility_support(): a block hidden in the editor
    (metadata.blockVisibility false) prints nothing; one hidden on some viewports gets
    their `wp-block-hidden-*` classes and the CSS that hides it there."""
    metadata = block.attrs.get("metadata")
    visibility = metadata.get("blockVisibility") if isinstance(metadata, dict) else None
    if visibility is False:
        return ""
    if block.name in VISIBILITY_UNSUPPORTED or not isinstance(visibility, dict) or not visibility:
        return content
    viewport = visibility.get("viewport")
    if not isinstance(viewport, dict) or not viewport:
        return content
    hidden = sorted(
        str(size)
        for size, visible in viewport.items()
        if visible is False and size in VIEWPORT_MEDIA_QUERIES
    )
    if not hidden:
        return content
    classes = [f"wp-block-hidden-{size}" for size in hidden]
    for size, cls in zip(hidden, classes, strict=True):
        media = VIEWPORT_MEDIA_QUERIES[size]
        state.styles.setdefault(f"{media}.{cls}", f"{media}{{.{cls}{{display:none !important;}}}}")
    if content:
        p = TagProcessor(content)
        if p.next_tag():
            p.add_class(" ".join(classes))
            # fetchpriority=auto: a hidden image never takes the first image's priority.
            while True:
                if p.get_tag() == "IMG":
                    p.set_attribute("fetchpriority", "auto")
                if not p.next_tag():
                    break
            content = p.get_updated_html()
    return content


def wp_strip_inline_note_markers(content: str) -> str:
    """wp_strip_inline_note_markers(): the `<mark class="wp-note">` around text an editor
    commented on is unwrapped (the text stays); any other `<mark>` is left."""
    if "wp-note" not in content:
        return content
    p = TagProcessor(content)
    stack: list[bool] = []
    spans: list[tuple[int, int]] = []
    while p.next_tag("MARK", closers=True):
        if p.is_tag_closer():
            is_note = stack.pop() if stack else None
        else:
            is_note = p.has_class("wp-note")
            stack.append(is_note)
        if is_note is True:
            spans.append(p.token_span())
    for start, end in reversed(spans):
        content = content[:start] + content[end:]
    return content


# Twenty Twenty-Five's settings.appearanceTools (true) allows sticky positions, not fixed.
POSITION_TYPES = ("sticky",)


def wp_render_position_support(content: str, block: ParsedBlock, state: RenderState) -> str:
    """wp_render_position_support(): a sticky block gets a `wp-container-N` class (a
    wp_unique_id, taken for any position, as WordPress does) and its CSS."""
    from .block_supports import block_has_support

    style = block.attrs.get("style")
    position = style.get("position") if isinstance(style, dict) else None
    if not block_has_support(block.name, ("position",)) or php_empty(position):
        return content
    class_name = state.unique_id("wp-container-")
    kind = position.get("type", "") if isinstance(position, dict) else ""
    if kind not in POSITION_TYPES or not isinstance(position, dict):
        return content
    declarations = []
    for side in ("top", "right", "bottom", "left"):
        value = position.get(side)
        if value is None:
            continue
        if side == "top":
            if value in ("0", 0) and not isinstance(value, bool):
                value = "0px"
            # The logged-in admin bar's height, as WordPress adds it.
            value = f"calc({php_string(value)} + var(--wp-admin--admin-bar--position-offset, 0px))"
        declarations.append(f"{side}:{php_string(value)};")
    declarations += [f"position:{kind};", "z-index:10;"]
    state.styles.setdefault(f".{class_name}", f".{class_name}{{{''.join(declarations)}}}")
    p = TagProcessor(content)
    p.next_tag()
    p.add_class(class_name)
    p.add_class(f"is-position-{kind}")
    return p.get_updated_html()
