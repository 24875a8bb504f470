"""The shortcode port on the project's own examples (no ../shared needed)."""

from __future__ import annotations

import re

import pytest
from conftest import hang_guard
from hypothesis import example, given
from hypothesis import strategies as st

from shortcodes.wordpress import (
    do_shortcode,
    get_shortcode_regex,
    has_shortcode,
    shortcode_parse_atts,
    strip_shortcodes,
)


def echo(atts, content, tag):
    return f"<{tag} {atts!r} {content!r}>"


def test_atts_keep_source_order_and_positional_integer_keys():
    atts = shortcode_parse_atts(' region="EG" "quoted" bare rtl=true NAME=\'x\' ')
    assert list(atts.items()) == [
        ("region", "EG"),
        (0, "quoted"),
        (1, "bare"),
        ("rtl", "true"),
        ("name", "x"),
    ]


def test_curly_quotes_break_attributes_exactly_as_in_wordpress():
    atts = shortcode_parse_atts(" region=”EG” confirmed-label=”اجمالي الحالات”")
    assert atts == {"region": "”EG”", "confirmed-label": "”اجمالي", 0: "الحالات”"}


def test_integer_like_names_become_integer_keys_as_php_makes_them():
    # PHP's _zend_handle_numeric_str_ex: canonical decimals within 64 bits are integer
    # keys ("-0" and "00" are not), and the next positional key follows the largest one.
    assert shortcode_parse_atts(" 5=a b -0=c 00=d -7=e f") == {
        5: "a",
        6: "b",
        "-0": "c",
        "00": "d",
        -7: "e",
        7: "f",
    }
    big = " 9223372036854775807=a -9223372036854775808=b 9223372036854775808=c"
    assert shortcode_parse_atts(big) == {
        9223372036854775807: "a",
        -9223372036854775808: "b",
        "9223372036854775808": "c",
    }


def test_cslashes_and_unclosed_html_values():
    assert shortcode_parse_atts(r' a="x\ty" b="\x41\101"') == {"a": "x\ty", "b": "AA"}
    assert shortcode_parse_atts(' a="<b>ok</b>" b="<b oops"') == {"a": "<b>ok</b>", "b": ""}


def test_do_shortcode_self_closing_enclosing_and_escaped():
    out = do_shortcode('a [foo x="1"/] b [foo]in[/foo] c [[foo]]', {"foo": echo})
    assert out == "a <foo {'x': '1'} ''> b <foo {} 'in'> c [foo]"


def test_tag_followed_by_hyphen_is_another_tag():
    assert do_shortcode("[foo-bar]", {"foo": echo}) == "[foo-bar]"


def test_shortcodes_inside_html_attributes_are_filtered_like_wordpress():
    handlers = {"url": lambda a, c, t: "javascript:alert(1)"}
    # kses strips the bad protocol from the shortcode's output in an href
    assert do_shortcode('<a href="[url]">x</a>', handlers) == '<a href="alert(1)">x</a>'
    assert do_shortcode('<a title="[url]">x</a>', {"url": lambda a, c, t: "ok"}) == (
        '<a title="ok">x</a>'
    )
    assert do_shortcode('<a title="[url]">x</a>', {"url": echo}, ignore_html=True) == (
        '<a title="[url]">x</a>'
    )


def test_strip_and_has_shortcode():
    assert strip_shortcodes("a [foo]b[/foo] [[foo]] c", ["foo"]) == "a  [foo] c"
    assert has_shortcode("x [bar][foo][/bar]", "foo", ["bar", "foo"])
    assert not has_shortcode("x [[foo]]", "bar", ["foo"])


def test_scanner_agrees_with_wordpress_regex():
    text = "[foo a=1][foo]x[/foo] [[foo/]] [foo /] [foo]y [/foo]] [foo"
    pattern = re.compile(get_shortcode_regex(["foo"]))
    from shortcodes.wordpress import shortcode_regex_matches

    ours = [(m.start, m.end) for m in shortcode_regex_matches(text, ["foo"])]
    assert ours == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 2_000_000,
        "[foo " * 200_000,
        "[foo]" * 200_000,
        "[foo][bar]" * 100_000 + "[/foo]",
        "<a " + "[foo] " * 50_000 + ">",
        '[foo a="' + "x" * 1_000_000,
    ],
    ids=["brackets", "unclosed", "no-closing-tags", "one-late-close", "html", "long-quote"],
)
def test_hostile_input_finishes_linearly(text):
    with hang_guard():
        out = do_shortcode(text, {"foo": lambda a, c, t: "X", "bar": lambda a, c, t: "Y"})
    assert isinstance(out, str)


