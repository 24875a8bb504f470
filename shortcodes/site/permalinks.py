"""Where WordPress served things, as paths of the static site.

A post's page goes where its `<link>` says (decoded UTF-8, each part made safe by
`safe_slug`); archives and feeds follow WordPress's default rewrite rules
(`/category/slug/`, `/tag/slug/`, `/author/login/`, `/YYYY/MM/DD/`, `…/page/N/`,
`…/feed/`), under the front the post permalinks share (`/blog/`, `/index.php/`).
Every path returned is relative to the output folder, without a leading slash.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..writers.base import split_url
from ..writers.paths import safe_slug

FEED_FILE = "index.xml"  # a static host serves …/feed/ as the folder's index.xml (see redirects)
_DIGITS = re.compile(r"\d+")


def site_prefix(site_link: str | None) -> str:
    """The path the WordPress site lived under ('/' or '/blog/')."""
    try:
        path = split_url(site_link or "").path
    except ValueError:
        path = ""
    path = path.rstrip("/")
    return f"{path}/" if path else "/"


def link_segments(link: str | None, prefix: str, hosts: frozenset[str]) -> list[str] | None:
    """The decoded path parts of a permalink below the site's `prefix`, or None when it
    is not a pretty permalink of this site (`/?p=12`, another host, the home page)."""
    try:
        parts = split_url((link or "").strip())
    except ValueError:
        return None
    if parts.netloc and hosts and parts.netloc.lower() not in hosts:
        return None
    if parts.query or not parts.path.startswith(prefix.rstrip("/") or "/"):
        return None
    rest = parts.path[len(prefix) :] if parts.path.startswith(prefix) else ""
    segments = [decode(s) for s in rest.split("/") if s]
    return segments or None


def decode(segment: str) -> str:
    """A percent-encoded path part as UTF-8 text (kept as it is when not valid UTF-8)."""
    if "%" not in segment:
        return segment
    try:
        return unquote(segment, errors="strict")
    except UnicodeDecodeError:
        return segment


def safe_parts(segments: list[str]) -> list[str]:
    return [safe_slug(s, "x") for s in segments]


def index_of(folder: str) -> str:
    """The file a static host serves for `folder/`."""
    return f"{folder.strip('/')}/index.html" if folder.strip("/") else "index.html"


class Archives:
    """The paths of a site's archives, under its permalink front."""

    def __init__(self, front: str = "") -> None:
        self.front = front.strip("/") + "/" if front.strip("/") else ""

    def category(self, chain: list[str]) -> str:
        return f"{self.front}category/{'/'.join(safe_parts(chain))}/"

    def tag(self, slug: str) -> str:
        return f"{self.front}tag/{safe_slug(slug, 'tag')}/"

    def author(self, login: str) -> str:
        return f"{self.front}author/{safe_slug(login.lower(), 'author')}/"

    def date(self, year: int, month: int | None = None, day: int | None = None) -> str:
        path = f"{self.front}{year:04d}/"
        if month:
            path += f"{month:02d}/"
            if day:
                path += f"{day:02d}/"
        return path

    def week(self, year: int, week: int) -> str:
        """WordPress's weekly archive (/?m=YYYY&w=N has no pretty permalink): the
        year's; week 0 (the days before the year's first Monday-week) is what WordPress
        shows for it, the year (w=0 is no week to WP_Query)."""
        if not week:
            return self.date(year)
        return f"{self.front}{year:04d}/week/{week:02d}/"


def paged(folder: str, n: int) -> str:
    """Page `n` of a listing at `folder` (WordPress's …/page/N/)."""
    return folder if n <= 1 else f"{folder}page/{n}/"


def feed_of(folder: str) -> str:
    return f"{folder}feed/{FEED_FILE}"


def common_front(front: list[str] | None, segments: list[str]) -> list[str]:
    """The static parts a post permalink shares with the others seen so far: what
    WordPress puts before its archives (`/blog/` of `/blog/%postname%/`)."""
    head = []
    for s in segments[:-1]:
        if _DIGITS.fullmatch(s):
            break
        head.append(s)
    if front is None:
        return head
    out = []
    for a, b in zip(front, head, strict=False):
        if a != b:
            break
        out.append(a)
    return out
