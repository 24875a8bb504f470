"""WordPress 7.1's the_content chain beyond texturize/autop: blocks with their supports,
core shortcodes from the export's attachments, embeds, smilies, responsive images and
the single-page view of <!--more--> and <!--nextpage-->."""

from __future__ import annotations

import datetime as dt
import json
import re

from shortcodes.wordpress.block_supports import RenderState
from shortcodes.wordpress.blocks import do_blocks
from shortcodes.wordpress.content import the_content_chain
from shortcodes.wordpress.context import Attachment, ContentContext, PostContext
from shortcodes.wordpress.formatting_more import capital_P_dangit, convert_smilies
from shortcodes.wordpress.html_api import TagProcessor
from shortcodes.wordpress.media import wp_filter_content_tags

CARD = ("covid19-ultimate-card",)


def _context() -> ContentContext:
    ctx = ContentContext()
    ctx.site.home = "https://example.org"
    for n, (aid, order) in enumerate([(12, 2), (11, 1), (13, 0)]):
        ctx.attachments[aid] = Attachment(
            aid,
            f"https://example.org/wp-content/uploads/img{aid}.jpg",
            parent=5,
            mime_type="image/jpeg",
            title=f"img{aid}",
            caption="A caption" if aid == 11 else "",
            alt=f"alt {aid}",
            metadata={"width": 1200, "height": 800 + n, "file": f"img{aid}.jpg", "sizes": {}},
            menu_order=order,
        )
    return ctx


def _chain(text: str, post: PostContext | None = None, ctx: ContentContext | None = None):
    state = RenderState()
    html = the_content_chain(text, CARD, post=post, context=ctx or _context(), state=state)
    return html, state


# -- the single page ------------------------------------------------------------------


def test_more_becomes_the_anchor_links_point_at():
    html, _ = _chain("Teaser\n<!--more-->\nRest", PostContext(id=42))
    assert '<span id="more-42"></span>' in html and "Teaser" in html and "Rest" in html


def test_a_paged_post_shows_its_first_page():
    html, _ = _chain("One\n<!--nextpage-->\nTwo", PostContext(id=1))
    assert "One" in html and "Two" not in html


# -- core shortcodes ------------------------------------------------------------------


def test_caption_is_a_figure_with_its_caption():
    text = (
        '[caption id="attachment_11" align="alignleft" width="300"]'
        '<img class="size-medium wp-image-11" src="a.jpg" width="300" height="200" />'
        " Bell on wharf[/caption]"
    )
    html, _ = _chain(text, PostContext(id=5))
    assert '<figure id="attachment_11" aria-describedby="caption-attachment-11"' in html
    assert 'style="width: 300px" class="wp-caption alignleft"' in html
    assert '<figcaption id="caption-attachment-11" class="wp-caption-text">Bell on wharf' in html
    assert "[caption" not in html


def test_gallery_without_ids_shows_the_posts_attachments_in_menu_order():
    html, _ = _chain('[gallery columns="2"]', PostContext(id=5))
    assert "gallery-columns-2" in html and "galleryid-5" in html
    order = [html.index(f"img{n}.jpg") for n in (13, 11, 12)]
    assert order == sorted(order)
    # the captioned image is described by its caption
    assert 'aria-describedby="gallery-1-11"' in html and "id='gallery-1-11'" in html


def test_gallery_ids_keep_their_order_and_link_file_points_at_the_file():
    html, _ = _chain('[gallery ids="12,13" link="file"]', PostContext(id=5))
    assert html.index("img12.jpg") < html.index("img13.jpg") and "img11.jpg" not in html
    assert "<a href='https://example.org/wp-content/uploads/img12.jpg'>" in html


def test_unknown_shortcodes_stay_as_wordpress_leaves_them():
    html, _ = _chain("[acme_widget id=1]", PostContext(id=5))
    assert "[acme_widget id=1]" in html


# -- embeds -----------------------------------------------------------------------------


def test_a_url_alone_uses_the_oembed_cache_or_becomes_a_link():
    import hashlib

    url = "https://www.youtube.com/watch?v=abc"
    key = (
        "_oembed_"
        + hashlib.md5((url + 'a:2:{s:5:"width";i:500;s:6:"height";i:750;}').encode()).hexdigest()
    )
    cached = PostContext(id=5, meta={key: '<iframe title="cached"></iframe>'})
    html, _ = _chain(f"Intro\n\n{url}\n\nOutro", cached)
    assert '<iframe title="cached"></iframe>' in html and "<a href" not in html
    # The provider cannot be reached: the URL stays as written, [embed] makes a link.
    html, _ = _chain(f"Intro\n\n{url}\n\nOutro", PostContext(id=5))
    assert f"<p>{url}</p>" in html
    html, _ = _chain(f"[embed]{url}[/embed]", PostContext(id=5))
    assert f'<a href="{url}">{url}</a>' in html


