"""Output paths from untrusted slugs always stay inside the output folder."""

from __future__ import annotations

import os
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
        ("LPT1.txt", "LPT1-.txt"),
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


_IDS = st.one_of(st.integers(-5, 2**66), st.none())
_ADDRESSES = st.text(max_size=12) | st.sampled_from(["/a", "/A", "/%D9%85", "/?p=1", "/a/"])
_PATHS = st.text(min_size=1, max_size=30).map(lambda s: f"posts/{s}.html")


def _compact(items, kind):
    """`items` as planning stores them (each path once, by number), sealed."""
    from shortcodes.writers.plan import PathPlan

    plan = PathPlan()
    table = plan.by_id if kind == "ids" else plan.by_address
    for key, path in items.items():
        number = plan.paths.append(path)
        if kind == "ids":
            table.add(key, number)
        else:
            table.setdefault(key, number)
    plan.seal()
    return table


@given(st.dictionaries(_IDS, _PATHS, max_size=60), st.lists(_IDS, max_size=20))
@example({1: "posts/a.html", 2: "posts/a.html", None: "posts/n.html"}, [3, None, 0])
@example({2**64 - 1: "posts/top.html", 2**64: "posts/past.html"}, [2**64 - 2])
def test_a_workers_plan_finds_every_post_id_the_planner_decided(plan, others):
    # The plan the workers inherit is compact (arrays, its text on disk): every lookup
    # gives what a dict gives, after the trip through pickle too.
    import pickle

    compact = pickle.loads(pickle.dumps(_compact(plan, "ids")))
    assert len(compact) == len(plan)
    for key in [*plan, *others]:
        assert compact.get(key) == plan.get(key)
        assert (key in compact) == (key in plan)


@given(st.dictionaries(_ADDRESSES, _PATHS, max_size=60), st.lists(_ADDRESSES, max_size=20))
def test_a_workers_plan_finds_every_old_address(links, others):
    compact = _compact(links, "addresses")
    for key in [*links, *others]:
        assert compact.get(key, "none") == links.get(key, "none")


def test_old_addresses_whose_hashes_collide_still_lead_to_their_own_posts(monkeypatch):
    # The plan keeps a 64-bit hash of each old address and checks the address itself:
    # addresses sharing a hash (here all of them) never send a link to another post.
    from shortcodes.writers import plan

    monkeypatch.setattr(plan, "string_hash", lambda text: 7)
    links = {f"/2021/01/{n}": f"posts/{n}.html" for n in range(40)}
    compact = _compact(links, "addresses")
    for key, path in links.items():
        assert compact.get(key) == path
    assert compact.get("/2021/01/40") is None
    compact.setdefault("/2021/01/3", 0)  # planned already: the first post keeps it
    assert compact.get("/2021/01/3") == "posts/3.html"


@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3), max_size=200))
def test_hash_index_finds_each_entry_in_the_order_added(hashes):
    from shortcodes.writers.plan import HashIndex

    index = HashIndex()
    for n, h in enumerate(hashes):
        assert index.add(h) == n
    for h in set(hashes):
        assert list(index.find(h)) == [n for n, k in enumerate(hashes) if k == h]
    assert list(index.find(12345678901)) == [n for n, k in enumerate(hashes) if k == 12345678901]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_plan_text_is_read_back_from_its_file_and_after_a_fork():
    # Past the first megabyte the plan's text is on disk; a forked worker reads it there.
    from shortcodes.writers.plan import TextFile

    texts = TextFile()
    words = [f"posts/مصر-{n}/index.html" for n in range(60_000)]
    for word in words:
        texts.append(word)
    texts.seal()
    late = texts.append("posts/late/index.html")  # after sealing: in this process only
    assert texts[late] == "posts/late/index.html"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        ok = all(texts[n] == words[n] for n in range(0, len(words), 997))
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert [texts[n] for n in (0, 30_000, 59_999)] == [words[0], words[30_000], words[59_999]]


_SEGMENT = st.sampled_from(
    ["a", "b", "index.html", "page", "2", "مصر", "x y", ".hidden", "..", "."]
)


@given(
    st.lists(_SEGMENT, min_size=1, max_size=5).map("/".join),
    st.lists(_SEGMENT, max_size=4).map("/".join),
)
@example("a/b/index.html", "a/b")
@example("index.html", "")
def test_relative_links_are_those_of_posixpath(target, start):
    import posixpath

    from shortcodes.writers.paths import relative_path

    assert relative_path(target, start) == posixpath.relpath(target, start or ".")
