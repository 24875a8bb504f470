"""Cutting an export into byte ranges for the workers (shortcodes.split)."""

from __future__ import annotations

import dataclasses

import pytest
from test_convert import _many_posts, tree
from wxrfactory import export, item

import shortcodes.convert.api as convert_module
from shortcodes.convert import ConvertOptions, convert
from shortcodes.split import layout
from shortcodes.wxr import read_wxr


def _cut(path, n):
    reader = read_wxr(path)
    assert reader.site is not None  # read up to the first item
    try:
        return layout(path, n, reader.first_item_line, reader.end_tags)
    finally:
        reader.close()


def _posts(source, name):
    return [dataclasses.asdict(p) for p in read_wxr(source, name=name).posts()]


@pytest.mark.parametrize("n", [2, 3, 5])
def test_the_ranges_read_as_the_whole_export_does(tmp_path, n):
    # Every post, with its line numbers and the repairs found in it (a control
    # character, placed by line), as reading the whole export gives them.
    items = [
        item(post_id=str(i), slug=f"p{i}", content=f"line 1\nline 2 \x01 of {i}\n" * (i % 4))
        for i in range(1, 40)
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    whole = _posts(path, str(path))
    cut = _cut(path, n)
    assert cut is not None and len(cut) == n
    parts = []
    for k in range(n):
        with cut.open(k) as f:
            parts.append(_posts(f, str(path)))
    assert all(parts), "every range has items"
    assert [dict(p, ordinal=0) for part in parts for p in part] == [
        dict(p, ordinal=0) for p in whole
    ]
    assert all(p["ordinal"] == i for part in parts for i, p in enumerate(part))
    assert any(d["code"] == "control-character" for p in whole for d in p["diagnostics"])


def test_the_padding_never_makes_a_text_node_too_big(tmp_path, monkeypatch):
    # Lines before a range are padded with newlines, in runs below libxml2's limit.
    import shortcodes.split as split

    monkeypatch.setattr(split, "_PAD_RUN", 7)
    items = [item(post_id=str(i), slug=f"p{i}", content="a\n" * 20) for i in range(1, 9)]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    cut = _cut(path, 2)
    assert any(p == b"<_/>" for p in cut.pieces(1))
    with cut.open(1) as f:
        assert _posts(f, str(path))[0]["sourceline"] == cut.cuts[1].line


def test_exports_without_item_lines_are_not_cut(tmp_path):
    one_line = export(*[item(post_id=str(i), slug=f"p{i}") for i in range(1, 9)])
    one_line = one_line.replace("\n<item>", "<item>")
    path = tmp_path / "min.xml"
    path.write_text(one_line, encoding="utf-8")
    assert _cut(path, 2) is None
    # The first "<item>" line is a text of the header: not the first item.
    head = export(item(post_id="1"), item(post_id="2"))
    quoted = "<description><![CDATA[\n<item>\n]]></description>"
    head = head.replace("<title>Test site</title>", quoted)
    path.write_text(head, encoding="utf-8")
    assert _cut(path, 2) is None


def _run_pool_spy(monkeypatch):
    """Whether each parallel run was given ranges (True) or shared items round-robin."""
    calls = []
    run = convert_module.run_pool

    def spy(job, report, plan, *args):
        calls.append(plan.cut is not None)
        return run(job, report, plan, *args)

    monkeypatch.setattr(convert_module, "run_pool", spy)
    return calls


def test_parallel_convert_uses_ranges(tmp_path, monkeypatch):
    calls = _run_pool_spy(monkeypatch)
    path = _many_posts(tmp_path)
    convert(path, tmp_path / "one", ConvertOptions(jobs=1))
    report = convert(path, tmp_path / "two", ConvertOptions(jobs=2))
    assert calls == [True]
    assert not report.errors and tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.parametrize("images", ["keep", "download"])
def test_an_item_line_inside_a_post_falls_back_to_round_robin(tmp_path, monkeypatch, images):
    # A post quoting an export: its text has lines holding "<item>" alone, where the
    # export is cut in two. That cut is inside a CDATA section: no worker is given
    # ranges, and the result is the one a single process gives.
    quoted = "<p>an export:</p>\n" + "<item>\n<title>fake</title>\n</item>\n" * 400
    items = [item(post_id="1", slug="a"), item(post_id="2", slug="quote", content=quoted)]
    items += [item(post_id=str(i), slug=f"p{i}") for i in range(3, 6)]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    cut = _cut(path, 2)
    assert cut is not None and cut.cuts[1].line > 30  # inside post 2
    calls = _run_pool_spy(monkeypatch)
    options = ConvertOptions(jobs=2, images=images)
    one = convert(path, tmp_path / "one", dataclasses.replace(options, jobs=1))
    two = convert(path, tmp_path / "two", options)
    # The cut is checked before forking.
    assert calls == [False]
    assert not two.errors and tree(tmp_path / "one") == tree(tmp_path / "two")
    assert [p.path for p in one.posts] == [p.path for p in two.posts]
    assert not list((tmp_path / "two").rglob("fake*"))


def test_an_item_nested_deeper_makes_the_workers_fall_back(tmp_path, monkeypatch):
    # Lines holding "<item>" alone, as elements inside a post's <wp:postmeta>: the cut
    # is in no text, but its range is not whole items of the channel. The planning
    # pass finds that out before forking, and round-robin gives the single result.
    nested = "<wp:postmeta>\n" + "<item>\n<x/>\n</item>\n" * 400 + "</wp:postmeta>"
    items = [item(post_id="1", slug="a"), item(post_id="2", slug="nest", extra=nested)]
    items += [item(post_id=str(i), slug=f"p{i}") for i in range(3, 6)]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    cut = _cut(path, 2)
    assert cut is not None and cut.outside_markup() and cut.cuts[1].line > 30
    calls = _run_pool_spy(monkeypatch)
    one = convert(path, tmp_path / "one", ConvertOptions(jobs=1))
    two = convert(path, tmp_path / "two", ConvertOptions(jobs=2))
    assert calls == [False]
    assert not two.errors and tree(tmp_path / "one") == tree(tmp_path / "two")
    assert [p.to_dict() for p in one.posts] == [p.to_dict() for p in two.posts]


@pytest.mark.parametrize("bad", [b"\x01", b"\xe9"])
def test_repairs_in_one_range_only_are_found_by_its_worker(tmp_path, monkeypatch, bad):
    # The workers skip the byte checks only when the planning pass found nothing to
    # repair, so a range with a control character or a byte that is not UTF-8 gives
    # the repairs and report of a single process.
    calls = _run_pool_spy(monkeypatch)
    items = [item(post_id=str(i), slug=f"p{i}", content=f"منشور {i}\n" * 40) for i in range(1, 30)]
    path = tmp_path / "e.xml"
    path.write_bytes(export(*items).encode().replace("منشور 25\n".encode(), b"x" + bad + b"\n", 1))
    one = convert(path, tmp_path / "one", ConvertOptions(jobs=1))
    two = convert(path, tmp_path / "two", ConvertOptions(jobs=2))
    assert calls == [True]
    (dirty,) = [p for p in two.posts if p.diagnostics]
    assert dirty.id == 25 and dirty.diagnostics[0].code in ("control-character", "invalid-utf8")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert [p.to_dict() for p in one.posts] == [p.to_dict() for p in two.posts]


def test_cuts_after_line_65535_match_lxml_lines(tmp_path, monkeypatch):
    # libxml2 keeps 16-bit element lines: beyond, lxml's sourceline is another line.
    calls = _run_pool_spy(monkeypatch)
    tall = "<p>" + "\n" * 70_000 + "</p>"
    items = [item(post_id="1", slug="tall", content=tall)]
    items += [item(post_id=str(i), slug=f"p{i}", content="x\n" * 3000) for i in range(2, 30)]
    path = tmp_path / "tall.xml"
    path.write_text(export(*items), encoding="utf-8")
    cut = _cut(path, 2)
    assert cut.cuts[1].line > 65535
    assert set(cut.lines) <= {p["sourceline"] for p in _posts(path, str(path))}
    one = convert(path, tmp_path / "one", ConvertOptions(jobs=1))
    two = convert(path, tmp_path / "two", ConvertOptions(jobs=2))
    assert calls == [True]
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert [p.to_dict() for p in one.posts] == [p.to_dict() for p in two.posts]


@pytest.mark.parametrize(
    "quote,outside",
    [
        ("<![CDATA[\n{}\n]]>", False),
        ("<!--\n{}\n-->", False),
        ("<?quote\n{}\n?>", False),
        ("<![CDATA[x]]><!-- y -->\n{}\n", True),
    ],
)
def test_cuts_inside_markup_are_found(tmp_path, quote, outside):
    from shortcodes.split import Cut, Layout

    text = export(item(post_id="1"), item(post_id="2"))
    head, _, rest = text.partition("\n<item>")
    text = head + "\n" + quote.format("<item>") + "\n<item>" + rest
    path = tmp_path / "e.xml"
    path.write_bytes(text.encode())
    data = path.read_bytes()
    first = data.index(b"\n<item>\n") + 1
    cut = Layout(path, len(data), (Cut(first, 1, 1),), first, b"")
    assert cut.outside_markup() == outside
