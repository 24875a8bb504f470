"""The WXR reader's passes next to a bare lxml iterparse pass over the same export.

    .venv/bin/python benchmarks/bench_reader.py [--sizes 10,100] [--repeat 3]

Uses the exports `bench_convert.py` builds (benchmarks/_work/, made with
../shared/tools/make_big_wxr.py when missing). CPU time of this process, the best of
`--repeat` runs, for: the bare pass; convert's planning pass as it was (planning fields
only) and as it is (every field, feeding the content chain's data, `wpcontext.context_of`);
the pass over the whole export with the byte checks (`read_wxr`) and without them
(`checked=True`, what a second pass over bytes found clean uses). Before a conversion,
convert reads the export once (the planning pass, which also gathers the content
context); it used to read it twice (planning, then the context on its own).
"""

from __future__ import annotations

import argparse
import time

from _installed import build as build_info
from _installed import machine
from bench_convert import build as build_export
from lxml import etree


def bare(path: str) -> None:
    for _, elem in etree.iterparse(
        path, events=("end",), resolve_entities=False, no_network=True, load_dtd=False
    ):
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]


def planning_fields(path: str) -> None:
    from shortcodes.wxr import PLANNING_FIELDS, Selection, read_wxr

    for _ in read_wxr(path).posts(Selection(fields=PLANNING_FIELDS)):
        pass


def context_alone(path: str) -> None:
    from shortcodes.wpcontext import build_content_context

    build_content_context(path)


def planning_with_context(path: str) -> None:
    from shortcodes.wpcontext import context_of
    from shortcodes.wxr import read_wxr

    reader = read_wxr(path)
    reader.site  # noqa: B018 - the header, as planning reads it first
    context_of(reader, reader.posts())


def as_it_was(path: str) -> None:
    planning_fields(path)
    context_alone(path)


def whole(path: str, checked: bool = False) -> None:
    from shortcodes.wxr import read_wxr

    for _ in read_wxr(path, checked=checked).posts():
        pass


def whole_checked(path: str) -> None:
    whole(path, checked=True)


def best(fn, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn(path)
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="export sizes in MiB")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (default: 3)")
    args = parser.parse_args()
    print(build_info())
    print(f"machine: {machine()}, best of {args.repeat}, CPU time")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = str(build_export(size))
        base = best(bare, path, args.repeat)
        rows = [
            ("bare lxml iterparse", base),
            ("before converting, as it was: planning fields + context pass", as_it_was),
            (
                "before converting, now: one planning pass feeding the context",
                planning_with_context,
            ),
            ("whole export, byte checks", whole),
            ("whole export, checked=True", whole_checked),
        ]
        rows = [(n, f if isinstance(f, float) else best(f, path, args.repeat)) for n, f in rows]
        print(f"{size:>6} MiB")
        for name, seconds in rows:
            print(f"    {name:<64} {seconds:6.2f} s  {seconds / base:5.2f}x the bare pass")


if __name__ == "__main__":
    main()
