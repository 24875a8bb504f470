"""A `[covid19-ultimate-card]` shortcode's attributes, validated into a `CardSpec`.

Every attribute the plugin documented is honoured; unknown ones and invalid values
give a warning diagnostic and the default. Nothing from an attribute reaches the page
unvalidated: colours must be CSS colours, positions CSS keywords.
"""

from __future__ import annotations

import colorsys
import functools
import re
from dataclasses import dataclass, field, replace

import webcolors

from .data.model import WORLD
from .diagnostics import Diagnostic, line_col
from .parser import Attribute, Shortcode

# Labels when an attribute does not give one. Arabic when the card is right-to-left
# or the locale is Arabic, English otherwise.
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "confirmed": "Confirmed",
        "confirmed_24h": "New cases",
        "deaths": "Deaths",
        "deaths_24h": "New deaths",
        "deaths_rate": "Fatality rate",
        "recovered": "Recovered",
        "active": "Active",
        "last_update": "Last update:",
    },
    "ar": {
        "confirmed": "إجمالي الحالات",
        "confirmed_24h": "الحالات الجديدة",
        "deaths": "إجمالي الوفيات",
        "deaths_24h": "الوفيات الجديدة",
        "deaths_rate": "نسبة الوفيات",
        "recovered": "المتعافون",
        "active": "الحالات النشطة",
        "last_update": "آخر تحديث:",
    },
}

DEFAULT_FONT_COLOR = "#ffffff"
DEFAULT_BG_COLOR = "#0c3278"
DEFAULT_BG_POSITION = "center"
DEFAULT_LAST_UPDATE = "Y-m-d H:i"

_LABEL_ATTRS = {
    "confirmed-label": "confirmed",
    "confirmed-24h-label": "confirmed_24h",
    "deaths-label": "deaths",
    "deaths-24h-label": "deaths_24h",
    "deaths-rate-label": "deaths_rate",
    "recovered-label": "recovered",
    "active-label": "active",
    "last-update-label": "last_update",
}
_BOOL_ATTRS = {
    "confirmed-24h": "show_confirmed_24h",
    "deaths-24h": "show_deaths_24h",
    "deaths-rate": "show_deaths_rate",
    "rtl": "rtl",
    "trend": "trend",
}
KNOWN_ATTRIBUTES = frozenset(
    {"region", "region-name", "font-color", "bg-color", "bg-position", "last-update"}
    | set(_LABEL_ATTRS)
    | set(_BOOL_ATTRS)
)
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


@dataclass(frozen=True)
class CardSpec:
    """What one card shows and how, after validation."""

    region: str = WORLD  # ISO 3166-1 alpha-2 (upper case) or "world"
    region_name: str | None = None
    labels: dict[str, str] = field(default_factory=dict)  # only those the shortcode set
    show_confirmed_24h: bool = False
    show_deaths_24h: bool = False
    show_deaths_rate: bool = False
    rtl: bool | None = None  # None: the card's language decides (rtl="…" not given)
    trend: bool = False
    font_color: str = DEFAULT_FONT_COLOR
    bg_color: str = DEFAULT_BG_COLOR
    bg_position: str = DEFAULT_BG_POSITION
    last_update_format: str = DEFAULT_LAST_UPDATE
    unknown: dict[str, str] = field(default_factory=dict)

    def label(self, key: str, locale: str) -> str:
        """The label for a figure: the shortcode's, else the default for the language."""
        if key in self.labels:
            return self.labels[key]
        lang = "ar" if self.rtl or locale.split("_")[0].split("-")[0] == "ar" else "en"
        return DEFAULT_LABELS[lang][key]


def parse_bool(value: str) -> bool | None:
    """true/false/1/0/yes/no/on/off in any case; None when it is none of these."""
    v = value.strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    return None


# --- CSS colours --------------------------------------------------------------------

CSS_NAMED_COLORS = frozenset(
    """aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
    yellowgreen transparent""".split()
)
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_NUM = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?"
_PCT_OR_NUM = rf"{_NUM}%?"
_HUE = rf"{_NUM}(?:deg|grad|rad|turn)?"
_FUNC = re.compile(
    rf"(?:rgba?\(\s*{_PCT_OR_NUM}\s*(?:,\s*{_PCT_OR_NUM}\s*,\s*{_PCT_OR_NUM}\s*(?:,\s*{_PCT_OR_NUM}\s*)?"
    rf"|\s+{_PCT_OR_NUM}\s+{_PCT_OR_NUM}\s*(?:/\s*{_PCT_OR_NUM}\s*)?)\)"
    rf"|hsla?\(\s*{_HUE}\s*(?:,\s*{_PCT_OR_NUM}\s*,\s*{_PCT_OR_NUM}\s*(?:,\s*{_PCT_OR_NUM}\s*)?"
    rf"|\s+{_PCT_OR_NUM}\s+{_PCT_OR_NUM}\s*(?:/\s*{_PCT_OR_NUM}\s*)?)\))",
    re.IGNORECASE,
)


