"""CardSpec: every attribute honoured, bad values warned about and replaced by defaults."""

from __future__ import annotations

import pytest

from shortcodes.card import card_spec, css_background_position, css_color, parse_bool
from shortcodes.parser import parse


def spec_of(text: str):
    r = parse(text)
    return card_spec(r.shortcodes[0], text)


def test_every_plugin_attribute_is_honoured():
    spec, diags = spec_of(
        '[covid19-ultimate-card region="eg" region-name="مصر" confirmed-label="A" '
        'confirmed-24h="TRUE" confirmed-24h-label="B" deaths-label="C" deaths-24h="yes" '
        'deaths-24h-label="D" deaths-rate="1" deaths-rate-label="E" recovered-label="F" '
        'active-label="G" font-color="#FFF" bg-color="rgb(12, 50, 120)" bg-position="right" '
        'rtl="true" last-update="Y-m-d H:i" last-update-label="H"]'
    )
    assert diags == []
    assert spec.region == "EG" and spec.region_name == "مصر"
    assert spec.show_confirmed_24h and spec.show_deaths_24h and spec.show_deaths_rate
    assert spec.rtl and spec.font_color == "#fff" and spec.bg_color == "rgb(12, 50, 120)"
    assert spec.bg_position == "right" and spec.last_update_format == "Y-m-d H:i"
    assert [
        spec.label(k, "en")
        for k in (
            "confirmed",
            "confirmed_24h",
            "deaths",
            "deaths_24h",
            "deaths_rate",
            "recovered",
            "active",
            "last_update",
        )
    ] == list("ABCDEFGH")


def test_defaults_are_arabic_for_rtl_cards_and_english_otherwise():
    rtl, _ = spec_of('[covid19-ultimate-card rtl="true"]')
    ltr, _ = spec_of("[covid19-ultimate-card]")
    assert rtl.region == "world" and rtl.label("confirmed", "en") == "إجمالي الحالات"
    assert ltr.label("confirmed", "en") == "Confirmed"
    assert ltr.label("confirmed", "ar") == "إجمالي الحالات"


def test_unknown_attributes_and_bad_values_warn_and_fall_back():
    spec, diags = spec_of(
        '[covid19-ultimate-card title="x" rtl="maybe" '
        'bg-color="red;background:url(javascript:alert(1))" bg-position="middle" leftover]'
    )
    assert [d.code for d in diags] == [
        "unknown-attribute",
        "invalid-boolean",
        "invalid-color",
        "invalid-position",
        "positional-value",
    ]
    assert spec.unknown == {"title": "x", "0": "leftover"}
    assert spec.bg_color == "#0c3278" and spec.bg_position == "center" and not spec.rtl
    assert diags[2].attribute == "bg-color" and diags[2].line == 1


@pytest.mark.parametrize(
    "value,ok",
    [
        ("#0c3278", True),
        ("#fff", True),
        ("#ffffff80", True),
        ("rgb(1,2,3)", True),
        ("rgba(1, 2, 3, 0.5)", True),
        ("rgb(1 2 3 / 50%)", True),
        ("hsl(120deg 50% 50%)", True),
        ("RebeccaPurple", True),
        ("red;background:url(x)", False),
        ("expression(alert(1))", False),
        ("#12", False),
        ("var(--x)", False),
        ("url(javascript:alert(1))", False),
        ("rgb(1,2,3);color:red", False),
        ("", False),
    ],
)
def test_css_colors(value, ok):
    assert (css_color(value) is not None) is ok


def test_positions_and_booleans():
    assert css_background_position("Top Left") == "top left"
    assert css_background_position("left right") is None
    assert css_background_position("50%") is None
    assert [parse_bool(v) for v in ("Yes", "0", "off", "nah")] == [True, False, False, None]


def test_unreadable_colours_get_readable_text():
    spec, diags = spec_of('[covid19-ultimate-card font-color="#eeeeee" bg-color="#ffffff"]')
    assert [d.code for d in diags] == ["low-contrast"] and diags[0].attribute == "font-color"
    assert spec.font_color == "#000000"
    # Whatever the attributes say: colour names, and translucent colours as they show.
    spec, diags = spec_of('[covid19-ultimate-card font-color="yellow" bg-color="white"]')
    assert [d.code for d in diags] == ["low-contrast"] and spec.font_color == "#000000"
    spec, diags = spec_of('[covid19-ultimate-card font-color="white" bg-color="navy"]')
    assert diags == [] and spec.font_color == "white"
    spec, diags = spec_of(
        '[covid19-ultimate-card font-color="#ffffff" bg-color="rgba(12, 50, 120, 0.1)"]'
    )
    assert spec.bg_color == "#e7ebf2"  # 10% navy over a white page: pale
    assert [d.code for d in diags] == ["low-contrast"] and spec.font_color == "#000000"
    spec, diags = spec_of('[covid19-ultimate-card font-color="#ffffff33" bg-color="#0c3278"]')
    assert [d.code for d in diags] == ["low-contrast"] and spec.font_color == "#ffffff"


def test_contrast_ratio():
    from shortcodes.card import contrast_ratio

    assert round(contrast_ratio("#000", "#fff"), 1) == 21.0
    assert round(contrast_ratio("#ffffff", "#0c3278"), 2) == 12.05
    assert contrast_ratio("rgb(255, 255, 255)", "hsl(0, 0%, 100%)") == 1.0
