"""Memory handed back to the system between a conversion's phases."""

from __future__ import annotations

import ctypes
import gc


def give_back_memory() -> None:
    """Return freed memory to the system (glibc keeps it otherwise), so that this
    process, and the processes forked or run beside it, stay small."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):
        pass  # not glibc


__all__ = ["give_back_memory"]
