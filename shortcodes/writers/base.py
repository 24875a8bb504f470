"""What every output writer does: plan paths, rewrite links between posts, write safely."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import OutputError
from .files import atomic_write_text
from .paths import PathAllocator, inside, safe_slug

_LINK_ATTR = re.compile(r"""(\b(?:href|src)\s*=\s*)(["'])(.*?)\2""", re.I | re.S)


def url_key(url: str) -> str | None:
    """A permalink normalised for lookup: host-less path (+ query for ?p=N), no trailing /."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = parts.path.rstrip("/") or "/"
    if parts.query and re.fullmatch(r"(?:p|page_id|attachment_id)=\d+", parts.query):
        return f"{path}?{parts.query}"
    if parts.query:
        return None
    return path


class Writer:
    """Base of the output formats.

    `plan(post)` is called for every post that will be written, in export order,
    before any `write`: it fixes the post's path so links between posts can be
    rewritten. Then `begin(site)`, `write(post, result)` or `keep(post)` per item,
    and `finish()` (or `abort()` when the export turned out to be broken).
    """

    suffix = ".html"

    def __init__(self, output: Path, report) -> None:
        self.output = Path(output)
        self.report = report
        self.paths: dict[int, str] = {}
        self.links: dict[str, str] = {}
        self.site = None
        self._allocator = PathAllocator()
        self.written: list[dict] = []  # small index entries, not posts
        self.images = None  # an ImageDownloader with --images download

    def asset_root(self) -> Path:
        """Where static files (images) go: the site's root as served."""
        return self.output

    def local_images(self, html: str, from_rel: str | None) -> str:
        return self.images.rewrite(html, from_rel) if self.images is not None else html

    # -- planning --------------------------------------------------------------------

    def folder_for(self, post) -> str:
        return "posts" if post.post_type == "post" else f"{post.post_type}s"

    def plan(self, post) -> str:
        slug = safe_slug(post.post_name or post.title, f"{post.post_type}-{post.id}")
        rel = self._allocator.allocate(self.folder_for(post), slug, self.suffix)
        self.paths[post.id] = rel
        for url in (post.link, post.guid):
            key = url_key(url or "")
            if key and key != "/":
                self.links.setdefault(key, rel)
        self.links.setdefault(f"/?p={post.id}", rel)
        self.links.setdefault(f"/?page_id={post.id}", rel)
        return rel

    def url_for(self, rel: str, from_rel: str) -> str:
        """How page `from_rel` links to `rel` (relative, works from the file system)."""
        return posixpath.relpath(rel, posixpath.dirname(from_rel) or ".")

    def rewrite_links(self, html: str, from_rel: str) -> str:
        """Links to other posts of the same export point to their new files."""
        if not self.links:
            return html

        def sub(m: re.Match[str]) -> str:
            url = m.group(3)
            if self.site is not None and not _same_site(url, self.site):
                return m.group(0)
            target, _, fragment = url.partition("#")
            key = url_key(target)
            rel = self.links.get(key) if key else None
            if rel is None:
                return m.group(0)
            new = self.url_for(rel, from_rel) + (f"#{fragment}" if fragment else "")
            return f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

        return _LINK_ATTR.sub(sub, html)

    # -- writing ---------------------------------------------------------------------

    def begin(self, site) -> None:
        self.site = site

    def write_file(self, rel: str, text: str) -> None:
        target = inside(self.output, rel)
        try:
            if target.exists() and target.read_text(encoding="utf-8") == text:
                return  # re-running gives the same bytes; leave the file alone
        except (OSError, UnicodeDecodeError):
            pass
        atomic_write_text(target, text, durable=False)

    def write(self, post, result) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def keep(self, post) -> None:
        """A post that is not converted (wrong type or status)."""

    def finish(self) -> None:
        """Write what needs every post (an index)."""

    def abort(self) -> None:
        """The export is broken: keep what was written, write no index over it."""


def _same_site(url: str, site) -> bool:
    parts = urlsplit(url)
    if not parts.netloc:
        return not parts.scheme  # relative link
    for base in (
        site.link,
        getattr(site, "base_site_url", None),
        getattr(site, "base_blog_url", None),
    ):
        if base and urlsplit(base).netloc.lower() == parts.netloc.lower():
            return True
    return False


def front_matter_value(value) -> str:
    """A YAML value: JSON is valid YAML, and quotes any string safely."""
    return json.dumps(value, ensure_ascii=False)


__all__ = ["OutputError", "Writer", "front_matter_value", "url_key"]
