"""Dynamic blocks that list or link the site's other posts, ported from WordPress 7.1's
wp-includes/blocks/{query,post-template,query-pagination*,query-no-results,avatar,
post-author,post-navigation-link}.php and blocks.php (build_query_vars_from_query_block),
the export's posts (`ContentContext.posts`) standing in for WP_Query.

The page rendered is the post's own page (a single view), as WordPress's main query is
there: a loop that inherits the main query shows the post itself, with no pagination.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import itertools
import math
import re
from array import array
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .block_supports import block_type, wp_style_engine_get_styles
from .blocks import copy_block
from .context import PostContext, PostSummary
from .html_api import TagProcessor, esc_attr

if TYPE_CHECKING:
    from .blocks import BlockRenderer, ParsedBlock
    from .context import ContentContext, MenuItem

_EPOCH = _dt.datetime(1970, 1, 1)

# -- the loop's post ---------------------------------------------------------------------


def post_of_summary(summary: PostSummary) -> PostContext:
    """The loop's global $post for a listed post (setup_postdata): not its own page."""
    return PostContext(
        id=summary.id,
        post_type=summary.post_type,
        title=summary.title,
        slug=summary.slug,
        link=summary.link,
        date=summary.date,
        modified=summary.modified,
        author=summary.author,
        excerpt=summary.excerpt,
        terms=summary.terms,
        thumbnail_id=summary.thumbnail_id,
        date_gmt=summary.date_gmt,
        content=summary.content,
        password=summary.password,
        single=False,
    )


class _InTheLoop:
    """`renderer.post` (and the block context's postId) set to a listed post while
    its blocks render, restored after (the_post() / wp_reset_postdata())."""

    def __init__(self, renderer: BlockRenderer, post: PostContext, context: dict) -> None:
        self.renderer, self.post, self.context = renderer, post, context

    def __enter__(self) -> _InTheLoop:
        self.saved = self.renderer.post, self.renderer.block_context
        self.renderer.post = self.post
        self.renderer.block_context = {
            **self.context,
            "postId": self.post.id,
            "postType": self.post.post_type,
        }
        self.renderer.__dict__.pop("cache", None)  # per-post memo of the excerpt block
        return self

    def __exit__(self, *exc: object) -> None:
        self.renderer.post, self.renderer.block_context = self.saved
        self.renderer.__dict__.pop("cache", None)


def get_the_excerpt(renderer: BlockRenderer, post: PostContext, length: int = 55) -> str:
    """get_the_excerpt() of a listed post: its excerpt field, else wp_trim_excerpt()
    of its body (memoised per export: the same post listed by several blocks)."""
    from .dynamic_blocks import wp_trim_excerpt

    if post.excerpt:
        return post.excerpt

    def trimmed() -> str:
        with _InTheLoop(renderer, post, renderer.block_context):
            return wp_trim_excerpt(renderer, " [&hellip;]", length)

    return renderer.context.memo_post(("excerpt-of", post.id, length), trimmed)


# -- WP_Query over the export's posts ----------------------------------------------------


def _dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _ints(values: Any) -> list[int]:
    out = []
    for v in values if isinstance(values, list) else str(values or "").split(","):
        try:
            n = int(v)
        except (TypeError, ValueError):
            continue
        if n:
            out.append(n)
    return out


def build_query_vars_from_query_block(block_context: dict, page: int, current: int) -> dict:
    """build_query_vars_from_query_block(): the WP_Query arguments of a query loop."""
    query: dict[str, Any] = {
        "post_type": "post",
        "order": "DESC",
        "orderby": "date",
        "post__not_in": [],
        "tax_query": [],
    }
    q = block_context.get("query")
    if not isinstance(q, dict):
        return query
    if q.get("postType") in ("post", "page"):  # is_post_type_viewable
        query["post_type"] = q["postType"]
    sticky = q.get("sticky")
    if sticky == "only":
        query["sticky_only"] = True
        query["ignore_sticky_posts"] = True
    elif sticky == "exclude":
        query["exclude_sticky"] = True
    elif sticky == "ignore":
        query["ignore_sticky_posts"] = True
    if q.get("exclude"):
        query["post__not_in"] += _ints(q["exclude"])
    if q.get("excludeCurrent") and current:
        query["post__not_in"].append(current)
    per_page = q.get("perPage")
    if _is_numeric(per_page):
        per_page = abs(int(float(per_page)))
        offset = abs(int(float(q["offset"]))) if _is_numeric(q.get("offset")) else 0
        query["offset"] = per_page * (page - 1) + offset
        query["posts_per_page"] = per_page
    for key, taxonomy in (("categoryIds", "category"), ("tagIds", "post_tag")):
        if q.get(key):
            query["tax_query"].append((taxonomy, _ints(q[key]), "IN"))
    tax = q.get("taxQuery")
    if isinstance(tax, dict) and tax:
        if set(tax) - {"include", "exclude"}:
            for taxonomy, terms in tax.items():
                if terms:
                    query["tax_query"].append((taxonomy, _ints(terms), "IN"))
        else:
            for part, operator in (("include", "IN"), ("exclude", "NOT IN")):
                for taxonomy, terms in (tax.get(part) or {}).items():
                    if terms:
                        query["tax_query"].append((taxonomy, _ints(terms), operator))
    if isinstance(q.get("order"), str) and q["order"].upper() in ("ASC", "DESC"):
        query["order"] = q["order"].upper()
    if "orderBy" in q:
        query["orderby"] = q["orderBy"]
    if q.get("search"):
        query["s"] = q["search"]
    if q.get("parents") and query["post_type"] == "page":
        query["post_parent__in"] = set(_ints(q["parents"]))
    return query


def _is_numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(str(value).strip())
    except ValueError:
        return False
    return str(value).strip() != ""


class WPQuery:
    """What a WP_Query of these arguments finds among the export's published posts:
    `posts` (this page) and `found_posts`, `max_num_pages` as WordPress counts them."""

    def __init__(self, renderer: BlockRenderer, args: dict) -> None:
        ctx = renderer.context
        post_type = args.get("post_type", "post")
        descending = args.get("order", "DESC") == "DESC"
        orderby = args.get("orderby", "date")
        if orderby not in ("title", "menu_order"):
            orderby = "date"
        not_in = set(args.get("post__not_in") or ())
        # The ids found, in the query's order, but for post__not_in (often the current
        # post, so that loops of the same query share this): once per export and query.
        shape = repr(sorted((k, v) for k, v in args.items() if k != "post__not_in"))
        found = ctx.memo(
            ("query", shape), lambda: _matching(ctx, args, post_type, orderby, descending)
        )
        self.found_posts = len(found) - len(not_in.intersection(found))
        per_page = args.get("posts_per_page")
        if per_page is None:
            per_page = 10  # get_option( 'posts_per_page' ) of a fresh install
        offset = args.get("offset", 0)
        ids: Iterator[int] = itertools.filterfalse(not_in.__contains__, found)
        if per_page > 0:
            ids = itertools.islice(ids, offset, offset + per_page)
        else:
            ids = itertools.islice(ids, offset, None)
        page = [ctx.posts[i] for i in ids]
        if not args.get("ignore_sticky_posts"):
            # A loop's WP_Query is "home" (nothing singular or archive is asked): the
            # sticky posts of its page first, then the other sticky posts, newest first,
            # whatever the loop filters (WP_Query::get_posts does not apply them there).
            on_page = [p for p in page if p.sticky]
            others = sorted(
                (p for p in _sticky(ctx, post_type) if p not in on_page and p.id not in not_in),
                key=lambda p: (p.date or _EPOCH, p.id),
                reverse=True,
            )
            page = on_page + others + [p for p in page if not p.sticky]
        self.posts = page
        self.max_num_pages = math.ceil(self.found_posts / per_page) if per_page > 0 else 1


