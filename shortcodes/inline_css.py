"""The card stylesheet put inline, for cards frozen back into WordPress (--format wxr).

A post re-imported into a WordPress without the plugin has no `covid-card.css`, and
kses keeps only the inline declarations `safecss_filter_attr` allows. So each element's
classes are turned into the declarations card.css gives them, kept only where WordPress
7.1's `safecss_filter_attr` would keep them (hand-ported below: the allowed properties
and the value test, which must match WordPress exactly). card.css writes a safe
declaration before any it enhances, so what is dropped degrades, never breaks.
"""

from __future__ import annotations

import functools
import re

from .card import opaque_hex
from .render import stylesheet

# wp-includes/kses.php (7.1.0), safecss_filter_attr(): the `safe_style_css` default list.
SAFE_CSS_PROPERTIES = frozenset(
    """align-content align-items align-self alignment-baseline aspect-ratio background
    background-attachment background-blend-mode background-color background-image
    background-position background-repeat background-size baseline-shift border
    border-bottom border-bottom-color border-bottom-left-radius border-bottom-right-radius
    border-bottom-style border-bottom-width border-collapse border-color border-left
    border-left-color border-left-style border-left-width border-radius border-right
    border-right-color border-right-style border-right-width border-spacing border-style
    border-top border-top-color border-top-left-radius border-top-right-radius
    border-top-style border-top-width border-width bottom box-shadow caption-side clear
    clip-path clip-rule color color-interpolation color-interpolation-filters
    color-rendering column-count column-fill column-gap column-rule column-span
    column-width columns container-type cursor cx cy d direction display
    dominant-baseline fill fill-opacity fill-rule filter flex flex-basis flex-direction
    flex-flow flex-grow flex-shrink flex-wrap float flood-color flood-opacity font
    font-family font-size font-size-adjust font-stretch font-style font-variant
    font-weight gap glyph-orientation-horizontal glyph-orientation-vertical
    grid-auto-columns grid-auto-rows grid-column grid-column-end grid-column-gap
    grid-column-start grid-gap grid-row grid-row-end grid-row-gap grid-row-start
    grid-template-columns grid-template-rows height image-rendering justify-content
    justify-items justify-self left letter-spacing lighting-color line-height
    list-style-type margin margin-block-end margin-block-start margin-bottom
    margin-inline-end margin-inline-start margin-left margin-right margin-top marker
    marker-end marker-mid marker-start mask mask-type max-height max-width min-height
    min-width object-fit object-position opacity overflow padding padding-block-end
    padding-block-start padding-bottom padding-inline-end padding-inline-start
    padding-left padding-right padding-top paint-order pointer-events position r right
    row-gap rx ry shape-rendering stop-color stop-opacity stroke stroke-dasharray
    stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity
    stroke-width text-align text-anchor text-decoration text-indent text-rendering
    text-transform top transform transform-origin unicode-bidi vector-effect
    vertical-align visibility white-space width word-spacing writing-mode x y
    z-index""".split()
)
_CUSTOM_PROPERTY = re.compile(r"--[a-zA-Z0-9-_]+")  # '--*': assigning CSS variables
# The functions WordPress removes from a value before testing it (balanced parentheses).
_FUNCTIONS = (
    r"var|calc|min|max|minmax|clamp|repeat|matrix|matrix3d|perspective"
    r"|rotate|rotate3d|rotateX|rotateY|rotateZ|scale|scale3d|scaleX|scaleY|scaleZ"
    r"|skew|skewX|skewY|translate|translate3d|translateX|translateY|translateZ"
    r"|circle|ellipse|inset|path|polygon|rect|shape|xywh"
)
_FUNCTION_CALL = re.compile(rf"\b(?:{_FUNCTIONS})\(([^()]*)\)")
_UNSAFE = re.compile(r"[\\(&=}]|/\*")


def safe_declaration(prop: str, value: str) -> bool:
    """Whether `safecss_filter_attr` keeps ``prop: value`` (no url() or gradients
    are used by the card, so those branches are not ported)."""
    if prop not in SAFE_CSS_PROPERTIES and not _CUSTOM_PROPERTY.fullmatch(prop):
        return False
    # PCRE's recursive (?1) removes nested calls at once; removing innermost calls
    # until none is left does the same.
    test = f"{prop}: {value}"
    while True:
        stripped = _FUNCTION_CALL.sub("", test)
        if stripped == test:
            break
        test = stripped
    return not _UNSAFE.search(test)


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CLASS_SELECTOR = re.compile(r"\.([a-zA-Z0-9_-]+)")


_TAG_SELECTOR = re.compile(r"\.covid-card\s+([a-z][a-z0-9]*)")


