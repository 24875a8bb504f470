"""The data of a WordPress export: the channel header (`Site`) and its items (`Post`).

Plain dataclasses, made by `shortcodes.wxr.reader`; nothing here reads or parses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from ..diagnostics import Diagnostic

__all__ = ["Author", "Category", "Comment", "Post", "Site", "Tag", "Term", "TermRef"]


@dataclass
class Author:
    """A `<wp:author>` of the channel."""

    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    id: int | None = None


@dataclass
class Category:
    """A `<wp:category>` of the channel (`parent` is the parent's nicename)."""

    nicename: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Tag:
    """A `<wp:tag>` of the channel."""

    slug: str
    name: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Term:
    """A `<wp:term>` of the channel: a term of any taxonomy (nav_menu, post_format…)."""

    taxonomy: str
    slug: str
    name: str = ""
    parent: str = ""
    description: str = ""
    term_id: int | None = None


@dataclass
class Site:
    """The channel header. Complete for everything before the first `<item>`."""

    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    pub_date: str = ""
    generator: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""
    wp_namespace: str | None = None
    authors: list[Author] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


class TermRef(NamedTuple):
    """A post's `<category domain="…" nicename="…">name</category>`."""

    domain: str
    nicename: str
    name: str


@dataclass(slots=True)
class Comment:
    """A `<wp:comment>` of a post (`date` naive local time, `date_gmt` aware UTC)."""

    id: int | None = None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: dt.datetime | None = None
    date_gmt: dt.datetime | None = None
    content: str = ""
    approved: str = ""
    type: str = ""
    parent: int = 0
    user_id: int = 0
    meta: list[tuple[str, str]] = field(default_factory=list)


_TAG_DOMAINS = ("post_tag", "tag")  # "tag" is WXR 1.0's spelling


@dataclass(slots=True)
class Post:
    """One `<item>`: a post, page, attachment, menu item or any other post type.

    Dates: `post_date`/`modified` are naive local times, `*_gmt` aware UTC; None for
    WordPress's "0000-00-00 00:00:00" (drafts). `post_name` is percent-decoded.
    `sourceline` is the line of `<item>`, `content_line` that of `<content:encoded>`.
    """

    id: int | None = None
    title: str = ""
    link: str = ""
    guid: str = ""
    pub_date: str = ""
    creator: str = ""
    description: str = ""
    content: str = ""
    excerpt: str = ""
    post_date: dt.datetime | None = None
    post_date_gmt: dt.datetime | None = None
    modified: dt.datetime | None = None
    modified_gmt: dt.datetime | None = None
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""
    post_name_raw: str = ""
    status: str = "draft"
    post_parent: int = 0
    menu_order: int = 0
    post_type: str = "post"
    post_password: str = ""
    is_sticky: bool = False
    attachment_url: str = ""
    terms: list[TermRef] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    sourceline: int | None = None
    content_line: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ordinal: int = 0  # its position among the export's items, from 0

    def export_position(self, line: int | None) -> int | None:
        """The export's line for line `line` (1-based) of `content`, when known."""
        if line is None or self.content_line is None:
            return None
        return self.content_line + line - 1

    @property
    def categories(self) -> list[str]:
        """Names of the post's categories, in export order."""
        return [t.name for t in self.terms if t.domain == "category"]

    @property
    def tags(self) -> list[str]:
        """Names of the post's tags, in export order."""
        return [t.name for t in self.terms if t.domain in _TAG_DOMAINS]

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        """The first value of post meta `key`."""
        for k, v in self.meta:
            if k == key:
                return v
        return default
