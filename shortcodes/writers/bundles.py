"""Hugo page bundles (`convert --format hugo --images download --bundles`).

A post is written as a leaf bundle, `…/<slug>/index.md`, with the images it shows
beside it and linked by their bare names: the post, and its images, can be moved,
edited or deleted as one folder, as Hugo users expect. Hugo publishes a bundle's
files at the page's address (its `url`), so the relative links resolve there.

The downloads land in `static/uploads/` first (see `shortcodes.images`); each post's
images are copied into its bundle, and at the end the copies in `static/` that no
post needs any more are removed. A post cannot be a leaf bundle when other posts'
files lie below it (a page with children: Hugo would take them for its resources);
such a post stays a plain file whose images are served from `static/uploads/`.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from pathlib import Path

from .files import atomic_write_bytes, same_content
from .paths import inside

# Files Hugo reads as content, not as resources to publish: never a bundle's image.
_CONTENT_EXTENSIONS = frozenset(
    "md markdown mdown html htm org adoc asciidoc ad pandoc pdc rst mmark".split()
)


def bundle_path(rel: str, suffix: str) -> str:
    """The leaf bundle's index file for a post planned at `rel` (`a/b.md` → `a/b/index.md`)."""
    return rel.removesuffix(suffix) + "/index" + suffix


def is_bundle(rel: str, suffix: str) -> bool:
    return rel.endswith("/index" + suffix)


def resource_name(saved: str, taken: dict[str, str]) -> str | None:
    """The name in a bundle of the image downloaded to `saved` (a path under uploads/),
    distinct from the other images of the bundle (`taken`: name → saved path; updated),
    or None when it cannot be one (a name Hugo would read as content)."""
    name = posixpath.basename(saved)
    stem, _, ext = name.rpartition(".")
    if ext.lower() in _CONTENT_EXTENSIONS or name.lower().startswith(("index.", "_index.")):
        return None
    if taken.get(name.casefold(), saved) != saved:
        # Two images of one name from different folders (2020/01/a.jpg, 2021/05/a.jpg).
        digest = hashlib.sha1(saved.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{stem}-{digest}.{ext}"
    taken[name.casefold()] = saved
    return name


def copy_into(root: Path, saved: str, output: Path, bundle_rel: str, name: str) -> None:
    """The downloaded image `saved` (under `root`) copied beside the bundle's index."""
    data = inside(root, saved).read_bytes()
    target = inside(output, posixpath.join(posixpath.dirname(bundle_rel), name))
    if not same_content(target, data):
        atomic_write_bytes(target, data, durable=False)


def remove_moved(root: Path, moved: set[str]) -> None:
    """Remove the downloads now in bundles (`moved`, paths under `root`), and the
    folders that leaves empty, up to `root`."""
    for rel in sorted(moved):
        try:
            path = inside(root, rel)
            path.unlink()
        except (FileNotFoundError, OSError):
            continue
        folder = path.parent
        while folder != root and folder.is_relative_to(root):
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty
            folder = folder.parent


__all__ = ["bundle_path", "copy_into", "is_bundle", "remove_moved", "resource_name"]
