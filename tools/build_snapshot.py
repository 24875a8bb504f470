"""Build the embedded snapshot from the JHU CSSE global time series (a maintainer's tool).

    python3 tools/build_snapshot.py ../shared/data/covid/jhu_csse [-o FILE] [-v]

See shortcodes/data/build_snapshot.py for what is kept and why.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shortcodes.data.build_snapshot as module  # noqa: E402
from shortcodes.data.build_snapshot import build  # noqa: E402
from shortcodes.data.model import WORLD  # noqa: E402
from shortcodes.data.snapshot import EMBEDDED_FILE  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the snapshot file and print a short summary."""
    parser = argparse.ArgumentParser(prog="tools/build_snapshot.py")
    parser.add_argument("jhu_dir", help="folder with the three time_series_covid19_*_global.csv")
    parser.add_argument(
        "-o",
        "--output",
        default=str(Path(module.__file__).with_name(EMBEDDED_FILE)),
        help="snapshot file to write (default: the embedded one)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list recovered per region")
    args = parser.parse_args(argv)
    snapshot, report = build(args.jhu_dir)
    path = snapshot.save(args.output)
    world = snapshot.lookup(WORLD)
    print(
        f"{path}: {path.stat().st_size:,} bytes, {len(snapshot.regions)} regions, "
        f"{snapshot.first_date} … {snapshot.last_date}",
        file=sys.stderr,
    )
    print(
        f"world on {world.date}: {world.confirmed:,} confirmed, {world.deaths:,} deaths; "
        f"recovered cutoff {report['cutoff']}; rows without a region: "
        f"{', '.join(report['unmapped'])}",
        file=sys.stderr,
    )
    if args.verbose:
        for code, days in report["recovered"].items():
            print(f"  {code:5} recovered {days}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
