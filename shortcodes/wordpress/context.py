"""What WordPress's database would answer while rendering a post, taken from the export.

WordPress renders `[gallery]`, images, embeds and dynamic blocks by querying its
database (attachments, posts, terms, menus, comments). A static export has no
database: `ContentContext` holds the small part of it the content chain needs,
built by one pre-pass over the export (see ``shortcodes.content_context``), and
`PostContext` what the chain knows about the post being rendered. Post bodies are not
kept: only attachments and short summaries, and for a conversion those are on disk
(``shortcodes.ctxdb``), behind the same mapping and queries, so memory stays flat.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .caches import remember


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment post (``post_type = attachment``) as media functions need it."""

    id: int
    url: str  # wp_get_attachment_url(): the file's URL
    parent: int = 0
    mime_type: str = ""
    title: str = ""
    caption: str = ""  # post_excerpt
    description: str = ""  # post_content
    alt: str = ""  # _wp_attachment_image_alt
    metadata: dict[str, Any] | None = None  # _wp_attachment_metadata, unserialized
    menu_order: int = 0
    date: dt.datetime | None = None
    slug: str = ""
    link: str = ""  # get_attachment_link()


@dataclass(frozen=True, slots=True)
class PostSummary:
    """A post, page or other item without its body: enough for lists and links."""

    id: int
    title: str
    slug: str
    post_type: str
    status: str
    link: str
    date: dt.datetime | None = None
    date_gmt: dt.datetime | None = None
    modified: dt.datetime | None = None
    author: str = ""  # login
    parent: int = 0
    menu_order: int = 0
    excerpt: str = ""  # the excerpt field, or WordPress's automatic one
    terms: tuple[tuple[str, str, str], ...] = ()  # (taxonomy, slug, name)
    thumbnail_id: int = 0
    password: bool = False
    sticky: bool = False
    comment_count: int = 0
    # The raw body of the posts a list may show (see wpcontext's `_Listed`), for their
    # automatic excerpts; "" for the others (memory stays flat).
    content: str = ""


_EPOCH = dt.datetime(1970, 1, 1)

# The orders of `ContentContext.in_order`: ORDER BY these fields, then ID.
ORDERS: dict[str, Callable[[PostSummary], tuple]] = {
    "id": lambda p: (p.id,),
    "date": lambda p: (p.date or _EPOCH, p.id),
    "date_gmt": lambda p: (p.date_gmt or p.date or _EPOCH, p.id),
    "title": lambda p: (p.title.lower(), p.id),
    "menu_order": lambda p: (p.menu_order, p.id),
    "page": lambda p: (p.menu_order, p.title.lower(), p.id),  # get_pages()' order
}


@dataclass(frozen=True, slots=True)
class TermSummary:
    taxonomy: str
    slug: str
    name: str
    parent: str = ""
    description: str = ""
    term_id: int = 0


@dataclass(frozen=True, slots=True)
class MenuItem:
    """A ``nav_menu_item``: its menu (term slug), label, URL and place in the tree."""

    id: int
    menu: str
    title: str
    url: str
    parent: int = 0
    order: int = 0
    object: str = ""
    object_id: int = 0
    type: str = ""
    target: str = ""
    classes: str = ""
    xfn: str = ""
    description: str = ""
    attr_title: str = ""


@dataclass(frozen=True, slots=True)
class CommentSummary:
    """An approved comment (never its author's e-mail address)."""

    id: int
    post_id: int
    author: str
    author_url: str
    date: dt.datetime | None
    content: str
    parent: int = 0
    type: str = ""
    date_gmt: dt.datetime | None = None
    user_id: int = 0  # a registered user (their author page when no URL is given)


@dataclass(frozen=True, slots=True)
class Author:
    login: str
    display_name: str
    id: int = 0


@dataclass
class SiteSettings:
    """The options WordPress reads while rendering (defaults: a fresh install)."""

    home: str = ""
    siteurl: str = ""
    title: str = ""
    description: str = ""
    language: str = "en-US"
    date_format: str = "F j, Y"
    time_format: str = "g:i a"
    use_smilies: bool = True
    uploads_baseurl: str = ""
    image_sizes: dict[str, tuple[int, int, bool]] = field(
        default_factory=lambda: {
            "thumbnail": (150, 150, True),
            "medium": (300, 300, False),
            "medium_large": (768, 0, False),
            "large": (1024, 1024, False),
            "1536x1536": (1536, 1536, False),
            "2048x2048": (2048, 2048, False),
        }
    )


