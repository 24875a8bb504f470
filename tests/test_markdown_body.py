"""markdown_body: a post's HTML as Markdown, read back by a CommonMark parser
(markdown-it-py, with GFM tables) to the same text and structure."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from shortcodes.markdown_body import neutralise_hugo, to_markdown

markdown_it = pytest.importorskip("markdown_it")
COMMONMARK = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def text(html: str) -> str:
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    return re.sub(r"\s+", "", root.text_content())


def rendered(markdown: str):
    return lxml_html.fragment_fromstring(COMMONMARK.render(markdown), create_parent="div")


def same_text(html: str, **kw) -> str:
    markdown = to_markdown(html, **kw)
    assert text(COMMONMARK.render(markdown)) == text(html)
    return markdown


def test_arabic_paragraphs_emphasis_and_links_become_markdown():
    html = '<p dir="rtl">أعلنت <strong>وزارة الصحة</strong> في <a href="/مصر/">مصر</a>، اليوم.</p>'
    md = same_text(html, direction="rtl")
    assert md == "أعلنت **وزارة الصحة** في [مصر](/مصر/)، اليوم.\n" or "](/%D9" in md
    # A direction other than the site's is kept, as HTML.
    assert to_markdown(html, direction="ltr").startswith('<p dir="rtl">')


def test_text_that_looks_like_markdown_stays_text():
    html = (
        "<p># not a heading</p><p>1. not a list</p><p>*not emphasis* _nor this_ "
        "[not](a link) `not code` &lt;b&gt;not a tag&lt;/b&gt; &amp;amp; | pipe ~~x~~ $$y$$</p>"
        "<p>- dash</p><p>+ plus</p><p>&gt; not a quote</p><p>: not a definition</p>"
    )
    md = same_text(html)
    root = rendered(md)
    assert [e.tag for e in root] == ["p"] * 7  # paragraphs only: nothing became syntax


def test_nested_lists_keep_their_levels():
    html = "<ol><li>one<ul><li>a<ol><li>i</li><li>ii</li></ol></li></ul></li><li>two</li></ol>"
    md = same_text(html)
    root = rendered(md)
    assert root.xpath("count(/div/ol/li)") == 2
    assert root.xpath("string(/div/ol/li[1]/ul/li/ol/li[2])") == "ii"


def test_two_lists_in_a_row_stay_two():
    md = same_text("<ol><li>a</li></ol><ol><li>b</li></ol>")
    assert len(rendered(md).findall("ol")) == 2
    assert "1)" not in md  # kramdown knows no ")" marker


def test_tables_with_a_header_row_become_gfm_tables():
    html = (
        "<table><thead><tr><th>البلد</th><th>الحالات</th></tr></thead>"
        "<tbody><tr><td>مصر</td><td><em>1|2</em></td></tr></tbody></table>"
    )
    md = same_text(html)
    assert md.startswith("| البلد")
    assert rendered(md).xpath("string(//td[2]/em)") == "1|2"


def test_tables_markdown_cannot_say_stay_html():
    for html in (
        "<table><tr><td>no</td><td>header</td></tr></table>",
        '<table><tr><th colspan="2">span</th></tr><tr><td>a</td><td>b</td></tr></table>',
        "<table><tr><th>x</th></tr><tr><td><p>block</p></td></tr></table>",
    ):
        assert same_text(html).startswith("<table>")


def test_pre_keeps_its_lines_and_code_its_backticks():
    html = "<p>Poem:</p>\n<pre>  first line\n\n    indented ``` line\n</pre>"
    md = same_text(html)
    pre = rendered(md).find(".//pre")
    assert pre.text_content() == "  first line\n\n    indented ``` line\n"


def test_the_card_stays_one_html_block():
    card = (
        '<section class="covid-card" dir="rtl" lang="ar">\n<h3>مصر</h3>\n\n'
        "<dl>\n  <dt>الحالات</dt>\n\n  <dd>263,606</dd>\n</dl>\n</section>"
    )
    md = same_text(f"<p>قبل</p>\n{card}\n<p>بعد</p>", direction="rtl")
    block = md.split("\n\n")[1].strip()
    assert block.startswith('<section class="covid-card"') and block.endswith("</section>")
    assert "\n\n" not in block.strip()
    root = rendered(md)
    assert [e.tag for e in root] == ["p", "section", "p"]


def test_blocks_with_layout_embeds_and_galleries_stay_html():
    for html in (
        '<div class="wp-block-columns"><div class="wp-block-column"><p>a</p></div></div>',
        '<figure class="wp-block-gallery"><img src="a.jpg" alt=""></figure>',
        '<iframe src="https://www.youtube.com/embed/x"></iframe>',
        '<p style="text-align:center">centred</p>',
        '<h2 id="anchor">Anchored</h2>',
    ):
        md = same_text(html)
        assert md.startswith("<"), html


def test_inline_elements_markdown_lacks_keep_their_tags_around_markdown():
    md = same_text('<p>H<sub>2</sub>O and <span style="color:red">a *red* word</span></p>')
    assert "<sub>2</sub>" in md and '<span style="color:red">' in md
    assert "\\*red\\*" in md


def test_blank_lines_inside_kept_html_never_end_the_block():
    html = '<div class="x"><p>a</p>\n\n<pre>one\n\n\ntwo</pre>\n\n<p>b</p></div>'
    md = same_text(html)
    assert "\n\n" not in md.strip()
    assert rendered(md).find(".//pre").text_content() == "one\n\n\ntwo"


def test_more_divider_is_kept():
    md = to_markdown("<p>Intro</p>\n<!--more-->\n<p>Rest</p>")
    assert "\n<!--more-->\n" in md


def test_hugo_shortcode_delimiters_never_reach_hugo():
    html = "<p>{{&lt; x &gt;}} and <code>{{% y %}}</code></p><pre>{{&lt; z &gt;}}</pre>"
    md = same_text(html, flavour="hugo")
    assert not re.search(r"\{\{\s*[<%]", md)
    assert neutralise_hugo(md) == md


def test_text_with_the_placeholder_characters_is_left_as_html():
    assert to_markdown("<p>\ue12a</p>") is None
    assert to_markdown("<p>\ue000 0\ue001</p>") is None
