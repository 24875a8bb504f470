"""Daily COVID-19 figures from a snapshot file: the embedded JHU CSSE one or a `fetch` one.

File format (``.csv.gz``, or plain ``.csv``): ``# key: value`` metadata lines, then a CSV
table with one row per region and metric (``confirmed``, ``deaths``, ``recovered``) and one
column per day (ISO dates, consecutive). Each cell is the change from the previous
*available* value of that row (the first available value is stored as itself), so a
running sum gives the cumulative figure; an empty cell means "unavailable" (None).

Reading a file decodes only its layout; a region's rows are summed when it is first
looked up (a conversion needs a handful of regions: reading all of them, and importing
numpy to do it, was most of every command's start-up).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import os
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shortcodes.data.model import WORLD, RegionStats
from shortcodes.data.regions import normalize_region
from shortcodes.errors import DataUnavailable, NoDataForDate, OutputError

if TYPE_CHECKING:  # numpy and pandas are imported where arrays are built, not for lookups
    import numpy as np
    import pandas as pd

EMBEDDED_FILE = "jhu_snapshot.csv.gz"
FORMAT = "covid-shortcodes-snapshot 1"
METRICS = ("confirmed", "deaths", "recovered")
JHU_CREDIT = (
    "COVID-19 Data Repository by the Center for Systems Science and Engineering (CSSE) "
    "at Johns Hopkins University, CC BY 4.0"
)
JHU_NAME = "JHU CSSE"
# JHU's series start here: the first day's new cases are then the day's cumulative figure.
JHU_FIRST_DATE = dt.date(2020, 1, 22)

_DateLike = dt.date | str | None
_CANONICAL = re.compile(r"[A-Z]{2}|world")


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DataUnavailable(f"invalid date {value!r}: expected a date or YYYY-MM-DD")


def _encode(row: np.ndarray) -> list[str]:
    """Cells of one cumulative row (NaN = unavailable) as changes from the last available value."""
    import numpy as np
    import pandas as pd

    filled = pd.Series(row).ffill().fillna(0.0).to_numpy()
    diffs = np.diff(filled, prepend=0.0)
    pairs = zip(row.tolist(), diffs.tolist(), strict=True)
    return ["" if v != v else str(int(d)) for v, d in pairs]


class Snapshot:
    """Daily cumulative figures per region, looked up in constant time (a `StatsProvider`)."""

    def __init__(
        self,
        first_date: dt.date,
        regions: Sequence[str],
        values: np.ndarray,
        *,
        source: str,
        source_name: str,
        from_start: bool | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """`values` is a float array (metric, region, day) of cumulative figures, NaN = unavailable.

        `source` is the credit line (shown with the figures), `source_name` a short name.

        `from_start` says the series begin at the start of the epidemic, so the first day's
        new figures equal its cumulative ones (default: true when `first_date` ≤ 2020-01-22).
        """
        import numpy as np

        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 3 or values.shape[0] != len(METRICS) or values.shape[1] != len(regions):
            raise ValueError(f"values must be shaped (3, {len(regions)}, days), not {values.shape}")
        if values.shape[2] == 0:
            raise ValueError("a snapshot needs at least one day")
        codes = _codes(regions)
        order = sorted(range(len(codes)), key=lambda i: codes[i])
        array = np.ascontiguousarray(values[:, order, :])
        array.setflags(write=False)
        self._setup(first_date, [codes[i] for i in order], array.shape[2], from_start)
        self._array = array
        self._source = source
        self._source_name = source_name
        self._notes = tuple(notes)

    def _setup(
        self, first_date: dt.date, regions: list[str], days: int, from_start: bool | None
    ) -> None:
        self._first = _as_date(first_date)
        self._regions = tuple(regions)
        self._index = {code: i for i, code in enumerate(self._regions)}
        self._days = days
        self._dates = tuple(self._first + dt.timedelta(days=k) for k in range(days))
        if from_start is None:
            from_start = self._first <= JHU_FIRST_DATE
        self._from_start = bool(from_start)
        self._array: np.ndarray | None = None  # (metric, region, day), NaN = unavailable
        self._cells: dict[tuple[int, int], bytes] = {}  # (region, metric) → a file's row
        self._file = "<snapshot>"
        # region → per day (confirmed, deaths, recovered, new confirmed, new deaths)
        self._decoded: dict[int, list[tuple[int | None, ...]]] = {}

    # -- properties ------------------------------------------------------------------

    @property
    def first_date(self) -> dt.date:
        """The first day with figures."""
        return self._first

    @property
    def last_date(self) -> dt.date:
        """The last day with figures; later days get this day's figures."""
        return self._first + dt.timedelta(days=self._days - 1)

    @property
    def regions(self) -> tuple[str, ...]:
        """Region codes, sorted (ISO codes, then ``"world"`` if present)."""
        return self._regions

    @property
    def source(self) -> str:
        """The credit line for the figures (e.g. JHU CSSE, CC BY 4.0)."""
        return self._source

    @property
    def source_name(self) -> str:
        """Short source name put in `RegionStats.source`."""
        return self._source_name

    @property
    def from_start(self) -> bool:
        """Whether the first day's new figures equal its cumulative ones."""
        return self._from_start

    def __repr__(self) -> str:
        return (
            f"<Snapshot {self._source_name}: {len(self._regions)} regions, "
            f"{self._first} … {self.last_date}>"
        )

    # -- lookups ---------------------------------------------------------------------

    def _region_index(self, region: str) -> int:
        i = self._index.get(region)  # fast path: already canonical
        if i is None:
            code = normalize_region(region)
            i = self._index.get(code)
            if i is None:
                raise DataUnavailable(
                    f"no figures for region {code!r} in the {self._source_name} snapshot"
                )
        return i

    def _day_index(self, day: _DateLike) -> int:
        if day is None:
            return self._days - 1
        j = (_as_date(day) - self._first).days
        if j < 0:
            raise NoDataForDate(
                f"no figures before {self._first.isoformat()} in the {self._source_name} "
                f"snapshot (asked for {_as_date(day).isoformat()})"
            )
        return min(j, self._days - 1)

    def _stats(self, i: int, j: int) -> RegionStats:
        days = self._decoded.get(i)
        if days is None:
            days = self._decoded[i] = self._decode(i)
        c, d, r, nc, nd = days[j]
        return RegionStats(
            region=self._regions[i],
            date=self._dates[j],
            confirmed=c,
            deaths=d,
            recovered=r,
            new_confirmed=nc,
            new_deaths=nd,
            source=self._source_name,
        )

    def _decode(self, i: int) -> list[tuple[int | None, ...]]:
        """Region `i`'s figures per day; new cases/deaths are the day's change
        (negative corrections kept as reported)."""
        if self._array is not None:
            rows = [[None if v != v else int(v) for v in row] for row in self._array[:, i].tolist()]
        else:
            rows = [self._running_sum(i, m) for m in range(len(METRICS))]
        confirmed, deaths = rows[0], rows[1]
        new = []
        for series in (confirmed, deaths):
            first = series[0] if self._from_start else None
            new.append(
                [first]
                + [
                    None if a is None or b is None else b - a
                    for a, b in zip(series, series[1:], strict=False)
                ]
            )
        return list(zip(*rows, *new, strict=True))

    def _running_sum(self, i: int, m: int) -> list[int | None]:
        """A file's row summed into cumulative figures (all None when the row is absent)."""
        cells = self._cells.get((i, m))
        if cells is None:
            return [None] * self._days
        out: list[int | None] = []
        total = 0
        try:
            for cell in cells.split(b","):
                if cell:
                    total += int(cell)
                    out.append(total)
                else:
                    out.append(None)
        except ValueError as e:
            raise DataUnavailable(f"unreadable snapshot file: {e}", file=self._file) from None
        return out

    @property
    def _values(self) -> np.ndarray:
        """All the figures as a (metric, region, day) array, NaN = unavailable."""
        if self._array is None:
            import numpy as np

            array = np.full((len(METRICS), len(self._regions), self._days), np.nan)
            for i, m in self._cells:
                array[m, i] = [float("nan") if v is None else v for v in self._running_sum(i, m)]
            array.setflags(write=False)
            self._array = array
        return self._array

    def lookup(self, region: str, day: _DateLike = None) -> RegionStats:
        """Figures of `region` on `day` (None: the last day; later days clamp to the last day).

        Raises `DataUnavailable` for an unknown region or a day before `first_date`.
        """
        return self._stats(self._region_index(region), self._day_index(day))

    def lookup_many(self, regions: Sequence[str], day: _DateLike = None) -> dict[str, RegionStats]:
        """`lookup` for several regions, keyed by the region strings as given."""
        j = self._day_index(day)
        return {region: self._stats(self._region_index(region), j) for region in regions}

    def series(self, region: str, end: _DateLike, days: int) -> list[RegionStats]:
        """The `days` daily figures up to and including `end` (clamped), oldest first.

        A window reaching before `first_date` is cut there (fewer items).
        """
        if days < 1:
            raise ValueError("days must be at least 1")
        i = self._region_index(region)
        j = self._day_index(end)
        return [self._stats(i, k) for k in range(max(0, j - days + 1), j + 1)]

    # -- building --------------------------------------------------------------------

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        source: str,
        source_name: str,
        from_start: bool | None = None,
        notes: Sequence[str] = (),
    ) -> Snapshot:
        """A snapshot from a long table: columns ``region``, ``date`` and cumulative
        ``confirmed``, ``deaths``, ``recovered`` (a missing column or NaN/None = unavailable).

        Days absent for a region between the first and last date are unavailable.
        """
        import numpy as np
        import pandas as pd

        for col in ("region", "date"):
            if col not in frame.columns:
                raise ValueError(f"snapshot frame has no {col!r} column")
        if frame.empty:
            raise ValueError("snapshot frame is empty")
        regions = [normalize_region(r) for r in frame["region"].tolist()]
        try:
            stamps = pd.to_datetime(frame["date"]).dt.normalize()
        except (ValueError, TypeError) as e:
            raise ValueError(f"snapshot frame has invalid dates: {e}") from e
        first = stamps.min().date()
        offsets = ((stamps - stamps.min()).dt.days).to_numpy(dtype=np.int64)
        codes = sorted(set(regions))
        index = {code: i for i, code in enumerate(codes)}
        rows = np.array([index[r] for r in regions], dtype=np.int64)
        if len(set(zip(rows.tolist(), offsets.tolist(), strict=True))) != len(rows):
            raise ValueError("snapshot frame has duplicate (region, date) rows")
        values = np.full((len(METRICS), len(codes), int(offsets.max()) + 1), np.nan)
        for m, metric in enumerate(METRICS):
            if metric in frame.columns:
                column = pd.to_numeric(frame[metric], errors="raise")
                values[m, rows, offsets] = column.to_numpy(dtype=np.float64, na_value=np.nan)
        return cls(
            first,
            codes,
            values,
            source=source,
            source_name=source_name,
            from_start=from_start,
            notes=notes,
        )

    @classmethod
    def from_records(
        cls,
        records: Iterable[RegionStats | Mapping[str, Any]],
        *,
        source: str,
        source_name: str,
        from_start: bool | None = None,
        notes: Sequence[str] = (),
    ) -> Snapshot:
        """A snapshot from `RegionStats` objects or mappings with the `from_frame` columns."""
        rows = []
        for rec in records:
            if isinstance(rec, RegionStats):
                rows.append(
                    {
                        "region": rec.region,
                        "date": rec.date,
                        "confirmed": rec.confirmed,
                        "deaths": rec.deaths,
                        "recovered": rec.recovered,
                    }
                )
            else:
                rows.append({key: rec.get(key) for key in ("region", "date", *METRICS)})
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["region", "date", *METRICS])
        for metric in METRICS:
            frame[metric] = pd.to_numeric(frame[metric]).astype("float64")
        return cls.from_frame(
            frame, source=source, source_name=source_name, from_start=from_start, notes=notes
        )

    def to_frame(self) -> pd.DataFrame:
        """The figures as a long table (region, date, confirmed, deaths, recovered; Int64)."""
        import numpy as np
        import pandas as pd

        n_regions, n_days = len(self._regions), self._days
        dates = [self._first + dt.timedelta(days=k) for k in range(n_days)]
        frame = pd.DataFrame(
            {"region": np.repeat(self._regions, n_days), "date": dates * n_regions}
        )
        for m, metric in enumerate(METRICS):
            frame[metric] = pd.Series(np.round(self._values[m].ravel())).astype("Int64")
        return frame

    def subset(
        self,
        regions: Iterable[str] | None = None,
        start: _DateLike = None,
        end: _DateLike = None,
    ) -> Snapshot:
        """A smaller snapshot: some regions, days `start` … `end` (clamped to this one's)."""
        rows = (
            list(range(len(self._regions)))
            if regions is None
            else sorted({self._region_index(r) for r in regions})
        )
        j0 = 0 if start is None else self._day_index(start)
        j1 = self._day_index(end)
        if j1 < j0:
            raise ValueError("subset end is before its start")
        return Snapshot(
            self._first + dt.timedelta(days=j0),
            [self._regions[i] for i in rows],
            self._values[:, rows, j0 : j1 + 1],
            source=self._source,
            source_name=self._source_name,
            from_start=self._from_start and j0 == 0,
            notes=self._notes,
        )

    # -- files -----------------------------------------------------------------------

    def to_bytes(self, *, compress: bool = True) -> bytes:
        """The snapshot file's content (gzip-compressed unless `compress` is false)."""
        import numpy as np

        out = io.StringIO()
        out.write(f"# format: {FORMAT}\n")
        out.write(f"# source: {self._source}\n")
        out.write(f"# source_name: {self._source_name}\n")
        out.write(f"# from_start: {'true' if self._from_start else 'false'}\n")
        out.write(
            "# cells: change of the cumulative figure since the row's last non-empty cell"
            " (the first is whole; a running sum gives the cumulative figure);"
            " empty = unavailable\n"
        )
        for note in self._notes:
            for line in note.splitlines() or [""]:
                out.write(f"# note: {line}\n")
        dates = [(self._first + dt.timedelta(days=k)).isoformat() for k in range(self._days)]
        out.write(",".join(["region", "metric", *dates]) + "\n")
        for i, code in enumerate(self._regions):
            for m, metric in enumerate(METRICS):
                row = self._values[m, i]
                if np.isnan(row).all():
                    continue
                out.write(",".join([code, metric, *_encode(row)]) + "\n")
        data = out.getvalue().encode("utf-8")
        if not compress:
            return data
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
            gz.write(data)
        return buf.getvalue()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the snapshot file atomically (gzip when the name ends in ``.gz``);
        `OutputError` when it cannot be written."""
        target = Path(path)
        data = self.to_bytes(compress=target.name.endswith(".gz"))
        from ..writers.files import atomic_write_bytes

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"cannot write: {e.strerror or e}", file=str(target)) from e
        atomic_write_bytes(target, data)
        return target

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "<snapshot>") -> Snapshot:
        """Parse a snapshot file's content (gzip-compressed or not)."""
        try:
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            meta: dict[str, str] = {}
            notes: list[str] = []
            pos = 0
            while data.startswith(b"#", pos):
                end = data.find(b"\n", pos)
                end = len(data) if end < 0 else end
                key, _, value = data[pos + 1 : end].decode("utf-8").strip().partition(":")
                if key.strip() == "note":
                    notes.append(value[1:] if value.startswith(" ") else value)
                else:
                    meta[key.strip()] = value.strip()
                pos = end + 1
            if meta.get("format") != FORMAT:
                raise ValueError(f"not a snapshot file (format {meta.get('format')!r})")
            dates, rows = _read_table(data[pos:])
            first = dates[0]
            if any((d - first).days != k for k, d in enumerate(dates)):
                raise ValueError("the date columns must be consecutive days")
            labels = list(dict.fromkeys(label for label, _, _ in rows))
            code_of = dict(zip(labels, _codes(labels), strict=True))
            regions = sorted(code_of.values())
            index = {code: i for i, code in enumerate(regions)}
            snapshot = cls.__new__(cls)
            from_start = {"true": True, "false": False}.get(meta.get("from_start", ""))
            snapshot._setup(first, regions, len(dates), from_start)
            metric_index = {metric: m for m, metric in enumerate(METRICS)}
            for label, metric, cells in rows:
                if metric not in metric_index:
                    raise ValueError(f"unknown metric {metric!r}")
                key = (index[code_of[label]], metric_index[metric])
                if key in snapshot._cells:
                    raise ValueError("duplicate region/metric rows")
                snapshot._cells[key] = cells
            snapshot._file = name
            snapshot._source = meta.get("source", "")
            snapshot._source_name = meta.get("source_name", "snapshot")
            snapshot._notes = tuple(notes)
            return snapshot
        except DataUnavailable:
            raise
        except (OSError, EOFError, zlib.error, ValueError, KeyError, IndexError) as e:
            raise DataUnavailable(f"unreadable snapshot file: {e}", file=name) from e

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Snapshot:
        """Read a snapshot file; None → the embedded JHU CSSE snapshot (cached)."""
        if path is None:
            return embedded_snapshot()
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            raise DataUnavailable(f"cannot read snapshot file: {e.strerror}", file=str(path)) from e
        return cls.from_bytes(data, name=str(path))


