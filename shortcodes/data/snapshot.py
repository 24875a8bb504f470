"""Daily COVID-19 figures from a snapshot file: the embedded JHU CSSE one or a `fetch` one.

File format (``.csv.gz``, or plain ``.csv``): ``# key: value`` metadata lines, then a CSV
table with one row per region and metric (``confirmed``, ``deaths``, ``recovered``) and one
column per day (ISO dates, consecutive). Each cell is the change from the previous
*available* value of that row (the first available value is stored as itself), so a
running sum gives the cumulative figure; an empty cell means "unavailable" (None).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import io
import os
import re
import tempfile
import zlib
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from shortcodes.data.model import WORLD, RegionStats
from shortcodes.data.regions import normalize_region
from shortcodes.errors import DataUnavailable

if TYPE_CHECKING:  # pandas is imported where frames are built, not to read a snapshot
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
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 3 or values.shape[0] != len(METRICS) or values.shape[1] != len(regions):
            raise ValueError(f"values must be shaped (3, {len(regions)}, days), not {values.shape}")
        if values.shape[2] == 0:
            raise ValueError("a snapshot needs at least one day")
        codes = [r if _CANONICAL.fullmatch(r) else normalize_region(r) for r in regions]
        if len(set(codes)) != len(codes):
            raise ValueError("duplicate regions in snapshot")
        order = sorted(range(len(codes)), key=lambda i: codes[i])
        self._first = _as_date(first_date)
        self._regions = tuple(codes[i] for i in order)
        self._index = {code: i for i, code in enumerate(self._regions)}
        self._values = np.ascontiguousarray(values[:, order, :])
        self._values.setflags(write=False)
        if from_start is None:
            from_start = self._first <= JHU_FIRST_DATE
        self._from_start = bool(from_start)
        # New confirmed/deaths: the day's change (negative corrections kept as reported).
        new = np.empty((2,) + self._values.shape[1:])
        new[:, :, 1:] = np.diff(self._values[:2], axis=2)
        new[:, :, 0] = self._values[:2, :, 0] if self._from_start else np.nan
        new.setflags(write=False)
        # (region, day) → (confirmed, deaths, recovered, new_confirmed, new_deaths)
        self._table = np.ascontiguousarray(np.concatenate([self._values, new]).transpose(1, 2, 0))
        self._table.setflags(write=False)
        self._days = self._values.shape[2]
        self._dates = tuple(self._first + dt.timedelta(days=k) for k in range(self._days))
        self._source = source
        self._source_name = source_name
        self._notes = tuple(notes)

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
            raise DataUnavailable(
                f"no figures before {self._first.isoformat()} in the {self._source_name} "
                f"snapshot (asked for {_as_date(day).isoformat()})"
            )
        return min(j, self._days - 1)

    def _stats(self, i: int, j: int) -> RegionStats:
        c, d, r, nc, nd = self._table[i, j].tolist()
        return RegionStats(
            region=self._regions[i],
            date=self._dates[j],
            confirmed=None if c != c else int(c),
            deaths=None if d != d else int(d),
            recovered=None if r != r else int(r),
            new_confirmed=None if nc != nc else int(nc),
            new_deaths=None if nd != nd else int(nd),
            source=self._source_name,
        )

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
        """Write the snapshot file atomically (gzip when the name ends in ``.gz``)."""
        target = Path(path)
        data = self.to_bytes(compress=target.name.endswith(".gz"))
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            # mkstemp makes the file private; give it the usual mode (or keep the old one's).
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
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
            labels, metric_names, dates, cells = _read_table(data[pos:])
            first = dates[0]
            if any((d - first).days != k for k, d in enumerate(dates)):
                raise ValueError("the date columns must be consecutive days")
            codes = sorted(set(labels))
            index = {code: i for i, code in enumerate(codes)}
            rows = np.array([index[r] for r in labels], dtype=np.int64)
            metric_index = {metric: m for m, metric in enumerate(METRICS)}
            try:
                metrics = np.array([metric_index[m] for m in metric_names], dtype=np.int64)
            except KeyError as e:
                raise ValueError(f"unknown metric {e.args[0]!r}") from None
            if len(set(zip(rows.tolist(), metrics.tolist(), strict=True))) != len(rows):
                raise ValueError("duplicate region/metric rows")
            cumulative = np.cumsum(np.nan_to_num(cells), axis=1)
            cumulative[np.isnan(cells)] = np.nan
            values = np.full((len(METRICS), len(codes), len(dates)), np.nan)
            values[metrics, rows] = cumulative
            from_start = {"true": True, "false": False}.get(meta.get("from_start", ""))
            return cls(
                first,
                codes,
                values,
                source=meta.get("source", ""),
                source_name=meta.get("source_name", "snapshot"),
                from_start=from_start,
                notes=notes,
            )
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


def _read_table(body: bytes) -> tuple[list[str], list[str], list[dt.date], np.ndarray]:
    """The CSV table of a snapshot file: region and metric of each row, the dates, the cells.

    numpy's C reader, not pandas: reading the embedded snapshot is part of every
    run's start-up (about 4x faster and 80 MB lighter than pandas.read_csv).
    Only empty cells are missing (no "NA" guessing: NA is Namibia).
    """
    header, _, rows = body.partition(b"\n")
    columns = header.decode("utf-8").strip().split(",")
    if columns[:2] != ["region", "metric"] or len(columns) < 3:
        raise ValueError("the table must start with region,metric and a date column")
    dates = [dt.date.fromisoformat(c.strip()) for c in columns[2:]]
    lines = rows.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise ValueError("the table has no rows")
    labels, metrics = [], []
    for line in lines:
        region, metric, *rest = line.split(b",", 2)
        if not rest:
            raise ValueError(f"row {region.decode('utf-8', 'replace')!r} has no cells")
        labels.append(region.decode("utf-8").strip())
        metrics.append(metric.decode("utf-8").strip())
    # An empty cell (between commas, or last on its line) means "unavailable";
    # replaced twice so that runs of empty cells (",,,") are all filled.
    table = b"\n".join(lines) + b"\n"
    table = table.replace(b",,", b",nan,").replace(b",,", b",nan,").replace(b",\n", b",nan\n")
    cells = np.loadtxt(
        io.BytesIO(table),
        delimiter=",",
        dtype=np.float64,
        usecols=range(2, len(columns)),
        ndmin=2,
        encoding="utf-8",
    )
    return labels, metrics, dates, cells


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
