"""Block-editor delimiters: found as WordPress's block parser finds them, in linear time."""

from __future__ import annotations

import re

import pytest
from conftest import hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from shortcodes.wordpress.blocks import _delimiters, parse_blocks, render_static_blocks

# WP_Block_Parser::next_token's regex, its possessive attributes loop made atomic the
# Python 3.10 way (a lookahead, then a backreference to what it matched).
WORDPRESS = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?=(?P<body>(?:[^}]+|\}+(?=\})|(?!\}\s+/?-->).)*))(?P=body)\}\s+)?"
    r"(?P<void>/)?-->",
    re.S,
)
PARTS = ["<!--", " ", "wp:", "para", "core/x", "/", "{", "}", '"a":1', "-->", "\n", "x"]
PARTS += ["<!-- wp:p -->", "<!-- /wp:p -->", "} -->", "} /-->", "}}", "<!-- wp:x {"]


@given(st.lists(st.sampled_from(PARTS), max_size=20).map("".join))
@example('<!-- wp:p {"a":"} -->x"} --><p>t</p><!-- /wp:p --><!-- wp:latest-posts /-->')
@example('<!-- wp:x {"a":1}} -->')
def test_delimiters_are_the_ones_wordpress_finds(text):
    expected = [
        (m.start(), m.end(), bool(m["closer"]), m["name"], m["attrs"], bool(m["void"]))
        for m in WORDPRESS.finditer(text)
    ]
    found = [
        (
            m.start(),
            m.end(),
            bool(m["closer"]),
            m["name"],
            m.groupdict().get("attrs"),
            bool(m["void"]),
        )
        for m in _delimiters(text)
    ]
    assert found == expected


def test_static_blocks_keep_their_html_and_dynamic_ones_are_reported():
    text = (
        '<!-- wp:paragraph {"align":"right"} --><p>مرحبا</p><!-- /wp:paragraph -->\n'
        '<!-- wp:latest-posts {"postsToShow":3} /--><!-- wp:acme/chart /-->'
    )
    html, dynamic = render_static_blocks(text)
    assert html == "<p>مرحبا</p>\n"
    assert [(d.name, d.offset) for d in dynamic] == [
        ("core/latest-posts", text.index("<!-- wp:latest")),
        ("acme/chart", text.index("<!-- wp:acme")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '<!-- wp:x {"a":' * 100_000,  # attributes never closed: was exponential
        "<!-- wp:x {" * 100_000 + "} -->",
        "<!-- wp:x " * 100_000,
    ],
    ids=["open-attributes", "one-close", "no-end"],
)
def test_hostile_delimiters_finish_in_linear_time(text):
    with hang_guard():
        html, _ = render_static_blocks(text)
    assert isinstance(html, str)


def test_parsed_blocks_keep_the_html_between_their_inner_blocks():
    # What WordPress's parse_blocks() returns: innerContent with a null where each
    # inner block goes, innerHTML the HTML around them.
    doc = (
        "<!-- wp:group --><div>a<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->"
        "b<!-- wp:spacer /-->c</div><!-- /wp:group -->"
    )
    [group] = parse_blocks(doc)
    assert group.inner_content == ["<div>a", None, "b", None, "c</div>"]
    assert group.inner_html == "<div>abc</div>"
    assert [b.inner_html for b in group.inner_blocks] == ["<p>x</p>", ""]


def test_a_block_holding_many_blocks_parses_in_linear_time():
    # innerHTML was appended to piece by piece: quadratic (a 9 MB group took 9 s).
    n = 256_000
    doc = (
        "<!-- wp:group --><div>" + "<p>x</p><!-- wp:spacer /-->\n" * n + "</div><!-- /wp:group -->"
    )
    with hang_guard():
        [group] = parse_blocks(doc)
    assert len(group.inner_blocks) == n
    assert group.inner_html == "<div>" + "<p>x</p>\n" * n + "</div>"
