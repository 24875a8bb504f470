"""Markdown files with front matter, for static site generators (Hugo, Jekyll).

What the two formats share: where a post goes (its file path mirrors its WordPress
address, so the built site serves it where WordPress did), its front matter, its body
(Markdown, or `--body html`), the redirect maps of its old addresses, the featured
images. What differs (folders, names of keys, configuration, layouts) is declared by
the subclasses in `hugo.py` and `jekyll.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote

from ..markdown_body import neutralise_hugo, to_markdown, without_blank_lines
from ..render import stylesheet, templates_dir
from . import bundles
from .base import Writer, split_url
from .blockcss import safe_css, site_css
from .manifest import update_manifest
from .paths import PathAllocator, post_slug, safe_slug
from .plan import StringSet
from .redirects import write_redirect_maps
from .site import site_lang

if TYPE_CHECKING:
    from ..convert.report import ConvertReport
    from ..render import RenderResult
    from ..wxr import Post, Site
    from .base import PlanRequest

Body = Literal["markdown", "html"]

# Characters YAML (1.1 and 1.2, in Go's and Ruby's parsers alike) does not take raw in
# a double-quoted string: C0 and C1 controls, DEL, the line and paragraph separators,
# the byte order mark, non-characters and lone surrogates. Each is written as \uXXXX.
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_MORE = "<!--more-->"
# What the_content makes of <!--more--> on a post's own page (WordPress's anchor for
# "continue reading" links): for Hugo and Jekyll it is their summary divider again.
_MORE_ANCHOR = re.compile(r'<span id="more-\d+"></span>')


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar that every YAML parser reads back as is."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_value(value: object) -> str:
    """A front matter value (str, bool, int, list of those) in YAML flow style."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    return yaml_string(str(value))


def local_time(when: dt.datetime | None, gmt: dt.datetime | None) -> str | None:
    """WordPress's local time with the site's offset then (`post_date` vs `post_date_gmt`),
    ISO 8601; without an offset when WordPress stored no GMT time (drafts)."""
    if when is None:
        return gmt.isoformat() if gmt is not None else None
    if gmt is None:
        return when.isoformat()
    offset = when - gmt.astimezone(dt.timezone.utc).replace(tzinfo=None)
    minutes = round(offset.total_seconds() / 60)
    if abs(minutes) >= 24 * 60:
        return gmt.isoformat()  # not an offset: a broken date
    return when.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat()


def plain_text(html: str) -> str:
    """An excerpt as text: tags removed, entities as WordPress stored them decoded."""
    from html import unescape

    return _SPACES.sub(" ", unescape(_TAGS.sub(" ", html))).strip()


def old_path(url: str) -> str | None:
    """The decoded path of an old address, or None when it has a query or no path."""
    try:
        parts = split_url(url.strip())
    except ValueError:
        return None
    if parts.query or not parts.path.strip("/"):
        return None
    path = unquote(parts.path, encoding="utf-8", errors="replace")
    return path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else path + "/"


# How the address of a post can be made from its date and slug (Hugo, Jekyll).
_PERMALINKS = (
    ("/:year/:month/:day/:slug/", "/:year/:month/:day/:title/", "/{y}/{m}/{d}/{s}/"),
    ("/:year/:month/:slug/", "/:year/:month/:title/", "/{y}/{m}/{s}/"),
    ("/:year/:slug/", "/:year/:title/", "/{y}/{s}/"),
    ("/:slug/", "/:title/", "/{s}/"),
)
# What the index of written posts holds (its entries' keys).
_REDIRECT, _THUMBNAIL, _ATTACHMENT, _SAMPLE = 1, 2, 3, 4
_MOVED, _SHARED = 5, 6  # downloads copied into a bundle; downloads a post links to
_SAMPLES = 50  # posts per process whose addresses say the site's permalink structure


def permalink_pattern(samples: list[tuple[str, str]], *, hugo: bool) -> str | None:
    """The permalink structure all `samples` ((address, YYYY-MM-DD)) follow, if any."""
    if not samples:
        return None
    for hugo_form, jekyll_form, shape in _PERMALINKS:
        if all(
            url
            == shape.format(
                y=day[:4], m=day[5:7], d=day[8:10], s=url.rstrip("/").rsplit("/", 1)[-1]
            )
            for url, day in samples
        ):
            return hugo_form if hugo else jekyll_form
    return None


