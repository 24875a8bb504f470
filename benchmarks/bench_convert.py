"""convert on large exports, next to a bare lxml iterparse pass.

    .venv/bin/python benchmarks/bench_convert.py [--sizes 10,100] [--jobs auto,1]
        [--variants html,html-no-search,hugo] [--baseline OTHER_PYTHON] [--repeat 3]

Builds the exports with ../shared/tools/make_big_wxr.py (same arguments, same bytes;
kept in benchmarks/_work/), then, in the same run and each in a fresh process:
a bare `lxml.etree.iterparse` pass that only clears elements, and each convert,
alternately, best time of `--repeat` runs each (memory: the highest of the runs)
(`--jobs` as convert's option, "auto" for its default). `--variants`: what is
converted, each timed in the same run: `html` (the whole static site: archives,
feeds, sitemap, search index), `html-no-search` (the same with --no-search), `hugo`,
`jekyll`, `wxr`, `posts` (html pages of the posts alone: the site's writer asked for
no archives, feeds or search, which `convert` cannot be asked for: what the site
costs on top of its posts). `--baseline`: the Python of another environment (an
older build) whose converts are timed beside this one's, in the same run. Each
convert writes into a folder never used before (older outputs are deleted after the
timings).
Prints MiB/s, the wall and CPU (this process and its children: forked workers,
Pagefind) ratios between the two, for each variant and `--jobs`, then ratios between
variants, and memory: the peak RSS of the largest process, and the peak total of the
process tree (RSS, and PSS, which counts pages shared between the forked workers
once), sampled every 100 ms (reading a process's PSS walks its page tables: sampled
more often, it would slow the conversion measured).
Targets (DESIGN.md, issue 15): CPU <= 10x the bare pass's, wall <= 6x with the default
jobs and <= 12x with --jobs 1; largest process <= 100 MB, tree <= 150 MB PSS, within 20 %
from 10 MiB to 1 GiB. Issue 17: the site within 1.5x of convert without it; issue 18:
hugo within 1.5x of html.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from _installed import build as build_info
from _installed import machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
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
me = resource.getrusage(resource.RUSAGE_SELF)
print(elapsed, me.ru_maxrss, me.ru_utime + me.ru_stime)
"""
CONVERT = """
import resource, sys, time
from shortcodes.convert import convert
t = time.perf_counter()
from shortcodes.convert import ConvertOptions
jobs = int(sys.argv[4]) if sys.argv[4] != "auto" else None
variant = sys.argv[5]
fmt = {"html-no-search": "html", "posts": "html"}.get(variant, variant)
options = ConvertOptions(jobs=jobs, format=fmt)
if variant in ("html-no-search", "posts"):
    from shortcodes.site import SiteOptions
    options = ConvertOptions(jobs=jobs, format=fmt, site=SiteOptions(search=False))
if variant == "posts":
    import shortcodes.site.build as site_build
    site_build.build_site = lambda writer: None  # the pages of the posts, nothing else
output = sys.argv[2] + (".xml" if fmt == "wxr" else "")
report = convert(sys.argv[1], output, options)
elapsed = time.perf_counter() - t
assert not report.errors, report.errors
me = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime
print(elapsed, max(me.ru_maxrss, children.ru_maxrss), report.totals()["cards"], cpu)
"""
VARIANTS = ("html", "html-no-search", "posts", "hugo", "jekyll", "wxr")


def build(size: int) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"export-{size}mb.xml"
    if not out.exists():
        # Built under another name and renamed when whole: an interrupted build (the
        # 1 GiB export takes minutes) is never taken for the export by the next run.
        part = out.with_name(out.name + ".part")
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--template",
                str(TEMPLATE),
                "--size-mb",
                str(size),
                "-o",
                str(part),
            ],
            check=True,
        )
        part.replace(out)
    return out


