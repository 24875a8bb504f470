"""Compare two render-oracle folders field by field (validation of a replica).

    python tools/wp_oracle/compare.py REFERENCE_DIR REPLICA_DIR [--field F] [--diff N]

Records are matched by ``export_item_index``; counts posts identical byte for byte and
after ``tests/wp_conformance.py``'s ``normalise()``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from wp_conformance import normalise  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reference", type=Path)
    ap.add_argument("replica", type=Path)
    ap.add_argument("--field", default="wp_the_content_single_with_attachments")
    ap.add_argument("--diff", type=int, default=0)
    args = ap.parse_args(argv)
    shown = 0
    totals = [0, 0, 0]
    for mine in sorted(args.replica.glob("*.json")):
        ref_file = args.reference / mine.name
        if not ref_file.is_file():
            continue
        ref = {r["export_item_index"]: r for r in json.loads(ref_file.read_text("utf-8"))["posts"]}
        new = {r["export_item_index"]: r for r in json.loads(mine.read_text("utf-8"))["posts"]}
        exact = same = 0
        for index in sorted(set(ref) | set(new)):
            a, b = ref.get(index, {}).get(args.field), new.get(index, {}).get(args.field)
            if a is not None and a == b:
                exact += 1
            if a is not None and b is not None and normalise(a) == normalise(b):
                same += 1
            elif shown < args.diff:
                shown += 1
                print(f"=== {mine.stem} item {index} {ref.get(index, new.get(index))['slug']}")
                a_lines = (a or "").splitlines()
                b_lines = (b or "").splitlines()
                print(
                    "\n".join(
                        difflib.unified_diff(
                            a_lines, b_lines, "reference", "replica", n=0, lineterm=""
                        )
                    )[:3000]
                )
        total = len(set(ref) | set(new))
        totals = [totals[0] + exact, totals[1] + same, totals[2] + total]
        print(f"{mine.stem:32} exact {exact:3d}  normalised {same:3d}  of {total:3d}")
    print(f"{'all':32} exact {totals[0]:3d}  normalised {totals[1]:3d}  of {totals[2]:3d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
