"""Time of convert on hostile shapes of export, at 1x, 4x and 16x: it must grow linearly.

    .venv/bin/python benchmarks/bench_shapes.py [--base 1250] [--repeat 3]

Shapes: every post with the same slug (once quadratic in the number of posts); every
slug different (the reference); every item without a post id. Each export is made
here, converted with --jobs 1 in this process; the best CPU time of `--repeat` runs is
printed with its ratio to the 1x time (linear: about 4 and 16).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The test suite's export factory; the package timed is the installed one (not ROOT).
sys.path.insert(0, str(ROOT / "tests"))

from _installed import build, machine  # noqa: E402
from wxrfactory import export, item  # noqa: E402

from shortcodes.convert import ConvertOptions, convert  # noqa: E402

SHAPES = {
    "same slug": lambda i: item(post_id=str(i + 1), slug="same", title="same"),
    "distinct slugs": lambda i: item(post_id=str(i + 1), slug=f"s{i}", title=f"s{i}"),
    "no post ids": lambda i: item(post_id="", slug="same", title="same"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=int, default=1250, help="posts at 1x")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(build())
    print(f"# {machine()}, --jobs 1, CPU s")
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in SHAPES.items():
            first = None
            for scale in (1, 4, 16):
                n = args.base * scale
                path = Path(tmp) / "e.xml"
                path.write_text(export(*(make(i) for i in range(n))), encoding="utf-8")
                best = float("inf")
                for _ in range(args.repeat):
                    out = Path(tmp) / "out"
                    start = time.process_time()
                    report = convert(path, out, ConvertOptions(jobs=1))
                    best = min(best, time.process_time() - start)
                    assert report.totals()["written"] == n, report.totals()
                    shutil.rmtree(out)
                first = first or best
                print(f"{name:15} {scale:3}x {n:7} posts  {best:7.2f} s  {best / first:5.1f}x")


if __name__ == "__main__":
    main()