@functools.lru_cache(maxsize=1)
def _class_rules() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(class, declarations) of every one-class rule of card.css, then ("<tag>",
    declarations) of every ``.covid-card tag`` rule (more specific: they come last)."""
    rules = []
    tag_rules = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", stylesheet())):
        decls = []
        for item in body.split(";"):
            if ":" in item:
                prop, value = item.split(":", 1)
                decls.append((prop.strip().lower(), value.strip()))
        for selector in selectors.split(","):
            selector = selector.strip()
            if _CLASS_SELECTOR.fullmatch(selector):
                rules.append((selector[1:], tuple(decls)))
            elif m := _TAG_SELECTOR.fullmatch(selector):
                tag_rules.append((f"<{m.group(1)}>", tuple(decls)))
    return tuple(rules + tag_rules)


@functools.lru_cache(maxsize=256)
def class_style(classes: str, tag: str = "") -> str:
    """The inline declarations card.css gives a `tag` element with these classes inside
    a card: for each property the last declaration kses keeps (the cascade)."""
    names = {*classes.split(), f"<{tag}>"}
    chosen: dict[str, str] = {}
    for name, decls in _class_rules():
        if name in names:
            for prop, value in decls:
                if prop.startswith("--"):
                    continue  # the card's variables are its own, substituted below
                if safe_declaration(prop, value.replace('"', "'")):
                    chosen.pop(prop, None)  # a later one goes last, as it wins
                    chosen[prop] = value.replace('"', "'")
    return "; ".join(f"{p}: {v}" for p, v in chosen.items())


_ELEMENT = re.compile(r'<([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"]*")*)\s*(/?)>')
_ATTR = re.compile(r'\s+([a-z-]+)="([^"]*)"')
_VAR = re.compile(r"--covid-(fg|bg|bg-position):\s*([^;]+);")


def inline_card(html: str) -> str:
    """A card's HTML with card.css inline on every element (the classes stay), its
    colours as hex (rgb() and hsl() are not safe CSS for kses) and its variables
    replaced by their values, so it needs neither the stylesheet nor var()."""
    values = {"fg": "#ffffff", "bg": "#0c3278", "bg-position": "center"}
    first = _ELEMENT.search(html)
    if first is not None:
        for name, value in _VAR.findall(first.group(0)):
            values[name] = value.strip() if name == "bg-position" else opaque_hex(value.strip())

    def element(m: re.Match[str]) -> str:
        tag, attrs, slash = m.group(1), m.group(2), m.group(3)
        found = dict(_ATTR.findall(attrs))
        classes = found.get("class", "")
        style = class_style(classes, tag)
        if not style:
            return m.group(0)
        style = style.replace("var(--covid-fg)", values["fg"])
        style = style.replace("var(--covid-bg)", values["bg"])
        own = found.get("style", "").strip().rstrip(";")
        if tag == "section" and own:
            # The card's variables, as hex, first: kses keeps them, and themes may use them.
            own = "; ".join(
                f"--covid-{name}: {values[name]}" for name in ("fg", "bg", "bg-position")
            )
            merged = "; ".join(s for s in (own, style) if s)
        else:
            merged = "; ".join(s for s in (style, own) if s)  # its own style wins
        out = [f"<{tag}"]
        for name, value in _ATTR.findall(attrs):
            if name != "style":
                out.append(f' {name}="{value}"')
        if merged:
            out.append(f' style="{merged};"')
        out.append(f"{' /' if slash else ''}>")
        return "".join(out)

    return _ELEMENT.sub(element, html)


_SVG_CHART = re.compile(
    r'<svg class="covid-card__chart" role="img" aria-label="([^"]*)" viewBox="0 0 [\d.]+ ([\d.]+)"'
    r'[^>]*>.*?<polyline [^>]*?points="([^"]*)"[^>]*>.*?</svg>',
    re.S,
)


def chart_as_bars(html: str) -> str:
    """The trend's <svg> (not among the tags kses allows) as a row of bars made of
    spans with inline heights, which kses keeps: one bar a day, oldest first, so that
    the row runs right to left in a right-to-left card as the line did."""

    def bars(m: re.Match[str]) -> str:
        label, height, points = m.group(1), float(m.group(2)), m.group(3).split()
        out = [f'<span class="covid-card__bars" role="img" aria-label="{label}">']
        for point in points:
            y = float(point.split(",")[1])
            share = max(0.0, min(100.0, (height - 2 - y) / (height - 4) * 100))
            out.append(f'<span class="covid-card__bar" style="height: {share:.0f}%"></span>')
        out.append("</span>")
        return "".join(out)

    return _SVG_CHART.sub(bars, html)


__all__ = ["chart_as_bars", "SAFE_CSS_PROPERTIES", "class_style", "inline_card", "safe_declaration"]
