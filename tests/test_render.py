"""Rendered cards: golden HTML, figures from the data, injection attempts inert."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from conftest import ROOT

from shortcodes.data.snapshot import embedded_snapshot
from shortcodes.render import CardRenderer, RenderOptions, standalone_page

AS_OF = dt.date(2021, 6, 1)
EXAMPLE = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")


def renderer(**kw) -> CardRenderer:
    return CardRenderer(embedded_snapshot(), RenderOptions(as_of=AS_OF, **kw))


def figures(html: str) -> list[dict[str, int]]:
    """The numbers each card shows, by figure name."""
    cards = html.split('<section class="covid-card')[1:]
    out = []
    for card in cards:
        found = re.findall(
            r'covid-card__figure--([a-z0-9-]+)">\s*<dt>[^<]*</dt>\s*<dd[^>]*><data value="([^"]*)"',
            card,
        )
        out.append({k: float(v) if "." in v else int(v) for k, v in found})
    return out


def test_example_article_golden(golden):
    result = renderer(timezone="Africa/Cairo").render_text(EXAMPLE)
    assert len(result.cards) == 4 and all(c.ok for c in result.cards)
    golden("example-article.html", result.text)


def test_source_article_golden_and_figures_match_jhu(shared, golden):
    article = shared("data", "source-article", "article.txt").read_text(encoding="utf-8")
    result = renderer().render_text(article)
    assert [c.region for c in result.cards] == ["EG", "AE", "PS", "world"]
    golden("source-article-cards.html", result.text)

    jhu = shared("data", "covid", "jhu_csse")
    tables = {}
    for metric in ("confirmed", "deaths"):
        df = pd.read_csv(jhu / f"time_series_covid19_{metric}_global.csv")
        df = df.rename(columns={"Country/Region": "Country"})
        day = [c for c in df.columns if c in ("6/1/2021", "6/1/21")][0]
        prev = [c for c in df.columns if c in ("5/31/2021", "5/31/21")][0]
        tables[metric] = (
            df.groupby("Country")[day].sum(),
            df.groupby("Country")[prev].sum(),
            df[day].sum(),
            df[prev].sum(),
        )
    names = ["Egypt", "United Arab Emirates", "West Bank and Gaza", None]
    for card, name in zip(figures(result.text), names, strict=True):
        for metric in ("confirmed", "deaths"):
            today, before, world_today, world_before = tables[metric]
            expect = int(world_today if name is None else today[name])
            expect_new = expect - int(world_before if name is None else before[name])
            assert card[metric] == expect
            assert card[f"{metric}-24h"] == expect_new
        assert card["deaths-rate"] == pytest.approx(
            card["deaths"] / card["confirmed"] * 100, abs=1e-4
        )


def test_recovered_never_shown_after_jhu_stopped_counting():
    html = (
        renderer()
        .render_text('[covid19-ultimate-card region="EG"]', as_of=dt.date(2022, 1, 10))
        .text
    )
    assert "covid-card__figure--recovered" in html
    assert figures(html)[0].keys() == {"confirmed", "deaths"}
    assert "not available" in html


def test_injection_attempts_come_out_inert():
    text = (
        '[covid19-ultimate-card region="EG" region-name="<script>alert(1)</script>" '
        'bg-color="red;background:url(javascript:alert(1))" font-color="#fff\\" onload=\\"x" '
        'confirmed-label="<img src=x onerror=alert(1)>" last-update="\\<\\s\\c\\r\\i\\p\\t\\>"]'
    )
    result = renderer().render_text(text)
    html = result.text
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'style="--covid-fg: #ffffff; --covid-bg: #0c3278;' in html
    assert {"invalid-color"} <= {d.code for d in result.diagnostics}


def test_unknown_region_renders_a_marked_card_and_warns():
    result = renderer().render_text('[covid19-ultimate-card region="XX"]')
    assert "No data for XX" in result.text and result.failed
    assert [d.code for d in result.diagnostics] == ["unknown-region"]
    assert result.diagnostics[0].line == 1


def test_unknown_region_is_an_error_when_strict():
    from shortcodes.errors import DataUnavailable

    with pytest.raises(DataUnavailable, match="XX"):
        renderer(strict=True).render_card(
            __import__("shortcodes.card", fromlist=["CardSpec"]).CardSpec(region="XX")
        )


def test_arabic_indic_digits_and_localised_dates():
    html = (
        renderer(digits="arabic", timezone="Africa/Cairo")
        .render_text('[covid19-ultimate-card region="EG" rtl="true" last-update="l j F Y"]')
        .text
    )
    assert "٢٦٣٬٦٠٦" in html  # 263,606 grouped with the Arabic separator
    assert "الأربعاء ٢ يونيو ٢٠٢١" in html  # 23:59 UTC on 1 June is 2 June in Cairo


def test_trend_sparkline_is_accessible_and_mirrored_for_rtl():
    r = renderer()
    rtl = r.render_text('[covid19-ultimate-card region="EG" rtl="true" trend="true"]').text
    ltr = r.render_text('[covid19-ultimate-card region="EG" trend="yes"]').text
    for html in (rtl, ltr):
        assert 'role="img"' in html and "aria-label=" in html and "<script" not in html
    first_x = lambda h: float(re.search(r'points="([\d.]+),', h).group(1))  # noqa: E731
    assert first_x(rtl) == 160.0 and first_x(ltr) == 0.0
    assert "polyline" not in r.render_text('[covid19-ultimate-card region="EG"]').text


def test_one_lookup_per_region_and_day():
    calls = []
    snap = embedded_snapshot()

    class Counting:
        def lookup(self, region, day=None):
            calls.append((region, day))
            return snap.lookup(region, day)

        def lookup_many(self, regions, day=None):
            calls.append((tuple(regions), day))
            return snap.lookup_many(regions, day)

        def series(self, region, end, days):
            return snap.series(region, end, days)

    r = CardRenderer(Counting(), RenderOptions(as_of=AS_OF))
    r.render_text('[covid19-ultimate-card region="EG"]' * 5 + '[covid19-ultimate-card region="AE"]')
    assert calls == [(("EG", "AE"), AS_OF)]


def test_standalone_page_has_direction_language_and_stylesheet():
    page = standalone_page("<p>x</p>", lang="ar", dir="rtl")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ar" dir="rtl">' in page
    assert ".covid-card" in page


@pytest.mark.parametrize("locale", ["ar", "ar_EG", "en", "de", "fr", "hi", "en_IN", "fa"])
@pytest.mark.parametrize("digits", ["latin", "arabic"])
def test_number_grouping_equals_babel(locale, digits):
    from babel.numbers import format_decimal

    from shortcodes.render import _NumberFormat

    fmt = _NumberFormat(locale, digits)
    system = "arab" if digits == "arabic" else "latn"
    to_digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩" if digits == "arabic" else "0123456789")
    for n in (0, 7, 999, 1000, 12345, 263606, 1234567, 676570149, -2, -1234567):
        babel = format_decimal(n, locale=locale, numbering_system=system)
        assert fmt.number(n) == babel.translate(to_digits)


@pytest.mark.parametrize(
    "locale,digits,expected",
    [
        ("en", "latin", "4.81%"),
        ("ar", "latin", "4.81\u200e%\u200e"),  # CLDR's Arabic percent for Latin digits
        ("ar", "arabic", "٤٫٨١٪\u061c"),  # all Arabic: digits, separator, percent sign
        ("ar_EG", "arabic", "٤٫٨١٪\u061c"),
        ("fa", "arabic", "٤٫٨١٪"),
        ("de", "latin", "4,81\xa0%"),  # the locale's pattern: a space before %
        ("tr", "latin", "%4,81"),  # and the sign in front
    ],
)
def test_death_rate_follows_the_locale_and_the_digits(locale, digits, expected):
    from shortcodes.render import _NumberFormat

    assert _NumberFormat(locale, digits).percent(4.8125) == expected


def test_every_figure_of_an_arabic_digits_card_is_arabic():
    html = (
        renderer(digits="arabic")
        .render_text(
            '[covid19-ultimate-card region="EG" rtl="true" confirmed-24h="true" '
            'deaths-24h="true" deaths-rate="true" trend="true"]'
        )
        .text
    )
    shown = re.sub(r"<[^>]*>", " ", html)  # what a reader sees, not attribute values
    shown = shown.replace("CC BY 4.0", "").replace("COVID-19", "")
    assert not re.search(r"[0-9%]", shown), re.findall(r"\S*[0-9%]\S*", shown)
    assert "٥٫٧٤٪" in html and "٢٠٢١-٠٦-٠١" in html


def test_compiled_templates_are_reused_and_a_broken_cache_is_no_error(tmp_path):
    import jinja2

    from shortcodes.render import _QuietBytecodeCache, templates_dir

    def env(cache):
        loader = jinja2.FileSystemLoader(str(templates_dir()))
        return jinja2.Environment(loader=loader, autoescape=True, bytecode_cache=cache)

    expected = env(None).get_template("card.html.j2").render(_CARD_CONTEXT)
    folder = tmp_path / "cache"
    folder.mkdir()
    env(_QuietBytecodeCache(str(folder))).get_template("card.html.j2")
    assert len(list(folder.iterdir())) == 1  # compiled once, kept
    again = env(_QuietBytecodeCache(str(folder))).get_template("card.html.j2")
    assert again.render(_CARD_CONTEXT) == expected
    # A damaged cache file, and a "folder" that is a file: compiled as if no cache.
    next(folder.iterdir()).write_bytes(b"j2\x00garbage")
    assert (
        env(_QuietBytecodeCache(str(folder))).get_template("card.html.j2").render(_CARD_CONTEXT)
        == expected
    )
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    broken = env(_QuietBytecodeCache(str(not_a_folder)))
    assert broken.get_template("card.html.j2").render(_CARD_CONTEXT) == expected


_CARD_CONTEXT = {
    "id": "c",
    "rtl": True,
    "dir": "rtl",
    "lang": "ar",
    "font_color": "#fff",
    "bg_color": "#000",
    "bg_position": "center",
    "region": "EG",
    "title": "مصر",
    "missing": "لا بيانات",
    "figures": [],
    "trend": None,
    "updated": None,
    "updated_label": "",
    "updated_iso": "",
    "not_available": "",
    "source_label": "المصدر:",
    "source": "JHU CSSE",
    "source_url": "https://example.org/",
}


def test_trend_names_its_scale_and_says_a_flat_series_plainly():
    r = CardRenderer(embedded_snapshot(), RenderOptions(locale="en"))  # the latest day
    flat = r.render_text('[covid19-ultimate-card region="PS" trend="true"]').text
    assert "No new cases reported in these 30 days" in flat and "<polyline" not in flat
    moving = r.render_text('[covid19-ultimate-card region="AE" trend="true"]').text
    assert "peak 262" in moving  # the top of the scale, labelled
    assert 'datetime="2023-02-08">2023-02-08</time>' in moving  # first and last day
    assert 'datetime="2023-03-09">2023-03-09</time>' in moving


def test_cards_say_their_day_under_the_heading_even_without_last_update():
    html = renderer(locale="en").render_text('[covid19-ultimate-card last-update=""]').text
    head = html[html.index("<h3") : html.index("covid-card__figures")]
    assert "Figures for <time" not in head and '<time class="covid-card__time" ' in head
    assert "Figures for 2021-06-01" in head
    html = renderer(locale="en").render_text("[covid19-ultimate-card]").text
    head = html[html.index("<h3") : html.index("covid-card__figures")]
    assert "Last update: " in head and ">2021-06-01 23:59</time>" in head


def test_figures_the_data_cannot_support_take_one_line_not_tiles():
    html = (
        renderer(locale="en")
        .render_text('[covid19-ultimate-card region="EG"]', as_of=dt.date(2022, 1, 10))
        .text
    )
    assert html.count("not available") == 1  # one statement for recovered and active
    assert re.search(r"<dt>Recovered,</dt>\s*<dt>Active:</dt>\s*<dd[^>]*>not available</dd>", html)
    assert "covid-card__group--other" not in html  # no empty tiles


def test_a_repeated_card_keeps_its_own_id_and_the_same_html():
    card = '[covid19-ultimate-card region="EG" region-name="مصر" rtl="true" confirmed-24h="true"]'
    other = '[covid19-ultimate-card region="EG" deaths-rate="true"]'
    r = renderer()
    text = r.render_text(card + other + card).text
    ids = re.findall(r'id="(covid-card-[^"]*)-title"', text)
    assert ids == ["covid-card-1-eg", "covid-card-2-eg", "covid-card-3-eg"]
    cards = text.split('<section class="covid-card')[1:]
    assert cards[0].replace("covid-card-1-", "N") == cards[2].replace("covid-card-3-", "N")
    assert cards[0].replace("covid-card-1-", "N") != cards[1].replace("covid-card-2-", "N")
    # The same as a renderer that never saw the card before.
    fresh = renderer().render_text(other + other + card).text
    assert fresh.split('<section class="covid-card')[3] == cards[2]
    # A text holding the id's stand-in is rendered on its own, never mixed up.
    odd = '[covid19-ultimate-card region="EG" region-name="a\x00card-id\x00b"]'
    html = r.render_text(odd).text
    assert "\x00card-id\x00" in html and 'id="covid-card-1-eg-title"' in html
