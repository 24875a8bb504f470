"""Choosing where figures come from: --data embedded | live | PATH."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import BadInput, DataUnavailable
from .model import RegionStats, StatsProvider
from .snapshot import Snapshot, embedded_snapshot


class FallbackProvider:
    """The live API, and the embedded snapshot when the API cannot answer.

    The first fallback adds one warning naming the reason to `diagnostics`; with
    `strict` the API's failure is raised instead.
    """

    # Its one warning, and the live provider, belong to one process.
    forkable = False

    def __init__(self, live: StatsProvider, fallback: Snapshot, *, strict: bool = False) -> None:
        self.live = live
        self.fallback = fallback
        self.strict = strict
        self.diagnostics: list[Diagnostic] = []

    def _fall_back(self, error: DataUnavailable) -> None:
        if self.strict:
            raise error
        if not self.diagnostics:
            self.diagnostics.append(
                Diagnostic(
                    "live-data-unavailable",
                    f"live data unavailable ({error}); using the embedded JHU snapshot",
                )
            )

    def lookup(self, region: str, day: dt.date | None = None) -> RegionStats:
        try:
            return self.live.lookup(region, day)
        except DataUnavailable as e:
            self._fall_back(e)
            return self.fallback.lookup(region, day)

    def lookup_many(
        self, regions: Sequence[str], day: dt.date | None = None
    ) -> dict[str, RegionStats]:
        try:
            return self.live.lookup_many(regions, day)
        except DataUnavailable as e:
            self._fall_back(e)
            return {r: self.lookup(r, day) for r in regions}

    def series(self, region: str, end: dt.date | None, days: int) -> list[RegionStats]:
        try:
            return self.live.series(region, end, days)
        except DataUnavailable as e:
            self._fall_back(e)
            return self.fallback.series(region, end, days)


def open_provider(
    data: str, *, strict: bool = False, base_url: str | None = None, no_cache: bool = False
) -> StatsProvider:
    """The data source `data` names: "embedded", "live" or a snapshot file's path."""
    if data == "embedded":
        return embedded_snapshot()
    if data == "live":
        from .live import LiveProvider

        live = LiveProvider(base_url=base_url, no_cache=no_cache)
        return FallbackProvider(live, embedded_snapshot(), strict=strict)
    path = Path(data)
    if not path.is_file():
        raise BadInput("no such snapshot file (--data takes embedded, live or a path)", file=data)
    return Snapshot.load(path)


def provider_diagnostics(provider: StatsProvider) -> list[Diagnostic]:
    """Warnings a provider collected while it was used (live fallbacks, figures
    rejected as absurd, an untrusted cache folder)."""
    found = list(getattr(provider, "diagnostics", []))
    found += getattr(getattr(provider, "live", None), "diagnostics", [])
    return found
