"""Block supports that change a block's markup when WordPress 7.1 renders it
(wp-includes/block-supports/*.php), for the theme the reference was made with
(Twenty Twenty-Five: its theme.json settings below).

`render_block_data` filters run on each parsed block before it renders,
`render_block` filters on its HTML after; the CSS WordPress would print for the
generated container classes is collected in `RenderState.styles`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .block_supports_render import wp_get_typography_font_size_value
from .block_types import BLOCK_TYPES
from .caches import remember
from .duotone import duotone_selector, get_filter_svg
from .html_api import VOID_ELEMENTS, TagProcessor
from .kses import safecss_filter_attr

if TYPE_CHECKING:
    from .blocks import ParsedBlock

# wp_get_global_settings() / wp_get_global_styles() of Twenty Twenty-Five on 7.1.
GLOBAL_SETTINGS: dict[str, Any] = {
    "useRootPaddingAwareAlignments": True,
    "layout": {"contentSize": "645px", "wideSize": "1340px"},
    "spacing": {"blockGap": True},  # isset(): a block theme's layout styles use gaps
}
GLOBAL_STYLES: dict[str, Any] = {
    "spacing": {"blockGap": "1.2rem"},
    "blocks": {
        "core/columns": {"spacing": {"blockGap": "var(--wp--preset--spacing--50)"}},
        "core/buttons": {"spacing": {"blockGap": "16px"}},
        "core/quote": {"spacing": {"blockGap": "var(--wp--preset--spacing--30)"}},
    },
}
LAYOUT_DEFINITIONS = {
    "default": "is-layout-flow",
    "constrained": "is-layout-constrained",
    "flex": "is-layout-flex",
    "grid": "is-layout-grid",
}


@dataclass
class RenderState:
    """What one the_content run accumulates: unique-id counters and the CSS rules of
    the block supports (the page must print them, as wp_enqueue_block_support_styles)."""

    counters: dict[str, int] = field(default_factory=dict)
    styles: dict[str, str] = field(default_factory=dict)  # selector rules, in order
    diagnostics: list[tuple[str, str, int]] = field(default_factory=list)
    search_form: bool = True  # the output has a search page for core/search's form
    svg_filters: dict[str, list] = field(default_factory=dict)  # custom duotones' colours

    def unique_id(self, prefix: str = "") -> str:
        """wp_unique_id(): one counter for every prefix within the run."""
        self.counters[""] = self.counters.get("", 0) + 1
        return f"{prefix}{self.counters['']}"

    def unique_prefixed_id(self, prefix: str) -> str:
        """wp_unique_prefixed_id(): 1, 2, … per prefix within the run."""
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]}"

    def stylesheet(self) -> str:
        return "".join(self.styles.values())

    def svg_definitions(self) -> str:
        """The duotone filters WordPress prints at the end of the page (get_svg_definitions)."""
        return "".join(get_filter_svg(fid, colors) for fid, colors in self.svg_filters.items())


_FLAGS: dict[str, tuple[bool, bool, bool]] = {}


def render_flags(name: str) -> tuple[bool, bool, bool]:
    """Whether the block type supports layout, an aspect ratio and duotone (cached)."""
    flags = _FLAGS.get(name)
    if flags is None:
        flags = _FLAGS[name] = (
            bool(block_has_support(name, ("layout",)))
            or bool(block_has_support(name, ("__experimentalLayout",))),
            bool(block_has_support(name, ("dimensions", "aspectRatio"))),
            bool(block_has_support(name, ("filter", "duotone"))),
        )
    return flags


# Attributes block supports add to every block type (register_block_type_args).
_SUPPORT_ATTRIBUTES = {
    "style": "object", "className": "string", "align": "string", "fontSize": "string",
    "fontFamily": "string", "textColor": "string", "backgroundColor": "string",
    "gradient": "string", "borderColor": "string", "anchor": "string", "layout": "object",
    "lock": "object", "metadata": "object",
}  # fmt: skip
_TYPE_CHECKS = {
    "string": lambda v: isinstance(v, str),
    "rich-text": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def prepare_attributes_for_render(block: ParsedBlock) -> dict:
    """WP_Block_Type::prepare_attributes_for_render(): attributes of the wrong type
    dropped (their defaults apply), as WordPress validates them against block.json."""
    bt = block_type(block.name)
    if bt is None:
        return block.attrs
    types = bt[3] if len(bt) > 3 else {}
    out: dict[str, Any] = {}
    for key, value in block.attrs.items():
        wanted = types.get(key) or _SUPPORT_ATTRIBUTES.get(key)
        if wanted is not None:
            kinds = wanted if isinstance(wanted, list) else [wanted]
            if not any(_TYPE_CHECKS.get(k, lambda v: True)(value) for k in kinds):
                continue
        out[key] = value
    return out


def block_type(
    name: str | None,
) -> tuple[dict[str, Any], bool, dict[str, Any], dict[str, Any]] | None:
    """The block type's (supports, dynamic, attribute defaults, attribute types)."""
    return BLOCK_TYPES.get(name) if name else None


def block_has_support(name: str | None, path: tuple[str, ...], default: Any = False) -> Any:
    bt = block_type(name)
    if bt is None:
        return False
    value: Any = bt[0]
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value if value is not None else default


