"""Posts in date order, for previous/next links, compact enough to hand to every worker."""

from __future__ import annotations

from array import array

from ..writers.plan import HashIndex, TextFile


class PostSequence:
    """Published posts ordered as WordPress's get_adjacent_post orders them (post
    date, then id). Built by `add`ing each post, in any order, then `seal`; holds
    ids and positions in arrays and titles in a `TextFile` (every worker gets it)."""

    def __init__(self) -> None:
        self._dates: array | None = array("q")
        self._ids = HashIndex()  # entry i: the i-th post added (its id is its hash)
        self._titles = TextFile()
        self._order = array("i")  # position in date order -> entry
        self._rank = array("i")  # entry -> position in date order

    def add(self, date_key: int, post_id: int, title: str) -> None:
        """Add a post (an id above 0, below 2**63, not added before)."""
        assert self._dates is not None, "sealed"
        self._dates.append(date_key)
        self._ids.add(post_id)
        self._titles.append(title)

    def seal(self) -> PostSequence:
        """Put the posts in date order (once every post is added)."""
        dates, ids = self._dates, self._ids
        if dates is None:
            return self
        # Memory: sorted by one number a post (date, then id, then entry: ids are above
        # 0 and below 2**63), not a tuple each; nothing else of every post is made.
        keys = sorted((dates[i] << 64 | ids.hash_of(i)) << 32 | i for i in range(len(ids)))
        self._order = array("i", (k & 0xFFFFFFFF for k in keys))
        del keys
        self._rank = array("i", bytes(4 * len(ids)))
        for position, i in enumerate(self._order):
            self._rank[i] = position
        self._dates = None
        self._titles.seal()
        return self

    def _neighbour(self, position: int) -> tuple[int, str] | None:
        if not 0 <= position < len(self._order):
            return None
        i = self._order[position]
        return self._ids.hash_of(i), self._titles[i]

    def neighbours(self, post_id: int) -> tuple[tuple[int, str] | None, tuple[int, str] | None]:
        """(previous (older), next (newer)) posts of `post_id`, as (id, title)."""
        if type(post_id) is not int or not 0 < post_id < 1 << 63:
            return None, None
        for i in self._ids.find(post_id):
            position = self._rank[i]
            return self._neighbour(position - 1), self._neighbour(position + 1)
        return None, None

    def __len__(self) -> int:
        return len(self._ids)
