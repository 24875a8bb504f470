"""The pre-pass that gives WordPress's content chain its database: one streaming read of
the export into a `ContentContext` (attachments, post summaries, terms, menus, approved
comments), and the `PostContext` of each post rendered.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .wordpress.context import (
    Attachment,
    Author,
    CommentSummary,
    ContentContext,
    MenuItem,
    PostContext,
    PostSummary,
    SiteSettings,
    TermSummary,
)
from .wordpress.phpserialize import PHPSerializeError, unserialize

if TYPE_CHECKING:
    from .ctxdb import ContextDB
    from .wxr import Comment, Post, Site, WXRReader

_OEMBED_KEY = re.compile(r"_oembed_[0-9a-f]{32}$")


def _meta(post: Post) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in post.meta:
        out.setdefault(k, v)
    return out


def _int(text: str | None) -> int:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return 0


def _metadata(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = unserialize(text)
    except PHPSerializeError:
        return None
    return value if isinstance(value, dict) else None


def build_content_context(export: str | Path) -> ContentContext:
    """Everything the content chain reads of `export`, in one streaming pass.

    Raises `BadInput` as the reader does for a broken export.
    """
    from .errors import BadInput
    from .wxr import read_wxr

    try:
        # lxml refuses what the reader's byte checks would repair: read fast, and the
        # careful way only if that fails.
        return _build(read_wxr(export, checked=True))
    except BadInput:
        return _build(read_wxr(export))


def context_of(reader: WXRReader, posts: Iterable[Post]) -> ContentContext:
    """The `ContentContext` of an export another pass reads: `posts` are every item
    `reader` gives that pass, in order (convert's planning pass, so that the export is
    not read once more for it)."""
    return _build(reader, posts)


def _build(reader: WXRReader, posts: Iterable[Post] | None = None) -> ContentContext:
    import sqlite3

    from .ctxdb import ContextDB

    try:
        db = ContextDB()  # every post's summary and every attachment, on disk
    except (OSError, sqlite3.Error):
        return _gather(reader, posts, _Memory())
    try:
        ctx = _gather(reader, posts, db)
        db.seal()
    except (OSError, sqlite3.Error):
        # The temporary folder is full (or its files limited): what the planning pass
        # gave is read again into memory, as before the database, and the run goes on.
        db.close()
        for _ in posts or ():
            pass  # the planning pass finishes its work
        return _gather(_reread(reader), None, _Memory())
    except BaseException:
        db.close()
        raise
    ctx.posts, ctx.attachments = db.posts, db.attachments
    ctx.store = db
    return ctx


def _reread(reader: WXRReader) -> WXRReader:
    from .errors import OutputError
    from .wxr import read_wxr

    if not Path(reader.name).is_file():
        raise OutputError("the temporary folder is full", file=tempfile.gettempdir())
    return read_wxr(reader.name, checked=not reader.repaired)


class _Memory:
    """Where the context's rows go when no database can be written: dicts."""

    def __init__(self) -> None:
        self.posts: dict[int, PostSummary] = {}
        self.attachments: dict[int, Attachment] = {}

    def add_post(self, p: PostSummary) -> None:
        self.posts[p.id] = p

    def add_attachment(self, a: Attachment) -> None:
        self.attachments[a.id] = a

    def written_post(self, post_id: int) -> PostSummary:
        return self.posts[post_id]