def wp_json_encode(value: Any) -> str:
    """PHP's json_encode() defaults: '/' escaped, non-ASCII as \\uXXXX."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def wp_unique_id_from_values(data: Any, prefix: str = "") -> str:
    return prefix + _md5_8(wp_json_encode(data))


@lru_cache(maxsize=4096)
def _md5_8(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()[:8]


@lru_cache(maxsize=1024)
def sanitize_title(text: str) -> str:
    """sanitize_title_with_dashes() for the ASCII names block supports pass it."""
    text = re.sub(r"<[^>]*>", "", text).lower().replace("/", "-").replace(".", "-")
    text = re.sub(r"[^%a-z0-9 _-]", "", text)
    text = re.sub(r"\s+", "-", text)
    return re.sub(r"-+", "-", text).strip("-")


def _preset_var(value: Any) -> Any:
    if isinstance(value, str) and "var:preset|spacing|" in value:
        slug = value[value.rindex("|") + 1 :]
        return f"var(--wp--preset--spacing--{_kebab(slug)})"
    return value


def _kebab(text: str) -> str:
    """_wp_to_kebab_case() for preset slugs."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", text)
    text = re.sub(r"([a-zA-Z])([0-9])", r"\1-\2", text)
    return re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()


def _css(rules: list[tuple[str, dict[str, str]]]) -> str:
    """wp_style_engine_get_stylesheet_from_css_rules(), not prettified."""
    out = []
    for selector, declarations in rules:
        decl = ";".join(f"{k}:{v}" for k, v in declarations.items() if v not in (None, ""))
        if decl:
            out.append(f"{selector}{{{decl};}}")
    return "".join(out)


# -- wp_render_elements_support_styles / wp_render_elements_class_name -------------------

_ELEMENT_PATHS = {
    "button": [("button", "color", c) for c in ("text", "background", "gradient")],
    "link": [("link", "color", "text"), ("link", ":hover", "color", "text")],
    "heading": [
        (h, "color", c)
        for h in ("heading", "h1", "h2", "h3", "h4", "h5", "h6")
        for c in ("text", "background", "gradient")
    ],
}


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def wp_should_add_elements_class_name(block: ParsedBlock, skip: dict[str, bool]) -> bool:
    elements = _dig(block.attrs, ("style", "elements"))
    if elements is None:
        return False
    for element, paths in _ELEMENT_PATHS.items():
        if skip.get(element):
            continue
        if any(_dig(elements, p) is not None for p in paths):
            return True
    return False


def _skip_serialization(name: str | None, feature: str, sub: str) -> bool:
    value = block_has_support(name, (feature, "__experimentalSkipSerialization"), False)
    return value is True or (isinstance(value, list) and sub in value)


def wp_render_elements_support_styles(block: ParsedBlock, state: RenderState) -> None:
    """render_block_data: a 'wp-elements-N' class for blocks with element colours."""
    if block_type(block.name) is None or not _dig(block.attrs, ("style", "elements")):
        return
    skip = {
        "button": _skip_serialization(block.name, "color", "button"),
        "link": _skip_serialization(block.name, "color", "link"),
        "heading": _skip_serialization(block.name, "color", "heading"),
    }
    if all(skip.values()) or not wp_should_add_elements_class_name(block, skip):
        return
    class_name = state.unique_prefixed_id("wp-elements-")
    existing = block.attrs.get("className")
    block.attrs["className"] = f"{existing} {class_name}" if existing else class_name


def wp_render_elements_class_name(content: str, block: ParsedBlock) -> str:
    name = block.attrs.get("className")
    if not isinstance(name, str) or "wp-elements-" not in name:
        return content
    matched = next((t for t in name.split() if t.startswith("wp-elements-")), None)
    if matched is None:
        return content
    tags = TagProcessor(content)
    if tags.next_tag():
        tags.add_class(matched)
    return tags.get_updated_html()


# -- layout.php -------------------------------------------------------------------------


def wp_get_layout_child_values(layout: Any) -> dict:
    if not isinstance(layout, dict):
        return {}
    keys = ("selfStretch", "flexSize", "columnStart", "columnSpan", "rowStart", "rowSpan")
    return {k: v for k, v in layout.items() if k in keys}  # array_intersect_key: layout's order


def _preset_or_style(attrs: dict, attr: str, kind: str, style: dict, key: str) -> Any:
    """A block's preset attribute (`textColor: "red"` → ``var:preset|color|red``), as the
    style engine reads it, else its custom value in `style`."""
    return f"var:preset|{kind}|{attrs[attr]}" if attr in attrs else style.get(key)


def _flow_gap_rules(selector: str, gap_value: Any) -> list[tuple[str, dict[str, str]]]:
    """The block-gap margins of a flow layout ("default" and "constrained" alike, which
    WordPress writes out twice in wp_get_layout_style)."""
    if isinstance(gap_value, dict):
        gap_value = gap_value.get("top")
    if gap_value is None:
        return []
    gap_value = _preset_var(gap_value)
    return [
        (f"{selector} > *", {"margin-block-start": "0", "margin-block-end": "0"}),
        (f"{selector} > * + *", {"margin-block-start": gap_value, "margin-block-end": "0"}),
    ]


