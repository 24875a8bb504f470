"""The site's previous/next order (PostSequence), compacted for the workers: the same
neighbours as WordPress's get_adjacent_post (post date, then id) whatever order the
posts were planned in, with their titles whole."""

import pickle
import random

from shortcodes.site.sequence import PostSequence


def _sequence(posts):
    seq = PostSequence()
    for date, post_id, title in posts:
        seq.add(date, post_id, title)
    return seq.seal()


def test_neighbours_by_date_then_id_in_any_planning_order():
    posts = [
        (20210102120000, 7, "سابع"),
        (20210101000000, 9, "first"),
        (20210102120000, 3, "same time, lower id"),
        (0, 5, "undated"),
        (20221231235959, 2**62, "big id 😀"),
    ]
    expected_order = [5, 9, 3, 7, 2**62]
    for seed in range(5):
        shuffled = posts[:]
        random.Random(seed).shuffle(shuffled)
        seq = pickle.loads(pickle.dumps(_sequence(shuffled)))  # as a worker gets it
        titles = {p: t for _, p, t in posts}
        for k, post_id in enumerate(expected_order):
            prev, nxt = seq.neighbours(post_id)
            before = expected_order[k - 1] if k else None
            after = expected_order[k + 1] if k + 1 < len(expected_order) else None
            assert prev == (None if before is None else (before, titles[before]))
            assert nxt == (None if after is None else (after, titles[after]))
        assert seq.neighbours(4) == (None, None)  # not a published post
        assert len(seq) == len(posts)


def test_empty_sequence():
    seq = _sequence([])
    assert len(seq) == 0 and seq.neighbours(1) == (None, None)
