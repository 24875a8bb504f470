"""Time loading the embedded snapshot and lookups (CPU time, best of repeats).

.venv/bin/python benchmarks/bench_snapshot.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import timeit
from pathlib import Path

from _installed import build

HERE = Path(__file__).resolve().parent  # not the checkout: the installed package is timed

COLD = """
import time
import babel  # imported by the app anyway (numpy and pandas are not needed to read it)
t = time.perf_counter()
from shortcodes.data.snapshot import Snapshot
Snapshot.load()
print((time.perf_counter() - t) * 1000)
"""


def main() -> None:
    """Print cold and warm load times and lookup times."""
    print(build())
    cmd = [sys.executable, "-c", COLD]
    runs = [float(subprocess.check_output(cmd, cwd=HERE)) for _ in range(5)]
    print(f"cold load (fresh process, import + parse): best {min(runs):.1f} ms")

    from importlib import resources

    from shortcodes.data.snapshot import EMBEDDED_FILE, Snapshot

    data = resources.files("shortcodes.data").joinpath(EMBEDDED_FILE).read_bytes()
    print(f"embedded file: {len(data):,} bytes")
    n = 20
    warm = min(
        timeit.repeat(
            lambda: Snapshot.from_bytes(data), number=1, repeat=n, timer=time.process_time
        )
    )
    print(f"warm load (parse only): best of {n} {warm * 1000:.1f} ms")

    snap = Snapshot.load()
    day = dt.date(2021, 6, 1)
    for region in ("EG", "eg", "world"):
        t = min(
            timeit.repeat(
                lambda r=region: snap.lookup(r, day),
                number=10_000,
                repeat=5,
                timer=time.process_time,
            )
        )
        print(f"lookup({region!r}, {day}): {t / 10_000 * 1e6:.2f} µs")
    t = min(
        timeit.repeat(
            lambda: snap.lookup_many(["EG", "AE", "PS", "world"], day),
            number=10_000,
            repeat=5,
            timer=time.process_time,
        )
    )
    print(f"lookup_many(4 regions): {t / 10_000 * 1e6:.2f} µs")
    t = min(
        timeit.repeat(
            lambda: snap.series("EG", day, 14), number=1_000, repeat=5, timer=time.process_time
        )
    )
    print(f"series(14 days): {t / 1_000 * 1e6:.2f} µs")


if __name__ == "__main__":
    main()