def wp_get_layout_style(
    selector: str,
    layout: dict,
    has_block_gap_support: bool,
    gap_value: Any,
    should_skip_gap_serialization: bool,
    fallback_gap_value: Any,
    block_spacing: Any,
) -> str:
    """The CSS of one layout container (no viewport overrides)."""
    # Values of the wrong type are ignored (PHP would warn and go on).
    layout = {k: v for k, v in layout.items() if isinstance(v, (str, int, float))}
    layout_type = layout.get("type", "default")
    rules: list[tuple[str, dict[str, str]]] = []
    if layout_type == "default":
        if has_block_gap_support and not should_skip_gap_serialization:
            rules += _flow_gap_rules(selector, gap_value)
    elif layout_type == "constrained":
        content_size = str(layout.get("contentSize") or "")
        wide_size = str(layout.get("wideSize") or "")
        justify = layout.get("justifyContent") or "center"
        all_max = content_size or wide_size or "var(--wp--style--global--content-size, none)"
        wide_max = wide_size or content_size or "var(--wp--style--global--wide-size, none)"
        all_max, wide_max = all_max.split(";")[0], wide_max.split(";")[0]
        margin_left = "0 !important" if justify == "left" else "auto !important"
        margin_right = "0 !important" if justify == "right" else "auto !important"
        inner = f"{selector} > :where(:not(.alignleft):not(.alignright):not(.alignfull))"
        if content_size or wide_size:
            rules.append(
                (
                    inner,
                    {
                        "max-width": all_max,
                        "margin-left": margin_left,
                        "margin-right": margin_right,
                    },
                )
            )
            rules.append((f"{selector} > .alignwide", {"max-width": wide_max}))
            rules.append((f"{selector} .alignfull", {"max-width": "none"}))
        if isinstance(block_spacing, dict):
            padding = block_spacing.get("padding")
            if isinstance(padding, dict):
                for side in ("right", "left"):
                    if side in padding:
                        value = _preset_var(padding[side])
                        value = "0px" if value == "0" else value
                        rules.append(
                            (f"{selector} > .alignfull", {f"margin-{side}": f"calc({value} * -1)"})
                        )
        if justify == "left":
            rules.append((inner, {"margin-left": "0 !important"}))
        if justify == "right":
            rules.append((inner, {"margin-right": "0 !important"}))
        if has_block_gap_support and not should_skip_gap_serialization:
            rules += _flow_gap_rules(selector, gap_value)
    elif layout_type == "flex":
        orientation = layout.get("orientation", "horizontal")
        justify_options = {"left": "flex-start", "right": "flex-end", "center": "center"}
        align_options = {"top": "flex-start", "center": "center", "bottom": "flex-end"}
        if orientation == "horizontal":
            justify_options["space-between"] = "space-between"
            align_options["stretch"] = "stretch"
        else:
            justify_options["stretch"] = "stretch"
            align_options["space-between"] = "space-between"
        if layout.get("flexWrap") == "nowrap":
            rules.append((selector, {"flex-wrap": "nowrap"}))
        if has_block_gap_support and gap_value is not None:
            sides = ("top", "left") if isinstance(gap_value, dict) else ("top",)
            parts = []
            for side in sides:
                value = gap_value
                if isinstance(gap_value, dict):
                    fallback = (
                        fallback_gap_value.get(side, next(iter(fallback_gap_value.values()), None))
                        if isinstance(fallback_gap_value, dict)
                        else fallback_gap_value
                    )
                    value = gap_value.get(side, fallback)
                parts.append(f"{_preset_var(value)} ")
            gap = "".join(parts).strip()
            if not should_skip_gap_serialization:
                rules.append((selector, {"gap": gap}))
        justify, align = layout.get("justifyContent"), layout.get("verticalAlignment")
        if orientation == "horizontal":
            if justify and justify in justify_options:
                rules.append((selector, {"justify-content": justify_options[justify]}))
            if align and align in align_options:
                rules.append((selector, {"align-items": align_options[align]}))
        else:
            rules.append((selector, {"flex-direction": "column"}))
            if justify and justify in justify_options:
                rules.append((selector, {"align-items": justify_options[justify]}))
            else:
                rules.append((selector, {"align-items": "flex-start"}))
            if align and align in align_options:
                rules.append((selector, {"justify-content": align_options[align]}))
    elif layout_type == "grid":
        gap = fallback_gap_value
        if isinstance(gap, dict):
            gap = gap.get("left", next(iter(gap.values()), None))
        if has_block_gap_support and gap_value is not None:
            sides = ("top", "left") if isinstance(gap_value, dict) else ("top",)
            gap = " ".join(
                str(
                    _preset_var(gap_value.get(s, gap) if isinstance(gap_value, dict) else gap_value)
                )
                for s in sides
            )
            rules.append((selector, {"gap": gap}))
        gap = "0px" if gap in ("0", 0) else gap
        count, minimum = layout.get("columnCount"), layout.get("minimumColumnWidth")
        placement = "auto-fit" if layout.get("autoFit") else "auto-fill"
        if count and minimum:
            most = f"max(min({minimum}, 100%), (100% - ({gap} * ({count} - 1))) /{count})"
            columns = f"repeat({placement}, minmax({most}, 1fr))"
        elif count:
            columns = f"repeat({count}, minmax(0, 1fr))"
        else:
            columns = f"repeat({placement}, minmax(min({minimum or '12rem'}, 100%), 1fr))"
        grid = {"grid-template-columns": columns}
        if count and layout.get("rowCount"):
            grid["grid-template-rows"] = f"repeat({layout['rowCount']}, minmax(1rem, auto))"
        rules.insert(0, (selector, grid))
    return _css(rules)


_LAYOUT_STYLES: dict[str, str] = {}


