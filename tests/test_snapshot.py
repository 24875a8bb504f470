"""The embedded JHU CSSE snapshot, snapshot files, and the builder."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
from importlib import resources

import numpy as np
import pytest

from shortcodes.data.build_snapshot import build, read_jhu_csv, recovered_validity
from shortcodes.data.model import WORLD, RegionStats
from shortcodes.data.snapshot import (
    EMBEDDED_FILE,
    Snapshot,
    embedded_snapshot,
)
from shortcodes.errors import DataUnavailable

D = dt.date
FIRST, LAST, CUTOFF = D(2020, 1, 22), D(2023, 3, 9), D(2021, 8, 4)
# JHU rows with no country of their own (ships, games): in the world total only.
# Their sums on 2021-06-01 (Diamond Princess 712 + MS Zaandam 9; deaths 13 + 2).
SHIPS_2021_06_01 = (721, 15)
# Regions that are also inside another region's JHU country total.
TERRITORIES = set(
    "HK MO FO GL GF PF GP MQ YT NC RE BL PM MF WF AW BQ CW SX CK NU "
    "AI BM VG KY FK GI GG IM JE MS PN SH TC".split()
)


@pytest.fixture(scope="module")
def snap() -> Snapshot:
    return Snapshot.load()


# -- the embedded file -----------------------------------------------------------------


def test_embedded_file_is_small_and_packaged():
    resource = resources.files("shortcodes.data").joinpath(EMBEDDED_FILE)
    data = resource.read_bytes()
    assert len(data) < 1_000_000
    head = gzip.decompress(data)[:1000].decode()
    assert "Johns Hopkins University, CC BY 4.0" in head


def test_embedded_loads_once(snap):
    assert Snapshot.load() is snap is embedded_snapshot()
    assert snap.first_date == FIRST
    assert snap.last_date == LAST
    assert "Center for Systems Science and Engineering (CSSE)" in snap.source
    assert "CC BY 4.0" in snap.source
    assert snap.source_name == "JHU CSSE"
    assert {"EG", "AE", "PS", "US", "GB", "CN", "HK", WORLD} <= set(snap.regions)
    assert len(snap.regions) > 200
    assert list(snap.regions) == sorted(snap.regions)


def test_egypt_2021_06_01(snap):
    s = snap.lookup("EG", D(2021, 6, 1))
    assert s == RegionStats(
        region="EG",
        date=D(2021, 6, 1),
        confirmed=263606,
        deaths=15136,
        recovered=192823,
        new_confirmed=956,
        new_deaths=40,
        source="JHU CSSE",
    )
    assert s.active == 263606 - 15136 - 192823
    assert all(isinstance(v, int) for v in (s.confirmed, s.deaths, s.recovered))


def test_world_final_day(snap):
    s = snap.lookup(WORLD)
    assert s.date == LAST
    assert (s.confirmed, s.deaths) == (676_570_149, 6_881_802)
    assert s.recovered is None and s.active is None


def test_world_is_the_sum_of_all_rows(snap):
    day = D(2021, 6, 1)
    countries = [r for r in snap.regions if r != WORLD and r not in TERRITORIES]
    stats = snap.lookup_many(countries, day)
    world = snap.lookup(WORLD, day)
    assert world.confirmed == sum(s.confirmed for s in stats.values()) + SHIPS_2021_06_01[0]
    assert world.deaths == sum(s.deaths for s in stats.values()) + SHIPS_2021_06_01[1]


def test_recovered_cutoff(snap):
    for region in ("EG", "AE", "PS"):
        assert snap.lookup(region, CUTOFF).recovered > 0
        after = snap.lookup(region, CUTOFF + dt.timedelta(days=1))
        assert after.recovered is None and after.active is None
        assert after.confirmed > 0
        assert snap.lookup(region).recovered is None


def test_recovered_unavailable_when_frozen_or_never_reported(snap):
    assert snap.lookup("US", D(2020, 12, 1)).recovered > 0
    assert snap.lookup("US", D(2021, 1, 1)).recovered is None  # JHU froze it, then 0
    assert snap.lookup("ES", D(2020, 5, 18)).recovered > 0
    assert snap.lookup("ES", D(2020, 6, 1)).recovered is None  # frozen since 2020-05-18
    for day in (D(2020, 4, 1), D(2021, 6, 1)):
        assert snap.lookup("SE", day).recovered is None  # never reported
        assert snap.lookup("GB", day).recovered is None  # no figure for the UK itself
        assert snap.lookup(WORLD, day).recovered is None  # so no world total either
    # No case yet: 0 recovered is right.
    assert snap.lookup("EG", FIRST).recovered == 0


def test_new_figures(snap):
    first = snap.lookup("CN", FIRST)
    assert first.new_confirmed == first.confirmed == 548
    assert first.new_deaths == first.deaths == 17
    # Corrections are kept as reported: negative new cases.
    dip = snap.lookup("AF", D(2020, 3, 20))
    assert dip.new_confirmed == -2
    assert dip.confirmed == snap.lookup("AF", D(2020, 3, 19)).confirmed - 2


def test_dates(snap):
    with pytest.raises(DataUnavailable, match="2020-01-22"):
        snap.lookup("EG", D(2020, 1, 21))
    late = snap.lookup("EG", D(2025, 1, 1))
    assert late == snap.lookup("EG", LAST) == snap.lookup("EG")
    assert late.date == LAST
    assert snap.lookup("EG", "2021-06-01") == snap.lookup("EG", D(2021, 6, 1))
    assert snap.lookup("EG", dt.datetime(2021, 6, 1, 23, 59)).date == D(2021, 6, 1)
    with pytest.raises(DataUnavailable):
        snap.lookup("EG", "June 1st")


def test_regions(snap):
    assert snap.lookup("eg", D(2021, 6, 1)) == snap.lookup("EG", D(2021, 6, 1))
    assert snap.lookup(" world ").region == WORLD
    assert snap.lookup(None).region == WORLD  # type: ignore[arg-type]
    assert snap.lookup("NA").confirmed > 100_000  # Namibia, not a missing value
    with pytest.raises(DataUnavailable, match="'AX'"):
        snap.lookup("AX")  # a valid code JHU has no figures for
    with pytest.raises(DataUnavailable, match="'XX'"):
        snap.lookup("XX")


def test_lookup_many(snap):
    found = snap.lookup_many(["EG", "ae", "world"], D(2021, 6, 1))
    assert list(found) == ["EG", "ae", "world"]
    assert found["ae"] == snap.lookup("AE", D(2021, 6, 1))
    with pytest.raises(DataUnavailable):
        snap.lookup_many(["EG", "XX"])


def test_series(snap):
    week = snap.series("PS", D(2021, 6, 7), 7)
    assert [s.date for s in week] == [D(2021, 6, k) for k in range(1, 8)]
    assert week[-1] == snap.lookup("PS", D(2021, 6, 7))
    assert snap.series("PS", D(2030, 1, 1), 2)[-1].date == LAST
    assert snap.series("PS", None, 1) == [snap.lookup("PS")]
    assert [s.date for s in snap.series("PS", D(2020, 1, 23), 5)] == [FIRST, D(2020, 1, 23)]
    with pytest.raises(ValueError):
        snap.series("PS", None, 0)
    with pytest.raises(DataUnavailable):
        snap.series("PS", D(2019, 12, 31), 3)


# -- snapshot files --------------------------------------------------------------------


def _records():
    return [
        RegionStats("EG", D(2022, 1, 1), 380_000, 21_000, None, None, None),
        {"region": "eg", "date": "2022-01-02", "confirmed": 381_000, "deaths": 21_010},
        {"region": "EG", "date": D(2022, 1, 3), "confirmed": 380_990, "deaths": 21_020},
        {"region": "NA", "date": D(2022, 1, 1), "confirmed": 150_000, "deaths": 3_600},
        {"region": "NA", "date": D(2022, 1, 3), "confirmed": 151_000, "deaths": 3_610},
        {"region": "world", "date": D(2022, 1, 2), "confirmed": 290e6, "deaths": 5.4e6},
        {"region": "AE", "date": D(2022, 1, 2), "confirmed": 10, "recovered": 8},
    ]


@pytest.mark.parametrize("name", ["small.csv.gz", "small.csv"])
def test_save_load_round_trip(tmp_path, name):
    made = Snapshot.from_records(_records(), source="disease.sh test", source_name="disease.sh")
    assert made.first_date == D(2022, 1, 1) and made.last_date == D(2022, 1, 3)
    assert made.regions == ("AE", "EG", "NA", WORLD)
    assert not made.from_start
    path = made.save(tmp_path / name)
    assert (path.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left
    back = Snapshot.load(path)
    assert back.regions == made.regions
    assert back.source == "disease.sh test"
    assert back.source_name == "disease.sh"
    for region in made.regions:
        for k in range(3):
            day = D(2022, 1, 1 + k)
            assert back.lookup(region, day) == made.lookup(region, day)
    eg = back.lookup("EG", D(2022, 1, 3))
    assert (eg.confirmed, eg.new_confirmed, eg.new_deaths, eg.recovered) == (380_990, -10, 10, None)
    assert eg.source == "disease.sh"
    first = back.lookup("EG", D(2022, 1, 1))
    assert first.confirmed == 380_000 and first.new_confirmed is None  # no previous day
    gap = back.lookup("NA", D(2022, 1, 2))  # a day the records do not have
    assert gap.confirmed is None and gap.new_confirmed is None
    assert back.lookup("NA", D(2022, 1, 3)).new_confirmed is None
    assert back.lookup(WORLD, D(2022, 1, 2)).confirmed == 290_000_000
    assert back.lookup("AE", D(2022, 1, 2)).recovered == 8
    assert back.lookup("AE", D(2022, 1, 1)).confirmed is None


def test_subset_of_embedded(tmp_path, snap):
    part = snap.subset(["EG", "ps", WORLD], D(2021, 7, 30), D(2021, 8, 10))
    assert part.regions == ("EG", "PS", WORLD)
    back = Snapshot.load(part.save(tmp_path / "part.csv.gz"))
    assert back.source == snap.source
    day = D(2021, 8, 1)
    assert back.lookup("EG", day) == snap.lookup("EG", day)
    assert back.lookup("PS", D(2021, 8, 5)).recovered is None
    assert back.lookup("EG", D(2021, 7, 30)).new_confirmed is None
    with pytest.raises(DataUnavailable):
        back.lookup("EG", D(2021, 7, 29))
    assert back.lookup("EG", D(2022, 1, 1)).date == D(2021, 8, 10)
    whole = snap.subset(["EG"])
    assert whole.from_start and whole.lookup("EG", FIRST).new_confirmed == 0


def test_to_frame_round_trip(snap):
    part = snap.subset(["EG", "PS"], D(2021, 8, 3), D(2021, 8, 6))
    frame = part.to_frame()
    assert list(frame.columns) == ["region", "date", "confirmed", "deaths", "recovered"]
    assert len(frame) == 8
    again = Snapshot.from_frame(
        frame, source=part.source, source_name=part.source_name, from_start=False
    )
    assert again.lookup("PS", D(2021, 8, 4)) == part.lookup("PS", D(2021, 8, 4))


def test_from_frame_rejects_duplicates():
    rows = [{"region": "EG", "date": "2022-01-01", "confirmed": 1}] * 2
    with pytest.raises(ValueError, match="duplicate"):
        Snapshot.from_records(rows, source="test", source_name="test")


@pytest.mark.parametrize(
    "content",
    [b"", b"region,metric\n", b"not,a,snapshot\n1,2,3\n", b"\x1f\x8b\x08garbage"],
)
def test_bad_files(tmp_path, content):
    path = tmp_path / "bad.csv.gz"
    path.write_bytes(content)
    with pytest.raises(DataUnavailable) as info:
        Snapshot.load(path)
    assert info.value.file == str(path)


def test_bad_table(tmp_path):
    good = Snapshot.from_records(
        [{"region": "EG", "date": "2022-01-01", "confirmed": 1}], source="t", source_name="t"
    )
    text = good.to_bytes(compress=False).decode().replace(",confirmed,", ",cases,")
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(DataUnavailable, match="cases"):
        Snapshot.load(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(",1\n", ",1,2\n"), "2 cells for 1 dates"),
        (lambda t: t.replace(",1\n", ",1.5\n"), "not a whole number"),
        (lambda t: t.replace(",1\n", ",x\n"), "not a whole number"),
    ],
)
def test_bad_cells(tmp_path, change, message):
    good = Snapshot.from_records(
        [{"region": "EG", "date": "2022-01-01", "confirmed": 1}], source="t", source_name="t"
    )
    path = tmp_path / "bad.csv"
    path.write_text(change(good.to_bytes(compress=False).decode()))
    with pytest.raises(DataUnavailable, match=message) as info:
        Snapshot.load(path)
    assert info.value.file == str(path)


def test_file_and_array_agree(snap):
    """Figures summed from the file's rows when looked up equal those of the same
    snapshot built from an array (every region, every day)."""
    from_array = snap.subset()
    for region in snap.regions:
        assert snap.series(region, LAST, 5000) == from_array.series(region, LAST, 5000)


def test_missing_file(tmp_path):
    with pytest.raises(DataUnavailable):
        Snapshot.load(tmp_path / "nope.csv.gz")


# -- the builder on small synthetic files ----------------------------------------------


def _write(path, header, rows, newline="\n"):
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    path.write_bytes((newline.join(lines) + newline).encode())


def test_read_both_jhu_formats(tmp_path):
    official = tmp_path / "official.csv"
    _write(
        official,
        ["Province/State", "Country/Region", "Lat", "Long", "1/22/20", "1/23/20"],
        [["", "Egypt", 26.8, 30.8, 0, 1], ['"Hong Kong"', "China", 22.3, 114.2, 2, 3]],
    )
    rehosted = tmp_path / "rehosted.csv"
    _write(
        rehosted,
        ["Province", "Country", "Lat", "Lon", "1/22/2020", "1/23/2020"],
        [["", "Egypt", 26.8, 30.8, 0, 1], ["Hong Kong", "China", 22.3, 114.2, 2, 3]],
        newline="\r\n",
    )
    a, b = read_jhu_csv(official), read_jhu_csv(rehosted)
    assert a.keys == b.keys == [("Egypt", ""), ("China", "Hong Kong")]
    assert a.dates == b.dates == [D(2020, 1, 22), D(2020, 1, 23)]
    assert np.array_equal(a.values, b.values)


def test_recovered_validity_rules():
    z = np.zeros(8)
    # Frozen while cases keep coming: valid up to the last change only.
    conf = np.array([0, 5, 10, 20, 30, 40, 50, 60.0])
    rec = np.array([0, 0, 2, 6, 6, 6, 6, 6.0])
    assert recovered_validity(rec, conf, z, 6).tolist() == [1, 1, 1, 1, 0, 0, 0, 0]
    # Nobody left ill: the frozen value stays right until cases change.
    conf = np.array([0, 3, 3, 3, 3, 4, 4, 4.0])
    rec = np.array([0, 1, 3, 3, 3, 3, 3, 3.0])
    assert recovered_validity(rec, conf, z, 6).tolist() == [1, 1, 1, 1, 1, 0, 0, 0]
    # A 0 after a positive value is a gap; nothing after the global cutoff.
    conf = np.arange(8.0) * 10
    rec = np.array([0, 1, 0, 5, 9, 12, 20, 30.0])
    assert recovered_validity(rec, conf, z, 5).tolist() == [1, 1, 0, 1, 1, 1, 0, 0]
    # Never reported: only right while there is no case.
    conf = np.array([0, 0, 1, 2, 3, 4, 5, 6.0])
    assert recovered_validity(z, conf, z, 6).tolist() == [1, 1, 0, 0, 0, 0, 0, 0]


def test_build_synthetic(tmp_path):
    days = ["1/22/20", "1/23/20", "1/24/20", "1/25/20"]
    header = ["Province/State", "Country/Region", "Lat", "Long", *days]
    confirmed = [
        ["", "Egypt", 0, 0, 1, 2, 4, 8],
        ["Hong Kong", "China", 0, 0, 1, 1, 2, 2],
        ["Hubei", "China", 0, 0, 10, 20, 30, 40],
        ["Ontario", "Canada", 0, 0, 0, 1, 1, 1],
        ["Quebec", "Canada", 0, 0, 0, 0, 2, 2],
        ["", "Sweden", 0, 0, 0, 0, 1, 1],
        ["", "Diamond Princess", 0, 0, 5, 5, 5, 5],
    ]
    deaths = [row[:4] + [0, 0, 0, 0] for row in confirmed]
    recovered = [
        ["", "Egypt", 0, 0, 0, 1, 2, 0],
        ["Hong Kong", "China", 0, 0, 0, 1, 1, 0],
        ["Hubei", "China", 0, 0, 1, 2, 3, 0],
        ["", "Canada", 0, 0, 0, 0, 1, 0],
        ["", "Sweden", 0, 0, 0, 0, 0, 0],
        ["", "Diamond Princess", 0, 0, 0, 1, 1, 0],
    ]
    for metric, rows in (("confirmed", confirmed), ("deaths", deaths), ("recovered", recovered)):
        _write(tmp_path / f"time_series_covid19_{metric}_global.csv", header, rows)
    snap, report = build(tmp_path)
    assert report["cutoff"] == D(2020, 1, 24)
    assert snap.regions == ("CA", "CN", "EG", "HK", "SE", WORLD)
    assert snap.lookup(WORLD, D(2020, 1, 25)).confirmed == 8 + 2 + 40 + 3 + 1 + 5
    assert snap.lookup("CN", D(2020, 1, 25)).confirmed == 42
    assert snap.lookup("HK", D(2020, 1, 25)).confirmed == 2
    assert snap.lookup("CA", D(2020, 1, 24)).confirmed == 3
    assert snap.lookup("EG", D(2020, 1, 24)).recovered == 2
    assert snap.lookup("EG", D(2020, 1, 25)).recovered is None  # after the cutoff
    assert snap.lookup("CA", D(2020, 1, 24)).recovered == 1  # the country row stands in
    # HK's recovered stopped changing on 1/23; a new case came on 1/24: frozen from then.
    assert snap.lookup("HK", D(2020, 1, 23)).recovered == 1
    assert snap.lookup("HK", D(2020, 1, 24)).recovered is None
    assert snap.lookup("CN", D(2020, 1, 24)).recovered is None
    assert snap.lookup("CN", D(2020, 1, 23)).recovered == 3
    assert snap.lookup("SE", D(2020, 1, 22)).recovered is None  # all zero: never
    assert snap.lookup(WORLD, D(2020, 1, 23)).recovered == 1 + 1 + 2 + 1
    assert snap.lookup(WORLD, D(2020, 1, 24)).recovered is None  # Sweden has a case


# -- against the JHU files, read directly ----------------------------------------------


@functools.lru_cache(maxsize=8)
def _read_jhu(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    dates = []
    for text in header[4:]:
        m, d, y = (int(x) for x in text.split("/"))
        dates.append(D(y if y > 100 else 2000 + y, m, d))
    return dates, rows[1:]


def _jhu_total(path, day, country=None, province=None):
    dates, rows = _read_jhu(path)
    col = 4 + dates.index(day)
    return sum(
        int(row[col])
        for row in rows
        if (country is None or row[1] == country) and (province is None or row[0] == province)
    )


JHU_NAMES = {"EG": "Egypt", "AE": "United Arab Emirates", "PS": "West Bank and Gaza"}
DAYS = [
    D(2020, 1, 22),
    D(2020, 3, 15),
    D(2020, 12, 31),
    D(2021, 6, 1),
    CUTOFF,
    D(2021, 8, 5),
    D(2022, 6, 15),
    LAST,
]


@pytest.mark.shared
@pytest.mark.parametrize("region", ["EG", "AE", "PS", WORLD, "CA", "GB", "CN"])
def test_against_jhu_files(shared, snap, region):
    base = shared("data", "covid", "jhu_csse")
    name = {"CA": "Canada", "GB": "United Kingdom", "CN": "China"}.get(region)
    name = JHU_NAMES.get(region, name)
    files = {m: base / f"time_series_covid19_{m}_global.csv" for m in ("confirmed", "deaths")}
    for day in DAYS:
        s = snap.lookup(region, day)
        assert s.date == day
        assert s.confirmed == _jhu_total(files["confirmed"], day, name)
        assert s.deaths == _jhu_total(files["deaths"], day, name)
        if day > FIRST:
            before = day - dt.timedelta(days=1)
            assert s.new_confirmed == s.confirmed - _jhu_total(files["confirmed"], before, name)
            assert s.new_deaths == s.deaths - _jhu_total(files["deaths"], before, name)
        if region in JHU_NAMES:
            rec = base / "time_series_covid19_recovered_global.csv"
            expected = _jhu_total(rec, day, name) if day <= CUTOFF else None
            assert s.recovered == expected


@pytest.mark.shared
def test_territory_against_jhu_files(shared, snap):
    path = shared("data", "covid", "jhu_csse", "time_series_covid19_confirmed_global.csv")
    for day in (D(2020, 6, 1), LAST):
        assert snap.lookup("HK", day).confirmed == _jhu_total(path, day, "China", "Hong Kong")


@pytest.mark.shared
def test_world_final_figures_from_files(shared):
    base = shared("data", "covid", "jhu_csse")
    assert _jhu_total(base / "time_series_covid19_confirmed_global.csv", LAST) == 676_570_149
    assert _jhu_total(base / "time_series_covid19_deaths_global.csv", LAST) == 6_881_802


@pytest.mark.shared
def test_embedded_file_is_up_to_date(shared, snap):
    built, report = build(shared("data", "covid", "jhu_csse"))
    assert report["cutoff"] == CUTOFF
    assert report["unmapped"] == [
        "Diamond Princess",
        "MS Zaandam",
        "Summer Olympics 2020",
        "Winter Olympics 2022",
    ]
    assert built.regions == snap.regions
    assert built.to_bytes() == snap.to_bytes()


def test_a_snapshot_that_cannot_be_written_says_so_and_leaves_nothing(tmp_path):
    from shortcodes.errors import OutputError

    made = Snapshot.from_records(_records(), source="disease.sh test", source_name="disease.sh")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        made.save(blocked / "snap.csv.gz")  # a folder that is a file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
