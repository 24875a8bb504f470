"""render-site: leftover shortcodes in a migrated site, replaced in place, once."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from shortcodes.cli import main
from shortcodes.data.snapshot import embedded_snapshot
from shortcodes.render import CardRenderer, RenderOptions
from shortcodes.render_site import render_site

HTML = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><title>x</title></head><body>
<p>نص</p>
<p>[covid19-ultimate-card region=”EG” rtl=”true”]</p>
<p>&#91;covid19-ultimate-card region=&#8221;AE&#8221;&#93;</p>
</body></html>
"""
MARKDOWN = """# عنوان

\\[covid19-ultimate-card region="PS" rtl="true"\\]

نص بعد البطاقة.
"""


def make_site(tmp_path):
    site = tmp_path / "public"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "a.html").write_text(HTML, encoding="utf-8")
    (site / "posts" / "b.md").write_text(MARKDOWN, encoding="utf-8")
    (site / "posts" / "plain.html").write_text("<p>no cards</p>", encoding="utf-8")
    return site


def renderer():
    return CardRenderer(embedded_snapshot(), RenderOptions(as_of=dt.date(2021, 6, 1)))


def test_replaces_raw_entity_encoded_and_markdown_escaped_cards(tmp_path):
    site = make_site(tmp_path)
    report = render_site(site, renderer())
    assert sorted(c.cards for c in report.changed) == [1, 2]
    html = (site / "posts" / "a.html").read_text(encoding="utf-8")
    assert html.count('<section class="covid-card') == 2 and "covid19-ultimate-card" not in html
    assert html.count('id="covid-shortcodes-card-css"') == 1  # stylesheet added once
    md = (site / "posts" / "b.md").read_text(encoding="utf-8")
    assert "\n\n<section" in md and "</section>\n\n" in md  # a raw HTML block
    assert (site / "posts" / "plain.html").read_text() == "<p>no cards</p>"


def test_second_run_changes_nothing(tmp_path):
    site = make_site(tmp_path)
    render_site(site, renderer())
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    report = render_site(site, renderer())
    assert report.changed == []
    assert before == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_dry_run_shows_a_diff_and_writes_nothing(tmp_path):
    site = make_site(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    r = CliRunner().invoke(main, ["render-site", str(site), "--dry-run", "--as-of", "2021-06-01"])
    assert r.exit_code == 0, r.stderr
    assert '+<section class="covid-card' in r.stdout and "-<p>[covid19-ultimate-card" in r.stdout
    assert "2 of 3 file(s) would change" in r.stderr
    assert before == {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}


WP2MD = """---
title: "مقال"
date: "2021-06-02T09:30:00.000Z"
---

نص.

\\[covid19-ultimate-card region="EG" rtl="true"\\]

يكتب هكذا: \\[\\[covid19-ultimate-card region="AE"\\]\\] ليظهر كما هو.
"""


def test_markdown_escaped_escaped_cards_stay_literal_and_scan_says_escaped(tmp_path):
    site = tmp_path / "content"
    site.mkdir()
    (site / "post.md").write_text(WP2MD, encoding="utf-8")
    r = CliRunner().invoke(main, ["scan", str(site), "--json"])
    found = __import__("json").loads(r.stdout)
    assert found["totals"]["escaped"] == 1 and found["totals"]["shortcodes"] == 1
    assert found["totals"]["with_problems"] == 1  # the live one; the literal is no problem
    report = render_site(site, CardRenderer(embedded_snapshot()))
    assert [c.cards for c in report.changed] == [1]
    md = (site / "post.md").read_text(encoding="utf-8")
    assert md.count('<section class="covid-card') == 1
    assert '\\[\\[covid19-ultimate-card region="AE"\\]\\]' in md  # as written, literal


def test_each_file_shows_the_figures_of_its_own_date(tmp_path):
    site = tmp_path / "content"
    site.mkdir()
    (site / "post.md").write_text(WP2MD, encoding="utf-8")
    (site / "toml.md").write_text(
        '+++\ndate = 2021-01-02T10:00:00+02:00\n+++\n\\[covid19-ultimate-card region="EG"\\]\n',
        encoding="utf-8",
    )
    (site / "page.html").write_text(
        '<html><head><meta property="article:published_time" content="2022-01-11T08:00:00Z">'
        '</head><body><p>[covid19-ultimate-card region="EG"]</p></body></html>',
        encoding="utf-8",
    )
    (site / "undated.md").write_text('\\[covid19-ultimate-card region="EG"\\]\n', encoding="utf-8")
    render_site(site, CardRenderer(embedded_snapshot()))
    read = lambda name: (site / name).read_text(encoding="utf-8")  # noqa: E731
    # Published 2021-06-02 09:30 GMT: the figures of 2021-06-01 (as convert shows them).
    assert '<data value="263606">' in read("post.md")
    assert '<data value="139471">' in read("toml.md")  # 2021-01-02 08:00 GMT → 1 January
    assert 'datetime="2022-01-10' in read("page.html")
    assert 'datetime="2023-03-09' in read("undated.md")  # no date: the latest day
    # --as-of still decides for every file.
    r = CliRunner().invoke(main, ["render-site", str(site), "--as-of", "2021-06-01", "-q"])
    assert r.exit_code == 0 and "0 of 4 file(s) changed" in r.stderr  # idempotent


def test_markdown_files_get_the_stylesheet_once(tmp_path):
    site = tmp_path / "content"
    site.mkdir()
    (site / "post.md").write_text(WP2MD + '\n\\[covid19-ultimate-card region="PS"\\]\n')
    render_site(site, renderer())
    md = (site / "post.md").read_text(encoding="utf-8")
    assert md.count('<style id="covid-shortcodes-card-css">') == 1
    assert md.index("<style") < md.index('<section class="covid-card')
    assert ".covid-card__value--lead" in md
    # A raw HTML block: no blank line inside the style or a card.
    block = md[md.index("<style") : md.index("</style>")]
    assert "\n\n" not in block


def test_bare_cards_take_the_language_of_their_page(tmp_path):
    site = tmp_path / "public"
    site.mkdir()
    (site / "a.html").write_text(
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head></head><body>'
        "<p>[covid19-ultimate-card]</p></body></html>",
        encoding="utf-8",
    )
    (site / "b.md").write_text(
        '---\nlang: en\n---\n\\[covid19-ultimate-card rtl="true"\\]\n', encoding="utf-8"
    )
    render_site(site, renderer())
    html = (site / "a.html").read_text(encoding="utf-8")
    assert '<section class="covid-card covid-card--rtl" dir="rtl" lang="ar"' in html
    assert "إجمالي الحالات" in html
    md = (site / "b.md").read_text(encoding="utf-8")
    assert 'dir="rtl" lang="en"' in md  # rtl="true" says so, in an English page
