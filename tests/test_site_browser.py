"""The converted site in a real headless Chromium: no page wider than the phone or
desktop it is read on, right-to-left where the export is Arabic. Screenshots at 360
and 1280 px go to test-artifacts/ for a person to look at."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, shared_path
from test_browser import ARTIFACTS, browser  # noqa: F401 - the Chromium fixture

from shortcodes.convert import ConvertOptions, convert
from shortcodes.site import SiteOptions

pytestmark = pytest.mark.browser
# The Theme Unit Test's stress posts: long words, wide images, tables, alignments, lists.
STRESS = re.compile(
    r"Antidisestablishmentarianism|Markup|Alignment|Image|Table|List|Columns?|Gallery|Cover|"
    r"Title With|Embed|Excerpt|Blocks?:",
    re.I,
)


def widths_exceeded(page, urls: list[str], width: int) -> list[str]:
    page.set_viewport_size({"width": width, "height": 900})
    wide = []
    for url in urls:
        page.goto(url, wait_until="load")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide.append(f"{url} is {scroll}px wide at {width}px")
    return wide


def test_theme_unit_test_pages_fit_every_width(browser, tmp_path):  # noqa: F811
    site = tmp_path / "site"
    report = convert(
        shared_path("data", "wxr", "themeunittestdata.wordpress.xml"),
        site,
        ConvertOptions(site=SiteOptions(search=False)),
    )
    chosen = [p for p in report.posts if p.path and STRESS.search(p.title or "")]
    assert len(chosen) >= 8
    urls = [(site / "index.html").as_uri(), (site / "page" / "2" / "index.html").as_uri()]
    urls += [(site / p.path).as_uri() for p in chosen]
    page = browser.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    wide = []
    for width in (320, 360, 768, 1280, 1440):
        wide += widths_exceeded(page, urls, width)
    assert wide == []
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in (("home", urls[0]), ("stress", urls[2])):
            page.goto(url)
            page.screenshot(path=str(ARTIFACTS / f"site-{name}-{width}.png"), full_page=True)
    page.close()


def test_arabic_site_reads_right_to_left(browser, tmp_path):  # noqa: F811
    site = tmp_path / "site"
    convert(ROOT / "examples" / "export.xml", site)  # with the search form in the header
    page = browser.new_page(viewport={"width": 360, "height": 800})
    for rel in ("index.html", "2021/06/03/الخليج/index.html", "category/صحة/index.html"):
        page.goto((site / rel).as_uri())
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        assert page.evaluate("document.documentElement.lang") == "ar"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, rel
        # Only one card stylesheet, loaded: cards have their colours.
        assert (
            page.evaluate("document.querySelectorAll('link[href$=\"covid-card.css\"]').length") == 1
        )
    page.goto((site / "index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / "site-arabic-home-360.png"), full_page=True)
    title = page.query_selector(".site-title").bounding_box()
    assert title["x"] + title["width"] > 300  # the site's title on the right
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto((site / "2021/06/02/مصر-كورونا/index.html").as_uri())
    page.screenshot(path=str(ARTIFACTS / "site-arabic-post-1280.png"), full_page=True)
    page.close()


def test_search_finds_arabic_words_across_bundles(browser, tmp_path, monkeypatch):  # noqa: F811
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    from httpserver import static_host

    import shortcodes.site.build as build

    monkeypatch.setattr(build, "SEARCH_BATCH", 2)  # several bundles, merged by the page
    site = tmp_path / "site"
    convert(ROOT / "examples" / "export.xml", site)
    assert (site / "pagefind" / "1").is_dir()
    with static_host(site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(base + "/search/index.html?q=" + "الخليج")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "es => es.map(e => e.href)")
        page.screenshot(path=str(ARTIFACTS / "site-search-360.png"), full_page=True)
        page.close()
    assert any("%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC" in link for link in links), links


def test_a_posts_block_layouts_and_visibility_are_as_wordpress_styled_them(browser, tmp_path):  # noqa: F811
    # The CSS WordPress prints for a post's block supports goes with its page: a flex
    # group keeps its vertical direction, centring and own gap, a block hidden on phones is hidden
    # there and shown on a desktop, a block hidden in the editor is not in the page, a
    # duotone image has the SVG filter it refers to.
    from wxrfactory import export, item

    body = (
        '<!-- wp:group {"style":{"spacing":{"blockGap":"37px"}},"layout":{"type":"flex",'
        '"orientation":"vertical","justifyContent":"center"}} -->'
        '<div class="wp-block-group" id="flex">'
        "<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->"
        "<!-- wp:paragraph --><p>Two</p><!-- /wp:paragraph --></div><!-- /wp:group -->"
        '<!-- wp:paragraph {"metadata":{"blockVisibility":{"viewport":{"mobile":false}}}} -->'
        '<p id="desktop-only">Only on larger screens</p><!-- /wp:paragraph -->'
        '<!-- wp:paragraph {"metadata":{"blockVisibility":false}} -->'
        "<p>An editor's hidden note</p><!-- /wp:paragraph -->"
        '<!-- wp:image {"style":{"color":{"duotone":["#000000","#ffffff"]}}} -->'
        '<figure class="wp-block-image"><img id="toned" src="a.png" alt=""/></figure>'
        "<!-- /wp:image -->"
    )
    export_file = tmp_path / "export.xml"
    export_file.write_text(export(item("7", "Layouts", body, slug="layouts")), "utf-8")
    site = tmp_path / "site"
    convert(export_file, site, ConvertOptions(site=SiteOptions(search=False)))
    page_file = next(site.rglob("layouts/index.html"))
    assert "An editor's hidden note" not in page_file.read_text("utf-8")
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(page_file.as_uri())
    flex = "getComputedStyle(document.getElementById('flex'))"
    assert page.evaluate(f"{flex}.display") == "flex"
    assert page.evaluate(f"{flex}.flexDirection") == "column"
    assert page.evaluate(f"{flex}.alignItems") == "center"
    assert page.evaluate(f"{flex}.rowGap") == "37px"  # its own container rule
    shown = "getComputedStyle(document.getElementById('desktop-only')).display"
    assert page.evaluate(shown) == "none"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.evaluate(shown) == "block"
    # The duotone image is filtered by an SVG filter that is in the page.
    toned = page.evaluate("getComputedStyle(document.getElementById('toned')).filter")
    filter_id = re.fullmatch(r'url\("#([^"]+)"\)', toned)[1]
    assert page.evaluate(f"document.getElementById('{filter_id}').tagName") == "filter"
    page.close()