def _sticky(ctx: ContentContext, post_type: str) -> list[PostSummary]:
    """The published sticky posts of a type (a few), once per export."""
    sticky = lambda: [p for p in ctx.published(post_type) if p.sticky]  # noqa: E731
    return ctx.memo(("sticky", post_type), sticky)


def _matching(
    ctx: ContentContext, args: dict, post_type: str, orderby: str, descending: bool
) -> array:
    """The ids of the published posts of a type that WP_Query's filters of `args` keep
    (but post__not_in), in ORDER BY the field, then ID: every filter keeps the order."""
    posts: Iterable[PostSummary] = ctx.in_order(post_type, orderby, descending)
    if args.get("exclude_sticky"):
        sticky = {p.id for p in _sticky(ctx, post_type)}
        posts = (p for p in posts if p.id not in sticky)
    if args.get("sticky_only"):
        posts = (p for p in posts if p.sticky)
    if "post_parent__in" in args:
        parents = args["post_parent__in"]
        posts = (p for p in posts if p.parent in parents)
    for taxonomy, ids, operator in args.get("tax_query") or ():
        slugs = {t.slug for t in ctx.terms if t.taxonomy == taxonomy and t.term_id in ids}
        domains = ("post_tag", "tag") if taxonomy == "post_tag" else (taxonomy,)

        def has(
            p: PostSummary, slugs: set[str] = slugs, domains: tuple[str, ...] = domains
        ) -> bool:
            return any(tax in domains and slug in slugs for tax, slug, _ in p.terms)

        posts = (p for p in posts if has(p) == (operator == "IN"))
    if args.get("s"):
        words = str(args["s"]).lower().split()
        posts = (
            p
            for p in posts
            if all(w in (p.title + " " + p.excerpt + " " + p.content).lower() for w in words)
        )
    return array("q", (p.id for p in posts))


def _main_query(renderer: BlockRenderer) -> list[PostContext]:
    """The main query of the post's own page: the post itself."""
    return [renderer.post] if renderer.post is not None else []


def _page_key(context: dict) -> str:
    return f"query-{context['queryId']}-page" if "queryId" in context else "query-page"


def _wrapper(block: ParsedBlock, classes: str = "", **extra: str) -> str:
    from .dynamic_blocks import _wrapper as wrapper

    return wrapper(block, classes, **extra)


# -- query, post-template, pagination, no results -----------------------------------------