@dataclass
class ContentContext:
    """The export's data the content chain reads (an empty one: a blank site)."""

    site: SiteSettings = field(default_factory=SiteSettings)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    posts: dict[int, PostSummary] = field(default_factory=dict)
    terms: list[TermSummary] = field(default_factory=list)
    menu_items: list[MenuItem] = field(default_factory=list)
    comments: list[CommentSummary] = field(default_factory=list)  # the site's newest first
    authors: dict[str, Author] = field(default_factory=dict)
    navigations: dict[int, str] = field(default_factory=dict)  # wp_navigation id -> content
    navigation_titles: dict[int, str] = field(default_factory=dict)  # (published ones)
    by_slug: dict[str, int] = field(default_factory=dict)
    store: Any = None  # what keeps `posts` and `attachments` on disk, if anything
    now: dt.datetime | None = None  # current_time() of the calendar (None: the conversion's)
    # PHP's date(format, moment) in the site's language (the caller's date library).
    date_formatter: Callable[[str, dt.datetime], str] = field(
        default_factory=lambda: lambda fmt, moment: moment.isoformat()
    )

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()` once per key for this export (lists every post shares)."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def memo_post(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`memo` for what is kept per post (an excerpt, a post's classes): bounded, as
        an export may hold a million posts; emptied whole when full, as the other
        caches of the render are."""
        cache = self.__dict__.setdefault("_memo_post", {})
        if key in cache:
            return cache[key]
        return remember(cache, key, compute())

    def term_name(self, taxonomy: str, slug: str, default: str) -> str:
        """The term's name as the site defines it (an item's own label may differ)."""
        names = self.__dict__.get("_term_names")
        if names is None:
            names = {(t.taxonomy, t.slug): t.name for t in self.terms}
            self.__dict__["_term_names"] = names
        return names.get((taxonomy, slug)) or default

    def format_date(self, fmt: str, moment: dt.datetime) -> str:
        """date(fmt, moment), remembered: listings print the same posts' dates again.
        The key spells the moment's wall time and zone (equal datetimes in different
        zones print differently)."""
        key = (fmt, moment.isoformat(), moment.tzinfo, moment.fold)
        dates = self.__dict__.setdefault("_dates", {})
        if self.__dict__.get("_dates_by") is not self.date_formatter:
            dates.clear()  # another formatter (another language): other texts
            self.__dict__["_dates_by"] = self.date_formatter
        found = dates.get(key)
        if found is None:
            found = remember(dates, key, self.date_formatter(fmt, moment))
        return found

    # The queries the chain makes of the export's posts and attachments. `posts` and
    # `attachments` may be dicts (a context made by hand) or tables on disk that answer
    # them with indexes (`shortcodes.ctxdb`); both give the same rows in the same order.

    def published(self, post_type: str) -> Iterable[PostSummary]:
        """The published posts of a type, in the export's order."""
        if hasattr(self.posts, "published"):
            return self.posts.published(post_type)
        return self.memo(
            ("published", post_type),
            lambda: [
                p for p in self.posts.values() if p.post_type == post_type and p.status == "publish"
            ],
        )

    def in_order(self, post_type: str, order: str, descending: bool) -> Iterable[PostSummary]:
        """The published posts of a type as ORDER BY sorts them: `order` is one of
        `ORDERS`' keys (every key ends with the ID, so no two posts tie)."""
        if hasattr(self.posts, "in_order"):
            return self.posts.in_order(post_type, order, descending)
        key = ORDERS[order]
        return self.memo(
            ("in-order", post_type, order, descending),
            lambda: sorted(self.published(post_type), key=key, reverse=descending),
        )

    def adjacent(
        self, post_type: str, date: dt.datetime, post_id: int, previous: bool
    ) -> Iterable[PostSummary]:
        """The published posts of a type with a date, before (date, id) nearest first
        when `previous`, else after it."""
        if hasattr(self.posts, "adjacent"):
            return self.posts.adjacent(post_type, date, post_id, previous)

        def build() -> tuple[list, list[PostSummary]]:
            dated = (p for p in self.published(post_type) if p.date is not None)
            found = sorted(dated, key=lambda p: (p.date, p.id))
            return [(p.date, p.id) for p in found], found

        keys, posts = self.memo(("by-date", post_type), build)
        key = (date, post_id)
        if previous:
            return (posts[i] for i in range(bisect.bisect_left(keys, key) - 1, -1, -1))
        return (posts[i] for i in range(bisect.bisect_right(keys, key), len(posts)))

    def children(self, parent: int) -> list[Attachment]:
        """The attachments whose parent is `parent`, in the export's order (an index, so
        a post's gallery does not scan every attachment)."""
        if hasattr(self.attachments, "children"):
            return self.attachments.children(parent)

        def index() -> dict[int, list[Attachment]]:
            by_parent: dict[int, list[Attachment]] = {}
            for a in self.attachments.values():
                by_parent.setdefault(a.parent, []).append(a)
            return by_parent

        return self.memo(("children", len(self.attachments)), index).get(parent, [])

    def attachments_of(self, parent: int) -> list[Attachment]:
        """The attachments whose parent is `parent`, as get_children() orders them."""
        return sorted(self.children(parent), key=lambda a: (a.menu_order, a.id))


@dataclass
class PostContext:
    """The post being rendered, as the loop's global ``$post`` holds it."""

    id: int = 0
    post_type: str = "post"
    title: str = ""
    slug: str = ""
    link: str = ""
    date: dt.datetime | None = None
    modified: dt.datetime | None = None
    author: str = ""
    excerpt: str = ""
    terms: tuple[tuple[str, str, str], ...] = ()
    thumbnail_id: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[CommentSummary] = field(default_factory=list)
    modified_gmt: dt.datetime | None = None
    date_gmt: dt.datetime | None = None
    content: str = ""  # the raw body, for the automatic excerpt
    password: bool = False
    single: bool = True  # the post's own page: <!--more--> becomes an anchor
    page: int = 1  # which <!--nextpage--> page