def wp_render_layout_support_flag(content: str, block: ParsedBlock, state: RenderState) -> str:
    """Layout classes (and a hashed container class with its CSS) on the block's
    outer tag, as layout.php does."""
    name = block.name
    supports_layout = bool(
        block_has_support(name, ("layout",)) or block_has_support(name, ("__experimentalLayout",))
    )
    style_attr = block.attrs.get("style") if isinstance(block.attrs.get("style"), dict) else {}
    child_layout = style_attr.get("layout") if style_attr else None
    if not supports_layout and not child_layout:
        return content
    outer: list[str] = []
    if child_layout:
        base_child = wp_get_layout_child_values(child_layout)
        parent = block.parent_layout or {}
        hash_input = {
            "layout": base_child,
            "parentLayout": {  # array_intersect_key: in the parent's order
                k: v for k, v in parent.items() if k in ("minimumColumnWidth", "columnCount")
            }
            or [],
        }
        cls = wp_unique_id_from_values(hash_input, "wp-container-content-")
        child_css = _child_layout_css(f".{cls}", base_child, parent)
        if child_css:
            outer.append(cls)
            state.styles.setdefault(cls, child_css)
    processor = TagProcessor(content)
    if not processor.next_tag():
        return content
    if not supports_layout:
        for c in outer:
            processor.add_class(c)
        return processor.get_updated_html()
    supports = block_type(name)[0]
    support = supports.get("layout") or supports.get("__experimentalLayout")
    fallback_layout = support.get("default", {}) if isinstance(support, dict) else {}
    used_layout = block.attrs.get("layout", fallback_layout)
    if not isinstance(used_layout, dict):
        used_layout = {}
    used_layout = dict(used_layout)
    if used_layout.get("inherit") or used_layout.get("contentSize"):
        used_layout["type"] = "constrained"
    classes: list[str] = []
    if (
        GLOBAL_SETTINGS["useRootPaddingAwareAlignments"]
        and used_layout.get("type") == "constrained"
    ):
        classes.append("has-global-padding")
    attrs_layout = block.attrs.get("layout") if isinstance(block.attrs.get("layout"), dict) else {}
    if attrs_layout.get("orientation"):
        classes.append("is-" + sanitize_title(str(attrs_layout["orientation"])))
    if attrs_layout.get("justifyContent"):
        classes.append(
            "is-content-justification-" + sanitize_title(str(attrs_layout["justifyContent"]))
        )
    if attrs_layout.get("flexWrap") == "nowrap":
        classes.append("is-nowrap")
    kind = used_layout.get("type", "default")
    layout_classname = LAYOUT_DEFINITIONS.get(kind, "") if isinstance(kind, str) else ""
    if layout_classname:
        classes.append(sanitize_title(layout_classname))
    gap_value = _sanitize_gap(_dig(style_attr, ("spacing", "blockGap")) if style_attr else None)
    gap_default = block_has_support(name, ("spacing", "blockGap", "__experimentalDefault"), None)
    fallback_gap = gap_default if gap_default is not None else "0.5em"
    block_spacing = style_attr.get("spacing") if style_attr else None
    skip_gap = _skip_serialization(name, "spacing", "blockGap")
    has_gap_support = GLOBAL_SETTINGS["spacing"].get("blockGap") is not None
    global_gap = _dig(GLOBAL_STYLES, ("blocks", name, "spacing", "blockGap"))
    if global_gap is None:
        global_gap = GLOBAL_STYLES["spacing"].get("blockGap")
    if global_gap is not None:
        fallback_gap = global_gap
    hash_input = [
        used_layout or [],
        has_gap_support,
        gap_value,
        skip_gap,
        fallback_gap,
        block_spacing,
    ]
    container = wp_unique_id_from_values(
        hash_input, f"wp-container-{sanitize_title(name or '')}-is-layout-"
    )
    style = _LAYOUT_STYLES.get(container)
    if style is None:  # the same values give the same CSS: computed once per container
        if len(_LAYOUT_STYLES) > 4096:
            _LAYOUT_STYLES.clear()
        style = _LAYOUT_STYLES[container] = wp_get_layout_style(
            f".{container}",
            used_layout,
            has_gap_support,
            gap_value,
            skip_gap,
            fallback_gap,
            block_spacing,
        )
    if style:
        classes.append(container)
        state.styles.setdefault(container, style)
    namespace, _, short = (name or "").partition("/")
    full_name = short if namespace == "core" else "-".join((name or "").split("/"))
    classes.append(f"wp-block-{full_name}-{layout_classname}")
    for c in outer:
        processor.add_class(c)
    inner_wrapper = _inner_wrapper_classes(block)
    if inner_wrapper:
        while True:
            cls = processor.get_attribute("class")
            if isinstance(cls, str) and inner_wrapper in cls:
                break
            if not processor.next_tag():
                break
    processor.add_classes(classes)
    return processor.get_updated_html()


def _inner_wrapper_classes(block: ParsedBlock) -> str | None:
    first = block.inner_content[0] if block.inner_content else None
    if not isinstance(first, str) or len(block.inner_content) <= 1:
        return None
    return _innermost_open_class(first)


@lru_cache(maxsize=1024)
def _innermost_open_class(first: str) -> str | None:
    """The class of the innermost element still open at the end of `first`."""
    p = TagProcessor(first)
    stack: list[Any] = []
    while p.next_tag(closers=True):
        if p.is_tag_closer():
            if stack:
                stack.pop()
        elif p.get_tag() not in VOID_ELEMENTS:
            stack.append(p.get_attribute("class"))
    for cls in reversed(stack):
        if isinstance(cls, str) and cls:
            return cls
    return None


