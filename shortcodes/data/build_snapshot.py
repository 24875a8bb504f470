"""Build the embedded snapshot from the JHU CSSE global time series (three CSV files).

    python3 tools/build_snapshot.py JHU_DIR [-o shortcodes/data/jhu_snapshot.csv.gz]

(`build` returns the snapshot and what it found; the script prints it: nothing here
prints or exits.)

Countries are JHU's country totals (all province rows summed); province rows that are
ISO territories (Hong Kong, Greenland, Aruba, ...) are also kept as regions of their own;
the world total is the sum of ALL rows (ships and Olympic games included).

Recovered (JHU stopped counting it in August 2021) is kept only where it can be trusted,
row by row, then combined:

* nothing after the global cutoff, the last day any row reports a recovered figure
  (2021-08-04 in the final release: every row is 0 from 2021-08-05);
* a row's figure stays valid up to the last day it changed to a positive value; after that
  it is frozen (Spain from 2020-05-18, the US from 2020-12-14 ...) and unavailable, unless
  the row then had no active case, in which case it stays valid until its confirmed or
  deaths figure next changes (Holy See: 27 cases, 27 recovered);
* a 0 after a positive value is a reporting gap, unavailable;
* a row that never reports recovered is unavailable wherever it has cases;
* a region's recovered is available on a day only if every row in it is (so the UK, with
  no figure for England etc., has none, and the world total only before Sweden's first
  case), and a region whose recovered is 0 throughout is unavailable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from shortcodes.data.model import WORLD
from shortcodes.data.regions import jhu_country_to_iso, jhu_territory_to_iso
from shortcodes.data.snapshot import JHU_CREDIT, JHU_NAME, METRICS, Snapshot

FILES = {metric: f"time_series_covid19_{metric}_global.csv" for metric in METRICS}
SOURCE_URL = "https://github.com/CSSEGISandData/COVID-19 (csse_covid_19_time_series, final)"

_PROVINCE = {"Province", "Province/State"}
_COUNTRY = {"Country", "Country/Region"}
_LAT = {"Lat"}
_LON = {"Lon", "Long", "Long_"}


@dataclass
class JhuTable:
    """One JHU file: row keys (country, province) and a float array (row, day)."""

    keys: list[tuple[str, str]]
    dates: list[dt.date]
    values: np.ndarray

    def row(self, key: tuple[str, str]) -> np.ndarray | None:
        try:
            return self.values[self.keys.index(key)]
        except ValueError:
            return None


def _parse_date(text: str) -> dt.date:
    month, day, year = (int(part) for part in text.strip().split("/"))
    return dt.date(year + 2000 if year < 100 else year, month, day)


def read_jhu_csv(path: str | Path) -> JhuTable:
    """Read a JHU time-series CSV, official (``Province/State,…,1/22/20``) or re-hosted format."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[])
    head = [c.strip() for c in frame.columns[:4]]
    if not (head[0] in _PROVINCE and head[1] in _COUNTRY and head[2] in _LAT and head[3] in _LON):
        raise ValueError(f"{path}: unexpected header {head}")
    dates = [_parse_date(c) for c in frame.columns[4:]]
    if any((d - dates[0]).days != k for k, d in enumerate(dates)):
        raise ValueError(f"{path}: date columns are not consecutive days")
    keys = [
        (country.strip(), province.strip())
        for province, country in zip(frame.iloc[:, 0], frame.iloc[:, 1], strict=True)
    ]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path}: duplicate rows")
    cells = frame.iloc[:, 4:].apply(lambda col: pd.to_numeric(col.str.strip(), errors="coerce"))
    return JhuTable(keys, dates, cells.to_numpy(dtype=np.float64, na_value=np.nan))


def recovered_validity(
    recovered: np.ndarray, confirmed: np.ndarray, deaths: np.ndarray, cutoff: int
) -> np.ndarray:
    """Days on which one JHU row's recovered figure is trustworthy (see the module docstring)."""
    n = len(recovered)
    valid = np.zeros(n, dtype=bool)
    rec = np.nan_to_num(recovered[: cutoff + 1], nan=-1.0)
    if not (rec > 0).any():
        valid[: cutoff + 1] = confirmed[: cutoff + 1] == 0
        return valid
    previous = np.concatenate([[0.0], rec[:-1]])
    last = int(np.nonzero((rec != previous) & (rec > 0))[0][-1])
    valid[: last + 1] = True
    if confirmed[last] - deaths[last] - rec[last] <= 0:
        moved = np.nonzero(
            (confirmed[last + 1 : cutoff + 1] != confirmed[last])
            | (deaths[last + 1 : cutoff + 1] != deaths[last])
        )[0]
        stop = last + 1 + int(moved[0]) if len(moved) else cutoff + 1
        valid[last + 1 : stop] = True
    gap = (rec == 0) & (np.maximum.accumulate(rec) > 0)
    valid[: cutoff + 1] &= ~gap
    valid &= ~np.isnan(recovered)
    return valid


