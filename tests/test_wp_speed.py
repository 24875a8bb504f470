"""The shortcuts that make the_content cheaper (issue 15 point 3) give what the plain
computation gives: the block copy is a deep copy, the memoised wrapper attributes
follow the attributes they were computed from, a query loop's excerpts stay each
post's own."""

from __future__ import annotations

import copy

from shortcodes.wordpress import block_supports
from shortcodes.wordpress.blocks import copy_block, parse_blocks

_POST = (
    '<!-- wp:group {"layout":{"type":"flex"},"style":{"spacing":{"padding":{"top":"1em"}}}} -->'
    '<div class="wp-block-group"><!-- wp:paragraph {"className":"lead"} --><p>One</p>'
    '<!-- /wp:paragraph --><!-- wp:post-title {"isLink":true,"level":3} /-->'
    "</div><!-- /wp:group -->"
)


def test_a_copied_block_equals_its_deep_copy_and_shares_nothing_with_the_original():
    block = parse_blocks(_POST)[0]
    child = block.inner_blocks[0]
    child.parent_layout = block.attrs["layout"]  # as render_block_data sets it

    ours, theirs = copy_block(block), copy.deepcopy(block)

    assert ours == theirs
    assert ours.inner_blocks[0].parent_layout is ours.attrs["layout"]  # aliasing kept
    ours.attrs["className"] = "changed"
    ours.inner_blocks[0].attrs["className"] += " more"
    ours.attrs["style"]["spacing"]["padding"]["top"] = "2em"
    ours.inner_content.append("x")
    assert block == theirs  # the original is untouched


def test_memoised_wrapper_attributes_follow_the_attributes_that_change_between_renders():
    block = parse_blocks('<!-- wp:post-title {"textColor":"vivid-red"} /-->')[0]
    first = block_supports.get_block_wrapper_attributes(block, {"class": "x"})
    block.attrs["className"] = "is-style-outline"  # a render filter adds a class
    second = block_supports.get_block_wrapper_attributes(block, {"class": "x"})

    assert first == block_supports._get_block_wrapper_attributes(
        parse_blocks('<!-- wp:post-title {"textColor":"vivid-red"} /-->')[0], {"class": "x"}
    )
    assert "has-vivid-red-color" in first and "is-style-outline" not in first
    assert second == block_supports._get_block_wrapper_attributes(block, {"class": "x"})
    assert "is-style-outline" in second


def test_remembered_dates_keep_the_zone_and_the_formatter_they_were_printed_with():
    import datetime as dt

    from shortcodes.phpdate import format_php_date
    from shortcodes.wordpress.context import ContentContext

    ctx = ContentContext()
    ctx.date_formatter = format_php_date
    utc = dt.datetime(2021, 3, 1, 10, 0, tzinfo=dt.timezone.utc)
    cairo = utc.astimezone(dt.timezone(dt.timedelta(hours=2)))
    assert utc == cairo  # the same instant: a memo keyed on the datetime alone would mix them

    assert ctx.format_date("H:i P", utc) == "10:00 +00:00"
    assert ctx.format_date("H:i P", cairo) == "12:00 +02:00"
    ctx.date_formatter = lambda fmt, moment: "other"
    assert ctx.format_date("H:i P", utc) == "other"


def test_what_is_remembered_per_post_stays_bounded_and_right_on_a_huge_export():
    from shortcodes.wordpress.caches import ENTRIES as limit
    from shortcodes.wordpress.context import ContentContext

    ctx = ContentContext()
    for post_id in range(3 * limit):  # a query loop listing post after post
        assert ctx.memo_post(("excerpt-of", post_id), lambda i=post_id: f"excerpt {i}") == (
            f"excerpt {post_id}"
        )
        assert len(ctx.__dict__["_memo_post"]) <= limit
    calls = []
    first = ctx.memo_post(("excerpt-of", 1), lambda: calls.append(1) or "again")
    assert first == "again" and calls == [1]  # evicted: computed anew, not lost
    assert ctx.memo_post(("excerpt-of", 1), lambda: calls.append(2) or "other") == "again"
    assert calls == [1]
