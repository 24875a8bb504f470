"""PHP date() formats: checked against what real PHP 8.2 printed (tests/fixtures)."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES
from hypothesis import given
from hypothesis import strategies as st

from shortcodes.phpdate import format_php_date

CASES = json.loads((FIXTURES / "php_date_cases.json").read_text(encoding="utf-8"))["cases"]


def moment(case) -> dt.datetime:
    utc = dt.datetime.fromisoformat(case["utc"]).replace(tzinfo=dt.timezone.utc)
    return utc.astimezone(ZoneInfo(case["tz"]))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['tz']}-{c['utc'][:10]}-{c['format']}")
def test_every_format_character_as_php_prints_it(case):
    got = format_php_date(case["format"], moment(case))
    if case["format"].endswith("\\") and not case["format"].endswith("\\\\"):
        # The one deliberate difference: PHP prints a NUL byte for a trailing lone
        # backslash (it reads past the end of the string); we print nothing there.
        assert case["php"].endswith("\x00") and got == case["php"][:-1]
    else:
        assert got == case["php"]


CAIRO = dt.datetime(2021, 6, 2, 1, 59, tzinfo=ZoneInfo("Africa/Cairo"))


def test_arabic_names_like_date_i18n():
    assert format_php_date("l j F Y", CAIRO, "ar") == "الأربعاء 2 يونيو 2021"
    assert format_php_date("D M", CAIRO, "ar") == "الأربعاء يونيو"
    assert format_php_date("g:i A", CAIRO, "ar") == "1:59 ص"
    assert format_php_date("Y-m-d H:i", CAIRO, "ar") == "2021-06-02 01:59"


def test_genitive_month_when_a_day_is_shown():
    moscow = dt.datetime(2021, 6, 2, 12, tzinfo=ZoneInfo("Europe/Moscow"))
    assert format_php_date("j F", moscow, "ru") == "2 июня"
    assert format_php_date("F Y", moscow, "ru") == "июнь 2021"


def test_unknown_locale_falls_back_to_english():
    assert format_php_date("l, F", CAIRO, "xx-not-a-locale") == "Wednesday, June"


def test_naive_moment_is_utc():
    assert format_php_date("e T P", dt.datetime(2021, 6, 1, 12)) == "UTC UTC +00:00"


FORMAT_CHARS = list("dDjlNSwzWFmMntLoXxYyaABgGhHisuveIOPpTZcrU")


@given(
    st.lists(
        st.sampled_from(FORMAT_CHARS + ["\\", "\\\\", "\\Y", "-", " ", "ع", "تحديث", ":"]),
        max_size=20,
    ).map("".join),
    st.sampled_from(["en", "ar", "fr", "ru"]),
)
def test_any_format_never_raises_and_escapes_stay_literal(fmt, locale):
    out = format_php_date("\\Y\\-" + fmt, CAIRO, locale)
    assert out.startswith("Y-")