def build(jhu_dir: str | Path) -> tuple[Snapshot, dict[str, object]]:
    """The snapshot from the three JHU files, and a report (cutoff, recovered days per region)."""
    jhu_dir = Path(jhu_dir)
    tables = {metric: read_jhu_csv(jhu_dir / name) for metric, name in FILES.items()}
    conf, dead, rec = (tables[m] for m in METRICS)
    dates = conf.dates
    if dead.keys != conf.keys or dead.dates != dates or rec.dates != dates:
        raise ValueError("confirmed and deaths files must have the same rows and dates")
    n_days = len(dates)

    # Regions each JHU row counts towards (the world gets every row).
    members: dict[str, list[tuple[str, str]]] = {WORLD: list(conf.keys)}
    unmapped: set[str] = set()
    for key in conf.keys:
        country, province = key
        code = jhu_country_to_iso(country)
        if code is None:
            unmapped.add(country)
        else:
            members.setdefault(code, []).append(key)
        territory = jhu_territory_to_iso(country, province)
        if territory is not None:
            members.setdefault(territory, []).append(key)

    # Recovered has its own rows: Canada is one country row there instead of its
    # provinces. Such a "stand-in" row covers the confirmed rows of its country it lacks,
    # and counts in a region only when the region holds all of that country's rows.
    rec_keys = set(rec.keys)
    conf_keys = set(conf.keys)
    country_rows = {
        key[0]: {k for k in conf.keys if k[0] == key[0]} for key in rec.keys if key not in conf_keys
    }
    standins = {
        key: {k for k in country_rows[key[0]] if k not in rec_keys}
        for key in rec.keys
        if key not in conf_keys
    }

    def cases(key: tuple[str, str]) -> tuple[np.ndarray, np.ndarray]:
        if key in conf_keys:
            return conf.row(key), dead.row(key)
        idx = [conf.keys.index(k) for k in standins[key]]
        return conf.values[idx].sum(axis=0), dead.values[idx].sum(axis=0)

    reported = np.nansum(rec.values, axis=0) > 0
    cutoff = int(np.nonzero(reported)[0][-1]) if reported.any() else -1
    row_valid = {key: recovered_validity(rec.row(key), *cases(key), cutoff) for key in rec.keys}

    def region_recovered(keys: list[tuple[str, str]]) -> np.ndarray:
        out = np.full(n_days, np.nan)
        if cutoff < 0:
            return out
        members_set = set(keys)
        parts = [k for k in keys if k in rec_keys]
        covered = set(parts)
        for standin, lacking in standins.items():
            if country_rows[standin[0]] <= members_set:
                parts.append(standin)
                covered |= lacking
        valid = np.ones(n_days, dtype=bool)
        valid[cutoff + 1 :] = False
        total = np.zeros(n_days)
        for key in parts:
            total += rec.row(key)
            valid &= row_valid[key]
        for key in keys:  # a confirmed row nobody reports recovered for
            if key not in covered:
                valid &= conf.row(key) == 0
        if not parts or not (total[: cutoff + 1] > 0).any():
            return out  # never reported for this region
        out[valid] = total[valid]
        return out

    codes = sorted(members, key=lambda c: (c == WORLD, c))
    values = np.full((len(METRICS), len(codes), n_days), np.nan)
    report_days: dict[str, str] = {}
    for i, code in enumerate(codes):
        keys = members[code]
        idx = [conf.keys.index(k) for k in keys]
        values[0, i] = conf.values[idx].sum(axis=0)
        values[1, i] = dead.values[idx].sum(axis=0)
        values[2, i] = region_recovered(keys)
        ok = np.nonzero(~np.isnan(values[2, i]))[0]
        report_days[code] = (
            "never"
            if not len(ok)
            else f"{dates[ok[0]]} … {dates[ok[-1]]}"
            + ("" if len(ok) == ok[-1] - ok[0] + 1 else f" ({len(ok)} days)")
        )

    notes = [
        f"Data: {JHU_CREDIT}.",
        f"From {SOURCE_URL}; {dates[0]} to {dates[-1]}.",
        "Daily cumulative figures per region. Countries are JHU country totals (all province",
        "rows); territories with their own ISO code (HK, GL, AW, ...) are also listed alone.",
        "'world' is the sum of all JHU rows, ships and Olympic games included.",
        f"Recovered: unavailable after {dates[cutoff] if cutoff >= 0 else 'n/a'} (JHU stopped "
        "counting) and wherever a row was frozen, reset to 0 or never reported.",
    ]
    snapshot = Snapshot(
        dates[0],
        codes,
        values,
        source=JHU_CREDIT,
        source_name=JHU_NAME,
        from_start=True,
        notes=notes,
    )
    report = {
        "cutoff": dates[cutoff] if cutoff >= 0 else None,
        "unmapped": sorted(unmapped),
        "recovered": report_days,
    }
    return snapshot, report
