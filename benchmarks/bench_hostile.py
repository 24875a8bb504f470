"""Hostile input shapes: time and memory must grow linearly with the input.

    .venv/bin/python benchmarks/bench_hostile.py [--repeat 3]

Each shape is measured at 1x, 4x and 16x in a fresh process (`convert --jobs 1` of a
one-post export, as a user would run it): CPU time (best of `--repeat`) and peak RSS.
Shapes: a post made of unclosed ``[covid19-ultimate-card `` openings (16x is 9 MB, the
size that took 89 s and 510 MB), and one made of literal ``]]>`` inside its CDATA
section (read by the tolerant second pass); and a gzip-compressed export of many posts,
read as it streams (memory must stay flat). Linear means the last column (CPU per MB)
stays flat.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's export factory (no package there)

from _installed import build, machine  # noqa: E402

CHILD = """
import json, shutil, sys, tempfile, time
from shortcodes.convert import ConvertOptions, convert
out = tempfile.mkdtemp()
start = time.process_time()
report = convert(sys.argv[1], out, ConvertOptions(jobs=1))
cpu = time.process_time() - start
shutil.rmtree(out)
# VmHWM: this process's own peak (ru_maxrss would include the parent's before exec).
with open("/proc/self/status") as f:
    peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
print(json.dumps({"cpu": cpu, "rss": peak, "warnings": report.totals()["warnings"]}))
"""

CARD = '[covid19-ultimate-card region="EG"]'


def one_post(unit: str, head: str = "", tail: str = ""):
    """A one-post export whose content is `unit` repeated, between `head` and `tail`."""

    def make(path: Path, scale: int) -> int:
        from wxrfactory import export, item

        data = export(item("1", content=head + unit * scale + tail)).encode("utf-8")
        path.write_bytes(data)
        return len(data)

    return make


def many_posts(compress: bool):
    def make(path: Path, scale: int) -> int:
        import gzip

        from wxrfactory import export, item

        posts = [
            item(str(i), slug=f"p{i}", content=f"<p>{'lorem ipsum ' * 60}</p>\n{CARD}")
            for i in range(1, 1000 * scale + 1)
        ]
        data = export(*posts).encode("utf-8")
        path.write_bytes(gzip.compress(data) if compress else data)
        return len(data)

    return make


SHAPES = {
    "one post of unclosed openings (16x: 9 MB)": one_post("[covid19-ultimate-card " * 24_000),
    "one post with literal ]]> in its CDATA": one_post("a[b[0]]>1 " * 56_000),
    "one group block holding 64,000 blocks at 16x, HTML between them (16x: 9 MB)": one_post(
        ("<p>" + "lorem ipsum " * 10 + "</p><!-- wp:spacer /-->\n") * 4_000,
        "<!-- wp:group --><div>",
        "</div><!-- /wp:group -->",
    ),
    "an .xml.gz export of 1,000 posts at 1x (MB: uncompressed)": many_posts(True),
    "the same export, plain": many_posts(False),
}


def measure(path: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=HERE,  # not the checkout's root: `-c` would import the source tree first
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "cpu": min(r["cpu"] for r in runs),
        "rss": max(r["rss"] for r in runs),
        "warnings": runs[0]["warnings"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="the shapes whose name holds this text")
    args = parser.parse_args()
    print(build())
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory() as work:
        for number, (shape, make) in enumerate(SHAPES.items()):
            if args.only not in shape:
                continue
            print(f"\n{shape}")
            print(
                f"{'size':>6} {'MB':>7} {'CPU s':>8} {'peak RSS MB':>12} {'warnings':>9} "
                f"{'CPU s/MB':>9}"
            )
            for scale in (1, 4, 16):
                path = Path(work) / f"{number}-{scale}.xml"
                mb = make(path, scale) / 1e6
                m = measure(path, args.repeat)
                print(
                    f"{scale:>5}x {mb:7.2f} {m['cpu']:8.3f} {m['rss']:12.1f} "
                    f"{m['warnings']:>9} {m['cpu'] / mb:9.3f}"
                )


if __name__ == "__main__":
    main()
