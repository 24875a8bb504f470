"""The optional C speedups (shortcodes/wordpress/_speedups.c) read texts as the Python does."""

from __future__ import annotations

import os
import re
import shutil
import sysconfig
from pathlib import Path

import pytest
from conftest import hang_guard
from hypothesis import example, given
from hypothesis import strategies as st
from test_wp_shortcodes import ATTS_TEXTS

from shortcodes.wordpress import shortcode_parse_atts
from shortcodes.wordpress import shortcodes as wp_shortcodes
from shortcodes.wordpress.shortcodes import _ATTS_FAST_RE, _parse_atts_python

speedups = wp_shortcodes._speedups
needs_speedups = pytest.mark.skipif(speedups is None, reason="C speedups not built")

ARTICLE = Path(__file__).resolve().parent.parent / "examples" / "article.txt"


def _compiler_at_hand() -> bool:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    return shutil.which(cc) is not None and headers.exists()


@pytest.mark.skipif(
    bool(os.environ.get("COVID_SHORTCODES_PURE_PYTHON")), reason="pure Python asked for"
)
def test_speedups_are_built_where_a_compiler_is_at_hand():
    if not _compiler_at_hand():
        pytest.skip("no C compiler or Python headers: the pure-Python code serves")
    assert speedups is not None, (
        "shortcodes.wordpress._speedups is missing although a C compiler is at hand: the build "
        "hook failed or this source tree was never installed (`pip install -e .` compiles "
        "it beside its source)"
    )


def _python_reads_it_alone(text: str) -> bool:
    """The texts the C code leaves to Python: a backslash, U+00A0/U+200B, or a name
    that may be an integer key."""
    if "\\" in text or "\u00a0" in text or "\u200b" in text:
        return True
    return any(m.group(1) and m.group(1)[0] <= "9" for m in _ATTS_FAST_RE.finditer(text))


@needs_speedups
@given(ATTS_TEXTS)
@example(' region="EG" rtl="true" font-color="#ffffff" x=12')
@example(" region=”EG” confirmed-label=”اجمالي الحالات” rtl=”true”")
@example(' A="1" a=\'2\' "" \'\' "x" \'y\' z "unclosed a="b"c d= e')
@example(' a="<b" b=<i> c="<b>ok</b>" <d "<" x=">"')
@example("a\t=\n'x'\x0b\"y\"\x0c\r\x1cz \U0001f600=1 \U0001f600")
@example(' a="x"y b = "c" d=\'e\'f g=h"i')
def test_speedups_read_every_text_as_python_does(text):
    atts = speedups.parse_atts(text)
    if _python_reads_it_alone(text):
        assert atts is None
    else:
        assert atts is not None
        assert list(atts.items()) == list(_parse_atts_python(text).items())


@needs_speedups
def test_speedups_read_the_article_cards():
    cards = re.findall(r"\[covid19-ultimate-card([^\]]*)\]", ARTICLE.read_text(encoding="utf-8"))
    assert len(cards) >= 4
    for card in cards:
        atts = speedups.parse_atts(card)
        assert atts  # every card has attributes
        assert list(atts.items()) == list(_parse_atts_python(card).items())


@needs_speedups
def test_speedups_refuse_what_is_not_text():
    with pytest.raises(TypeError, match="needs a str"):
        speedups.parse_atts(b' a="b"')


@pytest.mark.parametrize(
    "text",
    [
        'a="x ' * 200_000,
        "a='x a=\"x " * 100_000,
        ' "' + "x" * 1_000_000,
        ' a="' + "<" * 1_000_000 + '"',
        " a" + " " * 1_000_000 + "=" + " " * 1_000_000,
        "a=" * 500_000,
        "a" * 1_000_000 + '="',
    ],
    ids=["unclosed", "mixed-quotes", "long-quote", "open-tags", "spaces", "equals", "long-name"],
)
def test_hostile_attribute_texts_finish_linearly(text):
    # SIGALRM cannot stop C code: a quadratic pass would still fail, once it returned.
    with hang_guard():
        atts = shortcode_parse_atts(text)
        if speedups is not None:
            assert atts == _parse_atts_python(text)


# --- wptexturize's split and character test (formatting.py) --------------------------

CARD = "covid19-ultimate-card"
# Pieces of texts for the split and the character test: every delimiter, the
# characters texturize looks for, and long runs of 1-, 2- and 4-byte text (the C code
# passes over blocks of 32 characters), so each string kind is read.
_TEXTURIZE_PIECES = st.sampled_from(
    [
        *("<", ">", "[", "]", "/", "!--", "-->", "<!--", "[[", "]]", "<b>", "</b>", "=", "\x00"),
        *(" ", "\n", "\t", "\x0b", "\x0c", "\r", "\u00a0"),
        *(".", "`", "(", "-", "x", "'", '"', "&", "...", "--", "&amp;", "9x9"),
        *(CARD, "code", "[/code]", f"[{CARD} a=”ب”]", f"[/{CARD}]", "[cod", "[codex]"),
        *("a", "é", "ب", "\U0001f600", "a" * 40, "é" * 40, "ب" * 40, "\U0001f600" * 40),
    ]
)
_TEXTURIZE_TEXTS = st.lists(_TEXTURIZE_PIECES, max_size=50).map("".join)
_TAG_SETS = ((), (CARD,), (CARD, "code"), ("code", "b", "cod", "codex"))


