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
        # Memory: sorted by one number a post (date, then id: ids are above 0 and below
        # 2**63), not a tuple each, and the arrays built item by item (a list of every
        # post's ints, or a copy of the titles, would be held at the planner's peak).
        n = len(self._ids)
        dates, ids, old_ends, old_titles = self._dates, self._ids, self._ends, self._titles
        order = array("q", sorted(range(n), key=lambda i: dates[i] << 64 | ids[i]))
        self._dates = array("q")
        titles, ends, sorted_ids = bytearray(), array("q"), array("q")
        for i in order:
            titles += old_titles[old_ends[i - 1] if i else 0 : old_ends[i]]
            ends.append(len(titles))
            sorted_ids.append(ids[i])
        self._ids, self._titles, self._ends = sorted_ids, titles, ends
        pairs = array("q", sorted(range(n), key=sorted_ids.__getitem__))
        self._sorted = array("q", (sorted_ids[i] for i in pairs))
        self._pos = pairs
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
