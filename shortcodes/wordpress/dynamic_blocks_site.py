"""Dynamic blocks that list or link the site's other posts, ported from WordPress 7.1's
wp-includes/blocks/{query,post-template,query-pagination*,query-no-results,avatar,
post-author,post-navigation-link}.php and blocks.php (build_query_vars_from_query_block),
the export's posts (`ContentContext.posts`) standing in for WP_Query.

The page rendered is the post's own page (a single view), as WordPress's main query is
there: a loop that inherits the main query shows the post itself, with no pagination.
"""

from __future__ import annotations

import copy
import html as _html
import math
from typing import Any

from .context import PostContext, PostSummary
from .html_api import TagProcessor, esc_attr

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

    def __init__(self, renderer, post: PostContext, context: dict) -> None:
        self.renderer, self.post, self.context = renderer, post, context

    def __enter__(self):
        self.saved = self.renderer.post, self.renderer.block_context
        self.renderer.post = self.post
        self.renderer.block_context = {
            **self.context,
            "postId": self.post.id,
            "postType": self.post.post_type,
        }
        self.renderer.__dict__.pop("cache", None)  # per-post memo of the excerpt block
        return self

    def __exit__(self, *exc) -> None:
        self.renderer.post, self.renderer.block_context = self.saved
        self.renderer.__dict__.pop("cache", None)


def get_the_excerpt(renderer, post: PostContext, length: int = 55) -> str:
    """get_the_excerpt() of a listed post: its excerpt field, else wp_trim_excerpt()
    of its body (memoised per export: the same post listed by several blocks)."""
    from .dynamic_blocks import wp_trim_excerpt

    if post.excerpt:
        return post.excerpt

    def trimmed() -> str:
        with _InTheLoop(renderer, post, renderer.block_context):
            return wp_trim_excerpt(renderer, " [&hellip;]", length)

    return renderer.context.memo(("excerpt-of", post.id, length), trimmed)


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

    def __init__(self, renderer, args: dict) -> None:
        ctx = renderer.context
        post_type = args.get("post_type", "post")
        every = [
            p for p in ctx.posts.values() if p.post_type == post_type and p.status == "publish"
        ]
        posts = every
        excluded = set(args.get("post__not_in") or ())
        if args.get("exclude_sticky"):
            excluded |= {p.id for p in posts if p.sticky}
        if args.get("sticky_only"):
            posts = [p for p in posts if p.sticky]
        posts = [p for p in posts if p.id not in excluded]
        if "post_parent__in" in args:
            posts = [p for p in posts if p.parent in args["post_parent__in"]]
        for taxonomy, ids, operator in args.get("tax_query") or ():
            slugs = {t.slug for t in ctx.terms if t.taxonomy == taxonomy and t.term_id in ids}
            domains = ("post_tag", "tag") if taxonomy == "post_tag" else (taxonomy,)

            def has(p: PostSummary, slugs=slugs, domains=domains) -> bool:
                return any(tax in domains and slug in slugs for tax, slug, _ in p.terms)

            posts = [p for p in posts if has(p) == (operator == "IN")]
        if args.get("s"):
            words = str(args["s"]).lower().split()
            posts = [
                p
                for p in posts
                if all(w in (p.title + " " + p.excerpt + " " + p.content).lower() for w in words)
            ]
        descending = args.get("order", "DESC") == "DESC"
        orderby = args.get("orderby", "date")
        if orderby == "title":
            posts.sort(key=lambda p: (p.title.lower(), p.id), reverse=descending)
        elif orderby == "menu_order":
            posts.sort(key=lambda p: (p.menu_order, p.id), reverse=descending)
        else:
            posts.sort(key=lambda p: (p.date or _EPOCH, p.id), reverse=descending)
        self.found_posts = len(posts)
        per_page = args.get("posts_per_page")
        if per_page is None:
            per_page = 10  # get_option( 'posts_per_page' ) of a fresh install
        offset = args.get("offset", 0)
        page = posts[offset : offset + per_page] if per_page > 0 else posts[offset:]
        if not args.get("ignore_sticky_posts"):
            # A loop's WP_Query is "home" (nothing singular or archive is asked): the
            # sticky posts of its page first, then the other sticky posts, newest first,
            # whatever the loop filters (WP_Query::get_posts does not apply them there).
            on_page = [p for p in page if p.sticky]
            others = sorted(
                (
                    p
                    for p in every
                    if p.sticky
                    and p not in on_page
                    and p.id not in (args.get("post__not_in") or ())
                ),
                key=lambda p: (p.date or _EPOCH, p.id),
                reverse=True,
            )
            page = on_page + others + [p for p in page if not p.sticky]
        self.posts = page
        self.max_num_pages = math.ceil(self.found_posts / per_page) if per_page > 0 else 1


import datetime as _dt  # noqa: E402

_EPOCH = _dt.datetime(1970, 1, 1)


def _main_query(renderer) -> list[PostContext]:
    """The main query of the post's own page: the post itself."""
    return [renderer.post] if renderer.post is not None else []


