"""The export's menus as the site's navigation: `nav_menu_item` trees (classic menus)
or, without them, a `wp_navigation` post's links (block themes)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from markupsafe import escape

from .catalog import Catalog, MenuItem

_NAV_LINK = re.compile(r"<!--\s+wp:(?:core/)?(navigation-link|home-link)\s+(\{.*?\})\s*/?-->", re.S)

# href(item) -> the link (relative to the root, a full URL, or None: left out)
Resolve = Callable[[MenuItem], str | None]


def primary_menu(catalog: Catalog) -> list[MenuItem]:
    """The menu to show: the one with the most items (theme locations are not exported)."""
    menus: dict[str, list[MenuItem]] = {}
    for item in catalog.menu_items:
        menus.setdefault(item.menu, []).append(item)
    if not menus:
        return []
    return max(menus.values(), key=len)


def menu_html(items: list[MenuItem], resolve: Resolve, title_of: Callable[[MenuItem], str]) -> str:
    """Nested `<ul class="menu">` of `items` in menu order (children under parents)."""
    children: dict[int, list[MenuItem]] = {}
    ids = {i.id for i in items}
    for item in sorted(items, key=lambda i: (i.order, i.id)):
        parent = item.parent if item.parent in ids else 0
        children.setdefault(parent, []).append(item)

    def level(parent: int, depth: int) -> str:
        out = []
        for item in children.get(parent, []):
            href = resolve(item)
            label = escape(title_of(item))
            sub = level(item.id, depth + 1) if depth < 8 else ""
            target = ' target="_blank" rel="noopener"' if item.target == "_blank" else ""
            link = (
                f'<a href="{escape(href)}"{target}>{label}</a>' if href else f"<span>{label}</span>"
            )
            cls = "menu-item" + (" menu-item-has-children" if sub else "")
            out.append(f'<li class="{cls}">{link}{sub}</li>')
        if not out:
            return ""
        cls = "menu" if depth == 0 else "sub-menu"
        return f'<ul class="{cls}">' + "".join(out) + "</ul>"

    return level(0, 0)


def navigation_links(content: str) -> list[tuple[str, str, int | None]]:
    """(label, url, post id) of each link block of a wp_navigation post."""
    out = []
    for m in _NAV_LINK.finditer(content):
        try:
            attrs = json.loads(m[2])
        except ValueError:
            continue
        if not isinstance(attrs, dict):
            continue
        label = re.sub(
            r"<[^>]*>", "", str(attrs.get("label") or ("Home" if m[1] == "home-link" else ""))
        )
        url = str(attrs.get("url") or ("/" if m[1] == "home-link" else ""))
        post_id = attrs.get("id") if isinstance(attrs.get("id"), int) else None
        if label:
            out.append((label, url, post_id))
    return out