def _sanitize_gap(value: Any) -> Any:
    """wp_sanitize_block_gap_value()."""
    if isinstance(value, dict):
        return {k: _safe_css(v) for k, v in value.items()}
    return _safe_css(value) if value is not None else None


def _safe_css(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return re.sub(r"[^a-zA-Z0-9\s\-_\.\(\)\|:%#,]", "", value).split(";")[0]


def _child_layout_css(selector: str, child: dict, parent: dict) -> str:
    """wp_get_child_layout_style_rules(), the common cases."""
    rules: list[tuple[str, dict[str, str]]] = []
    decl: dict[str, str] = {}
    self_stretch = child.get("selfStretch")
    if self_stretch == "fixed" and child.get("flexSize"):
        decl["flex-basis"] = str(child["flexSize"])
        decl["box-sizing"] = "border-box"
    elif self_stretch == "fill":
        decl["flex-grow"] = "1"
    if child.get("columnSpan"):
        decl["grid-column"] = f"span {child['columnSpan']}"
    if child.get("rowSpan"):
        decl["grid-row"] = f"span {child['rowSpan']}"
    if decl:
        rules.append((selector, decl))
    return _css(rules)


def wp_add_parent_layout_to_parsed_block(block: ParsedBlock, parent: ParsedBlock | None) -> None:
    """render_block_data: inner blocks learn their parent's layout."""
    if parent is not None and isinstance(parent.attrs.get("layout"), dict):
        block.parent_layout = parent.attrs["layout"]


# -- block-specific render filters -----------------------------------------------------


def _add_class_to_first(content: str, tags: tuple[str, ...] | None, cls: str) -> str:
    if not content:
        return content
    p = TagProcessor(content)
    while p.next_tag():
        if tags is None or p.get_tag() in tags:
            p.add_class(cls)
            break
    return p.get_updated_html()


_PLAIN_P = re.compile(r"(\s*)<p>")


def block_core_paragraph_add_class(content: str) -> str:
    """render_block_core/paragraph (WordPress >= 7.0)."""
    if not content:
        return content
    m = _PLAIN_P.match(content)
    if m is not None:  # the common case, without the tag processor
        return f'{m[1]}<p class="wp-block-paragraph">{content[m.end() :]}'
    p = TagProcessor(content)
    if p.next_tag("p"):
        p.add_class("wp-block-paragraph")
    return p.get_updated_html()


def block_core_heading_render(attrs: dict, content: str) -> str:
    return _add_class_to_first(content, ("H1", "H2", "H3", "H4", "H5", "H6"), "wp-block-heading")


def block_core_list_render(attrs: dict, content: str) -> str:
    return _add_class_to_first(content, ("OL", "UL"), "wp-block-list")


# -- block-style-variations.php ----------------------------------------------------------

# Block style variations that carry styles in Twenty Twenty-Five's merged theme.json
# (its theme.json, styles/blocks/*.json and styles/sections/*.json, and core's).
STYLE_VARIATIONS: dict[str, tuple[str, ...]] = {
    "core/button": ("outline",),
    "core/quote": ("plain",),
    "core/separator": ("wide",),
    "core/site-logo": ("rounded",),
    "core/post-terms": ("post-terms-1",),
    # styles/blocks/01-display.json, 02-subtitle.json, 03-annotation.json
    "core/heading": ("text-display", "text-subtitle", "text-annotation"),
    "core/paragraph": ("text-display", "text-subtitle", "text-annotation"),
    "core/group": tuple(f"section-{i}" for i in range(1, 6)),
    "core/columns": tuple(f"section-{i}" for i in range(1, 6)),
    "core/column": tuple(f"section-{i}" for i in range(1, 6)),
}


def wp_render_block_style_variation_support_styles(block: ParsedBlock, state: RenderState) -> None:
    """render_block_data: an instance class 'is-style-NAME--N' for a variation with data."""
    classes = block.attrs.get("className")
    if not isinstance(classes, str):
        return
    names = re.findall(r"\bis-style-(?!default)(\S+)\b", classes)
    known = STYLE_VARIATIONS.get(block.name or "", ())
    for name in names:
        if name in known:
            instance = state.unique_id(f"{name}--")
            block.attrs["className"] = f"{classes} is-style-{instance}"
            return


def wp_render_block_style_variation_class_name(content: str, block: ParsedBlock) -> str:
    classes = block.attrs.get("className")
    if not content or not isinstance(classes, str):
        return content
    m = re.search(r"\bis-style-(\S+?--\d+)\b", classes)
    if m is None:
        return content
    tags = TagProcessor(content)
    if tags.next_tag():
        tags.add_class(m[0])
    return tags.get_updated_html()


# -- duotone (class-wp-duotone.php) -------------------------------------------------------


def render_duotone_support(content: str, block: ParsedBlock, state: RenderState) -> str:
    """A 'wp-duotone-…' class on blocks with a duotone filter (and its CSS)."""
    if not block.name or not block_has_support(block.name, ("filter", "duotone")):
        return content
    value = _dig(block.attrs, ("style", "color", "duotone"))
    if value is None:
        return content
    if isinstance(value, str) and (
        value.startswith("var:preset|duotone|") or value.startswith("var(--wp--preset--duotone--")
    ):
        slug = (
            value[len("var:preset|duotone|") :]
            if value.startswith("var:")
            else value[len("var(--wp--preset--duotone--") :].rstrip(")")
        )
        filter_id = f"wp-duotone-{slug}"
        filter_value = None  # Twenty Twenty-Five registers no duotone preset: no CSS
    elif isinstance(value, str):
        slug = state.unique_id(re.sub(r"[^a-z0-9_\-]", "", (value + "-").lower()))
        filter_id, filter_value = f"wp-duotone-{slug}", value
    elif isinstance(value, list):
        key = "-".join(str(v) for v in value) + "-"
        slug = state.unique_id(re.sub(r"[^a-z0-9_\-]", "", key.lower()))
        filter_id = f"wp-duotone-{slug}"
        filter_value = f"url(#wp-duotone-{slug})"
        state.svg_filters.setdefault(filter_id, value)  # its SVG, printed after the page
    else:
        return content
    selector = duotone_selector(filter_id, block.name)
    # The style engine keeps the declaration only if safecss_filter_attr does.
    declaration = safecss_filter_attr(f"filter:{filter_value}") if filter_value else ""
    if selector and declaration:
        state.styles.setdefault(filter_id, f"{selector}{{{declaration};}}")
    tags = TagProcessor(content)
    if tags.next_tag():
        tags.add_class(filter_id)
    return tags.get_updated_html()


# -- the style engine (style-engine/class-wp-style-engine.php) -----------------------------

# (group, key, css property, classnames) in WP_Style_Engine's definition order.
_STYLE_DEFINITIONS: list[tuple[str, str, str, tuple[tuple[str, str | None], ...]]] = [
    ("color", "text", "color", (("has-text-color", None), ("has-$slug-color", "color"))),
    (
        "color",
        "background",
        "background-color",
        (("has-background", None), ("has-$slug-background-color", "color")),
    ),
    (
        "color",
        "gradient",
        "background",
        (("has-background", None), ("has-$slug-gradient-background", "gradient")),
    ),
    (
        "border",
        "color",
        "border-color",
        (("has-border-color", None), ("has-$slug-border-color", "color")),
    ),
    ("border", "radius", "border-radius", ()),
    ("border", "style", "border-style", ()),
    ("border", "width", "border-width", ()),
    ("shadow", "", "box-shadow", ()),
    ("dimensions", "aspectRatio", "aspect-ratio", (("has-aspect-ratio", None),)),
    ("dimensions", "height", "height", ()),
    ("dimensions", "minHeight", "min-height", ()),
    ("dimensions", "minWidth", "min-width", ()),
    ("dimensions", "objectFit", "object-fit", ()),
    ("dimensions", "width", "width", ()),
    ("spacing", "padding", "padding", ()),
    ("spacing", "margin", "margin", ()),
    ("typography", "fontSize", "font-size", (("has-$slug-font-size", "font-size"),)),
    ("typography", "fontFamily", "font-family", (("has-$slug-font-family", "font-family"),)),
    ("typography", "fontStyle", "font-style", ()),
    ("typography", "fontWeight", "font-weight", ()),
    ("typography", "lineHeight", "line-height", ()),
    ("typography", "textColumns", "column-count", ()),
    ("typography", "textDecoration", "text-decoration", ()),
    ("typography", "textIndent", "text-indent", ()),
    ("typography", "textTransform", "text-transform", ()),
    ("typography", "letterSpacing", "letter-spacing", ()),
    ("typography", "writingMode", "writing-mode", ()),
]
_PRESET = re.compile(r"^var:preset\|([a-z-]+)\|(.+)$")


def _css_value(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)) or value == "":
        return None
    text = str(value)
    m = _PRESET.match(text)
    if m:
        return f"var(--wp--preset--{m[1]}--{_kebab(m[2])})"
    return text


