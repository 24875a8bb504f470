"""Output formats behind one small interface (see `Writer`)."""

from __future__ import annotations

from pathlib import Path

from .base import Writer


def get_writer(fmt: str, export: Path, output: Path, report, site=None) -> Writer:
    """The writer for an output format: html, hugo, jekyll or wxr (`site`: the
    html site's `SiteOptions`)."""
    if fmt == "html":
        from .site import SiteWriter

        return SiteWriter(output, report, export, site)
    if fmt in ("hugo", "jekyll"):
        from .markdown import MarkdownWriter

        return MarkdownWriter(output, report, flavour=fmt)
    if fmt == "wxr":
        from .wxr import WXRWriter

        return WXRWriter(export, output, report)
    raise ValueError(f"unknown output format {fmt!r}")


__all__ = ["Writer", "get_writer"]
