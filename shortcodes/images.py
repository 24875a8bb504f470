"""`convert --images download`: bring a post's images into the site and point to them.

Image URLs are collected while output paths are planned, downloaded with a bounded
number of parallel requests (timeouts, retries with backoff), written atomically under
``uploads/`` and then rewritten in every page. An image that cannot be had keeps its
original URL and is reported; it never fails a post.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import requests

from . import __version__
from .errors import ShortcodesError
from .netfetch import Gone, RetryPolicy, TooLarge, get_retrying
from .writers.files import atomic_write_bytes
from .writers.paths import inside, safe_slug

if TYPE_CHECKING:
    from .wxr import Post

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_UPLOAD_LINK = re.compile(
    r"""(\bhref\s*=\s*)(["'])(https?://[^"']+/wp-content/uploads/[^"']+"""
    r"""\.(?:jpe?g|png|gif|webp|svg|avif))\2""",
    re.I,
)
MAX_BYTES = 50 * 2**20
HOST_FAILURES = 3  # a host's images are not tried after this many fail in a row


@dataclass
class ImageFailure:
    url: str
    reason: str
    post_ids: list[int | None] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"url": self.url, "reason": self.reason, "posts": self.post_ids}


def image_urls(content: str) -> list[str]:
    """The http(s) URLs of a post's inline images and of links to uploaded images."""
    urls = [html.unescape(m.group(3)) for m in _IMG_SRC.finditer(content)]
    urls += [html.unescape(m.group(3)) for m in _UPLOAD_LINK.finditer(content)]
    return [u.strip() for u in urls if u.strip().lower().startswith(("http://", "https://"))]