def _read_table(body: bytes) -> tuple[list[dt.date], list[tuple[str, str, bytes]]]:
    """The CSV table of a snapshot file: its dates, and each row's region, metric and cells.

    The cells stay as written (decoded when their region is looked up), once checked to
    be one per day and only digits and signs: empty cells mean "unavailable" (no "NA"
    guessing: NA is Namibia).
    """
    header, _, table = body.partition(b"\n")
    columns = header.decode("utf-8").strip().split(",")
    if columns[:2] != ["region", "metric"] or len(columns) < 3:
        raise ValueError("the table must start with region,metric and a date column")
    dates = [dt.date.fromisoformat(c.strip()) for c in columns[2:]]
    lines = table.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError("the table has no rows")
    rows = []
    for number, line in enumerate(lines, 2):
        region, metric, *rest = line.split(b",", 2)
        label = region.decode("utf-8").strip()
        if not rest:
            raise ValueError(f"row {label!r} has no cells")
        cells = rest[0]
        if cells.count(b",") != len(dates) - 1:
            raise ValueError(f"line {number}: {cells.count(b',') + 1} cells for {len(dates)} dates")
        if cells.translate(None, b"0123456789-,"):
            raise ValueError(f"line {number}: a cell is not a whole number")
        rows.append((label, metric.decode("utf-8").strip(), cells))
    return dates, rows


def _codes(regions: Iterable[str]) -> list[str]:
    """Canonical codes of a snapshot's regions (raises ValueError on duplicates)."""
    codes = [r if _CANONICAL.fullmatch(r) else normalize_region(r) for r in regions]
    if len(set(codes)) != len(codes):
        raise ValueError("duplicate regions in snapshot")
    return codes


@functools.lru_cache(maxsize=1)
def embedded_snapshot() -> Snapshot:
    """The JHU CSSE snapshot shipped inside the package (loaded once)."""
    resource = resources.files("shortcodes.data").joinpath(EMBEDDED_FILE)
    try:
        data = resource.read_bytes()
    except OSError as e:
        raise DataUnavailable(f"the embedded snapshot is missing: {e}", file=EMBEDDED_FILE) from e
    return Snapshot.from_bytes(data, name=EMBEDDED_FILE)


__all__ = ["EMBEDDED_FILE", "JHU_CREDIT", "METRICS", "WORLD", "Snapshot", "embedded_snapshot"]
