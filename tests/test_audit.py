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


# What WordPress 7.1's sanitize_title() returned for these titles (php 8.2, its
# formatting.php with the default sanitize_title_with_dashes filter; locale as given).
WORDPRESS_SLUGS = [
    ("Hello World! Ünïcode — test & more", "", "hello-world-unicode-test-more"),
    ("مصر: كورونا اليوم 2021", "", "%d9%85%d8%b5%d8%b1-%d9%83%d9%88%d8%b1%d9%88%d9%86%d8%a7-"
     "%d8%a7%d9%84%d9%8a%d9%88%d9%85-2021"),
    ("Straße über Ærø", "", "strase-uber-aero"),
    ("Straße über Ærø", "de_DE", "strasse-ueber-aero"),
    ("Straße über Ærø", "da_DK", "strase-uber-aeroe"),
    ("Title with <b>tags</b> &amp; entities &mdash; x", "", "title-with-tags-entities-x"),
    ("100% sure %41 %zz", "", "100-sure-%41-zz"),
    ("“Quoted” ‘x’ …", "", "quoted-x"),
    ("Đorđe", "sr_RS", "djordje"),
    ("x × y", "", "x-x-y"),
    ("emoji 😀 title", "", "emoji-%f0%9f%98%80-title"),
    ("...", "", ""),
]  # fmt: skip


@pytest.mark.parametrize(("title", "locale", "slug"), WORDPRESS_SLUGS)
def test_sanitize_title_is_wordpress(title, locale, slug):
    from shortcodes.wordpress.sanitize_title import sanitize_title

    assert sanitize_title(title, locale=locale) == slug


def test_a_long_arabic_title_is_cut_where_wordpress_cuts_it():
    from shortcodes.wordpress.sanitize_title import sanitize_title

    # utf8_uri_encode stops before the letter that would pass 200 characters of
    # octets (what WordPress returned: five words and two letters).
    word = "%d9%83%d9%88%d8%b1%d9%88%d9%86%d8%a7"
    assert sanitize_title("كورونا " * 30) == f"{word}-" * 5 + "%d9%83%d9%88"


@pytest.mark.parametrize("fmt", ["html", "hugo", "jekyll"])
def test_a_slugless_published_post_is_at_wordpress_address(tmp_path, fmt):
    items = [
        item(post_id="12", title="Hello World! Ünïcode — test & more", slug="",
             link="https://example.org/?p=12"),
        item(post_id="13", title="Draft — Title", slug="", status="draft",
             link="https://example.org/?p=13"),
    ]  # fmt: skip
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    out = tmp_path / "o"
    options = ConvertOptions(format=fmt, site=NO_SEARCH) if fmt == "html" else None
    report = convert(path, out, options or ConvertOptions(format=fmt))
    assert not report.errors
    paths = {p.id: p.path for p in report.posts}
    assert "hello-world-unicode-test-more" in paths[12]
    if fmt == "html":
        assert (out / "hello-world-unicode-test-more" / "index.html").is_file()
        nginx = (out / "redirects.nginx.conf").read_text("utf-8")
        assert '"/?p=12" "/hello-world-unicode-test-more/";' in nginx
    else:
        text = (out / paths[12]).read_text("utf-8")
        assert 'slug: "hello-world-unicode-test-more"' in text


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
def test_a_markdown_rerun_removes_what_is_no_longer_in_the_export_and_nothing_else(
    tmp_path, fmt, jobs
):
    from click.testing import CliRunner

    from shortcodes.cli import main

    def run(*items: str, drafts: bool = False) -> set[str]:
        path = tmp_path / "e.xml"
        path.write_text(export(*items), encoding="utf-8")
        args = ["convert", str(path), "-o", str(out), "--format", fmt, "-j", jobs, "-q"]
        result = CliRunner().invoke(main, args + (["--include-drafts"] if drafts else []))
        assert result.exit_code == 0, result.output
        return {p.relative_to(out).as_posix() for p in out.rglob("*.md")}

    out = tmp_path / "o"
    kept = item(post_id="1", slug="kept", content="Kept")
    gone = item(post_id="2", slug="gone", content="Deleted in WordPress")
    draft = item(post_id="3", slug="draft", content="Draft", status="draft")
    first = run(kept, gone, draft, drafts=True)
    assert any("draft" in p for p in first) and any("gone" in p for p in first)
    mine = out / "content" / "mine.md" if fmt == "hugo" else out / "_pages" / "mine.md"
    mine.parent.mkdir(exist_ok=True)
    mine.write_text("the user's own page", encoding="utf-8")
    again = run(kept, gone, draft)  # without --include-drafts
    assert not any("draft" in p for p in again) and any("gone" in p for p in again)
    last = run(kept)  # the post was deleted from the export
    assert not any("gone" in p for p in last) and any("kept" in p for p in last)
    assert mine.read_text("utf-8") == "the user's own page"


def test_an_item_given_a_new_id_is_a_warning_as_the_exit_status_says(tmp_path):
    import json

    from click.testing import CliRunner

    from shortcodes.cli import main

    items = [item(post_id="1", slug="a"), item(post_id="", slug="b"), item(post_id="x", slug="c")]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    report = tmp_path / "r.json"
    args = ["convert", str(path), "-o", str(tmp_path / "o"), "--no-search", "--report"]
    result = CliRunner().invoke(main, [*args, str(report)])
    assert result.exit_code == 0
    assert "error:" not in result.output and "[missing-post-id]" in result.output
    data = json.loads(report.read_text("utf-8"))
    severities = {d["code"]: d["severity"] for p in data["posts"] for d in p["diagnostics"]}
    assert severities["missing-post-id"] == severities["bad-post-id"] == "warning"
    assert data["totals"]["written"] == 3
    for cmd in (
        ["scan", str(path)],
        ["convert", str(path), "-o", str(tmp_path / "x.xml"), "--format", "wxr"],
    ):
        other = CliRunner().invoke(main, cmd)
        assert other.exit_code == 0 and "error:" not in other.output, other.output
        assert "[missing-post-id]" in other.output and "[bad-post-id]" in other.output


def test_a_withheld_protected_post_is_named_with_its_file_and_line(tmp_path):
    from click.testing import CliRunner

    from shortcodes.cli import main

    secret = item(
        post_id="4", slug="s", content="SECRET", extra="<wp:post_password>pw</wp:post_password>"
    )
    path = tmp_path / "e.xml"
    path.write_text(export(item(), secret), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["convert", str(path), "-o", str(tmp_path / "o"), "--no-search"]
    )
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if "[password-protected]" in x)
    assert line.startswith(f"{path}:") and ", post 4: warning:" in line
    assert "SECRET" not in result.output
