"""--images download against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import threading
import time

import pytest
from httpserver import Reply, serve
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.images import ImageDownloader, image_urls, local_path

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_image_urls_and_local_paths():
    content = (
        '<img class="x" src="https://s.example/wp-content/uploads/2021/06/a%20b.png?w=300&amp;h=2">'
        "<img src='/relative.png'>"
        '<a href="https://s.example/wp-content/uploads/2021/06/big.JPG">full</a>'
    )
    urls = image_urls(content)
    assert urls == [
        "https://s.example/wp-content/uploads/2021/06/a%20b.png?w=300&h=2",
        "https://s.example/wp-content/uploads/2021/06/big.JPG",
    ]
    path = local_path(urls[0])
    assert path.startswith("uploads/s.example/wp-content/uploads/2021/06/a-b-") and path.endswith(
        ".png"
    )
    assert local_path("http://h/../../etc/passwd") == "uploads/h/etc/passwd.img"


@pytest.mark.parametrize("jobs", [1, 2])
def test_convert_downloads_rewrites_and_reports(tmp_path, jobs):
    with serve() as server:
        server.route("/wp-content/uploads/2021/06/chart.png", Reply(200, PNG))
        server.route("/flaky.png", Reply(500, b"busy"), Reply(200, PNG))
        server.route("/missing.png", Reply(404, b"no"))
        base = server.base_url
        content = (
            f'<img src="{base}/wp-content/uploads/2021/06/chart.png" alt="c">\n\n'
            f"<img src='{base}/flaky.png'>\n\n<img src=\"{base}/missing.png\">"
        )
        path = tmp_path / "e.xml"
        path.write_text(export(item(post_id="5", slug="p", content=content)), encoding="utf-8")
        report = convert(path, tmp_path / "site", ConvertOptions(images="download", jobs=jobs))
        assert server.count("/missing.png") == 1  # a 404 is final: not retried
        assert server.count("/flaky.png") == 2  # a 500 is retried
    page = (tmp_path / "site" / "p" / "index.html").read_text(encoding="utf-8")
    assert 'src="../uploads/127.0.0.1/wp-content/uploads/2021/06/chart.png"' in page
    assert "src='../uploads/127.0.0.1/flaky.png'" in page
    assert f'src="{base}/missing.png"' in page  # left as it was, and reported
    saved = tmp_path / "site" / "uploads" / "127.0.0.1" / "wp-content" / "uploads" / "2021" / "06"
    assert (saved / "chart.png").read_bytes() == PNG
    assert report.images_saved == 2
    assert [(f.url.rsplit("/", 1)[-1], f.reason, f.post_ids) for f in report.images_failed] == [
        ("missing.png", "HTTP 404", [5])
    ]
    assert not report.failed  # a missing image never fails a post


def test_downloads_are_bounded_in_parallel(tmp_path):
    active = 0
    peak = 0
    lock = threading.Lock()

    def slow(request):
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        time.sleep(0.1)
        with lock:
            active -= 1
        return Reply(200, PNG)

    with serve() as server:
        server.route("/img/*", slow)
        d = ImageDownloader(tmp_path, workers=3, backoff=0.01)
        d.want([f"{server.base_url}/img/{i}.png" for i in range(12)], 1)
        d.download_all()
    assert len(d.saved) == 12 and d.failures == []
    assert peak == 3
