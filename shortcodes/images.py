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
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import requests

from . import __version__
from .writers.files import atomic_write_bytes
from .writers.paths import inside, safe_slug

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.I | re.S)
_UPLOAD_LINK = re.compile(
    r"""(\bhref\s*=\s*)(["'])(https?://[^"']+/wp-content/uploads/[^"']+"""
    r"""\.(?:jpe?g|png|gif|webp|svg|avif))\2""",
    re.I,
)
MAX_BYTES = 50 * 2**20


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
    """Where an image goes in the site: uploads/<host>/<path>, every part sanitised."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s and s not in (".", "..")]
    name = segments.pop() if segments else "image"
    folder = [safe_slug(parts.hostname or "site", "site")]
    folder += [safe_slug(s, "x") for s in segments]
    stem, dot, ext = name.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        stem, ext = name, "img"
    filename = f"{safe_slug(stem, 'image')}.{ext.lower()}"
    if parts.query:  # distinct queries are distinct files
        digest = hashlib.sha1(parts.query.encode()).hexdigest()[:8]
        filename = f"{safe_slug(stem, 'image')}-{digest}.{ext.lower()}"
    return "/".join(["uploads", *folder, filename])


class ImageDownloader:
    """Downloads images into an output folder; remembers where each one went."""

    def __init__(
        self,
        output,
        *,
        workers: int = 4,
        attempts: int = 3,
        timeout: tuple[float, float] = (5.0, 20.0),
        backoff: float = 0.5,
    ) -> None:
        self.output = output
        self.workers = workers
        self.attempts = attempts
        self.timeout = timeout
        self.backoff = backoff
        self.wanted: dict[str, list[int | None]] = {}
        self.saved: dict[str, str] = {}  # url -> path relative to the output
        self.failures: list[ImageFailure] = []

    def want(self, urls: Iterable[str], post_id: int | None) -> None:
        for url in urls:
            self.wanted.setdefault(url, []).append(post_id)

    def download_all(self) -> None:
        """Fetch every wanted image, at most `workers` at a time."""
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
        rel = local_path(url)
        target = inside(self.output, rel)
        if target.exists():
            return rel  # a re-run: already here
        reason = "not tried"
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = session.get(url, timeout=self.timeout, stream=True)
            except requests.RequestException as e:
                reason = f"{type(e).__name__}: {e}"
                continue
            with response:
                if response.status_code in (429,) or response.status_code >= 500:
                    reason = f"HTTP {response.status_code}"
                    continue
                if response.status_code != 200:
                    return f"HTTP {response.status_code}"
                data = response.raw.read(MAX_BYTES + 1, decode_content=True)
                if len(data) > MAX_BYTES:
                    return f"larger than {MAX_BYTES // 2**20} MiB"
            atomic_write_bytes(target, data, durable=False)
            return rel
        return reason

    def rewrite(self, page_html: str, from_rel: str | None) -> str:
        """Point downloaded images of a page at their local copies.

        Relative to the page at `from_rel`, or site-root-relative (``/uploads/…``)
        when `from_rel` is None (Hugo and Jekyll pages are served from permalinks).
        """
        if not self.saved:
            return page_html
        base = (posixpath.dirname(from_rel) or ".") if from_rel is not None else None

        def sub(m: re.Match[str]) -> str:
            rel = self.saved.get(html.unescape(m.group(3)).strip())
            if rel is None:
                return m.group(0)
            new = posixpath.relpath(rel, base) if base is not None else "/" + rel
            return f"{m.group(1)}{m.group(2)}{new}{m.group(2)}"

        return _UPLOAD_LINK.sub(sub, _IMG_SRC.sub(sub, page_html))