def wp_style_engine_get_styles(styles: dict) -> tuple[list[str], str]:
    """The classnames and inline CSS of a block's style object (presets as classes)."""
    classes: list[str] = []
    decls: list[str] = []
    for group, key, prop, classnames in _STYLE_DEFINITIONS:
        value = styles.get(group)
        if key:
            value = value.get(key) if isinstance(value, dict) else None
        if value is None or value == "":
            continue
        if isinstance(value, dict) and prop in ("padding", "margin", "border-radius"):
            for side, raw in value.items():  # in the attribute's own order, as PHP
                v = _css_value(raw)
                if side in ("top", "right", "bottom", "left") and v is not None:
                    decls.append(f"{prop}-{side}:{v}")
            continue
        if isinstance(value, dict):
            continue
        text = str(value)
        m = _PRESET.match(text)
        if m and classnames:
            for cls, kind in classnames:
                if kind is None:
                    classes.append(cls)
                elif kind == m[1]:
                    classes.append(cls.replace("$slug", _kebab(m[2])))
            continue
        for cls, kind in classnames:
            if kind is None:
                classes.append(cls)
        css = _css_value(text)
        if css is not None:
            decls.append(f"{prop}:{css}")
    seen: list[str] = []
    for c in classes:
        if c not in seen:
            seen.append(c)
    return seen, "".join(f"{d};" for d in decls)


def _support(supports: dict, *path: str) -> Any:
    value: Any = supports
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _skip(supports: dict, feature: str, sub: str | None = None) -> bool:
    value = _support(supports, feature, "__experimentalSkipSerialization")
    if sub is None:
        return value is True
    return value is True or (isinstance(value, list) and sub in value)


