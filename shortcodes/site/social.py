"""What a post's page tells search engines and social networks in its <head>: the
description (an SEO plugin's, Yoast or Rank Math, where the export has it; else the
excerpt the listings show) and Open Graph / Twitter card tags, so that a shared link
keeps its title, text and picture after the move. WordPress core prints none of these;
the SEO plugins news sites use print them, and a site that leaves WordPress keeps them."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from markupsafe import escape

from ..wxr import Post

# Post meta of the SEO plugins, in the order they are looked for.
DESCRIPTION_META = ("_yoast_wpseo_metadesc", "rank_math_description")
OG_TITLE_META = ("_yoast_wpseo_opengraph-title", "rank_math_facebook_title")
OG_DESCRIPTION_META = ("_yoast_wpseo_opengraph-description", "rank_math_facebook_description")
OG_IMAGE_META = ("_yoast_wpseo_opengraph-image", "rank_math_facebook_image")

_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_PLUGIN_VARIABLE = re.compile(r"%%[a-z_]+%%|%[a-z_]+%")  # Yoast's %%title%%, Rank Math's %title%


def plain(text_html: str, limit: int = 300) -> str:
    """Text of some HTML, one line, at most `limit` characters (cut at a word)."""
    text = _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", text_html))).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text


def _meta(post: Post, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = (post.get_meta(key) or "").strip()
        if value and not _PLUGIN_VARIABLE.search(value):  # a template needs the plugin
            return value
    return ""


def description(post: Post, excerpt_html: str) -> str:
    """The page's meta description: the SEO plugin's, else the excerpt's text."""
    return _meta(post, DESCRIPTION_META) or plain(excerpt_html)


def social_tags(
    post: Post, *, title: str, text: str, url: str, image: str | None, site_name: str
) -> str:
    """Open Graph and Twitter card <meta> tags (escaped); `url` and `image` absolute."""
    og_image = _meta(post, OG_IMAGE_META)
    image = urljoin(url, og_image) if og_image.startswith(("http://", "https://")) else image
    tags = [
        ("property", "og:type", "article" if post.post_type == "post" else "website"),
        ("property", "og:title", _meta(post, OG_TITLE_META) or title),
        ("property", "og:description", _meta(post, OG_DESCRIPTION_META) or text),
        ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("property", "og:image", image or ""),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
    ]
    return "\n".join(
        f'<meta {kind}="{name}" content="{escape(value)}">' for kind, name, value in tags if value
    )
