"""The one bounded cache of the render: a dict emptied whole when full, so that memory
stays flat however long the export (the lookups it holds recur within a few posts)."""

from __future__ import annotations

from typing import Any, TypeVar

__all__ = ["ENTRIES", "remember"]

ENTRIES = 4096  # enough for every region, date or block shape of a few years of posts

V = TypeVar("V")


def remember(cache: dict[Any, Any], key: object, value: V, limit: int = ENTRIES) -> V:
    """Store `value` under `key`, first emptying `cache` if it holds `limit` entries."""
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value
    return value