# -- formatting -------------------------------------------------------------------------


def test_smilies_become_emoji_but_not_in_code():
    assert convert_smilies("Hi :) <code>:)</code>") == "Hi \U0001f642 <code>:)</code>"
    assert convert_smilies("x:)") == "x:)"  # a smiley needs a space before it


def test_capital_p_dangit():
    assert capital_P_dangit("I love Wordpress") == "I love WordPress"
    assert capital_P_dangit("Wordpress.org") == "Wordpress.org"


# -- wp_filter_content_tags -------------------------------------------------------------


def test_images_load_lazily_after_the_first_three_and_get_their_dimensions():
    ctx = _context()
    imgs = "".join(f'<p><img src="i{n}.jpg" width="10" height="10" /></p>' for n in range(4))
    out = wp_filter_content_tags(imgs, ctx, RenderState())
    assert out.count('decoding="async"') == 4 and out.count('loading="lazy"') == 1
    big = '<img class="wp-image-12" src="https://example.org/wp-content/uploads/img12.jpg" />'
    out = wp_filter_content_tags(big, ctx, RenderState())
    assert 'width="1200" height="800"' in out and 'fetchpriority="high"' in out


# -- blocks -----------------------------------------------------------------------------


def test_block_supports_as_wordpress_renders_them():
    text = (
        '<!-- wp:group {"layout":{"type":"flex","flexWrap":"nowrap","verticalAlignment":"top"}}'
        ' --><div class="wp-block-group"><!-- wp:paragraph {"style":{"elements":{"link":'
        '{"color":{"text":"red"}}}}} --><p class="has-link-color">a</p><!-- /wp:paragraph -->'
        "</div><!-- /wp:group -->"
    )
    state = RenderState()
    html = do_blocks(text, state)
    # The container class is WordPress's own hash (seen in its output for this block).
    assert (
        '<div class="wp-block-group is-nowrap is-layout-flex '
        'wp-container-core-group-is-layout-40af6500 wp-block-group-is-layout-flex">'
    ) in html
    assert '<p class="has-link-color wp-elements-1 wp-block-paragraph">a</p>' in html
    css = state.stylesheet()
    assert ".wp-container-core-group-is-layout-40af6500{flex-wrap:nowrap;" in css
    assert "align-items:flex-start" in css


def test_dynamic_blocks_take_the_posts_data_and_unknown_ones_are_reported():
    ctx = _context()
    post = PostContext(
        id=7, title="Cairo update", date=dt.datetime(2021, 6, 2, 10, 0), link="https://e/x/"
    )
    state = RenderState()
    html = do_blocks(
        '<!-- wp:post-title {"isLink":true} /--><!-- wp:acme/chart /-->', state, ctx, post
    )
    assert '<h2 class="wp-block-post-title"><a href="https://e/x/" target="_self" >' in html
    assert "Cairo update</a></h2>" in html
    assert [d[0] for d in state.diagnostics] == ["dynamic-block"]


def test_tag_processor_edits_where_wordpress_does():
    p = TagProcessor('<p style="x">a</p><p class="b">c</p>')
    assert p.next_tag("p")
    p.add_class("new")
    assert p.next_tag("p")
    p.add_class("more")
    assert p.get_updated_html() == '<p class="new" style="x">a</p><p class="b more">c</p>'


