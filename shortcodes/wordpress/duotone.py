"""The SVG filter of a custom duotone, as WordPress 7.1 prints it at the end of a page
(class-wp-duotone.php: get_filter_svg, and the colord parser it reads colours with).
Hand-written to match WordPress's output byte for byte."""

from __future__ import annotations

import math
import re
from typing import Any

from .html_api import esc_attr
from .php import php_string

# wp_get_block_css_selector(…, ['filter', 'duotone']) of the core blocks with duotone.
DUOTONE_SELECTORS = {
    "core/avatar": ".wp-block-avatar img",
    "core/cover": ".wp-block-cover > .wp-block-cover__image-background, "
    ".wp-block-cover > .wp-block-cover__video-background",
    "core/image": ".wp-block-image img, .wp-block-image .components-placeholder",
    "core/post-author": ".wp-block-post-author .wp-block-post-author__avatar img",
    "core/post-featured-image": ".wp-block-post-featured-image img, "
    ".wp-block-post-featured-image .wp-block-post-featured-image__placeholder, "
    ".wp-block-post-featured-image .components-placeholder__illustration, "
    ".wp-block-post-featured-image .components-placeholder::before",
    "core/site-logo": ".wp-block-site-logo img, "
    ".wp-block-site-logo .components-placeholder__illustration, "
    ".wp-block-site-logo .components-placeholder::before",
}


def duotone_selector(filter_id: str, block_name: str) -> str | None:
    """enqueue_block_css(): the block's duotone selectors, each scoped by the filter's class."""
    selector = DUOTONE_SELECTORS.get(block_name)
    if selector is None:
        return None
    return ", ".join(f".{filter_id}{part.strip()}" for part in selector.split(","))


def _clamp(number: float, low: float = 0, high: float = 1) -> float:
    return high if number > high else (number if number > low else low)


def _parse_hex(text: str) -> dict[str, Any] | None:
    m = re.match(r"^#([0-9a-f]{3,8})$", text, re.I)
    if not m:
        return None
    h = m[1]
    if len(h) <= 4:
        alpha: Any = round(int(h[3] * 2, 16) / 255, 2) if len(h) == 4 else 1
        return {"r": int(h[0] * 2, 16), "g": int(h[1] * 2, 16), "b": int(h[2] * 2, 16), "a": alpha}
    if len(h) in (6, 8):
        alpha = round(int(h[6:8], 16) / 255, 2) if len(h) == 8 else 1
        return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": alpha}
    return None


_NUM = r"([+-]?\d*\.?\d+)"
_RGB = (
    re.compile(
        rf"^rgba?\(\s*{_NUM}(%)?\s*,\s*{_NUM}(%)?\s*,\s*{_NUM}(%)?\s*(?:,\s*{_NUM}(%)?\s*)?\)$",
        re.I,
    ),
    re.compile(
        rf"^rgba?\(\s*{_NUM}(%)?\s+{_NUM}(%)?\s+{_NUM}(%)?\s*(?:/\s*{_NUM}(%)?\s*)?\)$", re.I
    ),
)
_HSL = (
    re.compile(
        rf"^hsla?\(\s*{_NUM}(deg|rad|grad|turn)?\s*,\s*{_NUM}%\s*,\s*{_NUM}%\s*(?:,\s*{_NUM}(%)?\s*)?\)$",
        re.I,
    ),
    re.compile(
        rf"^hsla?\(\s*{_NUM}(deg|rad|grad|turn)?\s+{_NUM}%\s+{_NUM}%\s*(?:/\s*{_NUM}(%)?\s*)?\)$",
        re.I,
    ),
)


def _parse_rgba(text: str) -> dict[str, Any] | None:
    m = _RGB[0].match(text) or _RGB[1].match(text)
    if not m:
        return None
    g = [x or "" for x in m.groups()]
    if g[1] != g[3] or g[3] != g[5]:
        return None

    def channel(value: str, percent: str) -> float:
        return _clamp(float(value) / (100 / 255 if percent else 1), 0, 255)

    return {
        "r": channel(g[0], g[1]),
        "g": channel(g[2], g[3]),
        "b": channel(g[4], g[5]),
        "a": 1 if g[6] == "" else _clamp(float(g[6]) / (100 if g[7] else 1)),
    }


