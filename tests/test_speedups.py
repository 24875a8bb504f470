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
