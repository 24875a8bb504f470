"""The region/date model every data source maps to, so the renderer never knows which it got."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

WORLD = "world"


@dataclass(frozen=True)
class RegionStats:
    """Figures for one region on one day.

    `region` is an ISO 3166-1 alpha-2 code in upper case, or ``"world"``.
    Cumulative figures are totals up to and including `date`; `new_*` are that day's
    increase over the previous day. A figure the source cannot support is ``None``
    (recovered after JHU stopped counting it, and active which depends on it): the
    renderer must not print a number for it.
    """

    region: str
    date: dt.date
    confirmed: int | None
    deaths: int | None
    recovered: int | None
    new_confirmed: int | None
    new_deaths: int | None
    source: str = "JHU CSSE"
    # When the source last updated these figures, if it says (live API); daily
    # snapshot figures are as of the end of `date` (UTC).
    updated: dt.datetime | None = None

    @property
    def active(self) -> int | None:
        if self.confirmed is None or self.deaths is None or self.recovered is None:
            return None
        return self.confirmed - self.deaths - self.recovered

    @property
    def death_rate(self) -> float | None:
        """Deaths ÷ confirmed × 100, or None when it cannot be computed."""
        if not self.confirmed or self.deaths is None:
            return None
        return self.deaths / self.confirmed * 100


class StatsProvider(Protocol):
    """What the renderer asks of a data source (embedded snapshot, snapshot file, live API).

    `day=None` means the latest day the source has. A day after the source's last day
    gives that last day's figures (`RegionStats.date` tells which day they are); a day
    before its first day, or an unknown region, raises `DataUnavailable`.
    """

    def lookup(self, region: str, day: dt.date | None = None) -> RegionStats: ...

    def lookup_many(
        self, regions: Sequence[str], day: dt.date | None = None
    ) -> dict[str, RegionStats]: ...

    def series(self, region: str, end: dt.date | None, days: int) -> list[RegionStats]:
        """The `days` daily figures up to and including `end` (oldest first)."""
        ...