def _gather(
    reader: WXRReader, posts: Iterable[Post] | None, db: ContextDB | _Memory
) -> ContentContext:
    from .phpdate import format_php_date

    ctx = ContentContext()
    if isinstance(db, _Memory):
        ctx.posts, ctx.attachments = db.posts, db.attachments
    ctx.date_formatter = format_php_date
    site = reader.site
    ctx.site = _settings_of(site)
    for a in site.authors:
        ctx.authors[a.login] = Author(a.login, a.display_name or a.login, a.id or 0)
    for c in site.categories:
        ctx.terms.append(
            TermSummary("category", c.nicename, c.name, c.parent, c.description, c.term_id or 0)
        )
    for t in site.tags:
        ctx.terms.append(TermSummary("post_tag", t.slug, t.name, "", t.description, t.term_id or 0))
    for t in site.terms:
        ctx.terms.append(
            TermSummary(t.taxonomy, t.slug, t.name, t.parent, t.description, t.term_id or 0)
        )
    seen: set[tuple[str, str]] = set()  # an export may list a category twice (wp:term too)
    ctx.terms = [
        t
        for t in ctx.terms
        if (t.taxonomy, t.slug) not in seen and not seen.add((t.taxonomy, t.slug))
    ]
    listed = {"post": _Listed(), "page": _Listed()}
    newest = _NewestComments()
    shared: dict = {}
    for post in reader.posts() if posts is None else posts:
        if post.id is None:
            continue
        meta = _meta(post)
        if post.post_type == "attachment":
            url = post.attachment_url or post.guid
            attached = meta.get("_wp_attached_file")
            if attached and ctx.site.uploads_baseurl and not attached.startswith("http"):
                url = f"{ctx.site.uploads_baseurl}/{attached}"
            db.add_attachment(
                Attachment(
                    post.id,
                    url,
                    post.post_parent,
                    meta.get("_wp_attachment_mime_type", "") or _mime_of(url),
                    post.title,
                    post.excerpt,
                    post.content,
                    meta.get("_wp_attachment_image_alt", ""),
                    _metadata(meta.get("_wp_attachment_metadata")),
                    post.menu_order,
                    post.post_date,
                    post.post_name,
                    post.link,
                )
            )
        elif post.post_type == "nav_menu_item":
            menu = next((t.nicename for t in post.terms if t.domain == "nav_menu"), "")
            ctx.menu_items.append(
                MenuItem(
                    post.id,
                    menu,
                    post.title,
                    meta.get("_menu_item_url", ""),
                    _int(meta.get("_menu_item_menu_item_parent")),
                    post.menu_order,
                    meta.get("_menu_item_object", ""),
                    _int(meta.get("_menu_item_object_id")),
                    meta.get("_menu_item_type", ""),
                    meta.get("_menu_item_target", ""),
                    _classes(meta.get("_menu_item_classes")),
                    meta.get("_menu_item_xfn", ""),
                    post.content,
                    post.excerpt,
                )
            )
        elif post.post_type == "wp_navigation" and post.status == "publish":
            ctx.navigations[post.id] = post.content  # only published menus are shown
            ctx.navigation_titles[post.id] = post.title
        if post.post_type in ("post", "page"):
            # Kept small (memory stays flat): no comments' texts, no slugs (links are
            # kept), term triples and authors shared between posts.
            approved = sum(1 for c in post.comments if c.approved == "1")
            terms = tuple(
                shared.setdefault(key, key)
                for key in ((t.domain, t.nicename, t.name) for t in post.terms)
            )
            db.add_post(
                PostSummary(
                    post.id,
                    post.title,
                    "",
                    post.post_type,
                    post.status,
                    post.link,
                    post.post_date,
                    post.post_date_gmt,
                    post.modified,
                    shared.setdefault(post.creator, post.creator),
                    post.post_parent,
                    post.menu_order,
                    "" if post.post_password else post.excerpt,
                    terms,
                    _int(meta.get("_thumbnail_id")),
                    bool(post.post_password),
                    post.is_sticky,
                    approved,
                    "",
                )
            )
            if post.status == "publish" and not post.post_password:
                listed[post.post_type].offer(post)
        if post.status == "publish" and post.comments:
            newest.offer(post)
        for t in post.terms:  # the importer creates a post's terms the channel lacks
            if t.domain in ("category", "post_tag", "tag"):
                key = ("post_tag" if t.domain == "tag" else t.domain, t.nicename)
                if key not in seen:
                    seen.add(key)
                    ctx.terms.append(TermSummary(key[0], t.nicename, t.name))
    ctx.comments = newest.comments()
    for kind in listed.values():
        for post_id, text in kind.texts().items():
            db.add_post(replace(db.written_post(post_id), content=text))
    return ctx


class _Listed:
    """The posts a latest-posts block or a query loop can list (the first and last by
    date and by title): only their bodies are kept (up to `LIMIT` characters), for
    automatic excerpts; memory stays flat."""

    KEEP = 32
    LIMIT = 65536  # an excerpt's first words can come after much block markup

    def __init__(self) -> None:
        self._heaps: list[list] = [[], [], [], []]
        self._raw: dict[int, str] = {}
        self._seen = 0

    def offer(self, post: Post) -> None:
        import heapq

        self._seen += 1
        date = (post.post_date_gmt or post.post_date or _EPOCH).timestamp()
        title = post.title.lower()
        keys = ((date,), (-date,), (_Reverse(title),), (title,))
        kept = False
        for heap, key in zip(self._heaps, keys, strict=True):
            item = (key, -self._seen, post.id)  # newest, oldest, A→Z, Z→A kept
            if len(heap) < self.KEEP:
                heapq.heappush(heap, item)
                kept = True
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
                kept = True
        if kept:
            self._raw[post.id] = _head(post.content, self.LIMIT)
        if len(self._raw) > 5 * self.KEEP:  # at most 4 * KEEP are wanted
            wanted = {i for heap in self._heaps for *_, i in heap}
            self._raw = {i: t for i, t in self._raw.items() if i in wanted}

    def texts(self) -> dict[int, str]:
        """The kept posts' bodies up to <!--more-->: all that an excerpt reads."""
        wanted = {i for heap in self._heaps for *_, i in heap}
        return {i: _MORE.split(t, 1)[0] for i, t in self._raw.items() if i in wanted}


_MORE = re.compile(r"<!--more(?:.*?)?-->|<!--nextpage-->")


def _head(content: str, limit: int) -> str:
    """The first `limit` characters of a body, without a tag or block delimiter cut in
    two (what an excerpt needs: its first words)."""
    if len(content) <= limit:
        return content
    head = content[:limit]
    cut = head.rfind("<")
    return head[:cut] if cut >= 0 and ">" not in head[cut:] else head