def test_a_failure_of_the_chain_on_one_post_does_not_stop_the_run(tmp_path, monkeypatch):
    """A bug met by one post: that post printed with autop only, and reported."""
    from wxrfactory import export, item

    import shortcodes.wordpress.content as content
    from shortcodes.convert import ConvertOptions, convert

    real = content.the_content_chain

    def flaky(text, *args, **kwargs):
        if "boom" in text:
            raise RuntimeError("boom")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(content, "the_content_chain", flaky)
    path = tmp_path / "e.xml"
    path.write_text(
        export(item(post_id="1", slug="a", content="boom here"), item(post_id="2", slug="b")),
        encoding="utf-8",
    )
    report = convert(path, tmp_path / "site", ConvertOptions())
    codes = {p.id: [d.code for d in p.diagnostics] for p in report.posts}
    assert "content-chain-failed" in codes[1] and "content-chain-failed" not in codes[2]
    pages = "".join(p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "<p>boom here</p>" in pages


def test_srcset_and_sizes_come_from_the_attachment_metadata():
    ctx = ContentContext()
    ctx.attachments[5] = Attachment(
        5,
        "https://e/u/a.jpg",
        metadata={
            "width": 1200,
            "height": 800,
            "file": "a.jpg",
            "sizes": {
                "medium": {"file": "a-300x200.jpg", "width": 300, "height": 200},
                "thumbnail": {"file": "a-150x150.jpg", "width": 150, "height": 150},
            },
        },
    )
    out = wp_filter_content_tags(
        '<img class="wp-image-5" src="https://e/u/a-300x200.jpg" />', ctx, RenderState()
    )
    assert 'width="300" height="200"' in out
    # the square thumbnail has another shape: not a candidate
    assert 'srcset="https://e/u/a-300x200.jpg 300w, https://e/u/a.jpg 1200w"' in out
    assert out.endswith(' sizes="(max-width: 300px) 100vw, 300px" />')


def test_srcset_lists_the_sizes_of_the_same_shape_the_source_first():
    """wp_calculate_image_srcset(): sizes within a pixel of the image's aspect ratio,
    none wider than 2048px, the file the src names first; a crop is left out."""
    ctx = ContentContext()
    ctx.site.uploads_baseurl = "https://example.org/wp-content/uploads"
    meta = {
        "width": 3000,
        "height": 2000,
        "file": "2021/06/cairo.jpg",
        "sizes": {
            "thumbnail": {"file": "cairo-150x150.jpg", "width": 150, "height": 150},
            "medium": {"file": "cairo-300x200.jpg", "width": 300, "height": 200},
            "large": {"file": "cairo-1024x683.jpg", "width": 1024, "height": 683},
            "2048x2048": {"file": "cairo-2048x1365.jpg", "width": 2048, "height": 1365},
        },
    }
    ctx.attachments[5] = Attachment(
        5, "https://example.org/wp-content/uploads/2021/06/cairo.jpg", metadata=meta
    )
    img = (
        '<img src="https://example.org/wp-content/uploads/2021/06/cairo-1024x683.jpg" '
        'width="1024" height="683" class="wp-image-5">'
    )
    html = wp_filter_content_tags(img, ctx, RenderState())
    srcset = re.search(r'srcset="([^"]*)"', html)[1].split(", ")
    base = "https://example.org/wp-content/uploads/2021/06/"
    assert srcset == [
        f"{base}cairo-1024x683.jpg 1024w",
        f"{base}cairo-300x200.jpg 300w",
        f"{base}cairo-2048x1365.jpg 2048w",
    ]  # no square thumbnail, no 3000px original
    assert 'sizes="(max-width: 1024px) 100vw, 1024px"' in html
    other = img.replace("cairo-1024x683.jpg", "elsewhere.jpg")
    assert "srcset" not in wp_filter_content_tags(other, ctx, RenderState())


def test_a_playlist_lists_the_posts_audio_as_wordpress_prints_it():
    ctx = _context()
    for aid, order in ((21, 2), (22, 1)):
        ctx.attachments[aid] = Attachment(
            aid,
            f"https://example.org/wp-content/uploads/news{aid}.mp3",
            parent=5,
            mime_type="audio/mpeg",
            title=f"Bulletin <{aid}>",
            metadata={"artist": "Radio Cairo", "length_formatted": "3:05"},
            menu_order=order,
        )
    html, _ = _chain("[playlist]", PostContext(id=5, title="Audio"), ctx)
    assert html.startswith(
        '<div class="wp-playlist wp-audio-playlist wp-playlist-light">\n'
        '\t\t\t<div class="wp-playlist-current-item"></div>\n'
        '\t\t<audio controls="controls" preload="none" width="640"\n\t\t\t></audio>'
    )
    # the noscript list links each file, in menu order; the tracks' JSON hides its tags
    links = re.findall(r"<li><a href='([^']*)'>([^<]*)", html)
    assert links == [
        ("https://example.org/wp-content/uploads/news22.mp3", "Bulletin "),
        ("https://example.org/wp-content/uploads/news21.mp3", "Bulletin "),
    ]  # its title, as WordPress prints it (raw)
    data = json.loads(re.search(r'class="wp-playlist-script">(.*?)</script>', html)[1])
    assert [t["title"] for t in data["tracks"]] == ["Bulletin <22>", "Bulletin <21>"]
    assert data["tracks"][0]["meta"] == {"artist": "Radio Cairo", "length_formatted": "3:05"}
    assert "<22>" not in html.split("wp-playlist-script")[1]  # JSON_HEX_TAG
    assert _chain("[playlist type=video]", PostContext(id=5), ctx)[0].strip() == ""  # no video


def test_site_blocks_render_a_blank_site_without_the_exports_data():
    # do_blocks() without a context (the public API's default) renders the site's
    # blocks as on a fresh site, as the_content_chain does, instead of failing.
    html = do_blocks(
        "<!-- wp:site-title /--><!-- wp:categories /--><!-- wp:latest-posts /-->"
        "<!-- wp:archives /--><!-- wp:calendar /-->"
    )
    assert '<li class="cat-item-none">No categories</li>' in html
    assert '<ul class="wp-block-latest-posts__list' in html
    assert "No archives to show." in html
    assert "wp-block-site-title" not in html  # a blank site has no title to print
