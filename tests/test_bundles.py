"""Hugo page bundles (`convert --format hugo --images download --bundles`), built with
the real hugo and served on 127.0.0.1: every image a page shows is there.

The images come from a scripted server on 127.0.0.1 (never the internet); skipped
where hugo is not installed.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
import yaml
from click.testing import CliRunner
from httpserver import Reply, serve
from lxml import html as lxml_html
from test_hugo_jekyll import build, problems
from test_hugo_jekyll import serve as serve_folder
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.convert import ConvertOptions, convert

# Distinct bytes per image: a page showing the wrong file is caught.
IMAGES = {
    "/wp-content/uploads/2021/06/chart.png": b"\x89PNG\r\n\x1a\n" + b"\x01" * 40,
    "/wp-content/uploads/2020/01/chart.png": b"\x89PNG\r\n\x1a\n" + b"\x02" * 40,
    "/wp-content/uploads/2021/06/cover.jpg": b"\xff\xd8\xff\xe0" + b"\x03" * 40,
    "/wp-content/uploads/2021/06/map.png": b"\x89PNG\r\n\x1a\n" + b"\x04" * 40,
    "/wp-content/uploads/2021/06/shared.png": b"\x89PNG\r\n\x1a\n" + b"\x05" * 40,
}
ARABIC = "كورونا-مصر"


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _export(tmp_path: Path, base: str) -> Path:
    def img(path: str, alt: str) -> str:
        return f'<img src="{base}{path}" alt="{alt}">'

    up = "/wp-content/uploads"
    thumbnail = (
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>90</wp:meta_value></wp:postmeta>"
    )
    arabic = item(
        "1",
        "الحالات في مصر",
        f"<p>{img(up + '/2021/06/chart.png', 'chart one')}</p>\n\n"
        f"<p>Before.</p>\n\n<!--more-->\n\n<p>{img(up + '/2020/01/chart.png', 'chart two')}</p>\n\n"
        f"<p>{img(up + '/2021/06/shared.png', 'shared')}</p>",
        slug=quote(ARABIC),
        link=f"https://example.org/2021/06/{quote(ARABIC)}/",
        extra=thumbnail,
    )
    other = item(
        "2",
        "Other",
        f"<p>{img(up + '/2021/06/shared.png', 'shared again')}</p>",
        slug="other",
        link="https://example.org/2021/06/other/",
        date="2021-06-03 10:00:00",
        date_gmt="2021-06-03 08:00:00",
    )
    # A page with a child below it cannot be a leaf bundle: its image stays in static/.
    parent = item(
        "3",
        "Parent",
        f"<p>{img(up + '/2021/06/map.png', 'map')}</p>",
        slug="parent",
        post_type="page",
        link="https://example.org/parent/",
    )
    child = item(
        "4",
        "Child",
        f"<p>{img(up + '/2021/06/map.png', 'map again')}</p>",
        slug="child",
        post_type="page",
        link="https://example.org/parent/child/",
    )
    attachment = item(
        "90",
        "Cover",
        "",
        slug="cover",
        post_type="attachment",
        status="inherit",
        extra=f"<wp:attachment_url>{base}{up}/2021/06/cover.jpg</wp:attachment_url>",
    )
    path = tmp_path / "bundles.xml"
    path.write_text(export(arabic, other, parent, child, attachment), encoding="utf-8")
    return path


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, b""


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.mark.parametrize("jobs", [1, 2])
def test_bundles_hold_their_images_and_hugo_serves_them(tmp_path, jobs):
    if shutil.which("hugo") is None:
        pytest.skip("hugo is not installed")
    out = tmp_path / "out"
    with serve() as server:
        for path, data in IMAGES.items():
            server.route(path, Reply(200, data))
        options = ConvertOptions(format="hugo", images="download", bundles=True, jobs=jobs)
        report = convert(_export(tmp_path, server.base_url), out, options)
    assert not report.errors and report.images_failed == []
    paths = {p.id: p.path for p in report.posts}
    assert paths[1] == f"content/posts/2021/06/{ARABIC}/index.md"
    assert paths[2] == "content/posts/2021/06/other/index.md"
    assert paths[3] == "content/pages/parent.md"  # its child is below it
    assert paths[4] == "content/pages/parent/child/index.md"

    bundle = out / paths[1]
    body = bundle.read_text("utf-8")
    # relative links to the images beside it; two of one name kept apart
    assert "(chart.png)" in body and "(shared.png)" in body
    (second,) = [p.name for p in bundle.parent.glob("chart-*.png")]
    assert f"({second})" in body
    assert (bundle.parent / "chart.png").read_bytes() == IMAGES[
        "/wp-content/uploads/2021/06/chart.png"
    ]
    assert (bundle.parent / second).read_bytes() == IMAGES["/wp-content/uploads/2020/01/chart.png"]
    fm = _front_matter(bundle)
    assert fm["featured_image"] == "cover.jpg"
    assert fm["images"] == [f"/2021/06/{ARABIC}/cover.jpg"]
    assert (bundle.parent / "cover.jpg").read_bytes() == IMAGES[
        "/wp-content/uploads/2021/06/cover.jpg"
    ]
    # the parent page links its image in static/, which stays there; the rest moved
    parent = (out / paths[3]).read_text("utf-8")
    assert "(/uploads/127.0.0.1/wp-content/uploads/2021/06/map.png)" in parent
    static = sorted(p.name for p in (out / "static" / "uploads").rglob("*") if p.is_file())
    assert static == ["map.png"]

    site, printed = build("hugo", out)
    assert problems("hugo", printed) == []
    served = serve_folder(site)
    base = f"http://127.0.0.1:{served.server_address[1]}"
    try:
        shown = 0
        pages = [f"/2021/06/{ARABIC}/", "/2021/06/other/", "/parent/", "/parent/child/", "/"]
        for address in pages:
            status, text = _get(base + quote(address))
            assert status == 200, address
            for img in lxml_html.fromstring(text).iter("img"):
                status, data = _get(urljoin(base + quote(address), img.get("src")))
                assert status == 200, f"{address}: {img.get('src')}"
                assert data in IMAGES.values()
                shown += 1
        # post 1: 3 inline and the featured image; 1 in the others; on the home page,
        # the summary of post 1 (up to <!--more-->: its first image; Hugo's summary of
        # post 2 is text only)
        assert shown == 4 + 1 + 1 + 1 + 1
    finally:
        served.shutdown()


def test_bundles_are_hugos_only():
    result = CliRunner().invoke(
        main, ["convert", "x.xml", "-o", "out", "--format", "jekyll", "--bundles"]
    )
    assert result.exit_code == 2
    assert "--bundles" in result.output and "uploads/" in result.output


def test_jekyll_serves_downloaded_images_from_uploads(tmp_path):
    # Jekyll has no page bundles: the images go to uploads/, which it copies as it is.
    if shutil.which("jekyll") is None:
        pytest.skip("jekyll is not installed")
    out = tmp_path / "out"
    with serve() as server:
        for path, data in IMAGES.items():
            server.route(path, Reply(200, data))
        options = ConvertOptions(format="jekyll", images="download")
        report = convert(_export(tmp_path, server.base_url), out, options)
    assert not report.errors and report.images_failed == []
    site, printed = build("jekyll", out)
    assert problems("jekyll", printed) == []
    served = serve_folder(site)
    base = f"http://127.0.0.1:{served.server_address[1]}"
    try:
        shown = 0
        for address in (f"/2021/06/{ARABIC}/", "/2021/06/other/", "/parent/", "/parent/child/"):
            status, text = _get(base + quote(address))
            assert status == 200, address
            for img in lxml_html.fromstring(text).iter("img"):
                assert img.get("src").startswith("/uploads/127.0.0.1/")
                status, data = _get(urljoin(base + quote(address), img.get("src")))
                assert status == 200 and data in IMAGES.values(), img.get("src")
                shown += 1
        assert shown == 4 + 1 + 1 + 1  # post 1's featured image among them
    finally:
        served.shutdown()


def _without_post(path: Path, post_id: str) -> None:
    """The export at `path` with the item of `post_id` deleted (as from WordPress)."""
    text = path.read_text("utf-8")
    items = text.split("<item>")
    kept = [i for i in items[1:] if f"<wp:post_id>{post_id}</wp:post_id>" not in i]
    assert len(kept) == len(items) - 2
    path.write_text("<item>".join([items[0], *kept]), encoding="utf-8")


def test_a_rerun_after_a_post_is_deleted_removes_its_bundle_and_images(tmp_path):
    out = tmp_path / "out"
    with serve() as server:
        for path, data in IMAGES.items():
            server.route(path, Reply(200, data))
        options = ConvertOptions(format="hugo", images="download", bundles=True)
        export_path = _export(tmp_path, server.base_url)
        first = convert(export_path, out, options)
        assert not first.errors and first.images_failed == []
        bundle = (out / {p.id: p.path for p in first.posts}[1]).parent
        assert {"chart.png", "cover.jpg", "shared.png", "index.md"} <= {
            p.name for p in bundle.iterdir()
        }
        before = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
        # --report lists every file of the site, images included.
        assert sorted(first.files) == sorted(p.as_posix() for p in before)
        _without_post(export_path, "1")
        second = convert(export_path, out, options)
    assert not second.errors
    # The deleted post's folder is gone, its images with it; nothing else changed.
    assert not bundle.exists()
    after = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    assert {p for p in before - after if bundle.relative_to(out) not in p.parents} == set()
    other = out / "content/posts/2021/06/other"
    assert (other / "shared.png").read_bytes() == IMAGES["/wp-content/uploads/2021/06/shared.png"]
    assert (out / "static/uploads/127.0.0.1/wp-content/uploads/2021/06/map.png").is_file()


def test_a_rerun_while_the_image_host_is_down_keeps_the_images_it_had(tmp_path):
    out = tmp_path / "out"
    options = ConvertOptions(format="hugo", images="download", bundles=True)
    with serve() as server:
        for path, data in IMAGES.items():
            server.route(path, Reply(200, data))
        export_path = _export(tmp_path, server.base_url)
        assert not convert(export_path, out, options).errors
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with serve() as down:  # the same address, every image now a 404
        export_path.write_text(
            export_path.read_text("utf-8").replace(server.base_url, down.base_url), "utf-8"
        )
        again = convert(export_path, out, options)
    assert again.images_failed
    after = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    images = {p for p in before if p.suffix in (".png", ".jpg")}
    assert images <= after
