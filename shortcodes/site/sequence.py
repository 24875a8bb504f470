"""Posts in date order, for previous/next links, compact enough to hand to every worker."""

from __future__ import annotations

from array import array
from bisect import bisect_left


class PostSequence:
    """Published posts ordered as WordPress's get_adjacent_post orders them (post
    date, then id). Built by `add`ing each post, in any order, then `seal`; holds
    ids in arrays and titles as one UTF-8 buffer (every worker gets a copy)."""

    def __init__(self) -> None:
        self._dates = array("q")
        self._ids = array("q")
        self._titles = bytearray()
        self._ends = array("q")
        self._sorted = self._pos = None

    def add(self, date_key: int, post_id: int, title: str) -> None:
        self._dates.append(date_key)
        self._ids.append(post_id)
        self._titles += title.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._titles))

    def seal(self) -> PostSequence:
        """Put the posts in date order (once every post is added)."""
        n = len(self._ids)
        order = sorted(range(n), key=lambda i: (self._dates[i], self._ids[i]))
        starts = array("q", [0, *self._ends[:-1]]) if n else array("q")
        titles, ends = bytearray(), array("q")
        for i in order:
            titles += self._titles[starts[i] : self._ends[i]]
            ends.append(len(titles))
        self._ids = array("q", [self._ids[i] for i in order])
        self._titles, self._ends, self._dates = bytes(titles), ends, array("q")
        pairs = sorted(range(n), key=self._ids.__getitem__)
        self._sorted = array("q", [self._ids[i] for i in pairs])
        self._pos = array("q", pairs)
        return self

    def _title(self, n: int) -> str:
        start = self._ends[n - 1] if n else 0
        return self._titles[start : self._ends[n]].decode("utf-8", "surrogatepass")

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
        prev = (self._ids[n - 1], self._title(n - 1)) if n > 0 else None
        nxt = (self._ids[n + 1], self._title(n + 1)) if n + 1 < len(self._ids) else None
        return prev, nxt

    def __len__(self) -> int:
        return len(self._ids)
