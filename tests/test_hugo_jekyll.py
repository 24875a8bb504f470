"""Hugo and Jekyll output built with the real generators: no error, no warning, the text
of every page as the html format shows it, every old address served, nothing run.

Skipped where `hugo` or `jekyll` (with jekyll-redirect-from) is not installed, and the
samples where ../shared is absent.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import ROOT, SHARED
from lxml import html as lxml_html

from shortcodes.convert import ConvertOptions, convert
from shortcodes.wxr import read_wxr

EXAMPLE = ROOT / "examples" / "export.xml"
SAMPLES = [
    "themeunittestdata.wordpress.xml",
    "64-block-test-data.xml",
    "arabic-news-sample.xml",
    "small-export.xml",
    "valid-wxr-1.0.xml",
    "valid-wxr-1.1.xml",
]
EXPORTS = ["example", *SAMPLES]


@functools.cache
def _jekyll_ready() -> str | None:
    """Why Jekyll cannot build here (None: it can)."""
    if shutil.which("jekyll") is None:
        return "jekyll is not installed"
    probe = subprocess.run(
        ["ruby", "-e", "require 'jekyll-redirect-from'"], capture_output=True, text=True
    )
    return None if probe.returncode == 0 else "jekyll-redirect-from is not installed"


def _need(fmt: str) -> None:
    if fmt == "hugo" and shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    if fmt == "jekyll" and _jekyll_ready():
        pytest.skip(_jekyll_ready())


def _export(name: str) -> Path:
    if name == "example":
        return EXAMPLE
    path = SHARED / "data" / "wxr" / name
    if not path.exists():
        pytest.skip(f"../shared not available ({path} missing)")
    return path


def build(fmt: str, out: Path) -> tuple[Path, str]:
    """Build `out` with the real generator: (the built site, what it printed)."""
    if fmt == "hugo":
        cmd = ["hugo", "--source", str(out)]
        site = out / "public"
    else:
        site = out / "_site"
        cmd = ["jekyll", "build", "--source", str(out), "--destination", str(site)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    return site, printed


def problems(fmt: str, printed: str) -> list[str]:
    """What a generator printed that is a warning or an error."""
    if fmt == "hugo":
        return [line for line in printed.splitlines() if re.search(r"WARN|ERROR", line)]
    quiet = ("Configuration file:", "Source:", "Destination:", "Incremental build", "Generating")
    quiet += ("done in", "Auto-regeneration")
    lines = [line.strip() for line in printed.splitlines()]
    return [line for line in lines if line and not line.startswith(quiet)]


_BUILT: dict[tuple[str, str, str], tuple] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(report, output folder, built site, printed) of an export, built once a module."""

    def get(name: str, fmt: str, body: str = "markdown"):
        key = (name, fmt, body)
        if key not in _BUILT:
            out = tmp_path_factory.mktemp(f"{fmt}-{body}")
            report = convert(_export(name), out, ConvertOptions(format=fmt, body=body))
            if fmt == "html":
                _BUILT[key] = (report, out, out, "")
            else:
                _BUILT[key] = (report, out, *build(fmt, out))
        return _BUILT[key]

    return get


def page_of(site: Path, address: str) -> Path:
    return site / unquote(address).strip("/") / "index.html"


def content_text(page: Path) -> str:
    """The text of a page's post body (div.post__content), whitespace removed."""
    root = lxml_html.fromstring(page.read_bytes())
    found = root.find_class("post__content")
    assert found, f"no post body in {page}"
    body = found[0]
    for gone in body.xpath(".//script | .//style | .//comment()"):
        gone.drop_tree()
    return re.sub(r"\s+", "", body.text_content())


def addresses(report, out: Path) -> dict[int, str]:
    """Post id → its address on the new site (the url or permalink of its front matter)."""
    found = {}
    for post in report.posts:
        if post.path and not post.failed:
            head = (out / post.path).read_text("utf-8").split("\n---\n", 1)[0]
            m = re.search(r'^(?:url|permalink): "(.*)"$', head, re.M)
            found[post.id] = m.group(1)
    return found


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", EXPORTS)
def test_builds_with_no_error_and_no_warning(built, name, fmt):
    _need(fmt)
    report, out, site, printed = built(name, fmt)
    assert not report.errors
    assert problems(fmt, printed) == []
    assert (out / ("hugo.toml" if fmt == "hugo" else "_config.yml")).exists()


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", EXPORTS)
def test_every_page_shows_the_text_of_the_html_format(built, name, fmt):
    _need(fmt)
    report, out, site, _ = built(name, fmt)
    html_report, html_out, _, _ = built(name, "html")
    html_paths = {p.id: p.path for p in html_report.posts if p.path}
    compared = 0
    for post_id, address in addresses(report, out).items():
        page = page_of(site, address)
        assert page.exists(), f"post {post_id}: nothing at {address}"
        expected = content_text(html_out / html_paths[post_id])
        assert content_text(page) == expected, f"post {post_id} at {address}"
        compared += 1
    assert compared == len(html_paths)


def test_markdown_bodies_are_markdown(built):
    _need("hugo")
    report, out, _, _ = built("themeunittestdata.wordpress.xml", "hugo")
    bodies = "\n".join((out / p.path).read_text("utf-8") for p in report.posts if p.path)
    assert re.search(r"^## \S", bodies, re.M)  # headings
    assert re.search(r"^- \S", bodies, re.M)  # lists
    assert re.search(r"\[[^\]]+\]\([^)]+\)", bodies)  # links
    assert re.search(r"^\| .* \|$", bodies, re.M)  # tables
    assert re.search(r"^> \S", bodies, re.M)  # quotes
    # no element kept as HTML that Markdown could have said
    assert not re.search(r"\n\n<(?:h2|ul|ol|blockquote|p)>", bodies)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def fetch(base: str, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(base + path, timeout=10) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, ""


def _follow(base: str, path: str) -> tuple[int, str]:
    """GET `path`, following a generator's redirect page (a meta refresh) once."""
    status, text = fetch(base, path)
    m = re.search(r'<meta http-equiv="refresh" content="0; ?url=([^"]+)"', text, re.I)
    if status == 200 and m:
        target = urlsplit(m.group(1).replace("&amp;", "&")).path
        status, text = fetch(base, quote(unquote(target), safe="/%"))
    return status, text


@pytest.mark.parametrize("fmt", ["hugo", "jekyll"])
@pytest.mark.parametrize("name", ["example", *SAMPLES[:3]])
def test_every_old_address_is_served(built, name, fmt):
    _need(fmt)
    report, out, site, _ = built(name, fmt)
    served = serve(site)
    base = f"http://127.0.0.1:{served.server_address[1]}"
    written = {p.id for p in report.posts if p.path and not p.failed}
    maps = (site / "_redirects").read_text("utf-8")
    try:
        checked = 0
        for post in read_wxr(_export(name)).posts():
            if post.id not in written:
                continue
            for old in {post.link, post.guid}:
                parts = urlsplit(old)
                if parts.query:  # ?p=ID: no static host serves it; the maps say where
                    assert f"{parts.path or '/'} {parts.query} " in maps, old
                    continue
                if not parts.path.strip("/"):
                    continue
                status, text = _follow(base, parts.path)  # as the export spells it
                assert status == 200, f"{old}: {status}"
                title = lxml_html.fromstring(text).findtext(".//h1") or ""
                assert title.strip() == post.title.strip(), old
                checked += 1
        assert checked
    finally:
        served.shutdown()
