"""The card in a real headless Chromium (Debian's chromium + fonts-noto-core).

Loads the standalone page at a 360 px phone width and checks what a reader sees:
right-to-left direction, the card colours, every figure visible and not overflowing.
Screenshots are saved in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed (apt-get install chromium fonts-noto-core)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield b
        finally:
            b.close()


def open_page(browser, html: str, name: str, width: int = 360):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.as_uri())
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    return page


def test_standalone_card_reads_right_to_left_on_a_phone(browser):
    from shortcodes.data.snapshot import embedded_snapshot
    from shortcodes.render import CardRenderer, RenderOptions, standalone_page

    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    r = CardRenderer(embedded_snapshot(), RenderOptions(as_of=dt.date(2021, 6, 1)))
    page = open_page(browser, standalone_page(r.render_text(text).text), "card-360")
    cards = page.query_selector_all("section.covid-card")
    assert len(cards) == 4
    for card in cards:
        style = card.evaluate(
            "e => { const s = getComputedStyle(e); "
            "return [s.direction, s.color, s.backgroundColor]; }"
        )
        assert style[0] == "rtl"
        assert style[1] == "rgb(255, 255, 255)"
    assert cards[0].evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(12, 50, 120)"
    assert cards[1].evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(20, 83, 45)"

    # Right-to-left for real: the first figure sits to the right of the second.
    first, second = cards[0].query_selector_all(".covid-card__figure")[:2]
    assert first.bounding_box()["x"] > second.bounding_box()["x"]

    viewport = page.viewport_size["width"]
    for value in page.query_selector_all(".covid-card__value"):
        box = value.bounding_box()
        assert value.is_visible() and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport + 0.5
        overflow = value.evaluate("e => e.scrollWidth > e.clientWidth + 1")
        assert not overflow, value.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport
    page.close()


def test_converted_arabic_post_reads_right_to_left(browser, tmp_path):
    from shortcodes.convert import convert

    convert(ROOT / "examples" / "export.xml", tmp_path / "site")
    page_path = tmp_path / "site" / "2021/06/03/الخليج/index.html"
    page = browser.new_page(viewport={"width": 360, "height": 800})
    page.goto(page_path.as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "converted-post-360.png"), full_page=True)
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    # The card stylesheet loaded from the relative path: cards have their colours.
    card = page.query_selector("section.covid-card")
    assert card.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(12, 50, 120)"
    title = page.query_selector("h1").bounding_box()
    assert title["x"] + title["width"] > 300  # right-aligned heading
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()
