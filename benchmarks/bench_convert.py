"""convert --format html on large exports, next to a bare lxml iterparse pass.

    python3 benchmarks/bench_convert.py [--sizes 10,100]

Builds the exports with ../shared/tools/make_big_wxr.py (same arguments, same bytes;
kept in benchmarks/_work/), then, in the same run and each in a fresh process:
a bare `lxml.etree.iterparse` pass that only clears elements, and the full convert.
Prints MiB/s, the ratio between the two, and each process's peak RSS.
Targets (DESIGN.md): >= 10 MiB/s, within 10x of the bare pass, peak RSS < 200 MB and
within 20 % between 10 and 100 MiB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
SHARED = Path(os.environ.get("COVID_SHORTCODES_SHARED", ROOT.parent / "shared"))
TEMPLATE = SHARED / "data" / "wxr" / "themeunittestdata.wordpress.xml"
GENERATOR = SHARED / "tools" / "make_big_wxr.py"

BARE = """
import resource, sys, time
from lxml import etree
t = time.perf_counter()
for _, elem in etree.iterparse(sys.argv[1], events=("end",), resolve_entities=False,
                               no_network=True, load_dtd=False):
    elem.clear()
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]
elapsed = time.perf_counter() - t
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
CONVERT = """
import resource, sys, time
sys.path.insert(0, sys.argv[3])
from shortcodes.convert import convert
t = time.perf_counter()
report = convert(sys.argv[1], sys.argv[2])
elapsed = time.perf_counter() - t
assert not report.errors, report.errors
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, report.totals()["cards"])
"""


def build(size: int) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"export-{size}mb.xml"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--template",
                str(TEMPLATE),
                "--size-mb",
                str(size),
                "-o",
                str(out),
            ],
            check=True,
        )
    return out


def run(code: str, *args: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="export sizes in MiB")
    args = parser.parse_args()
    if not GENERATOR.exists() or not TEMPLATE.exists():
        sys.exit(f"needs {GENERATOR} and {TEMPLATE} (../shared)")
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        export = build(size)
        mib = export.stat().st_size / 2**20
        bare_s, bare_rss = map(float, run(BARE, str(export)))
        site = WORK / f"site-{size}"
        shutil.rmtree(site, ignore_errors=True)
        conv_s, conv_rss, cards = run(CONVERT, str(export), str(site), str(ROOT))
        conv_s, conv_rss = float(conv_s), float(conv_rss)
        results[size] = conv_rss
        print(
            f"{mib:7.1f} MiB  bare iterparse {mib / bare_s:6.1f} MiB/s ({bare_rss / 1024:5.0f} MB)"
            f"  convert {mib / conv_s:5.1f} MiB/s ({conv_rss / 1024:5.0f} MB peak RSS)"
            f"  ratio {conv_s / bare_s:4.1f}x  cards {cards}"
        )
    if len(results) > 1:
        sizes = sorted(results)
        growth = results[sizes[-1]] / results[sizes[0]] - 1
        print(f"peak RSS growth {sizes[0]} → {sizes[-1]} MiB: {growth:+.0%}")
    print(json.dumps({"peak_rss_kb": results}))


if __name__ == "__main__":
    main()
