"""A deployable static site: every page where WordPress served it, archives, feeds,
menus, sitemap, redirect maps, search.

Pages are written as the posts come (in worker processes for large exports); each
also logs one record (its listing entry, made once, and what archives and feeds
need) to `self.index`, on disk. `finish` then builds everything that needs all posts
from those records (see `shortcodes.site.build`): memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin

from markupsafe import Markup, escape

from ..language import is_rtl
from ..phpdate import format_php_date
from ..render import render_template, stylesheet, template_env
from ..site import SiteOptions
from ..site.block_forms import point_archive_options, point_category_dropdowns, point_search_forms
from ..site.catalog import Catalog, read_catalog
from ..site.excerpt import auto_excerpt, comment_html, given_excerpt, split_pages
from ..site.menus import menu_html, navigation_links, primary_menu
from ..site.permalinks import (
    Archives,
    common_front,
    decode,
    link_segments,
    safe_parts,
    site_prefix,
)
from ..site.sequence import PostSequence
from ..site.social import description, social_tags
from ..site.text import theme_text
from ..wordpress.caches import ENTRIES, remember
from .base import Writer, _address, split_url, url_key, usable_id
from .blockcss import site_css, style_element
from .paths import post_slug, relative_path, safe_slug

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..convert.report import ConvertReport
    from ..render import RenderResult
    from ..site.catalog import Attachment, MenuItem
    from ..wxr import Comment, Post, Site

    Neighbour = tuple[int, str]  # a post's (id, title)

ROOT = "\x01"  # stands for the way back to the site's root in entries and the header
SEP = b"\x1e"  # between a record's entry HTML and its JSON
KIND = {"attachment": 0, "page": 1, "post": 2}
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_LATIN = re.compile(r"[A-Za-z]")
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:\?.*)?$", re.I)
_ARCHIVE_WORDS = {"category", "tag", "author"}
_QUERY = re.compile(
    r"^[^?#]*/\?(cat|m|tag|author|category_name)=([^&#]+)(?:&(?:#038;|amp;)?w=([0-9]+))?(?:#.*)?$"
)
_SAFE_LINK = re.compile(r"(?:https?:|mailto:|tel:|[/#?.]|[^:/?#]+(?:[/?#]|$))", re.I)


def site_lang(site: Site | SimpleNamespace | None) -> tuple[str, str]:
    """(lang, dir) of the export's language (`<language>ar</language>` → ar, rtl)."""
    lang = (getattr(site, "language", None) or "en").strip() or "en"
    return lang, "rtl" if is_rtl(lang) else "ltr"


# Files and folders the site writes at its root itself: a post named so (a hostile or
# odd export) would be a folder in their way, or, in pagefind/, removed with the old
# index. Such a post gets another name (and its old address a redirect).
_ROOT_FILES = (
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "redirects.json",
    "redirects.nginx.conf",
    "_redirects",
    "pagefind",
)


def _not_an_index(segment: str) -> str:
    """A path part other than `index.html`: a folder of that name would stand where
    its parent's page (a listing, the home page) is written."""
    return "index-html" if segment.casefold() == "index.html" else segment


def _moved_permalink(post: Post, prefix: str) -> list[str] | None:
    """The path parts of a `<link>` on another host than the site's, when it is this
    post's permalink (its last part is the post's slug or id): WordPress serves a post
    at its permalink's path on whatever host it runs (a domain moved, a language on a
    domain of its own), as the Hugo and Jekyll writers place it. Any other address
    (a plugin's link to another site) is not the post's: None."""
    segments = link_segments(post.link, prefix, frozenset())
    if not segments:
        return None
    last = segments[-1].casefold()
    if last == decode(post.post_name or "").casefold() or last == str(post.id):
        return segments
    return None


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


