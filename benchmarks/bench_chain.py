"""CPU time of WordPress's whole the_content chain per post, on the exports of
../shared/data/wxr that ../shared/data/wp_render has references for.

    .venv/bin/python benchmarks/bench_chain.py [--repeat 5]

Each published post and page goes through `the_content_html` (what `convert` runs for a
post body) with its export's context, read once beforehand (not timed). Printed: ms per
post, the minimum over `--repeat` runs, for every post and for the posts without the
blocks that list the site's content (query loops, navigation, latest posts, authors,
previous/next links), so that a change to those blocks shows apart from the rest.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _installed import build, machine

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COVID_SHORTCODES_SHARED", ROOT.parent / "shared"))
EXPORTS = (
    "64-block-test-data",
    "themeunittestdata.wordpress",
    "arabic-news-sample",
    "small-export",
)
LISTING = (
    "wp:navigation",
    "wp:query",
    "wp:avatar",
    "wp:post-author",
    "post-navigation",
    "latest-posts",
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(build())
    print(machine())
    from shortcodes.convert.pipeline import the_content_html
    from shortcodes.wpcontext import content_context
    from shortcodes.wxr import read_wxr

    work = []
    for name in EXPORTS:
        path = SHARED / "data" / "wxr" / f"{name}.xml"
        if not path.exists():
            continue
        ctx = content_context(path).load()
        posts = [
            p
            for p in read_wxr(path).posts()
            if p.post_type in ("post", "page") and p.status == "publish"
        ]
        work.append((ctx, posts))
    if not work:
        print(f"no exports in {SHARED / 'data' / 'wxr'}", file=sys.stderr)
        return 1
    selections = {
        "every post": lambda p: True,
        "posts without listing blocks": lambda p: not any(b in p.content for b in LISTING),
    }
    for label, keep in selections.items():
        chosen = [(ctx, [p for p in posts if keep(p)]) for ctx, posts in work]
        count = sum(len(posts) for _, posts in chosen)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            for ctx, posts in chosen:
                for post in posts:
                    the_content_html(post.content, post, ctx)
            best = min(best, time.process_time() - start)
        print(f"{label:32} {count:4d} posts  {1000 * best / count:7.3f} ms/post (CPU, min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