def apply_block_supports(block: ParsedBlock) -> dict[str, str]:
    """WP_Block_Supports::apply_block_supports() for the block being rendered."""
    bt = block_type(block.name)
    if bt is None:
        return {}
    supports, defaults = bt[0], bt[2]
    attrs = {**defaults, **prepare_attributes_for_render(block)}
    style = attrs.get("style") if isinstance(attrs.get("style"), dict) else {}
    out: dict[str, str] = {}

    def add(name: str, value: str) -> None:
        if not value:
            return
        out[name] = f"{out[name]} {value}" if out.get(name) else value

    # align, custom-classname, generated-classname (the order wp-settings.php loads them)
    if supports.get("align") and "align" in attrs:
        add("class", f"align{attrs['align']}")
    if supports.get("customClassName", True) and "className" in attrs:
        add("class", str(attrs["className"]))
    if supports.get("className", True):
        add("class", "wp-block-" + re.sub(r"^core-", "", (block.name or "").replace("/", "-")))
    # colors
    color = supports.get("color")
    if color and not (isinstance(color, dict) and _skip(supports, "color")):
        styles: dict[str, Any] = {}
        c = color if isinstance(color, dict) else {}
        scolor = style.get("color") if isinstance(style.get("color"), dict) else {}
        if (color is True or c.get("text", True)) and not _skip(supports, "color", "text"):
            styles["text"] = _preset_or_style(attrs, "textColor", "color", scolor, "text")
        if (color is True or c.get("background", True)) and not _skip(
            supports, "color", "background"
        ):
            styles["background"] = _preset_or_style(
                attrs, "backgroundColor", "color", scolor, "background"
            )
        if c.get("gradients") and not _skip(supports, "color", "gradients"):
            styles["gradient"] = _preset_or_style(attrs, "gradient", "gradient", scolor, "gradient")
        classes, css = wp_style_engine_get_styles({"color": styles})
        add("class", " ".join(classes))
        add("style", css)
    # typography
    typo = supports.get("typography")
    if isinstance(typo, dict) and not _skip(supports, "typography"):
        st = style.get("typography") if isinstance(style.get("typography"), dict) else {}
        styles = {}
        if typo.get("fontSize") and not _skip(supports, "typography", "fontSize"):
            # A custom size is made fluid (wp_get_typography_font_size_value), a preset not.
            styles["fontSize"] = (
                f"var:preset|font-size|{attrs['fontSize']}"
                if "fontSize" in attrs
                else wp_get_typography_font_size_value({"size": st.get("fontSize")})
            )
        if typo.get("__experimentalFontFamily") and not _skip(supports, "typography", "fontFamily"):
            styles["fontFamily"] = _preset_or_style(
                attrs, "fontFamily", "font-family", st, "fontFamily"
            )
        for key, support in (
            ("fontStyle", "__experimentalFontStyle"),
            ("fontWeight", "__experimentalFontWeight"),
            ("lineHeight", "lineHeight"),
            ("textColumns", "textColumns"),
            ("textDecoration", "__experimentalTextDecoration"),
            ("textIndent", "textIndent"),
            ("textTransform", "__experimentalTextTransform"),
            ("letterSpacing", "__experimentalLetterSpacing"),
            ("writingMode", "__experimentalWritingMode"),
        ):
            if typo.get(support) and not _skip(supports, "typography", key) and key in st:
                styles[key] = st[key]
        classes, css = wp_style_engine_get_styles({"typography": styles})
        if typo.get("textAlign") and isinstance(st.get("textAlign"), str):
            classes.append(f"has-text-align-{st['textAlign']}")
        add("class", " ".join(classes))
        add("style", css)
    # border
    border = supports.get("__experimentalBorder")
    if isinstance(border, dict) and not _skip(supports, "__experimentalBorder"):
        sb = style.get("border") if isinstance(style.get("border"), dict) else {}
        styles = {}
        for key in ("radius", "style", "width"):
            if border.get(key) and key in sb:
                v = sb[key]
                styles[key] = f"{v}px" if isinstance(v, (int, float)) else v
        if border.get("color"):
            styles["color"] = _preset_or_style(attrs, "borderColor", "color", sb, "color")
        classes, css = wp_style_engine_get_styles({"border": styles})
        add("class", " ".join(classes))
        add("style", css)
    # spacing
    spacing = supports.get("spacing")
    if isinstance(spacing, dict) and not _skip(supports, "spacing") and style:
        ss = style.get("spacing") if isinstance(style.get("spacing"), dict) else {}
        styles = {}
        if spacing.get("padding") and not _skip(supports, "spacing", "padding"):
            styles["padding"] = ss.get("padding")
        if spacing.get("margin") and not _skip(supports, "spacing", "margin"):
            styles["margin"] = ss.get("margin")
        _, css = wp_style_engine_get_styles({"spacing": styles})
        add("style", css)
    # dimensions
    dims = supports.get("dimensions")
    if isinstance(dims, dict) and not _skip(supports, "dimensions") and style:
        sd = style.get("dimensions") if isinstance(style.get("dimensions"), dict) else {}
        styles = {k: sd[k] for k in ("height", "minHeight", "width") if dims.get(k) and k in sd}
        _, css = wp_style_engine_get_styles({"dimensions": styles})
        add("style", css)
    # shadow
    if supports.get("shadow") and not _skip(supports, "shadow") and style.get("shadow"):
        _, css = wp_style_engine_get_styles({"shadow": style["shadow"]})
        add("style", css)
    # anchor
    if supports.get("anchor") and isinstance(attrs.get("anchor"), str) and attrs["anchor"]:
        add("id", attrs["anchor"])
    return out


