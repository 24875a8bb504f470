"""Hostile inputs, options and environments: honest diagnostics, never a traceback.

Exit codes as the README says: 0 ok, 1 bad input or partial failure, 2 usage error.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import hang_guard
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.data.cache import DiskCache
from shortcodes.data.snapshot import embedded_snapshot
from shortcodes.diagnostics import line_col
from shortcodes.images import local_path
from shortcodes.render import CardRenderer
from shortcodes.writers.paths import safe_slug

GOOD = '[covid19-ultimate-card region="EG"]'
UNKNOWN = '[covid19-ultimate-card region="ZZ"]'


def invoke(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    # A traceback is an exception other than the exit click makes.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
    )
    return result


@pytest.fixture
def two_posts(tmp_path) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(
        export(
            item("1", content=f"intro\n\nsecond line {GOOD}"),
            item("2", slug="two", content=f"a\nb\nc {UNKNOWN}"),
        )
    )
    return path


# -- scan says what convert says ---------------------------------------------------------


def test_scan_gives_the_export_line_and_column_convert_gives(two_posts, tmp_path):
    scanned = invoke("scan", "--json", two_posts)
    records = json.loads(scanned.output)["shortcodes"]
    text = two_posts.read_text()
    where = {r["post_id"]: (r["line"], r["column"]) for r in records}
    # The card of post 2 is on the export's line holding "c [covid19…".
    line = text[: text.index(f"c {UNKNOWN}")].count("\n") + 1
    assert where[2] == (line, 3)
    converted = invoke("convert", two_posts, "-o", tmp_path / "site")
    assert f"{two_posts}:{line}:3, post 2: warning: unknown region 'ZZ'" in converted.output
    [problem] = [d for r in records if r["post_id"] == 2 for d in r["diagnostics"]]
    assert (problem["code"], problem["line"]) == ("unknown-region", line)


def test_scan_does_not_call_an_unknown_region_ok(two_posts):
    table = invoke("scan", two_posts).output
    [zz] = [line for line in table.splitlines() if "(post 2)" in line]
    assert "ok" not in zz and "1 problem(s)" in zz
    assert "unknown-region" in table


def test_scan_flags_a_real_code_the_data_lacks(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('[covid19-ultimate-card region="TM"]')  # Turkmenistan reported none
    out = invoke("scan", page).output
    assert "no figures for region 'TM'" in out


# -- options that are wrong, or outside the data ----------------------------------------


def test_unknown_locale_is_a_usage_error_and_time_zone_bad_input(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(GOOD)
    result = invoke("render", page, "--locale", "klingon")
    assert result.exit_code == 2 and "Invalid value for '--locale'" in result.output
    assert "'klingon' is not a known locale" in result.output
    assert invoke("render", page, "--locale", "ar_EG").exit_code == 0
    result = invoke("render", page, "--timezone", "Mars/Base")  # exit 1, as before
    assert result.exit_code == 1 and "unknown time zone 'Mars/Base'" in result.output


def test_as_of_after_the_data_warns_and_shows_the_last_day(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(GOOD)
    result = invoke("render", page, "--as-of", "2030-01-01")
    assert result.exit_code == 0
    assert "[date-after-data]" in result.output and "2023-03-09" in result.output


def test_date_before_the_data_has_its_own_code_and_card_text(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(GOOD)
    result = invoke("render", page, "--as-of", "2019-05-01")
    assert "[no-data-for-date]" in result.output and "[unknown-region]" not in result.output
    assert "No figures for 2019-05-01." in result.output
    assert "No data for EG" not in result.output


def test_unknown_post_type_is_said(two_posts, tmp_path):
    result = invoke("convert", two_posts, "-o", tmp_path / "s", "--post-types", "posts")
    assert (
        "no item of type 'posts' in the export (it has post) [unknown-post-type]" in result.output
    )
    empty = invoke("convert", two_posts, "-o", tmp_path / "s2", "--post-types", " , ")
    assert empty.exit_code == 2 and "--post-types" in empty.output
    default = invoke("convert", two_posts, "-o", tmp_path / "s3")  # post,page: no pages
    assert "unknown-post-type" not in default.output


def test_same_card_problem_same_severity_in_html_and_wxr(two_posts, tmp_path):
    html = invoke("convert", two_posts, "-o", tmp_path / "site")
    wxr = invoke("convert", two_posts, "-o", tmp_path / "out.xml", "--format", "wxr")
    needle = "post 2: warning: unknown region 'ZZ'"
    assert needle in html.output and needle in wxr.output
    strict = invoke("convert", two_posts, "-o", tmp_path / "o2.xml", "--format", "wxr", "--strict")
    assert "post 2: error: unknown region 'ZZ'" in strict.output


# -- unclosed openings: linear ------------------------------------------------------------


def test_a_post_of_unclosed_card_openings_is_linear_and_reported_briefly():
    text = "[covid19-ultimate-card " * 400_000  # 9 MB
    with hang_guard(30):
        result = CardRenderer(embedded_snapshot()).render_text(text)
    unclosed = [d for d in result.diagnostics if d.code == "unclosed-shortcode"]
    assert len(unclosed) == 101 and "399900 more" in unclosed[-1].message
    assert result.text == text


def test_line_col_far_into_one_long_line():
    text = "x" * 5_000_000
    with hang_guard(10):
        cols = [line_col(text, offset)[1] for offset in range(4_000_000, 4_200_000)]
    assert cols[0] == 4_000_001 and cols[-1] == 4_200_000


# -- names ---------------------------------------------------------------------------------


def test_different_image_urls_never_share_a_file():
    urls = [
        "https://s.example/up/a b.png",
        "https://s.example/up/a-b.png",
        "https://s.example/up/a%20b.png",  # the same file as "a b.png"
        "https://s.example/up/A-B.png",
        "https://s.example/up/a-b.PNG",
        "https://s.example/up x/a.png",
        "https://s.example/up-x/a.png",
    ]
    paths = [local_path(u) for u in urls]
    assert paths[0] == paths[2]
    del paths[2]
    folded = {p.casefold() for p in paths}  # distinct even on a case-insensitive disk
    assert len(folded) == len(paths)
    assert paths[1] == "uploads/s.example/up/a-b.png"  # untouched names stay readable


@pytest.mark.parametrize(
    "name",
    ["con.html", "CON", "nul.tar.gz", "com1.txt", "LPT9.md", "aux.", "prn .html", "com¹.x"],
)
def test_windows_reserved_names_are_never_produced(name):
    safe = safe_slug(name, "x")
    stem = safe.split(".")[0].strip().lower()
    assert stem not in {"con", "prn", "aux", "nul"} | {f"com{i}" for i in "123456789¹²³"} | {
        f"lpt{i}" for i in "123456789¹²³"
    }


def test_reserved_name_changes_before_its_extension():
    assert safe_slug("con.html", "x") == "con-.html"  # was con.html-, still reserved
    assert safe_slug("nul.tar.gz", "x") == "nul-.tar.gz"
    assert safe_slug("console", "x") == "console"  # only the names themselves


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_folder_others_can_write_is_not_trusted(tmp_path):
    folder = tmp_path / "cache"
    good = DiskCache(folder)
    assert good.set("u", {"cases": 1}) and good.get("u") == {"cases": 1}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # made private
    folder.chmod(0o777)
    shared = DiskCache(folder)
    assert shared.get("u") is None and not shared.set("u", {"cases": 2})
    assert "writable by other users" in shared.problem


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_untrusted_cache_folder_is_a_warning_on_live_runs(tmp_path):
    from httpserver import serve

    folder = tmp_path / "c"
    folder.mkdir()
    folder.chmod(0o777)
    page = tmp_path / "p.html"
    page.write_text("[covid19-ultimate-card]")
    with serve(prefix="/v3") as api:
        api.json("/all", {"message": "down"}, status=404)
        result = invoke(
            "render",
            page,
            "--data",
            "live",
            "--api-url",
            api.base_url,
            env={"COVID_SHORTCODES_CACHE_DIR": str(folder)},
        )
    assert "[cache-not-trusted]" in result.output and "writable by other users" in result.output
    assert not any(folder.iterdir())


# -- no traceback, whatever the options or environment -----------------------------------


def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVID_SHORTCODES_")}
    env.update(extra)
    return env


def hostile_cases(tmp: Path, export_path: Path, page: Path):
    afile = tmp / "afile"
    afile.write_text("x")
    return [
        # (arguments, environment changes, expected exit code, text in stderr)
        (["convert", export_path, "-o", afile / "site"], {}, 1, "cannot write"),
        (["convert", export_path, "-o", tmp / "s", "--report", afile / "r.json"], {}, 1, "cannot"),
        (["render", page, "-o", afile / "out.html"], {}, 1, "cannot write"),
        (["render", page, "--report", afile / "r.json"], {}, 1, "cannot write"),
        (["render", page, "--report", tmp], {}, 2, "is a directory"),
        (["convert", tmp / "missing.xml", "-o", tmp / "s"], {}, 1, "no such file"),
        (["convert", tmp, "-o", tmp / "s"], {}, 2, "is a directory"),
        (["convert", export_path, "-o", tmp / "s", "-j", "0"], {}, 2, "--jobs"),
        (["convert", export_path, "-o", tmp / "s", "-j", "100000"], {}, 2, "1<=x<=64"),
        (["render", page, "--as-of", "junk"], {}, 2, "--as-of"),
        (["render", page, "--data", tmp / "nope.csv"], {}, 1, "no such snapshot file"),
        (["render", page, "--data", "live"], {"COVID_SHORTCODES_API_URL": "garbage"}, 2, "garbage"),
        (["fetch", "-o", tmp / "f.csv.gz"], {"COVID_SHORTCODES_API_URL": "ftp://x"}, 2, "ftp://x"),
        (["fetch", "-o", tmp / "f.csv.gz"], {"COVID_SHORTCODES_TIMEOUT": "soon"}, 2, "soon"),
        (["fetch", "--api-url", "http://[::1", "-o", tmp / "f.csv.gz"], {}, 2, "--api-url"),
        (["fetch", "--regions", "EG,Atlantis", "-o", tmp / "f.csv.gz"], {}, 1, "Atlantis"),
        (
            ["convert", export_path, "-o", tmp / "s", "--images", "download"],
            {"COVID_SHORTCODES_TIMEOUT": "nan"},
            2,
            "COVID_SHORTCODES_TIMEOUT",
        ),
        (
            ["convert", export_path, "-o", tmp / "t1"],
            {"TMPDIR": str(tmp / "missing")},
            0,
            "written",
        ),
        (
            ["convert", export_path, "-o", tmp / "t2", "-j", "2"],
            {"TMPDIR": str(afile)},
            0,
            "written",
        ),
        (["scan", export_path], {"TMPDIR": str(afile)}, 0, ""),
        (
            ["render", page, "--data", "live", "--api-url", "http://127.0.0.1:9/v3"],
            {"COVID_SHORTCODES_CACHE_DIR": str(afile / "c"), "COVID_SHORTCODES_TIMEOUT": "2"},
            0,
            "live data unavailable",
        ),
        (["render", page], {"HOME": str(tmp / "nohome"), "XDG_CACHE_HOME": "rel"}, 0, ""),
        (["render-site", afile], {}, 2, "is a file"),
        (["scan", "/dev/zero"], {}, 1, "not a regular file"),
        (["render", "/dev/zero"], {}, 1, "not a regular file"),
        (["convert", "/dev/zero", "-o", tmp / "z"], {}, 1, "not a regular file"),
    ]


def _setup(tmp: Path) -> tuple[Path, Path]:
    export_path = tmp / "export.xml"
    export_path.write_text(export(item("1", content=GOOD), item("2", slug="b", content=GOOD)))
    page = tmp / "p.html"
    page.write_text(GOOD)
    return export_path, page


def test_hostile_options_and_environment_in_process(tmp_path):
    export_path, page = _setup(tmp_path)
    for args, env, code, text in hostile_cases(tmp_path, export_path, page):
        result = invoke(*args, env=env)
        assert result.exit_code == code, (args, env, result.output)
        assert text in result.output, (args, env, result.output)


def test_hostile_options_and_environment_in_a_real_process(tmp_path):
    export_path, page = _setup(tmp_path)
    for args, env, code, text in hostile_cases(tmp_path, export_path, page):
        done = subprocess.run(
            [sys.executable, "-m", "shortcodes", *map(str, args)],
            capture_output=True,
            text=True,
            env=_env(**env),
            timeout=60,
        )
        assert "Traceback" not in done.stderr, (args, env, done.stderr)
        assert done.returncode == code, (args, env, done.stderr)
        assert text in done.stderr, (args, env, done.stderr)


def test_the_old_name_of_api_url_still_works_with_a_warning(tmp_path):
    # Before convert's --base-url named the site, render and fetch called the API's
    # address --base-url: scripts that still say so get the same check and a warning.
    out = tmp_path / "f.csv.gz"
    r = CliRunner().invoke(main, ["fetch", "--base-url", "http://[::1", "-o", str(out)])
    assert r.exit_code == 2
    assert "deprecated" in r.stderr and "--api-url" in r.stderr and "'http://[::1'" in r.stderr
    both = ["fetch", "--api-url", "http://127.0.0.1:9/v3", "--base-url", "http://127.0.0.1:8/v3"]
    r = CliRunner().invoke(main, [*both, "-o", str(out)])
    assert r.exit_code == 2 and "give only --api-url" in r.stderr
    assert not out.exists()
    r = CliRunner().invoke(main, [*both[:1], *both[3:], *both[1:3], "-o", str(out)])
    assert r.exit_code == 2 and "give only --api-url" in r.stderr


def test_a_rewritten_export_says_it_is_one_file_and_takes_every_type(two_posts, tmp_path):
    # --format wxr rewrites every item, whatever its type: --post-types names no type
    # it would miss, and what is written is one export file, not a folder of them.
    result = invoke(
        "convert", two_posts, "-o", tmp_path / "out.xml", "--format", "wxr", "--post-types", "x"
    )
    assert (tmp_path / "out.xml").is_file()
    assert "[unknown-post-type]" not in result.output
    assert "items in one export file)" in result.output
