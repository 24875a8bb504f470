"""The region table: ISO codes, JHU CSSE names, localized names."""

from __future__ import annotations

import csv
import json

import pytest

from shortcodes.data.model import WORLD
from shortcodes.data.regions import (
    iso_codes,
    jhu_country_to_iso,
    jhu_territory_to_iso,
    normalize_region,
    region_name,
)
from shortcodes.errors import DataUnavailable


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("EG", "EG"),
        ("eg", "EG"),
        (" Ae ", "AE"),
        ("ps", "PS"),
        ("xk", "XK"),
        ("uk", "GB"),
        (None, WORLD),
        ("", WORLD),
        ("   ", WORLD),
        ("world", WORLD),
        ("WORLD", WORLD),
        ("World", WORLD),
    ],
)
def test_normalize_region(value, expected):
    assert normalize_region(value) == expected


@pytest.mark.parametrize("value", ["XX", "EGY", "E", "12", "E1", "EU", "UN", "ZZ", "مصر", "e g"])
def test_normalize_region_rejects(value):
    with pytest.raises(DataUnavailable) as info:
        normalize_region(value)
    assert repr(value) in str(info.value)
    assert "ISO 3166-1" in str(info.value)


def test_normalize_region_rejects_non_strings():
    with pytest.raises(DataUnavailable):
        normalize_region(20)  # type: ignore[arg-type]


def test_iso_codes():
    codes = iso_codes()
    assert {"EG", "AE", "PS", "GB", "US", "XK", "AQ", "TW", "VA"} <= codes
    assert not codes & {"EU", "EZ", "UN", "ZZ", "001"}
    assert all(len(c) == 2 and c.isupper() for c in codes)


@pytest.mark.parametrize(
    ("code", "locale", "name"),
    [
        ("EG", "en", "Egypt"),
        ("eg", "ar", "مصر"),
        ("AE", "ar_AE", "الإمارات العربية المتحدة"),
        ("EG", "ar-EG", "مصر"),
        ("world", "en", "World"),
        ("WORLD", "ar", "العالم"),
        (None, "fr", "Monde"),
        ("EG", "xx-nowhere", "Egypt"),  # unknown locale: English
    ],
)
def test_region_name(code, locale, name):
    assert region_name(code, locale) == name


def test_region_name_unknown_region():
    with pytest.raises(DataUnavailable):
        region_name("QQ")


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Egypt", "EG"),
        ("United Arab Emirates", "AE"),
        ("West Bank and Gaza", "PS"),
        ("Korea, South", "KR"),
        ("Korea, North", "KP"),
        ("Taiwan*", "TW"),
        ("Burma", "MM"),
        ("Congo (Kinshasa)", "CD"),
        ("Congo (Brazzaville)", "CG"),
        ("Holy See", "VA"),
        ("Kosovo", "XK"),
        ("US", "US"),
        ("United Kingdom", "GB"),
        ("Cote d'Ivoire", "CI"),
        ("Turkey", "TR"),
        ("Czechia", "CZ"),
        ("Eswatini", "SZ"),
        ("Cabo Verde", "CV"),
        ("Sao Tome and Principe", "ST"),
        ("Saint Kitts and Nevis", "KN"),
        ("Saint Vincent and the Grenadines", "VC"),
        ("Antigua and Barbuda", "AG"),
        ("Antarctica", "AQ"),
        ("Timor-Leste", "TL"),
        (" Egypt ", "EG"),
    ],
)
def test_jhu_country_to_iso(name, iso):
    assert jhu_country_to_iso(name) == iso


@pytest.mark.parametrize(
    "name", ["Diamond Princess", "MS Zaandam", "Summer Olympics 2020", "Winter Olympics 2022"]
)
def test_jhu_rows_without_a_country(name):
    assert jhu_country_to_iso(name) is None


def test_jhu_unknown_name():
    assert jhu_country_to_iso("Atlantis") is None


@pytest.mark.parametrize(
    ("country", "province", "iso"),
    [
        ("China", "Hong Kong", "HK"),
        ("China", "Macau", "MO"),
        ("Denmark", "Greenland", "GL"),
        ("France", "Reunion", "RE"),
        ("France", "St Martin", "MF"),
        ("Netherlands", "Curacao", "CW"),
        ("Netherlands", "Bonaire, Sint Eustatius and Saba", "BQ"),
        ("United Kingdom", "Falkland Islands (Malvinas)", "FK"),
        ("United Kingdom", "Saint Helena, Ascension and Tristan da Cunha", "SH"),
        ("China", "Hubei", None),
        ("Canada", "Ontario", None),
        ("Canada", "Diamond Princess", None),
        ("China", "Unknown", None),
        ("United Kingdom", "Channel Islands", None),
        ("France", "", None),
    ],
)
def test_jhu_territory_to_iso(country, province, iso):
    assert jhu_territory_to_iso(country, province) == iso


# -- against the shared reference data -------------------------------------------------


@pytest.mark.shared
def test_every_jhu_country_is_mapped(shared):
    path = shared("data", "covid", "jhu_csse", "time_series_covid19_confirmed_global.csv")
    with open(path, newline="", encoding="utf-8") as f:
        countries = {row[1] for row in list(csv.reader(f))[1:]}
    unmapped = {c for c in countries if jhu_country_to_iso(c) is None}
    assert unmapped == {
        "Diamond Princess",
        "MS Zaandam",
        "Summer Olympics 2020",
        "Winter Olympics 2022",
    }
    codes = [jhu_country_to_iso(c) for c in countries - unmapped]
    assert len(codes) == len(set(codes)), "two JHU countries map to one code"


@pytest.mark.shared
def test_every_disease_sh_country_is_a_region_with_a_heading(shared):
    """A card for any country disease.sh serves is accepted and gets a heading in the
    reader's language (the live client pairs answers by `countryInfo.iso2`, so no name
    of CLDR's has to equal disease.sh's; CLDR renames territories between releases)."""
    path = shared("data", "covid", "disease_sh", "countries_iso_map.json")
    entries = json.loads(path.read_text(encoding="utf-8"))
    withdrawn = {"AN", "BU"}  # Netherlands Antilles, Burma: no longer ISO 3166-1 codes
    checked = 0
    for entry in entries:
        iso = entry.get("iso2")
        if not iso or iso in withdrawn:
            continue
        assert normalize_region(iso.lower()) == iso
        for locale in ("en", "ar"):
            name = region_name(iso, locale)
            assert name and name != iso, (iso, locale)
        checked += 1
    assert checked > 240
