"""The WXR reader: every namespace, odd but real exports, hostile ones refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shortcodes.errors import BadInput
from shortcodes.wxr import (
    PLANNING_FIELDS,
    Post,
    Selection,
    TermRef,
    WXRReader,
    is_wp_namespace,
    iter_posts,
    read_wxr,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "wxr"
UTC = dt.timezone.utc


def fixture(name: str) -> Path:
    return FIXTURES / name


def build(*items: str, head: str = "", encoding: str = "UTF-8") -> str:
    """A minimal WXR 1.2 export around `items`."""
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n{head}'
        '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"\n'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/">\n'
        "<channel>\n<title>Built</title>\n" + "".join(items) + "</channel>\n</rss>\n"
    )


def entry(post_id: str = "1", content: str = "text", title: str = "t", extra: str = "") -> str:
    return (
        f"<item>\n<title>{title}</title>\n"
        f"<content:encoded><![CDATA[{content}]]></content:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n{extra}</item>\n"
    )


def parse(data: str | bytes, name: str = "built.xml") -> tuple[WXRReader, list[Post]]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    reader = read_wxr(io.BytesIO(raw), name=name)
    return reader, list(reader.posts())


# -- namespaces and the WXR dialects -------------------------------------------------


@pytest.mark.parametrize(
    "name,uri",
    [
        ("ns-1.0.xml", "http://wordpress.org/export/1.0/"),
        ("ns-1.1.xml", "http://wordpress.org/export/1.1/"),
        ("ns-1.2.xml", "http://wordpress.org/export/1.2/"),
        ("ns-1.2-https.xml", "https://wordpress.org/export/1.2/"),
    ],
)
def test_every_wp_namespace_version(name, uri):
    reader = read_wxr(fixture(name))
    (post,) = reader.posts()
    site = reader.site
    assert site.wp_namespace == uri
    assert site.title == "Old Gazette" and site.language == "en"
    assert site.base_site_url == "http://old.example.net"
    assert [c.name for c in site.categories] == ["Health"]
    assert [t.slug for t in site.tags] == ["lockdown"]
    assert (post.id, post.title, post.status, post.post_type) == (11, "Week one", "publish", "post")
    assert post.content == "Schools close on Monday." and post.excerpt == "Schools close."
    assert post.post_date_gmt == dt.datetime(2020, 3, 16, 9, tzinfo=UTC)
    assert post.categories == ["Health"] and post.tags == ["Lockdown"]
    assert post.diagnostics == []


def test_wxr_1_0_duplicate_terms_are_read_once():
    (post,) = iter_posts(fixture("ns-1.0.xml"))
    assert post.terms == [
        TermRef("category", "health", "Health"),
        TermRef("tag", "lockdown", "Lockdown"),
    ]


def test_namespace_recognition():
    assert is_wp_namespace("http://wordpress.org/export/1.0/")
    assert is_wp_namespace("https://wordpress.org/export/1.2/")
    assert not is_wp_namespace("http://wordpress.org/export/1.2/excerpt/")
    assert not is_wp_namespace("http://example.org/export/1.2/")


# -- a full export -------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_export():
    reader = read_wxr(fixture("site.xml"))
    posts = {p.id: p for p in reader.posts()}
    return reader, posts


def test_site_header(site_export):
    reader, _ = site_export
    site = reader.site
    assert site.title == "أخبار الصحة" and site.language == "ar"
    assert site.wxr_version == "1.2" and site.link == "https://news.example.org"
    assert [(a.login, a.display_name, a.id) for a in site.authors] == [
        ("hala", "هالة", 2),
        ("omar", "Omar", 3),
    ]
    assert site.authors[0].email == "hala@news.example.org"
    assert site.authors[0].last_name == "سمير"
    child = site.categories[1]
    assert (child.nicename, child.name, child.parent, child.term_id) == (
        "egypt",
        "مصر",
        "%d8%b5%d8%ad%d8%a9",
        5,
    )
    assert [(t.slug, t.name) for t in site.tags] == [("covid-19", "كوفيد-19")]
    # a channel-level element after the items is read too
    assert [(t.taxonomy, t.slug, t.name) for t in site.terms] == [("nav_menu", "main", "Main")]
    assert reader.diagnostics == []


def test_post_fields_split_cdata_and_arabic_slug(site_export):
    _, posts = site_export
    post = posts[101]
    assert post.title == "الحالات في مصر اليوم"
    assert post.content.startswith("<p>الأرقام &amp; النسب</p>\n[covid19-ultimate-card")
    assert post.content.endswith("<pre>if (a[b[0]]> 1) {}</pre>")  # split CDATA joined
    assert post.post_name == "مصر" and post.post_name_raw == "%d9%85%d8%b5%d8%b1"
    assert post.creator == "hala" and post.excerpt == "ملخص"
    assert post.guid == "https://news.example.org/?p=101"
    assert post.pub_date == "Thu, 01 Apr 2021 10:30:00 +0000"
    assert post.post_date == dt.datetime(2021, 4, 1, 12, 30)
    assert post.post_date_gmt == dt.datetime(2021, 4, 1, 10, 30, tzinfo=UTC)
    assert post.modified == dt.datetime(2021, 4, 2, 8, 0, 5)
    assert post.modified_gmt == dt.datetime(2021, 4, 2, 6, 0, 5, tzinfo=UTC)
    assert (post.comment_status, post.ping_status, post.is_sticky) == ("open", "closed", True)
    assert post.categories == ["مصر"] and post.tags == ["كوفيد-19"]
    assert post.meta == [("_edit_last", "2"), ("source", "وزارة الصحة")]
    assert post.get_meta("source") == "وزارة الصحة" and post.get_meta("nope") is None
    assert post.sourceline == 44 and post.content_line == 51
    assert post.export_position(2) == 52 and post.export_position(None) is None
    assert "[covid19-ultimate-card" in fixture("site.xml").read_text().splitlines()[51]
    assert post.diagnostics == []


def test_comments(site_export):
    _, posts = site_export
    first, reply = posts[101].comments
    assert (first.id, first.author, first.email, first.url, first.ip) == (
        7,
        "قارئ",
        "reader@example.com",
        "https://reader.example.com",
        "192.0.2.7",
    )
    assert first.date == dt.datetime(2021, 4, 1, 13, 0)
    assert first.date_gmt == dt.datetime(2021, 4, 1, 11, 0, tzinfo=UTC)
    assert (first.content, first.approved, first.type) == ("شكرا على المتابعة", "1", "comment")
    assert (reply.parent, reply.user_id, reply.meta) == (7, 2, [("akismet_result", "false")])


def test_pages_drafts_attachments_and_menu_items(site_export):
    _, posts = site_export
    kinds = [(p.id, p.post_type, p.status) for p in posts.values()]
    assert kinds == [
        (101, "post", "publish"),
        (102, "page", "publish"),
        (103, "post", "draft"),
        (104, "attachment", "inherit"),
        (105, "nav_menu_item", "publish"),
    ]
    assert posts[102].menu_order == 3 and posts[102].get_meta("_wp_page_template") == "default"
    draft = posts[103]
    assert draft.post_date == dt.datetime(2021, 4, 3, 9, 15) and draft.post_date_gmt is None
    assert draft.post_name == "" and draft.diagnostics == []
    attachment = posts[104]
    assert attachment.post_parent == 101
    assert attachment.attachment_url.endswith("/2021/04/chart.png")
    assert posts[105].terms == [TermRef("nav_menu", "main", "Main")]
    assert posts[105].categories == [] and posts[105].tags == []


def test_html_entities_outside_cdata_decode(site_export):
    _, posts = site_export
    assert posts[105].title == "Café\u00a0& more…"


def test_site_is_available_before_the_posts_are_read():
    reader = read_wxr(fixture("site.xml"))
    assert reader.site.title == "أخبار الصحة"  # reads ahead to the first item only
    assert [a.login for a in reader.site.authors] == ["hala", "omar"]
    assert reader.site.terms == []  # after the items: not read yet
    assert len(list(reader.posts())) == 5
    assert len(reader.site.terms) == 1
    with pytest.raises(RuntimeError):
        list(reader.posts())


def test_stream_source_and_bytes_read():
    data = fixture("site.xml").read_bytes()
    reader = read_wxr(io.BytesIO(data))
    assert reader.name == "<stream>" and reader.bytes_read == 0
    assert len(list(reader)) == 5
    assert reader.bytes_read == len(data)


def test_elements_are_released_as_items_are_read():
    items = [entry(str(i), content="x" * 1000) for i in range(300)]  # 330 KB
    reader = read_wxr(io.BytesIO(build(*items).encode()))
    largest = 0
    for _post in reader.posts():
        channel = reader._channel  # white-box: the tree lxml is building
        largest = max(largest, len(channel))
        first = channel[0]  # the item just read: emptied, and nothing kept before it
        assert len(first) == 0 and not first.text
    assert largest < 100  # only the parser's read-ahead (one chunk) is ever in memory


# -- bad values inside a post --------------------------------------------------------


def test_a_bad_post_is_reported_and_the_rest_read():
    extra = (
        "<wp:post_date>2021-02-30 10:00:00</wp:post_date>\n"
        "<wp:post_date_gmt>yesterday</wp:post_date_gmt>\n"
        "<wp:post_parent>none</wp:post_parent>\n"
        "<wp:post_name>%ff%fe</wp:post_name>\n"
    )
    reader, posts = parse(build(entry("x1", extra=extra), entry("2"), entry("")))
    assert [p.id for p in posts] == [None, 2, None]
    bad = posts[0]
    codes = [d.code for d in bad.diagnostics]
    assert codes == ["bad-post-id", "bad-date", "bad-date", "bad-number", "bad-slug"]
    assert bad.diagnostics[0].severity == "warning"  # repaired: the item gets a new id
    assert bad.diagnostics[0].line == 9
    assert bad.diagnostics[0].file == "built.xml"
    assert bad.post_date is None and bad.post_parent == 0 and bad.post_name == "%ff%fe"
    assert posts[1].diagnostics == []
    assert [d.code for d in posts[2].diagnostics] == ["missing-post-id"]


def test_missing_fields_default_like_wordpress():
    _, (post,) = parse(build("<item><title>bare</title><wp:post_id>4</wp:post_id></item>\n"))
    assert (post.post_type, post.status, post.content, post.post_date) == (
        "post",
        "draft",
        "",
        None,
    )


def test_unescaped_xhtml_content_is_kept_as_markup():
    item = (
        "<item><wp:post_id>5</wp:post_id><content:encoded>a <b>bold</b> c</content:encoded></item>"
    )
    _, (post,) = parse(build(item))
    assert post.content == "a <b>bold</b> c"


def test_large_post_content():
    big = "مصر " * 750_000  # 5.2 MB of UTF-8: under the parser's 10 MB text limit
    _, (post,) = parse(build(entry(content=big)))
    assert post.content == big


# -- hostile exports -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name,line", [("billion-laughs.xml", 2), ("xxe.xml", 3)], ids=["billion-laughs", "xxe"]
)
def test_entity_declarations_are_refused(name, line):
    started = time.monotonic()
    with pytest.raises(BadInput) as err:
        list(read_wxr(fixture(name)).posts())
    assert time.monotonic() - started < 2
    e = err.value
    assert name in str(e) and e.file.endswith(name)
    assert "declares XML entities" in e.message and "refused for safety" in e.message
    assert "<!DOCTYPE rss [" in e.message
    assert (e.line, e.column) == (line, 1)


def test_site_access_refuses_too():
    with pytest.raises(BadInput, match="refused"):
        read_wxr(fixture("xxe.xml")).site  # noqa: B018


def test_any_doctype_is_refused():
    head = '<!DOCTYPE rss SYSTEM "http://example.org/rss.dtd">\n'
    with pytest.raises(BadInput) as err:
        parse(build(entry(), head=head))
    assert "document type declaration" in err.value.message and err.value.line == 2


def test_doctype_in_utf16_is_refused_too():
    data = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n<r/>'
    with pytest.raises(BadInput, match="declares XML entities"):
        parse(data.encode("utf-16"))


def test_undefined_entity_is_malformed_with_its_position():
    with pytest.raises(BadInput) as err:
        parse(build(entry(), entry("2", title="a &bogus; b")))
    e = err.value
    assert "Entity 'bogus' not defined" in e.message and (e.line, e.column) == (12, 17)


def test_character_reference_to_a_control_character_is_malformed():
    with pytest.raises(BadInput, match="invalid xmlChar value 11"):
        parse(build(entry(title="a&#11;b")))


# -- malformed exports ---------------------------------------------------------------


def test_malformed_xml_names_file_line_and_column():
    reader = read_wxr(fixture("malformed.xml"))
    seen = []
    with pytest.raises(BadInput) as err:
        for post in reader.posts():
            seen.append(post.id)
    e = err.value
    # The post holding the error is never handed out half-read. Whether post 1 comes out
    # before the error depends on how far libxml2 reads ahead (lxml 6.2 / libxml2 2.14
    # parse this small file in one go), so that is not asserted.
    assert 2 not in seen and set(seen) <= {1}
    assert e.file.endswith("malformed.xml") and (e.line, e.column) == (12, 36)
    assert str(e).startswith(f"{e.file}:12:36: malformed XML: Opening and ending tag mismatch")


def test_error_on_the_root_line_has_the_right_column():
    data = build(entry()).replace("<rss ", "<rss broken ", 1)
    with pytest.raises(BadInput) as err:
        parse(data)
    assert (err.value.line, err.value.column) == (2, 13)


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "the file is empty"),
        (b"<html><body/></html>", "root element is <html>"),
        (b"<rss><channel><item/></channel></rss>", "no WordPress export namespace"),
        (b"not xml at all", "malformed XML"),
        (build(entry()).replace("<?xml", "  <?xml").encode(), "malformed XML"),
    ],
)
def test_not_an_export(data, message):
    with pytest.raises(BadInput, match=message):
        parse(data)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(BadInput, match="no such file"):
        read_wxr(tmp_path / "none.xml").site  # noqa: B018
    with pytest.raises(BadInput, match="folder"):
        list(read_wxr(tmp_path).posts())


def test_text_over_the_parser_limit_is_reported():
    with pytest.raises(BadInput, match="over 10 MB"):
        parse(build(entry(content="x" * 10_500_000)))


# -- characters and encodings --------------------------------------------------------


def test_control_characters_are_removed_and_reported():
    reader = read_wxr(fixture("control-characters.xml"))
    posts = list(reader.posts())
    assert [p.id for p in posts] == [1, 2, 3]
    dirty = posts[1]
    assert dirty.content == "line\none two and an escape[0m here"  # VT → space, ESC removed
    (diag,) = dirty.diagnostics
    assert diag.code == "control-character" and diag.post_id == 2
    assert (diag.line, diag.column) == (14, 4)
    assert "U+000B, U+001B" in diag.message and "2 in all" in diag.message
    assert posts[0].diagnostics == [] and posts[2].diagnostics == []
    assert reader.diagnostics == []


def test_control_characters_in_every_post_across_chunks():
    items = [
        entry(str(i), "filler " * 2500 + ("\x07" if i % 5 == 0 else "") + "end")
        for i in range(1, 60)
    ]
    _, posts = parse(build(*items))
    flagged = [p.id for p in posts if p.diagnostics]
    assert flagged == list(range(5, 60, 5))
    for p in posts:
        assert p.content.endswith("end") and "\x07" not in p.content
        for d in p.diagnostics:
            assert d.line == p.sourceline + 2


def test_control_character_outside_items_goes_to_the_reader():
    reader, posts = parse(build(entry()).replace("<title>Built", "<title>Bu\x1bilt"))
    assert reader.site.title == "Built" and len(posts) == 1
    assert [d.code for d in reader.diagnostics] == ["control-character"]
    assert reader.diagnostics[0].line == 5 and reader.diagnostics[0].post_id is None


def test_a_reader_says_whether_it_repaired_and_checked_bytes_read_the_same():
    # A second pass over bytes a first found clean skips the byte checks (convert's
    # workers read their range twice): what it reads must not change.
    clean = build(*(entry(str(i), f"منشور {i}\n" * 900) for i in range(1, 30))).encode()
    first = read_wxr(io.BytesIO(clean))
    plain = [dataclasses.asdict(p) for p in first.posts()]
    assert first.repaired is False and len(plain) == 29
    again = read_wxr(io.BytesIO(clean), checked=True)
    assert [dataclasses.asdict(p) for p in again.posts()] == plain
    for dirty in (clean.replace("منشور 7".encode(), b"\xe9"), clean.replace(b"3\n", b"3\x01\n")):
        reader = read_wxr(io.BytesIO(dirty))
        assert any(p.diagnostics for p in reader.posts()) and reader.repaired is True
    latin1 = build(entry("1", "caf\u00e9"), encoding="ISO-8859-1").encode("latin-1")
    reader = read_wxr(io.BytesIO(latin1))
    assert [p.content for p in reader.posts()] == ["caf\u00e9"] and reader.repaired is True


def test_invalid_utf8_and_noncharacters_become_replacement_characters():
    data = build(entry("1", "caf\x00ok"), entry("2", "x\ufffey")).encode()
    data = data.replace(b"\x00", b"\xe9")
    _, posts = parse(data)
    assert posts[0].content == "caf\ufffdok" and posts[1].content == "x\ufffdy"
    assert [d.code for d in posts[0].diagnostics] == ["invalid-utf8"]
    assert "0xE9" in posts[0].diagnostics[0].message
    assert [d.code for d in posts[1].diagnostics] == ["invalid-character"]


def expected_after_repair(text: str) -> str:
    """What the reader makes of raw text: VT/FF → space, other C0 controls dropped…"""
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        if ch in "\x0b\x0c":
            out.append(" ")
        elif ch < " " and ch not in "\t\n":
            continue
        else:
            out.append("\ufffd" if ch in "\ufffe\uffff" else ch)
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_content_survives_cdata_round_trip(text):
    cdata = text.replace("]]>", "]]]]><![CDATA[>")
    _, (post,) = parse(build(entry(content=cdata)))
    assert post.content == expected_after_repair(text)
    assert ("\x00" in text or "\x1b" in text) <= bool(post.diagnostics)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_unicode_encodings(codec):
    encoding = "UTF-8" if codec == "utf-8-sig" else "UTF-16"
    _, (post,) = parse(build(entry(content="مصر café"), encoding=encoding).encode(codec))
    assert post.content == "مصر café"


def test_latin1_export_is_transcoded():
    _, (post,) = parse(build(entry(content="café"), encoding="ISO-8859-1").encode("latin-1"))
    assert post.content == "café" and post.diagnostics == []


def test_unknown_encoding_is_refused():
    with pytest.raises(BadInput, match="unsupported encoding"):
        parse(build(entry(), encoding="x-klingon"))


# -- the real exports in ../shared ---------------------------------------------------


def test_theme_unit_test_export(shared):
    reader = read_wxr(shared("data", "wxr", "themeunittestdata.wordpress.xml"))
    posts = list(reader.posts())
    counts: dict[str, int] = {}
    for p in posts:
        counts[p.post_type] = counts.get(p.post_type, 0) + 1
    assert counts["post"] == 58 and counts["page"] == 21 and counts["attachment"] == 37
    assert sum(counts.values()) == 186
    assert reader.site.wp_namespace == "https://wordpress.org/export/1.2/"
    assert reader.site.title == "Theme Unit Test Data" and len(reader.site.terms) == 7
    scale = next(p for p in posts if p.id == 163)
    assert scale.title == "WP 6.1 Font size scale" and scale.post_name == "wp-6-1-font-size-scale"
    assert scale.categories == ["6.1", "Block"] and "<!-- wp:heading" in scale.content
    assert any("[caption" in p.content for p in posts)
    assert sum(len(p.comments) for p in posts) > 0
    assert all(p.id is not None for p in posts)


@pytest.mark.parametrize(
    "name,version",
    [("valid-wxr-1.0.xml", "1.0"), ("valid-wxr-1.1.xml", "1.1"), ("small-export.xml", None)],
)
def test_importer_sample_exports(shared, name, version):
    reader = read_wxr(shared("data", "wxr", name))
    posts = list(reader.posts())
    assert posts and all(p.id for p in posts)
    assert all(not p.diagnostics for p in posts)
    if version:
        assert reader.site.wp_namespace == f"http://wordpress.org/export/{version}/"
        assert reader.site.wxr_version == version
    assert reader.site.title


def test_small_export_has_comments_and_tags(shared):
    posts = list(iter_posts(shared("data", "wxr", "small-export.xml")))
    assert any(p.tags == ["Tag1", "Tag2", "Tag3"] for p in posts)
    assert any(c.author == "Mr WordPress" for p in posts for c in p.comments)


def test_shared_malformed_file(shared):
    path = shared("data", "wxr", "malformed-simple.xml")
    with pytest.raises(BadInput) as err:
        list(read_wxr(path).posts())
    e = err.value
    assert e.file == str(path) and e.line == 14 and e.column == 1
    assert "malformed XML" in str(e)


def test_arabic_sample(shared):
    reader = read_wxr(shared("data", "wxr", "arabic-news-sample.xml"))
    posts = [p for p in reader.posts() if p.post_type == "post"]
    assert len(posts) == 8 and reader.site.language == "ar"
    assert sum(p.content.count("[covid19-ultimate-card") for p in posts) >= 11
    assert all(p.post_date_gmt and p.post_date_gmt.tzinfo is UTC for p in posts)


def test_light_posts_carry_what_planning_needs_and_nothing_more():
    from conftest import ROOT

    example = ROOT / "examples" / "export.xml"
    full = list(read_wxr(example).posts())
    light = list(read_wxr(example).posts(Selection(fields=PLANNING_FIELDS)))
    fields = ("id", "title", "link", "guid", "post_name", "status", "post_type", "post_date")
    assert [[getattr(p, f) for f in fields] for p in light] == [
        [getattr(p, f) for f in fields] for p in full
    ]
    assert any(p.content for p in full) and not any(p.content or p.terms for p in light)


def test_a_selection_builds_the_items_it_wants_numbered_as_in_the_export():
    from conftest import ROOT

    example = ROOT / "examples" / "export.xml"
    full = [dataclasses.asdict(p) for p in read_wxr(example).posts()]
    shares = [
        [
            dataclasses.asdict(p)
            for p in read_wxr(example).posts(Selection(wants=lambda o, k=k: o % 3 == k))
        ]
        for k in range(3)
    ]
    assert sorted((p for s in shares for p in s), key=lambda p: p["ordinal"]) == full
    assert all(p["ordinal"] % 3 == k for k, s in enumerate(shares) for p in s)
    # The header read first (`site`) does not number the first item before the selection.
    reader = read_wxr(example)
    assert reader.site.title
    shifted = list(reader.posts(Selection(first=10)))
    assert [p.ordinal for p in shifted] == [p["ordinal"] + 10 for p in full]
    with pytest.raises(ValueError, match="not fields"):
        list(read_wxr(example).posts(Selection(fields=frozenset({"colour"}))))
