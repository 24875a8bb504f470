"""The package a benchmark times: the installed one, never the checkout beside it.

Each benchmark is run as `python benchmarks/NAME.py` with the interpreter of the
environment to measure (`.venv/bin/python`), so `sys.path[0]` is this folder and
`import shortcodes` finds what that environment installed (a wheel, or an editable
install of a checkout, with or without the C speedups). Nothing here adds the checkout
to `sys.path`: that would time whatever happens to be built beside the source.
"""

from __future__ import annotations

import os
import platform
import sys


def build() -> str:
    """One line naming the build being timed; exits with a hint when none is installed."""
    try:
        import shortcodes
        from shortcodes.wordpress.shortcodes import speedups_built
    except ImportError:
        sys.exit(
            "covid-shortcodes is not installed in this environment: run the benchmark with "
            "the interpreter of the environment to measure, for example\n"
            "  python3 -m venv .venv && .venv/bin/pip install . && "
            f".venv/bin/python {sys.argv[0]}"
        )
    where = os.path.dirname(shortcodes.__file__)
    kind = "C speedups built" if speedups_built() else "pure Python (no C speedups)"
    return f"covid-shortcodes {shortcodes.__version__} from {where}: {kind}"


def machine() -> str:
    """The CPU model and core count, and the Python running the benchmark."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"