def _parse_hsla(text: str) -> dict[str, Any] | None:
    m = _HSL[0].match(text) or _HSL[1].match(text)
    if not m:
        return None
    g = [x or "" for x in m.groups()]
    factor = {"grad": 360 / 400, "turn": 360, "rad": 360 / (math.pi * 2)}.get(g[1].lower(), 1)
    hue = float(g[0]) * factor
    # colord_clamp_hue: PHP's % works on integers.
    degrees = int(math.fmod(int(hue), 360)) if math.isfinite(hue) else 0
    h = degrees if degrees > 0 else degrees + 360
    s = _clamp(float(g[2]), 0, 100)
    lightness = _clamp(float(g[3]), 0, 100)
    a = 1 if g[4] == "" else _clamp(float(g[4]) / (100 if g[5] else 1))
    # colord_hsla_to_hsva, then colord_hsva_to_rgba.
    s *= (lightness if lightness < 50 else 100 - lightness) / 100
    hs = (2 * s) / (lightness + s) * 100 if s > 0 else 0
    v = lightness + s
    h6, sat, val = (h / 360) * 6, hs / 100, v / 100
    hh = math.floor(h6)
    b = val * (1 - sat)
    c = val * (1 - (h6 - hh) * sat)
    d = val * (1 - (1 - h6 + hh) * sat)
    module = int(hh) % 6
    return {
        "r": (val, c, b, b, d, val)[module] * 255,
        "g": (d, val, val, c, b, b)[module] * 255,
        "b": (b, b, d, val, val, c)[module] * 255,
        "a": a,
    }


def colord_parse(text: Any) -> dict[str, Any] | None:
    """WP_Duotone::colord_parse(): a hex, rgb() or hsl() colour as r, g, b (0-255) and a."""
    if not isinstance(text, str):
        return None
    return _parse_hex(text) or _parse_rgba(text) or _parse_hsla(text)


def _ratio(channel: Any) -> Any:
    """`$channel / 255` in PHP: an int when it divides exactly, else a float."""
    if isinstance(channel, int) and channel % 255 == 0:
        return channel // 255
    return channel / 255


def get_filter_svg(filter_id: str, colors: list) -> str:
    """WP_Duotone::get_filter_svg(), with its whitespace collapsed as WordPress prints it."""
    values: dict[str, list[str]] = {"r": [], "g": [], "b": [], "a": []}
    for color_text in colors:
        color = colord_parse(color_text)
        if color is None:
            continue  # _doing_it_wrong: not a hex or rgb string
        for key in ("r", "g", "b"):
            values[key].append(php_string(_ratio(color[key])))
        values["a"].append(php_string(color["a"]))
    table = {k: esc_attr(" ".join(v)) for k, v in values.items()}
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 0" width="0" height="0" '
        'focusable="false" role="none" style="visibility: hidden; position: absolute; '
        'left: -9999px; overflow: hidden;" ><defs><filter id="'
        + esc_attr(filter_id)
        + '"><feColorMatrix color-interpolation-filters="sRGB" type="matrix" values="'
        + " .299 .587 .114 0 0" * 4
        + ' " /><feComponentTransfer color-interpolation-filters="sRGB" >'
        '<feFuncR type="table" tableValues="'
        + table["r"]
        + '" /><feFuncG type="table" tableValues="'
        + table["g"]
        + '" /><feFuncB type="table" tableValues="'
        + table["b"]
        + '" /><feFuncA type="table" tableValues="'
        + table["a"]
        + '" /></feComponentTransfer><feComposite in2="SourceGraphic" operator="in" /></filter>'
        "</defs></svg>"
    )
