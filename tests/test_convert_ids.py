"""convert: every post of the export comes out, even when ids repeat or are missing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.convert import ConvertOptions, convert
from shortcodes.writers.paths import PathAllocator


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _pages(root, suffix):
    return [f for f in _files(root) if f.endswith(suffix) and "index" not in f]


@pytest.mark.parametrize("fmt,suffix", [("html", ".html"), ("hugo", ".md"), ("jekyll", ".md")])
@pytest.mark.parametrize("jobs", [1, 2])
def test_repeated_and_missing_ids_lose_no_post_silently(tmp_path, fmt, suffix, jobs):
    # An export merged from two sites, or written by another tool: two items share an
    # id, two have none usable. WordPress's importer keeps the first of a repeated
    # id and gives the others new ids: so do we, and say so.
    items = [
        item(post_id="5", slug="first", title="First"),
        item(post_id="5", slug="second", title="Second"),
        item(post_id="", slug="no-id", title="No id"),
        item(post_id="abc", slug="bad-id", title="Bad id"),
        item(post_id="7", slug="last", title="Last"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    out = tmp_path / "out"
    report = convert(path, out, ConvertOptions(format=fmt, jobs=jobs))
    posts = list(report.posts)
    # All but the repeat, each in a file of its own, on disk (the html site writes
    # each at its permalink, folder/index.html).
    pages = {p.path for p in posts if p.path and (out / p.path).is_file()}
    assert len(pages) == 4
    if fmt != "html":
        assert len(_pages(out, suffix)) == 4  # and no other page
    t = report.totals()
    assert (t["items"], t["written"], t["skipped"]) == (5, 4, 1)
    assert t["written"] == len(pages)  # the summary counts the files on disk
    assert [p.id for p in posts] == [5, 5, 8, 9, 7]  # new ids after the highest (7)
    assert [bool(p.path) for p in posts] == [True, False, True, True, True]
    assert len({p.path for p in posts if p.path}) == 4
    repeat = posts[1].diagnostics[-1]
    assert repeat.code == "repeated-post-id" and repeat.post_id == 5 and repeat.line
    assert "post id 5 is repeated" in posts[1].skipped
    assert [d.code for d in posts[2].diagnostics][-1] == "new-post-id"
    assert "given id 8" in posts[2].diagnostics[-1].message
    assert "given id 9" in posts[3].diagnostics[-1].message
    first = (out / posts[0].path).read_text(encoding="utf-8")
    assert "First" in first and "Second" not in first


def test_a_post_whose_card_failed_is_counted_as_written(tmp_path):
    # The page is on disk (its card marked as without data): the summary says so.
    items = [
        item(post_id=str(i), slug=f"p{i}", content='[covid19-ultimate-card region="ZZ"]')
        for i in range(1, 3)
    ] + [item(post_id=str(i), slug=f"p{i}") for i in range(3, 6)]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["convert", str(path), "-o", str(out), "--strict"])
    assert r.exit_code == 1
    assert all((out / f"p{i}" / "index.html").is_file() for i in range(1, 6))
    assert "5 written, 0 skipped, 2 failed" in r.stderr
    assert "failed: post 1 ('Hello'), post 2 ('Hello')" in r.stderr


def test_path_allocation_gives_what_trying_each_number_gives():
    # The allocator goes on from the last number a name was given: the same paths as
    # trying 1, 2, 3… every time, for names that collide in any order and case.
    names = ["a", "A", "a-2", "a", "b", "a-3", "a", "a-2", "A", "b-2", "b"] * 5
    taken, expected = set(), []
    for name in names:
        n = 1
        while (f"posts/{name}" if n == 1 else f"posts/{name}-{n}").casefold() + ".x" in taken:
            n += 1
        rel = f"posts/{name}" if n == 1 else f"posts/{name}-{n}"
        taken.add(rel.casefold() + ".x")
        expected.append(rel + ".x")
    allocator = PathAllocator()
    assert [allocator.allocate("posts", name, ".x") for name in names] == expected
