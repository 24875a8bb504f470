"""`covid-shortcodes fetch`: live history from a disease.sh API into a snapshot file."""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic
from ..errors import DataUnavailable
from .live import SOURCE, DiseaseShClient, Timeline
from .model import WORLD
from .regions import iso_codes, normalize_region
from .snapshot import Snapshot

BATCH = 50  # countries per /historical request (keeps URLs short)


def parse_regions(spec: str) -> list[str]:
    """ "EG,AE,PS,world" → codes; "all" → every ISO code the snapshot knows, and the world."""
    if spec.strip().lower() == "all":
        return sorted(iso_codes()) + [WORLD]
    return list(dict.fromkeys(normalize_region(part) for part in spec.split(",") if part.strip()))


def fetch_snapshot(
    client: DiseaseShClient, regions: Iterable[str]
) -> tuple[Snapshot, list[Diagnostic]]:
    """Every day of every region the API has, as a snapshot in the embedded format.

    Regions the API does not know are left out with a warning each; raises
    DataUnavailable when no region at all could be fetched.
    """
    regions = list(regions)
    timelines: list[Timeline] = []
    diags: list[Diagnostic] = []
    countries = [r for r in regions if r != WORLD]
    for i in range(0, len(countries), BATCH):
        for code, found in client.historical(countries[i : i + BATCH]).items():
            if isinstance(found, DataUnavailable):
                diags.append(Diagnostic("region-not-fetched", f"{code}: {found}", "warning"))
            else:
                timelines.append(found)
    if WORLD in regions:
        timelines.append(client.historical_world())
    for timeline in timelines:
        diags.extend(Diagnostic("rejected-figure", r, "warning") for r in timeline.rejected)
    diags.extend(client.diagnostics)
    if not timelines:
        raise DataUnavailable("the API returned no figures for any requested region")
    records = [
        stats
        for timeline in timelines
        for stats in timeline.series(timeline.last_date, len(timeline.dates))
    ]
    snapshot = Snapshot.from_records(
        records,
        source=f"{SOURCE} ({client.url('')}), historical data from JHU CSSE (CC BY 4.0)",
        source_name=SOURCE,
        notes=[f"fetched with covid-shortcodes from {client.url('')}"],
    )
    return snapshot, diags