class TreeMemory:
    """Peak total RSS and PSS (kB) of a process and its descendants, sampled."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        self.pid, self.every = pid, every
        self.rss = self.pss = 0
        # Each process's peak RSS (kB), its name and when it was seen (s from the start):
        # which one is the largest (the planner, a worker, an archive builder, Pagefind).
        self.processes: dict[int, list] = {}
        self.at_peak: tuple[float, list[tuple[int, int]]] = (0.0, [])  # (when, PSS by pid)
        self._start = time.monotonic()
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
            now = time.monotonic() - self._start
            shares = []
            for pid in tree:
                own = 0
                try:
                    with open(f"/proc/{pid}/smaps_rollup") as f:
                        for line in f:
                            if line.startswith("Rss:"):
                                own = int(line.split()[1])
                                rss += own
                            elif line.startswith("Pss:"):
                                pss += int(line.split()[1])
                                shares.append((pid, int(line.split()[1])))
                    seen = self.processes.get(pid)
                    if seen is None:
                        with open(f"/proc/{pid}/comm") as f:
                            name = f.read().strip()
                        kind = "convert" if pid == self.pid else name
                        seen = self.processes[pid] = [kind, 0, now, now]
                    seen[1], seen[3] = max(seen[1], own), now
                except OSError:
                    pass
            # A process that started or ended meanwhile moves shared pages between
            # the others' PSS as they are read: such a sample is not a total.
            if self._tree() == tree:
                self.rss = max(self.rss, rss)
                if pss > self.pss:
                    self.pss, self.at_peak = pss, (now, shares)
            time.sleep(self.every)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def largest(self, n: int = 4) -> str:
        """The `n` processes of the highest peak RSS, with when they ran."""
        top = sorted(self.processes.values(), key=lambda p: -p[1])[:n]
        return ", ".join(f"{k} {rss / 1024:.0f} MB ({a:.0f}-{b:.0f} s)" for k, rss, a, b in top)

    def peak_tree(self) -> str:
        """The processes at the tree's PSS peak, with their PSS."""
        when, shares = self.at_peak
        parts = sorted(shares, key=lambda s: -s[1])
        named = ", ".join(f"{self.processes.get(p, ['?'])[0]} {k / 1024:.0f}" for p, k in parts)
        return f"at {when:.0f} s: {named} MB"