def test_deeply_nested_enclosing_tags():
    text = "[nest]" * 5000 + "x" + "[/nest]" * 5000

    def nest(atts, content, tag):
        return "(" + content + ")"

    with hang_guard():
        out = do_shortcode(text, {"nest": nest})
    # WordPress pairs the first opening with the first closing tag, as the regex does.
    assert out.startswith("(") and out.count("[/nest]") == 4999


def _wordpress_matches(text):
    from shortcodes.wordpress.shortcodes import _ATTS_RE

    out = []
    for m in _ATTS_RE.finditer(text):
        g = m.groups()
        named = next((i for i in (0, 2, 4) if g[i] is not None and g[i] != ""), None)
        if named is not None:
            out.append((m.span(), g[named], g[named + 1]))
        else:
            out.append((m.span(), None, next(v for v in g[6:] if v is not None)))
    return out


def _fast_matches(text):
    from shortcodes.wordpress.shortcodes import _ATTS_FAST_RE

    out = []
    for m in _ATTS_FAST_RE.finditer(text):
        g = m.groups()
        if g[0] is not None:
            out.append((m.span(), g[0], next(v for v in g[1:4] if v is not None)))
        else:
            out.append((m.span(), None, next(v for v in g[4:] if v is not None)))
    return out


ATT_TOKENS = ["a", "b-c", "=", " ", "\t", "\n", '"', "'", "”", "x y", "0", "\\", "/", "ع", "\v"]


@given(st.lists(st.sampled_from(ATT_TOKENS), max_size=30).map("".join) | st.text(max_size=40))
def test_fast_attribute_regex_matches_exactly_like_wordpress_regex(text):
    assert _fast_matches(text) == _wordpress_matches(text)


def test_stripcslashes_like_php():
    from shortcodes.wordpress.shortcodes import stripcslashes

    assert stripcslashes(r"a\nb\tc\\d\x41\101\i\q") == "a\nb\tc\\dAAiq"
    assert stripcslashes("end\\") == "end\\"


def _reference_parse_atts(text):
    """WordPress's shortcode_parse_atts() line by line, on its own regex (slow, plain).

    PHP's set-order groups: a group of a branch not taken is "" or unset (None here);
    `empty()` is also true for "0".
    """
    from shortcodes.wordpress.shortcodes import _ATTS_RE, _php_key, stripcslashes

    def empty(group):
        return group is None or group in ("", "0")

    def add(atts, key, value):
        atts[_php_key(key.lower()) if isinstance(key, str) else key] = stripcslashes(value)

    def next_index(atts):
        return max([k + 1 for k in atts if isinstance(k, int)] + [0])

    text = re.sub("[\u00a0\u200b]+", " ", text)
    atts = {}
    for m in _ATTS_RE.finditer(text):
        g = (None,) + m.groups()
        if not empty(g[1]):
            add(atts, g[1], g[2])
        elif not empty(g[3]):
            add(atts, g[3], g[4])
        elif not empty(g[5]):
            add(atts, g[5], g[6])
        elif g[7]:
            add(atts, next_index(atts), g[7])
        elif g[8]:
            add(atts, next_index(atts), g[8])
        elif g[9] is not None:
            add(atts, next_index(atts), g[9])
    for key, value in atts.items():
        if "<" in value and not re.match(r"[^<]*(?:<[^>]*>[^<]*)*$", value):
            atts[key] = ""
    return atts


ATTS_TOKENS = ATT_TOKENS + [
    "A-b",
    "x_1",
    "-1",
    "7",
    "00",
    '""',
    "''",
    "  ",
    "\r",
    "\f",
    "\x1c",
    "\u00a0",
    "\u200b",
    "<b>",
    "<",
    ">",
    "\\x41",
    "=”",
    "ع ع",
    "[",
    ' 0="x"',
    " a=b",
    " -0=1",
    " 2='y'",
    " 1A=x",
]


# Texts without quotes or whitespace other than ' ', which the fast token path reads.
PLAIN_TOKENS = ["a", "b-C", "x_1", "=", "==", " ", "  ", "0", "00", "-1", "7", "ع", "”", "\\"]
PLAIN_TOKENS += ["\\x3c", ".", "<b>", "<", "\u00a0", "\u200b", "\x1c", "\x85", "\u2028", "[", "/"]
ATTS_TEXTS = (
    st.lists(st.sampled_from(ATTS_TOKENS), max_size=40).map("".join)
    | st.lists(st.sampled_from(PLAIN_TOKENS), max_size=40).map("".join)
    | st.text(max_size=60)
)