def css_color(value: str) -> str | None:
    """The value as a safe CSS colour (hex, rgb(), hsl(), named), or None if it is not one."""
    v = value.strip()
    if _HEX.fullmatch(v) or _FUNC.fullmatch(v):
        return v.lower()
    if v.lower() in CSS_NAMED_COLORS:
        return v.lower()
    return None


def rgba(color: str) -> tuple[float, float, float, float] | None:
    """sRGB components and alpha (0-1) of a CSS colour: hex, rgb(), hsl() or a name
    (CSS Color 3's, from webcolors); None when it is none of these."""
    c = color.strip().lower()
    if c.startswith("#"):
        h = c[1:]
        if len(h) in (3, 4):
            h = "".join(ch * 2 for ch in h)
        alpha = int(h[6:8], 16) / 255 if len(h) == 8 else 1.0
        return (*(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)), alpha)  # type: ignore[return-value]
    if c == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    if c.isalpha():
        try:
            named = webcolors.name_to_hex(c)
        except ValueError:
            named = _CSS4_NAMES.get(c)
        return rgba(named) if named else None
    nums = re.findall(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?%?", c)
    if len(nums) < 3:
        return None

    def num(v: str, scale: float) -> float:
        return min(max(float(v[:-1]) / 100 if v.endswith("%") else float(v) / scale, 0.0), 1.0)

    alpha = num(nums[3], 1) if len(nums) > 3 else 1.0
    if c.startswith("rgb"):
        return (*(num(v, 255) for v in nums[:3]), alpha)  # type: ignore[return-value]
    if c.startswith("hsl"):
        hue = float(nums[0].rstrip("%")) % 360 / 360
        sat, light = (num(v, 100) for v in nums[1:3])
        return (*colorsys.hls_to_rgb(hue, light, sat), alpha)
    return None


_CSS4_NAMES = {"rebeccapurple": "#663399"}  # CSS Color 4's one addition to the names


def _rgb(color: str) -> tuple[float, float, float] | None:
    """sRGB components (0-1) of a colour, as it shows over white when translucent."""
    found = rgba(color)
    if found is None:
        return None
    *rgb, alpha = found
    return tuple(alpha * v + (1 - alpha) for v in rgb)  # type: ignore[return-value]


def _over(fg: str, bg: tuple[float, float, float]) -> tuple[float, float, float] | None:
    found = rgba(fg)
    if found is None:
        return None
    *rgb, alpha = found
    return tuple(alpha * v + (1 - alpha) * b for v, b in zip(rgb, bg, strict=True))  # type: ignore[return-value]


def opaque_hex(color: str) -> str:
    """`color` as an opaque hex colour (translucent ones as they show over white)."""
    rgb = _rgb(color)
    if rgb is None:
        return color
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


@functools.lru_cache(maxsize=1024)  # every card of an export asks, with few distinct colours
def contrast_ratio(foreground: str, background: str) -> float | None:
    """WCAG 2 contrast ratio of two colours (1-21), or None when one is not a colour.

    A translucent background is taken over white (a page's usual colour; the card
    stores it so, see `card_spec`), a translucent text colour over the background."""
    bg = _rgb(background)
    fg = _over(foreground, bg) if bg is not None else None
    if fg is None or bg is None:
        return None

    def luminance(rgb: tuple[float, float, float]) -> float:
        lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


MIN_CONTRAST = 4.5  # WCAG AA for normal text

_POS_KEYWORDS = {"left", "right", "top", "bottom", "center"}


def css_background_position(value: str) -> str | None:
    """One or two CSS background-position keywords (``right``, ``top left``), or None."""
    words = value.strip().lower().split()
    if not 1 <= len(words) <= 2 or any(w not in _POS_KEYWORDS for w in words):
        return None
    if len(words) == 2:
        horizontal = {"left", "right"}
        vertical = {"top", "bottom"}
        a, b = words
        if (a in horizontal and b in horizontal) or (a in vertical and b in vertical):
            return None
    return " ".join(words)


# --- building the spec --------------------------------------------------------------


def card_spec(shortcode: Shortcode, source: str) -> tuple[CardSpec, list[Diagnostic]]:
    """Validate a parsed card shortcode into a `CardSpec`, with a warning per problem.

    `source` is the text the shortcode was parsed from (for line/column); never raises.
    """
    diags: list[Diagnostic] = []

    def warn(code: str, message: str, attr: Attribute | None) -> None:
        offset = attr.span[0] if attr else shortcode.span[0]
        line, col = line_col(source, offset)
        diags.append(
            Diagnostic(
                code,
                message,
                "warning",
                offset,
                line,
                col,
                str(attr.name) if attr is not None else None,
            )
        )

    values: dict[str, object] = {}
    labels: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for attr in shortcode.attributes:
        name, value = attr.name, attr.value
        if isinstance(name, int):
            unknown[str(name)] = value
            warn(
                "positional-value",
                f"value {value!r} has no attribute name; ignored",
                attr,
            )
            continue
        if name == "region":
            region = value.strip()
            if region == "" or region.lower() == WORLD:
                values["region"] = WORLD
            elif re.fullmatch(r"[A-Za-z]{2}", region):
                values["region"] = region.upper()
            else:
                values["region"] = region
                # Left to the data lookup to report as an unknown region, with the code.
        elif name == "region-name":
            values["region_name"] = value.strip() or None
        elif name in _LABEL_ATTRS:
            labels[_LABEL_ATTRS[name]] = value
        elif name in _BOOL_ATTRS:
            b = parse_bool(value)
            if b is None:
                warn(
                    "invalid-boolean",
                    f"{name}={value!r} is not true/false/1/0/yes/no; using the default",
                    attr,
                )
            else:
                values[_BOOL_ATTRS[name]] = b
        elif name in ("font-color", "bg-color"):
            color = css_color(value)
            if color is None:
                warn(
                    "invalid-color",
                    f"{name}={value!r} is not a CSS colour (hex, rgb(), hsl() or a name); "
                    "using the default",
                    attr,
                )
            else:
                values["font_color" if name == "font-color" else "bg_color"] = color
        elif name == "bg-position":
            pos = css_background_position(value)
            if pos is None:
                warn(
                    "invalid-position",
                    f"bg-position={value!r} is not left/right/center/top/bottom; using "
                    f"{DEFAULT_BG_POSITION!r}",
                    attr,
                )
            else:
                values["bg_position"] = pos
        elif name == "last-update":
            values["last_update_format"] = value
        else:
            unknown[name] = value
            warn("unknown-attribute", f"unknown attribute {name!r} ignored", attr)
    spec = CardSpec(labels=labels, unknown=unknown, **values)  # type: ignore[arg-type]
    # A translucent colour would show whatever is behind the card: stored as it shows
    # over white (the background) and over the background (the text), so that the
    # contrast checked below is the contrast a reader gets.
    bg = rgba(spec.bg_color)
    if bg is not None and bg[3] < 1:
        spec = replace(spec, bg_color=opaque_hex(spec.bg_color))
    fg = rgba(spec.font_color)
    bg_rgb = _rgb(spec.bg_color)
    if fg is not None and fg[3] < 1 and bg_rgb is not None:
        mixed = _over(spec.font_color, bg_rgb)
        spec = replace(spec, font_color="#" + "".join(f"{round(v * 255):02x}" for v in mixed))
    ratio = contrast_ratio(spec.font_color, spec.bg_color)
    if ratio is not None and ratio < MIN_CONTRAST:
        black = contrast_ratio("#000000", spec.bg_color) or 0
        white = contrast_ratio("#ffffff", spec.bg_color) or 0
        readable = "#000000" if black > white else "#ffffff"
        font_attr = next((a for a in shortcode.attributes if a.name == "font-color"), None)
        warn(
            "low-contrast",
            f"font-color {spec.font_color} on bg-color {spec.bg_color} has contrast "
            f"{ratio:.1f}:1 (readable text needs {MIN_CONTRAST}:1); using {readable}",
            font_attr,
        )
        spec = replace(spec, font_color=readable)
    return spec, diags


__all__ = [
    "CSS_NAMED_COLORS",
    "CardSpec",
    "DEFAULT_LABELS",
    "KNOWN_ATTRIBUTES",
    "card_spec",
    "contrast_ratio",
    "css_background_position",
    "css_color",
    "parse_bool",
]