def _page_key(context: dict) -> str:
    return f"query-{context['queryId']}-page" if "queryId" in context else "query-page"


def _wrapper(block, classes: str = "", **extra: str) -> str:
    from .dynamic_blocks import _wrapper as wrapper

    return wrapper(block, classes, **extra)


# -- query, post-template, pagination, no results -----------------------------------------


def render_block_core_query(attrs: dict, content: str, block, renderer) -> str:
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


def get_post_class(renderer, post: PostContext, css_class: str = "") -> str:
    """get_post_class() on a single view (no 'sticky': the main query is not home)."""
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
    taxonomies = (("category", ("category",)), ("post_tag", ("post_tag", "tag")))
    if post.post_type == "post":
        taxonomies += (("post_format", ("post_format",)),)
    elif post.post_type != "page":
        taxonomies = ()
    for taxonomy, domains in taxonomies if post.post_type == "post" else ():
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
    import re
    from urllib.parse import quote

    text = re.sub(r"%[a-fA-F0-9][a-fA-F0-9]", "", quote(text, safe="-_"))
    return re.sub(r"[^A-Za-z0-9_-]", "", text)


def render_block_core_post_template(attrs: dict, content: str, block, renderer) -> str:
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
        instance = copy.deepcopy(block)
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


def render_block_core_query_pagination(attrs: dict, content: str, block, renderer) -> str:
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


def _block_query(renderer) -> WPQuery:
    current = renderer.post.id if renderer.post is not None else 0
    args = build_query_vars_from_query_block(renderer.block_context, 1, current)
    return WPQuery(renderer, args)


def render_block_core_query_pagination_numbers(attrs: dict, content: str, block, renderer) -> str:
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


def _arrow(renderer, is_next: bool) -> str:
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


def render_block_core_query_pagination_next(attrs: dict, content: str, block, renderer) -> str:
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


def render_block_core_query_pagination_previous(attrs: dict, content: str, block, renderer) -> str:
    return ""  # page 1 of the loop: there is no previous page


def render_block_core_query_no_results(attrs: dict, content: str, block, renderer) -> str:
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


def _author_of(renderer) -> str:
    """The login of the post the block is about (its postId context, else the page's)."""
    post = renderer.post
    return post.author if post is not None else ""


def _display_name(renderer, login: str) -> str:
    author = renderer.context.authors.get(login)
    return author.display_name if author is not None and author.display_name else login


def get_author_posts_url(renderer, login: str) -> str:
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
    from .block_supports import wp_style_engine_get_styles

    border = _dig(attrs, "style", "border") or {}
    styles: dict[str, Any] = {k: border[k] for k in ("radius", "style", "width") if k in border}
    preset = f"var:preset|color|{attrs['borderColor']}" if "borderColor" in attrs else None
    styles["color"] = preset or border.get("color")
    for side in ("top", "right", "bottom", "left"):
        value = border.get(side) if isinstance(border.get(side), dict) else {}
        styles[side] = {k: value.get(k) for k in ("color", "style", "width")}
    classes, css = wp_style_engine_get_styles({"border": styles})
    return " ".join(classes), css


def render_block_core_avatar(attrs: dict, content: str, block, renderer) -> str:
    """The post author's avatar (the Gravatar default picture), linked if asked."""
    size = _int(attrs.get("size", 96)) or 96
    wrapper = _wrapper(block)
    border_class, border_style = get_block_core_avatar_border_attributes(attrs)
    image_classes = "wp-block-avatar__image" + (f" {border_class}" if border_class else "")
    image_styles = f' style="{esc_attr(border_style)}"' if border_style else ""
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


def render_block_core_post_author(attrs: dict, content: str, block, renderer) -> str:
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


def _defaults(block) -> dict:
    from .block_supports import block_type

    bt = block_type(block.name)
    return dict(bt[2]) if bt else {}


# -- previous / next post -----------------------------------------------------------------


def get_adjacent_post(renderer, previous: bool, taxonomy: str = "") -> PostSummary | None:
    """get_adjacent_post(): the published post of the same type just before (or after)
    this one by date, then id; with `taxonomy`, one sharing a term of it."""
    post = renderer.post
    if post is None or post.date is None:
        return None
    key = (post.date, post.id)
    domains = ("post_tag", "tag") if taxonomy == "post_tag" else (taxonomy,)
    terms = {slug for tax, slug, _ in post.terms if tax in domains} if taxonomy else set()
    best = None
    for p in renderer.context.posts.values():
        if p.post_type != post.post_type or p.status != "publish" or p.date is None:
            continue
        k = (p.date, p.id)
        if (k >= key) if previous else (k <= key):
            continue
        if taxonomy and not any(tax in domains and slug in terms for tax, slug, _ in p.terms):
            continue
        if best is None or ((k > (best.date, best.id)) if previous else (k < (best.date, best.id))):
            best = p
    return best


def get_adjacent_post_link(renderer, fmt: str, link: str, previous: bool, taxonomy: str) -> str:
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


def render_block_core_post_navigation_link(attrs: dict, content: str, block, renderer) -> str:
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
