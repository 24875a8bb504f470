"""convert --format html on large exports, next to a bare lxml iterparse pass.

    python3 benchmarks/bench_convert.py [--sizes 10,100] [--jobs N] [--repeat 3]

Builds the exports with ../shared/tools/make_big_wxr.py (same arguments, same bytes;
kept in benchmarks/_work/), then, in the same run and each in a fresh process:
a bare `lxml.etree.iterparse` pass that only clears elements, and the full convert,
alternately, best time of `--repeat` runs each (memory: the highest of the runs)
(`--jobs` as convert's option: default one process per CPU, at most 4). Each convert
writes into a folder never used before (older outputs are deleted after the timings).
Prints MiB/s, the ratio between the two, and memory: the peak RSS of the largest
process, and the peak total of the process tree (RSS, and PSS, which counts pages
shared between the forked workers once), sampled every 100 ms (reading a process's
PSS walks its page tables: sampled more often, it would slow the conversion measured).
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
import threading
import time
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
from shortcodes.convert import ConvertOptions
jobs = int(sys.argv[4]) if sys.argv[4] != "auto" else None
extra = {}
if sys.argv[5] == "no-search":
    from shortcodes.site import SiteOptions
    extra["site"] = SiteOptions(search=False)
report = convert(sys.argv[1], sys.argv[2], ConvertOptions(jobs=jobs, **extra))
elapsed = time.perf_counter() - t
assert not report.errors, report.errors
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, max(self_kb, children_kb), report.totals()["cards"])
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


class TreeMemory:
    """Peak total RSS and PSS (kB) of a process and its descendants, sampled."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every = pid, every
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                pass
        return pids

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            tree = self._tree()
            for pid in tree:
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        for line in f:
                            if line.startswith("Rss:"):
                                rss += int(line.split()[1])
                            elif line.startswith("Pss:"):
                                pss += int(line.split()[1])
                except OSError:
                    pass
            # A process that started or ended meanwhile moves shared pages between
            # the others' PSS as they are read: such a sample is not a total.
            if self._tree() == tree:
                self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            time.sleep(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run(code: str, *args: str) -> tuple[list[str], TreeMemory]:
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    memory = TreeMemory(proc.pid)
    out, _ = proc.communicate()
    memory.stop()
    if proc.returncode:
        sys.exit(f"benchmark process failed ({proc.returncode})")
    return out.split(), memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="export sizes in MiB")
    parser.add_argument("--jobs", default="auto", help="convert's --jobs (default: auto)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each; the best time is kept (default: 3)"
    )
    parser.add_argument(
        "--no-search", action="store_true", help="html: no search index (this tree only)"
    )
    parser.add_argument(
        "--baseline",
        default=None,
        help="another source tree (say, a git archive of main) to time alongside, same runs",
    )
    args = parser.parse_args()
    if not GENERATOR.exists() or not TEMPLATE.exists():
        sys.exit(f"needs {GENERATOR} and {TEMPLATE} (../shared)")
    machine = platform.processor() or platform.machine()
    print(
        f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"jobs {args.jobs}, best of {args.repeat}"
    )
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        export = build(size)
        mib = export.stat().st_size / 2**20
        # Best of --repeat runs, each in a fresh process, alternating bare and convert.
        bare_s = conv_s = float("inf")
        bare_rss = conv_rss = 0.0
        tree_rss = tree_pss = 0
        base: dict = {}
        search = "no-search" if args.no_search else "search"
        for _ in range(args.repeat):
            (b_s, b_rss), _ = run(BARE, str(export))
            bare_s, bare_rss = min(bare_s, float(b_s)), max(bare_rss, float(b_rss))
            site = WORK / f"site-{size}"
            if site.exists():
                # Deleted only after timing: ext4 is slow to hand out inodes freed
                # seconds before, which would charge convert for the benchmark's clean-up.
                site.rename(WORK / f"old-site-{size}-{time.time_ns()}")
            (c_s, c_rss, cards), tree = run(
                CONVERT, str(export), str(site), str(ROOT), args.jobs, search
            )
            conv_s, conv_rss = min(conv_s, float(c_s)), max(conv_rss, float(c_rss))
            tree_rss, tree_pss = max(tree_rss, tree.rss), max(tree_pss, tree.pss)
            if args.baseline:
                base_site = WORK / f"old-site-{size}-base-{time.time_ns()}"
                (b_s, b_rss, _), b_tree = run(
                    CONVERT, str(export), str(base_site), args.baseline, args.jobs, "search"
                )
                base["s"] = min(base.get("s", float("inf")), float(b_s))
                base["rss"] = max(base.get("rss", 0.0), float(b_rss))
                base["pss"] = max(base.get("pss", 0), b_tree.pss)
        results[size] = {
            "largest_rss_kb": conv_rss,
            "tree_rss_kb": tree_rss,
            "tree_pss_kb": tree_pss,
        }
        print(
            f"{mib:7.1f} MiB  bare iterparse {mib / bare_s:6.1f} MiB/s ({bare_rss / 1024:4.0f} MB)"
            f"  convert {mib / conv_s:5.1f} MiB/s  ratio {conv_s / bare_s:4.1f}x  cards {cards}\n"
            f"{'':13}peak RSS: largest process {conv_rss / 1024:4.0f} MB; whole tree "
            f"{tree_rss / 1024:4.0f} MB RSS, {tree_pss / 1024:4.0f} MB PSS"
        )
        if base:
            print(
                f"{'':13}baseline {args.baseline}: convert {mib / base['s']:5.1f} MiB/s "
                f"(this tree takes {conv_s / base['s']:.2f}x its time); largest process "
                f"{base['rss'] / 1024:4.0f} MB ({conv_rss / base['rss'] - 1:+.0%}), tree "
                f"{base['pss'] / 1024:4.0f} MB PSS ({tree_pss / base['pss'] - 1:+.0%})"
            )
    for old in WORK.glob("old-site-*"):
        shutil.rmtree(old, ignore_errors=True)
    if len(results) > 1:
        sizes = sorted(results)
        for key, label in (
            ("largest_rss_kb", "largest process RSS"),
            ("tree_pss_kb", "process tree PSS"),
        ):
            growth = results[sizes[-1]][key] / results[sizes[0]][key] - 1
            print(f"{label} growth {sizes[0]} → {sizes[-1]} MiB: {growth:+.0%}")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
