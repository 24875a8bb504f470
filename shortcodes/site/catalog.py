"""What the site needs of items that are not pages themselves: attachments (featured
images, attachment pages), menus (`nav_menu_item`, `wp_navigation`), the titles of
posts a menu names. Read in one light streaming pass over the export, before the
posts are written (in the parent process: forked workers share it).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

_CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/"
_WANTED = {"attachment", "nav_menu_item", "wp_navigation", "page", "post"}


@dataclass(slots=True)
class Attachment:
    id: int
    link: str
    url: str
    title: str
    parent: int
    alt: str = ""
    caption: str = ""


@dataclass(slots=True)
class MenuItem:
    id: int
    menu: str  # the nav_menu term's slug
    menu_name: str
    title: str
    order: int
    parent: int
    kind: str  # custom, post_type, taxonomy, post_type_archive
    object: str
    object_id: int
    url: str
    target: str = ""


@dataclass
class Catalog:
    attachments: dict[int, Attachment] = field(default_factory=dict)
    menu_items: list[MenuItem] = field(default_factory=list)
    navigations: list[tuple[int, str, str]] = field(default_factory=list)  # id, title, content
    titles: dict[int, str] = field(default_factory=dict)  # published pages and posts
    published: set[int] | IdSet = field(default_factory=set)
    pages: list[tuple[int, int, str]] = field(default_factory=list)  # menu_order, id, parent


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _int(text: str | None) -> int:
    try:
        return int((text or "").strip() or 0)
    except ValueError:
        return 0


def read_catalog(export: Path) -> Catalog:
    """The catalog of `export` (a broken export gives what was read before the break:
    the conversion itself reports the error)."""
    cat = Catalog()
    try:
        events = etree.iterparse(
            str(export),
            events=("end",),
            tag="{*}item",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        )
        for _, item in events:
            _take(item, cat)
            item.clear()
            parent = item.getparent()
            if parent is not None:
                while item.getprevious() is not None:
                    del parent[0]
    except (etree.XMLSyntaxError, OSError, ValueError):
        pass
    cat.published = IdSet(cat.published)
    return cat


class IdSet:
    """A set of post ids as a sorted array (8 bytes an id: forked workers each hold it)."""

    def __init__(self, ids: Iterable[int]) -> None:
        self._ids = array("q", sorted(ids))

    def __contains__(self, post_id: int) -> bool:
        i = bisect_left(self._ids, post_id)
        return i < len(self._ids) and self._ids[i] == post_id

    def __len__(self) -> int:
        return len(self._ids)


def _take(item: etree._Element, cat: Catalog) -> None:
    values: dict[str, str] = {}
    meta: dict[str, str] = {}
    menu = ("", "")
    for child in item:
        name = _local(child.tag)
        if name == "postmeta":
            key = value = ""
            for m in child:
                n = _local(m.tag)
                if n == "meta_key":
                    key = m.text or ""
                elif n == "meta_value":
                    value = m.text or ""
            meta.setdefault(key, value)
        elif name == "category" and child.get("domain") == "nav_menu":
            menu = (child.get("nicename") or "", child.text or "")
        else:
            if name == "encoded":
                name = "content" if child.tag.startswith(_CONTENT_NS) else "excerpt"
            values.setdefault(name, child.text or "")
        if name == "post_type" and (child.text or "").strip() not in _WANTED:
            return
    kind = values.get("post_type", "").strip()
    post_id = _int(values.get("post_id"))
    status = values.get("status", "").strip()
    title = values.get("title", "")
    if kind in ("post", "page"):
        if status == "publish":
            cat.published.add(post_id)
            if kind == "page":
                cat.titles[post_id] = title
                cat.pages.append(
                    (_int(values.get("menu_order")), post_id, values.get("post_parent", ""))
                )
    elif kind == "attachment":
        cat.attachments[post_id] = Attachment(
            post_id,
            values.get("link", "").strip(),
            values.get("attachment_url", "").strip(),
            title,
            _int(values.get("post_parent")),
            meta.get("_wp_attachment_image_alt", ""),
            values.get("excerpt", ""),
        )
    elif kind == "nav_menu_item" and status == "publish":
        cat.menu_items.append(
            MenuItem(
                post_id,
                menu[0],
                menu[1],
                title,
                _int(values.get("menu_order")),
                _int(meta.get("_menu_item_menu_item_parent")),
                meta.get("_menu_item_type", "custom"),
                meta.get("_menu_item_object", ""),
                _int(meta.get("_menu_item_object_id")),
                meta.get("_menu_item_url", ""),
                meta.get("_menu_item_target", ""),
            )
        )
    elif kind == "wp_navigation" and status == "publish":
        cat.navigations.append((post_id, title, values.get("content", "")))