# Files the generators (and this writer) put at the site's root: a post at such an
# address would be a folder where the file must go (the build fails).
_ROOT_FILES = tuple(
    f"/{name}/"
    for name in ("404.html", "sitemap.xml", "robots.txt", "_redirects", "redirects.json")
)


def _shadows_a_file(address: str) -> bool:
    """A post at `address` would be a folder named as the page of its parent folder
    (…/index.html/, the home page's or a section's list)."""
    return address.rstrip("/").rpartition("/")[2] in ("index.html", "index.xml")


class _AddressAllocator(PathAllocator):
    """File paths that are distinct, and whose site addresses are too: a post and a
    page may live in different folders and still ask for the same address."""

    def __init__(self, writer: MarkdownWriter, reserved: tuple[str, ...]) -> None:
        super().__init__()
        self._writer = writer
        self._addresses = StringSet()  # casefolded; compact (see plan.py)
        for address in reserved:
            self._addresses.add(address.casefold())

    def allocate(self, folder: str, slug: str, suffix: str) -> str:
        n = 1
        while True:
            rel = super().allocate(folder, slug if n == 1 else f"{slug}-{n}", suffix)
            address = self._writer.address(rel).casefold()
            if not _shadows_a_file(address) and self._addresses.add(address):
                return rel
            n += 1


