"""The shortcode port on the project's own examples (no ../shared needed)."""

from __future__ import annotations

import re
import signal
from contextlib import contextmanager

import pytest
from hypothesis import given
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


@contextmanager
def hang_guard(seconds: int = 30):
    """Fail instead of hanging forever if a parse goes quadratic or worse."""

    def boom(signum, frame):
        raise AssertionError(f"did not finish within {seconds}s: not linear")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


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


def _php_parse_atts(text):
    """shortcode_parse_atts() as the PHP reads, step by step, on WordPress's own regex."""
    from shortcodes.wordpress.shortcodes import _ATTS_RE, _has_unclosed_html, _php_key
    from shortcodes.wordpress.shortcodes import stripcslashes as unslash

    text = re.sub("[\u00a0\u200b]+", " ", text)
    atts = {}

    def append(value):  # $atts[] = …
        ints = [k for k in atts if isinstance(k, int)]
        atts[max(ints) + 1 if ints and max(ints) >= 0 else 0] = value

    for m in _ATTS_RE.finditer(text):
        g = [None, *m.groups()]
        empty = [v is None or v in ("", "0") for v in g]  # PHP's empty()
        if not empty[1]:
            atts[_php_key(g[1].lower())] = unslash(g[2])
        elif not empty[3]:
            atts[_php_key(g[3].lower())] = unslash(g[4])
        elif not empty[5]:
            atts[_php_key(g[5].lower())] = unslash(g[6])
        elif g[7]:
            append(unslash(g[7]))
        elif g[8]:
            append(unslash(g[8]))
        elif g[9] is not None:
            append(unslash(g[9]))
    return {k: ("" if "<" in v and _has_unclosed_html(v) else v) for k, v in atts.items()}


ATT_TEXT_TOKENS = [*ATT_TOKENS, "0=", "1=", "-2=", '""', "''", "<b>", "<i", "x=", "X=", "\u00a0"]


@given(st.lists(st.sampled_from(ATT_TEXT_TOKENS), max_size=30).map("".join) | st.text(max_size=40))
def test_parse_atts_reads_like_the_php(text):
    from shortcodes.wordpress.shortcodes import _parse_atts_cached

    _parse_atts_cached.cache_clear()
    assert shortcode_parse_atts(text) == _php_parse_atts(text)
