"""The card in a real headless Chromium (Debian's chromium + fonts-noto-core).

Loads standalone pages of cards at phone to desktop widths and checks, from the layout
the browser computes, what a reader would see: no figure broken across lines, nothing
over another tile's text, no sideways scrolling, labels wrapped only between words,
no slanted Arabic, right-to-left for real. Screenshots are saved in test-artifacts/
(git-ignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = (320, 360, 768, 1024, 1280, 1440)
SOURCE_ARTICLE = SHARED / "data" / "source-article" / "article.txt"

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


# What the layout checks read from the page: one JavaScript function, run per card.
# Text is measured character by character with DOM Ranges: a line break is where the
# next character's box starts on a new line.
LAYOUT = """
card => {
  const problems = [];
  const lines = (el) => {
    // [text, [indexes where a new line starts]] for the element's text.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let text = '', tops = [], node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        const r = document.createRange();
        r.setStart(node, i); r.setEnd(node, i + 1);
        const rects = r.getClientRects();
        text += node.data[i];
        tops.push(rects.length ? rects[0].top + rects[0].height / 2 : null);
      }
    }
    const breaks = [];
    let lineTop = null, lineBottom = null;
    for (let i = 0; i < tops.length; i++) {
      if (tops[i] === null) continue;
      if (lineTop !== null && Math.abs(tops[i] - lineTop) > 4) breaks.push(i);
      lineTop = tops[i];
    }
    return [text, breaks];
  };
  const box = (el) => el.getBoundingClientRect();
  const cardBox = box(card);
  const name = (el) => el.className || el.tagName;
  // 1. figures, dates and numbers are never broken across lines
  for (const el of card.querySelectorAll('.covid-card__value, time, data')) {
    const [text, breaks] = lines(el);
    if (breaks.length) problems.push(`figure broken: "${text}"`);
  }
  // 2. labels wrap, if at all, only between words
  for (const el of card.querySelectorAll('dt, .covid-card__title, .covid-card__updated, '
       + 'figcaption, .covid-card__why, .covid-card__source, .covid-card__trend-flat, '
       + '.covid-card__trend-peak, .covid-card__value--na')) {
    const [text, breaks] = lines(el);
    for (const i of breaks) {
      if (!/\\s/.test(text[i - 1] || ' ') && !/\\s/.test(text[i])) {
        problems.push(`"${text}" wraps inside a word at ${i}`);
      }
    }
  }
  // 3. nothing leaves the card (no sideways overflow)
  if (card.scrollWidth > card.clientWidth + 1) problems.push('card overflows sideways');
  for (const el of card.querySelectorAll('*')) {
    const b = box(el);
    if (b.width === 0) continue;
    if (b.left < cardBox.left - 0.5 || b.right > cardBox.right + 0.5) {
      problems.push(`${name(el)} sticks out of the card`);
    }
  }
  // 4. no element covers another tile's text; decoration covers no text at all
  const tiles = [...card.querySelectorAll('.covid-card__figure, .covid-card__heading, '
       + '.covid-card__mark, .covid-card__chart, .covid-card__bars, .covid-card__trend-caption, '
       + '.covid-card__trend-peak, .covid-card__trend-axis, .covid-card__why, '
       + '.covid-card__source')];
  const texts = [...card.querySelectorAll('dt, dd, h3, p, time, figcaption, a')];
  for (const tile of tiles) {
    const t = box(tile);
    for (const el of texts) {
      if (tile.contains(el) || el.contains(tile)) continue;
      const r = box(el);
      const w = Math.min(t.right, r.right) - Math.max(t.left, r.left);
      const h = Math.min(t.bottom, r.bottom) - Math.max(t.top, r.top);
      if (w > 1 && h > 1) problems.push(`${name(tile)} overlaps "${el.textContent.trim()}"`);
    }
  }
  // 5. Arabic is never slanted (Arabic has no italic: Chromium would fake one)
  for (const el of card.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
    if (/[\\u0600-\\u06ff]/.test(own) && getComputedStyle(el).fontStyle !== 'normal') {
      problems.push(`slanted Arabic: "${own.trim()}"`);
    }
  }
  // 6. text is the card's colour at full strength (the contrast checked in Python holds)
  const ink = getComputedStyle(card).color;
  for (const el of card.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('');
    if (!own.trim()) continue;
    let faded = false;
    for (let e = el; e && e !== card.parentElement; e = e.parentElement) {
      if (parseFloat(getComputedStyle(e).opacity) < 1) faded = true;
    }
    if (getComputedStyle(el).color !== ink || faded) problems.push(`faint text: "${own.trim()}"`);
  }
  return problems;
}
"""


def _variants() -> dict[str, tuple[str, dict]]:
    """name -> (text, RenderOptions keywords) of the pages the layout test loads."""
    bare = "\n\n".join(
        f'[covid19-ultimate-card region="{r}" confirmed-24h="true" deaths-24h="true" '
        'deaths-rate="true"]'
        for r in ("EG", "US", "PS", "world")
    )
    out: dict[str, tuple[str, dict]] = {}
    if SOURCE_ARTICLE.exists():
        article = SOURCE_ARTICLE.read_text(encoding="utf-8")
        out["source"] = (article, {})  # the latest day: recovered unavailable
        out["source-2021"] = (article, {"as_of": dt.date(2021, 6, 1)})
        out["source-digits"] = (article, {"digits": "arabic", "as_of": dt.date(2021, 6, 1)})
        out["source-trend"] = (article, {"trend": True, "as_of": dt.date(2021, 6, 1)})
    out["english"] = (bare, {"locale": "en", "as_of": dt.date(2022, 1, 10)})
    out["english-trend"] = (bare, {"locale": "en", "trend": True})
    out["arabic-digits"] = (bare, {"locale": "ar", "digits": "arabic", "trend": True})
    out["wxr-frozen"] = (
        (ROOT / "examples" / "article.txt").read_text(encoding="utf-8"),
        {"as_of": dt.date(2021, 6, 1)},
    )
    return out


VARIANTS = _variants()


@pytest.fixture(scope="module")
def pages():
    from shortcodes.data.snapshot import embedded_snapshot
    from shortcodes.render import CardRenderer, RenderOptions, card_language, standalone_page

    out = {}
    for name, (text, options) in VARIANTS.items():
        if name == "wxr-frozen":
            continue
        renderer = CardRenderer(embedded_snapshot(), RenderOptions(**options))
        result = renderer.render_text(text)
        assert all(c.ok for c in result.cards)
        lang, rtl = card_language(None, None, options.get("locale") or "ar")
        out[name] = standalone_page(result.text, lang=lang, dir="rtl" if rtl else "ltr")
    # Frozen for WordPress (--format wxr): styles inline only, on a page without the
    # card stylesheet, as a theme that never heard of the plugin shows them.
    from shortcodes.writers.wxr import freeze_card

    renderer = CardRenderer(
        embedded_snapshot(), RenderOptions(as_of=dt.date(2021, 6, 1), trend=True)
    )
    text = VARIANTS["wxr-frozen"][0]
    body = renderer.render_text(text, wrap=freeze_card).text
    out["wxr-frozen"] = (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>wxr</title>'
        "<style>body { margin: 0 auto; max-width: 40rem; padding: 1rem; "
        "font-family: serif; } dd { margin-inline-start: 40px; } "
        # A theme's colours and slants, which the frozen card must not take.
        "p, h3, dt, dd, a, time, data, figcaption { color: #333333; font-style: italic; }"
        f"</style></head><body>{body}</body></html>"
    )
    return out


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("variant", list(VARIANTS))
def test_card_layout_holds_at_every_width(browser, pages, variant, width):
    page = open_page(browser, pages[variant], f"{variant}-{width}", width)
    try:
        cards = page.query_selector_all("section.covid-card")
        assert len(cards) == 4
        problems = [p for card in cards for p in card.evaluate(LAYOUT)]
        assert problems == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The hierarchy: the total of cases is the largest figure of every card.
        for card in cards:
            sizes = card.evaluate(
                "c => [...c.querySelectorAll('.covid-card__value')].map("
                "e => parseFloat(getComputedStyle(e).fontSize))"
            )
            assert sizes[0] == max(sizes) and sizes.count(sizes[0]) == 1
    finally:
        page.close()


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

    # Right-to-left for real: the label of a figure starts at the card's right edge,
    # and bg-position="right" puts the mark on the right of the heading.
    label = cards[0].query_selector(".covid-card__figure dt").bounding_box()
    card_box = cards[0].bounding_box()
    assert card_box["x"] + card_box["width"] - (label["x"] + label["width"]) < 30
    mark = cards[0].query_selector(".covid-card__mark").bounding_box()
    title = cards[0].query_selector(".covid-card__title").bounding_box()
    assert mark["x"] > title["x"]
    mark = cards[1].query_selector(".covid-card__mark").bounding_box()  # bg-position="left"
    assert mark["x"] < cards[1].query_selector(".covid-card__title").bounding_box()["x"]

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
