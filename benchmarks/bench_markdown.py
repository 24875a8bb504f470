"""convert --format hugo and jekyll next to --format html, on the same large exports.

    .venv/bin/python benchmarks/bench_markdown.py [--sizes 10,100] [--jobs N] [--repeat 3]

The exports are bench_convert.py's (../shared/tools/make_big_wxr.py, kept in
benchmarks/_work/). In the same run, each in a fresh process and alternately: html,
hugo, jekyll; best of `--repeat` for wall time and for CPU time (the process and its
workers), the highest memory of the runs (largest process RSS, process tree PSS).
Target (issue 18): hugo within 1.5x of html, memory as flat.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time

from _installed import build as build_info
from _installed import machine
from bench_convert import GENERATOR, ROOT, TEMPLATE, WORK, build, run

CONVERT = """
import resource, sys, time
from shortcodes.convert import ConvertOptions, convert
jobs = int(sys.argv[4]) if sys.argv[4] != "auto" else None
t = time.perf_counter()
report = convert(sys.argv[1], sys.argv[2], ConvertOptions(format=sys.argv[5], jobs=jobs))
elapsed = time.perf_counter() - t
assert not report.errors, report.errors
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime
print(elapsed, cpu, max(me.ru_maxrss, kids.ru_maxrss))
"""
FORMATS = ("html", "hugo", "jekyll")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="export sizes in MiB")
    parser.add_argument("--jobs", default="auto", help="convert's --jobs (default: auto)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    args = parser.parse_args()
    if not GENERATOR.exists() or not TEMPLATE.exists():
        sys.exit(f"needs {GENERATOR} and {TEMPLATE} (../shared)")
    print(build_info())
    print(f"machine: {machine()}, jobs {args.jobs}, best of {args.repeat}")
    for size in [int(s) for s in args.sizes.split(",")]:
        export = build(size)
        mib = export.stat().st_size / 2**20
        best = {f: [float("inf"), float("inf"), 0.0, 0] for f in FORMATS}
        for _ in range(args.repeat):
            for fmt in FORMATS:
                out = WORK / f"md-{fmt}-{size}"
                if out.exists():
                    out.rename(WORK / f"old-md-{fmt}-{size}-{time.time_ns()}")
                (wall, cpu, rss), tree = run(
                    CONVERT, str(export), str(out), str(ROOT), args.jobs, fmt
                )
                b = best[fmt]
                b[0], b[1] = min(b[0], float(wall)), min(b[1], float(cpu))
                b[2], b[3] = max(b[2], float(rss)), max(b[3], tree.pss)
        html = best["html"]
        print(f"{mib:7.1f} MiB")
        for fmt in FORMATS:
            wall, cpu, rss, pss = best[fmt]
            print(
                f"  {fmt:6}  wall {wall:6.2f} s ({wall / html[0]:4.2f}x html)"
                f"  CPU {cpu:6.2f} s ({cpu / html[1]:4.2f}x html)"
                f"  largest process {rss / 1024:4.0f} MB, tree PSS {pss / 1024:4.0f} MB"
            )
    for old in WORK.glob("old-md-*"):
        shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    main()
