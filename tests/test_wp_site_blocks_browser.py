"""A post's search block on the static site, in a real Chromium: typing words into the
form WordPress printed and pressing Enter opens the site's search page with its results."""

from __future__ import annotations

import pytest
from httpserver import static_host
from test_browser import browser  # noqa: F401 - the Chromium fixture
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.site import SiteOptions


def test_a_posts_search_form_finds_posts_on_the_static_site(browser, tmp_path):  # noqa: F811
    pytest.importorskip("pagefind_bin_extended", reason="pagefind[extended] not installed")
    form = '<!-- wp:search {"label":"Search the archive","buttonText":"Find"} /-->'
    path = tmp_path / "e.xml"
    path.write_text(
        export(
            item(post_id="1", slug="finder", title="Finder", content=form),
            item(post_id="2", slug="zebra", title="Zebras", content="<p>Quagga stripes.</p>"),
        ),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    convert(path, site, ConvertOptions())
    with static_host(site) as base:
        page = browser.new_page()
        page.goto(base + "/finder/index.html")
        page.fill("input[name=s]", "quagga")
        page.click("button.wp-block-search__button")
        page.wait_for_selector(".pagefind-ui__result-link", timeout=20000)
        assert "/search/index.html?s=quagga" in page.url
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "es => es.map(e => e.href)")
        page.close()
    assert any("/zebra/" in link for link in links), links


def test_a_posts_categories_dropdown_opens_the_archive_on_the_new_site(browser, tmp_path):  # noqa: F811
    # WordPress's script opens its home URL with ?category_name=slug: on the migrated
    # site that must be the new home (whose fallback follows redirects.json), never
    # the old host, which is gone.
    body = '<!-- wp:categories {"displayAsDropdown":true} /-->'
    health = '<category domain="category" nicename="health"><![CDATA[Health]]></category>'
    channel = (
        "<wp:category><wp:term_id>7</wp:term_id><wp:category_nicename>health"
        "</wp:category_nicename><wp:category_parent></wp:category_parent>"
        "<wp:cat_name>Health</wp:cat_name></wp:category>"
    )
    path = tmp_path / "e.xml"
    path.write_text(export(channel, item(post_id="1", slug="a", content=body, extra=health)))
    site = tmp_path / "site"
    convert(path, site, ConvertOptions(site=SiteOptions(search=False)))
    with static_host(site) as base:
        page = browser.new_page()
        page.goto(base + "/a/index.html")
        page.select_option("select.postform", "health")
        page.wait_for_url("**/category/health/**", timeout=20000)
        heading = page.inner_text("h1")
        page.close()
    assert "Health" in heading