def local_path(url: str) -> str:
    """Where an image goes in the site: uploads/<host>/<path>, every part sanitised.

    Distinct URLs get distinct files: when sanitising changed the path (``a b.png`` and
    ``a-b.png``, ``X.PNG`` and ``x.png`` on a case-insensitive disk) or there is a
    query, the name ends with a digest of what it stands for. Raises ValueError for a
    URL that cannot be read (``http://[::1/x.png``).
    """
    parts = urlsplit(url)
    host = parts.hostname or "site"
    segments = [unquote(s) for s in parts.path.split("/") if s and s not in (".", "..")]
    name = segments.pop() if segments else "image"
    folder = [safe_slug(host, "site")]
    safe_segments = [safe_slug(s, "x") for s in segments]
    folder += safe_segments
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        stem, ext = name, "img"
    safe_stem = safe_slug(stem, "image")
    changed = (
        safe_segments != segments
        or safe_stem != stem
        or ext != ext.lower()
        or any(c.isupper() for c in "".join(segments) + stem)
    )
    filename = f"{safe_stem}.{ext.lower()}"
    if parts.query or changed:
        original = ("/".join([*segments, name]) if changed else "") + "?" + parts.query
        digest = hashlib.sha1(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        filename = f"{safe_stem}-{digest}.{ext.lower()}"
    return "/".join(["uploads", *folder, filename])


class ImageDownloader:
    """Downloads images into an output folder; remembers where each one went."""

    def __init__(
        self,
        output: Path,
        *,
        workers: int = 4,
        attempts: int = 3,
        timeout: tuple[float, float] = (5.0, 20.0),
        backoff: float = 0.5,
        deadline: float | None = None,
    ) -> None:
        self.output = output
        self.workers = workers
        # The retry policy of live data too; each attempt also has an overall deadline.
        extra = {"deadline": deadline} if deadline is not None else {}
        self.policy = RetryPolicy.from_env(
            attempts=attempts,
            backoff=backoff,
            connect_timeout=timeout[0],
            read_timeout=timeout[1],
            **extra,
        )
        self.attempts = attempts
        self.timeout = timeout
        self.backoff = backoff
        self.wanted: dict[str, list[int | None]] = {}
        # While planning: featured images (attachment id → posts), attachments' URLs.
        self._featured: dict[int, list[int | None]] = {}
        self._attachments: dict[int, str] = {}
        self._host_failures: dict[str, int] = {}  # consecutive failures by host
        self._lock = threading.Lock()
        self.saved: dict[str, str] = {}  # url -> path relative to the output
        self.failures: list[ImageFailure] = []

    def want(self, urls: Iterable[str], post_id: int | None) -> None:
        for url in urls:
            self.wanted.setdefault(url, []).append(post_id)

    def see(self, post: Post, converted: bool) -> None:
        """An item of the export while planning: the images a `converted` post shows
        (inline, and its featured image, whose attachment may come before or after it)."""
        if converted:
            self.want(image_urls(post.content), post.id)
            thumbnail = (post.get_meta("_thumbnail_id") or "").strip()
            if thumbnail.isdigit():
                self._featured.setdefault(int(thumbnail), []).append(post.id)
        elif post.post_type == "attachment" and post.id is not None:
            url = (post.attachment_url or "").strip()
            if url.lower().startswith(("http://", "https://")):
                self._attachments[post.id] = url

    def _want_featured(self) -> None:
        for attachment, post_ids in self._featured.items():
            url = self._attachments.get(attachment)
            if url:
                self.wanted.setdefault(url, []).extend(post_ids)
        self._featured.clear()
        self._attachments.clear()

    def download_all(self) -> None:
        """Fetch every wanted image, at most `workers` at a time."""
        self._want_featured()
        session = requests.Session()
        session.headers["User-Agent"] = f"covid-shortcodes/{__version__}"
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            results = pool.map(lambda u: (u, self._fetch(session, u)), list(self.wanted))
            for url, outcome in results:
                if isinstance(outcome, str) and outcome.startswith("uploads/"):
                    self.saved[url] = outcome
                else:
                    self.failures.append(ImageFailure(url, str(outcome), self.wanted[url]))
        session.close()

    def _fetch(self, session: requests.Session, url: str) -> str:
        """The image's path in the site, or why it could not be had (never raises for
        one image: a malformed URL, a refused path or a full disk fail that image)."""
        try:
            return self._fetch_one(session, url)
        except ValueError as e:
            return f"malformed URL ({e})"
        except ShortcodesError as e:
            return e.message
        except OSError as e:
            return f"cannot write: {e.strerror or e}"

    def _fetch_one(self, session: requests.Session, url: str) -> str:
        rel = local_path(url)
        target = inside(self.output, rel)
        if target.exists():
            return rel  # a re-run: already here
        host = urlsplit(url).hostname or ""
        with self._lock:
            failed = self._host_failures.get(host, 0)
        if failed >= HOST_FAILURES:
            # A host that keeps failing (down, or trickling bytes) is not waited for
            # again for each of its images.
            return f"not tried: {host} failed {failed} times in a row"
        try:
            answer = get_retrying(session, url, self.policy, max_bytes=MAX_BYTES)
        except Gone as e:
            with self._lock:
                self._host_failures[host] = self._host_failures.get(host, 0) + 1
            return f"{e.reason} after {e.attempts} attempt(s)"
        except TooLarge:
            return f"larger than {MAX_BYTES // 2**20} MiB"
        except requests.RequestException as e:
            return f"{type(e).__name__}: {e}"
        with self._lock:
            self._host_failures[host] = 0
        if answer.status != 200:
            return f"HTTP {answer.status}"
        atomic_write_bytes(target, answer.body, durable=False)
        return rel

    def rewrite(
        self,
        page_html: str,
        from_rel: str | None,
        place: Callable[[str], str | None] | None = None,
        *,
        root: str = "/",
    ) -> str:
        """Point downloaded images of a page at their local copies.

        Relative to the page at `from_rel`, or below the site's `root` path
        (``/uploads/…``, ``/blog/uploads/…``) when `from_rel` is None (Hugo and Jekyll
        pages are served from permalinks).
        `place(saved path)`, when given, says the link instead (None: as above).
        """
        if not self.saved:
            return page_html
        base = (posixpath.dirname(from_rel) or ".") if from_rel is not None else None

        def sub(m: re.Match[str]) -> str:
            rel = self.saved.get(html.unescape(m.group(3)).strip())
            if rel is None:
                return m.group(0)
            new = place(rel) if place is not None else None
            if new is None:
                new = posixpath.relpath(rel, base) if base is not None else root + rel
            return f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

        return _UPLOAD_LINK.sub(sub, _IMG_SRC.sub(sub, page_html))
