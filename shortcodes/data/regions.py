"""One table between ISO 3166-1 alpha-2 codes and JHU CSSE names.

ISO codes and localized names come from Babel (CLDR). JHU ``Country`` names are matched
to Babel's English names after light normalization (accents, ``&``, ``St.``); the names
that still differ are in `_JHU_OVERRIDES`. disease.sh answers are paired with regions by
their `countryInfo.iso2` code (`shortcodes.data.live`), never by a name, so no country name
here depends on CLDR's wording, which changes between Babel releases.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from babel import Locale

from shortcodes.data.model import WORLD
from shortcodes.errors import DataUnavailable
from shortcodes.language import babel_locale

# Babel territory keys that are 2 letters but not countries/territories of ISO 3166-1:
# groupings (EU, EZ, UN, QO), pseudo/unknown (XA, XB, ZZ) and codes only "exceptionally
# reserved" by ISO (AC, CP, CQ, DG, EA, IC, TA). XK (Kosovo) is kept: JHU, WHO and
# disease.sh all use it.
_NOT_ISO = frozenset(
    {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
)

# Accepted spellings that are not the official code. "UK" is ISO's exceptional
# reservation for the United Kingdom and was common in card shortcodes.
_ALIASES = {"UK": "GB"}

# JHU `Country` names that Babel's English names do not give (or give differently in
# some CLDR versions).
_JHU_OVERRIDES = {
    "Burma": "MM",
    "Cabo Verde": "CV",
    "Congo (Brazzaville)": "CG",
    "Congo (Kinshasa)": "CD",
    "Cote d'Ivoire": "CI",
    "Czechia": "CZ",
    "Eswatini": "SZ",
    "Holy See": "VA",
    "Korea, North": "KP",
    "Korea, South": "KR",
    "Kosovo": "XK",
    "North Macedonia": "MK",
    "Saint Vincent and the Grenadines": "VC",
    "Taiwan*": "TW",
    "Turkey": "TR",
    "US": "US",
    "West Bank and Gaza": "PS",
}

# JHU `Country` rows that are not a country or territory: they get no ISO code and no
# card of their own, but they are ALWAYS counted in the world total.
_JHU_NO_ISO = frozenset(
    {
        "Diamond Princess",  # cruise ship quarantined in Yokohama, Feb 2020
        "MS Zaandam",  # cruise ship, Mar-Apr 2020
        "Summer Olympics 2020",  # Tokyo games, Jul-Aug 2021
        "Winter Olympics 2022",  # Beijing games, Feb 2022
    }
)

# JHU `Province` names (within a country) that are separate ISO territories but whose
# name Babel does not give. They are ALSO counted in their country's JHU total.
_JHU_PROVINCE_OVERRIDES = {
    "Bonaire, Sint Eustatius and Saba": "BQ",
    "Falkland Islands (Malvinas)": "FK",
    "Hong Kong": "HK",
    "Macau": "MO",
    "Saint Helena, Ascension and Tristan da Cunha": "SH",
}

# JHU `Province` rows with no ISO code of their own (counted in the country and world).
# "Channel Islands" was split into Guernsey (GG) and Jersey (JE) early on; ships,
# "Repatriated Travellers" and "Unknown" are bookkeeping rows.
_JHU_PROVINCE_NO_ISO = frozenset(
    {"Channel Islands", "Diamond Princess", "Grand Princess", "Repatriated Travellers", "Unknown"}
)

_CODE_RE = re.compile(r"[A-Za-z]{2}")


def _name_key(name: str) -> str:
    """Fold a country name for matching: no accents or punctuation, '&' → 'and', 'St' → 'saint'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bst\b", "saint", text)
    return " ".join(text.split())


@functools.lru_cache(maxsize=1)
def _iso_codes() -> dict[str, str]:
    """ISO code → English name, from Babel."""
    territories = Locale("en").territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_ISO
    }


@functools.lru_cache(maxsize=1)
def _english_index() -> dict[str, str]:
    """Folded English name → ISO code."""
    return {_name_key(name): code for code, name in _iso_codes().items()}


@functools.lru_cache(maxsize=1)
def _jhu_overrides_folded() -> dict[str, str]:
    return {_name_key(name): code for name, code in _JHU_OVERRIDES.items()}


def iso_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code accepted as a region (plus XK, Kosovo)."""
    return frozenset(_iso_codes())


def region_code(value: str) -> str:
    """A region as written in a request: ``"world"`` or an upper-case two-letter code
    (aliases such as UK → GB applied), whether ISO knows it or not (a data source that
    knows its own regions says); `DataUnavailable` ("invalid region") for anything else."""
    if not isinstance(value, str):
        raise DataUnavailable(f"invalid region {value!r}: expected an ISO 3166-1 alpha-2 code")
    text = value.strip()
    if text.casefold() == WORLD:
        return WORLD
    if not _CODE_RE.fullmatch(text):
        raise DataUnavailable(
            f"invalid region {value!r}: expected an ISO 3166-1 alpha-2 code or 'world'"
        )
    code = text.upper()
    return _ALIASES.get(code, code)


def normalize_region(value: str | None) -> str:
    """Canonical region: an upper-case ISO code, or ``"world"`` for None, "" or "world".

    Raises `DataUnavailable` for anything else.
    """
    if value is None:
        return WORLD
    if not isinstance(value, str):
        raise DataUnavailable(f"invalid region {value!r}: expected a two-letter ISO code")
    if not value.strip():
        return WORLD
    try:
        code = region_code(value)
    except DataUnavailable:
        code = ""
    if code == WORLD or code in _iso_codes():
        return code
    raise DataUnavailable(
        f"unknown region {value!r}: expected an ISO 3166-1 alpha-2 code such as 'EG', or 'world'"
    )


@functools.lru_cache(maxsize=4096)  # Babel's lookup costs ~20 µs; cards ask again and again
def region_name(code: str, locale: str = "en") -> str:
    """The region's name in `locale` (Babel/CLDR), e.g. ("EG", "ar") → "مصر", "world" → "العالم".

    Unknown locales fall back to English.
    """
    region = normalize_region(code)
    key = "001" if region == WORLD else region
    name = babel_locale(locale).territories.get(key)
    if name is None:
        name = Locale("en").territories.get(key, region)
    if region == WORLD:
        name = name[:1].upper() + name[1:]  # CLDR's English is "world"; it is a heading here
    return name


def jhu_country_to_iso(name: str) -> str | None:
    """ISO code of a JHU CSSE ``Country`` name, or None for rows with no country (ships, games)."""
    text = name.strip()
    if text in _JHU_NO_ISO:
        return None
    code = _JHU_OVERRIDES.get(text)
    if code is not None:
        return code
    key = _name_key(text)
    return _jhu_overrides_folded().get(key) or _english_index().get(key)


def jhu_territory_to_iso(country: str, province: str) -> str | None:
    """ISO code of a JHU ``Province`` row that is a territory of its own (Hong Kong → HK).

    None for ordinary provinces (Ontario, Hubei), bookkeeping rows and country rows.
    """
    province = province.strip()
    if not province or province in _JHU_PROVINCE_NO_ISO:
        return None
    code = _JHU_PROVINCE_OVERRIDES.get(province) or _english_index().get(_name_key(province))
    if code is None or code == jhu_country_to_iso(country):
        return None
    return code
