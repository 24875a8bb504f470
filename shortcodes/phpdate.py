"""PHP's date() format strings, localised like WordPress's wp_date()/date_i18n().

The card's ``last-update="Y-m-d H:i"`` attribute is a PHP format string. Every PHP
format character is supported, with ``\\`` escapes. For a locale other than English,
the names WordPress translates (D, l, F, M, a, A) come from Babel's CLDR data;
digits stay Latin (the renderer transliterates them when asked).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from .language import babel_locale

_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


@functools.lru_cache(maxsize=32)
def _names(locale: str) -> dict[str, object] | None:
    """Babel's names for the localised characters, or None for English (PHP's own)."""
    loc = babel_locale(locale, None)
    if loc is None or loc.language == "en":
        return None
    periods = loc.day_periods.get("format", {}).get("abbreviated", {})
    return {
        # Babel numbers weekdays 0 = Monday, months 1..12.
        "l": loc.days["format"]["wide"],
        "D": loc.days["format"]["abbreviated"],
        "F": loc.months["format"]["wide"],  # the genitive form where a language has one
        "F_standalone": loc.months["stand-alone"]["wide"],
        "M": loc.months["format"]["abbreviated"],
        "am": periods.get("am", "am"),
        "pm": periods.get("pm", "pm"),
    }


def _tz_name(moment: dt.datetime) -> str:
    tz = moment.tzinfo
    key = getattr(tz, "key", None)
    if key:
        return key
    offset = moment.utcoffset() or dt.timedelta(0)
    if offset == dt.timedelta(0) and (tz is dt.timezone.utc or moment.tzname() == "UTC"):
        return "UTC"
    return _offset(moment, colon=True)


def _offset(moment: dt.datetime, *, colon: bool) -> str:
    seconds = int((moment.utcoffset() or dt.timedelta(0)).total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, rest = divmod(abs(seconds), 3600)
    minutes = rest // 60
    return f"{sign}{hours:02d}:{minutes:02d}" if colon else f"{sign}{hours:02d}{minutes:02d}"


def _abbreviation(moment: dt.datetime) -> str:
    name = moment.tzname()
    if getattr(moment.tzinfo, "key", None) and name:
        return name  # the tz database's abbreviation (EET, EEST, +04 …), as PHP prints it
    if name == "UTC" or (moment.utcoffset() == dt.timedelta(0) and name in (None, "UTC")):
        return "UTC" if moment.tzinfo is not None else "GMT"
    return _offset(moment, colon=True)


def _suffix(day: int) -> str:
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _year(y: int, sign: str) -> str:
    """Y: at least four digits, '-' before years BCE; x: '+' from 10000; X: always signed."""
    digits = f"{abs(y):04d}"
    if y < 0:
        return "-" + digits
    if sign == "always" or (sign == "expanded" and y >= 10000):
        return "+" + digits
    return digits


def _swatch(moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.timezone.utc)
    seconds = utc.hour * 3600 + utc.minute * 60 + utc.second
    return f"{((seconds + 3600) * 10 // 864) % 1000:03d}"


def _epoch(moment: dt.datetime) -> int:
    return int((moment - dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)).total_seconds() // 1)


def format_php_date(fmt: str, moment: dt.datetime, locale: str = "en") -> str:
    """`moment` formatted with PHP's date() format string `fmt`.

    `moment` should be timezone-aware (naive means UTC). An unknown `locale` falls
    back to English names. Characters that are not format characters are kept as is.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    names = _names(locale)
    has_day = "d" in fmt or "j" in fmt
    out: list[str] = []
    i = 0
    n = len(fmt)
    while i < n:
        ch = fmt[i]
        i += 1
        if ch == "\\":
            if i < n:
                out.append(fmt[i])
                i += 1
            # PHP prints a NUL byte for a trailing lone backslash (it reads the string's
            # terminator); a NUL has no place in HTML, so nothing is printed.
            continue
        out.append(_char(ch, moment, names, has_day))
    return "".join(out)


def _char(ch: str, m: dt.datetime, names: dict[str, Any] | None, has_day: bool) -> str:  # noqa: C901 - one table
    if ch == "d":
        return f"{m.day:02d}"
    if ch == "D":
        return names["D"][m.weekday()] if names else _EN_DAYS[m.weekday()][:3]
    if ch == "j":
        return str(m.day)
    if ch == "l":
        return names["l"][m.weekday()] if names else _EN_DAYS[m.weekday()]
    if ch == "N":
        return str(m.isoweekday())
    if ch == "S":
        return _suffix(m.day)
    if ch == "w":
        return str(m.isoweekday() % 7)
    if ch == "z":
        return str(m.timetuple().tm_yday - 1)
    if ch == "W":
        return f"{m.isocalendar()[1]:02d}"
    if ch == "F":
        if names:
            return (names["F"] if has_day else names["F_standalone"])[m.month]
        return _EN_MONTHS[m.month - 1]
    if ch == "m":
        return f"{m.month:02d}"
    if ch == "M":
        return names["M"][m.month] if names else _EN_MONTHS[m.month - 1][:3]
    if ch == "n":
        return str(m.month)
    if ch == "t":
        nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        return str((nxt - dt.date(m.year, m.month, 1)).days)
    if ch == "L":
        y = m.year
        return "1" if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else "0"
    if ch == "o":
        return str(m.isocalendar()[0])
    if ch == "X":
        return _year(m.year, "always")
    if ch == "x":
        return _year(m.year, "expanded")
    if ch == "Y":
        return _year(m.year, "")
    if ch == "y":
        return f"{m.year % 100:02d}"
    if ch in "aA":
        pm = m.hour >= 12
        if names:
            return names["pm" if pm else "am"]
        word = "pm" if pm else "am"
        return word.upper() if ch == "A" else word
    if ch == "B":
        return _swatch(m)
    if ch == "g":
        return str(m.hour % 12 or 12)
    if ch == "G":
        return str(m.hour)
    if ch == "h":
        return f"{m.hour % 12 or 12:02d}"
    if ch == "H":
        return f"{m.hour:02d}"
    if ch == "i":
        return f"{m.minute:02d}"
    if ch == "s":
        return f"{m.second:02d}"
    if ch == "u":
        return f"{m.microsecond:06d}"
    if ch == "v":
        return f"{m.microsecond // 1000:03d}"
    if ch == "e":
        return _tz_name(m)
    if ch == "I":
        dst = m.dst()
        return "1" if dst else "0"
    if ch == "O":
        return _offset(m, colon=False)
    if ch == "P":
        return _offset(m, colon=True)
    if ch == "p":
        return (
            "Z" if (m.utcoffset() or dt.timedelta(0)) == dt.timedelta(0) else _offset(m, colon=True)
        )
    if ch == "T":
        return _abbreviation(m)
    if ch == "Z":
        return str(int((m.utcoffset() or dt.timedelta(0)).total_seconds()))
    if ch == "c":
        return format_php_date("Y-m-d\\TH:i:sP", m)
    if ch == "r":
        return format_php_date("D, d M Y H:i:s O", m)
    if ch == "U":
        return str(_epoch(m))
    return ch
