"""How fast the WordPress port is, next to WordPress's PHP on the same inputs, in one run.

    .venv/bin/python benchmarks/bench_parser.py                      # this package only
    .venv/bin/python benchmarks/bench_parser.py --wordpress WP_DIR   # and WordPress's PHP
    .venv/bin/python benchmarks/bench_parser.py --write-inputs inputs.json

Inputs: the Arabic source article with its four curly-quoted cards (../shared, else the
bundled example), a 49-byte attribute string, the same article with every '[' removed, and
the_content on the article with its formatting steps one by one. Handlers return a fixed
string, so this times the engine, not card rendering (see bench_render.py).

`--wordpress WP_DIR` (a WordPress 7.1 tree, the folder holding wp-includes/) runs
`php benchmarks/bench_wp.php` on exactly these inputs and prints both side by side;
`--write-inputs` only writes the inputs, for timing PHP elsewhere. Figures are CPU time
(`time.process_time`; PHP: getrusage), the minimum over repeated runs. The package timed
is the installed one (see _installed.py); where its C speedups are built, the cold cases,
wptexturize and shortcode_unautop are also timed with the pure-Python code alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

from _installed import build, machine

HERE = Path(__file__).resolve().parent
REPEATS = 7
CARD_HTML = "<div>card</div>"
ATTS = ' region="EG" rtl="true" font-color="#ffffff" x=12'
TAG = "covid19-ultimate-card"


def article(arg: str | None) -> tuple[str, str]:
    if arg:
        path = Path(arg)
    else:
        shared = HERE.parent.parent / "shared" / "data" / "source-article" / "article.txt"
        path = shared if shared.exists() else HERE.parent / "examples" / "article.txt"
    return path.read_text(encoding="utf-8"), str(path)


def bench(fn, min_time: float = 0.4) -> float:
    """Best CPU µs per call over REPEATS runs of a loop that takes about `min_time` s."""
    timer = timeit.Timer(fn, timer=time.process_time)
    n, t = timer.autorange()
    n = max(1, int(n * min_time / max(t, 1e-9)))
    return min(timer.repeat(REPEATS, n)) / n * 1e6


def inputs(text: str) -> dict:
    return {
        "article": text,
        "plain": text.replace("[", ""),
        "atts": ATTS,
        "tags": [TAG],
        "handler_output": CARD_HTML,
        "repeats": REPEATS,
    }


def php_figures(wordpress: str, data: dict) -> dict:
    php = shutil.which("php")
    if php is None:
        sys.exit("--wordpress needs the php command (Debian: apt-get install php-cli)")
    if not (Path(wordpress) / "wp-includes" / "shortcodes.php").is_file():
        sys.exit(f"--wordpress {wordpress}: no wp-includes/shortcodes.php there")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        out = subprocess.run(
            [php, str(HERE / "bench_wp.php"), wordpress, f.name],
            capture_output=True,
            text=True,
        )
    if out.returncode != 0:
        sys.exit(f"bench_wp.php failed:\n{out.stderr}")
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordpress", metavar="WP_DIR", help="time WordPress's PHP from this tree")
    ap.add_argument("--write-inputs", metavar="FILE", help="write the inputs as JSON and stop")
    ap.add_argument("--article", metavar="FILE", help="another article to time")
    args = ap.parse_args()

    text, name = article(args.article)
    data = inputs(text)
    if args.write_inputs:
        Path(args.write_inputs).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        print(f"wrote {args.write_inputs}: then php benchmarks/bench_wp.php WP_DIR FILE")
        return

    print(build())
    from shortcodes.wordpress import (
        do_shortcode,
        shortcode_parse_atts,
        shortcode_unautop,
        the_content,
        wpautop,
        wptexturize,
    )
    from shortcodes.wordpress import formatting as wp_formatting
    from shortcodes.wordpress import shortcodes as wp_shortcodes

    handlers = {TAG: lambda atts, content, tag: CARD_HTML}
    plain = data["plain"]
    size = len(text.encode("utf-8"))
    clear = wp_shortcodes._parse_atts_cached.cache_clear
    tags = (TAG,)
    texturized = wptexturize(text, tags)
    autopd = wpautop(texturized)

    def cold(fn):
        # The attribute cache emptied before every call: each card parsed from scratch,
        # as PHP does on every call.
        return lambda: (clear(), fn())

    speedups = wp_shortcodes._speedups
    cases = [
        ("do_shortcode", cold(lambda: do_shortcode(text, handlers)), size, "cold"),
        ("do_shortcode", lambda: do_shortcode(text, handlers), size, "warm"),
        ("parse_atts", cold(lambda: shortcode_parse_atts(ATTS)), 49, "cold"),
        ("parse_atts", lambda: shortcode_parse_atts(ATTS), 49, "warm"),
        ("no_bracket", lambda: do_shortcode(plain, handlers), len(plain.encode()), ""),
        ("the_content", cold(lambda: the_content(text, handlers)), size, "cold"),
        ("the_content", lambda: the_content(text, handlers), size, "warm"),
        ("wptexturize", lambda: wptexturize(text, tags), size, ""),
        ("wpautop", lambda: wpautop(texturized), size, ""),
        ("shortcode_unautop", lambda: shortcode_unautop(autopd, tags), size, ""),
    ]
    if speedups is not None:
        cases += [
            (label, fn, nbytes, f"{cache + ', ' if cache else ''}pure Python")
            for label, fn, nbytes, cache in cases
            if cache == "cold" or label in ("wptexturize", "shortcode_unautop")
        ]
    php = php_figures(args.wordpress, data) if args.wordpress else {}

    print(f"machine: {machine()}")
    print(f"article: {name} ({size} bytes, {text.count('[' + TAG)} cards)")
    if php:
        print(f"PHP {php['php']}, WordPress {php.get('wordpress') or '?'} from {args.wordpress}")
    print(f"CPU time, best of {REPEATS} runs\n")
    print(f"{'case':34s} {'µs/call':>9s} {'MB/s':>7s} {'PHP µs':>9s} {'vs PHP':>8s}")
    for label, fn, nbytes, cache in cases:
        pure = "pure Python" in cache
        wp_shortcodes._speedups = wp_formatting._speedups = None if pure else speedups
        us = bench(fn)
        wp_shortcodes._speedups = wp_formatting._speedups = speedups
        shown = f"{label} ({cache})" if cache else label
        line = f"{shown:34s} {us:9.2f} {nbytes / us:7.1f}"
        if label in php:
            line += f" {php[label]:9.3f} {php[label] / us:7.2f}×"
        print(line)
    print(
        "\nvs PHP > 1 means faster than WordPress's PHP on the same input in this run."
        "\ncold: attribute cache emptied before each call (PHP has no such cache); warm: the"
        "\nsame cards seen before (as when one card is pasted into many posts of an export)."
    )
    if not php:
        print("PHP not timed: add --wordpress WP_DIR (a WordPress 7.1 tree) to compare.")


if __name__ == "__main__":
    main()
