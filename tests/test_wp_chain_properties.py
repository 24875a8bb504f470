"""Whatever a post holds, the content chain renders it: no exception for odd block
attributes, broken delimiters or shortcodes (one bad post never stops the others)."""

from __future__ import annotations

import json

from hypothesis import example, given, settings
from hypothesis import strategies as st

from shortcodes.wordpress.block_supports import RenderState
from shortcodes.wordpress.content import the_content_chain
from shortcodes.wordpress.context import Attachment, ContentContext, PostContext
from shortcodes.wordpress.html_api import TagProcessor

NAMES = [
    "paragraph",
    "group",
    "columns",
    "column",
    "image",
    "gallery",
    "heading",
    "list",
    "cover",
    "post-title",
    "post-date",
    "post-terms",
    "post-excerpt",
    "latest-posts",
    "archives",
    "page-list",
    "categories",
    "post-featured-image",
    "footnotes",
    "quote",
    "buttons",
    "button",
    "navigation",
    "acme/thing",
    "read-more",
    "site-title",
]
KEYS = [
    "layout",
    "style",
    "className",
    "align",
    "lightbox",
    "id",
    "type",
    "level",
    "isLink",
    "textAlign",
    "fontSize",
    "textColor",
    "categories",
    "postsToShow",
    "format",
    "displayType",
    "term",
    "dimRatio",
    "aspectRatio",
    "width",
    "displayAsDropdown",
]
VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 9)
    | st.sampled_from(
        [
            "flex",
            "constrained",
            "grid",
            "nowrap",
            "var:preset|spacing|50",
            "is-style-plain x",
            "wp-elements-1",
            "",
            'a"b',
            "<b>",
            "Y-m-d",
            "modified",
            "category",
            "auto",
            "16/9",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                KEYS
                + [
                    "elements",
                    "link",
                    "color",
                    "text",
                    "spacing",
                    "blockGap",
                    "padding",
                    "top",
                    "background",
                    "backgroundImage",
                    "url",
                    "dimensions",
                    "minHeight",
                    "typography",
                    "border",
                    "radius",
                    "duotone",
                    "enabled",
                ]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=8,
)


@st.composite
def blocks(draw, depth=0):
    name = draw(st.sampled_from(NAMES))
    attrs = draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=3))
    head = f"<!-- wp:{name} {json.dumps(attrs)} " if attrs else f"<!-- wp:{name} "
    if draw(st.booleans()):
        return head + "/-->"
    inner = ""
    if depth < 2:
        inner = "".join(draw(st.lists(blocks(depth + 1), max_size=2)))
    html = draw(
        st.sampled_from(
            [
                "<p>x</p>",
                '<div class="a">',
                '<figure><img src="i.jpg">',
                '[caption width="9"]<img src="c"> t[/caption]',
                '[gallery ids="1,x"]',
                "http://e.org/v",
                ":) ",
                "",
            ]
        )
    )
    return f"{head}-->{html}{inner}{html[:3]}<!-- /wp:{name} -->"


def _context() -> ContentContext:
    ctx = ContentContext()
    ctx.attachments[1] = Attachment(1, "https://e/1.jpg", 5, "image/jpeg", "t", "c", "", "a")
    return ctx


@settings(max_examples=200, deadline=None)
@given(
    st.lists(blocks(), max_size=4).map("".join),
    st.sampled_from(["", "<!--more-->", "\n<!--nextpage-->\n"]),
)
# Found by this test: a border that is a number, not an object (TypeError before).
@example(
    '<!-- wp:post-featured-image {"style": {"border": 1}} -->'
    "<p>x</p><!-- /wp:post-featured-image -->",
    "",
)
@example('<!-- wp:avatar {"style": {"border": "1px"}} /-->', "")
def test_the_chain_never_raises(text, split):
    post = PostContext(id=5, title="T", content=text, thumbnail_id=1)
    html = the_content_chain(
        text + split + text,
        ("covid19-ultimate-card",),
        post=post,
        context=_context(),
        state=RenderState(),
    )
    assert isinstance(html, str)


@given(st.text(alphabet="<>/=\"' abcp-", max_size=60), st.text(alphabet='ab "<', max_size=5))
def test_tag_processor_never_raises_and_keeps_text_outside_tags(html, cls):
    p = TagProcessor(html)
    while p.next_tag():
        p.add_class(cls or "x")
        p.set_attribute("data-x", cls)
    assert isinstance(p.get_updated_html(), str)