@given(ATTS_TEXTS)
@example(' 0="x" 0=y "" \'\' z')
@example(" 5=a b -1=c d 1A=x")
@example(r' a="\x3cb" b=\074i> c="\\"')
@example(' a="<b" b=<i> c="<" <d')
def test_parse_atts_like_wordpress_line_by_line(text):
    from shortcodes.wordpress.shortcodes import _parse_atts_cached, _parse_atts_python

    _parse_atts_cached.cache_clear()
    expected = list(_reference_parse_atts(text).items())
    # What callers get (the C speedups where built) and the pure-Python code alike.
    assert list(shortcode_parse_atts(text).items()) == expected
    assert list(_parse_atts_python(text).items()) == expected


@given(st.lists(st.sampled_from(PLAIN_TOKENS), max_size=40).map("".join))
@example(" region=”EG” confirmed-label=”اجمالي الحالات” a-b=1 x=y=z 0=q ع")
@example(" a= a=x")  # WordPress: a = "a=x"
@example(" a= b")  # WordPress: a = "b"
@example(" a=1 b a=2 c")
@example(" a=1 A=2 b")
def test_plain_token_path_reads_what_the_regex_reads(text):
    from shortcodes.wordpress.shortcodes import _atts_from_plain_tokens, _atts_from_regex

    plain = _atts_from_plain_tokens(text)
    if plain is not None:
        assert list(plain.items()) == list(_atts_from_regex(text).items())


def test_plain_token_path_takes_curly_quoted_cards():
    from shortcodes.wordpress.shortcodes import _atts_from_plain_tokens

    card = " region=”EG” confirmed-label=”اجمالي الحالات” rtl=”true” 24h=x"
    assert _atts_from_plain_tokens(card) == {
        "region": "”EG”",
        "confirmed-label": "”اجمالي",
        0: "الحالات”",
        "rtl": "”true”",
        "24h": "x",
    }


TAG_TEXT_PARTS = ["[", "]", "a", "ab", "a b", "-", "=", "<", "/", "&", "\x00", " ", "\u00a0", "م"]
TAG_SETS = [("a",), ("ab",), ("a", "ab"), ("ab", "a", "x"), ("a b",), ("",), ("a=",), ("م",)]


@given(st.lists(st.sampled_from(TAG_TEXT_PARTS), max_size=30).map("".join))
@example("[ab[a]")
@example("[a")
def test_registered_tags_found_as_wordpress_finds_them(text):
    # WordPress: array_intersect( $tagnames, preg_match_all('@\[([^<>&/\[\]\x00-\x20=]++)@') ).
    from shortcodes.wordpress.shortcodes import _registered_tags_in

    captured = set(re.findall(r"\[([^<>&/\[\]\x00-\x20=]+)", text))
    for tags in TAG_SETS:
        assert _registered_tags_in(text, tags) == tuple(t for t in tags if t in captured)


HTML_PARTS = ["<p>", "</p>", "<a href='[x]'>", "<!-- [c] -->", "<!--", "-->", "<", ">", "[", "]"]
HTML_PARTS += ["[x]", "[x /]", "[[x]]", "&#91;", "&#93;", "text", "\n", '<img alt="[x y=1]" />']


@given(st.lists(st.sampled_from(HTML_PARTS), max_size=25).map("".join))
@example("<p>[x]</p><!-- a > [b] -->")
def test_html_with_no_bracket_in_an_element_skips_the_element_walk(html):
    # do_shortcodes_in_html_tags returns early when no element holds a bracket: the
    # result must be the one the full walk over every element gives.
    import shortcodes.wordpress.shortcodes as sc

    handlers = {"x": echo}
    quick = do_shortcode(html, handlers)
    gate = sc._brackets_in_elements
    sc._brackets_in_elements = lambda text: True
    try:
        assert do_shortcode(html, handlers) == quick
    finally:
        sc._brackets_in_elements = gate


@given(
    st.lists(st.sampled_from(TAG_TEXT_PARTS + ["[/", "[/a]", "'", '"', "...", "(tm)"]), max_size=30)
)
@example(["[/", "a", "]", " '", "x"])
def test_texturize_finds_a_few_tags_as_it_finds_many(parts):
    # With one or two registered tags, texturize searches for each; with more it
    # captures every name. Tags that never occur change nothing, so both must agree.
    from shortcodes.wordpress import wptexturize

    text = "".join(parts)
    for tags in (("a",), ("ab", "a"), ("a b",), ("م",)):
        assert wptexturize(text, tags) == wptexturize(text, (*tags, "zz1", "zz2", "zz3"))
