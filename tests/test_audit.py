"""What a new user migrating real and odd exports ran into (each test the case that
showed it): dateless posts and comments, slugless posts, every format built by the
real generators."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.site import SiteOptions

NO_SEARCH = SiteOptions(search=False)


def _comment(comment_id: str, author: str, date: str) -> str:
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_date><![CDATA[{date}]]></wp:comment_date>
<wp:comment_date_gmt><![CDATA[{date}]]></wp:comment_date_gmt>
<wp:comment_content><![CDATA[Said by {author}]]></wp:comment_content>
<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
<wp:comment_parent>0</wp:comment_parent></wp:comment>"""


def test_a_comment_without_a_date_shows_no_date_rather_than_none(tmp_path):
    comments = _comment("7", "Undated", "") + _comment("8", "Dated", "2021-06-03 10:00:00")
    block = '<!-- wp:comments --><div class="wp-block-comments"><!-- wp:comment-template -->'
    block += "<!-- wp:comment-date /--><!-- wp:comment-content /--><!-- /wp:comment-template -->"
    block += '</div><!-- /wp:comments --><!-- wp:latest-comments {"displayDate":true} /-->'
    path = tmp_path / "e.xml"
    path.write_text(export(item(content=block, extra=comments)), encoding="utf-8")
    report = convert(path, tmp_path / "o", ConvertOptions(site=NO_SEARCH))
    assert not report.errors
    page = (tmp_path / "o" / "hello" / "index.html").read_text("utf-8")
    assert "Said by Undated" in page and "Said by Dated" in page
    assert "None" not in page
    # The dated comment keeps its date in the theme's list; the undated one has none.
    assert page.count('<time datetime="2021-06-03T10:00:00+00:00">') >= 1
    undated = page.split('id="comment-7"')[1].split("</footer>")[0]
    assert "<time" not in undated


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
def test_a_published_post_without_a_date_is_built_by_jekyll(tmp_path):
    items = [
        item(post_id="1", slug="undated", content="Undated text", date="", date_gmt=""),
        item(post_id="2", slug="dated", content="Dated text"),
    ]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    out = tmp_path / "o"
    report = convert(path, out, ConvertOptions(format="jekyll"))
    assert not report.errors
    built = tmp_path / "built"
    run = subprocess.run(
        ["jekyll", "build", "--source", str(out), "--destination", str(built)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Undated text" in (built / "undated" / "index.html").read_text("utf-8")
    assert "Dated text" in (built / "dated" / "index.html").read_text("utf-8")