class MarkdownWriter(Writer):
    """A generator's content folder: one Markdown file per post, with front matter."""

    reserved_addresses: tuple[str, ...] = ("/",)  # the generator's own pages
    search_form = False  # no search page: search blocks are left out, with a warning

    suffix = ".md"
    name = ""  # the generator, in notes
    posts_folder = ""  # where posts go (their file paths follow their addresses)
    pages_folder = ""
    served = ""  # the folder whose files the generator copies to the site as they are
    layouts = ""  # subfolder of templates/ with the minimal layouts
    lastmod_key = "lastmod"
    aliases_key = "aliases"
    url_key = "url"

    supports_bundles = False  # posts as page bundles (a folder with their images)

    def __init__(
        self,
        output: Path,
        report: ConvertReport,
        *,
        body: Body = "markdown",
        bundles: bool = False,
        base_url: str | None = None,
    ) -> None:
        super().__init__(output, report)
        self.body = body
        self.base_url = base_url  # --base-url: where the built site is served
        self._root: tuple[object, str] | None = None
        self._old_root: tuple[object, str] | None = None
        if body == "html":
            self.suffix = ".html"  # read as HTML by the generator: no Markdown in the way
        if bundles and not self.supports_bundles:
            raise ValueError(f"{self.name} has no page bundles")
        self.bundles = bundles
        # With bundles: the folders that hold planned files (no post in them can be a
        # leaf bundle), casefolded.
        self._folders: set[str] = set()
        # Downloads copied into a bundle as a featured image; those linked from static/.
        self._featured_moved: set[str] = set()
        self._featured_shared: set[str] = set()
        self._featured_copies: set[str] = set()  # their copies in bundles (for the manifest)
        self._own_files: set[str] = set()  # see write_file
        self.lang, self.dir = "en", "ltr"
        self._sampled = 0
        self._allocator = _AddressAllocator(self, self.reserved_addresses + _ROOT_FILES)
        self._samples: list[tuple[str, str]] = []

    # -- where posts go ----------------------------------------------------------------

    def asset_root(self) -> Path:
        return self.output / self.served if self.served else self.output

    def folder_for(self, post: Post) -> str:
        return self.posts_folder if post.post_type == "post" else self.pages_folder

    def address_parts(self, post: Post) -> tuple[str, str]:
        """(folders, name) of the post's WordPress address, or ("", slug) when it has
        no path of its own (`/?p=ID`)."""
        path = self.within_site(old_path(post.link or ""))
        if path and not path.endswith("/"):
            path = None  # a file name (/x.html): not a folder a generator can make
        if path:
            *dirs, name = path.strip("/").split("/")
            return "/".join(dirs), name
        return "", post_slug(post.post_name, post.title, post.status, post.id)

    def plan_request(self, post: Post) -> PlanRequest:
        dirs, name = self.address_parts(post)
        post_id, folder, _, keys, ordinal = super().plan_request(post)
        folder = f"{folder}/{dirs}" if dirs else folder
        number = post_id if post_id is not None else f"item-{ordinal + 1}"
        return (
            post_id,
            folder,
            self.file_name(post, safe_slug(name, f"{post.post_type}-{number}")),
            keys,
            ordinal,
        )

    def plan_apply(self, request: PlanRequest) -> str | None:
        rel = super().plan_apply(request)
        if rel is not None and self.bundles:
            folder = posixpath.dirname(rel).casefold()
            while folder and folder not in self._folders:
                self._folders.add(folder)
                folder = posixpath.dirname(folder)
        return rel

    def file_name(self, post: Post, slug: str) -> str:
        """The name of the post's file (before the suffix) for its `slug`: with a "-"
        before a name the generator reads otherwise (no slug starts with one, see
        `safe_slug`: `slug_of` takes it off again)."""
        return "-" + slug if self.special_name(slug) else slug

    def special_name(self, slug: str) -> bool:
        """Whether the generator would skip or misread a post file of this name."""
        return False

    def bundle_for(self, rel: str) -> str | None:
        """Where the post planned at `rel` is written as a leaf bundle (None: not one)."""
        if not self.bundles or not rel.endswith(self.suffix):
            return None
        if rel.removesuffix(self.suffix).casefold() in self._folders:
            return None  # other posts' files lie below it
        return bundles.bundle_path(rel, self.suffix)

    def address(self, rel: str) -> str:
        """The site path of the post planned at `rel` (what `url_for` links to)."""
        for folder in (self.posts_folder, self.pages_folder):
            if rel.startswith(folder + "/"):
                rel = rel[len(folder) + 1 :]
                break
        head, _, name = rel.rpartition("/")
        name = self.slug_of(name.removesuffix(self.suffix))
        return f"/{head}/{name}/" if head else f"/{name}/"

    def slug_of(self, name: str) -> str:
        """The address's last part for a file `name` (see `file_name`)."""
        return name[1:] if name.startswith("-") else name

    def url_for(self, rel: str, from_rel: str) -> str:
        return self.root_path() + self.address(rel)

    def root_path(self) -> str:
        """The path the site is served under, as the old one was ("/blog" of a
        WordPress at https://example.org/blog; "" at a domain's root): the generator's
        addresses (`url`, `permalink`, aliases) are below it, links in pages start
        with it."""
        if self._root is None or self._root[0] is not self.site:
            self._root = (self.site, self.site_url()[1])
        return self._root[1]

    def old_root_path(self) -> str:
        """The path the WordPress site was served under ("/blog", ""): old addresses
        are read below it. The same as `root_path` unless --base-url moves the site."""
        if self._old_root is None or self._old_root[0] is not self.site:
            link = getattr(self.site, "link", "") or ""
            self._old_root = (self.site, self._split_site_url(link)[1])
        return self._old_root[1]

    def within_site(self, path: str | None) -> str | None:
        """An old address's path below the site's root path (None: not one of it)."""
        root = self.old_root_path()
        if not path or not root:
            return path
        if path == root or path.startswith(root + "/"):
            return path[len(root) :] or "/"
        return path

    # -- writing -----------------------------------------------------------------------

    def begin(self, site: Site) -> None:
        super().begin(site)
        self.lang, self.dir = site_lang(site)
        self.write_file(posixpath.join(self.served, "css/covid-card.css"), stylesheet())
        self.write_file(posixpath.join(self.served, "css/site.css"), site_css())
        self.copy_layouts()

    def write_file(self, rel: str, text: str) -> None:
        """As the base writer's; the file (configuration, layouts, stylesheets: not a
        post, which report.posts lists) is one of the site's (report.files)."""
        super().write_file(rel, text)
        self._own_files.add(rel)

    def copy_layouts(self) -> None:
        """The minimal layouts (templates/<layouts>/), as they are; the render hooks
        (_markup/) only for page bundles, whose images they link."""
        root = templates_dir() / self.layouts
        for path in sorted(root.rglob("*")):
            if path.is_file() and (self.bundles or "_markup" not in path.parts):
                self.write_file(path.relative_to(root).as_posix(), path.read_text("utf-8"))

    def write(self, post: Post, result: RenderResult) -> str:
        planned = self.paths.get(post.id) or self.plan(post)
        bundle = self.bundle_for(planned)
        rel = bundle or planned
        html = self.post_images(self.rewrite_links(result.text, planned), bundle)
        html = _MORE_ANCHOR.sub(_MORE, html, count=1)
        body = None
        if self.body == "markdown":
            body = to_markdown(html, flavour=self.name, direction=self.dir)
        if body is None:
            body = html.strip("\n") + "\n"
            if not rel.endswith(".html"):
                body = _html_in_markdown(body)
        body = self.safe_body(body)
        body, summary = self.summary_divider(body, rel)
        url = self.address(planned)
        fm = self.front_matter(post, url, has_more=_MORE in body)
        if summary and self.excerpt_key not in fm:
            fm[self.excerpt_key] = summary
        if not self.withholds(post):  # what the layouts print in <head> and after the page
            if result.block_css:
                fm["block_css"] = safe_css(result.block_css)
            if result.block_svg:
                fm["block_svg"] = result.block_svg
        thumbnail = post.get_meta("_thumbnail_id")
        if thumbnail and thumbnail.strip().isdigit():
            # Its attachment may come later in the export (or to another process):
            # the featured image is filled in at the end (see finish).
            entry = {"thumbnail": int(thumbnail), "rel": rel, "url": url}
            self.index.append(entry | {"bundle": bundle is not None}, key=_THUMBNAIL)
        head = "".join(f"{k}: {yaml_value(v)}\n" for k, v in fm.items())
        Writer.write_file(self, rel, f"---\n{head}---\n\n{body}")  # listed by report.posts
        if post.post_type == "post" and post.post_date and self._sampled < _SAMPLES:
            self._sampled += 1
            self.index.append({"url": url, "day": post.post_date.date().isoformat()}, key=_SAMPLE)
        for old in self.redirects(post, url):
            self.index.append({"old": old, "new": self.root_path() + url}, key=_REDIRECT)
        return rel

    def post_images(self, html: str, bundle: str | None) -> str:
        """`html` with the downloaded images linked: from the bundle's folder when the
        post is a `bundle` (the images copied there), else from static uploads/."""
        if self.images is None:
            return html
        if not self.bundles:
            return self.images.rewrite(html, None, root=self.root_path() + "/")
        taken: dict[str, str] = {}

        def place(saved: str) -> str | None:
            name = bundles.resource_name(saved, taken) if bundle else None
            if name is None:
                self.index.append({"image": saved}, key=_SHARED)
                return None
            bundles.copy_into(self.asset_root(), saved, self.output, bundle, name)
            copy = posixpath.join(posixpath.dirname(bundle), name)
            self.index.append({"image": saved, "copy": copy}, key=_MOVED)
            return name

        return self.images.rewrite(html, None, place, root=self.root_path() + "/")

    def safe_body(self, body: str) -> str:
        """The body as the generator must get it so that none of it runs as a template."""
        return body

    def summary_divider(self, body: str, rel: str) -> tuple[str, str | None]:
        """The body with the generator's summary divider, and the summary when the
        divider cannot say it (None: it can)."""
        return body, None

    def redirects(self, post: Post, url: str) -> list[str]:
        """Old addresses of `post` that a static host cannot serve by itself."""
        root = self.old_root_path()
        old = [f"{root}/?p={post.id}"] if post.id is not None else []
        if post.post_type == "page" and post.id is not None:
            old.append(f"{root}/?page_id={post.id}")
        for link in (post.link, post.guid):
            parts = split_url(link or "")
            if parts.query and re.fullmatch(r"(?:p|page_id)=\d+", parts.query):
                old.append(f"{parts.path or '/'}?{parts.query}")
        return list(dict.fromkeys(o for o in old if o != url))

    def keep(self, post: Post) -> None:
        if post.post_type == "attachment" and post.id is not None and post.attachment_url:
            self.index.append({"attachment": post.id, "url": post.attachment_url}, key=_ATTACHMENT)

    def front_matter(self, post: Post, url: str, *, has_more: bool) -> dict:
        fm: dict = {"title": post.title or ""}
        date = local_time(post.post_date, post.post_date_gmt)
        if date:
            fm["date"] = date
        lastmod = local_time(post.modified, post.modified_gmt)
        if lastmod and lastmod != date:
            fm[self.lastmod_key] = lastmod
        fm["slug"] = post.post_name or safe_slug(
            post_slug(None, post.title, post.status, post.id), f"{post.post_type}-{post.id}"
        )
        fm["draft"] = post.status != "publish"
        fm[self.url_key] = url
        if post.categories:
            fm["categories"] = list(dict.fromkeys(post.categories))
        if post.tags:
            fm["tags"] = list(dict.fromkeys(post.tags))
        if post.creator:
            fm["author"] = post.creator
        excerpt = plain_text(post.excerpt or "")
        if excerpt:
            fm[self.excerpt_key] = excerpt
        if post.is_sticky:
            fm["sticky"] = True
            fm["weight"] = 1  # listed before the others
        if post.post_type == "page" and post.menu_order:
            fm["weight"] = post.menu_order
        fm["lang"] = self.lang
        if post.id is not None:
            fm["wordpress_id"] = post.id
        aliases = []
        for link in (post.link, post.guid):
            path = self.within_site(old_path(link or ""))
            if path and path != url and path not in aliases and self._may_alias(path):
                aliases.append(path)
        if aliases:
            fm[self.aliases_key] = aliases
        fm.update(self.extra_front_matter(post, has_more=has_more))
        return fm

    def _may_alias(self, path: str) -> bool:
        """Whether an old address may become a redirect page: not one of the site's own
        files or pages (its redirect page would stand where they go)."""
        address = path.casefold()
        reserved = {a.casefold() for a in (*self.reserved_addresses, *_ROOT_FILES)}
        return address not in reserved and not _shadows_a_file(address)

    excerpt_key = "summary"

    def extra_front_matter(self, post: Post, *, has_more: bool) -> dict:
        return {}

    def finish(self) -> None:
        """What needs every post: featured images (their attachments may have come
        later, or to another process), the redirect maps, the configuration. The
        index is read a few times over rather than held: memory stays flat."""
        index = self.index
        kinds = [index.key(i) for i in range(len(index))]
        wanted = {index[i]["thumbnail"] for i, k in enumerate(kinds) if k == _THUMBNAIL}
        attachments = {}
        for i, kind in enumerate(kinds):
            if kind == _ATTACHMENT:
                entry = index[i]
                if entry["attachment"] in wanted:
                    attachments[entry["attachment"]] = entry["url"]
        moved, shared, copies = set(), set(), set()
        for i, kind in enumerate(kinds):
            if kind == _THUMBNAIL:
                entry = index[i]
                url = attachments.get(entry["thumbnail"])
                if url:
                    self.add_featured_image(entry["rel"], *self.featured_image(entry, url))
            elif kind == _SAMPLE:
                entry = index[i]
                self._samples.append((entry["url"], entry["day"]))
            elif kind == _MOVED:
                entry = index[i]
                moved.add(entry["image"])
                copies.add(entry["copy"])
            elif kind == _SHARED:
                shared.add(index[i]["image"])
        if self.images is not None and self.bundles:
            moved.update(self._featured_moved)
            moved -= shared | self._featured_shared
            bundles.remove_moved(self.asset_root(), moved)
        copies.update(self._kept_downloads(moved))
        copies.update(self._featured_copies)
        pairs = ((e["old"], e["new"]) for e in map(index.__getitem__, _where(kinds, _REDIRECT)))
        not_found = self.root_path() + "/404.html"
        maps = write_redirect_maps(self.output, pairs, served=self.served, not_found=not_found)
        self.write_config()
        posts = [(p.path, p.failed) for p in self.report.posts]
        manifest = f".covid-shortcodes-manifest-{self.name}"
        # --report's "files": every file of the site the run wrote, as for the html site.
        listed = {path for path, _ in posts if path} | copies | self._own_files
        self.report.files = sorted(listed | set(maps) | {manifest})
        # The images too (in bundles, and the downloads left in static/): a rerun after
        # a post is deleted removes its images with it. While a download fails, the
        # copies earlier runs made are kept (they may be all there is of an image).
        failed_images = self.images is not None and bool(self.images.failures)
        update_manifest(
            self.output,
            manifest,
            [*(path for path, _ in posts if path), *copies],
            complete=not any(failed for _, failed in posts),
            keep=(lambda rel: not rel.endswith(self.suffix)) if failed_images else None,
        )

    def _kept_downloads(self, moved: set[str]) -> list[str]:
        """The downloads left where they were saved (not moved into a bundle), as paths
        relative to the output."""
        if self.images is None:
            return []
        kept = set(self.images.saved.values()) - moved
        return [posixpath.join(self.served, rel) if self.served else rel for rel in kept]

    def featured_image(self, entry: dict, url: str) -> tuple[str, str]:
        """(link from the post's page, site address) of the featured image `url` of
        the post `entry` of the index: a name in its bundle when it is one."""
        link = self.local_images_url(url)
        saved = self.images.saved.get(url.strip()) if self.images is not None else None
        if saved is None or not self.bundles:
            return link, link
        rel = entry["rel"]
        name = None
        if entry.get("bundle"):
            folder = self.output / posixpath.dirname(rel)
            taken: dict[str, str] = {}
            name = bundles.resource_name(saved, taken)
            if name is not None and (folder / name).exists():
                # the name of an inline image of the post: the same, or another one
                if (folder / name).read_bytes() != (self.asset_root() / saved).read_bytes():
                    taken[name.casefold()] = ""
                    name = bundles.resource_name(saved, taken)
        if name is None:
            self._featured_shared.add(saved)
            return link, link
        bundles.copy_into(self.asset_root(), saved, self.output, rel, name)
        self._featured_moved.add(saved)
        self._featured_copies.add(posixpath.join(posixpath.dirname(rel), name))
        return name, entry["url"] + name

    def local_images_url(self, url: str) -> str:
        if self.images is None:
            return url
        found = self.images.rewrite(f'<img src="{url}">', None, root=self.root_path() + "/")
        m = re.search(r'src="([^"]*)"', found)
        return m.group(1) if m else url

    def add_featured_image(self, rel: str, url: str, address: str | None = None) -> None:
        target = self.output / rel
        text = target.read_text("utf-8")
        fm = self.image_front_matter(url, address or url)
        lines = "".join(f"{k}: {yaml_value(v)}\n" for k, v in fm.items())
        Writer.write_file(self, rel, text.replace("\n---\n", "\n" + lines + "---\n", 1))

    def image_front_matter(self, url: str, address: str) -> dict:
        """The featured image's keys: `url` as the post's page links to it, `address`
        its path in the site."""
        return {"featured_image": url}

    def samples(self) -> list[tuple[str, str]]:
        return self._samples

    def write_config(self) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def site_url(self) -> tuple[str, str]:
        """(scheme://host, path) of the generator's base URL: --base-url, else the old
        site's."""
        return self._split_site_url(self.base_url or getattr(self.site, "link", "") or "")

    @staticmethod
    def _split_site_url(url: str) -> tuple[str, str]:
        parts = split_url(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")
        return "https://example.org", ""


def _where(kinds: list[int], kind: int) -> Iterator[int]:
    return (i for i, k in enumerate(kinds) if k == kind)


def _html_in_markdown(html: str) -> str:
    """HTML as the body of a Markdown file: one HTML block that CommonMark and kramdown
    pass through whole (a <div> opening the line, no blank line inside)."""
    return without_blank_lines(f"<div>\n{html.strip()}\n</div>") + "\n"


__all__ = ["MarkdownWriter", "neutralise_hugo", "yaml_string", "yaml_value"]
