"""Exports WordPress's importer reads are read too: tolerant where it is, compressed as handed out.

WordPress's importer tries SimpleXML, then PHP's XML parser, then a regular-expression
parser (``WXR_Parser_Regex``) that takes each field's text up to its end tag. So an
export with a literal ``]]>`` inside a CDATA section, or a namespace URI with non-ASCII
characters, imports; here it is read, with a warning naming the repair.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import zipfile

import pytest
from click.testing import CliRunner
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.errors import BadInput
from shortcodes.wxr import read_wxr

CARD = '[covid19-ultimate-card region="EG"]'


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def posts_of(source, **kw):
    reader = read_wxr(source, **kw)
    return reader, list(reader.posts())


# -- literal ]]> and odd namespaces ----------------------------------------------------


def test_literal_cdata_end_inside_content_is_kept_as_wordpress_reads_it(tmp_path):
    code = "if (a[b[0]]>1) { x(); }"
    path = tmp_path / "e.xml"
    text = export(item("1", content=f"<p>{code}</p> {CARD}"), item("2", slug="two"))
    path.write_text(text)
    reader, posts = posts_of(path)
    assert [p.id for p in posts] == [1, 2]
    # What WXR_Parser_Regex::get_tag returns: the field's text, CDATA markers stripped.
    assert posts[0].content == f"<p>{code}</p> {CARD}"
    [d] = posts[0].diagnostics
    assert d.code == "literal-cdata-end" and d.severity == "warning" and d.post_id == 1
    assert d.line == line_of(text, "<content:encoded>")  # the export's line holding it
    assert not posts[1].diagnostics


def test_cdata_end_followed_by_an_end_tag_of_the_text_is_still_text(tmp_path):
    # "]]></p>" inside the section: not the end of the section (its element is
    # content:encoded), so it stays text.
    content = "<p>x[[y]]</p> and a[b[1]]></p>z"
    path = tmp_path / "e.xml"
    path.write_text(export(item("1", content=content)))
    _, [post] = posts_of(path)
    assert post.content == content


def test_wordpress_own_split_cdata_is_no_repair():
    data = export(item("1", content="a]]]]><![CDATA[>b")).encode()
    reader, [post] = posts_of(io.BytesIO(data), name="x.xml")
    assert post.content == "a]]>b" and not post.diagnostics and not reader.diagnostics


def test_literal_cdata_end_outside_cdata_is_text(tmp_path):
    path = tmp_path / "e.xml"
    path.write_text(
        export(item("1")).replace("<title><![CDATA[Hello]]></title>", "<title>a]]>b</title>")
    )
    _, [post] = posts_of(path)
    assert post.title == "a]]>b"
    assert [d.code for d in post.diagnostics] == ["literal-markup-end"]


def test_non_ascii_namespace_uri_is_read_with_a_warning(tmp_path):
    data = export(item("1", content=CARD)).replace(
        'xmlns:wp="', 'xmlns:foo="http://exämple.org/ns/ü" xmlns:wp="'
    )
    path = tmp_path / "e.xml"
    path.write_text(data)
    reader, [post] = posts_of(path)
    assert post.content == CARD and reader.site.title == "Test site"
    [d] = reader.diagnostics
    assert d.code == "non-ascii-namespace" and "http://exämple.org/ns/ü" in d.message
    assert d.file == str(path) and d.line == line_of(data, "xmlns:foo")


def test_repairs_work_on_a_file_object_given_too():
    data = export(item("1", content="x]]>y"), item("2", slug="b")).encode()
    reader, posts = posts_of(io.BytesIO(data), name="given.xml")
    assert [p.content for p in posts] == ["x]]>y", "Body"]


def test_really_malformed_export_still_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.xml"
    text = export(item("1"), item("2", extra="<wp:status>x</wp:post_status>"))
    path.write_text(text)
    reader = read_wxr(path)
    seen = []
    with pytest.raises(BadInput) as err:
        for post in reader.posts():
            seen.append(post.id)
    assert seen == [1]  # the post before the error is read, once
    e = err.value
    assert e.file == str(path) and e.line == line_of(text, "</wp:post_status>")
    assert e.column == len("<wp:status>x</wp:post_status>") + 1  # just after the bad tag
    assert "Opening and ending tag mismatch" in e.message


def test_doctype_still_refused_in_the_repair_pass(tmp_path):
    data = export(item("1", content="x]]>y"), head='<!DOCTYPE r [<!ENTITY a "b">]>\n')
    path = tmp_path / "e.xml"
    path.write_text(data)
    with pytest.raises(BadInput, match="declares XML entities"):
        posts_of(path)


# -- compressed exports -----------------------------------------------------------------


def _two_posts() -> bytes:
    return export(item("1", content=CARD), item("2", slug="two", content="x]]>y")).encode()


def _zip(data: bytes, *names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names or ("export.xml",):
            z.writestr(name, data)
        z.writestr("__MACOSX/._export.xml", b"resource fork")
    return buf.getvalue()


COMPRESSORS = {
    "gz": gzip.compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zip": _zip,
}


@pytest.mark.parametrize("kind", sorted(COMPRESSORS))
def test_compressed_exports_read_as_they_are(tmp_path, kind):
    plain = tmp_path / "plain.xml"
    plain.write_bytes(_two_posts())
    packed = tmp_path / f"export.xml.{kind}"
    packed.write_bytes(COMPRESSORS[kind](_two_posts()))
    _, want = posts_of(plain)
    reader, got = posts_of(packed)
    assert [(p.id, p.content) for p in got] == [(p.id, p.content) for p in want]
    assert reader.compression == {"gz": "gzip", "bz2": "bzip2"}.get(kind, kind)
    # Progress is counted in the file's own (compressed) bytes.
    assert 0 < reader.bytes_read <= packed.stat().st_size


def test_compression_is_found_by_its_bytes_not_its_name(tmp_path):
    path = tmp_path / "export.xml"  # gzip-compressed, named as plain XML
    path.write_bytes(gzip.compress(_two_posts()))
    _, posts = posts_of(path)
    assert [p.id for p in posts] == [1, 2]


def test_zip_with_several_exports_is_a_clear_error(tmp_path):
    path = tmp_path / "exports.zip"
    path.write_bytes(_zip(_two_posts(), "site-a.xml", "site-b.xml"))
    with pytest.raises(BadInput, match=r"holds 2 files \(site-a.xml, site-b.xml\), not one export"):
        posts_of(path)


def test_truncated_gzip_is_bad_input_naming_the_file(tmp_path):
    path = tmp_path / "cut.xml.gz"
    data = gzip.compress(_two_posts() * 1)
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(BadInput) as err:
        posts_of(path)
    assert err.value.file == str(path)
    assert "truncated" in err.value.message or "malformed" in err.value.message


def test_compressed_entity_bomb_is_still_refused(tmp_path):
    path = tmp_path / "bomb.xml.gz"
    path.write_bytes(
        gzip.compress(export(item("1"), head='<!DOCTYPE r [<!ENTITY a "b">]>\n').encode())
    )
    with pytest.raises(BadInput, match="declares XML entities"):
        posts_of(path)


def test_convert_and_scan_take_a_gzipped_export(tmp_path):
    path = tmp_path / "export.xml.gz"
    path.write_bytes(gzip.compress(_two_posts()))
    runner = CliRunner()
    out = tmp_path / "site"
    result = runner.invoke(main, ["convert", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "hello" / "index.html").is_file() and (out / "two" / "index.html").is_file()
    assert "literal-cdata-end" in result.output
    scanned = runner.invoke(main, ["scan", str(path)])
    assert scanned.exit_code == 0, scanned.output
    assert "region='EG'" in scanned.output and "(post 1)" in scanned.output


def test_wxr_written_back_from_a_compressed_export_is_the_plain_export_with_cards(tmp_path):
    plain = tmp_path / "export.xml"
    plain.write_bytes(_two_posts())
    packed = tmp_path / "in" / "export.xml.bz2"
    packed.parent.mkdir()
    packed.write_bytes(bz2.compress(_two_posts()))
    runner = CliRunner()
    outs = []
    for source, out in ((plain, tmp_path / "a"), (packed, tmp_path / "b")):
        out.mkdir()
        result = runner.invoke(main, ["convert", str(source), "-o", str(out), "--format", "wxr"])
        assert result.exit_code == 0, result.output
        outs.append((out / "export.xml").read_bytes())
    assert outs[0] == outs[1] and b'class="covid-card' in outs[0]


@pytest.mark.parametrize("images", ["keep", "download"])
def test_sharded_convert_of_an_export_needing_repair_matches_one_process(tmp_path, images):
    posts = [item(str(i), slug=f"p{i}", content="lorem " * 300) for i in range(1, 2001)]
    posts[1200] = item("1201", slug="p1201", content=f"a]]>b {CARD}")
    path = tmp_path / "export.xml"
    path.write_text(export(*posts))
    assert path.stat().st_size > 4 * 2**20  # large enough to be shared by processes
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"site{jobs}"
        args = ["convert", str(path), "-o", str(out), "-j", jobs, "--images", images]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
        assert "2000 written" in result.output and "literal-cdata-end" in result.output
        outs.append(sorted((p.relative_to(out), p.read_bytes()) for p in out.rglob("*.html")))
    assert outs[0] == outs[1]


def test_sharded_convert_of_a_compressed_export_matches_one_process(tmp_path):
    data = export(*(item(str(i), slug=f"p{i}", content=CARD) for i in range(1, 41))).encode()
    path = tmp_path / "export.xml.xz"
    path.write_bytes(lzma.compress(data))
    runner = CliRunner()
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"site{jobs}"
        result = runner.invoke(main, ["convert", str(path), "-o", str(out), "-j", jobs])
        assert result.exit_code == 0, result.output
        outs.append(sorted((p.relative_to(out), p.read_bytes()) for p in out.rglob("*.html")))
    assert outs[0] == outs[1] and len(outs[0]) > 40


def test_scan_says_what_was_repaired_in_an_export(tmp_path):
    path = tmp_path / "e.xml"
    data = export(item("1", content=f"x]]>y {CARD}")).replace(
        'xmlns:wp="', 'xmlns:foo="http://exämple.org/" xmlns:wp="'
    )
    path.write_text(data)
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 0
    assert "post 1: warning: literal ']]>' inside a CDATA section" in result.output
    assert "[non-ascii-namespace]" in result.output
    as_json = CliRunner().invoke(main, ["scan", "--json", str(path)])
    codes = [w["code"] for w in json.loads(as_json.stdout)["warnings"]]
    assert codes == ["literal-cdata-end", "non-ascii-namespace"]


def test_scan_reports_a_zip_of_several_exports_without_traceback(tmp_path):
    path = tmp_path / "exports.zip"
    path.write_bytes(_zip(_two_posts(), "a.xml", "b.xml"))
    result = CliRunner().invoke(main, ["scan", str(path)])
    assert result.exit_code == 1 and "not one export" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