def run(code: str, *args: str, python: str = sys.executable) -> tuple[list[str], TreeMemory]:
    # Run from this folder: `python -c` puts the working directory first on sys.path, and
    # from the checkout's root that would import the source tree, not the installed package.
    proc = subprocess.Popen(
        [python, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=HERE
    )
    memory = TreeMemory(proc.pid)
    out, _ = proc.communicate()
    memory.stop()
    if proc.returncode:
        sys.exit(f"benchmark process failed ({proc.returncode})")
    return out.split(), memory


def installed(python: str) -> str:
    """The build line of another environment's package (see _installed.build)."""
    code = "import sys; sys.path.insert(0, '.'); from _installed import build; print(build())"
    return subprocess.run(
        [python, "-c", code], capture_output=True, text=True, cwd=HERE, check=True
    ).stdout.strip()


def main() -> None:  # noqa: C901 - options, timings, then the comparisons
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="export sizes in MiB")
    parser.add_argument(
        "--jobs",
        default="auto,1",
        help="convert's --jobs, comma-separated, each timed (default: auto,1)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each; the best time is kept (default: 3)"
    )
    parser.add_argument(
        "--variants",
        default="html",
        help=f"what to convert, comma-separated, each timed: {', '.join(VARIANTS)} (default: html)",
    )
    parser.add_argument("--format", help="the same as --variants with one format (older name)")
    parser.add_argument(
        "--baseline",
        metavar="PYTHON",
        help="the interpreter of another environment (an older build) to time beside this one",
    )
    args = parser.parse_args()
    variants = (args.format or args.variants).split(",")
    for v in variants:
        if v not in VARIANTS:
            sys.exit(f"unknown variant {v!r} (one of {', '.join(VARIANTS)})")
    if not GENERATOR.exists() or not TEMPLATE.exists():
        sys.exit(f"needs {GENERATOR} and {TEMPLATE} (../shared)")
    builds = [("this", sys.executable)]
    print(f"this: {build_info()}")
    if args.baseline:
        builds.append(("baseline", args.baseline))
        print(f"baseline: {installed(args.baseline)}")
    print(f"machine: {machine()}, jobs {args.jobs}, best of {args.repeat}")
    jobs_list = args.jobs.split(",")
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        export = build(size)
        mib = export.stat().st_size / 2**20
        # Best of --repeat runs, each in a fresh process, alternating bare and converts.
        bare_s = bare_cpu = float("inf")
        bare_rss = 0.0
        conv: dict[tuple[str, str, str], dict[str, float]] = {}
        for _ in range(args.repeat):
            (b_s, b_rss, b_cpu), _ = run(BARE, str(export))
            bare_s, bare_rss = min(bare_s, float(b_s)), max(bare_rss, float(b_rss))
            bare_cpu = min(bare_cpu, float(b_cpu))
            for name, python in builds:
                for variant in variants:
                    for jobs in jobs_list:
                        site = WORK / f"site-{size}"
                        if site.exists():
                            # Deleted only after timing: ext4 is slow to hand out inodes
                            # freed seconds before, which would charge convert for the
                            # benchmark's clean-up.
                            site.rename(WORK / f"old-site-{size}-{time.time_ns()}")
                        for old in WORK.glob(f"site-{size}.xml"):
                            old.rename(WORK / f"old-site-{size}-{time.time_ns()}.xml")
                        (c_s, c_rss, cards, c_cpu), tree = run(
                            CONVERT,
                            str(export),
                            str(site),
                            str(ROOT),
                            jobs,
                            variant,
                            python=python,
                        )
                        best = conv.setdefault(
                            (name, variant, jobs),
                            {
                                "s": float("inf"),
                                "cpu": float("inf"),
                                "rss": 0,
                                "trss": 0,
                                "tpss": 0,
                                "largest": "",
                                "peak_tree": "",
                            },
                        )
                        best["s"] = min(best["s"], float(c_s))
                        best["cpu"] = min(best["cpu"], float(c_cpu))
                        best["rss"] = max(best["rss"], float(c_rss))
                        best["trss"] = max(best["trss"], tree.rss)
                        best["tpss"] = max(best["tpss"], tree.pss)
                        if tree.pss >= best["tpss"]:
                            best["largest"] = tree.largest()
                            best["peak_tree"] = tree.peak_tree()
                        best["cards"] = int(cards)
        print(
            f"{mib:7.1f} MiB  bare iterparse {mib / bare_s:6.1f} MiB/s, {bare_cpu:6.2f} s CPU "
            f"({bare_rss / 1024:4.0f} MB)"
        )
        for (name, variant, jobs), best in conv.items():
            label = f"{name}: " if len(builds) > 1 else ""
            print(
                f"{'':13}{label}{variant:14} --jobs {jobs:4}: "
                f"{mib / best['s']:5.1f} MiB/s, wall {best['s']:6.1f} s = "
                f"{best['s'] / bare_s:5.1f}x, CPU {best['cpu']:6.2f} s = "
                f"{best['cpu'] / bare_cpu:5.1f}x the bare pass; cards {best['cards']}\n"
                f"{'':15}peak RSS: largest process {best['rss'] / 1024:4.0f} MB; whole tree "
                f"{best['trss'] / 1024:4.0f} MB RSS, {best['tpss'] / 1024:4.0f} MB PSS\n"
                f"{'':15}largest processes (sampled): {best['largest']}\n"
                f"{'':15}tree PSS peak {best['peak_tree']}"
            )
        # Ratios in the same run: each variant to the first, and this build to the baseline.
        first = variants[0]
        for (name, variant, jobs), best in conv.items():
            ref = conv[(name, first, jobs)]
            if variant != first:
                print(
                    f"{'':13}{name}: {variant} / {first} --jobs {jobs}: CPU "
                    f"{best['cpu'] / ref['cpu']:.2f}x, wall {best['s'] / ref['s']:.2f}x, "
                    f"tree PSS {best['tpss'] / max(ref['tpss'], 1):.2f}x"
                )
            if name != "this":
                now = conv[("this", variant, jobs)]
                print(
                    f"{'':13}this / {name}, {variant} --jobs {jobs}: CPU "
                    f"{now['cpu'] / best['cpu']:.2f}x, wall {now['s'] / best['s']:.2f}x, "
                    f"largest process {now['rss'] / max(best['rss'], 1):.2f}x, "
                    f"tree PSS {now['tpss'] / max(best['tpss'], 1):.2f}x"
                )
        main_run = conv[("this", first, jobs_list[0])]
        results[size] = {
            "largest_rss_kb": main_run["rss"],
            "tree_rss_kb": main_run["trss"],
            "tree_pss_kb": main_run["tpss"],
        }
    for old in WORK.glob("old-site-*"):
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink()
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
