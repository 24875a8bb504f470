"""The command line as a user meets it: output, messages, exit codes, no tracebacks."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT

from shortcodes.cli import main
from shortcodes.diagnostics import Diagnostic

EXAMPLE = ROOT / "examples" / "article.txt"


def run(*args, input=None):
    return CliRunner().invoke(main, list(map(str, args)), input=input)


def test_render_stdin_to_stdout_with_warnings_on_stderr():
    r = run("render", "--as-of", "2021-06-01", input="x [covid19-ultimate-card region=”EG”] y")
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith('x <section class="covid-card"')
    assert r.stdout.rstrip().endswith("y")
    assert "<stdin>:1:26, attribute 'region'" in r.stderr and "repaired-quote" in r.stderr


def test_render_file_to_output_file_standalone(tmp_path):
    out = tmp_path / "page.html"
    r = run("render", EXAMPLE, "--standalone", "--as-of", "2021-06-01", "-o", out, "-q")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'dir="rtl"' in page
    assert page.count('<section class="covid-card') == 4
    assert r.stderr == ""


def test_unknown_region_marks_the_card_and_exits_1():
    r = run("render", input='[covid19-ultimate-card region="XX"]')
    assert r.exit_code == 1
    assert "No data for XX" in r.stdout
    assert "XX" in r.stderr and "Traceback" not in r.stderr


def test_strict_leaves_the_shortcode_and_fails():
    r = run("render", "--strict", input='a [covid19-ultimate-card region="XX"] b')
    assert r.exit_code == 1
    assert '[covid19-ultimate-card region="XX"]' in r.stdout
    assert "card(s) could not be rendered" in r.stderr


def test_invalid_utf8_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"ok\n\xff\xfe [covid19-ultimate-card]")
    r = run("render", bad)
    assert r.exit_code == 1
    assert f"{bad}:2:1" in r.stderr and "not valid UTF-8" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_file_and_bad_options():
    assert run("render", "/nonexistent/file.html").exit_code == 1
    r = run("render", "--as-of", "yesterday")
    assert r.exit_code == 2 and "not a date" in r.stderr
    assert run("render", "--timezone", "Mars/Olympus", input="x").exit_code == 1


def test_scan_json_lists_every_shortcode_with_position_and_problems():
    r = run("scan", EXAMPLE, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    items = data["shortcodes"]
    assert [i["escaped"] for i in items] == [False, False, False, False, True]
    first = items[0]
    assert (first["line"], first["column"]) == (7, 1)
    assert ["region", "EG"] in first["attributes"]
    assert {d["code"] for d in first["diagnostics"]} == {"repaired-quote"}
    assert data["totals"]["shortcodes"] == 4


def test_scan_wordpress_mode_shows_what_wordpress_breaks():
    r = run("scan", EXAMPLE, "--mode", "wordpress")
    assert r.exit_code == 0
    assert "broken-quote" in r.stdout and "WordPress reads region='”EG”'" in r.stdout


def test_scan_finds_markdown_escaped_cards(tmp_path):
    md = tmp_path / "post.md"
    md.write_text('# t\n\n\\[covid19-ultimate-card region="AE" nope="1"\\]\n', encoding="utf-8")
    r = run("scan", tmp_path, "--json")
    item = json.loads(r.stdout)["shortcodes"][0]
    assert item["encoding"] == "markdown" and item["line"] == 3
    assert "unknown-attribute" in {d["code"] for d in item["diagnostics"]}


def test_help_has_examples():
    for cmd in ("render", "scan", "convert", "render-site", "fetch"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Examples:" in r.stdout


def test_top_level_help_starts_a_new_user_with_every_main_command():
    r = run("--help")
    assert r.exit_code == 0
    start = r.stdout.split("Start with:", 1)[1].split("Options:", 1)[0]
    for cmd in ("scan export.xml", "convert export.xml -o site/", "render post.html"):
        assert f"covid-shortcodes {cmd}" in start


def test_version_says_whether_the_c_speedups_are_built():
    from shortcodes.wordpress.shortcodes import speedups_built

    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("covid-shortcodes, version ")
    built = speedups_built()
    assert ("(C speedups built)" in r.stdout) is built
    assert ("no C speedups" in r.stdout) is not built


def test_scan_json_is_written_a_shortcode_at_a_time_as_one_document(tmp_path):
    # The report keeps its shortcodes on disk and writes them one by one: the text is
    # the one json.dumps(indent=2) gives for the whole report, with and without items
    # and errors.
    from shortcodes.scan import ScanReport, scan_text

    empty = ScanReport()
    for report in (empty, ScanReport()):
        chunks: list[str] = []
        if report is not empty:
            text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
            report.add(scan_text(text, file="article.txt"))
            report.add(scan_text("[covid19-ultimate-card region=”AE”]", file="b.txt"))
            report.errors.append(Diagnostic("bad-input", "not UTF-8", "error", file="c.txt"))
            report.files = 3
        report.write_json(chunks.append)
        whole = report.to_dict()
        assert "".join(chunks) == json.dumps(whole, ensure_ascii=False, indent=2)
        assert len(chunks) == len(whole["shortcodes"]) + 2
        report.close()
