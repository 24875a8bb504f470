"""The finishing phase of the HTML site: everything that needs all posts, built from
the records the pages left on disk (`SiteWriter.index`), never all posts in memory:
home page and archives (paginated), feeds, sitemap, robots.txt, 404, search page and
index, redirect maps, the manifest of files written (files an earlier run wrote that
are no longer part of the site are removed).
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from markupsafe import Markup, escape

from ..memory import give_back_memory
from ..render import render_template, template_env
from ..wordpress.dynamic_blocks_archive import mysql_week
from ..writers.base import link_values, split_url
from ..writers.files import atomic_stream, atomic_write_bytes, same_content
from ..writers.paths import inside, relative_path
from ..writers.plan import StringSet
from ..writers.redirects import write_redirect_maps
from .permalinks import feed_of, paged, site_prefix

if TYPE_CHECKING:
    import jinja2
    from feedgen.feed import FeedGenerator

    from ..disklog import DiskLog
    from ..writers.site import SiteWriter

MANIFEST = ".covid-shortcodes-manifest"
FEED_ITEMS = 10  # posts_per_rss's default
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org)
SEARCH_BATCH = 500  # pages per Pagefind bundle (its memory grows with the pages it holds: ~90 MB)


class _Listing:
    """One archive: its folder, heading, feed title, and its posts (record numbers,
    newest first)."""

    __slots__ = ("folder", "heading", "feed_title", "items", "description")

    def __init__(self, folder: str, heading: str, feed_title: str | None = None) -> None:
        self.folder, self.heading, self.feed_title = folder, heading, feed_title
        self.items = array("i")  # record numbers (4 bytes: a site of 2**31 posts is not)
        self.description = ""


def _split(raw: bytes) -> tuple[bytes, dict]:
    entry, _, meta = raw.partition(b"\x1e")
    return entry, json.loads(meta)


def build_site(w: SiteWriter) -> None:  # noqa: C901 - one pass, then each kind of page
    index = w.index
    t = w.t
    per_page = max(1, w.options.posts_per_page)
    order = sorted(range(len(index)), key=index.key, reverse=True)
    chrome = None
    home_sticky, home = array("i"), array("i")
    listings: dict[str, _Listing] = {}
    files = StringSet()  # every file of the site (compact: see writers/plan.py)
    files.update(w.written)
    comments: list = []  # heap of the newest comments
    pairs = tempfile.TemporaryFile()  # (old, new) redirect lines
    old_prefix = site_prefix(getattr(w.site, "link", ""))
    new_prefix = split_url(w.base).path or "/"
    if not new_prefix.endswith("/"):
        new_prefix += "/"
    dates = set()

    def pair(old: str, new_rel: str) -> None:
        new = new_prefix + (
            new_rel[: -len("index.html")] if new_rel.endswith("index.html") else new_rel
        )
        pairs.write(json.dumps([old, new], ensure_ascii=False).encode("utf-8") + b"\n")

    # The archives WordPress has even with no posts: every category and tag.
    if w.front is None:
        for i in order:
            if index.key(i) == -1:
                _, meta = _split(index.raw(i))
                chrome, w.front = meta["html"], meta["front"]
                w._chrome = chrome
                break
    archives = w.archives
    for cat in w.site.categories:
        folder = archives.category(w.category_chain(cat.nicename))
        lst = listings.setdefault(
            folder, _Listing(folder, t.category.format(cat.name or cat.nicename), cat.name)
        )
        lst.description = cat.description
        if cat.term_id is not None:
            pair(f"{old_prefix}?cat={cat.term_id}", folder)
        # The categories block's dropdown opens /?category_name=slug.
        pair(f"{old_prefix}?category_name={quote(cat.nicename)}", folder)
    for tag in w.site.tags:
        folder = archives.tag(tag.slug)
        lst = listings.setdefault(
            folder, _Listing(folder, t.tag.format(tag.name or tag.slug), tag.name)
        )
        lst.description = tag.description
        pair(f"{old_prefix}?tag={quote(tag.slug)}", folder)

    sitemap = _Sitemap(w)
    searchable = tempfile.TemporaryFile()  # the pages to index, one path a line
    for i in order:
        if index.key(i) == -1:
            continue
        _, m = _split(index.raw(i))
        kind = m["k"]
        files.update(m["f"])
        if m.get("id") is not None:
            pair(f"{old_prefix}?p={m['id']}", m["p"])
            if kind == "page":
                pair(f"{old_prefix}?page_id={m['id']}", m["p"])
            if kind == "attachment":
                pair(f"{old_prefix}?attachment_id={m['id']}", m["p"])
        _old_path_pair(w, m, pair)
        if kind != "attachment":
            _encoded_pair(m["p"], old_prefix, pair)
        if kind != "attachment":
            sitemap.add(m["p"], m.get("m") or m.get("g"))
            if not m.get("x"):
                for rel in m["f"]:
                    searchable.write(rel.encode("utf-8") + b"\n")
        if m.get("cm"):  # the post's own comments feed, as WordPress has at …/feed/
            folder = m["p"][: -len("index.html")]
            own = [(c[0] or "", c[1] or 0, c[2], c[3], m["p"], m["t"]) for c in m["cm"]]
            title = w.t.post_comments_feed.format(w.site_title, m["t"])
            _write_comments_feed(
                w, sorted(own, reverse=True), files, f"{folder}feed/index.xml", title
            )
        for c in m.get("cm") or []:
            item = (c[0] or "", c[1] or 0, c[2], c[3], m["p"], m["t"])
            if len(comments) < FEED_ITEMS:
                heapq.heappush(comments, item)
            elif item > comments[0]:
                heapq.heapreplace(comments, item)
        if kind != "post":
            continue
        (home_sticky if m["s"] else home).append(i)
        for path, name in m["c"]:
            folder = path[: -len("index.html")]
            listings.setdefault(
                folder, _Listing(folder, t.category.format(name), name)
            ).items.append(i)
        for path, name in m["tg"]:
            folder = path[: -len("index.html")]
            listings.setdefault(folder, _Listing(folder, t.tag.format(name), name)).items.append(i)
        if m.get("a"):
            folder = m["a"][0][: -len("index.html")]
            listings.setdefault(folder, _Listing(folder, t.author.format(m["a"][1]))).items.append(
                i
            )
        if m.get("d"):
            y, mo, d = int(m["d"][:4]), int(m["d"][5:7]), int(m["d"][8:10])
            for key, heading in (
                ((y,), t.year.format(y)),
                ((y, mo), t.month.format(f"{y}-{mo:02d}")),
                ((y, mo, d), t.day.format(f"{y}-{mo:02d}-{d:02d}")),
            ):
                folder = archives.date(*key)
                if folder not in listings:
                    listings[folder] = _Listing(folder, heading)
                    dates.add(key)
                listings[folder].items.append(i)
            week = mysql_week(dt.date(y, mo, d))
            if week:  # week 0 is the year's archive (see Archives.week)
                folder = archives.week(y, week)
                if folder not in listings:
                    listings[folder] = _Listing(folder, t.week.format(y, week))
                    pair(f"{old_prefix}?m={y:04d}&w={week}", folder)
                listings[folder].items.append(i)
    for key in sorted(dates):
        pair(
            f"{old_prefix}?m="
            + "".join(f"{k:02d}" if n else f"{k:04d}" for n, k in enumerate(key)),
            archives.date(*key),
        )

    env = template_env()
    listing_t = env.get_template("site/listing.html.j2")
    home_items = array("i", [*home_sticky, *home])
    fallback = _fallback_script(w.search_rel)

    def listing_page(lst: _Listing | None) -> set:
        made: set = set()
        if lst is None:
            _write_listing(
                w, listing_t, _Listing("", ""), home_items, per_page, made, extra_head=fallback
            )
            _write_feed(w, "feed/index.xml", w.site_title, "", _newest(index, order), made)
            _write_comments_feed(w, sorted(comments, reverse=True), made)
            return made
        feed_title = t.term_feed.format(w.site_title, lst.feed_title) if lst.feed_title else None
        extra = [(feed_title, feed_of(lst.folder))] if feed_title else []
        _write_listing(w, listing_t, lst, lst.items, per_page, made, feeds=extra)
        if feed_title:
            _write_feed(
                w, feed_of(lst.folder), feed_title, lst.folder, lst.items[:FEED_ITEMS], made
            )
        return made

    for made in _in_processes(w, [None, *listings.values()], listing_page):
        files.update(made)
    for lst in listings.values():
        if lst.feed_title:
            pair(f"{old_prefix}{_old(lst.folder)}feed/", feed_of(lst.folder))
    for old in ("feed/", "feed", "?feed=rss2", "feed/rss2/"):
        pair(old_prefix + old, "feed/index.xml")
    pair(old_prefix + "comments/feed/", "comments/feed/index.xml")

    # 404 (served at any depth: links from the site's root path), search page.
    main = render_template(env.get_template("site/notfound.html.j2"), {"root": new_prefix, "t": t})
    _write(
        w,
        "404.html",
        w.page(main, rel="404.html", title=t.not_found, canonical=False, root=new_prefix),
        files,
    )
    sitemap.add("index.html", None)
    for lst in listings.values():
        if lst.items:
            sitemap.add(lst.folder + "index.html", None)
    for name in sitemap.close():
        files.add(name)
    robots = f"User-agent: *\nDisallow:\n\nSitemap: {w.base}sitemap.xml\n"
    _write(w, "robots.txt", robots, files)
    pair(old_prefix + "wp-sitemap.xml", "sitemap.xml")

    if w.images is not None:  # --images download: the copies are part of the site
        files.update(w.images.saved.values())
    files.update(_write_redirects(w, pairs))
    if w.options.search:
        # After the archives, not beside them: Pagefind (~100 MB for a bundle) and the
        # archives' processes together would hold half as much memory again. And with
        # what the archives needed given back: Pagefind runs beside this process.
        del order, listings, home_items
        give_back_memory()
        made, bundles, notes = _Search(searchable).build(w)
        w.report.notes.extend(notes)
        files.update(made)
        if bundles:
            main = render_template(
                env.get_template("site/search.html.j2"),
                {"root": "../" * w.search_rel.count("/"), "t": t, "bundles": bundles},
            )
            page = w.page(main, rel=w.search_rel, title=f"{t.search} – {w.site_title}")
            _write(w, w.search_rel, page, files)
    listed = sorted(files)
    del files
    _manifest(w, listed)
    if hasattr(w.report, "files"):
        w.report.files = listed


_TASKS: list = []  # what forked processes of `_in_processes` share with their parent
PARALLEL_FROM = 64  # archives: fewer are quicker written here than by forked processes


def _in_processes(w: SiteWriter, tasks: list, run: Callable[[Any], Any]) -> list:
    """`[run(task) for task in tasks]`, shared among forked processes when there are
    many tasks (one process per CPU, at most 4), each taking the next few tasks as it
    is free: archives are most of the files of a large site. Only where processes can
    be forked, and not in a program running other threads."""
    import multiprocessing

    jobs = 1
    if (
        len(tasks) >= PARALLEL_FROM
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    ):
        try:
            jobs = max(1, min(len(os.sched_getaffinity(0)), 4))
        except AttributeError:
            jobs = max(1, min(os.cpu_count() or 1, 4))
    if jobs == 1:
        return [run(task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    w.index.locations()  # flushed: the children read the records from the same files
    _TASKS[:] = [tasks, run]
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            chunk = max(1, min(16, len(tasks) // (8 * jobs)))
            return list(pool.map(_run_task, range(len(tasks)), chunksize=chunk))
    finally:
        _TASKS.clear()


def _run_task(k: int) -> Any:
    tasks, run = _TASKS
    return run(tasks[k])


def _old(folder: str) -> str:
    return quote(folder, safe="/")


def _old_path_pair(w: SiteWriter, m: dict, pair: Callable[[str, str], None]) -> None:
    """The old permalink, where it differs from the new path (a slug made safe or
    unique): its spelling in the export → the new page."""
    link = m.get("link") or ""
    try:
        path = split_url(link).path
    except ValueError:
        return
    if not path or split_url(link).query:
        return
    from .permalinks import link_segments

    segments = link_segments(link, *w._site_where())
    if not segments:
        return
    now = m["p"][: -len("index.html")] if m["p"].endswith("index.html") else m["p"]
    if "/".join(segments) + "/" != now:
        pair(path, m["p"])


def _encoded_pair(rel: str, old_prefix: str, pair: Callable[[str, str], None]) -> None:
    """A non-ASCII path as WordPress spelled it in links (lower-case percent-encoding):
    for hosts that look such a path up as it is written (the maps encode in upper case,
    and a host finding the file serves it without redirecting)."""
    folder = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    if folder.isascii():
        return
    spelled = re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), quote(folder, safe="/"))
    pair(old_prefix + spelled, rel)


def _newest(index: DiskLog, order: Iterable[int]) -> array:
    out = array("i")
    for i in order:
        if len(out) >= FEED_ITEMS:
            break
        if index.key(i) >= 0 and index.key(i) % 4 == 2:
            out.append(i)
    return out


def _write(w: SiteWriter, rel: str, text: str, files: set | StringSet) -> None:
    w.write_file(rel, text)
    files.add(rel)


def _write_listing(
    w: SiteWriter,
    template: jinja2.Template,
    lst: _Listing,
    items: Sequence[int],
    per_page: int,
    files: set | StringSet,
    feeds: Iterable[tuple[str, str]] = (),
    extra_head: str = "",
) -> None:
    index = w.index
    pages = max(1, -(-len(items) // per_page))
    for n in range(1, pages + 1):
        rel = paged(lst.folder, n) + "index.html"
        root = "../" * rel.count("/")
        chunk = items[(n - 1) * per_page : n * per_page]
        entries = "".join(index.raw(i).partition(b"\x1e")[0].decode("utf-8") for i in chunk)

        def href(k: int, rel: str = rel) -> str:
            return relative_path(paged(lst.folder, k) + "index.html", rel.rpartition("/")[0])

        pagination = None
        if pages > 1:
            shown = [k for k in range(1, pages + 1) if k in (1, pages) or abs(k - n) <= 2]
            numbers, last = [], 0
            for k in shown:
                if k - last > 1:
                    numbers.append({"n": None, "href": None})
                numbers.append({"n": k, "href": None if k == n else href(k)})
                last = k
            pagination = {
                "newer": href(n - 1) if n > 1 else None,
                "older": href(n + 1) if n < pages else None,
                "pages": numbers,
            }
        heading = lst.heading
        main = render_template(
            template,
            {
                "heading": heading,
                "heading_description": lst.description,
                "entries": Markup(entries.replace("\x01", root)),
                "pagination": pagination,
                "t": w.t,
            },
        )
        title = w.site_title if not heading else f"{heading} – {w.site_title}"
        if n > 1:
            title = f"{title} – {w.t.page_n.format(n)}"
        html = w.page(
            main,
            rel=rel,
            title=title,
            feeds=feeds,
            extra_head=extra_head if n == 1 else "",
            body_class="archive" if heading else "home blog",
        )
        w.write_file(rel, html)
        files.add(rel)


def _read_content(w: SiteWriter, rel: str) -> str:
    try:
        text = inside(w.output, rel).read_text("utf-8")
    except OSError:
        return ""
    start = text.find("<!--entry-content-->")
    end = text.find("<!--/entry-content-->")
    if start < 0 or end < 0:
        return ""
    return _absolutize(text[start + len("<!--entry-content-->") : end], w.absolute(rel))


def _absolutize(html: str, page_url: str) -> str:
    out, pos = [], 0
    for start, end in link_values(html):
        value = html[start:end]
        if value and not split_url(value).scheme and not value.startswith("//"):
            try:
                joined = urljoin(page_url, value.replace("&amp;", "&"))
            except ValueError:  # a malformed address (http://[::1/x): left as written
                continue
            out.append(html[pos:start])
            out.append(str(escape(joined)))
            pos = end
    out.append(html[pos:])
    return "".join(out)


def _feed(w: SiteWriter, title: str, folder: str, self_rel: str) -> FeedGenerator:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("dc")
    fg.title(title or w.site_title)
    fg.link(href=w.base + folder, rel="alternate")
    fg.link(href=w.base + self_rel, rel="self")
    fg.description(getattr(w.site, "description", "") or title or w.site_title)
    fg.language(w.lang)
    fg.generator("covid-shortcodes")
    return fg


def _write_feed(
    w: SiteWriter, rel: str, title: str, folder: str, items: Sequence[int], files: set | StringSet
) -> None:
    """RSS 2.0 at `rel`: the newest posts, each keeping its WordPress <guid>."""
    import datetime as dt

    fg = _feed(w, title, folder, rel)
    newest = None
    for i in items:
        fe, when = _feed_entry(w, i)
        fg.add_entry(fe, order="append")
        if when:
            newest = max(newest, when) if newest else when
    if newest:
        fg.lastBuildDate(newest)
    else:
        fg.lastBuildDate(dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    _write(w, rel, fg.rss_str(pretty=False).decode("utf-8"), files)


def _feed_entry(w: SiteWriter, i: int) -> tuple[Any, dt.datetime | None]:
    """(feed item, its date) of record `i`. The newest posts are in most feeds (the
    site's, their categories', their tags') and their item is the
    same in each: the last ones made are remembered (with their content, read back
    from the page), not made again for every feed."""
    import datetime as dt

    from feedgen.entry import FeedEntry

    cache = w.__dict__.setdefault("_feed_entries", {})
    found = cache.get(i)
    if found is not None:
        return found
    if len(cache) >= ENTRIES_KEPT:
        cache.clear()
    _, m = _split(w.index.raw(i))
    fe = FeedEntry()
    fe.load_extension("dc")  # as the feed's add_entry would (it skips a loaded one)
    fe.title(m["t"] or "")
    fe.link(href=w.absolute(m["p"]))
    fe.guid(m.get("guid") or w.absolute(m["p"]), permalink=False)
    when = None
    if m.get("g"):
        when = dt.datetime.fromisoformat(m["g"])
        fe.pubDate(when)
    if m.get("a"):
        fe.dc.dc_creator(m["a"][1])
    names = [{"term": name} for _, name in m.get("c", []) + m.get("tg", [])]
    if names:
        fe.category(names)  # one call: feedgen rebuilds its list at each
    fe.description(m.get("ex") or "")
    if not m.get("x"):
        fe.content(_read_content(w, m["p"]), type="CDATA")
    cache[i] = fe, when
    return fe, when


ENTRIES_KEPT = 256  # feed items remembered (each with its post's content)


def _write_comments_feed(
    w: SiteWriter,
    comments: list,
    files: set | StringSet,
    rel: str = "comments/feed/index.xml",
    title: str = "",
) -> None:
    """RSS 2.0 of comments: the site's newest, or one post's (`rel` beside it)."""
    import datetime as dt

    fg = _feed(w, title or w.t.comments_feed.format(w.site_title), "", rel)
    newest = None
    for date, cid, author, text, page, post_title in comments:
        fe = fg.add_entry(order="append")
        fe.title(w.t.comment_on.format(post_title, author))
        url = f"{w.absolute(page)}#comment-{cid}"
        fe.link(href=url)
        fe.guid(url, permalink=True)
        fe.dc.dc_creator(author)
        fe.content(_absolutize(text, w.absolute(page)), type="CDATA")
        if date:
            when = dt.datetime.fromisoformat(date)
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.timezone.utc)
            fe.pubDate(when)
            newest = max(newest, when) if newest else when
    fg.lastBuildDate(newest or dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    _write(w, rel, fg.rss_str(pretty=False).decode("utf-8"), files)


class _Sitemap:
    """sitemap.xml streamed (more than 50,000 addresses: several files and an index)."""

    def __init__(self, w: SiteWriter) -> None:
        self.w = w
        self.tmp = tempfile.TemporaryFile()
        self.count = 0

    def add(self, rel: str, lastmod: str | None) -> None:
        self.tmp.write(json.dumps([rel, lastmod]).encode() + b"\n")
        self.count += 1

    def close(self) -> list[str]:
        w = self.w
        self.tmp.seek(0)
        names = []
        parts = max(1, -(-self.count // SITEMAP_LIMIT))
        head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        for k in range(parts):
            name = "sitemap.xml" if parts == 1 else f"sitemap-{k + 1}.xml"

            def chunks(k: int = k) -> Iterator[str]:
                yield head
                for _ in range(min(SITEMAP_LIMIT, self.count - k * SITEMAP_LIMIT)):
                    rel, lastmod = json.loads(self.tmp.readline())
                    loc = escape(_iri(w.absolute(rel)))
                    mod = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
                    yield f"<url><loc>{loc}</loc>{mod}</url>\n"
                yield "</urlset>\n"

            w.write_stream(name, chunks())
            names.append(name)
        if parts > 1:
            body = "".join(f"<sitemap><loc>{escape(w.base + n)}</loc></sitemap>\n" for n in names)
            w.write_file(
                "sitemap.xml",
                '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + body
                + "</sitemapindex>\n",
            )
            names.append("sitemap.xml")
        return names


def _iri(url: str) -> str:
    """An address with its non-ASCII path percent-encoded (sitemaps want URIs)."""
    return quote(url, safe=":/?=&%#@!$'()*+,;~-._")


def _fallback_script(search_rel: str) -> str:
    """For hosts with no redirects: the home page sends /?p=N (and the other
    query-string addresses of redirects.json) to the new page, and /?s= to search."""
    return (
        "<script>(function(){var q=location.search.slice(1);if(!q)return;"
        f"if(/^s=/.test(q)){{location.replace('{search_rel}?q='+q.slice(2));return;}}"
        "fetch('redirects.json').then(function(r){return r.json();}).then(function(m){"
        "var to=m[q];if(to)location.replace(to);}).catch(function(){});})();</script>"
    )


def _write_redirects(w: SiteWriter, pairs: IO[bytes]) -> list[str]:
    import hashlib

    def read() -> Iterator[tuple[str, str]]:
        pairs.seek(0)
        seen = set()  # 64-bit digests of the old addresses (not the strings: memory)
        for line in pairs:
            old, new = json.loads(line)
            digest = hashlib.blake2b(old.encode("utf-8", "surrogatepass"), digest_size=8).digest()
            key = int.from_bytes(digest, "big")
            if key not in seen:  # the first wins, as the servers read the maps
                seen.add(key)
                yield old, new

    new_prefix = split_url(w.base).path or "/"
    written = write_redirect_maps(w.output, read(), not_found=new_prefix.rstrip("/") + "/404.html")
    prefix = site_prefix(getattr(w.site, "link", ""))

    def chunks() -> Iterator[str]:
        yield "{"
        first = True
        for old, new in read():
            if old.startswith(prefix + "?"):
                rel = new[len(new_prefix) :] if new.startswith(new_prefix) else new.lstrip("/")
                if rel == "" or rel.endswith("/"):
                    rel += "index.html"
                yield (
                    ("" if first else ",")
                    + json.dumps(old[len(prefix) + 1 :])
                    + ":"
                    + json.dumps(rel, ensure_ascii=False)
                )
                first = False
        yield "}\n"

    w.write_stream("redirects.json", chunks())
    return [*written, "redirects.json"]


def pagefind_available() -> bool:
    try:
        import pagefind_bin_extended  # noqa: F401
    except ImportError:
        try:
            import pagefind_bin  # noqa: F401
        except ImportError:
            return False
    return True


class _Search:
    """The search index of the pages listed in `pages` (a file, one path a line):
    `build` returns (files written, bundle folders, notes)."""

    def __init__(self, pages: IO[bytes]) -> None:
        self.pages = pages

    def build(self, w: SiteWriter) -> tuple[list[str], list[str], list[str]]:
        def paths() -> Iterator[str]:
            self.pages.seek(0)
            for line in self.pages:
                yield line.decode("utf-8").rstrip("\n")

        notes: list[str] = []
        made, bundles = _pagefind(w, paths(), notes)
        return made, bundles, notes


def _farm_folder() -> str | None:
    """Where a bundle's pages are gathered for Pagefind: a file system in memory where
    there is one with room (removing a bundle's hundreds of folders from a disk's file
    system waits seconds for its journal), else the system's temporary folder."""
    shm = "/dev/shm"
    try:
        room = os.statvfs(shm)
        if os.access(shm, os.W_OK) and room.f_bavail * room.f_frsize > FARM_ROOM:
            return shm
    except (OSError, AttributeError):
        pass
    return None


# What of a COVID card search indexes: its heading (the region) alone. Its figures,
# labels, dates, notes and source are the same words on every card of a site: in every
# post's results they would match the same searches and cost Pagefind a fifth of its
# time on the benchmark export. Pagefind's own exclusion of them (`--exclude-selectors`,
# given too, for pages read whole) gives the index that `_indexed_part` gives.
CARD_IGNORED = (
    ".covid-card > :not(.covid-card__head)",
    ".covid-card__head > :not(.covid-card__heading)",
    ".covid-card__heading > :not(.covid-card__title)",
)
_CARD = b'<section class="covid-card'
_CARD_TITLE = b'<h3 class="covid-card__title"'


def _card_headings(part: bytes) -> bytes:
    """`part` with each card (card.html.j2's <section>) reduced to its heading, in
    the elements around it that `CARD_IGNORED` keeps."""
    out: list[bytes] = []
    at = 0
    while (start := part.find(_CARD, at)) >= 0:
        open_end = part.find(b">", start)
        end = part.find(b"</section>", open_end)
        title = part.find(_CARD_TITLE, open_end, end)
        title_end = part.find(b"</h3>", title, end)
        if min(open_end, end, title, title_end) < 0:
            break  # not a card this module wrote: left whole
        out += (part[at : title_end + 5], b"</div></div></section>")
        at = end + 10
    out.append(part[at:])
    return b"".join(out)


def _indexed_part(page: bytes) -> bytes:
    """What Pagefind reads of a page written by single.html.j2: its head (language,
    <title>, which Pagefind takes for a post without a title) and the article marked
    `data-pagefind-body`, without the header, menus, comments and footer around it,
    and of each card its heading only (see `CARD_IGNORED`).
    Pagefind gives the same index for it (the same bytes) and parses a fifth of the
    page. A page of another shape is given whole."""
    head = page.find(b"</head>")
    start = page.find(b"<article ", head)
    content_end = page.rfind(b"<!--/entry-content-->")
    end = page.find(b"</article>", content_end)
    if min(head, start, content_end, end) < 0 or (
        b"data-pagefind-body" not in page[start : page.find(b">", start)]
    ):
        return page
    article = page[start : end + 10]
    if _CARD in article:
        article = _card_headings(article)
    return page[: head + 7] + b"<body>" + article + b"</body></html>"


FARM_ROOM = 512 * 2**20  # free memory file system wanted for a bundle's pages


def _pagefind(w: SiteWriter, pages: Iterable[str], notes: list[str]) -> tuple[list[str], list[str]]:
    """Pagefind's index of every post and page (their `data-pagefind-body`), built by
    its binary from the Python package (no network), in bundles of `SEARCH_BATCH`
    pages (pagefind/0/, pagefind/1/…) that the search page merges: Pagefind holds a
    whole index in memory, so its memory stays flat however large the site. Each
    bundle is made by the binary from a folder holding its pages (see `_farm_folder`),
    and copied into the site as soon as it is made.
    Returns (files written, bundle folders); what went wrong goes to `notes`."""
    if not pagefind_available():
        notes.append("search left out: install pagefind[extended] (pip) to build it")
        return [], []
    from pagefind.service import get_executable

    # The binary itself, as `python -m pagefind` would run it (a Python started for
    # each bundle only to find it costs ~50 ms of CPU: seconds on a large site).
    binary = get_executable()
    if binary is None:
        notes.append("search left out: install pagefind[extended] (pip) to build it")
        return [], []
    made: list[str] = []
    bundles: list[str] = []
    farm = _farm_folder()
    with tempfile.TemporaryDirectory(prefix="covid-shortcodes-pagefind-", dir=farm) as tmp:
        batch: list[str] = []

        def flush() -> bool:
            k = len(bundles)
            site = os.path.join(tmp, f"site-{k}")
            for rel in batch:
                target = os.path.join(site, *rel.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                try:
                    with open(inside(w.output, rel), "rb") as f:
                        page = _indexed_part(f.read())
                    with open(target, "wb") as f:
                        f.write(page)
                except OSError:
                    continue
            out = os.path.join(tmp, "out", str(k))
            cmd = [
                str(binary),
                "--site",
                site,
                "--output-path",
                out,
                "--keep-index-url",
                "--exclude-selectors",
                ", ".join(CARD_IGNORED),
                "--silent",
            ]
            try:
                done = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=3600, stdin=subprocess.DEVNULL
                )
            except (OSError, subprocess.TimeoutExpired) as e:
                notes.append(f"search index not built: {e}")
                return False
            shutil.rmtree(site, ignore_errors=True)
            if done.returncode != 0:
                notes.append(f"search index not built: {done.stderr.strip()[-500:]}")
                return False
            # Copied in only where the bytes changed: a rerun leaves the files alone.
            for folder, _, names in os.walk(out):
                for name in names:
                    src = os.path.join(folder, name)
                    rel = f"pagefind/{k}/" + os.path.relpath(src, out).replace(os.sep, "/")
                    with open(src, "rb") as f:
                        data = f.read()
                    if name == "pagefind-entry.json":
                        data = _stable_entry(data)
                    target = inside(w.output, rel)
                    if not same_content(target, data):
                        atomic_write_bytes(target, data, durable=False)
                    made.append(rel)
            shutil.rmtree(out, ignore_errors=True)
            bundles.append(f"pagefind/{k}/")
            batch.clear()
            return True

        for rel in pages:
            batch.append(rel)
            if len(batch) >= SEARCH_BATCH and not flush():
                return [], []
        if (batch or not bundles) and not flush():
            return [], []
    final = inside(w.output, "pagefind/x").parent
    keep = set(made)
    for folder, _, names in os.walk(final):
        for name in names:
            path = os.path.join(folder, name)
            if "pagefind/" + os.path.relpath(path, final).replace(os.sep, "/") not in keep:
                os.unlink(path)
    for folder, _, _ in sorted(os.walk(final), reverse=True):
        if folder != str(final):
            try:
                os.rmdir(folder)  # only when empty (an older bundle's)
            except OSError:
                pass
    return made, bundles


def _stable_entry(data: bytes) -> bytes:
    """Pagefind's pagefind-entry.json with its languages in a fixed order (it lists
    them in no fixed order, so a rerun rewrote the file): most pages first, then by
    code. Its search script takes the language of the page, else the one of most
    pages (first listed among equals), so a tie now always goes the same way."""
    try:
        entry = json.loads(data)
        languages = entry["languages"]
        order = sorted(languages.items(), key=lambda kv: (-kv[1]["page_count"], kv[0]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return data  # not the shape this was written for: left as Pagefind wrote it
    entry["languages"] = dict(order)
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _manifest(w: SiteWriter, listed: list[str]) -> None:
    """Remove what an earlier run wrote that is no longer part of the site (only files
    its manifest lists), then record what this run wrote (`listed`, sorted)."""
    from bisect import bisect_left

    from ..writers.manifest import remove_written

    path = inside(w.output, MANIFEST)
    try:
        old = open(path, encoding="utf-8")  # read line by line below
    except OSError:
        old = None
    for rel in old or ():
        rel = rel.rstrip("\n")
        i = bisect_left(listed, rel)
        if (i < len(listed) and listed[i] == rel) or not rel or rel.startswith("pagefind/"):
            continue
        remove_written(w.output, rel)
    if old is not None:
        old.close()
    with atomic_stream(path, keep_identical=True) as out:
        for rel in listed:
            out.write(rel.encode("utf-8") + b"\n")
