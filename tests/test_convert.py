"""convert: the whole export to a static site, Hugo/Jekyll Markdown, or a cleaned WXR."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from conftest import ROOT
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.convert import ConvertOptions, convert, figures_day
from shortcodes.data.snapshot import embedded_snapshot
from shortcodes.render import CardRenderer, RenderOptions

EXAMPLE = ROOT / "examples" / "export.xml"


def tree(root):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_example_export_to_html_site(tmp_path):
    report = convert(EXAMPLE, tmp_path / "site")
    site = tmp_path / "site"
    assert not report.failed
    t = report.totals()
    assert (t["written"], t["skipped"], t["cards"]) == (4, 1, 5)
    post = (site / "2021/06/02/مصر-كورونا/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in post
    assert post.count('<section class="covid-card') == 1
    assert "[covid19-ultimate-card" not in post
    # the_content chain: paragraphs, curly quotes; the card is not wrapped in <p>.
    assert "<p>أعلنت وزارة الصحة" in post and "&#8220;الوضع مستقر&#8221;" in post
    assert "<p><section" not in post
    # Links between posts of the export point to the new files.
    assert 'href="../../03/الخليج/index.html"' in post
    index = (site / "index.html").read_text(encoding="utf-8")
    # (a post's page is where WordPress served it: its <link>, decoded)
    assert 'href="2021/06/02/مصر-كورونا/index.html"' in index
    assert 'href="about/index.html"' in index
    assert (site / "assets" / "covid-card.css").exists()


def test_cards_show_the_day_before_publication_by_default(tmp_path):
    convert(EXAMPLE, tmp_path / "site")
    post = (tmp_path / "site" / "2021/06/02/مصر-كورونا/index.html").read_text(encoding="utf-8")
    # Published 2021-06-02 09:30 GMT: readers saw the figures of 2021-06-01.
    assert '<data value="263606">263,606</data>' in post
    assert figures_day(dt.datetime(2021, 6, 2, 0, 5, tzinfo=dt.timezone.utc)) == dt.date(2021, 6, 1)


def test_as_of_overrides_the_post_date(tmp_path):
    options = ConvertOptions(as_of=dt.date(2021, 1, 1))
    convert(EXAMPLE, tmp_path / "site", options)
    post = (tmp_path / "site" / "2021/06/02/مصر-كورونا/index.html").read_text(encoding="utf-8")
    assert '<data value="139471">' in post  # JHU's Egypt on 2021-01-01


def test_escaped_card_stays_literal_and_block_posts_skip_autop(tmp_path):
    convert(EXAMPLE, tmp_path / "site")
    gulf = (tmp_path / "site" / "2021/06/03/الخليج/index.html").read_text(encoding="utf-8")
    assert gulf.count('<section class="covid-card') == 3
    assert '[covid19-ultimate-card region="EG"]' in gulf.replace("&#8221;", '"')
    block = (tmp_path / "site" / "2021/11/01/block-dashboard/index.html").read_text(
        encoding="utf-8"
    )
    assert "<!-- wp:" not in block and "<p><p>" not in block
    assert block.count('<section class="covid-card') == 1


def test_drafts_are_skipped_by_default_and_included_on_request(tmp_path):
    report = convert(EXAMPLE, tmp_path / "a")
    assert [p.skipped for p in report.posts if p.status == "draft"] == ["status draft"]
    options = ConvertOptions(statuses=("publish", "draft"))
    report = convert(EXAMPLE, tmp_path / "b", options)
    draft = next(p for p in report.posts if p.status == "draft")
    assert draft.path == "مسودة-أرقام-الأسبوع/index.html"  # ?p=104: no permalink
    assert draft.failed  # its card asks for region XX: marked card, reported
    assert any(d.code == "unknown-region" for d in draft.diagnostics)


def test_rerunning_into_the_same_output_gives_the_same_bytes(tmp_path):
    convert(EXAMPLE, tmp_path / "site")
    first = tree(tmp_path / "site")
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*") if p.is_file()}
    convert(EXAMPLE, tmp_path / "site")
    assert tree(tmp_path / "site") == first
    assert mtimes == {
        p: p.stat().st_mtime_ns for p in (tmp_path / "site").rglob("*") if p.is_file()
    }


def test_hugo_front_matter(tmp_path):
    convert(EXAMPLE, tmp_path / "hugo", ConvertOptions(format="hugo"))
    post = tmp_path / "hugo" / "content" / "posts" / "2021" / "06" / "02" / "مصر-كورونا.md"
    md = post.read_text(encoding="utf-8")
    head = md.split("---")[1]
    assert 'title: "مصر تسجل إصابات جديدة بفيروس كورونا"' in head
    # The site's local time (post_date) with its offset from post_date_gmt.
    assert 'date: "2021-06-02T11:30:00+02:00"' in head and "draft: false" in head
    assert 'categories: ["صحة"]' in head and 'tags: ["كورونا"]' in head
    # The WordPress address, decoded (Hugo writes it as a folder of that name).
    assert 'url: "/2021/06/02/مصر-كورونا/"' in head and "%d9" not in head.lower()
    assert '<section class="covid-card' in md
    config = (tmp_path / "hugo" / "hugo.toml").read_text(encoding="utf-8")
    assert "unsafe = true" in config and 'languageDirection = "rtl"' in config


def test_jekyll_posts_are_dated_files(tmp_path):
    convert(EXAMPLE, tmp_path / "j", ConvertOptions(format="jekyll"))
    folder = tmp_path / "j" / "_posts" / "2021" / "06" / "02"
    names = sorted(p.name for p in folder.iterdir())
    assert "2021-06-02-مصر-كورونا.md" in names
    md = (folder / "2021-06-02-مصر-كورونا.md").read_text(encoding="utf-8")
    assert 'permalink: "/2021/06/02/مصر-كورونا/"' in md
    # The link to the other post leads to its address on the new site.
    assert "](/2021/06/03/الخليج/)" in unquote(md)


def test_wxr_output_is_byte_faithful_except_the_cards(tmp_path):
    out = tmp_path / "clean.xml"
    report = convert(EXAMPLE, out, ConvertOptions(format="wxr"))
    original = EXAMPLE.read_text(encoding="utf-8")
    cleaned = out.read_text(encoding="utf-8")
    assert cleaned.count('<section class="covid-card') == 5
    # Left as written: the escaped [[…]] card (WordPress unescapes it on the new site)
    # and the draft's card for the unknown region XX, which is reported as failed.
    assert '[[covid19-ultimate-card region="EG"]]' in cleaned
    assert '[covid19-ultimate-card region="XX" rtl="true"]' in cleaned
    assert [p.id for p in report.posts if p.failed] == [104]
    # Outside the rewritten contents, nothing changed.
    strip = re.compile(r"<content:encoded>.*?</content:encoded>", re.S)
    assert strip.sub("", original) == strip.sub("", cleaned)
    # Cards stored back into post content carry no newline for wpautop to break.
    assert all("\n" not in m for m in re.findall(r"<section.*?</section>", cleaned, re.S))
    from shortcodes.wxr import read_wxr

    assert len(list(read_wxr(out).posts())) == 5


@pytest.mark.parametrize("jobs", [1, 2])
def test_malformed_export_fails_cleanly_and_writes_nothing(tmp_path, jobs):
    bad = tmp_path / "bad.xml"
    bad.write_text(export(item()).replace("</item>", ""), encoding="utf-8")
    report = convert(bad, tmp_path / "site", ConvertOptions(jobs=jobs))
    assert report.failed and report.errors[0].line
    assert not (tmp_path / "site" / "index.html").exists()
    r = CliRunner().invoke(main, ["convert", str(bad), "-o", str(tmp_path / "x")])
    assert r.exit_code == 1 and "bad.xml:" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(
    "slug", ["../../etc/passwd", "/etc/passwd", "con", "", "a" * 500, "..", "x\x00y", "%2e%2e%2f"]
)
def test_hostile_slugs_stay_inside_the_output(tmp_path, slug):
    path = tmp_path / "e.xml"
    path.write_text(
        export(
            item(slug=slug.replace("\x00", "")), item(post_id="2", slug=slug.replace("\x00", ""))
        ),
        encoding="utf-8",
    )
    report = convert(path, tmp_path / "out")
    written = [p.path for p in report.posts]
    assert len(set(written)) == 2
    root = (tmp_path / "out").resolve()
    for rel in written:
        target = (root / rel).resolve()
        assert str(target).startswith(str(root)) and target.exists()
        assert len(target.name.encode()) <= 130
    assert not (tmp_path / "etc").exists()


def test_a_post_whose_card_fails_does_not_stop_the_others(tmp_path):
    path = tmp_path / "e.xml"
    items = [
        item(post_id="1", slug="a", content='[covid19-ultimate-card region="ZZ"]'),
        item(post_id="2", slug="b", content='[covid19-ultimate-card region="EG"]'),
    ]
    path.write_text(export(*items), encoding="utf-8")
    report = convert(path, tmp_path / "out", ConvertOptions(render=RenderOptions(strict=True)))
    assert [p.failed for p in report.posts] == [True, False]
    assert (tmp_path / "out" / "b" / "index.html").exists()
    assert report.posts[0].diagnostics[-1].post_id == 1


def test_cli_convert_summary_and_report(tmp_path):
    out = tmp_path / "site"
    rep = tmp_path / "report.json"
    r = CliRunner().invoke(main, ["convert", str(EXAMPLE), "-o", str(out), "--report", str(rep)])
    assert r.exit_code == 0, r.stderr
    assert "4 written, 1 skipped, 0 failed" in r.stderr
    import json

    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["totals"]["cards"] == 5 and len(data["posts"]) == 5


def test_scan_an_export(tmp_path):
    r = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--json"])
    import json

    data = json.loads(r.stdout)
    assert data["totals"]["shortcodes"] == 6
    assert {i["post_id"] for i in data["shortcodes"]} == {101, 102, 103, 104}


def test_arabic_sample_every_card_rendered(shared, tmp_path):
    report = convert(shared("data", "wxr", "arabic-news-sample.xml"), tmp_path / "site")
    cards = [c for p in report.posts for c in p.cards]
    assert len(cards) == 11
    site = tmp_path / "site"
    pages = [(site / p.path).read_text(encoding="utf-8") for p in report.posts if p.path]
    assert sum(page.count('<section class="covid-card') for page in pages) == 11
    literal = sum(page.count("[covid19-ultimate-card") for page in pages)
    assert literal == 3  # the escaped [[…]] ones, printed without their extra brackets


def test_posts_before_the_data_show_the_first_day(tmp_path):
    path = tmp_path / "e.xml"
    card = '[covid19-ultimate-card region="EG"]'
    path.write_text(
        export(item(content=card, date="2013-05-01 10:00:00", date_gmt="2013-05-01 08:00:00")),
        encoding="utf-8",
    )
    report = convert(path, tmp_path / "out")
    assert not report.failed
    assert [d.code for d in report.posts[0].diagnostics] == ["before-data"]
    assert report.posts[0].cards == [{"region": "EG", "date": "2020-01-22", "ok": True}]


# -- parallel conversion and the report on disk --------------------------------------


def _many_posts(tmp_path, n=23):
    items = []
    for i in range(1, n + 1):
        content = f"<p>منشور {i}</p>\n\n" + (
            "[covid19-ultimate-card region=”EG” rtl=”true”]\n\n"
            f'<a href="https://example.org/p{i - 1}/">prev</a>'
            if i % 3
            else '[covid19-ultimate-card region="ZZ"]'
        )
        items.append(
            item(
                post_id=str(i),
                slug=f"p{i}" if i % 5 else "same",  # collisions resolved the same way
                content=content,
                status="draft" if i % 7 == 0 else "publish",
                date=f"2021-0{1 + i % 9}-1{i % 10} 10:00:00",
                date_gmt=f"2021-0{1 + i % 9}-1{i % 10} 08:00:00",
            )
        )
    path = tmp_path / "many.xml"
    path.write_text(export(*items, language="ar"), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["html", "hugo", "jekyll"])
def test_parallel_conversion_gives_the_same_site_and_report(tmp_path, fmt):
    path = _many_posts(tmp_path)
    reports = {}
    for jobs in (1, 3):
        out = tmp_path / f"out-{jobs}"
        report = convert(path, out, ConvertOptions(format=fmt, jobs=jobs))
        report.output = "out"
        report.write_json(tmp_path / f"r-{jobs}.json")
        reports[jobs] = report
    assert tree(tmp_path / "out-1") == tree(tmp_path / "out-3")
    assert (tmp_path / "r-1.json").read_bytes() == (tmp_path / "r-3.json").read_bytes()
    assert [p.id for p in reports[3].posts] == list(range(1, 24))  # export order
    t = reports[3].totals()
    assert (t["items"], t["skipped"], t["cards_failed"]) == (23, 3, 6)  # 21 is a draft


def test_the_report_is_streamed_as_the_same_json(tmp_path):
    import json

    report = convert(_many_posts(tmp_path), tmp_path / "site", ConvertOptions(jobs=2))
    report.write_json(tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text == json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    data = json.loads(text)
    assert len(data["posts"]) == len(report.posts) == 23
    assert report.posts[-1].id == 23 and report.posts[0].diagnostics[0].code
    assert data["totals"]["warnings"] == sum(
        1 for p in data["posts"] for d in p["diagnostics"] if d["severity"] == "warning"
    )


class _Exploding:
    """A provider that breaks inside the worker processes (a bug, or a killed worker)."""

    def __init__(self, how):
        from shortcodes.data.snapshot import embedded_snapshot

        self.snapshot = embedded_snapshot()
        self.how = how
        self.first_date = self.snapshot.first_date

    def lookup(self, region, day=None):
        import os

        if self.how == "exit":
            os._exit(3)
        raise ZeroDivisionError("boom")

    def lookup_many(self, regions, day=None):
        return {r: self.lookup(r, day) for r in regions}


@pytest.mark.parametrize(
    "how,message", [("raise", "ZeroDivisionError: boom"), ("exit", "exit code 3")]
)
def test_a_failing_worker_is_an_error_not_a_hang(tmp_path, how, message):
    report = convert(
        _many_posts(tmp_path), tmp_path / "o", ConvertOptions(jobs=2), provider=_Exploding(how)
    )
    assert report.failed and report.errors[0].code == "worker-failed"
    assert message in report.errors[0].message
    assert not (tmp_path / "o" / "index.html").exists()


def test_links_by_post_id_and_by_permalink_are_rewritten(tmp_path):
    items = [
        item(
            post_id="1",
            slug="first",
            content='<a href="https://example.org/?p=2#top">2</a> <a href="/?page_id=3">3</a> '
            '<a href="https://example.org/third/">3 again</a> <a href="/?p=99">gone</a> '
            '<a href="https://elsewhere.org/?p=2">other site</a>',
        ),
        item(post_id="2", slug="second"),
        item(post_id="3", slug="third", post_type="page"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    convert(path, tmp_path / "site")
    first = (tmp_path / "site" / "first" / "index.html").read_text(encoding="utf-8")
    first = first.split("<!--entry-content-->")[1].split("<!--/entry-content-->")[0]  # the body
    assert 'href="../second/index.html#top"' in first
    assert first.count('href="../third/index.html"') == 2
    assert 'href="/?p=99"' in first and 'href="https://elsewhere.org/?p=2"' in first


@pytest.mark.parametrize(
    "content,quick",
    [
        ('<p>نص</p>\n\n[covid19-ultimate-card region=”EG” rtl=”true” bg-color="red"]\n\nبعد', True),
        (
            "x [covid19-ultimate-card region=”XX” foo=1]\n\n"
            "y [covid19-ultimate-card region=&#8221;AE&#8221;]",
            True,
        ),
        ('a\n\n[covid19-ultimate-card region="EG"\n   rtl=”true”]\n\nb', False),  # autop touches it
        ("[[covid19-ultimate-card region=”EG”]] then [covid19-ultimate-card region=”AE”]", False),
        ('&#91;covid19-ultimate-card region="EG"&#93; [covid19-ultimate-card region=”XX”]', False),
        ('<a title="[covid19-ultimate-card]">x</a>\n[covid19-ultimate-card region=“PS”]', False),
        ("[covid19-ultimate-card region=”EG” [covid19-ultimate-card region=”EG” wat=1]", False),
    ],
)
def test_findings_are_placed_in_the_stored_content(content, quick):
    # The quick placement (shifting each card's findings) must equal parsing again.
    from shortcodes.convert import the_content_html
    from shortcodes.convert.pipeline import _moved_to_source, _reparsed_in_source
    from shortcodes.data.snapshot import embedded_snapshot
    from shortcodes.render import CardRenderer

    html, _ = the_content_html(content)
    result = CardRenderer(embedded_snapshot()).render_text(html)
    sure = _reparsed_in_source(content, result, "lenient")
    assert sure, "every case has a finding"
    moved = _moved_to_source(content, result)
    assert (moved is not None) == quick
    assert moved is None or moved == sure
    for d in sure:
        if d.code.startswith("repaired"):
            assert content[d.offset :].startswith(d.attribute)


def test_workers_inherit_the_plan_and_write_what_one_process_writes(tmp_path):
    # The paths are planned here before forking; the workers use that plan for every
    # post and link, so the pages and the report are those of one process.
    path = _many_posts(tmp_path)
    one = convert(path, tmp_path / "one", ConvertOptions(jobs=1))
    report = convert(path, tmp_path / "two", ConvertOptions(jobs=2))
    # 20 files on disk, 6 of them with cards of unknown regions (marked as such).
    assert not report.errors and report.totals()["written"] == 20
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    # Cards that failed (unknown regions) still mark their posts as failed.
    assert [p.to_dict() for p in report.posts] == [p.to_dict() for p in one.posts]
    assert sum(p.failed for p in report.posts) == 6


@pytest.mark.parametrize("step", ["plan_request", "plan_apply"])
def test_a_failing_plan_writes_nothing_and_starts_no_worker(tmp_path, monkeypatch, step):
    # Planning is done before any worker starts: a bug there stops the run at once,
    # with nothing written and no process left waiting.
    import multiprocessing

    from shortcodes.writers.base import Writer

    def broken_plan(self, post):
        raise ZeroDivisionError("no plan")

    from shortcodes.writers.site import SiteWriter

    for cls in (Writer, SiteWriter):  # the site writer plans its own way (permalinks)
        monkeypatch.setattr(cls, step, broken_plan)
    with pytest.raises(ZeroDivisionError, match="no plan"):
        convert(_many_posts(tmp_path), tmp_path / "o", ConvertOptions(jobs=2))
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").rglob("*"))
    assert multiprocessing.active_children() == []


def test_parallel_only_by_default_where_forking_is_safe(monkeypatch):
    import threading

    from shortcodes.convert.api import SHARD_MIN_BYTES, jobs_for

    renderer = CardRenderer(embedded_snapshot())
    big = SHARD_MIN_BYTES * 10
    assert jobs_for(ConvertOptions(), big, renderer) > 1 or (os.cpu_count() or 1) == 1
    assert jobs_for(ConvertOptions(), SHARD_MIN_BYTES - 1, renderer) == 1
    assert jobs_for(ConvertOptions(format="wxr", jobs=3), big, renderer) == 1
    assert jobs_for(ConvertOptions(jobs=3), 10, renderer) == 3  # asked for: given
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # an app with other threads
    assert jobs_for(ConvertOptions(), big, renderer) == 1
