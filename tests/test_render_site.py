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