class _NewestComments:
    """The site's newest approved comments on published posts (the latest-comments
    block shows at most 100): a bounded heap, memory stays flat."""

    KEEP = 100

    def __init__(self) -> None:
        self._heap: list = []
        self._seen = 0

    def offer(self, post: Post) -> None:
        import heapq

        for c in post.comments:
            if c.approved != "1":
                continue
            when = c.date_gmt or (c.date.replace(tzinfo=dt.timezone.utc) if c.date else _EPOCH)
            self._seen += 1
            key = (when.timestamp(), c.id or 0, self._seen)
            if len(self._heap) >= self.KEEP and key <= self._heap[0][0]:
                continue
            item = (key, _comment_summary(c, post.id or 0))
            if len(self._heap) < self.KEEP:
                heapq.heappush(self._heap, item)
            else:
                heapq.heapreplace(self._heap, item)

    def comments(self) -> list[CommentSummary]:
        return [c for _, c in sorted(self._heap, key=lambda item: item[0], reverse=True)]


def _comment_summary(c: Comment, post_id: int) -> CommentSummary:
    """What the chain may show of a comment: never its author's e-mail address or IP."""
    return CommentSummary(
        c.id or 0, post_id, c.author, c.url, c.date, c.content, c.parent, c.type, c.date_gmt,
        c.user_id or 0,
    )  # fmt: skip


class _Reverse(str):
    """A string that sorts the other way (to keep the last titles in a min-heap)."""

    def __lt__(self, other: str) -> bool:
        return str.__gt__(self, other)

    def __gt__(self, other: str) -> bool:
        return str.__lt__(self, other)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def _classes(text: str | None) -> str:
    value = None
    if text:
        try:
            value = unserialize(text)
        except PHPSerializeError:
            value = None
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    return ""


_MIME = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "jpe": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "svg": "image/svg+xml",
    "mp3": "audio/mpeg",
    "m4a": "audio/mpeg",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "wav": "audio/wav",
    "flac": "audio/flac",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "ogv": "video/ogg",
    "pdf": "application/pdf",
}


def _mime_of(url: str) -> str:
    """The MIME type WordPress's wp_check_filetype() gives the file's extension."""
    ext = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower() if "." in url else ""
    return _MIME.get(ext, "")


class _ExportContext(ContentContext):
    """A `ContentContext` read from its export the first time the chain asks for more
    than the site's settings: posts that need nothing from the database cost nothing,
    and each process reads the export at most once (`load()` reads it now, for example
    before forking workers that share it)."""

    def __init__(self, export: str | Path) -> None:  # the fields come with the first read
        self._export = export

    def load(self) -> ContentContext:
        if "attachments" not in self.__dict__:
            self.__dict__.update(vars(build_content_context(self._export)))
        return self

    @property
    def loaded(self) -> bool:
        return "attachments" in self.__dict__

    def adopt(self, ctx: ContentContext) -> None:
        """Take `ctx`, read from this export by another pass (see `context_of`)."""
        self.__dict__.update(vars(ctx))

    def release(self) -> None:
        """Forget what was read, and remove its database (a conversion's end): the next
        use reads the export again."""
        store = self.__dict__.get("store")
        if store is not None:
            store.close()
        self.__dict__ = {"_export": self._export}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name == "site":
            self.site = _site_settings(self._export)
            return self.site
        self.load()
        return self.__dict__[name]


def _site_settings(export: str | Path) -> SiteSettings:
    from .wxr import read_wxr

    reader = read_wxr(export)
    try:
        return _settings_of(reader.site)
    finally:
        reader.close()


def _settings_of(site: Site) -> SiteSettings:
    home = (site.base_blog_url or site.link or "").rstrip("/")
    return SiteSettings(
        home=home,
        siteurl=(site.base_site_url or home).rstrip("/"),
        title=site.title,
        description=site.description,
        language=site.language or "en-US",
        uploads_baseurl=f"{home}/wp-content/uploads" if home else "",
    )


@lru_cache(maxsize=2)
def content_context(export: str | Path) -> ContentContext:
    """The export's `ContentContext`, read once per export and process when first used."""
    return _ExportContext(export)


def release_context(export: str | Path) -> None:
    """The end of a conversion of `export`: its context's database is removed."""
    ctx = content_context(export)
    if isinstance(ctx, _ExportContext):
        ctx.release()


def post_context(post: Post, ctx: ContentContext | None = None) -> PostContext:
    """The `PostContext` of one export item."""
    meta = _meta(post)
    comments = []
    if post.comments:
        comments = [_comment_summary(c, post.id or 0) for c in post.comments if c.approved == "1"]
    return PostContext(
        id=post.id or 0,
        post_type=post.post_type,
        title=post.title,
        slug=post.post_name,
        link=post.link,
        date=post.post_date,
        modified=post.modified,
        author=post.creator,
        excerpt=post.excerpt,
        terms=tuple((t.domain, t.nicename, t.name) for t in post.terms),
        thumbnail_id=_int(meta.get("_thumbnail_id")),
        meta={k: v for k, v in meta.items() if k.startswith("_oembed_") or k == "footnotes"},
        comments=comments,
        date_gmt=post.post_date_gmt,
        modified_gmt=post.modified_gmt,
        content=post.content,
        password=bool(post.post_password),
    )
