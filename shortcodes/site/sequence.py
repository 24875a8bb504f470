"""Posts in date order, for previous/next links, compact enough to hand to every worker."""

from __future__ import annotations

from array import array
from bisect import bisect_left


class PostSequence:
    """Published posts ordered as WordPress's get_adjacent_post orders them (post
    date, then id). Holds ids in arrays and titles in one string."""

    def __init__(self, items: list[tuple[int, int, str]]) -> None:
        """`items`: (date key, post id, title) of each post, in any order."""
        items = sorted(items, key=lambda x: (x[0], x[1]))
        self._ids = array("q", [x[1] for x in items])
        pairs = sorted((pid, n) for n, pid in enumerate(self._ids))
        self._sorted = array("q", [p for p, _ in pairs])
        self._pos = array("q", [n for _, n in pairs])
        self._titles = "\x00".join(x[2].replace("\x00", "") for x in items).split("\x00")

    def _position(self, post_id: int) -> int | None:
        i = bisect_left(self._sorted, post_id)
        if i < len(self._sorted) and self._sorted[i] == post_id:
            return self._pos[i]
        return None

    def neighbours(self, post_id: int) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
        """(previous (older), next (newer)) posts of `post_id`, as (id, title)."""
        n = self._position(post_id)
        if n is None:
            return None, None
        prev = (self._ids[n - 1], self._titles[n - 1]) if n > 0 else None
        nxt = (self._ids[n + 1], self._titles[n + 1]) if n + 1 < len(self._ids) else None
        return prev, nxt

    def __len__(self) -> int:
        return len(self._ids)