def get_block_wrapper_attributes(block: ParsedBlock, extra: dict[str, str] | None = None) -> str:
    """The wrapper attributes WordPress gives a dynamic block's outer element.

    They depend only on the block's name and attributes (and `extra`), so they are
    memoised on those (a query loop asks the same for every post it lists); values
    that JSON cannot spell exactly are not memoised."""
    try:
        key = (block.name, json.dumps(block.attrs), json.dumps(extra) if extra else "")
    except (TypeError, ValueError):
        return _get_block_wrapper_attributes(block, extra)
    out = _WRAPPER_ATTRIBUTES.get(key)
    if out is None:
        out = remember(_WRAPPER_ATTRIBUTES, key, _get_block_wrapper_attributes(block, extra))
    return out


_WRAPPER_ATTRIBUTES: dict[tuple[str | None, str, str], str] = {}


def _get_block_wrapper_attributes(block: ParsedBlock, extra: dict[str, str] | None) -> str:
    new = apply_block_supports(block)
    extra = extra or {}
    if not new and not extra:
        return ""
    attributes: dict[str, str] = {}
    for name in ("style", "class", "id", "aria-label"):
        n, e = new.get(name, ""), str(extra.get(name, "") or "")
        if not n and not e:
            continue
        if name == "style":
            parts = [p for p in (n.strip().rstrip(";"), e.strip().rstrip(";")) if p]
            attributes[name] = safecss_filter_attr(";".join(parts))
        elif name == "class":
            merged: list[str] = []
            for c in e.split() + n.split():
                if c not in merged:
                    merged.append(c)
            attributes[name] = " ".join(merged)
        else:
            attributes[name] = e or n
    for name, value in extra.items():
        if name not in ("style", "class", "id", "aria-label") and isinstance(value, (str, int)):
            attributes[name] = str(value)
    from .html_api import esc_attr

    return " ".join(f'{k}="{esc_attr(v)}"' for k, v in attributes.items())


def wp_render_dimensions_support(content: str, block: ParsedBlock) -> str:
    """aspect-ratio:unset beside a min-height (dimensions.php)."""
    bt = block_type(block.name)
    if bt is None or not _support(bt[0], "dimensions", "aspectRatio"):
        return content
    if _skip(bt[0], "dimensions", "aspectRatio"):
        return content
    sd = _dig(block.attrs, ("style", "dimensions")) or {}
    ratio = sd.get("aspectRatio") if isinstance(sd, dict) else None
    explicit = isinstance(ratio, str) and ratio not in ("", "auto")
    styles: dict[str, Any] = {"aspectRatio": ratio}
    if explicit:
        styles["minHeight"] = "unset"
        styles["height"] = "unset"
    elif (isinstance(sd, dict) and sd.get("minHeight") is not None) or block.attrs.get(
        "minHeight"
    ) is not None:
        styles["aspectRatio"] = "unset"
    classes, css = wp_style_engine_get_styles({"dimensions": styles})
    if not css:
        return content
    tags = TagProcessor(content)
    if tags.next_tag():
        existing = tags.get_attribute("style")
        updated = ""
        if isinstance(existing, str) and existing:
            updated = existing if existing.endswith(";") else existing + ";"
        tags.set_attribute("style", updated + css)
        for c in classes:
            if "aspect-ratio" in c and not explicit:
                continue
            tags.add_class(c)
    return tags.get_updated_html()


def wp_render_background_support(content: str, block: ParsedBlock) -> str:
    """A background image (and gradient) from the block's style (background.php)."""
    bt = block_type(block.name)
    background = _dig(block.attrs, ("style", "background"))
    if bt is None or not isinstance(background, dict):
        return content
    supports = bt[0]
    image_ok = bool(_support(supports, "background", "backgroundImage")) and not _skip(
        supports, "background", "backgroundImage"
    )
    gradient_ok = bool(_support(supports, "background", "gradient")) and not _skip(
        supports, "background", "gradient"
    )
    decls: list[str] = []
    if image_ok:
        image = background.get("backgroundImage")
        size = background.get("backgroundSize")
        position = background.get("backgroundPosition")
        if image:
            size = size or "cover"
            if size == "contain" and not position:
                position = "50% 50%"
        url = image.get("url") if isinstance(image, dict) else image
        if isinstance(url, str) and url:
            decls.append(f"background-image:url('{url}')")
        for prop, value in (
            ("background-position", position),
            ("background-repeat", background.get("backgroundRepeat")),
            ("background-size", size),
            ("background-attachment", background.get("backgroundAttachment")),
        ):
            if isinstance(value, str) and value:
                decls.append(f"{prop}:{value}")
    if gradient_ok and isinstance(background.get("gradient"), str):
        decls.append(f"background-image:{_css_value(background['gradient'])}")
    if not decls:
        return content
    css = "".join(f"{d};" for d in decls)
    tags = TagProcessor(content)
    if tags.next_tag():
        existing = tags.get_attribute("style")
        if isinstance(existing, str) and existing:
            css = existing + ("" if existing.endswith(";") else ";") + css
        tags.set_attribute("style", css)
        tags.add_class("has-background")
    return tags.get_updated_html()
