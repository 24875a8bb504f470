"""Output paths from untrusted slugs: readable (Arabic, CJK kept), safe, collision-free.

Whatever the slug (``../../x``, ``/etc``, ``con``, empty, 500 characters, control
characters), the path that comes out is a single file-name component that stays
inside the output folder.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from ..errors import OutputError
from ..wordpress.sanitize_title import sanitize_title
from .plan import StringSet

MAX_NAME_BYTES = 120  # well under the 255-byte limit of common file systems
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.I)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\<>:\"|?*\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
_SPACES = re.compile(r"[\s\u00a0\u200b]+")
_DASHES = re.compile(r"-{2,}")


def post_slug(post_name: str | None, title: str | None, status: str, post_id: object) -> str:
    """The slug WordPress gives the post: its post_name, else, for a post the importer
    publishes (not a draft or pending), `wp_insert_post`'s `sanitize_title(title)`,
    or its id when the title leaves nothing (so a slugless post is where WordPress
    served it, `/hello-world/`, not `/Hello-World!/`). Drafts have no slug in
    WordPress: their title is the readable name left."""
    if post_name:
        return post_name
    if status in ("draft", "pending", "auto-draft"):
        return title or ""
    return sanitize_title(title or "", str(post_id) if post_id not in (None, "") else "")


def safe_slug(raw: str | None, fallback: str) -> str:
    """A file-name component from a slug: percent-decoded, sanitised, never empty.

    Letters of every script are kept; path separators, control and bidi characters,
    Windows-reserved names and leading dots are not. `fallback` is used when nothing
    readable is left (it must itself be safe, e.g. ``post-42``).
    """
    text = raw or ""
    if "%" in text:
        text = unquote(text, encoding="utf-8", errors="replace")
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("-", text)
    text = _SPACES.sub("-", text)
    text = _DASHES.sub("-", text)
    text = text.strip("-. ")
    text = _truncate_utf8(text, MAX_NAME_BYTES).strip("-. ")
    if not text or set(text) <= {"."}:
        return fallback
    if _WINDOWS_RESERVED.match(text):
        # Windows reserves the name with any extension (CON, con.html, nul.tar.gz): the
        # part before the first dot is changed, not the end.
        stem, dot, rest = text.partition(".")
        text = f"{stem}-{dot}{rest}"
    return text


def _truncate_utf8(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


@functools.lru_cache(maxsize=1024)
def _safe_folder(folder: str) -> str:
    """Each part of `folder` made a safe name (folders are few: posts/, pages/…)."""
    return "/".join(safe_slug(part, "x") for part in folder.split("/") if part)


class PathAllocator:
    """Hands out distinct relative paths, deterministically in the order asked.

    Names are compared case-insensitively (as on macOS and Windows), so ``News`` and
    ``news`` never overwrite each other; the second becomes ``news-2``.
    """

    def __init__(self) -> None:
        # Casefolded, compact: every post's path is in it while planning (see plan.py).
        self._taken = StringSet()
        # For a name asked for again: the last number it was given. Names are never
        # given back, so every number below it is still taken and the search goes on
        # from there: 20,000 posts of one slug cost linear time, not quadratic.
        self._last: dict[str, int] = {}

    def allocate(self, folder: str, slug: str, suffix: str) -> str:
        """``folder/slug{suffix}``, or ``folder/slug-2{suffix}`` … when taken."""
        folder = _safe_folder(folder)
        base = f"{folder}/{slug}{suffix}" if folder else f"{slug}{suffix}"
        n = self._last.get(base.casefold(), 1)
        while True:
            name = slug if n == 1 else f"{slug}-{n}"
            rel = f"{folder}/{name}{suffix}" if folder else f"{name}{suffix}"
            if self._taken.add(rel.casefold()):
                if n > 1:
                    self._last[base.casefold()] = n
                return rel
            n += 1

    def reserve(self, rel: str) -> None:
        """Take `rel` (a file the writer makes itself, such as the home page) so that no
        post is given it."""
        self._taken.add(rel.casefold())


@functools.lru_cache(maxsize=1024)
def _folder_inside(root: str, parent: str) -> Path | None:
    """`root`/`parent` resolved, or None when that leads outside `root` (a symbolic link).

    Each folder is resolved once, from its parent's resolution: a site with a folder
    per post (permalinks) costs one lstat per new folder, not one per part of its path.
    (The folders shared by many posts stay in the cache; a post's own, about 600 bytes
    each, leave it: 16,384 of them held 10 MB in every worker of a 1 GiB export.)
    """
    if not parent:
        return Path(root).resolve()
    base = _folder_inside(root, "")
    head, _, name = parent.rpartition("/")
    above = _folder_inside(root, head)
    if above is None:
        return None
    folder = above / name
    if name in ("", ".", "..") or os.path.islink(folder):
        folder = folder.resolve()  # a link: where it really leads
    if os.path.commonpath([base, folder]) != str(base):
        return None
    return folder


def relative_path(target: str, start: str) -> str:
    """posixpath.relpath(target, start) for paths inside the output folder, without
    its two os.getcwd() calls (a system call each: links are made by the thousand)."""
    path_list = target.split("/")
    start_list = [] if start in ("", ".") else start.split("/")
    if "" in path_list or any(p in (".", "..") for p in path_list + start_list) or "" in start_list:
        return posixpath.relpath(target, start or ".")  # not a plain relative path
    i = 0
    for a, b in zip(start_list, path_list, strict=False):
        if a != b:
            break
        i += 1
    rel_list = [".."] * (len(start_list) - i) + path_list[i:]
    return "/".join(rel_list) if rel_list else "."


def inside(root: Path, rel: str) -> Path:
    """`root`/`rel`, refusing anything that would land outside `root`.

    The folder is resolved, so a symbolic link inside `root` cannot lead out of it.
    """
    parts = [p for p in rel.split("/") if p not in ("", ".")]
    if rel.startswith(("/", "\\")) or ".." in parts or not parts:
        raise OutputError(f"refusing path outside the output folder: {rel!r}")
    folder = _folder_inside(str(root), "/".join(parts[:-1]))
    if folder is None:
        raise OutputError(f"refusing path outside the output folder: {rel!r}")
    return folder / parts[-1]


__all__ = ["MAX_NAME_BYTES", "PathAllocator", "inside", "post_slug", "relative_path", "safe_slug"]
