"""Output formats behind one small interface (see `Writer`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .base import Writer

if TYPE_CHECKING:
    from ..convert.report import ConvertReport
    from ..site import SiteOptions


def writer_class(fmt: str) -> type[Writer]:
    """The class of an output format (html, hugo, jekyll or wxr): what it declares
    (`Writer.plans_paths`…) says how `convert` runs for it."""
    if fmt == "html":
        from .site import SiteWriter

        return SiteWriter
    if fmt == "hugo":
        from .hugo import HugoWriter

        return HugoWriter
    if fmt == "jekyll":
        from .jekyll import JekyllWriter

        return JekyllWriter
    if fmt == "wxr":
        from .wxr import WXRWriter

        return WXRWriter
    raise ValueError(f"unknown output format {fmt!r}")


def get_writer(
    fmt: str,
    export: Path,
    output: Path,
    report: ConvertReport,
    *,
    body: str = "markdown",
    site: SiteOptions | None = None,
    bundles: bool = False,
) -> Writer:
    """The writer for an output format: html, hugo, jekyll or wxr (`body`: markdown or
    html, for hugo and jekyll; `site`: the html site's `SiteOptions`; `bundles`: hugo's
    posts as page bundles with their downloaded images)."""
    cls = writer_class(fmt)
    if fmt in ("hugo", "jekyll"):
        base_url = site.site_url if site is not None else None
        return cls(output, report, body=body, bundles=bundles, base_url=base_url)
    if fmt == "wxr":
        return cls(export, output, report)
    return cls(output, report, export, site)


__all__ = ["Writer", "get_writer", "writer_class"]
