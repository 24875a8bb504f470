"""Output formats behind one small interface (see `Writer`)."""

from __future__ import annotations

from pathlib import Path

from .base import Writer


def get_writer(fmt: str, export: Path, output: Path, report, *, body: str = "markdown") -> Writer:
    """The writer for an output format: html, hugo, jekyll or wxr (`body`: markdown or
    html, for hugo and jekyll)."""
    if fmt == "html":
        from .site import SiteWriter

        return SiteWriter(output, report)
    if fmt == "hugo":
        from .hugo import HugoWriter

        return HugoWriter(output, report, body=body)
    if fmt == "jekyll":
        from .jekyll import JekyllWriter

        return JekyllWriter(output, report, body=body)
    if fmt == "wxr":
        from .wxr import WXRWriter

        return WXRWriter(export, output, report)
    raise ValueError(f"unknown output format {fmt!r}")


__all__ = ["Writer", "get_writer"]
