"""A card's language and direction: the export's (or a post's own), then --locale, then
the card's rtl attribute; and the same card frozen for WordPress (--format wxr)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.data.snapshot import embedded_snapshot
from shortcodes.inline_css import safe_declaration
from shortcodes.render import CardRenderer, RenderOptions, card_language

BARE = '<p>نص المقال.</p>\n\n[covid19-ultimate-card region="EG"]\n\nبعد البطاقة.'


def card_attrs(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<section class="covid-card[^"]*" dir="(\w+)" lang="([\w-]+)"', html)


def test_bare_card_in_an_arabic_export_is_arabic_and_right_to_left(tmp_path):
    xml = tmp_path / "ar.xml"
    xml.write_text(
        export(
            item("1", "بطاقة", BARE, slug="card"),
            item(
                "2",
                "English",
                '[covid19-ultimate-card region="EG"]',
                slug="english",
                extra='<category domain="language" nicename="en"><![CDATA[English]]></category>',
            ),
            item("3", "ltr", '[covid19-ultimate-card region="EG" rtl="false"]', slug="ltr"),
            language="ar",
        ),
        encoding="utf-8",
    )
    report = convert(xml, tmp_path / "site")
    pages = {p.title: tmp_path / "site" / p.path for p in report.posts if p.path}
    arabic = pages[next(t for t in pages if t not in ("English", "ltr"))].read_text("utf-8")
    assert card_attrs(arabic) == [("rtl", "ar")]
    assert "إجمالي الحالات" in arabic and "Confirmed" not in arabic
    # The post's own language (Polylang's taxonomy) wins over the channel's.
    english = pages["English"].read_text(encoding="utf-8")
    assert card_attrs(english) == [("ltr", "en")] and "Confirmed" in english
    # rtl="false" says otherwise: left to right, still in Arabic.
    ltr = pages["ltr"].read_text(encoding="utf-8")
    assert card_attrs(ltr) == [("ltr", "ar")]


@pytest.mark.parametrize(
    "rtl,language,locale,expected",
    [
        (None, None, None, ("en", False)),
        (True, None, None, ("ar", True)),
        (None, None, "ar", ("ar", True)),  # --locale ar: right to left at last
        (None, None, "ar_EG", ("ar_EG", True)),
        (False, None, "ar", ("ar", False)),
        (None, "ar", "en", ("ar", True)),  # the export's language comes first
        (None, "en-US", "ar", ("en-US", False)),
        (True, "en-US", None, ("en-US", True)),  # rtl="true" is honoured
        (None, "fa", None, ("fa", True)),
        (None, "he", None, ("he", True)),
    ],
)
def test_card_language_order(rtl, language, locale, expected):
    assert card_language(rtl, language, locale) == expected


def test_locale_ar_gives_a_right_to_left_card():
    r = CardRenderer(embedded_snapshot(), RenderOptions(locale="ar", as_of=dt.date(2021, 6, 1)))
    assert card_attrs(r.render_text('[covid19-ultimate-card region="EG"]').text) == [("rtl", "ar")]


def frozen_export(tmp_path, content: str):
    xml = tmp_path / "in.xml"
    xml.write_text(export(item("1", "x", content, slug="x"), language="ar"), encoding="utf-8")
    out = tmp_path / "out.xml"
    convert(xml, out, ConvertOptions(format="wxr"))
    from shortcodes.wxr import read_wxr

    return next(iter(read_wxr(out).posts())).content


def test_wxr_cards_carry_their_styles_inline_within_kses(tmp_path):
    content = frozen_export(
        tmp_path, '[covid19-ultimate-card region="EG" bg-color="rgb(20 83 45)" trend="true"]'
    )
    card = content[content.index("<section") :]
    styles = re.findall(r'style="([^"]*)"', card)
    assert len(styles) > 15  # every styled element, not only the card
    for style in styles:
        for declaration in filter(None, (d.strip() for d in style.split(";"))):
            prop, value = declaration.split(":", 1)
            assert safe_declaration(prop.strip(), value.strip()), declaration
    # rgb() is no safe CSS for kses: the colour goes in as hex, variables resolved.
    assert "background-color: #14532d" in styles[0] and "var(" not in card
    assert "\n" not in card  # wpautop on the new site leaves it alone
    # kses allows no <svg>: the trend is a row of bars, one a day, with its label.
    assert "<svg" not in card and card.count('class="covid-card__bar"') == 30
    assert 'class="covid-card__bars" role="img" aria-label="' in card


@pytest.mark.parametrize(
    "content,paragraphs",
    [
        ('<p>[covid19-ultimate-card region="EG"]</p>', []),
        ('<p dir="rtl">قبل [covid19-ultimate-card region="EG"] بعد</p>', ["قبل", "بعد"]),
        ('<p>a</p>\n\n[covid19-ultimate-card region="EG"]\n\nb', ["a"]),
    ],
)
def test_wxr_never_puts_a_card_inside_a_paragraph(tmp_path, content, paragraphs):
    frozen = frozen_export(tmp_path, content)
    assert not re.search(r"<p[^>]*>(?:(?!</p>).)*<section", frozen, re.S)
    outside = re.sub(r'<section class="covid-card.*?</section>', "", frozen, flags=re.S)
    assert re.findall(r"<p[^>]*>(.*?)</p>", outside) == paragraphs


def test_safe_css_is_wordpress_rules():
    assert safe_declaration("color", "#fff")
    assert safe_declaration("font-size", "clamp(1rem, 9cqi, 2rem)")
    assert safe_declaration("box-shadow", "inset 0 0 0 1px var(--x)")
    assert safe_declaration("--covid-fg", "#fff")
    assert not safe_declaration("color", "rgb(1, 2, 3)")  # no rgb() in the function list
    assert not safe_declaration("font-variant-numeric", "tabular-nums")  # not allowed
    assert not safe_declaration("border-inline-start", "1px solid")
    assert not safe_declaration("color", "red; background: url(x)")
    assert not safe_declaration("width", "expression(alert(1))")
