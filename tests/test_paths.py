"""Output paths from untrusted slugs always stay inside the output folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from shortcodes.errors import OutputError
from shortcodes.writers.base import link_values
from shortcodes.writers.paths import PathAllocator, inside, safe_slug


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("%d9%85%d8%b5%d8%b1-%d9%83%d9%88%d8%b1%d9%88%d9%86%d8%a7", "مصر-كورونا"),
        ("新冠肺炎", "新冠肺炎"),
        ("../../etc/passwd", "etc-passwd"),
        ("/etc", "etc"),
        ("con", "con-"),
        ("LPT1.txt", "LPT1.txt-"),
        ("", "post-1"),
        ("...", "post-1"),
        ("a\u202eb", "a-b"),  # no bidi override tricks in file names
    ],
)
def test_safe_slug(raw, expected):
    assert safe_slug(raw, "post-1") == expected


def test_long_slugs_are_cut_on_a_character_boundary():
    slug = safe_slug("ع" * 500, "x")
    assert len(slug.encode()) <= 120 and slug == "ع" * 60


def test_collisions_resolve_deterministically_and_case_insensitively():
    a = PathAllocator()
    assert [a.allocate("posts", s, ".html") for s in ("News", "news", "news")] == [
        "posts/News.html",
        "posts/news-2.html",
        "posts/news-3.html",
    ]


@given(st.text(max_size=300))
def test_any_slug_lands_inside_the_output(tmp_path_factory, raw):
    root = tmp_path_factory.getbasetemp() / "out"
    rel = PathAllocator().allocate("posts", safe_slug(raw, "post-1"), ".html")
    target = inside(root, rel)
    assert target.parent == (root / "posts").resolve()
    assert "/" not in target.name and target.name not in (".html", "..html")


def test_inside_refuses_escapes(tmp_path):
    for rel in ("../x", "/etc/passwd", "a/../../x", "\\x", "", ".", "posts/.."):
        with pytest.raises(OutputError):
            inside(Path("/tmp/out"), rel)
    # A folder of the output that is a link to somewhere else is not inside it.
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "posts").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError):
        inside(out, "posts/a.html")
    assert inside(out, "pages/./a.html") == out.resolve() / "pages" / "a.html"


# -- links between posts -----------------------------------------------------------

# What a link attribute is, written as one regex (case folding spelled out in ASCII:
# browsers do not read "ſrc" as "src").
_LINK_REFERENCE = re.compile(r"""\b(?:[hH][rR][eE][fF]|[sS][rR][cC])\s*=\s*(["'])(.*?)\1""", re.S)
_LINK_TOKENS = ["href", "HREF", "Src", "src", "=", " ", "\n", '"', "'", "x", "ع", "_", "<a ", ">"]


@given(st.lists(st.sampled_from(_LINK_TOKENS), max_size=30).map("".join))
@example('<a title="x href=\'in-title\'" href = "/a" SRC=\'/b\' xsrc="no" عsrc="no">')
def test_link_values_finds_what_the_link_regex_finds(html):
    expected = [m.span(2) for m in _LINK_REFERENCE.finditer(html)]
    assert list(link_values(html)) == expected
