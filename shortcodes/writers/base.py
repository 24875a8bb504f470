"""What every output writer does: plan paths, rewrite links between posts, write safely."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from markupsafe import escape

from ..disklog import DiskLog
from ..errors import OutputError
from .files import atomic_stream, atomic_write_bytes, remove_stale_temporaries, same_content
from .paths import PathAllocator, inside, post_slug, relative_path, safe_slug
from .plan import AddressPaths, PathPlan, PostPaths

if TYPE_CHECKING:
    from ..convert.report import ConvertReport
    from ..render import RenderResult
    from ..wxr import Post, Site

# Link attributes, as the regex  \b(?:href|src)\s*=\s*(["'])(.*?)\1  (case-insensitive) finds
# them. `link_values` finds the same ones from each '=' instead: a literal first
# character lets the regex engine skip ahead, ~10x faster than trying every position.
# (Only an '=' after f, c or a space can end href= or src=; the name is checked after.)
_EQ_QUOTE = re.compile(r"""=(?:(?<=[fFcC]=)|(?<=\s=))\s*(["'])""")
_WORD = re.compile(r"\w")


def usable_id(post_id: object) -> bool:
    """Whether a post id is one WordPress's importer keeps: a number above 0."""
    return type(post_id) is int and post_id > 0


# (post id, folder, slug, old addresses, ordinal): see Writer.plan_request.
PlanRequest = tuple[int | None, str, str, tuple[str, ...], int]


def _address(key: str) -> bytes:
    """An old address (a `url_key`) as a dict key: a 128-bit digest (the keys of
    Arabic permalinks run to hundreds of characters; two addresses sharing a digest is
    a 2**-128 chance)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def split_url(url: str) -> SplitResult:
    """urlsplit() for an export's untrusted URLs: a malformed one (``http://[::1/x``)
    reads as an empty relative URL instead of raising ValueError."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", "", "", "")


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
    # What a format needs of the conversion: it declares, `convert` asks.
    plans_paths = True  # output paths planned first (links between posts are rewritten)
    every_item = False  # every item goes through, whatever its type and status
    the_content = True  # bodies as WordPress's the_content prints them (else as stored)
    strict_cards = False  # a card that cannot be rendered keeps its shortcode
    # How a rendered card is stored (None: as rendered). The wxr writer freezes it for a
    # WordPress without the plugin: inline styles, on one line (wpautop runs there again).
    wrap_card: Callable[[str], str] | None = None
    # Password-protected posts published whole (convert --include-protected).
    include_protected = False
    parallel = True  # posts may be written by several processes at once
    one_file = False  # the output is one file (the export rewritten), not a folder
    search_form = True  # a search block prints its form (the output has a search page)

    def __init__(self, output: Path, report: ConvertReport) -> None:
        self.output = Path(output)
        # Into a new or empty folder nothing can be there before us: no need to look.
        self._fresh = not self.output.is_dir() or next(os.scandir(self.output), None) is None
        self.report = report
        # Compact from the start (see plan.py): every worker inherits them.
        plan = PathPlan()
        self._planned = plan.paths  # every planned path, by number
        self.paths: PostPaths = plan.by_id  # post id → path
        self.links: AddressPaths = plan.by_address  # old address (a url_key) → path
        self.site = None
        self._allocator = PathAllocator()
        # Items whose id was repeated (None: not converted) or unusable (their new id),
        # by ordinal; and those planned before their new id is known (see plan_apply),
        # with their path's number.
        self.renumbered: dict[int, int | None] = {}
        self._unnumbered: list[tuple[int, int]] = []
        self._max_id = 0
        # What an index of the written posts needs, kept on disk (memory stays flat).
        self.index = DiskLog()
        self.images = None  # an ImageDownloader with --images download
        self._targets: dict[str, str | None] = {}
        self._site_hosts: tuple[object, frozenset[str]] | None = None

    def asset_root(self) -> Path:
        """Where static files (images) go: the site's root as served."""
        return self.output

    def local_images(self, html: str, from_rel: str | None) -> str:
        return self.images.rewrite(html, from_rel) if self.images is not None else html

    # -- planning --------------------------------------------------------------------

    def folder_for(self, post: Post) -> str:
        return "posts" if post.post_type == "post" else f"{post.post_type}s"

    def plan(self, post: Post) -> str:
        """Fix `post`'s output path (and the old addresses that lead to it)."""
        return self.plan_apply(self.plan_request(post))

    def plan_request(self, post: Post) -> PlanRequest:
        """What planning needs of `post`, worked out alone (in any process, any order)."""
        number = post.id if usable_id(post.id) else f"item-{post.ordinal + 1}"
        slug = safe_slug(
            post_slug(post.post_name, post.title, post.status, post.id),
            f"{post.post_type}-{number}",
        )
        keys = (url_key(url or "") for url in (post.link, post.guid))
        keys = tuple(k for k in keys if k and k != "/")
        return post.id, self.folder_for(post), slug, keys, post.ordinal

    def plan_apply(self, request: PlanRequest) -> str | None:
        """Plan one post from its `plan_request`: called in export order.

        As WordPress's importer does, the first item of a repeated post id is kept and
        the others are not converted; an item without a usable id (none, not a
        number, 0) is given a new one, above every id of the export, when planning
        ends (see `renumbered`). None: the item is not converted."""
        post_id, folder, slug, keys, ordinal = request
        if usable_id(post_id):
            if post_id in self.paths:
                self.renumbered[ordinal] = None
                return None
            self._max_id = max(self._max_id, post_id)
        rel = self._allocator.allocate(folder, slug, self.suffix)
        path = self._planned.append(rel)
        for key in keys:
            by_id = _ID_LINK.fullmatch(key)
            if by_id and (int(by_id[1]) == post_id or int(by_id[1]) in self.paths):
                continue  # /?p=N of a post already known: found by its id (see _link_target)
            self.links.setdefault(key, path)
        if usable_id(post_id):
            self.paths.add(post_id, path)
        else:
            self._unnumbered.append((ordinal, path))
        return rel

    def plan_done(self) -> None:
        """Give the items planned without a usable id theirs, in export order."""
        for ordinal, path in self._unnumbered:
            self._max_id += 1
            self.renumbered[ordinal] = self._max_id
            self.paths.add(self._max_id, path)
        self._unnumbered = []

    def fate(self, post: Post) -> str | None:
        """After planning: why `post` is not converted (None: it is), giving it its new
        id when it had none. The reason goes into the report as a warning too."""
        if post.ordinal not in self.renumbered:
            return None
        new = self.renumbered[post.ordinal]
        if new is None:
            return f"post id {post.id} is repeated (an earlier item has it)"
        post.id = new
        return None

    def plan_state(self) -> tuple[PostPaths, AddressPaths, dict[int, int | None]]:
        """What planning decided (paths of posts, old addresses), to hand to a worker:
        its text on disk from here (see plan.py)."""
        self._planned.seal()
        self.links.seal()
        return self.paths, self.links, self.renumbered

    def adopt_plan(self, state: tuple[PostPaths, AddressPaths, dict[int, int | None]]) -> None:
        """Use `state` (see plan_state) as the plan: planning is over."""
        self.paths, self.links, self.renumbered = state
        self._targets.clear()
        self._allocator = PathAllocator()  # what it had taken is in the plan now

    def url_for(self, rel: str, from_rel: str) -> str:
        """How page `from_rel` links to `rel` (relative, works from the file system)."""
        return _relative(rel, posixpath.dirname(from_rel) or ".")

    def rewrite_links(self, html: str, from_rel: str) -> str:
        """Links to other posts of the same export point to their new files."""
        if not self.links and not self.paths:
            return html

        out: list[str] = []
        pos = 0
        for start, end in link_values(html):
            value = html[start:end]
            if "&" in value:  # the attribute's text: ?m=2021&#038;w=26 is one address
                value = unescape(value)
            target, _, fragment = value.partition("#")
            rel = self._link_target(target)
            if rel is not None:
                out.append(html[pos:start])
                out.append(
                    self.url_for(rel, from_rel) + (f"#{escape(fragment)}" if fragment else "")
                )
                pos = end
        if not out:
            return html
        out.append(html[pos:])
        return "".join(out)

    def _link_target(self, url: str) -> str | None:
        """The planned path a link of the old site leads to, or None (remembered per URL:
        the same links recur across posts)."""
        found = self._targets.get(url, _UNSEEN)
        if found is not _UNSEEN:
            return found
        if len(self._targets) >= _TARGET_CACHE:
            self._targets.clear()  # bounded memory, whatever the export's size
        rel = None
        if self.site is None or _same_site(url, self._hosts()):
            key = url_key(url)
            rel = self.links.get(key) if key else None
            if rel is None and key:
                # /?p=N and /?page_id=N lead to post N, unless an earlier post's
                # permalink claimed that address (kept in `links`).
                by_id = _ID_LINK.fullmatch(key)
                if by_id:
                    rel = self.paths.get(int(by_id[1]))
        self._targets[url] = rel
        return rel

    def _hosts(self) -> frozenset[str]:
        if self._site_hosts is None or self._site_hosts[0] is not self.site:
            bases = (
                getattr(self.site, "link", None),
                getattr(self.site, "base_site_url", None),
                getattr(self.site, "base_blog_url", None),
            )
            hosts = frozenset(urlsplit(b).netloc.lower() for b in bases if b)
            self._site_hosts = (self.site, hosts - {""})
        return self._site_hosts[1]

    # -- writing ---------------------------------------------------------------------

    def clean(self) -> None:
        """Remove what a killed run left in the output (half-written temporary files)."""
        if not self._fresh:
            remove_stale_temporaries(self.output)

    def withholds(self, post: Post) -> bool:
        """Whether `post` is shown as WordPress shows it to a visitor without its
        password: a notice, no text, excerpt or comments."""
        return bool(post.post_password) and not self.include_protected

    def begin(self, site: Site) -> None:
        self.site = site

    def write_file(self, rel: str, text: str) -> None:
        target = inside(self.output, rel)
        data = text.encode("utf-8")
        if not self._fresh and same_content(target, data):
            return  # re-running gives the same bytes; leave the file alone
        atomic_write_bytes(target, data, durable=False, new=self._fresh)

    def write_stream(self, rel: str, chunks: Iterable[str]) -> None:
        """`write_file` for text made piece by piece (a large index): never all in memory."""
        with atomic_stream(inside(self.output, rel), keep_identical=True) as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8"))

    def write(self, post: Post, result: RenderResult) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def keep(self, post: Post) -> None:
        """A post that is not converted (wrong type or status)."""

    def finish(self) -> None:
        """Write what needs every post (an index)."""

    def abort(self) -> None:
        """The run stops (a broken export, Ctrl-C, a full disk): keep what was written,
        write no index over it, remove what stopped processes left half-written."""
        if self.output.is_dir():
            remove_stale_temporaries(self.output)


