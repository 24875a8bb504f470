"""How fast the WordPress port is, next to WordPress's PHP on the reference machine.

    python3 benchmarks/bench_parser.py

Inputs: the ~6 KB Arabic source article with four cards (../shared, else the bundled
example), a 49-byte attribute string, the same article with every '[' removed, and
the_content on the article, with its formatting steps timed one by one (no PHP figures
for those). Handlers are trivial (as in the PHP measurement), so this times the engine,
not card rendering (see bench_render.py). Where the optional C speedups are built, the
cold cases are also timed with the pure-Python code alone, in the same run.
"""

from __future__ import annotations

import os
import platform
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shortcodes.wordpress import (  # noqa: E402
    do_shortcode,
    shortcode_parse_atts,
    shortcode_unautop,
    the_content,
    wpautop,
    wptexturize,
)
from shortcodes.wordpress import shortcodes as wp_shortcodes  # noqa: E402

# WordPress 7.1 / PHP 8.2 on the reference 2-core machine, µs per call (DESIGN.md, issue 3).
PHP_US = {"do_shortcode": 26.9, "parse_atts": 0.84, "no_bracket": 0.095, "the_content": 90.5}


def article() -> tuple[str, str]:
    shared = ROOT.parent / "shared" / "data" / "source-article" / "article.txt"
    path = shared if shared.exists() else ROOT / "examples" / "article.txt"
    return path.read_text(encoding="utf-8"), str(path.relative_to(path.parent.parent.parent))


def bench(fn, min_time: float = 0.4) -> float:
    """Best µs per call over 5 runs of a loop long enough to take `min_time` seconds."""
    timer = timeit.Timer(fn)
    n, t = timer.autorange()
    n = max(1, int(n * min_time / max(t, 1e-9)))
    return min(timer.repeat(5, n)) / n * 1e6


def main() -> None:
    text, name = article()
    handlers = {"covid19-ultimate-card": lambda atts, content, tag: "<div>card</div>"}
    atts = ' region="EG" rtl="true" font-color="#ffffff" x=12'
    assert len(atts.encode()) == 49, len(atts.encode())
    plain = text.replace("[", "")
    size = len(text.encode("utf-8"))
    clear = wp_shortcodes._parse_atts_cached.cache_clear
    tags = tuple(handlers)
    texturized = wptexturize(text, tags)
    autopd = wpautop(texturized)

    def cold(fn):
        # The attribute cache emptied before every call: each card parsed from scratch.
        return lambda: (clear(), fn())

    speedups = wp_shortcodes._speedups
    cases = [
        ("do_shortcode", cold(lambda: do_shortcode(text, handlers)), size, "cold"),
        ("do_shortcode", lambda: do_shortcode(text, handlers), size, "warm"),
        ("parse_atts", cold(lambda: shortcode_parse_atts(atts)), 49, "cold"),
        ("parse_atts", lambda: shortcode_parse_atts(atts), 49, "warm"),
        ("no_bracket", lambda: do_shortcode(plain, handlers), len(plain.encode()), ""),
        ("the_content", cold(lambda: the_content(text, handlers)), size, "cold"),
        ("the_content", lambda: the_content(text, handlers), size, "warm"),
        ("  wptexturize", lambda: wptexturize(text, tags), size, ""),
        ("  wpautop", lambda: wpautop(texturized), size, ""),
        ("  shortcode_unautop", lambda: shortcode_unautop(autopd, tags), size, ""),
    ]
    if speedups is not None:
        cases += [
            (label, fn, nbytes, "cold, pure Python")
            for label, fn, nbytes, cache in cases
            if cache == "cold"
        ]
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"article: {name} ({size} bytes, {text.count('[covid19')} cards)")
    print(f"C speedups: {'built' if speedups is not None else 'not built (pure Python)'}\n")
    print(f"{'case':33s} {'µs/call':>10s} {'MB/s':>9s} {'PHP µs':>9s} {'vs PHP':>8s}")
    for label, fn, nbytes, cache in cases:
        wp_shortcodes._speedups = None if "pure Python" in cache else speedups
        us = bench(fn)
        wp_shortcodes._speedups = speedups
        name = f"{label} ({cache})" if cache else label
        if label not in PHP_US:
            print(f"{name:33s} {us:10.2f} {nbytes / us:9.1f}")
            continue
        ratio = PHP_US[label] / us
        print(f"{name:33s} {us:10.2f} {nbytes / us:9.1f} {PHP_US[label]:9.3f} {ratio:7.2f}×")
    print(
        "\nvs PHP > 1 means faster than WordPress's PHP (reference figures, same machine class)."
        "\ncold: attribute cache emptied before each call; warm: the same cards seen before"
        "\n(as when one card is pasted into many posts of an export)."
    )


if __name__ == "__main__":
    main()