@needs_speedups
@given(_TEXTURIZE_TEXTS)
@example(f'x [{CARD} a="<b>"] y <!-- c --> z')
@example(f"<<[[{CARD}]]<!--")
@example("ب" * 40 + f"[{CARD} " + "ب" * 40 + "<b> ]" + "ب" * 40 + "<!-- -- - -->")
def test_texturize_split_in_c_is_the_regex_split(text):
    from shortcodes.wordpress.formatting import (
        _split_at_starts,
        _texturize_split,
        _wptexturize_split_regex,
    )

    for tags in _TAG_SETS:
        split = _texturize_split(tags)
        expected = _wptexturize_split_regex(split.tagnames).split(text)
        assert speedups.texturize_split(text, split.tagnames) == expected
        assert _split_at_starts(split, text) == expected


@needs_speedups
@given(_TEXTURIZE_TEXTS, st.sampled_from(["", ".`(-x'\"&", "<[", "ab", "\x00\x7f"]))
def test_chars_in_in_c_is_the_python_test(text, chars):
    from shortcodes.wordpress.formatting import _chars_in

    assert speedups.chars_in(text, chars) == _chars_in(text, chars)


@needs_speedups
def test_texturize_speedups_refuse_what_they_cannot_read():
    with pytest.raises(TypeError):
        speedups.texturize_split(b"<b>", ())
    with pytest.raises(TypeError):
        speedups.texturize_split("<b>", [CARD])
    with pytest.raises(TypeError):
        speedups.texturize_split("<b>", (1,))
    with pytest.raises(ValueError, match="ASCII"):
        speedups.chars_in("x", "é")


@needs_speedups
@given(_TEXTURIZE_TEXTS)
@example(ARTICLE.read_text(encoding="utf-8"))
def test_wptexturize_reads_every_text_alike_with_and_without_c(text):
    from shortcodes.wordpress import formatting

    for tags in _TAG_SETS:
        with_c = formatting.wptexturize(text, tags)
        formatting._speedups = None
        try:
            assert formatting.wptexturize(text, tags) == with_c
        finally:
            formatting._speedups = speedups


@needs_speedups
@pytest.mark.parametrize(
    "text",
    [
        f"[{CARD} " * 100_000,
        f"[{CARD} <" * 100_000,
        f"[{CARD} <a ]" * 100_000,
        "<!--" + "-" * 1_000_000,
        "<" * 1_000_000,
        "ب" * 1_000_000 + "'",
    ],
    ids=["open-shortcodes", "open-tags", "unclosed-tags", "comment", "angles", "arabic"],
)
def test_texturize_speedups_finish_linearly(text):
    # SIGALRM cannot stop C code: a quadratic pass would still fail, once it returned.
    with hang_guard():
        parts = speedups.texturize_split(text, (CARD,))
        speedups.chars_in(text, ".`(-x'\"&")
    assert "".join(parts) == text


# --- shortcode_unautop (formatting.py) ------------------------------------------------

_UNAUTOP_PIECES = st.sampled_from(
    [
        *("<p>", "</p>", "<p> ", "\n", "\t", "\r", " ", "\u00a0", "&nbsp;", "nbsp;", "&"),
        *("[", "]", "/", "/]", "[/", "x", "-", "_", "ب", "é", "\U0001f600", "ب" * 40),
        *(f"[{CARD}", f"[{CARD} a=”ب”]", f"[{CARD}-x]", "[fo", "[foo]", "[foo/]", "[a]b]"),
    ]
)
_UNAUTOP_TAG_SETS = ((CARD,), ("foo", "fo"), ("fo", "foo"), ("a", "a]b", CARD))


@needs_speedups
@given(st.lists(_UNAUTOP_PIECES, max_size=40).map("".join))
@example(f"<p>[{CARD} a=”ب”]</p>\n<p>&nbsp; [{CARD}]\u00a0</p>\n<p>x [{CARD}]</p>")
@example("<p>[a]b]</p>")
def test_unautop_in_c_is_the_python_code(text):
    from shortcodes.wordpress import formatting

    for tags in _UNAUTOP_TAG_SETS:
        in_c = speedups.unautop(text, tags)
        formatting._speedups = None
        try:
            in_python = formatting.shortcode_unautop(text, tags)
        finally:
            formatting._speedups = speedups
        if "[/" in text:
            assert in_c is None  # left to the Python code
        else:
            assert in_c == in_python
        assert formatting.shortcode_unautop(text, tags) == in_python


@needs_speedups
@pytest.mark.parametrize(
    "text",
    [
        f"<p>[{CARD} " * 100_000,
        f"<p>[{CARD}]" + " " * 1_000_000,
        f"<p>[{CARD}]<p>[{CARD}]" * 100_000,
        "<p>" + "&nbsp;" * 200_000 + f"[{CARD}]",
        "[" * 1_000_000,
        "<p>[foo " * 100_000,
    ],
    ids=["unclosed", "spaces-after", "no-closing-p", "spaces-before", "brackets", "names"],
)
def test_unautop_in_c_finishes_linearly(text):
    with hang_guard():
        out = speedups.unautop(text, ("foo", "fo", CARD))
    assert out == text
