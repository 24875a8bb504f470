"""WP_Embed (class-wp-embed.php) for a static site: `[embed]` and URLs alone on a line
become the HTML of the export's oEmbed cache (``_oembed_<md5>`` post meta) where it
has one for that URL and size, else what WordPress 7.1 prints when the provider
cannot be reached: a link to the URL."""

from __future__ import annotations

import hashlib
import html as _html
import re

from .context import ContentContext, PostContext
from .html_api import esc_attr
from .shortcodes import do_shortcode

# wp_embed_defaults() without $content_width (Twenty Twenty-Five sets none).
EMBED_DEFAULTS = {"width": 500, "height": 750}


def _php_serialize(atts: dict) -> str:
    parts = []
    for k, v in atts.items():
        kb = str(k).encode()
        parts.append(f's:{len(kb)}:"{k}";')
        if isinstance(v, int):
            parts.append(f"i:{v};")
        else:
            vb = str(v).encode()
            parts.append(f's:{len(vb)}:"{v}";')
    return f"a:{len(atts)}:{{{''.join(parts)}}}"


def cached_oembed(url: str, atts: dict, post: PostContext | None) -> str | None:
    """The post's oEmbed cache for `url` at this size, as WP_Embed::shortcode keys it."""
    if post is None:
        return None
    key = "_oembed_" + hashlib.md5((url + _php_serialize(atts)).encode()).hexdigest()
    html = post.meta.get(key)
    if html is None or html == "{{unknown}}":
        return None
    return html


def maybe_make_link(url: str) -> str:
    return f'<a href="{esc_attr(url)}">{_html.escape(url, quote=False)}</a>'


def embed_shortcode(
    attr: dict, url: str, post: PostContext | None, link_if_unknown: bool = True
) -> str:
    """WP_Embed::shortcode(): the cached embed, else (the provider unreachable) a link for
    [embed] and the URL as it was for autoembed (its linkifunknown is off)."""
    url = url.strip()
    if not url and attr.get("src"):
        url = str(attr["src"])
    if not url:
        return ""
    url = _html.unescape(url)
    atts = dict(EMBED_DEFAULTS)
    for k in ("width", "height"):
        if k in attr:
            try:
                atts[k] = int(attr[k])
            except (TypeError, ValueError):
                pass
    cached = cached_oembed(url, atts, post)
    if cached is not None:
        return cached
    return maybe_make_link(url) if link_if_unknown else url


def run_embed_shortcode(
    content: str, context: ContentContext, post: PostContext | None, tags: tuple[str, ...]
) -> str:
    """WP_Embed::run_shortcode(): [embed] alone, before the other shortcodes."""
    if "[embed" not in content:
        return content
    return do_shortcode(content, {"embed": lambda a, c, t: embed_shortcode(a, c, post)})


_LINE_URL = re.compile(r"^(\s*)(https?://[^\s<>\"]+)(\s*)$", re.I | re.M)
_P_URL = re.compile(r"(<p(?: [^>]*)?>\s*)(https?://[^\s<>\"]+)(\s*<\/p>)", re.I)


def _url_may_stand_alone(content: str) -> bool:
    """Whether some URL starts a line or follows a tag (what either pattern needs)."""
    at = content.find("http")
    while at >= 0:
        line_start = content.rfind("\n", 0, at) + 1
        before = content[line_start:at]
        if not before.strip() or before.rstrip().endswith(">"):
            return True
        at = content.find("http", at + 4)
    return False


def autoembed(
    content: str, context: ContentContext, post: PostContext | None, tags: tuple[str, ...]
) -> str:
    """WP_Embed::autoembed(): a URL alone on its line (outside tags) is embedded."""
    if "://" not in content:
        return content
    # A URL alone on its line (or paragraph) once newlines in tags are set aside is
    # alone there before too: most contents are left at this test.
    if not _url_may_stand_alone(content):
        return content
    placeholder = "<!-- wp-line-break -->"
    content = re.sub(r"<[^<>]*>", lambda m: m[0].replace("\n", placeholder), content)
    if re.search(r"(^|\s|>)https?://", content, re.I):

        def callback(m: re.Match[str]) -> str:
            return m[1] + embed_shortcode({}, m[2], post, link_if_unknown=False) + m[3]

        content = _LINE_URL.sub(callback, content)
        content = _P_URL.sub(callback, content)
    return content.replace(placeholder, "\n")
