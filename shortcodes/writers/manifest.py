"""What a Markdown run wrote, so that the next run removes what is no longer part of
the site (a post deleted from the export, a draft converted once with
--include-drafts) and never anything else: only files an earlier run listed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import OutputError
from .files import atomic_stream
from .paths import inside

__all__ = ["remove_written", "update_manifest"]


def remove_written(output: Path, rel: str) -> None:
    """Remove the file `rel` (relative to `output`) an earlier run wrote, and the
    folders that leaves empty; a name outside `output` or already gone is left."""
    try:
        target = inside(output, rel)
    except OutputError:
        return  # not a name this tool writes: leave it
    try:
        target.unlink()
    except OSError:
        return
    root = output.resolve()
    folder = target.parent
    while folder.resolve() != root:
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


def _read(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except (OSError, UnicodeDecodeError):
        return []


def update_manifest(
    output: Path,
    name: str,
    written: Iterable[str],
    *,
    complete: bool,
    keep: Callable[[str], bool] | None = None,
) -> None:
    """Record `written` (paths relative to `output`) in the manifest `name`; with
    `complete` (every post converted), first remove the files the previous manifest
    lists that are not written now, and the folders that leaves empty. After a failed
    post nothing is removed (its old file may be all there is of it): the manifest
    keeps the old names too, for the next complete run; so are the old names `keep`
    says to keep (an image whose download failed this time)."""
    path = inside(output, name)
    old = _read(path)
    listed = set(written)
    if complete:
        for rel in old:
            if rel in listed:
                continue
            if keep is not None and keep(rel):
                listed.add(rel)
            else:
                remove_written(output, rel)
    else:
        listed.update(old)
    with atomic_stream(path, keep_identical=True) as out:
        for rel in sorted(listed):
            out.write(rel.encode("utf-8") + b"\n")
