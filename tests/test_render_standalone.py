"""render --standalone: the post as WordPress formats it, in a titled page."""

from __future__ import annotations

import re

from click.testing import CliRunner
from conftest import ROOT

from shortcodes.cli import main

ARTICLE = ROOT / "examples" / "article.txt"


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_standalone_page_has_paragraphs_curly_quotes_and_a_title(tmp_path):
    src = tmp_path / "post.txt"
    src.write_text(
        'The "headline"\n\nFirst paragraph\nwith a line break.\n\nSecond -- "quoted".\n\n'
        '[covid19-ultimate-card region="EG"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "page.html"
    r = run("render", src, "--standalone", "--as-of", "2021-06-01", "-o", out, "-q")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    body = page[page.index("<body>") :]
    assert "<p>First paragraph<br />\nwith a line break.</p>" in body  # wpautop
    assert "<p>Second &#8212; &#8220;quoted&#8221;.</p>" in body  # wptexturize
    assert not re.search(r"<p>\s*<section", body)  # the card is not inside a paragraph
    assert "<title>The &#34;headline&#34;</title>" in page
    assert '<html lang="en" dir="ltr">' in page

    r = run("render", src, "--standalone", "--title", "Cards <&>", "-o", out, "-q")
    assert "<title>Cards &lt;&amp;&gt;</title>" in out.read_text(encoding="utf-8")


def test_arabic_article_page_is_titled_by_its_headline(tmp_path):
    out = tmp_path / "page.html"
    r = run("render", ARTICLE, "--standalone", "--as-of", "2021-06-01", "-o", out, "-q")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    headline = ARTICLE.read_text(encoding="utf-8").splitlines()[0].strip()
    assert f"<title>{headline}</title>" in page and "<title>COVID-19</title>" not in page
    assert '<html lang="ar" dir="rtl">' in page
    assert page.count("<p>") > 3 and page.count('<section class="covid-card') == 4
