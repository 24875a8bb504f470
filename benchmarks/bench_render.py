"""Card rendering speed with templates loaded, and how long the snapshot takes to load.

    .venv/bin/python benchmarks/bench_render.py

Targets (DESIGN.md): under 100 µs a card once templates are loaded; under 300 ms to
load the embedded snapshot.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import timeit
from pathlib import Path

from _installed import build, machine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

LOAD = (
    "import time, pandas, babel.numbers; t = time.perf_counter(); "
    "from shortcodes.data.snapshot import Snapshot; s = Snapshot.load(); "
    "print(time.perf_counter() - t)"
)


def snapshot_load_seconds(runs: int = 5) -> float:
    """Best time to load the embedded snapshot in a fresh process (pandas already imported)."""
    best = float("inf")
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", LOAD], cwd=HERE, capture_output=True, text=True, check=True
        )
        best = min(best, float(out.stdout.strip()))
    return best


def main() -> None:
    from shortcodes.card import CardSpec
    from shortcodes.data.snapshot import embedded_snapshot
    from shortcodes.render import CardRenderer, RenderOptions

    print(build())
    print(f"machine: {machine()}")
    load = snapshot_load_seconds()
    print(f"snapshot load (fresh process): {load * 1000:.1f} ms   target < 300 ms")

    renderer = CardRenderer(embedded_snapshot(), RenderOptions(as_of=dt.date(2021, 6, 1)))
    spec = CardSpec(
        region="EG",
        region_name="مصر",
        show_confirmed_24h=True,
        show_deaths_24h=True,
        show_deaths_rate=True,
        rtl=True,
    )
    renderer.render_card(spec)  # templates and the lookup cache warm
    n = 2000
    t = (
        min(
            timeit.repeat(
                lambda: renderer.render_card(spec), number=n, repeat=5, timer=time.process_time
            )
        )
        / n
    )
    print(
        f"render one card (templates loaded): {t * 1e6:.1f} µs  ({1 / t:,.0f} cards/s)  "
        "target < 100 µs"
    )
    trend = CardSpec(region="EG", rtl=True, trend=True)
    renderer.render_card(trend)
    t = (
        min(
            timeit.repeat(
                lambda: renderer.render_card(trend), number=n, repeat=5, timer=time.process_time
            )
        )
        / n
    )
    print(f"render one card with trend:         {t * 1e6:.1f} µs")
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    start = time.perf_counter()
    reps = 200
    for _ in range(reps):
        renderer.render_text(text)
    per = (time.perf_counter() - start) / reps
    print(f"render_text on the example article (4 cards): {per * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