def render_block_core_query(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The query block prints its inner blocks (enhanced pagination adds directives)."""
    if attrs.get("enhancedPagination") is True and "queryId" in attrs:
        p = TagProcessor(content)
        if p.next_tag():
            p.set_attribute("data-wp-interactive", "core/query")
            p.set_attribute("data-wp-router-region", f"query-{attrs['queryId']}")
            p.set_attribute("data-wp-context", "{}")
            p.set_attribute("data-wp-key", str(attrs["queryId"]))
            content = p.get_updated_html()
    return content


def get_post_class(renderer: BlockRenderer, post: PostContext, css_class: str = "") -> str:
    """get_post_class() on a single view (no 'sticky': the main query is not home),
    memoised per export on what it reads of the post."""
    if renderer.context is None:
        return _get_post_class(renderer, post, css_class)
    key = (
        "get_post_class",
        post.id,
        post.post_type,
        bool(post.password),
        post.thumbnail_id,
        tuple(post.terms),
        css_class,
    )
    return renderer.context.memo_post(key, lambda: _get_post_class(renderer, post, css_class))


def _get_post_class(renderer: BlockRenderer, post: PostContext, css_class: str) -> str:
    classes = css_class.split() if css_class else []
    status = "publish"
    summary = renderer.context.posts.get(post.id)
    if summary is not None:
        status = summary.status
    classes += [f"post-{post.id}", post.post_type, f"type-{post.post_type}", f"status-{status}"]
    formats = [s for tax, s, _ in post.terms if tax == "post_format"]
    if post.post_type == "post":
        fmt = formats[0].removeprefix("post-format-") if formats else ""
        classes.append(f"format-{fmt or 'standard'}")
    if post.password:
        classes.append("post-password-required")
    elif post.thumbnail_id and post.post_type != "attachment":
        classes.append("has-post-thumbnail")
    classes.append("hentry")
    ctx = renderer.context
    # Pages have no public taxonomy; a post has categories, tags and its format.
    taxonomies: tuple = ()
    if post.post_type == "post":
        taxonomies = (
            ("category", ("category",)),
            ("post_tag", ("post_tag", "tag")),
            ("post_format", ("post_format",)),
        )
    for taxonomy, domains in taxonomies:
        terms = sorted(
            {
                (ctx.term_name(taxonomy, slug, name).lower(), slug)
                for tax, slug, name in post.terms
                if tax in domains and slug
            }
        )
        for _, slug in terms:
            if taxonomy == "post_tag":
                classes.append(f"tag-{_sanitize_html_class(slug)}")
            else:
                classes.append(_sanitize_html_class(f"{taxonomy}-{slug}"))
    seen: set[str] = set()
    return " ".join(
        esc_attr(c)
        for c in classes
        if not (c in seen or seen.add(c))  # array_unique
    )


def _sanitize_html_class(text: str) -> str:
    text = _OCTETS.sub("", quote(text, safe="-_"))
    return _NOT_CLASS.sub("", text)


_OCTETS = re.compile(r"%[a-fA-F0-9][a-fA-F0-9]")
_NOT_CLASS = re.compile(r"[^A-Za-z0-9_-]")


def render_block_core_post_template(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """One <li> of the post template's blocks per post the loop's query finds."""
    context = renderer.block_context
    query = context.get("query") if isinstance(context.get("query"), dict) else {}
    current = renderer.post.id if renderer.post is not None else 0
    if query.get("inherit"):
        posts = _main_query(renderer)
    else:
        args = build_query_vars_from_query_block(context, 1, current)
        posts = [post_of_summary(s) for s in WPQuery(renderer, args).posts]
    if not posts:
        return ""
    classes = ""
    layout = context.get("displayLayout")
    if isinstance(layout, dict) and layout.get("type") == "flex" and "query" in context:
        classes = f"is-flex-container columns-{layout.get('columns')}"
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes += " has-link-color"
    own = attrs.get("layout") if isinstance(attrs.get("layout"), dict) else {}
    if own.get("type") == "grid" and own.get("columnCount"):
        classes += f" columns-{own['columnCount']}"
        if own.get("minimumColumnWidth"):
            classes += " has-native-responsive-grid"
    wrapper = _wrapper(block, classes.strip())
    items = []
    enhanced = bool(context.get("enhancedPagination"))
    for post in posts:
        # A fresh copy of the template per post (WordPress: new WP_Block of the parsed
        # block, named core/null so that it gets no supports of its own).
        instance = copy_block(block)
        with _InTheLoop(renderer, post, context):
            inner = renderer.render_inner_blocks(instance)
        # The core/null instance still passes the render_block filters: the elements
        # class its parsed block carries lands on the first inner tag.
        if "wp-elements-" in str(instance.attrs.get("className", "")):
            inner = renderer.bs.wp_render_elements_class_name(inner, instance)
        key = f' data-wp-key="post-template-item-{post.id}"' if enhanced else ""
        cls = get_post_class(renderer, post, "wp-block-post")
        items.append(f'<li{key} class="{cls}">{inner}</li>')
    return f"<ul {wrapper}>{''.join(items)}</ul>"


def render_block_core_query_pagination(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    if not content.strip():
        return ""
    classes = (
        "has-link-color"
        if _dig(attrs, "style", "elements", "link", "color", "text") is not None
        else ""
    )
    return f"<nav {_wrapper(block, classes, **{'aria-label': 'Pagination'})}>{content}</nav>"


def paginate_links(total: int, current: int = 1, mid_size: int = 2, end_size: int = 1) -> str:
    """paginate_links() of the plain type without previous/next, for page 1 of a loop
    (the static page is page 1: links to the others are WordPress's query URLs)."""
    if total < 2:
        return ""
    end_size = max(end_size, 1)
    mid_size = max(mid_size, 0)
    out, dots = [], False
    for n in range(1, total + 1):
        if n == current:
            out.append(f'<span aria-current="page" class="page-numbers current">{n:,}</span>')
            dots = True
        elif (
            n <= end_size
            or (current and current - mid_size <= n <= current + mid_size)
            or n > total - end_size
        ):
            out.append(f'<a class="page-numbers" href="?page={n}">{n:,}</a>')
            dots = True
        elif dots:
            out.append('<span class="page-numbers dots">&hellip;</span>')
            dots = False
    return "\n".join(out)


def _block_query(renderer: BlockRenderer) -> WPQuery:
    current = renderer.post.id if renderer.post is not None else 0
    args = build_query_vars_from_query_block(renderer.block_context, 1, current)
    return WPQuery(renderer, args)


def render_block_core_query_pagination_numbers(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    context = renderer.block_context
    query = context.get("query") if isinstance(context.get("query"), dict) else {}
    max_page = _int(query.get("pages"))
    mid = _int(attrs["midSize"]) if "midSize" in attrs else 2
    if query.get("inherit"):
        total = 1  # the main query of a single post: one page
    else:
        pages = _block_query(renderer).max_num_pages
        total = pages if not max_page or max_page > pages else max_page
    links = paginate_links(total, 1, mid)
    if not links:
        return ""
    if context.get("enhancedPagination"):
        p = TagProcessor(links)
        index = 0
        while p.next_tag():
            if not p.has_class("page-numbers"):
                continue
            if p.get_attribute("data-wp-key") is None:
                p.set_attribute("data-wp-key", f"index-{index}")
                index += 1
            if p.get_tag() == "A":
                p.set_attribute("data-wp-on--click", "core/query::actions.navigate")
        links = p.get_updated_html()
    return f"<div {_wrapper(block)}>{links}</div>"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _arrow(renderer: BlockRenderer, is_next: bool) -> str:
    arrows = {"arrow": ("→", "←"), "chevron": ("»", "«")}
    kind = renderer.block_context.get("paginationArrow")
    if kind not in arrows:
        return ""
    side = "next" if is_next else "previous"
    arrow = arrows[kind][0 if is_next else 1]
    return (
        f"<span class='wp-block-query-pagination-{side}-arrow is-arrow-{kind}' "
        f"aria-hidden='true'>{arrow}</span>"
    )


def render_block_core_query_pagination_next(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    context = renderer.block_context
    query = context.get("query") if isinstance(context.get("query"), dict) else {}
    max_page = _int(query.get("pages"))
    wrapper = _wrapper(block)
    label_text = _html.escape(attrs["label"]) if attrs.get("label") else "Next Page"
    label = label_text if context.get("showLabel", True) else ""
    if not label:
        wrapper += f' aria-label="{label_text}"'
    label += _arrow(renderer, True)
    if query.get("inherit"):
        return ""  # get_next_posts_link() prints nothing on a single view
    if max_page and max_page <= 1:
        return ""
    pages = _block_query(renderer).max_num_pages
    if not pages or pages == 1:
        return ""
    link = f'<a href="?{_page_key(context)}=2" {wrapper}>{label}</a>'
    if context.get("enhancedPagination"):
        p = TagProcessor(link)
        p.next_tag("a")
        for name, value in (
            ("data-wp-key", "query-pagination-next"),
            ("data-wp-on--click", "core/query::actions.navigate"),
            ("data-wp-on--mouseenter", "core/query::actions.prefetch"),
            ("data-wp-watch", "core/query::callbacks.prefetch"),
        ):
            p.set_attribute(name, value)
        link = p.get_updated_html()
    return link


def render_block_core_query_pagination_previous(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    return ""  # page 1 of the loop: there is no previous page


def render_block_core_query_no_results(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    if not content.strip():
        return ""
    query = renderer.block_context.get("query")
    if isinstance(query, dict) and query.get("inherit"):
        found = bool(_main_query(renderer))
    else:
        found = bool(_block_query(renderer).posts)
    if found:
        return ""
    classes = (
        "has-link-color"
        if _dig(attrs, "style", "elements", "link", "color", "text") is not None
        else ""
    )
    return f"<div {_wrapper(block, classes)}>{content}</div>"


def register() -> None:
    """Add these blocks to WordPress's registry of render callbacks."""
    from .blocks import PROVIDES_CONTEXT, SKIP_INNER_BLOCKS
    from .dynamic_blocks import RENDER_CALLBACKS

    RENDER_CALLBACKS.update(
        {
            "core/query": render_block_core_query,
            "core/post-template": render_block_core_post_template,
            "core/query-pagination": render_block_core_query_pagination,
            "core/query-pagination-numbers": render_block_core_query_pagination_numbers,
            "core/query-pagination-next": render_block_core_query_pagination_next,
            "core/query-pagination-previous": render_block_core_query_pagination_previous,
            "core/query-no-results": render_block_core_query_no_results,
            "core/avatar": render_block_core_avatar,
            "core/post-author": render_block_core_post_author,
            "core/post-navigation-link": render_block_core_post_navigation_link,
            "core/navigation": render_block_core_navigation,
            "core/navigation-link": render_block_core_navigation_link,
            "core/navigation-submenu": render_block_core_navigation_submenu,
            "core/page-list": render_block_core_page_list,
        }
    )
    PROVIDES_CONTEXT.update(
        {
            "core/query": {
                "queryId": "queryId",
                "query": "query",
                "displayLayout": "displayLayout",
                "enhancedPagination": "enhancedPagination",
            },
            "core/query-pagination": {
                "paginationArrow": "paginationArrow",
                "showLabel": "showLabel",
            },
        }
    )
    SKIP_INNER_BLOCKS.add("core/post-template")


# -- authors and avatars ------------------------------------------------------------------


def _author_of(renderer: BlockRenderer) -> str:
    """The login of the post the block is about (its postId context, else the page's)."""
    post = renderer.post
    return post.author if post is not None else ""


def _display_name(renderer: BlockRenderer, login: str) -> str:
    author = renderer.context.authors.get(login)
    return author.display_name if author is not None and author.display_name else login


def get_author_posts_url(renderer: BlockRenderer, login: str) -> str:
    return f"{renderer.context.site.home}/author/{login}/"


def get_avatar(size: int, alt: str = "", css_class: str = "", extra_attr: str = "") -> str:
    """get_avatar() as WordPress prints it, for the Gravatar default picture: the
    export's e-mail addresses are never printed, nor hashed into the URL."""
    url = f"https://secure.gravatar.com/avatar/?s={size}&d=mm&r=g"
    url2x = f"https://secure.gravatar.com/avatar/?s={size * 2}&d=mm&r=g"
    classes = f"avatar avatar-{size} photo" + (f" {css_class}" if css_class else "")
    return (
        f"<img alt='{esc_attr(alt)}' src='{esc_attr(url)}' srcset='{esc_attr(url2x)} 2x' "
        f"class='{esc_attr(classes)}' height='{size}' width='{size}' {extra_attr}/>"
    )


def get_block_core_avatar_border_attributes(attrs: dict) -> tuple[str, str]:
    """The avatar image's border classes and inline style."""

    border = _dig(attrs, "style", "border")
    if not isinstance(border, dict):  # PHP's isset() on a scalar's offset: false
        border = {}
    styles: dict[str, Any] = {k: border[k] for k in ("radius", "style", "width") if k in border}
    preset = f"var:preset|color|{attrs['borderColor']}" if "borderColor" in attrs else None
    styles["color"] = preset or border.get("color")
    for side in ("top", "right", "bottom", "left"):
        value = border.get(side) if isinstance(border.get(side), dict) else {}
        styles[side] = {k: value.get(k) for k in ("color", "style", "width")}
    classes, css = wp_style_engine_get_styles({"border": styles})
    return " ".join(classes), css


def render_block_core_avatar(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The post author's avatar (the Gravatar default picture), linked if asked."""
    size = _int(attrs.get("size", 96)) or 96
    wrapper = _wrapper(block)
    border_class, border_style = get_block_core_avatar_border_attributes(attrs)
    image_classes = "wp-block-avatar__image" + (f" {border_class}" if border_class else "")
    image_styles = f' style="{esc_attr(border_style)}"' if border_style else ""
    if "commentId" in renderer.block_context:
        return _comment_avatar(attrs, renderer, wrapper, size, image_classes, image_styles)
    login = _author_of(renderer)
    if not login:
        return ""
    name = _display_name(renderer, login)
    avatar = get_avatar(size, f"{name} Avatar", image_classes, image_styles)
    if attrs.get("isLink"):
        target = str(attrs.get("linkTarget") or "_self")
        label = ""
        if target == "_blank":
            text = f"({name} author archive, opens in a new tab)"
            label = f'aria-label="{esc_attr(text)}"'
        avatar = (
            f'<a href="{esc_attr(get_author_posts_url(renderer, login))}" '
            f'target="{esc_attr(target)}" {label} class="wp-block-avatar__link">{avatar}</a>'
        )
    return f"<div {wrapper}>{avatar}</div>"


def _comment_avatar(
    attrs: dict,
    renderer: BlockRenderer,
    wrapper: str,
    size: int,
    image_classes: str,
    image_styles: str,
) -> str:
    """The avatar of the comment the block is in (its commentId context)."""
    wanted = _int(renderer.block_context["commentId"])
    comments = renderer.post.comments if renderer.post is not None else []
    comment = next((c for c in comments if c.id == wanted), None)
    if comment is None:
        return ""
    avatar = get_avatar(size, f"{comment.author} Avatar", image_classes, image_styles)
    if attrs.get("isLink") and comment.author_url:
        target = str(attrs.get("linkTarget") or "_self")
        label = ""
        if target == "_blank":
            text = f"({comment.author} website link, opens in a new tab)"
            label = f'aria-label="{esc_attr(text)}"'
        avatar = (
            f'<a href="{esc_attr(comment.author_url)}" target="{esc_attr(target)}" {label} '
            f'class="wp-block-avatar__link">{avatar}</a>'
        )
    return f"<div {wrapper}>{avatar}</div>"


def render_block_core_post_author(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The post's author: avatar, byline, name (linked if asked), biography (the
    export carries none)."""
    login = _author_of(renderer)
    if not login:
        return ""
    if renderer.post is not None and renderer.post.post_type not in ("post", "page"):
        return ""  # post_type_supports( $type, 'author' )
    a = {**_defaults(block), **attrs}
    size = _int(a.get("avatarSize"))
    avatar = get_avatar(size) if size else ""
    name = _html.escape(_display_name(renderer, login), quote=False)
    if a.get("isLink") and a.get("linkTarget"):
        name = (
            f'<a href="{esc_attr(get_author_posts_url(renderer, login))}" '
            f'target="{esc_attr(str(a["linkTarget"]))}">{name}</a>'
        )
    classes = []
    if "itemsJustification" in attrs:
        classes.append(f"items-justified-{attrs['itemsJustification']}")
    if "textAlign" in attrs:
        classes.append(f"has-text-align-{attrs['textAlign']}")
    if _dig(attrs, "style", "elements", "link", "color", "text") is not None:
        classes.append("has-link-color")
    out = [f"<div {_wrapper(block, ' '.join(classes))}>"]
    if a.get("showAvatar"):
        out.append(f'<div class="wp-block-post-author__avatar">{avatar}</div>')
    out.append('<div class="wp-block-post-author__content">')
    if a.get("byline"):
        # wp_kses_post(): the post's own markup, kept as the rest of its body is.
        out.append(f'<p class="wp-block-post-author__byline">{a["byline"]}</p>')
    out.append(f'<p class="wp-block-post-author__name">{name}</p>')
    if a.get("showBio"):
        out.append('<p class="wp-block-post-author__bio"></p>')
    out.append("</div></div>")
    return "".join(out)


def _defaults(block: ParsedBlock) -> dict:
    bt = block_type(block.name)
    return dict(bt[2]) if bt else {}


# -- previous / next post -----------------------------------------------------------------


def get_adjacent_post(
    renderer: BlockRenderer, previous: bool, taxonomy: str = ""
) -> PostSummary | None:
    """get_adjacent_post(): the published post of the same type just before (or after)
    this one by date, then id; with `taxonomy`, one sharing a term of it."""
    post = renderer.post
    if post is None or post.date is None:
        return None
    domains = ("post_tag", "tag") if taxonomy == "post_tag" else (taxonomy,)
    terms = {slug for tax, slug, _ in post.terms if tax in domains} if taxonomy else set()
    for p in renderer.context.adjacent(post.post_type, post.date, post.id, previous):
        if not taxonomy or any(tax in domains and slug in terms for tax, slug, _ in p.terms):
            return p
    return None


def get_adjacent_post_link(
    renderer: BlockRenderer, fmt: str, link: str, previous: bool, taxonomy: str
) -> str:
    """get_adjacent_post_link(): `fmt` with %link replaced by the adjacent post's link."""
    from .dynamic_blocks import get_the_title

    adjacent = get_adjacent_post(renderer, previous, taxonomy)
    if adjacent is None:
        return ""
    title = adjacent.title or ("Previous Post" if previous else "Next Post")
    title = get_the_title(title)  # the 'the_title' filters
    date = renderer.context.format_date(renderer.context.site.date_format, adjacent.date)
    rel = "prev" if previous else "next"
    inlink = link.replace("%title", title).replace("%date", date)
    inlink = f'<a href="{adjacent.link}" rel="{rel}">{inlink}</a>'
    return fmt.replace("%link", inlink)


def render_block_core_post_navigation_link(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The link to the previous or next post (the page is a single post's)."""
    if renderer.post is None:
        return ""
    kind = attrs.get("type", "next")
    if kind not in ("next", "previous"):
        return ""
    classes = f"post-navigation-link-{kind}"
    if "textAlign" in attrs:
        classes += f" has-text-align-{attrs['textAlign']}"
    wrapper = _wrapper(block, classes)
    fmt = "%link"
    link = "Next" if kind == "next" else "Previous"
    label = ""
    if attrs.get("label"):
        label = link = str(attrs["label"])
    if attrs.get("showTitle"):
        # wp_kses_post() on the label: the post's own markup, kept as its body is.
        if not attrs.get("linkLabel"):
            if label:
                fmt = f'<span class="post-navigation-link__label">{label}</span> %link'
            link = "%title"
        elif label:
            link = (
                f'<span class="post-navigation-link__label">{label}</span> '
                '<span class="post-navigation-link__title">%title</span>'
            )
        else:
            label = "Next:" if kind == "next" else "Previous:"
            link = (
                f'<span class="post-navigation-link__label">{label}</span> '
                '<span class="post-navigation-link__title">%title</span>'
            )
    arrows = {"arrow": {"next": "→", "previous": "←"}, "chevron": {"next": "»", "previous": "«"}}
    arrow_kind = attrs.get("arrow")
    if arrow_kind in arrows:
        arrow = arrows[arrow_kind][kind]
        span = (
            f'<span class="wp-block-post-navigation-link__arrow-{kind} is-arrow-{arrow_kind}" '
            f'aria-hidden="true">{arrow}</span>'
        )
        fmt = f"%link{span}" if kind == "next" else f"{span}%link"
    taxonomy = str(attrs.get("taxonomy") or "")
    content = get_adjacent_post_link(renderer, fmt, link, kind == "previous", taxonomy)
    return f"<div {wrapper}>{content}</div>"


# -- navigation (WP_Navigation_Block_Renderer), navigation-link, page-list ---------------

_SUBMENU_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12" '
    'fill="none" aria-hidden="true" focusable="false"><path d="M1.50002 4L6.00002 8L10.5 4" '
    'stroke-width="1.5"></path></svg>'
)
_OPEN_ICON = (
    '<svg width="24" height="24" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" '
    'aria-hidden="true" focusable="false"><path d="M4 7.5h16v1.5H4z"></path>'
    '<path d="M4 15h16v1.5H4z"></path></svg>'
)
_MENU_ICON = (
    '<svg width="24" height="24" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path d="M5 5v1.5h14V5H5z"></path><path d="M5 12.8h14v-1.5H5v1.5z"></path>'
    '<path d="M5 19h14v-1.5H5V19z"></path></svg>'
)
_CLOSE_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" '
    'aria-hidden="true" focusable="false"><path d="m13.06 12 6.47-6.47-1.06-1.06L12 10.94 '
    "5.53 4.47 4.47 5.53 10.94 12l-6.47 6.47 1.06 1.06L12 13.06l6.47 6.47 1.06-1.06L13.06 "
    '12Z"></path></svg>'
)
_NAV_CONTEXT = (
    '{"overlayOpenedBy":{"click":false,"hover":false,"focus":false},"type":"overlay",'
    '"roleAttribute":"","ariaLabel":"Menu"}'
)
_SUBMENU_CONTEXT = (
    '{ "submenuOpenedBy": { "click": false, "hover": false, "focus": false }, '
    '"type": "submenu", "modal": null, "previousFocus": null }'
)


def block_core_navigation_get_submenu_visibility(attrs: dict) -> str:
    """'hover', 'click' or 'always' (the legacy openSubmenusOnClick first)."""
    legacy = attrs.get("openSubmenusOnClick")
    if legacy is not None:
        return "click" if legacy else "hover"
    return attrs.get("submenuVisibility") or "hover"


def _navigation_state(renderer: BlockRenderer) -> dict:
    """WP_Navigation_Block_Renderer's static members, for one page's render."""
    return renderer.state.__dict__.setdefault(
        "navigation", {"has_submenus": False, "seen_names": {}}
    )


def _pages(renderer: BlockRenderer) -> Iterable[PostSummary]:
    """get_pages( sort_column => menu_order,post_title ): the published pages."""
    return renderer.context.in_order("page", "page", False)


def _pages_nest(renderer: BlockRenderer) -> bool:
    """Whether a published page has a parent (once per export)."""
    return renderer.context.memo("pages-nest", lambda: any(p.parent for p in _pages(renderer)))


class Navigation:
    """WP_Navigation_Block_Renderer: one navigation block rendered."""

    def __init__(self, attrs: dict, block: ParsedBlock, renderer: BlockRenderer) -> None:
        self.attrs, self.block, self.renderer = attrs, block, renderer
        self.static = _navigation_state(renderer)

    # -- what the menu holds

    def inner_blocks(self) -> list:
        from .blocks import parse_blocks

        attrs = self.attrs
        blocks = list(self.block.inner_blocks)
        if "navigationMenuId" in attrs:
            attrs["ref"] = attrs["navigationMenuId"]
        if attrs.get("ref") is not None:
            post = self.renderer.context.navigations.get(_int(attrs["ref"]))
            blocks = [b for b in parse_blocks(post)] if post is not None else []
            blocks = [b for b in blocks if b.name is not None]
        if not blocks:
            blocks = self.fallback_blocks()
        return blocks

    def fallback_blocks(self) -> list:
        """block_core_navigation_get_fallback_blocks(): the newest wp_navigation menu
        of the export, else a page list."""
        from .blocks import ParsedBlock, parse_blocks

        page_list = [ParsedBlock("core/page-list", {}, [], "", [])]
        navigations = self.renderer.context.navigations
        if navigations:  # the newest (the highest id: they are created in order)
            newest = navigations[max(navigations)]
            blocks = [b for b in parse_blocks(newest) if b.name is not None]
            return blocks or page_list
        return classic_menu_blocks(self.renderer) or page_list

    def has_submenus(self, blocks: list) -> bool:
        if self.static["has_submenus"]:
            return True
        for b in blocks:
            if b.name == "core/page-list" and _pages_nest(self.renderer):
                self.static["has_submenus"] = True
            if b.name == "core/navigation-submenu":
                self.static["has_submenus"] = True
                break
        return self.static["has_submenus"]

    def is_responsive(self) -> bool:
        a = self.attrs
        return ("overlayMenu" in a and a["overlayMenu"] != "never") or bool(a.get("isResponsive"))

    def is_interactive(self, blocks: list) -> bool:
        has = self.has_submenus(blocks)
        click = block_core_navigation_get_submenu_visibility(self.attrs) == "click"
        icon = bool(self.attrs.get("showSubmenuIcon"))
        return (has and (click or icon)) or self.is_responsive()

    # -- classes and styles

    def colors(self) -> dict:
        a = self.attrs
        out: dict[str, Any] = {"css": [], "style": "", "overlay_css": [], "overlay_style": ""}
        for key, custom, kind, prop in (
            ("textColor", "customTextColor", "color", "color"),
            ("backgroundColor", "customBackgroundColor", "background-color", "background-color"),
        ):
            if key in a or custom in a:
                out["css"].append("has-text-color" if kind == "color" else "has-background")
            if key in a:
                out["css"].append(f"has-{a[key]}-{kind}")
            elif custom in a:
                out["style"] += f"{prop}: {a[custom]};"
        for key, custom, kind, prop in (
            ("overlayTextColor", "customOverlayTextColor", "color", "color"),
            (
                "overlayBackgroundColor",
                "customOverlayBackgroundColor",
                "background-color",
                "background-color",
            ),
        ):
            if key in a or custom in a:
                out["overlay_css"].append("has-text-color" if kind == "color" else "has-background")
            if key in a:
                out["overlay_css"].append(f"has-{a[key]}-{kind}")
            elif custom in a:
                out["overlay_style"] += f"{prop}: {a[custom]};"
        return out

    def font_sizes(self) -> tuple[list[str], str]:
        a = self.attrs
        if "fontSize" in a:
            return [f"has-{a['fontSize']}-font-size"], ""
        if "customFontSize" in a:
            return [], f"font-size: {a['customFontSize']}px;"
        return [], ""

    def layout_class(self) -> str:
        layout = self.attrs.get("layout") if isinstance(self.attrs.get("layout"), dict) else {}
        out = ""
        if layout.get("justifyContent") in ("left", "right", "center", "space-between"):
            out += f"items-justified-{layout['justifyContent']}"
        if layout.get("orientation") == "vertical":
            out += " is-vertical"
        if layout.get("flexWrap") == "nowrap":
            out += " no-wrap"
        return out

    def classes(self) -> str:
        colors = self.colors()
        sizes, _ = self.font_sizes()
        layout = self.layout_class()
        decoration = _dig(self.attrs, "style", "typography", "textDecoration")
        out = colors["css"] + sizes
        if self.is_responsive():
            out.append("is-responsive")
        if layout:
            out.append(layout)
        if decoration:
            out.append(f"has-text-decoration-{decoration}")
        return " ".join(out)

    def styles(self) -> str:
        _, size_style = self.font_sizes()
        return str(self.attrs.get("styles") or "") + self.colors()["style"] + size_style

    # -- markup

    def markup_for_inner_block(self, inner: ParsedBlock) -> str:
        html = self.renderer.render_block(copy_block(inner), None)
        if html and inner.name in ("core/site-title", "core/site-logo", "core/social-links"):
            return f'<li class="wp-block-navigation-item">{html}</li>'
        return html

    def inner_blocks_html(self, blocks: list) -> str:
        has = self.has_submenus(blocks)
        interactive = self.is_interactive(blocks)
        extra = {"class": f"wp-block-navigation__container {self.classes()}"}
        if self.styles():
            extra["style"] = self.styles()
        container = _wrapper(self.block, **extra)
        out, is_open = [], False
        saved = self.renderer.block_context
        self.renderer.block_context = dict(self.attrs)  # WP_Block_List( $blocks, $attributes )
        try:
            for inner in blocks:
                markup = self.markup_for_inner_block(inner)
                is_item = TagProcessor(markup).next_tag("li")
                if is_item and not is_open:
                    is_open = True
                    out.append(f"<ul {container}>")
                if not is_item and is_open:
                    is_open = False
                    out.append("</ul>")
                out.append(markup)
        finally:
            self.renderer.block_context = saved
        if is_open:
            out.append("</ul>")
        html = "".join(out)
        if has and interactive:
            p = TagProcessor(html)
            block_core_navigation_add_directives_to_submenu(p, self.attrs)
            html = p.get_updated_html()
        return html

    def unique_name(self) -> str:
        name = str(self.attrs.get("ariaLabel") or "")
        if not name and self.attrs.get("ref") is not None:
            ref = _int(self.attrs["ref"])
            if ref in self.renderer.context.navigations:
                name = self.renderer.context.navigation_titles.get(ref, "")
        seen = self.static["seen_names"]
        seen[name] = seen.get(name, 0) + 1
        return f"{name} {seen[name]}" if seen[name] > 1 else name

    def nav_attributes(self, blocks: list) -> str:
        extra = {"class": self.classes()}
        if self.styles():
            extra["style"] = self.styles()
        name = self.unique_name()
        if name:
            extra["aria-label"] = name
        wrapper = _wrapper(self.block, **extra)
        if self.is_responsive() and self.is_interactive(blocks):
            wrapper += (
                f"\n\t\t data-wp-interactive=\"core/navigation\" data-wp-context='{_NAV_CONTEXT}'"
            )
        return wrapper

    def responsive_container(self, blocks: list, inner_html: str) -> str:
        a = self.attrs
        interactive = self.is_interactive(blocks)
        colors = self.colors()
        modal = self.renderer.state.unique_id("modal-")
        hidden = a.get("overlayMenu") == "always"
        container_classes = ["wp-block-navigation__responsive-container"]
        if hidden:
            container_classes.append("hidden-by-default")
        container_classes.append(" ".join(colors["overlay_css"]))
        open_classes = "wp-block-navigation__responsive-container-open" + (
            " always-shown" if hidden else ""
        )
        with_icon = a.get("hasIcon") is True
        icon = _MENU_ICON if a.get("icon") == "menu" else _OPEN_ICON
        open_content = icon if with_icon else "Menu"
        close_content = _CLOSE_ICON if with_icon else "Close"
        open_label = 'aria-label="Open menu"' if with_icon else ""
        close_label = 'aria-label="Close menu"' if with_icon else ""
        d_open = d_container = d_dialog = d_close = d_content = ""
        if interactive:
            d_open = (
                '\n\t\t\t\tdata-wp-on--click="actions.openMenuOnClick"'
                '\n\t\t\t\tdata-wp-on--keydown="actions.handleMenuKeydown"\n\t\t\t'
            )
            d_container = (
                '\n\t\t\t\tdata-wp-class--has-modal-open="state.isMenuOpen"'
                '\n\t\t\t\tdata-wp-class--is-menu-open="state.isMenuOpen"'
                '\n\t\t\t\tdata-wp-watch="callbacks.initMenu"'
                '\n\t\t\t\tdata-wp-on--keydown="actions.handleMenuKeydown"'
                '\n\t\t\t\tdata-wp-on--focusout="actions.handleMenuFocusout"'
                '\n\t\t\t\ttabindex="-1"\n\t\t\t'
            )
            d_dialog = (
                '\n\t\t\t\tdata-wp-bind--aria-modal="state.ariaModal"'
                '\n\t\t\t\tdata-wp-bind--aria-label="state.ariaLabel"'
                '\n\t\t\t\tdata-wp-bind--role="state.roleAttribute"\n\t\t\t'
            )
            d_close = '\n\t\t\t\tdata-wp-on--click="actions.closeMenuOnClick"\n\t\t\t'
            d_content = '\n\t\t\t\tdata-wp-watch="callbacks.focusFirstElement"\n\t\t\t'
        from .kses import safecss_filter_attr

        overlay_style = esc_attr(safecss_filter_attr(colors["overlay_style"]))
        overlay_style = f'style="{overlay_style}"' if overlay_style else ""
        close = (
            f'<button {close_label} class="wp-block-navigation__responsive-container-close" '
            f"{d_close}>{close_content}</button>"
        )
        return (
            f'<button aria-haspopup="dialog" {open_label} class="{esc_attr(open_classes)}" '
            f"{d_open}>{open_content}</button>\n"
            f'\t\t\t\t<div class="{esc_attr(" ".join(container_classes).strip())}" '
            f'{overlay_style} id="{esc_attr(modal)}" {d_container}>\n'
            '\t\t\t\t\t<div class="wp-block-navigation__responsive-close" tabindex="-1">\n'
            f'\t\t\t\t\t\t<div class="wp-block-navigation__responsive-dialog" {d_dialog}>\n'
            f"\t\t\t\t\t\t\t{close}\n"
            '\t\t\t\t\t\t\t<div class="wp-block-navigation__responsive-container-content" '
            f'{d_content} id="{esc_attr(modal)}-content">\n'
            f"\t\t\t\t\t\t\t\t{inner_html}\n\t\t\t\t\t\t\t\t\n"
            "\t\t\t\t\t\t\t</div>\n\t\t\t\t\t\t</div>\n\t\t\t\t\t</div>\n\t\t\t\t</div>"
        )

    def render(self) -> str:
        a = self.attrs
        if "rgbTextColor" in a and not a.get("textColor"):
            a["customTextColor"] = a["rgbTextColor"]
        if "rgbBackgroundColor" in a and not a.get("backgroundColor"):
            a["customBackgroundColor"] = a["rgbBackgroundColor"]
        a.pop("rgbTextColor", None)
        a.pop("rgbBackgroundColor", None)
        blocks = self.inner_blocks()
        if _tree_has(blocks, "core/navigation"):
            return ""
        attributes = self.nav_attributes(blocks)
        inner = self.inner_blocks_html(blocks)
        if self.is_responsive():
            inner = self.responsive_container(blocks, inner)
        return f"<nav {attributes}>{inner}</nav>"


def _tree_has(blocks: list, name: str) -> bool:
    return any(b.name == name or _tree_has(b.inner_blocks, name) for b in blocks)


def block_core_navigation_add_directives_to_submenu(p: TagProcessor, attrs: dict) -> None:
    """The Interactivity API directives of every submenu (an LI with has-child)."""
    hover = block_core_navigation_get_submenu_visibility(attrs) == "hover"
    while p.next_tag("li"):
        if not p.has_class("has-child"):
            continue
        for name, value in (
            ("data-wp-interactive", "core/navigation"),
            ("data-wp-context", _SUBMENU_CONTEXT),
            ("data-wp-watch", "callbacks.initMenu"),
            ("data-wp-on--focusout", "actions.handleMenuFocusout"),
            ("data-wp-on--keydown", "actions.handleMenuKeydown"),
            ("tabindex", "-1"),
        ):
            p.set_attribute(name, value)
        if hover:
            p.set_attribute("data-wp-on--pointerenter", "actions.openMenuOnHover")
            p.set_attribute("data-wp-on--pointerleave", "actions.closeMenuOnHover")
        if _next_with_class(p, "button", "wp-block-navigation-submenu__toggle"):
            p.set_attribute("data-wp-on--click", "actions.toggleMenuOnClick")
            p.set_attribute("data-wp-bind--aria-expanded", "state.isSubmenuOpen")
            # WordPress then processes the directives on the server: state.isSubmenuOpen
            # has no server value, so the bound aria-expanded attribute is removed.
            p.remove_attribute("aria-expanded")
        if _next_with_class(p, "ul", "wp-block-navigation__submenu-container"):
            p.set_attribute("data-wp-on--focus", "actions.openMenuOnFocus")


def _next_with_class(p: TagProcessor, tag: str, cls: str) -> bool:
    while p.next_tag(tag):
        if p.has_class(cls):
            return True
    return False


def render_block_core_navigation(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    return Navigation({**_defaults(block), **attrs}, block, renderer).render()


def render_block_core_navigation_link(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """One link of a navigation menu (a submenu when it has inner links)."""
    is_post_type = attrs.get("kind") == "post-type" or attrs.get("type") in ("post", "page")
    if is_post_type and _is_numeric(attrs.get("id")):
        target = renderer.context.posts.get(_int(attrs["id"]))
        if target is None or target.status != "publish":
            return ""
    if not attrs.get("label"):
        return ""
    inner = "".join(renderer.render_block(copy_block(b), None) for b in block.inner_blocks)
    has_submenu = bool(inner.strip())
    kind = str(attrs.get("kind") or "post_type").replace("-", "_")
    current = renderer.post.id if renderer.post is not None else 0
    is_active = bool(attrs.get("id")) and _int(attrs["id"]) == current and kind == "post_type"
    css = " wp-block-navigation-item" + (" has-child" if has_submenu else "")
    css += " current-menu-item" if is_active else ""
    html = f'<li {_wrapper(block, css.strip())}><a class="wp-block-navigation-item__content" '
    if "url" in attrs:
        html += f' href="{esc_attr(str(attrs["url"]))}"'
    if is_active:
        html += ' aria-current="page"'
    if attrs.get("opensInNewTab") is True:
        html += ' target="_blank"  '
    if "rel" in attrs:
        html += f' rel="{esc_attr(str(attrs["rel"]))}"'
    elif attrs.get("nofollow"):
        html += ' rel="nofollow"'
    if "title" in attrs:
        html += f' title="{esc_attr(str(attrs["title"]))}"'
    # wp_kses_post() on label and description: the site's own markup, kept as it is.
    html += f'><span class="wp-block-navigation-item__label">{attrs["label"]}</span>'
    if attrs.get("description"):
        html += f'<span class="wp-block-navigation-item__description">{attrs["description"]}</span>'
    html += "</a>"
    if renderer.block_context.get("showSubmenuIcon") and has_submenu:
        html += f'<span class="wp-block-navigation__submenu-icon">{_SUBMENU_ICON}</span>'
    if has_submenu:
        html += f'<ul class="wp-block-navigation__submenu-container">{inner}</ul>'
    return html + "</li>"


def classic_menu_blocks(renderer: BlockRenderer) -> list:
    """WP_Navigation_Fallback's classic menu: the export's menu named "primary", else
    the newest, as WP_Classic_To_Block_Menu_Converter turns it into blocks."""
    from .blocks import ParsedBlock

    ctx = renderer.context
    items = ctx.menu_items
    if not items:
        return []
    menus = {t.slug: t.term_id for t in ctx.terms if t.taxonomy == "nav_menu"}
    for it in items:
        menus.setdefault(it.menu, 0)
    menu = "primary" if "primary" in menus else max(menus, key=lambda m: (menus[m], m))
    chosen = sorted((it for it in items if it.menu == menu), key=lambda it: (it.order, it.id))
    children: dict[int, list] = {}
    for it in chosen:
        children.setdefault(it.parent, []).append(it)

    def title_of(it: MenuItem) -> str:
        if it.title:
            return it.title
        if it.type == "post_type" and it.object_id in ctx.posts:
            return ctx.posts[it.object_id].title
        if it.type == "taxonomy":
            term = next((t for t in ctx.terms if t.term_id == it.object_id), None)
            return term.name if term is not None else ""
        return ""

    def url_of(it: MenuItem) -> str:
        if it.type == "post_type" and it.object_id in ctx.posts:
            return ctx.posts[it.object_id].link
        if it.type == "taxonomy":
            from .dynamic_blocks import _term_link

            term = next((t for t in ctx.terms if t.term_id == it.object_id), None)
            if term is not None:
                return _term_link(renderer, term.taxonomy, term.slug)
        return it.url

    def to_blocks(level: list) -> list:
        out = []
        for it in level:
            attrs: dict[str, Any] = {
                "description": it.description,
                "kind": (it.type or "custom").replace("_", "-"),
                "label": title_of(it),
                "opensInNewTab": it.target == "_blank",
                "title": it.attr_title,
                "type": it.object,
                "url": url_of(it),
            }
            if it.classes:
                attrs["className"] = it.classes
            if it.object != "custom" and it.object_id:
                attrs["id"] = it.object_id
            if it.xfn:
                attrs["rel"] = it.xfn
            inner = to_blocks(children.get(it.id, []))
            name = "core/navigation-submenu" if inner else "core/navigation-link"
            out.append(ParsedBlock(name, attrs, inner, "", [None] * len(inner)))
        return out

    return to_blocks(children.get(0, []))


def render_block_core_navigation_submenu(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """A menu item with a submenu: its link (or toggle) and the nested items."""
    is_post_type = attrs.get("kind") == "post-type" or attrs.get("type") in ("post", "page")
    if is_post_type and _is_numeric(attrs.get("id")):
        target = renderer.context.posts.get(_int(attrs["id"]))
        if target is None or target.status != "publish":
            return ""
    if not attrs.get("label"):
        return ""
    context = renderer.block_context
    inner = "".join(renderer.render_block(copy_block(b), None) for b in block.inner_blocks)
    has_submenu = bool(inner.strip())
    kind = str(attrs.get("kind") or "post_type").replace("-", "_")
    current = renderer.post.id if renderer.post is not None else 0
    is_active = bool(attrs.get("id")) and _int(attrs["id"]) == current and kind == "post_type"
    icons = bool(context.get("showSubmenuIcon"))
    visibility = block_core_navigation_get_submenu_visibility(context)
    classes = ["wp-block-navigation-item"]
    if has_submenu:
        classes.append("has-child")
    if visibility == "click":
        classes.append("open-on-click")
    if visibility == "hover" and icons:
        classes.append("open-on-hover-click")
    if visibility == "always":
        classes.append("open-always")
    if is_active:
        classes.append("current-menu-item")
    label = str(attrs["label"])  # wp_kses_post(): the site's own markup
    aria = esc_attr(f"{_strip_tags(label)} submenu")
    html = f"<li {_wrapper(block, ' '.join(classes))}>"
    description = (
        f'<span class="wp-block-navigation-item__description">{attrs["description"]}</span>'
        if attrs.get("description")
        else ""
    )
    if visibility != "click":
        html += '<a class="wp-block-navigation-item__content"'
        if attrs.get("url"):
            html += f' href="{esc_attr(str(attrs["url"]))}"'
        if is_active:
            html += ' aria-current="page"'
        if attrs.get("opensInNewTab") is True:
            html += ' target="_blank"  '
        if "rel" in attrs:
            html += f' rel="{esc_attr(str(attrs["rel"]))}"'
        elif attrs.get("nofollow"):
            html += ' rel="nofollow"'
        if "title" in attrs:
            html += f' title="{esc_attr(str(attrs["title"]))}"'
        html += f'><span class="wp-block-navigation-item__label">{label}</span>{description}</a>'
        if icons and has_submenu:
            html += (
                f'<button aria-label="{aria}" class="wp-block-navigation__submenu-icon '
                f'wp-block-navigation-submenu__toggle" aria-expanded="false">{_SUBMENU_ICON}'
                "</button>"
            )
    else:
        html += (
            f'<button aria-label="{aria}" class="wp-block-navigation-item__content '
            'wp-block-navigation-submenu__toggle" aria-expanded="false">'
            f'<span class="wp-block-navigation-item__label">{label}</span>{description}</button>'
        )
        if has_submenu:
            html += f'<span class="wp-block-navigation__submenu-icon">{_SUBMENU_ICON}</span>'
    if has_submenu:
        css = ["wp-block-navigation__submenu-container"]
        style = ""
        text = context.get("overlayTextColor")
        back = context.get("overlayBackgroundColor")
        custom_text = context.get("customOverlayTextColor")
        custom_back = context.get("customOverlayBackgroundColor")
        # wp_apply_colors_support() with the overlay colours: a preset as classes, a
        # custom colour inline.
        for preset, custom, kind, prop in (
            (text, custom_text, "color", "color"),
            (back, custom_back, "background-color", "background-color"),
        ):
            if preset or custom:
                css.append("has-text-color" if kind == "color" else "has-background")
            if preset:
                css.append(f"has-{preset}-{kind}")
            elif custom:
                style += f"{prop}:{custom};"
        if "current-menu-item" in inner[1:]:
            p = TagProcessor(html)
            while p.next_tag():
                if p.has_class("wp-block-navigation-item"):
                    p.add_class("current-menu-ancestor")
            html = p.get_updated_html()
        extra = {"class": " ".join(css)}
        if style:
            extra["style"] = style
        html += f"<ul {_wrapper(block, **extra)}>{inner}</ul>"
    return html + "</li>"


def block_core_page_list_build_css_colors(context: dict) -> dict:
    out: dict[str, Any] = {"css": [], "style": "", "overlay_css": [], "overlay_style": ""}
    text = _dig(context, "style", "color", "text")
    if "textColor" in context or "customTextColor" in context or text is not None:
        out["css"].append("has-text-color")
    if "textColor" in context:
        out["css"].append(f"has-{context['textColor']}-color")
    elif "customTextColor" in context:
        out["style"] += f"color: {context['customTextColor']};"
    elif text is not None:
        out["style"] += f"color: {text};"
    back = _dig(context, "style", "color", "background")
    if "backgroundColor" in context or "customBackgroundColor" in context or back is not None:
        out["css"].append("has-background")
    if "backgroundColor" in context:
        out["css"].append(f"has-{context['backgroundColor']}-background-color")
    elif "customBackgroundColor" in context:
        out["style"] += f"background-color: {context['customBackgroundColor']};"
    elif back is not None:
        out["style"] += f"background-color: {back};"
    if "overlayTextColor" in context or "customOverlayTextColor" in context:
        out["overlay_css"].append("has-text-color")
    if "overlayTextColor" in context:
        out["overlay_css"].append(f"has-{context['overlayTextColor']}-color")
    elif "customOverlayTextColor" in context:
        out["overlay_style"] += f"color: {context['customOverlayTextColor']};"
    if "overlayBackgroundColor" in context or "customOverlayBackgroundColor" in context:
        out["overlay_css"].append("has-background")
    if "overlayBackgroundColor" in context:
        out["overlay_css"].append(f"has-{context['overlayBackgroundColor']}-background-color")
    elif "customOverlayBackgroundColor" in context:
        out["overlay_style"] += f"background-color: {context['customOverlayBackgroundColor']};"
    return out


def _nested_page_list(
    visibility: str,
    icons: bool,
    in_navigation: bool,
    pages: list,
    children: dict,
    nested: bool,
    current: int,
    ancestors: set,
    colors: dict,
    depth: int = 0,
) -> str:
    """block_core_page_list_render_nested_page_list()."""
    out = []
    for page in pages:
        active = page.id == current
        css = " current-menu-item" if active else ""
        aria = ' aria-current="page"' if active else ""
        style = ""
        css += " current-menu-ancestor" if page.id in ancestors else ""
        kids = children.get(page.id)
        if kids:
            css += " has-child"
        if in_navigation:
            css += " wp-block-navigation-item"
            if visibility == "click":
                css += " open-on-click"
            elif visibility == "hover" and icons:
                css += " open-on-hover-click"
            elif visibility == "always":
                css += " open-always"
        content_class = " wp-block-navigation-item__content" if in_navigation else ""
        if (depth > 0 or nested) and colors is not None:
            css += " " + " ".join(colors["overlay_css"]).strip()
            if colors["overlay_style"]:
                style = f' style="{esc_attr(colors["overlay_style"])}"'
        title = page.title or "(no title)"
        label = f"{_strip_tags(title)} submenu"
        out.append(f'<li class="wp-block-pages-list__item{esc_attr(css)}"{style}>')
        if kids and in_navigation and visibility == "click":
            out.append(
                f'<button aria-label="{esc_attr(label)}" class="{esc_attr(content_class)} '
                f'wp-block-navigation-submenu__toggle" aria-expanded="false">{title}</button>'
                '<span class="wp-block-page-list__submenu-icon wp-block-navigation__submenu-icon">'
                f"{_SUBMENU_ICON}</span>"
            )
        else:
            out.append(
                f'<a class="wp-block-pages-list__item__link{esc_attr(content_class)}" '
                f'href="{esc_attr(page.link)}"{aria}>{title}</a>'
            )
        if kids:
            if in_navigation and icons and visibility != "click":
                out.append(
                    f'<button aria-label="{esc_attr(label)}" '
                    'class="wp-block-navigation__submenu-icon wp-block-navigation-submenu__toggle" '
                    f'aria-expanded="false">{_SUBMENU_ICON}</button>'
                )
            out.append('<ul class="wp-block-navigation__submenu-container">')
            out.append(
                _nested_page_list(
                    visibility,
                    icons,
                    in_navigation,
                    kids,
                    children,
                    nested,
                    current,
                    ancestors,
                    colors,
                    depth + 1,
                )
            )
            out.append("</ul>")
        out.append("</li>")
    return "".join(out)


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]*>", "", text).strip()


def render_block_core_page_list(
    attrs: dict, content: str, block: ParsedBlock, renderer: BlockRenderer
) -> str:
    """The site's published pages by menu order, nested under their parents; inside a
    navigation block, as its items (submenus, their toggles and classes)."""
    context = renderer.block_context
    pages = list(_pages(renderer))
    if not pages:
        return ""
    current = renderer.post.id if renderer.post is not None else 0
    by_id = {p.id: p for p in pages}
    children: dict[int, list] = {}
    top = []
    ancestors: set[int] = set()
    for page in pages:
        if page.id == current:
            parent = page.parent
            while parent and parent not in ancestors:
                ancestors.add(parent)
                parent = by_id[parent].parent if parent in by_id else 0
        (children.setdefault(page.parent, []) if page.parent else top).append(page)
    colors = block_core_page_list_build_css_colors(context)
    parent_id = _int(attrs.get("parentPageID", 0))
    if parent_id:
        if parent_id not in children:
            return ""
        top = children[parent_id]
    in_navigation = "showSubmenuIcon" in context
    visibility = block_core_navigation_get_submenu_visibility(context) if in_navigation else "hover"
    icons = bool(context.get("showSubmenuIcon")) if in_navigation else False
    nested = bool(context.get("core/isInsideSubmenu"))
    items = _nested_page_list(
        visibility, icons, in_navigation, top, children, nested, current, ancestors, colors
    )
    if nested:
        return items
    extra = {"class": " ".join(colors["css"])}
    if colors["style"]:
        extra["style"] = colors["style"]
    return f"<ul {_wrapper(block, **extra)}>{items}</ul>"