class SiteWriter(Writer):
    suffix = "/index.html"

    def __init__(
        self,
        output: Path,
        report: ConvertReport,
        export: Path | None = None,
        options: SiteOptions | None = None,
    ) -> None:
        super().__init__(output, report)
        self.export = Path(export) if export else None
        self.options: SiteOptions = options or SiteOptions()
        self.catalog = Catalog()
        self.sequence: PostSequence | None = None
        self.front: list[str] | None = None
        self._order = PostSequence()  # planning: every post's date, id and title
        self._where: tuple[str, frozenset[str]] | None = None
        self._chrome: str | None = None
        self._attachment_links: dict[bytes, str] | None = None
        self._site_targets: dict[str, str | None] = {}  # _link_target, once the plan holds
        self.written: list[str] = []  # files this process wrote (see finish)
        # The search page takes the first of search/, search-2/… that no post of the
        # export has (see plan_done): old addresses come first.
        self.search_rel = "search/index.html"
        for reserved in ("index.html", *(f"{name}/index.html" for name in _ROOT_FILES)):
            self._allocator.reserve(reserved)

    @property
    def search_form(self) -> bool:
        """Search blocks keep their form when the site has its search page."""
        from ..site.build import pagefind_available

        return bool(self.options.search) and pagefind_available()

    # -- planning --------------------------------------------------------------------

    def _site_where(self) -> tuple[str, frozenset[str]]:
        """(path prefix, hosts) of the old site, from the export's header."""
        if self._where is None:
            site = self.site
            if site is None and self.export is not None:
                from ..wxr import read_wxr

                with read_wxr(self.export) as reader:
                    site = reader.site
            self._where = (site_prefix(getattr(site, "link", "")), self._hosts_of(site))
        return self._where

    @staticmethod
    def _hosts_of(site: Site) -> frozenset[str]:
        bases = [getattr(site, k, "") for k in ("link", "base_site_url", "base_blog_url")]
        return frozenset(split_url(b).netloc.lower() for b in bases if b) - {""}

    def plan_request(self, post: Post) -> tuple[Any, ...]:
        prefix, hosts = self._site_where()
        number = post.id if usable_id(post.id) else f"item-{post.ordinal + 1}"
        fallback = f"{post.post_type}-{number}"
        segments = link_segments(post.link, prefix, hosts) or _moved_permalink(post, prefix)
        if segments:
            segments = [_not_an_index(s) for s in segments]
            folder, slug = "/".join(segments[:-1]), safe_slug(segments[-1], fallback)
        else:  # plain permalinks (?p=N): WordPress's "post name" structure
            folder, slug = (
                "",
                safe_slug(post_slug(post.post_name, post.title, post.status, post.id), fallback),
            )
            slug = _not_an_index(slug)
        keys = []
        for url in (post.link, post.guid):
            key = url_key(url or "")
            if key and key != "/":
                keys.append(key)
                if "%" in key:
                    keys.append(unquote(key))
        order = None
        if post.post_type == "post":
            date = post.post_date
            order = int(date.strftime("%Y%m%d%H%M%S")) if date else 0
        front = segments if post.post_type == "post" and segments else None
        return post.id, folder, slug, tuple(keys), post.ordinal, order, post.title or "", front

    def plan_apply(self, request: tuple[Any, ...]) -> str | None:
        post_id, folder, slug, keys, ordinal, order, title, segments = request
        self._site_targets.clear()  # the plan changes what links lead to
        rel = super().plan_apply((post_id, folder, slug, keys, ordinal))
        if rel is None:
            return None  # a repeated id: not converted
        if order is not None and usable_id(post_id):
            self._order.add(order, post_id, title)
        if segments:
            self.front = common_front(self.front, segments)
        return rel

    def plan_done(self) -> None:
        super().plan_done()
        self.search_rel = self._allocator.allocate("", "search", self.suffix)
        # Sealed now, while only the planning dicts are held: its peak and plan_state's
        # (the dicts made compact) do not add up.
        self._planned_sequence()

    def plan_state(self) -> tuple[Any, ...]:
        return (*super().plan_state(), self._planned_sequence(), self.front)

    def adopt_plan(self, state: tuple[Any, ...]) -> None:
        super().adopt_plan(state[:3])
        self._site_targets.clear()
        self.sequence, self.front = state[3], state[4]
        self._chrome = None

    def _planned_sequence(self) -> PostSequence:
        if self.sequence is None:
            self.sequence = self._order.seal()
        return self.sequence

    @property
    def archives(self) -> Archives:
        return Archives("/".join(safe_parts(self.front or [])))

    # -- links -----------------------------------------------------------------------

    def _link_target(self, url: str) -> str | None:
        """As the base writer's, then the old site's attachment pages and archives
        (remembered per URL: the same links recur across posts)."""
        targets = self._site_targets
        if url in targets:
            return targets[url]
        return remember(targets, url, self._find_link_target(url), limit=2 * ENTRIES)

    def _find_link_target(self, url: str) -> str | None:
        rel = super()._link_target(url)
        if rel is None and "%" in url:
            rel = super()._link_target(unquote(url))
        if rel is None:
            rel = self._other_target(url)
        return rel

    def _other_target(self, url: str) -> str | None:
        """Links to attachment pages and archives of the old site."""
        if self.site is None or not _same_site_url(url, self._site_where()[1]):
            return None
        query = _QUERY.search(url)
        if query:
            return self._query_target(query[1], query[2], query[3])
        key = url_key(url)
        if not key:
            return None
        rel = self._attachments_by_link().get(_address(unquote(key)))
        if rel is not None:
            return rel
        segments = link_segments(url.split("#")[0], *self._site_where())
        if not segments:
            return None
        words = set(segments[:2])
        numeric = all(s.isdigit() for s in segments) and len(segments[0]) == 4
        if words & _ARCHIVE_WORDS or numeric or segments[-1] == "feed":
            path = "/".join(safe_parts(segments))
            return f"{path}/index.xml" if segments[-1] == "feed" else f"{path}/index.html"
        return None

    def _option_target(self, url: str, *, page_rel: str) -> str | None:
        rel = self._link_target(url)
        return self.url_for(rel, page_rel) if rel is not None else None

    def _query_target(self, name: str, value: str, week: str | None = None) -> str | None:
        """Where WordPress's query-string archives (/?cat=3, /?m=202106, /?tag=x,
        /?author=2, the weekly /?m=2021&w=26) are on the new site."""
        archives = self.archives
        if week is not None:
            if name != "m" or not value.isdigit() or len(value) != 4:
                return None
            return archives.week(int(value), int(week)) + "index.html"
        if name == "cat" and value.isdigit():
            for c in self.site.categories:
                if c.term_id == int(value):
                    return archives.category(self.category_chain(c.nicename)) + "index.html"
        elif name == "m" and value.isdigit() and len(value) in (4, 6, 8):
            parts = [int(value[:4])] + [int(value[i : i + 2]) for i in range(4, len(value), 2)]
            return archives.date(*parts) + "index.html"
        elif name == "tag" and value:
            return archives.tag(unquote(value)) + "index.html"
        elif name == "category_name" and value:
            return archives.category(self.category_chain(unquote(value))) + "index.html"
        elif name == "author" and value.isdigit():
            for a in self.site.authors:
                if a.id == int(value):
                    return archives.author(a.login) + "index.html"
        return None

    def _attachments_by_link(self) -> dict[bytes, str]:
        if self._attachment_links is None:
            self._attachment_links = {}
            for att in self.catalog.attachments.values():
                rel = self._attachment_rel(att)
                if rel:
                    key = url_key(att.link)
                    if key:
                        self._attachment_links[_address(unquote(key))] = rel
                    self._attachment_links[_address(f"/?attachment_id={att.id}")] = rel
        return self._attachment_links

    def _attachment_rel(self, att: Attachment) -> str | None:
        """Where an image attachment's page goes (None: no page: not an image, or
        attached to a post that is not published)."""
        if not _IMAGE.search(att.url) or (att.parent and att.parent not in self.catalog.published):
            return None
        segments = link_segments(att.link, *self._site_where())
        if not segments:
            return None
        return "/".join(safe_parts(segments)) + "/index.html"

    # -- writing ---------------------------------------------------------------------

    def begin(self, site: Site) -> None:
        super().begin(site)
        self._where = None
        self._site_targets.clear()
        self.lang, self.dir = site_lang(site)
        self.t = theme_text(self.lang)
        if self.export is not None and self.export.is_file():
            self.catalog = read_catalog(self.export)
        self.base = _absolute_base(self.options.site_url or getattr(site, "link", "") or "")
        env = template_env()
        self.templates = SimpleNamespace(
            **{
                name: env.get_template(f"site/{name}.html.j2")
                for name in ("base", "chrome", "single", "comments", "entry", "listing")
            }
        )
        self._parents = {c.nicename: c.parent for c in site.categories}
        self._authors = {a.login: a.display_name or a.login for a in site.authors}
        self.write_file("assets/covid-card.css", stylesheet())
        self.write_file("assets/site.css", site_css())

    def write_file(self, rel: str, text: str) -> None:
        super().write_file(rel, text)
        self.written.append(rel)

    def write_stream(self, rel: str, chunks: Iterable[str]) -> None:
        super().write_stream(rel, chunks)
        self.written.append(rel)

    def category_chain(self, nicename: str) -> list[str]:
        chain, seen = [nicename], {nicename}
        parent = self._parents.get(nicename, "")
        while parent and parent not in seen and len(chain) < 10:
            chain.insert(0, parent)
            seen.add(parent)
            parent = self._parents.get(parent, "")
        return chain

    def chrome(self) -> str:
        """The header (title, menu, search) with links from the root placeholder."""
        if self._chrome is None:
            menu = self._menu()
            self._chrome = render_template(
                self.templates.chrome,
                {
                    "root": ROOT,
                    "site_title": self.site_title,
                    "site_description": getattr(self.site, "description", "") or "",
                    "menu": menu,
                    "search": self.options.search,
                    "search_rel": self.search_rel,
                    "t": self.t,
                },
            )
        return self._chrome

    @property
    def site_title(self) -> str:
        return getattr(self.site, "title", "") or self.t.home

    def _menu(self) -> dict[str, Any] | None:
        items = primary_menu(self.catalog)
        by_term = {c.term_id: c for c in self.site.categories if c.term_id is not None}
        tags = {t.term_id: t for t in self.site.tags if t.term_id is not None}

        def resolve(item: MenuItem) -> str | None:
            if item.kind == "post_type":
                rel = self.paths.get(item.object_id)
                return ROOT + rel if rel else None
            if item.kind == "taxonomy":
                if item.object == "category" and item.object_id in by_term:
                    chain = self.category_chain(by_term[item.object_id].nicename)
                    return ROOT + self.archives.category(chain) + "index.html"
                if item.object == "post_tag" and item.object_id in tags:
                    return ROOT + self.archives.tag(tags[item.object_id].slug) + "index.html"
                return None
            return self._menu_url(item.url)

        def title_of(item: MenuItem) -> str:
            if item.title:
                return item.title
            if item.kind == "taxonomy":
                term = by_term.get(item.object_id) or tags.get(item.object_id)
                return getattr(term, "name", "") or ""
            return self.catalog.titles.get(item.object_id, "")

        if items:
            html = menu_html(items, resolve, title_of)
            return {"name": items[0].menu_name or "Menu", "html": Markup(html)} if html else None
        for _, title, content in self.catalog.navigations:
            links = navigation_links(content)
            if links:
                lis = []
                for label, url, post_id in links:
                    rel = self.paths.get(post_id) if post_id else None
                    href = ROOT + rel if rel else self._menu_url(url)
                    link = (
                        f'<a href="{escape(href)}">{escape(label)}</a>' if href else escape(label)
                    )
                    lis.append(f'<li class="menu-item">{link}</li>')
                return {
                    "name": title or "Menu",
                    "html": Markup('<ul class="menu">' + "".join(lis) + "</ul>"),
                }
        # No menu: the published pages, as wp_page_menu lists them for themes.
        lis = []
        for _, page_id, _parent in sorted(
            self.catalog.pages, key=lambda p: (p[0], self.catalog.titles.get(p[1], ""))
        ):
            rel = self.paths.get(page_id)
            if rel:
                label = escape(self.catalog.titles.get(page_id, "") or rel)
                lis.append(f'<li class="page_item"><a href="{ROOT}{escape(rel)}">{label}</a></li>')
        if lis:
            return {
                "name": self.t.pages.rstrip(":"),
                "html": Markup('<ul class="menu">' + "".join(lis) + "</ul>"),
            }
        return None

    def _menu_url(self, url: str) -> str | None:
        url = url.strip()
        if not url or url == "#":
            return "#" if url == "#" else None
        if not _SAFE_LINK.match(url):
            return None  # javascript: and the like never reach a page
        rel = self._link_target(url)
        if rel is not None:
            return ROOT + rel
        key = url_key(url)
        if key == "/" and _same_site_url(url, self._site_where()[1]):
            return ROOT + "index.html"
        return url

    def page(
        self,
        main: str,
        *,
        rel: str,
        title: str,
        lang: str | None = None,
        dir: str | None = None,
        feeds: Iterable[tuple[str, str]] = (),
        canonical: bool = True,
        root: str | None = None,
        extra_head: str = "",
        extra_body: str = "",
        body_class: str = "",
        description: str | None = None,
    ) -> str:
        """A whole page at `rel` around `main` (made by our templates)."""
        if root is None:
            root = "../" * rel.count("/")
        return render_template(
            self.templates.base,
            {
                "lang": lang or self.lang,
                "dir": dir or self.dir,
                "title": title,
                "canonical": self.absolute(rel) if canonical else None,
                "description": description,
                "root": root,
                "feeds": [
                    {"title": f_title, "href": root + f_rel} for f_title, f_rel in self.feeds(feeds)
                ],
                "extra_head": Markup(extra_head),
                "extra_body": Markup(extra_body),
                "body_class": body_class,
                "t": self.t,
                "chrome": Markup(self.chrome().replace(ROOT, root)),
                "main": Markup(main),
                "site_title": self.site_title,
            },
        )

    def feeds(self, extra: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str]]:
        """The feeds a page announces: the site's, its comments', and `extra` ones."""
        return [
            (self.t.feed.format(self.site_title), "feed/index.xml"),
            (self.t.comments_feed.format(self.site_title), "comments/feed/index.xml"),
            *extra,
        ]

    def absolute(self, rel: str) -> str:
        """The address of `rel` on the published site (a folder's index as the folder)."""
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return self.base + rel

    def date_text(self, moment: dt.datetime | None) -> str | None:
        return format_php_date(self.t.date_format, moment, self.lang) if moment else None

    def post_lang(self, post: Post, text: str) -> tuple[str | None, str | None]:
        """The post's own language and direction where it differs from the site's:
        a Polylang/WPML language term, else a title in Arabic script on a
        left-to-right site."""
        for term in post.terms:
            if term.domain in ("language", "post_translations") and term.nicename:
                lang, d = site_lang(SimpleNamespace(language=term.nicename))
                return (lang, d) if lang != self.lang else (None, None)
        if self.dir == "ltr":
            sample = (post.title or "") + " " + text[:400]
            if len(_ARABIC.findall(sample)) > 2 * len(_LATIN.findall(sample)):
                return "ar", "rtl"
        return None, None

    def write(self, post: Post, result: RenderResult) -> str:
        rel = self.paths.get(post.id) or self.plan(post)
        folder = rel[: -len("index.html")]
        t = self.t
        protected = self.withholds(post)
        text = result.text
        if protected:
            text = f'<p class="post-password-required">{escape(t.protected_text)}</p>'
        lang, dir = self.post_lang(post, text)
        title = t.protected.format(post.title) if protected and post.title else (post.title or "")
        terms = self._terms(post)
        author = self._authors.get(post.creator, post.creator)
        thumb = self._thumbnail(post)
        ctx = {
            "type": post.post_type,
            "title": title,
            "sticky": post.is_sticky,
            "lang": lang,
            "dir": dir,
            "date": self.date_text(post.post_date),
            "date_iso": _iso(post.post_date_gmt or post.post_date),
            "author": author,
            "author_path": self.archives.author(post.creator) + "index.html"
            if post.creator
            else "",
            "categories": terms["categories"],
            "tags": terms["tags"],
        }
        neighbours = self._neighbours(post) if post.post_type == "post" else None
        comments, count = self._comments(post)
        excerpt = (
            f"<p>{escape(t.protected_excerpt)}</p>"
            if protected
            else given_excerpt(post.excerpt) or auto_excerpt(result.text)
        )
        summary = t.protected_excerpt if protected else description(post, excerpt)
        pages = split_pages(text)
        files = []
        for n, body in enumerate(pages, 1):
            page_rel = rel if n == 1 else f"{folder}{n}/index.html"
            root = "../" * page_rel.count("/")
            body = self.local_images(self.rewrite_links(body, page_rel), page_rel)
            body = point_search_forms(body, root + self.search_rel)
            body = point_archive_options(body, partial(self._option_target, page_rel=page_rel))
            body = point_category_dropdowns(body, f"{root}index.html")
            links = None
            if len(pages) > 1:
                links = [
                    {
                        "n": k,
                        "href": None
                        if k == n
                        else _rel_link(page_rel, rel if k == 1 else f"{folder}{k}/index.html"),
                    }
                    for k in range(1, len(pages) + 1)
                ]
            page_thumb = self._thumb_for(thumb, page_rel)
            post_ctx = dict(ctx, thumbnail=page_thumb, author_path=ctx["author_path"])
            main = render_template(
                self.templates.single,
                {
                    "post": SimpleNamespace(**post_ctx),
                    "content": Markup(body),
                    "page_links": links,
                    "neighbours": self._neighbour_links(neighbours, page_rel),
                    "comments": Markup(comments) if n == 1 else "",
                    "comment_count": count,
                    "root": root,
                    "t": t,
                },
            )
            feeds = []
            if count:
                feeds = [
                    (t.post_comments_feed.format(self.site_title, title), f"{folder}feed/index.xml")
                ]
            html = self.page(
                main,
                rel=page_rel,
                feeds=feeds,
                title=f"{title} – {self.site_title}" if title else self.site_title,
                lang=lang,
                dir=dir,
                body_class=f"single single-{post.post_type}",
                description=summary,
                extra_head="\n".join(
                    head
                    for head in (
                        self._social(post, title, summary, page_rel, page_thumb),
                        "" if protected else style_element(result.block_css),
                    )
                    if head
                ),
                extra_body="" if protected else result.block_svg,
            )
            super().write_file(page_rel, html)
            files.append(page_rel)
        entry = render_template(
            self.templates.entry,
            dict(
                ctx,
                path=rel,
                excerpt=Markup(excerpt),
                root=ROOT,
                thumbnail=self._thumb_for(thumb, None),
            ),
        )
        record = {
            "k": post.post_type,
            "id": post.id,
            "p": rel,
            "t": title,
            "d": _iso(post.post_date),
            "g": _iso(post.post_date_gmt),
            "m": _iso(post.modified_gmt),
            "s": post.is_sticky and post.post_type == "post",
            "c": [[c["path"], c["name"]] for c in terms["categories"]],
            "tg": [[c["path"], c["name"]] for c in terms["tags"]],
            "a": [ctx["author_path"], author] if post.creator else None,
            "guid": post.guid,
            "link": post.link,
            "x": protected,
            "f": files,
            "cm": [] if protected else self._comment_records(post),
            "ex": excerpt,
        }
        self._log(entry, record, post)
        self._chrome_record()
        return rel

    def _log(self, entry: str, record: dict, post: Post) -> None:
        date = post.post_date
        when = int(date.strftime("%Y%m%d%H%M%S")) if date else 0
        key = when * 4 + KIND.get(record["k"], 1)
        data = entry.encode("utf-8") + SEP + json.dumps(record, ensure_ascii=False).encode("utf-8")
        self.index.append_bytes(data + b"\n", key=key, ordinal=post.ordinal)

    def _chrome_record(self) -> None:
        """Once per process: the header and the archives' front, for `finish` (the
        parent process of workers has no plan of its own)."""
        if getattr(self, "_chrome_logged", False):
            return
        self._chrome_logged = True
        record = {"k": "chrome", "html": self.chrome(), "front": self.front or []}
        data = SEP + json.dumps(record, ensure_ascii=False).encode("utf-8")
        self.index.append_bytes(data + b"\n", key=-1, ordinal=-1)

    def _terms(self, post: Post) -> dict:
        cats, tags = [], []
        for term in post.terms:
            if term.domain == "category" and term.nicename:
                chain = self.category_chain(term.nicename)
                cats.append(
                    {"name": term.name, "path": self.archives.category(chain) + "index.html"}
                )
            elif term.domain in ("post_tag", "tag") and term.nicename:
                tags.append(
                    {"name": term.name, "path": self.archives.tag(term.nicename) + "index.html"}
                )
        return {"categories": cats, "tags": tags}

    def _thumbnail(self, post: Post) -> dict[str, str] | None:
        thumb_id = post.get_meta("_thumbnail_id")
        try:
            att = self.catalog.attachments.get(int(thumb_id or 0))
        except ValueError:
            att = None
        if att is None or not att.url:
            return None
        return {"url": att.url, "alt": att.alt}

    def _social(self, post: Post, title: str, text: str, page_rel: str, image: dict | None) -> str:
        """The page's Open Graph and Twitter card tags (see shortcodes.site.social);
        `image`: the featured image as the page links it (`_thumb_for`)."""
        url = self.absolute(page_rel)
        return social_tags(
            post,
            title=title or self.site_title,
            text=text,
            url=url,
            image=urljoin(url, image["src"]) if image else None,
            site_name=self.site_title,
        )

    def _thumb_for(self, thumb: dict[str, str] | None, page_rel: str | None) -> dict | None:
        if thumb is None:
            return None
        src = thumb["url"]
        if self.images is not None:
            html = self.images.rewrite(f'<img src="{escape(src)}">', page_rel)
            m = re.search(r'src="([^"]*)"', html)
            if m and page_rel is not None:
                src = m[1]
        return {"src": src, "alt": thumb["alt"]}

    def _neighbours(self, post: Post) -> tuple[Neighbour | None, Neighbour | None]:
        sequence = self.sequence if self.sequence is not None else self._planned_sequence()
        return sequence.neighbours(post.id) if post.id is not None else (None, None)

    def _neighbour_links(
        self, neighbours: tuple[Neighbour | None, Neighbour | None] | None, page_rel: str
    ) -> dict | None:
        if not neighbours or not any(neighbours):
            return None
        out = {}
        for name, found in zip(("prev", "next"), neighbours, strict=True):
            rel = self.paths.get(found[0]) if found else None
            out[name] = {"href": _rel_link(page_rel, rel), "title": found[1]} if rel else None
        return out if any(out.values()) else None

    def _approved(self, post: Post) -> list[Comment]:
        return [c for c in post.comments if c.approved == "1" and c.type not in ("note",)]

    def _comments(self, post: Post) -> tuple[str, int]:
        if self.withholds(post):
            return "", 0
        approved = self._approved(post)
        if not approved:
            return "", 0
        nodes = {}
        for c in sorted(
            approved,
            key=lambda c: (
                c.date_gmt or c.date or dt.datetime.min.replace(tzinfo=dt.timezone.utc),
                c.id or 0,
            ),
        ):
            nodes[c.id] = {
                "id": c.id,
                "author": c.author or "Anonymous",
                "url": c.url if c.url.startswith(("http://", "https://")) else "",
                "date": self.date_text(c.date),
                "date_iso": _iso(c.date_gmt or c.date),
                "text": Markup(comment_html(c.content)),
                "children": [],
                "parent": c.parent,
            }
        top = []
        for node in nodes.values():
            parent = nodes.get(node["parent"]) if node["parent"] else None
            (parent["children"] if parent is not None and parent is not node else top).append(node)
        html = render_template(self.templates.comments, {"comments": top})
        return html, len(nodes)

    def _comment_records(self, post: Post) -> list:
        """The newest approved comments, for the comments feed (no e-mail, no IP)."""
        out = []
        for c in self._approved(post)[-10:]:
            out.append([_iso(c.date_gmt or c.date), c.id, c.author, comment_html(c.content)])
        return out

    def keep(self, post: Post) -> None:
        """Attachment pages for images (WordPress's attachment.php: the image, its
        caption and description)."""
        if post.post_type != "attachment" or self.site is None:
            return
        att = self.catalog.attachments.get(post.id)
        rel = self._attachment_rel(att) if att is not None else None
        if rel is None:
            return
        src = self._thumb_for({"url": att.url, "alt": att.alt}, rel)["src"]
        caption = f"<figcaption>{escape(post.excerpt)}</figcaption>" if post.excerpt.strip() else ""
        body = (
            f'<figure class="wp-block-image attachment"><a href="{escape(att.url)}">'
            f'<img src="{escape(src)}" alt="{escape(att.alt)}"></a>{caption}</figure>'
            + (given_excerpt(post.content) if post.content.strip() else "")
        )
        parent_rel = self.paths.get(att.parent) if att.parent else None
        if parent_rel:
            title = escape(self.catalog.titles.get(att.parent, "") or "←")
            href = _rel_link(rel, parent_rel)
            body += f'<p class="attachment-parent"><a href="{href}">{title}</a></p>'
        main = render_template(
            self.templates.single,
            {
                "post": SimpleNamespace(
                    type="attachment",
                    title=post.title,
                    sticky=False,
                    lang=None,
                    dir=None,
                    thumbnail=None,
                    tags=[],
                    categories=[],
                ),
                "content": Markup(body),
                "page_links": None,
                "neighbours": None,
                "comments": "",
                "comment_count": 0,
                "root": "../" * rel.count("/"),
                "t": self.t,
            },
        )
        super().write_file(
            rel,
            self.page(
                main, rel=rel, title=f"{post.title} – {self.site_title}", body_class="attachment"
            ),
        )
        record = {
            "k": "attachment",
            "id": post.id,
            "p": rel,
            "t": post.title,
            "link": post.link,
            "f": [rel],
            "d": None,
            "g": None,
            "m": _iso(post.modified_gmt),
            "cm": [],
        }
        self._log("", record, post)

    def finish(self) -> None:
        from ..site.build import build_site

        build_site(self)

    def abort(self) -> None:
        """The run stops (a broken export, Ctrl-C, a full disk): keep what was written,
        write no index over it, remove what stopped processes left half-written."""
        super().abort()


def _rel_link(from_rel: str, to_rel: str | None) -> str | None:
    if to_rel is None:
        return None
    return relative_path(to_rel, from_rel.rpartition("/")[0])


def _absolute_base(url: str) -> str:
    url = url.strip()
    if not url:
        return "/"
    return url if url.endswith("/") else url + "/"


def _same_site_url(url: str, hosts: frozenset[str]) -> bool:
    try:
        parts = split_url(url)
    except ValueError:
        return False
    if not parts.netloc:
        return not parts.scheme and url.startswith("/")
    return parts.netloc.lower() in hosts
