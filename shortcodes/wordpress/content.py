"""The core of WordPress's `the_content` filter chain."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .block_supports import RenderState
from .blocks import do_blocks, has_blocks
from .context import ContentContext, PostContext
from .formatting import shortcode_unautop, wpautop, wptexturize
from .shortcodes import Handler, do_shortcode


def the_content(text: str, handlers: Mapping[str, Handler]) -> str:
    """do_shortcode(shortcode_unautop(wpautop(wptexturize(text)))), as WordPress runs it.

    The registered tags (the keys of `handlers`) are protected from texturize and
    unautop, as WordPress protects its registered shortcodes. Blocks, smilies,
    ``capital_P_dangit`` and responsive images are not applied.
    """
    tags = tuple(handlers)
    text = wptexturize(text, tags)
    text = wpautop(text)
    text = shortcode_unautop(text, tags)
    return do_shortcode(text, handlers)


_MORE = re.compile(r"<!--more(.*?)?-->")
_MORE_BLOCK = re.compile(r"<!-- /?wp:more(.*?) -->")


def get_the_content(content: str, post: PostContext | None) -> str:
    """What get_the_content() hands the filters on the post's own page: page
    `post.page` of a <!--nextpage--> post, <!--more--> turned into its anchor."""
    pages = split_pages(content)
    page = post.page if post is not None else 1
    content = pages[min(max(page, 1), len(pages)) - 1]
    m = _MORE.search(content)
    if m is None:
        return content
    if "<!-- wp:more" in content:
        content = _MORE_BLOCK.sub("", content)
        m = _MORE.search(content)
        if m is None:
            return content
    teaser, _, rest = content.partition(m[0])
    if "<!--noteaser-->" in content and (post is None or post.page == 1):
        teaser = ""
    post_id = post.id if post is not None else 0
    return f'{teaser}<span id="more-{post_id}"></span>{rest}'


def split_pages(content: str) -> list[str]:
    """The pages of a <!--nextpage--> post, as setup_postdata() splits them."""
    if "<!--nextpage-->" not in content:
        return [content]
    content = content.replace("\n<!--nextpage-->\n", "<!--nextpage-->")
    content = content.replace("\n<!--nextpage-->", "<!--nextpage-->")
    content = content.replace("<!--nextpage-->\n", "<!--nextpage-->")
    content = content.replace("<!-- wp:nextpage -->", "").replace("<!-- /wp:nextpage -->", "")
    if content.startswith("<!--nextpage-->"):
        content = content[15:]
    return content.split("<!--nextpage-->")


def the_content_chain(
    content: str,
    tags: tuple[str, ...],
    *,
    post: PostContext | None = None,
    context: ContentContext | None = None,
    state: RenderState | None = None,
) -> str:
    """apply_filters('the_content', get_the_content()) of WordPress 7.1 in its order of
    priorities, the shortcodes in `tags` (the card) left for the caller to render:

    8 [embed] and autoembed, 9 do_blocks, 10 wptexturize, wpautop (not for block
    posts), shortcode_unautop, prepend_attachment, 11 capital_P_dangit, do_shortcode
    (core shortcodes), 12 wp_filter_content_tags, 20 convert_smilies.
    """
    from .embed import autoembed, run_embed_shortcode
    from .formatting_more import capital_P_dangit, convert_smilies
    from .media import core_shortcode_handlers, prepend_attachment, wp_filter_content_tags

    state = state if state is not None else RenderState()
    context = context if context is not None else ContentContext()
    if post is not None:
        content = get_the_content(content, post)
    handlers = core_shortcode_handlers(context, post, state)
    registered = tuple(handlers) + tuple(tags)
    blocks = has_blocks(content)
    content = run_embed_shortcode(content, context, post, registered)
    content = autoembed(content, context, post, registered)
    if blocks:
        content = do_blocks(content, state, context, post, registered)
    content = wptexturize(content, registered)
    if not blocks:
        content = wpautop(content)
    content = shortcode_unautop(content, registered)
    content = prepend_attachment(content, context, post)
    content = capital_P_dangit(content)
    if "[" in content:
        content = do_shortcode(content, handlers)
    content = wp_filter_content_tags(content, context, state)
    if context.site.use_smilies:
        content = convert_smilies(content)
    if post is not None:  # the_content() itself
        content = content.replace("]]>", "]]&gt;")
    return content
