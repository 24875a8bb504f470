"""convert --format html as a deployable site: old URLs, archives, feeds, menus,
sitemap, redirect maps, search, reruns."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from conftest import ROOT, shared_path
from httpserver import static_host
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from pagefind_index import decoded_index
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.convert import ConvertOptions, convert
from shortcodes.site import SiteOptions
from shortcodes.writers.base import link_values

EXAMPLE = ROOT / "examples" / "export.xml"
NO_SEARCH = SiteOptions(search=False)


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that leads to no file of the site."""
    broken = []
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        for start, end in link_values(html):
            value = html[start:end].replace("&amp;", "&")
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("//", "#")) or not parts.path:
                continue
            start_at = site if parts.path.startswith("/") else page.parent  # 404.html: from /
            target = (start_at / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {value}")
    return broken


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def test_old_permalinks_are_served_decoded_and_encoded(tmp_path):
    site = tmp_path / "site"
    convert(EXAMPLE, site, ConvertOptions(site=NO_SEARCH))
    with static_host(site) as base:
        # The <link> of the export, percent-encoded as WordPress wrote it, and decoded.
        encoded = "/2021/06/02/%d9%85%d8%b5%d8%b1-%d9%83%d9%88%d8%b1%d9%88%d9%86%d8%a7/"
        status, body = get(base + encoded)
        assert status == 200 and "covid-card" in body.decode("utf-8")
        status, _ = get(base + quote("/2021/06/03/الخليج/"))
        assert status == 200
        for archive in (
            "/about/",
            "/category/%D8%B5%D8%AD%D8%A9/",
            "/tag/corona/",
            "/2021/06/",
            "/2021/06/02/",
            "/author/editor/",
            "/feed/index.xml",
            "/sitemap.xml",
        ):
            assert get(base + archive)[0] == 200, archive
    assert (site / "2021" / "06" / "02" / "مصر-كورونا" / "index.html").is_file()


def test_redirect_maps_come_from_one_table(tmp_path):
    site = tmp_path / "site"
    convert(EXAMPLE, site, ConvertOptions(site=NO_SEARCH))
    netlify = (site / "_redirects").read_text("utf-8")
    nginx = (site / "redirects.nginx.conf").read_text("utf-8")
    apache = (site / ".htaccess").read_text("utf-8")
    target = "/2021/06/02/%D9%85%D8%B5%D8%B1-%D9%83%D9%88%D8%B1%D9%88%D9%86%D8%A7/"
    assert f"/ p=101 {target} 301!" in netlify
    assert f'"/?p=101" "{target}";' in nginx
    assert f"RewriteCond %{{QUERY_STRING}} ^p=101$\nRewriteRule ^$ {target}? [R=301,L,NE]" in apache
    for old, new in (
        ("page_id=2", "/about/"),
        ("cat=2", "/category/%D8%B5%D8%AD%D8%A9/"),
        ("m=202106", "/2021/06/"),
        ("m=20210602", "/2021/06/02/"),
    ):
        assert f'"/?{old}" "{new}";' in nginx and f"/ {old} {new} 301!" in netlify
    assert '"/feed/" "/feed/index.xml";' in nginx
    # The same table for the home page's fallback, with paths relative to it.
    table = json.loads((site / "redirects.json").read_text("utf-8"))
    assert table["p=101"] == "2021/06/02/مصر-كورونا/index.html"
    assert (site / table["p=2"]).is_file()
    home = (site / "index.html").read_text("utf-8")
    assert "fetch('redirects.json')" in home and "location.search" in home


def test_redirect_maps_escape_what_servers_would_read(tmp_path):
    from shortcodes.writers.redirects import write_redirect_maps

    write_redirect_maps(tmp_path, [('/a b"$x;{', "/new/é/"), ("/same/", "/same/")])
    nginx = (tmp_path / "redirects.nginx.conf").read_text("utf-8")
    assert '"/a%20b%22%24x%3B%7B" "/new/%C3%A9/";' in nginx
    assert "/same/" not in nginx  # nothing to redirect
    assert "/a%20b%22%24x%3B%7B /new/%C3%A9/ 301" in (tmp_path / "_redirects").read_text()


def test_theme_unit_test_site_has_no_broken_link(shared, tmp_path):
    site = tmp_path / "site"
    report = convert(
        shared_path("data", "wxr", "themeunittestdata.wordpress.xml"),
        site,
        ConvertOptions(site=NO_SEARCH),
    )
    assert not report.errors
    assert broken_links(site) == []
    home = (site / "index.html").read_text("utf-8")
    # The menu with most items (Testing Menu / All Pages) as navigation, nested.
    assert '<nav class="site-nav"' in home and 'class="sub-menu"' in home
    # Paginated: 10 a page, page 2 exists and links back.
    assert home.count('<article class="entry entry--summary') == 10
    page2 = (site / "page" / "2" / "index.html").read_text("utf-8")
    assert 'href="../../index.html"' in page2 and 'rel="prev"' in page2
    # Sticky posts come first on the home page.
    first = home.split('<article class="entry entry--summary')[1]
    assert "sticky" in first.split(">")[0]
    # Attachment pages the gallery posts link to.
    assert (site / "2010/09/10/post-format-gallery/canola2/index.html").is_file()


def test_posts_have_excerpts_featured_images_comments_and_neighbours(tmp_path):
    comment = """<wp:comment><wp:comment_id>7</wp:comment_id>
<wp:comment_author><![CDATA[Reader]]></wp:comment_author>
<wp:comment_author_email><![CDATA[reader@example.com]]></wp:comment_author_email>
<wp:comment_author_IP><![CDATA[192.0.2.44]]></wp:comment_author_IP>
<wp:comment_date><![CDATA[2021-06-03 10:00:00]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[2021-06-03 08:00:00]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Thanks <script>alert(1)</script><b>a lot</b>]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_parent>0</wp:comment_parent>
</wp:comment><wp:comment><wp:comment_id>8</wp:comment_id>
<wp:comment_author><![CDATA[Spammer]]></wp:comment_author>
<wp:comment_content><![CDATA[buy now]]></wp:comment_content>
<wp:comment_approved><![CDATA[spam]]></wp:comment_approved></wp:comment>"""
    thumb = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>50</wp:meta_value></wp:postmeta>"
    )
    attachment = item(
        post_id="50",
        slug="pic",
        post_type="attachment",
        status="inherit",
        extra="<wp:attachment_url>https://example.org/wp-content/uploads/pic.jpg</wp:attachment_url>",
    )
    words = " ".join(f"word{n}" for n in range(80))
    items = [
        item(post_id="1", slug="old", date="2021-01-01 10:00:00", date_gmt="2021-01-01 10:00:00"),
        item(
            post_id="2",
            slug="middle",
            content=f"{words}<!--nextpage-->Second page",
            date="2021-02-01 10:00:00",
            date_gmt="2021-02-01 10:00:00",
            extra=thumb + comment,
        ),
        item(post_id="3", slug="new", date="2021-03-01 10:00:00", date_gmt="2021-03-01 10:00:00"),
        item(
            post_id="4",
            slug="secret",
            extra="<wp:post_password>pw</wp:post_password>",
            content="the secret text",
        ),
        attachment,
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    convert(path, site, ConvertOptions(site=NO_SEARCH))
    middle = (site / "middle" / "index.html").read_text("utf-8")
    assert 'rel="prev" href="../old/index.html"' in middle
    assert 'rel="next" href="../new/index.html"' in middle
    assert 'src="https://example.org/wp-content/uploads/pic.jpg"' in middle  # featured image
    assert "Second page" not in middle and 'href="2/index.html">2</a>' in middle
    assert "Second page" in (site / "middle" / "2" / "index.html").read_text("utf-8")
    # Approved comments only; never an e-mail address or IP; no script.
    assert "Reader" in middle and "<b>a lot</b>" in middle and "Spammer" not in middle
    assert "reader@example.com" not in middle and "192.0.2.44" not in middle
    assert "<script>alert" not in middle
    # Its comments feed, announced in its head, as WordPress has it at …/feed/.
    assert 'type="application/rss+xml" title="Test site » Middle' not in middle  # (title: Hello)
    assert 'href="../middle/feed/index.xml"' in middle or 'href="feed/index.xml"' in middle
    feed = ElementTree.parse(site / "middle" / "feed" / "index.xml").getroot()
    assert [i.findtext("link") for i in feed.findall("channel/item")] == [
        "https://example.org/middle/#comment-7"
    ]
    home = (site / "index.html").read_text("utf-8")
    assert "word54 [&hellip;]" in home and "word55" not in home  # 55 words, as WordPress
    # A protected post: its text nowhere.
    for f in site.rglob("*"):
        if f.is_file():
            assert b"the secret text" not in f.read_bytes(), f
    assert broken_links(site) == []


def test_feeds_keep_guids_and_every_page_announces_them(tmp_path):
    site = tmp_path / "site"
    convert(
        EXAMPLE, site, ConvertOptions(site=SiteOptions("https://new.example.com/", search=False))
    )
    feed = ElementTree.parse(site / "feed" / "index.xml").getroot()
    assert feed.tag == "rss" and feed.get("version") == "2.0"
    items = feed.findall("channel/item")
    assert [i.findtext("guid") for i in items][:1] == ["https://news.example.com/?p=103"]
    assert items[0].findtext("link") == "https://new.example.com/2021/11/01/block-dashboard/"
    content = items[0].findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "covid-card" in content and 'href="../' not in content
    assert (site / "category" / "صحة" / "feed" / "index.xml").is_file()
    assert (site / "tag" / "corona" / "feed" / "index.xml").is_file()
    assert (site / "comments" / "feed" / "index.xml").is_file()
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert '<link rel="alternate" type="application/rss+xml"' in html, page
    post = (site / "2021/06/02/مصر-كورونا/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://new.example.com/2021/06/02/مصر-كورونا/">' in post
    assert 'href="../../../../assets/site.css"' in post  # relative: works from disk
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://new.example.com/2021/06/02/%D9%85" in sitemap
    assert "Sitemap: https://new.example.com/sitemap.xml" in (site / "robots.txt").read_text()
    assert (site / "404.html").read_text("utf-8").count('href="/assets/site.css"') == 1


def test_arabic_site_is_right_to_left_and_a_post_in_another_script_too(tmp_path):
    site = tmp_path / "site"
    convert(EXAMPLE, site, ConvertOptions(site=NO_SEARCH))
    assert '<html lang="ar" dir="rtl">' in (site / "index.html").read_text("utf-8")
    path = tmp_path / "e.xml"
    path.write_text(export(item(post_id="1", slug="x", title="أرقام كورونا اليوم في مصر")), "utf-8")
    convert(path, tmp_path / "en", ConvertOptions(site=NO_SEARCH))
    assert '<html lang="ar" dir="rtl">' in (tmp_path / "en" / "x" / "index.html").read_text("utf-8")
    assert '<html lang="en" dir="ltr">' in (tmp_path / "en" / "index.html").read_text("utf-8")


def test_rerun_removes_what_is_no_longer_part_of_the_site_and_nothing_else(tmp_path):
    site = tmp_path / "site"
    drafts = ConvertOptions(statuses=("publish", "draft"), site=NO_SEARCH)
    report = convert(EXAMPLE, site, drafts)
    draft = next(p.path for p in report.posts if p.status == "draft")
    assert (site / draft).is_file() and draft in report.files
    (site / "CNAME").write_text("news.example.com")  # the user's own file
    report = convert(EXAMPLE, site, ConvertOptions(site=NO_SEARCH))
    assert not (site / draft).exists() and not (site / draft).parent.exists()
    assert (site / "CNAME").read_text() == "news.example.com"
    listed = (site / ".covid-shortcodes-manifest").read_text("utf-8").split()
    assert sorted(listed) == report.files
    on_disk = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert on_disk == sorted([*listed, ".covid-shortcodes-manifest", "CNAME"])


def test_search_index_is_built_offline_and_can_be_turned_off(tmp_path):
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    site = tmp_path / "site"
    report = convert(EXAMPLE, site)
    assert (site / "pagefind" / "0" / "pagefind-ui.js").is_file()
    assert any(name.startswith("pagefind/0/index/ar") for name in report.files)  # Arabic
    assert '"pagefind/0/"' in (site / "search" / "index.html").read_text("utf-8")
    assert 'action="search/index.html"' in (site / "index.html").read_text("utf-8")
    r = CliRunner().invoke(
        main, ["convert", str(EXAMPLE), "-o", str(tmp_path / "n"), "--no-search"]
    )
    assert r.exit_code == 0 and not (tmp_path / "n" / "pagefind").exists()
    assert "preview: python3 -m http.server -d" in r.stderr


CARD_POST = (
    '<p>kiwi</p>[covid19-ultimate-card region="EG" region-name="مصر الحبيبة"'
    ' confirmed-label="الحالات المؤكدة" deaths-label="الوفيات"]<p>mango</p>'
)


def _fragments(bundle) -> list[dict]:
    import gzip

    return [
        json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd") :])
        for p in bundle.glob("fragment/*.pf_fragment")
    ]


def test_search_indexes_a_cards_heading_not_its_figures(tmp_path):
    # The card's region is found; its labels, figures and source (the same on every
    # card) are not indexed, and the text around the card is.
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    path = tmp_path / "e.xml"
    path.write_text(export(item(post_id="4", slug="d", title="Card", content=CARD_POST)), "utf-8")
    site = tmp_path / "site"
    convert(path, site)
    page = (site / "d" / "index.html").read_text("utf-8")
    assert "الحالات المؤكدة" in page and "JHU" in page  # on the page itself
    (fragment,) = _fragments(site / "pagefind" / "0")
    text = fragment["content"]
    assert "مصر الحبيبة" in text and "kiwi" in text and "mango" in text
    assert "الحالات المؤكدة" not in text and "JHU" not in text and "الوفيات" not in text
    # The same index as Pagefind's own exclusion of those parts from the whole page.
    import subprocess
    import sys

    from shortcodes.site.build import CARD_IGNORED

    whole, out = tmp_path / "whole", tmp_path / "index"
    (whole / "d").mkdir(parents=True)
    (whole / "d" / "index.html").write_text(page, "utf-8")
    cmd = [sys.executable, "-m", "pagefind", "--site", str(whole), "--output-path", str(out)]
    cmd += ["--exclude-selectors", ", ".join(CARD_IGNORED), "--keep-index-url", "--silent"]
    subprocess.run(cmd, check=True)
    assert decoded_index(site / "pagefind" / "0") == decoded_index(out)


def test_search_entry_file_is_the_same_bytes_on_every_run(tmp_path):
    # Pagefind lists the languages of pagefind-entry.json in no fixed order; the site
    # writes them most pages first (then by code), so a rerun leaves the file as it was.
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    items = [
        item(post_id="1", slug="a", title="kiwi", content="<p>kiwi</p>"),
        item(post_id="2", slug="b", title="أرقام كورونا", content="<p>الخليج العربي</p>"),
        item(post_id="3", slug="c", title="mango", content="<p>mango</p>"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    runs = []
    for _ in range(4):
        convert(path, site)
        runs.append((site / "pagefind" / "0" / "pagefind-entry.json").read_bytes())
    assert len(set(runs)) == 1
    languages = json.loads(runs[0])["languages"]
    assert list(languages) == ["en", "ar"]  # two pages, then one
    assert [v["page_count"] for v in languages.values()] == [2, 1]


def test_search_index_is_what_pagefind_makes_of_the_whole_pages(tmp_path, monkeypatch):
    # Pagefind is given only the part of each page it reads; its index must be the
    # one it makes of the pages as written (an untitled post's result is titled by
    # the page's <title>, an Arabic post's words stemmed as Arabic).
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    import shutil
    import subprocess
    import sys

    import shortcodes.site.build as build

    monkeypatch.setattr(build, "SEARCH_BATCH", 10_000)  # one bundle, as one run below
    items = [
        item(post_id="1", slug="a", title="", content="<h2 id='x'>Untitled</h2><p>kiwi</p>"),
        item(post_id="2", slug="b", title="أرقام كورونا", content="<p>الخليج العربي</p>"),
        item(post_id="3", slug="c", title="Paged", content="one<!--nextpage-->two banana"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    convert(path, site)
    whole = tmp_path / "whole"
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        if "data-pagefind-body" in html and "pagefind" not in page.relative_to(site).parts:
            target = whole / page.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
    assert len(list(whole.rglob("*.html"))) == 4  # the posts' pages, the second page too
    out = tmp_path / "index"
    cmd = [sys.executable, "-m", "pagefind", "--site", str(whole), "--output-path", str(out)]
    subprocess.run([*cmd, "--keep-index-url", "--silent"], check=True)
    # Decoded, page by page (see pagefind_index): Pagefind numbers the pages in the
    # order it walks them, so equal indexes need not be equal bytes.
    got, expected = decoded_index(site / "pagefind" / "0"), decoded_index(out)
    assert sorted(got["fragments"]) == [
        "/a/index.html",
        "/b/index.html",
        "/c/2/index.html",
        "/c/index.html",
    ]
    page_title = (site / "a" / "index.html").read_text("utf-8").split("<title>")[1]
    assert got["fragments"]["/a/index.html"]["meta"]["title"] == page_title.split("<")[0]
    assert "الخليج" in got["fragments"]["/b/index.html"]["content"]
    assert set(got["languages"]) == {"en", "ar"} and "banana" in got["languages"]["en"]["words"]
    assert got == expected


def test_report_lists_every_file_and_the_cli_takes_site_options(tmp_path):
    out, rep = tmp_path / "s", tmp_path / "r.json"
    args = [
        "convert",
        str(EXAMPLE),
        "-o",
        str(out),
        "--report",
        str(rep),
        "--no-search",
        "--base-url",
        "https://x.example/news/",
        "--posts-per-page",
        "1",
    ]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.stderr
    files = json.loads(rep.read_text("utf-8"))["files"]
    assert "index.html" in files and "page/3/index.html" in files
    assert all((out / f).is_file() for f in files)
    assert '"/?p=101" "/news/2021/06/02/' in (out / "redirects.nginx.conf").read_text()


def test_parallel_site_is_the_same(tmp_path):
    comment = (
        "<wp:comment><wp:comment_id>{n}</wp:comment_id><wp:comment_author>R{n}"
        "</wp:comment_author><wp:comment_content>Nice {n}</wp:comment_content>"
        "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
    )
    items = [
        item(
            extra=comment.format(n=n),
            post_id=str(n),
            slug=f"p{n}",
            date=f"2021-0{1 + n % 9}-0{1 + n % 8} 10:00:00",
            date_gmt=f"2021-0{1 + n % 9}-0{1 + n % 8} 10:00:00",
        )
        for n in range(1, 40)
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    trees = []
    for jobs in (1, 2):
        out = tmp_path / f"o{jobs}"
        convert(path, out, ConvertOptions(jobs=jobs, site=NO_SEARCH))
        trees.append(
            {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
        assert broken_links(out) == []
    assert trees[0] == trees[1]
    assert 'rel="next"' in trees[0]["p1/index.html"].decode()  # neighbours from the plan
    assert all(f"Nice {n}" in trees[0][f"p{n}/index.html"].decode() for n in range(1, 40))


def test_paths_stay_inside_the_output(tmp_path):
    items = [
        item(post_id="1", slug="a", link="https://example.org/../../etc/passwd/"),
        item(post_id="2", slug="b", link="https://example.org/con/%2e%2e/x/"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    report = convert(path, tmp_path / "o", ConvertOptions(site=NO_SEARCH))
    for p in report.posts:
        assert ".." not in p.path.split("/")
        assert (tmp_path / "o" / p.path).resolve().is_relative_to((tmp_path / "o").resolve())
    assert not (tmp_path / "etc").exists() and os.listdir(tmp_path / "o")


def test_site_url_must_be_an_address(tmp_path):
    r = CliRunner().invoke(main, ["convert", str(EXAMPLE), "-o", str(tmp_path), "--base-url", "x"])
    assert r.exit_code == 2 and "not an http(s) address" in r.stderr


def test_an_old_address_that_had_to_change_is_redirected(tmp_path):
    # Two permalinks that only differ in case cannot both be files on every host, and
    # a Windows-reserved name is not a file name: the second is renamed, and redirected.
    items = [
        item(post_id="1", slug="news", link="https://example.org/News/"),
        item(post_id="2", slug="news", link="https://example.org/news/"),
        item(post_id="3", slug="con", link="https://example.org/con/"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    report = convert(path, tmp_path / "o", ConvertOptions(site=NO_SEARCH))
    assert [p.path for p in report.posts] == [
        "News/index.html",
        "news-2/index.html",
        "con-/index.html",
    ]
    nginx = (tmp_path / "o" / "redirects.nginx.conf").read_text()
    assert '"/news/" "/news-2/";' in nginx and '"/con/" "/con-/";' in nginx
    assert '"/News/" "' not in nginx  # served where it was


@pytest.mark.parametrize(
    "name", ["64-block-test-data.xml", "arabic-news-sample.xml", "small-export.xml"]
)
def test_shared_exports_have_no_broken_link(shared, tmp_path, name):
    site = tmp_path / "site"
    report = convert(shared_path("data", "wxr", name), site, ConvertOptions(site=NO_SEARCH))
    assert not report.errors
    assert broken_links(site) == []
    assert (site / "sitemap.xml").is_file() and (site / "404.html").is_file()


def _menu_item(
    post_id: str,
    order: int,
    kind: str,
    url: str = "",
    object_id: str = "0",
    parent: str = "0",
    title: str = "",
) -> str:
    meta = "".join(
        f"<wp:postmeta><wp:meta_key>{k}</wp:meta_key><wp:meta_value><![CDATA[{v}]]>"
        "</wp:meta_value></wp:postmeta>"
        for k, v in (
            ("_menu_item_type", kind),
            ("_menu_item_url", url),
            ("_menu_item_object_id", object_id),
            ("_menu_item_menu_item_parent", parent),
            ("_menu_item_object", "page" if kind == "post_type" else "custom"),
        )
    )
    extra = '<category domain="nav_menu" nicename="main"><![CDATA[Main]]></category>'
    extra += f"<wp:menu_order>{order}</wp:menu_order>{meta}"
    return item(
        post_id=post_id, slug=f"m{post_id}", title=title, post_type="nav_menu_item", extra=extra
    )


def test_menus_link_to_the_new_pages_and_never_run_script(tmp_path):
    items = [
        item(post_id="1", slug="about", title="About us", post_type="page"),
        item(post_id="2", slug="news", title="News"),
        _menu_item("10", 1, "post_type", object_id="1"),  # its title: the page's
        _menu_item("11", 2, "custom", url="javascript:alert(1)", title="Evil"),
        _menu_item("12", 3, "custom", url="https://example.org/news/", title="Latest", parent="10"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    convert(path, site, ConvertOptions(site=NO_SEARCH))
    news = (site / "news" / "index.html").read_text("utf-8")
    nav = news.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert '<a href="../about/index.html">About us</a><ul class="sub-menu">' in nav
    assert '<a href="../news/index.html">Latest</a>' in nav
    assert "javascript" not in news and "<span>Evil</span>" in nav
    assert broken_links(site) == []


def test_block_theme_navigation_is_used_without_classic_menus(tmp_path):
    nav = (
        '<!-- wp:navigation-link {"label":"Home page","url":"https://example.org/"} /-->'
        '<!-- wp:navigation-link {"label":"News","url":"https://example.org/news/","id":2} /-->'
    )
    items = [
        item(post_id="2", slug="news", title="News"),
        item(
            post_id="5", slug="navigation", title="Header", post_type="wp_navigation", content=nav
        ),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    convert(path, site, ConvertOptions(site=NO_SEARCH))
    home = (site / "index.html").read_text("utf-8")
    assert '<a href="index.html">Home page</a>' in home
    assert '<a href="news/index.html">News</a>' in home


def test_percent_encoded_spellings_are_mapped_without_loops(tmp_path):
    site = tmp_path / "site"
    convert(EXAMPLE, site, ConvertOptions(site=NO_SEARCH))
    nginx = (site / "redirects.nginx.conf").read_text("utf-8")
    lower = "/2021/06/03/%d8%a7%d9%84%d8%ae%d9%84%d9%8a%d8%ac/"
    assert f'"{lower}" "{lower.upper().replace("/2021", "/2021")}";' in nginx
    apache = (site / ".htaccess").read_text("utf-8")
    assert "%d8%a7" not in apache  # Apache finds the decoded file: no rule to itself
    with static_host(site) as base:  # and a host that decodes serves it, no redirect
        assert get(base + lower)[0] == 200


def test_archives_written_by_forked_processes_are_the_same(tmp_path, monkeypatch):
    import shortcodes.site.build as build

    trees = []
    for parallel_from in (1, 10**9):
        monkeypatch.setattr(build, "PARALLEL_FROM", parallel_from)
        out = tmp_path / f"o{parallel_from}"
        report = convert(EXAMPLE, out, ConvertOptions(site=NO_SEARCH))
        trees.append({f: (out / f).read_bytes() for f in report.files})
    assert trees[0] == trees[1] and "tag/corona/feed/index.xml" in trees[0]


def test_a_link_inside_the_output_cannot_lead_out(tmp_path):
    from shortcodes.errors import OutputError
    from shortcodes.writers.paths import inside

    out, elsewhere = tmp_path / "o", tmp_path / "elsewhere"
    (out / "2021" / "06").mkdir(parents=True)
    elsewhere.mkdir()
    (out / "2021" / "06" / "02").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputError):
        inside(out, "2021/06/02/slug/index.html")
    assert inside(out, "2021/06/03/slug/index.html").parent.name == "slug"


def test_query_string_archive_links_in_posts_point_at_the_archives(tmp_path):
    content = (
        '<a href="https://example.org/?cat=7">c</a> <a href="/?m=202106">m</a> '
        '<a href="https://example.org/?tag=virus">t</a> <a href="/?cat=999">gone</a>'
    )
    head = (
        "<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>health</wp:category_nicename>"
        "<wp:category_parent></wp:category_parent><wp:cat_name>Health</wp:cat_name></wp:category>"
    )
    post = item(
        post_id="1",
        slug="a",
        content=content,
        extra='<category domain="post_tag" nicename="virus"><![CDATA[Virus]]></category>',
    )
    path = tmp_path / "e.xml"
    path.write_text(export(head, post), encoding="utf-8")  # the category in the channel
    site = tmp_path / "site"
    convert(path, site, ConvertOptions(site=NO_SEARCH))
    body = (site / "a" / "index.html").read_text("utf-8").split("<!--entry-content-->")[1]
    assert 'href="../category/health/index.html"' in body
    assert 'href="../2021/06/index.html"' in body and 'href="../tag/virus/index.html"' in body
    assert 'href="/?cat=999"' in body
    assert broken_links(site) == []


_EXCERPT_PIECES = [
    "a",
    "كلمة",
    " ",
    "\n",
    "\t",
    "\r",
    "\u00a0",
    "\u3000",
    "<p>",
    "</p>",
    "<b",
    ">",
    "<",
    "<script>x y</script>",
    "<STYLE>z</style>",
    "<a href='x y'>",
    "<!-- c d -->",
]
_PIECES = st.lists(st.sampled_from(_EXCERPT_PIECES), max_size=40).map("".join)


@given(
    st.integers(0, 1500),
    _PIECES,
    st.integers(0, 70),
    _PIECES,
    st.integers(0, 3000),
    st.sampled_from([0, 1, 55]),
)
@settings(max_examples=300, deadline=None)
def test_an_excerpt_is_the_first_words_of_the_whole_text(before, head, words, tail, after, count):
    from shortcodes.site.excerpt import EXCERPT_MORE, wp_strip_all_tags, wp_trim_words

    # Long texts: the words anywhere among kilobytes of markup and odd spaces.
    body = " ".join(f"w{i}" for i in range(words))
    text = "<i>" * before + head + body + tail + "<b>" * after + head
    # WordPress's wp_trim_words: every word of the text without tags, the first `count`.
    found = [w for w in wp_strip_all_tags(text).split(" ") if w]
    expected = " ".join(found[:count]) + (EXCERPT_MORE if len(found) > count else "")
    assert wp_trim_words(text, count) == expected


def test_a_posts_block_css_cannot_end_its_style_element():
    # Layers below strip such values from block attributes; the writers' <style> holds
    # even if one got through: no `</` is printed, media queries keep their `<=`.
    from shortcodes.writers.blockcss import style_element

    css = "@media (width <= 480px){.a{gap:1px}}.b{x:'</style><script>alert(1)</script>'}"
    element = style_element(css)
    assert element.count("</") == 1 and element.endswith("</style>")
    assert "@media (width <= 480px)" in element
    assert style_element("") == ""


def test_a_shared_link_keeps_its_title_text_and_picture(tmp_path):
    # A post's page describes itself as the SEO plugin had it (Yoast's description and
    # Open Graph title), else by its excerpt, with its featured image as the picture, at
    # the published site's addresses; a protected post gives away none of its text.
    def meta(key, value):
        return (
            f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
            f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>"
        )

    items = [
        item(
            post_id="2",
            title="Cairo & figures",
            slug="cairo",
            content="<p>Body words about Cairo.</p>",
            extra=meta("_thumbnail_id", "50")
            + meta("_yoast_wpseo_metadesc", 'Today\'s "figures" for Cairo')
            + meta("_yoast_wpseo_opengraph-title", "Cairo, today"),
        ),
        item(post_id="3", slug="plain", content="<p>First words here.</p><p>More.</p>"),
        item(
            post_id="4",
            slug="secret",
            extra="<wp:post_password>pw</wp:post_password>"
            + meta("_yoast_wpseo_metadesc", "the secret summary"),
            content="the secret text",
        ),
        item(
            post_id="50",
            slug="pic",
            post_type="attachment",
            status="inherit",
            extra="<wp:attachment_url>https://example.org/wp-content/uploads/pic.jpg"
            "</wp:attachment_url>",
        ),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    site = tmp_path / "site"
    convert(
        path, site, ConvertOptions(site=SiteOptions(search=False, site_url="https://n.example/"))
    )

    def head(rel):
        root = lxml_html.fromstring((site / rel).read_bytes())
        found = {m.get("name") or m.get("property"): m.get("content") for m in root.iter("meta")}
        return {k: v for k, v in found.items() if k}

    cairo = head("cairo/index.html")
    assert cairo["description"] == 'Today\'s "figures" for Cairo'
    assert cairo["og:title"] == "Cairo, today"
    assert cairo["og:url"] == "https://n.example/cairo/"
    assert cairo["og:image"] == "https://example.org/wp-content/uploads/pic.jpg"
    assert cairo["twitter:card"] == "summary_large_image"
    plain_page = head("plain/index.html")
    assert plain_page["description"] == "First words here. More."
    assert plain_page["og:title"] == "Hello" and plain_page["twitter:card"] == "summary"
    secret = (site / "secret" / "index.html").read_text("utf-8")
    assert "secret summary" not in secret and "secret text" not in secret