def link_values(html: str) -> Iterator[tuple[int, int]]:
    """Spans of the values of href= and src= attributes (any case, either quote)."""
    pos = 0
    while True:
        m = _EQ_QUOTE.search(html, pos)
        if m is None:
            return
        eq = m.start()
        name_end = eq
        while name_end > 0 and html[name_end - 1].isspace():
            name_end -= 1
        for length in (4, 3):
            start = name_end - length
            if (
                start >= 0
                and html[start:name_end].lower() in ("href", "src")
                and (start == 0 or not _WORD.match(html[start - 1]))
            ):
                close = html.find(m.group(1), m.end())
                if close >= 0:
                    yield m.end(), close
                    pos = close + 1
                    break
        else:
            pos = eq + 1


_ID_LINK = re.compile(r"/\?(?:p|page_id)=(\d+)")
_UNSEEN = object()
_TARGET_CACHE = 8192


def _same_site(url: str, hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if not parts.netloc:
        return not parts.scheme  # relative link
    return parts.netloc.lower() in hosts


@functools.lru_cache(maxsize=4096)
def _relative(rel: str, from_dir: str) -> str:
    return relative_path(rel, from_dir)


def front_matter_value(value: object) -> str:
    """A YAML value: JSON is valid YAML, and quotes any string safely."""
    return json.dumps(value, ensure_ascii=False)


__all__ = ["OutputError", "Writer", "front_matter_value", "url_key"]
