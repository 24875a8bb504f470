"""The deployable static site around the posts: old URLs, archives, feeds, menus,
sitemap, search (see `shortcodes.writers.site.SiteWriter`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteOptions:
    """How the HTML site is published. `site_url`: where it will be served (absolute
    links in feeds, sitemap, canonical tags; default: the export's own site address);
    `posts_per_page`: listing pages' length (WordPress's default, 10: exports do not
    carry the option); `search`: build a Pagefind index."""

    site_url: str | None = None
    posts_per_page: int = 10
    search: bool = True


__all__ = ["SiteOptions"]
