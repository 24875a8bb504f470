"""Blocks WordPress renders in PHP (a render_callback), ported from
wp-includes/blocks/*.php of WordPress 7.1 with the export's data standing in for
the database (`ContentContext`)."""

from __future__ import annotations

import hashlib
import html as _html
import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .block_supports import (
    block_core_heading_render,
    block_core_list_render,
    block_type,
    get_block_wrapper_attributes,
    wp_style_engine_get_styles,
)
from .formatting import wptexturize
from .html_api import TagProcessor, esc_attr
from .php import absint

if TYPE_CHECKING:
    from .block_supports import RenderState
    from .blocks import BlockRenderer, ParsedBlock, RenderCallback


def render_block_core_image(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """render_block_core_image(): no image, no block; data-id for gallery images."""
    if "<img" not in content.lower():
        return ""
    p = TagProcessor(content)
    if not p.next_tag("img") or not p.get_attribute("src"):
        return ""
    if "data-id" in attrs:
        p.set_attribute("data-id", str(attrs["data-id"]))
    html = p.get_updated_html()
    settings = attrs.get("lightbox")
    if (
        isinstance(settings, dict)
        and settings.get("enabled") is True
        and (attrs.get("linkDestination") or "none") == "none"
    ):
        html = block_core_image_render_lightbox(html, renderer.state)
    return html


_LIGHTBOX_BUTTON = """<button
			class="lightbox-trigger"
			type="button"
			aria-haspopup="dialog"
			data-wp-bind--aria-label="state.thisImage.triggerButtonAriaLabel"
			data-wp-init="callbacks.initTriggerButton"
			data-wp-on--click="actions.showLightbox"
			data-wp-style--right="state.thisImage.buttonRight"
			data-wp-style--top="state.thisImage.buttonTop"
		>
			<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" fill="none" viewBox="0 0 12 12">
				<path fill="#fff" d="M2 0a2 2 0 0 0-2 2v2h1.5V2a.5.5 0 0 1 .5-.5h2V0H2Zm2 10.5H2a.5.5 0 0 1-.5-.5V8H0v2a2 2 0 0 0 2 2h2v-1.5ZM8 12v-1.5h2a.5.5 0 0 0 .5-.5V8H12v2a2 2 0 0 1-2 2H8Zm2-12a2 2 0 0 1 2 2v2h-1.5V2a.5.5 0 0 0-.5-.5H8V0h2Z" />
			</svg>
		</button>"""  # noqa: E501 (WordPress's markup, as it prints it)


def block_core_image_render_lightbox(content: str, state: RenderState) -> str:
    """The image's lightbox markup (block_core_image_render_lightbox). The overlay the
    page needs is printed by WordPress in the footer, with its script: here the image
    keeps its markup and a static page shows it unenlarged."""
    p = TagProcessor(content)
    if not p.next_tag("figure"):
        return content
    image_id = f"{state.unique_prefixed_id('lightbox-'):0>13}"[-13:]  # WordPress: uniqid()
    p.add_class("wp-lightbox-container")
    p.set_attribute("data-wp-interactive", "core/image")
    p.set_attribute("data-wp-context", f'{{"imageId":"{image_id}"}}')
    p.set_attribute("data-wp-key", image_id)
    if not p.next_tag("img"):
        return content
    for name, value in (
        ("data-wp-init", "callbacks.setButtonStyles"),
        ("data-wp-on--load", "callbacks.setButtonStyles"),
        ("data-wp-on-window--resize", "callbacks.setButtonStyles"),
        ("data-wp-on--pointerenter", "actions.preloadImageWithDelay"),
        ("data-wp-on--pointerdown", "actions.preloadImage"),
        ("data-wp-on--pointerleave", "actions.cancelPreload"),
        ("data-wp-on--click", "actions.showLightbox"),
        ("data-wp-class--hide", "state.isContentHidden"),
        ("data-wp-class--show", "state.isContentVisible"),
    ):
        p.set_attribute(name, value)
    body = p.get_updated_html()
    m = re.search(r"<img[^>]+>", body)
    if m is None:
        return body
    return re.sub(r"<img[^>]+>", lambda _: m[0] + _LIGHTBOX_BUTTON, body)


def block_core_gallery_render(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """A unique 'wp-block-gallery-N' class (wp_unique_id) and its gap CSS."""
    state = renderer.state
    cls = state.unique_id("wp-block-gallery-")
    p = TagProcessor(content)
    p.next_tag()
    p.add_class(cls)
    fallback = (
        "var( --wp--style--gallery-gap-default, var( --gallery-block--gutter-size, "
        "var( --wp--style--block-gap, 0.5em ) ) )"
    )
    style = attrs.get("style") if isinstance(attrs.get("style"), dict) else {}
    spacing = style.get("spacing") if isinstance(style.get("spacing"), dict) else {}
    gap = spacing.get("blockGap", fallback)
    if isinstance(gap, dict):
        gap = gap.get("left", fallback)
    if isinstance(gap, str) and "var:preset|spacing|" in gap:
        gap = f"var(--wp--preset--spacing--{gap[gap.rindex('|') + 1 :]})"
    if gap in ("0", 0):
        gap = "0px"
    state.styles.setdefault(
        cls, f".wp-block-gallery.{cls}{{--wp--style--unstable-gallery-gap:{gap};}}"
    )
    html = p.get_updated_html()
    if "wp-lightbox-container" in html:  # its images open in one lightbox
        p = TagProcessor(html)
        p.next_tag()
        p.set_attribute("data-wp-interactive", "core/gallery")
        p.set_attribute("data-wp-context", f'{{"galleryId":"{cls}"}}')
        html = p.get_updated_html()
    return html


RENDER_CALLBACKS: dict[str, RenderCallback] = {
    "core/heading": lambda a, c, b, r: block_core_heading_render(a, c),
    "core/list": lambda a, c, b, r: block_core_list_render(a, c),
    "core/image": render_block_core_image,
    "core/gallery": block_core_gallery_render,
}


# -- the post's own data -------------------------------------------------------------------


def _wrapper(block: ParsedBlock, classes: list[str] | str = "", **extra: str) -> str:
    cls = classes if isinstance(classes, str) else " ".join(c for c in classes if c)
    attrs = {"class": cls, **extra}
    return get_block_wrapper_attributes(block, attrs)


def _common_classes(attrs: dict) -> list[str]:
    classes = []
    if "textAlign" in attrs:
        classes.append(f"has-text-align-{attrs['textAlign']}")
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes.append("has-link-color")
    return classes


def _level(value: Any, default: str) -> str:
    """A heading level attribute as its tag (block.json says integer: others ignored)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return "p" if value == 0 else f"h{value}" if 1 <= value <= 6 else default


def _dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _attr(attrs: dict, block: ParsedBlock, name: str) -> Any:
    """The attribute, or its block.json default."""

    if name in attrs:
        return attrs[name]
    bt = block_type(block.name)
    return bt[2].get(name) if bt else None


def get_the_title(title: str, password: bool = False) -> str:
    """The 'the_title' filters: wptexturize, convert_chars, trim, capital_P_dangit."""

    if password:
        title = f"Protected: {title}"
    return wptexturize(title).strip().replace("Wordpress", "WordPress")


def _permalink(renderer: BlockRenderer, post_id: int) -> str:
    ctx = renderer.context
    summary = ctx.posts.get(post_id) if ctx is not None else None
    if summary is not None and summary.link:
        return summary.link
    if renderer.post is not None and renderer.post.id == post_id and renderer.post.link:
        return renderer.post.link
    home = ctx.site.home if ctx is not None else ""
    return f"{home}/?p={post_id}"


def render_block_core_post_title(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None:
        return ""
    title = get_the_title(post.title, post.password)
    if not title:
        return ""
    level = attrs.get("level")
    tag = _level(level, "h2")
    if attrs.get("isLink"):
        rel = f'rel="{esc_attr(attrs["rel"])}"' if attrs.get("rel") else ""
        target = esc_attr(str(_attr(attrs, block, "linkTarget") or "_self"))
        href = esc_attr(_permalink(renderer, post.id))
        title = f'<a href="{href}" target="{target}" {rel}>{title}</a>'
    return f"<{tag} {_wrapper(block, _common_classes(attrs))}>{title}</{tag}>"


def render_block_core_post_date(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None or post.date is None:
        return ""
    classes: list[str] = []
    moment = post.date
    if attrs.get("displayType") == "modified":
        if post.modified is None or post.modified <= post.date:
            return ""
        moment = post.modified
        classes.append("wp-block-post-date__modified-date")
    ctx = renderer.context
    iso = ctx.format_date("c", moment)
    fmt = attrs.get("format") or ctx.site.date_format
    formatted = ctx.format_date(fmt, moment)
    classes += _common_classes(attrs)
    time_tag = f'<time datetime="{esc_attr(iso)}">{_html.escape(formatted, quote=False)}</time>'
    if attrs.get("isLink"):
        time_tag = f'<a href="{esc_attr(_permalink(renderer, post.id))}">{time_tag}</a>'
    return f"<div {_wrapper(block, classes)}>{time_tag}</div>"


def _author_name(renderer: BlockRenderer, login: str) -> str:
    ctx = renderer.context
    author = ctx.authors.get(login) if ctx is not None else None
    return author.display_name if author is not None else login


def render_block_core_post_author_name(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None or not post.author:
        return ""
    name = _html.escape(_author_name(renderer, post.author), quote=False)
    if attrs.get("isLink"):
        url = f"{renderer.context.site.home}/author/{post.author}/"
        target = esc_attr(str(_attr(attrs, block, "linkTarget") or "_self"))
        name = (
            f'<a href="{esc_attr(url)}" target="{target}" '
            f'class="wp-block-post-author-name__link">{name}</a>'
        )
    return f"<div {_wrapper(block, _common_classes(attrs))}>{name}</div>"


def _term_link(renderer: BlockRenderer, taxonomy: str, slug: str) -> str:
    """get_term_link() with pretty permalinks: a category's path holds its ancestors'
    slugs (/category/parent/child/), as WordPress's hierarchical rewrite does."""
    ctx = renderer.context
    home = ctx.site.home
    base = {"category": "category", "post_tag": "tag"}.get(taxonomy, taxonomy)
    chain = [slug]
    if taxonomy == "category":
        parents = {t.slug: t.parent for t in ctx.terms if t.taxonomy == "category"}
        seen = {slug}
        while (parent := parents.get(chain[0])) and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
    return f"{home}/{base}/{'/'.join(chain)}/"


def render_block_core_post_terms(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    term = attrs.get("term")
    if post is None or not term:
        return ""
    domain = {"post_tag": ("post_tag", "tag")}.get(term, (term,))
    ctx = renderer.context
    terms = sorted(
        {
            (ctx.term_name(term, slug, name), slug)
            for tax, slug, name in post.terms
            if tax in domain
        },
        key=lambda t: t[0].lower(),
    )
    if not terms:
        return ""
    classes = [f"taxonomy-{term}"] + _common_classes(attrs)
    separator = _attr(attrs, block, "separator") or " "  # block.json: ", "
    out = [f"<div {_wrapper(block, classes)}>"]
    if attrs.get("prefix"):
        out.append(f'<span class="wp-block-post-terms__prefix">{attrs["prefix"]}</span>')
    links = [
        f'<a href="{esc_attr(_term_link(renderer, term, slug))}" rel="tag">{name}</a>'
        for name, slug in terms
    ]
    sep = f'<span class="wp-block-post-terms__separator">{_html.escape(separator)}</span>'
    out.append(sep.join(links))
    if attrs.get("suffix"):
        out.append(f'<span class="wp-block-post-terms__suffix">{attrs["suffix"]}</span>')
    out.append("</div>")
    return "".join(out)


def render_block_core_read_more(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None:
        return ""
    title = get_the_title(post.title, post.password) or f"untitled post {post.id}"
    justify = f"is-justified-{attrs['justifyContent']}" if attrs.get("justifyContent") else ""
    more = attrs.get("content") or "Read more"
    target = esc_attr(str(_attr(attrs, block, "linkTarget") or "_self"))
    return (
        f'<a {_wrapper(block, justify)} href="{esc_attr(_permalink(renderer, post.id))}" '
        f'target="{target}">{more}<span class="screen-reader-text">: {title}</span></a>'
    )


def wp_trim_words(text: str, num_words: int = 55, more: str = "&hellip;") -> str:
    """wp_trim_words(): the first words of the text without tags (space-separated)."""
    text = re.sub(r"<(script|style)[^>]*?>.*?</\1>", "", text, flags=re.S | re.I)
    text = re.sub(r"<[^>]*>", "", text)
    words = re.split(r"[\n\r\t ]+", text.strip(), maxsplit=num_words)
    if len(words) > num_words:
        words = words[:num_words]
        return " ".join(words) + more
    return " ".join(words)


_EXCERPT_BLOCKS = {
    "core/freeform",
    "core/heading",
    "core/html",
    "core/list",
    "core/media-text",
    "core/paragraph",
    "core/preformatted",
    "core/pullquote",
    "core/quote",
    "core/table",
    "core/verse",
    "core/columns",
    "core/column",
    "core/group",
    "core/block",
}


def wp_trim_excerpt(renderer: BlockRenderer, more: str = " [&hellip;]", length: int = 55) -> str:
    """The automatic excerpt of the post being rendered (memoised per export: it
    depends only on the post's text, the registered shortcodes and the site, as its
    the_content run has a render state of its own)."""
    post = renderer.post
    # The text by its digest: the memo must not keep every listed post's body alive.
    digest = hashlib.blake2b(post.content.encode("utf-8", "surrogatepass")).digest()
    key = ("wp_trim_excerpt", post.id, digest, renderer.tags, more, length)
    if renderer.context is None:
        return _wp_trim_excerpt(renderer, more, length)
    return renderer.context.memo_post(key, lambda: _wp_trim_excerpt(renderer, more, length))


def _wp_trim_excerpt(renderer: BlockRenderer, more: str, length: int) -> str:
    from .blocks import has_blocks, parse_blocks
    from .content import the_content_chain
    from .shortcodes import strip_shortcodes

    post = renderer.post
    text = post.content
    text = text.split("<!--nextpage-->", 1)[0]
    text = re.split(r"<!--more(.*?)?-->", text, maxsplit=1)[0]
    text = strip_shortcodes(text, renderer.tags)
    if has_blocks(text):
        kept: list[ParsedBlock] = []

        def keep(b: ParsedBlock) -> None:
            if b.name is None or b.name in _EXCERPT_BLOCKS:
                kept.append(b)

        for b in parse_blocks(text):
            keep(b)
        text = "".join(_serialize(b) for b in kept)
    text = the_content_chain(text, renderer.tags, post=None, context=renderer.context)
    text = text.replace("]]>", "]]&gt;")
    return wp_trim_words(text, length, more)


def _serialize(block: ParsedBlock) -> str:
    """serialize_block(), enough for the excerpt's allowed blocks."""
    import json

    if block.name is None:
        return block.inner_html
    name = block.name[5:] if block.name.startswith("core/") else block.name
    attrs = f" {json.dumps(block.attrs, separators=(',', ':'))}" if block.attrs else ""
    inner, index = [], 0
    for chunk in block.inner_content:
        if chunk is None:
            inner.append(_serialize(block.inner_blocks[index]))
            index += 1
        else:
            inner.append(chunk)
    return f"<!-- wp:{name}{attrs} -->{''.join(inner)}<!-- /wp:{name} -->"


def render_block_core_post_excerpt(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    post = renderer.post
    if post is None:
        return ""
    link = _permalink(renderer, post.id)
    more_text = (
        f'<a class="wp-block-post-excerpt__more-link" href="{esc_attr(link)}">'
        f"{attrs['moreText']}</a>"
        if attrs.get("moreText")
        else ""
    )
    length = _attr(attrs, block, "excerptLength")  # block.json: 55
    if post.password:
        excerpt = "There is no excerpt because this is a protected post."
    elif post.excerpt:
        excerpt = post.excerpt
    else:
        # WordPress 7.0+ sets excerpt_length to 101 (block_core_post_excerpt_excerpt_length:
        # one more than the block's maximum), so that wp_trim_words below, at the
        # block's length, sees the excerpt is longer and adds its ellipsis.
        key = ("excerpt", bool(more_text), 101)
        cache = renderer.__dict__.setdefault("cache", {})
        if key not in cache:  # the same post's excerpt, asked for by several blocks
            cache[key] = wp_trim_excerpt(renderer, "" if more_text else " [&hellip;]", key[2])
        excerpt = cache[key]
    if length is not None:
        excerpt = wp_trim_words(excerpt, int(length))
    out = f'<p class="wp-block-post-excerpt__excerpt">{excerpt}'
    if attrs.get("showMoreOnNewLine", True) and more_text:
        out += f'</p><p class="wp-block-post-excerpt__more-text">{more_text}</p>'
    else:
        out += f" {more_text}</p>"
    return f"<div {_wrapper(block, _common_classes(attrs))}>{out}</div>"


def render_block_core_site_title(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    title = renderer.context.site.title
    if not title.strip():
        return ""
    classes = f"has-text-align-{attrs['textAlign']}" if attrs.get("textAlign") else ""
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes += " has-link-color"
    level = attrs.get("level")
    tag = _level(level, "h1")
    text = _html.escape(title, quote=False)
    if _attr(attrs, block, "isLink"):
        target = esc_attr(str(attrs.get("linkTarget") or "_self"))
        home = esc_attr(renderer.context.site.home)
        text = f'<a href="{home}" target="{target}" rel="home">{text}</a>'
    return f"<{tag} {_wrapper(block, classes.strip())}>{text}</{tag}>"


def render_block_core_site_tagline(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    tagline = renderer.context.site.description
    if not tagline:
        return ""
    classes = f"has-text-align-{attrs['textAlign']}" if attrs.get("textAlign") else ""
    level = attrs.get("level")
    tag = _level(level, "p") if level else "p"
    return f"<{tag} {_wrapper(block, classes)}>{tagline}</{tag}>"


def render_block_core_footnotes(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    import json

    post = renderer.post
    if post is None or post.password:
        return ""
    raw = post.meta.get("footnotes")
    try:
        notes = json.loads(raw) if raw else None
    except ValueError:
        notes = None
    if not isinstance(notes, list) or not notes:
        return ""
    items = []
    for i, note in enumerate(notes, 1):
        if not isinstance(note, dict):
            continue
        nid = esc_attr(str(note.get("id", "")))
        items.append(
            f'<li id="{nid}">{note.get("content", "")} <a href="#{nid}-link" '
            f'aria-label="Jump to footnote reference {i}">↩︎</a></li>'
        )
    return f"<ol {_wrapper(block)}>{''.join(items)}</ol>"


RENDER_CALLBACKS.update(
    {
        "core/post-title": render_block_core_post_title,
        "core/post-date": render_block_core_post_date,
        "core/post-author-name": render_block_core_post_author_name,
        "core/post-terms": render_block_core_post_terms,
        "core/read-more": render_block_core_read_more,
        "core/post-excerpt": render_block_core_post_excerpt,
        "core/site-title": render_block_core_site_title,
        "core/site-tagline": render_block_core_site_tagline,
        "core/footnotes": render_block_core_footnotes,
    }
)


# -- lists of the site's content ---------------------------------------------------------


def _published(renderer: BlockRenderer, post_type: str) -> Iterable:
    """The published posts of a type (`ContentContext.published`: read as iterated).
    The page list and navigation are in dynamic_blocks_site."""
    return renderer.context.published(post_type)


def _first(posts: Iterable, n: int) -> list:
    """`list(posts)[:n]`, reading no further than needed."""
    return list(itertools.islice(posts, n)) if n >= 0 else list(posts)[:n]


def render_block_core_latest_posts(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The latest published posts (sticky ones not first), as the block lists them."""
    a = {**_defaults(block), **attrs}
    # WP_Query: category__in = array_map('absint', ...).
    categories = a.get("categories") or []
    wanted = tuple(sorted({absint(c.get("id")) for c in categories if isinstance(c, dict)}))
    by_title = a.get("orderBy") == "title"
    descending = a.get("order") != "asc"
    shown = int(a.get("postsToShow") or 5)

    def ordered() -> list:
        # ORDER BY post_date_gmt (or the title), ID: the first `shown` that match.
        order = "title" if by_title else "date_gmt"
        posts = renderer.context.in_order("post", order, descending)
        if wanted:
            slugs = {t.slug for t in renderer.context.terms if t.term_id in wanted}
            posts = (p for p in posts if any(s in slugs for _, s, _ in p.terms))
        return _first(posts, shown)

    posts = renderer.context.memo(("latest", wanted, by_title, descending, shown), ordered)
    ctx = renderer.context
    items = []
    for p in posts:
        link = esc_attr(p.link)
        title = get_the_title(p.title, p.password) or "(no title)"
        item = ["<li>"]
        thumb = ctx.attachments.get(p.thumbnail_id) if p.thumbnail_id else None
        if a.get("displayFeaturedImage") and thumb is not None:
            style = ""
            if a.get("featuredImageSizeWidth"):
                style += f"max-width:{a['featuredImageSizeWidth']}px;"
            if a.get("featuredImageSizeHeight"):
                style += f"max-height:{a['featuredImageSizeHeight']}px;"
            size = str(a.get("featuredImageSizeSlug") or "thumbnail")
            from .media import wp_get_attachment_image

            image = wp_get_attachment_image(ctx, thumb, size, {"style": style})
            image = re.sub(r'class="([^"]*)"', r'class="\1 wp-post-image"', image, count=1)
            if a.get("addLinkToFeaturedImage"):
                image = f'<a href="{link}" aria-label="{esc_attr(title)}">{image}</a>'
            cls = "wp-block-latest-posts__featured-image"
            if a.get("featuredImageAlign"):
                cls += f" align{a['featuredImageAlign']}"
            item.append(f'<div class="{esc_attr(cls)}">{image}</div>')
        item.append(f'<a class="wp-block-latest-posts__post-title" href="{link}">{title}</a>')
        if a.get("displayAuthor") and p.author:
            item.append(
                '<div class="wp-block-latest-posts__post-author">'
                f"by {_author_name(renderer, p.author)}</div>"
            )
        if a.get("displayPostDate") and p.date is not None:
            item.append(
                f'<time datetime="{esc_attr(ctx.format_date("c", p.date))}" '
                f'class="wp-block-latest-posts__post-date">'
                f"{ctx.format_date(ctx.site.date_format, p.date)}</time>"
            )
        if a.get("displayPostContent") and a.get("displayPostContentRadio") == "excerpt":
            from .dynamic_blocks_site import get_the_excerpt, post_of_summary

            length = int(a.get("excerptLength") or 55)  # its excerpt_length filter
            excerpt = get_the_excerpt(renderer, post_of_summary(p), length)
            if excerpt.endswith(" [&hellip;]"):
                excerpt = excerpt[:-11] + (
                    f'… <a class="wp-block-latest-posts__read-more" href="{link}" '
                    f'rel="noopener">Read more<span class="screen-reader-text">: '
                    f"{_html.escape(title, quote=False)}</span></a>"
                )
            if p.password:
                excerpt = "This content is password protected."
            item.append(f'<div class="wp-block-latest-posts__post-excerpt">{excerpt}</div>')
        item.append("</li>\n")
        items.append("".join(item))
    layout = a.get("layout") if isinstance(a.get("layout"), dict) else {}
    kind = layout.get("type", "grid" if a.get("postLayout") == "grid" else "default")
    columns = layout.get("columnCount", a.get("columns"))
    classes = ["wp-block-latest-posts__list"]
    if kind == "grid":
        classes.append("is-grid")
        if columns:
            classes.append(f"columns-{columns}")
            if layout.get("minimumColumnWidth"):
                classes.append("has-native-responsive-grid")
    if a.get("displayPostDate"):
        classes.append("has-dates")
    if a.get("displayAuthor"):
        classes.append("has-author")
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes.append("has-link-color")
    return f"<ul {_wrapper(block, classes)}>{''.join(items)}</ul>"


def _defaults(block: ParsedBlock) -> dict:
    bt = block_type(block.name)
    return dict(bt[2]) if bt else {}


_EPOCH = __import__("datetime").datetime(1970, 1, 1)

RENDER_CALLBACKS["core/latest-posts"] = render_block_core_latest_posts


def render_block_core_post_featured_image(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The post's featured image (its _thumbnail_id) in a figure."""

    post = renderer.post
    if post is None:
        return ""
    a = {**_defaults(block), **attrs}
    border = _dig(a, "style", "border")
    if not isinstance(border, dict):  # PHP's isset() on a scalar's offset: false
        border = {}
    border_styles: dict[str, Any] = {
        k: border[k] for k in ("radius", "style", "width") if k in border
    }
    border_styles["color"] = (
        f"var:preset|color|{a['borderColor']}" if "borderColor" in a else border.get("color")
    )
    classes, css = wp_style_engine_get_styles({"border": border_styles})
    extra: dict[str, str] = {}
    if classes:
        extra["class"] = " ".join(classes)
    style = css
    if a.get("aspectRatio"):
        if a["aspectRatio"] != "auto":
            style += f"aspect-ratio:{a['aspectRatio']};"
        style += "width:100%;"
    has_width = a.get("width") not in (None, "")
    if a.get("height") not in (None, ""):
        style += f"height:{a['height']};"
    elif has_width:
        style += "height:auto;"
    if has_width:
        style += f"width:{a['width']};"
    if a.get("scale"):
        style += f"object-fit:{a['scale']};"
    if style:
        extra["style"] = style
    title = get_the_title(post.title, post.password)
    alt = None
    if a.get("isLink"):
        alt = re.sub(r"<[^>]*>", "", title).strip() or f"Untitled post {post.id}"
    thumb = renderer.context.attachments.get(post.thumbnail_id) if post.thumbnail_id else None
    if thumb is None:
        return ""
    from .media import wp_get_attachment_image

    size = str(a.get("sizeSlug") or "post-thumbnail")
    attr: dict[str, str] = {}
    if extra.get("class"):
        attr["class"] = extra["class"]
    if alt is not None:
        attr["alt"] = alt
    if "style" in extra:
        attr["style"] = extra["style"]
    image = wp_get_attachment_image(renderer.context, thumb, size, attr)
    # get_the_post_thumbnail() adds its class to whatever class the image got.
    image = re.sub(r'class="([^"]*)"', lambda m: f'class="{m[1]} wp-post-image"', image, count=1)
    overlay = ""
    if a.get("dimRatio"):
        names = [
            "wp-block-post-featured-image__overlay",
            "has-background-dim",
            f"has-background-dim-{a['dimRatio']}",
        ]
        if a.get("overlayColor"):
            names.append(f"has-{a['overlayColor']}-background-color")
        styles = []
        if a.get("customOverlayColor"):
            styles.append(f"background-color: {a['customOverlayColor']};")
        overlay = (
            f'<span class="{esc_attr(" ".join(names))}" style="{esc_attr(" ".join(styles))}" '
            'aria-hidden="true"></span>'
        )
    if a.get("isLink"):
        rel = f'rel="{esc_attr(a["rel"])}"' if a.get("rel") else ""
        href = esc_attr(_permalink(renderer, post.id))
        target = esc_attr(str(a.get("linkTarget") or "_self"))
        image = f'<a href="{href}" target="{target}" {rel}>{image}{overlay}</a>'
    else:
        image += overlay
    return f"<figure {_wrapper(block)}>{image}</figure>"


RENDER_CALLBACKS["core/post-featured-image"] = render_block_core_post_featured_image


# The site's lists and links (query loops, pagination, authors, previous/next posts), then
# the site-wide blocks (archives, calendar, categories, tag cloud, search, comments…):
# last, since its core/avatar adds comment avatars to any avatar renderer before it.
from . import dynamic_blocks_site  # noqa: E402
from .dynamic_blocks_archive import register as _register_site_blocks  # noqa: E402

dynamic_blocks_site.register()
_register_site_blocks(RENDER_CALLBACKS)
