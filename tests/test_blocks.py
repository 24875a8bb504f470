"""Block-editor delimiters: found as WordPress's block parser finds them, in linear time."""

from __future__ import annotations

import re

import pytest
from conftest import hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from shortcodes.wordpress.blocks import _delimiters, render_static_blocks

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
