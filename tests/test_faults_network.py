"""Hostile servers on 127.0.0.1: nothing hangs, nothing absurd is shown, one bad URL fails alone.

The slow server sends its answer one byte at a time, a byte every 0.3 s: each read
comes well within any per-read timeout, so only an overall deadline ends the request.
Every test here is bounded in time (`hang_guard`), so a regression fails instead of
hanging the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
import requests
from click.testing import CliRunner
from conftest import hang_guard
from httpserver import Reply, serve
from wxrfactory import export, item

from shortcodes.cli import main
from shortcodes.data.live import DiseaseShClient, LiveProvider
from shortcodes.errors import DataUnavailable
from shortcodes.images import ImageDownloader
from shortcodes.netfetch import Deadline, RetryPolicy, get

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DRIP = 0.3  # seconds between two bytes


@contextmanager
def slow_server(phase: str = "headers"):
    """A server that answers every request one byte every `DRIP` seconds, for ever.

    `phase` "headers": from the status line on; "body": headers at once, then the body.
    """
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)

    def drip(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100000\r\n"
                if phase == "body":
                    conn.sendall(head + b"\r\n")
                    head = b""
                data = head + b"X-Slow: " + b"a" * 100000
                for byte in data:
                    if stop.wait(DRIP):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(2)
        listener.close()


FAST = RetryPolicy(attempts=2, backoff=0.01, connect_timeout=2, read_timeout=2, deadline=1.0)


@pytest.mark.parametrize("phase", ["headers", "body"])
def test_one_attempt_ends_at_its_deadline_though_every_read_is_quick(phase):
    with slow_server(phase) as base, hang_guard(20):
        started = time.monotonic()
        with pytest.raises(Deadline), requests.Session() as session:
            get(session, f"{base}/x.png", FAST, max_bytes=10**6)
        assert time.monotonic() - started < 3


def test_images_from_a_slow_server_fail_alone_with_the_rest_written(tmp_path):
    with slow_server() as slow, serve() as good, hang_guard(30):
        good.route("/ok.png", Reply(200, PNG))
        downloader = ImageDownloader(tmp_path, attempts=2, backoff=0.01, deadline=1.0)
        urls = [f"{slow}/slow.png", f"{good.base_url}/ok.png", "http://[::1/x.png"]
        downloader.want(urls, 7)
        started = time.monotonic()
        downloader.download_all()
        assert time.monotonic() - started < 10
    assert list(downloader.saved) == [f"{good.base_url}/ok.png"]
    assert (tmp_path / downloader.saved[f"{good.base_url}/ok.png"]).read_bytes() == PNG
    reasons = {f.url: f.reason for f in downloader.failures}
    assert (
        "1 s in all" in reasons[f"{slow}/slow.png"]
        and "2 attempt(s)" in reasons[f"{slow}/slow.png"]
    )
    assert reasons["http://[::1/x.png"].startswith("malformed URL")
    assert all(f.post_ids == [7] for f in downloader.failures)


def test_a_host_that_keeps_failing_is_not_waited_for_each_image(tmp_path):
    with slow_server() as slow, hang_guard(40):
        downloader = ImageDownloader(tmp_path, workers=1, attempts=1, deadline=1.0)
        downloader.want([f"{slow}/{i}.png" for i in range(20)], 1)
        started = time.monotonic()
        downloader.download_all()
        assert time.monotonic() - started < 10  # 3 waited for, not 20
    reasons = [f.reason for f in downloader.failures]
    assert len(reasons) == 20 and sum("not tried: 127.0.0.1 failed 3" in r for r in reasons) == 17


def test_malformed_image_url_does_not_stop_convert_images_download(tmp_path):
    with serve() as good, hang_guard(30):
        good.route("/ok.png", Reply(200, PNG))
        content = f'<img src="http://[::1/x.png"> <img src="{good.base_url}/ok.png">'
        path = tmp_path / "e.xml"
        path.write_text(export(item("5", slug="p", content=content)))
        out = tmp_path / "site"
        result = CliRunner().invoke(
            main, ["convert", str(path), "-o", str(out), "--images", "download"]
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    page = (out / "p" / "index.html").read_text()
    assert 'src="../uploads/127.0.0.1/ok.png"' in page and 'src="http://[::1/x.png"' in page
    assert "image not downloaded (malformed URL" in result.output
    assert "1 image(s) downloaded, 1 failed" in result.output


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVID_SHORTCODES_")}
    env.update(extra)
    return env


def _cli(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "shortcodes", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def test_convert_images_download_from_a_slow_server_ends(tmp_path):
    with slow_server() as slow:
        path = tmp_path / "e.xml"
        path.write_text(export(item("5", slug="p", content=f'<img src="{slow}/a.png">')))
        started = time.monotonic()
        env = _env(COVID_SHORTCODES_TIMEOUT="1")
        done = _cli(
            "convert", str(path), "-o", str(tmp_path / "s"), "--images", "download", env=env
        )
        assert time.monotonic() - started < 30
    assert done.returncode == 0, done.stderr
    assert "image not downloaded (timed out" in done.stderr and "Traceback" not in done.stderr


def test_live_data_from_a_slow_server_falls_back_in_time(tmp_path):
    with slow_server() as slow:
        post = tmp_path / "p.html"
        post.write_text('[covid19-ultimate-card region="EG"]')
        env = _env(COVID_SHORTCODES_TIMEOUT="1", COVID_SHORTCODES_CACHE_DIR=str(tmp_path / "c"))
        started = time.monotonic()
        done = _cli("render", str(post), "--data", "live", "--api-url", slow, env=env)
        assert time.monotonic() - started < 30
    assert done.returncode == 0, done.stderr
    assert "live data unavailable" in done.stderr and "timed out" in done.stderr
    assert f"the API at {slow}" in done.stderr  # not "disease.sh": the server asked
    assert 'class="covid-card' in done.stdout


def test_fetch_from_a_slow_server_ends_naming_the_base_url(tmp_path):
    with slow_server() as slow:
        env = _env(COVID_SHORTCODES_TIMEOUT="1")
        started = time.monotonic()
        out = tmp_path / "s.csv.gz"
        done = _cli("fetch", "--api-url", slow, "--no-cache", "-o", str(out), env=env)
        assert time.monotonic() - started < 40
    assert done.returncode == 1 and not out.exists()
    assert f"the API at {slow}" in done.stderr and "disease.sh unavailable" not in done.stderr
    assert "timed out" in done.stderr and "Traceback" not in done.stderr


def test_an_api_that_timed_out_is_not_waited_for_again_for_each_region():
    with slow_server() as slow, hang_guard(30):
        client = DiseaseShClient(slow, no_cache=True, deadline=1.0, attempts=2, backoff=0.01)
        started = time.monotonic()
        with pytest.raises(DataUnavailable, match="timed out"):
            client.world()
        first = time.monotonic() - started
        found = client.countries(["EG", "AE"])
        again = time.monotonic() - started - first
    assert first < 5 and again < 0.5
    assert all("not tried again" in found[c].message for c in ("EG", "AE"))


# -- absurd figures ----------------------------------------------------------------------

HUGE = 10**400


def _world(cases) -> dict:
    return {
        "updated": 1678406400000,
        "cases": cases,
        "todayCases": 0,
        "deaths": 6_881_955,
        "todayDeaths": 0,
        "recovered": None,
    }


def _timeline(cases_value) -> dict:
    days = {"3/7/23": 676_000_000, "3/8/23": cases_value, "3/9/23": 676_570_149}
    return {
        "cases": days,
        "deaths": {"3/7/23": 6_880_000, "3/8/23": 6_881_000, "3/9/23": 6_881_802},
        "recovered": {"3/7/23": 0, "3/8/23": 0, "3/9/23": 0},
    }


def test_a_401_digit_figure_is_never_shown(tmp_path):
    with serve(prefix="/v3/covid-19") as api, hang_guard(30):
        api.route("/all", Reply(200, json.dumps(_world(HUGE)).encode()))
        live = LiveProvider(api.base_url, no_cache=True, backoff=0.001)
        with pytest.raises(DataUnavailable, match="invalid 'cases'.*absurd"):
            live.lookup("world")
        post = tmp_path / "p.html"
        post.write_text("[covid19-ultimate-card]")
        result = CliRunner().invoke(
            main, ["render", str(post), "--data", "live", "--api-url", api.base_url, "--no-cache"]
        )
    assert result.exit_code == 0, result.output
    assert str(HUGE)[:30] not in result.output
    assert "live data unavailable" in result.output and "absurd" in result.output


@pytest.mark.parametrize(
    "change",
    [{"cases": -5}, {"todayCases": -(10**12)}, {"deaths": 10**11}, {"updated": 32503680000000}],
)
def test_absurd_current_figures_are_rejected(change):
    from shortcodes.data.live import current_stats

    with pytest.raises(DataUnavailable, match="invalid|absurd"):
        current_stats("world", {**_world(676_570_149), **change})
    assert current_stats("world", _world(676_570_149)).confirmed == 676_570_149


def test_fetch_with_an_absurd_day_does_not_crash(tmp_path):
    with serve(prefix="/v3/covid-19") as api, hang_guard(30):
        api.route("/historical/all", Reply(200, json.dumps(_timeline(HUGE)).encode()))
        out = tmp_path / "s.csv.gz"
        result = CliRunner().invoke(
            main,
            [
                "fetch",
                "--regions",
                "world",
                "--api-url",
                api.base_url,
                "--no-cache",
                "-o",
                str(out),
            ],
        )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    assert "rejected-figure" in result.output and out.is_file()
    assert "cases of 3/8/23 is absurd (401 digits); not shown" in result.output
    from shortcodes.data.snapshot import Snapshot

    snap = Snapshot.load(out)
    assert snap.lookup("world", snap.last_date).confirmed == 676_570_149


def test_client_names_where_a_bad_base_url_came_from(monkeypatch):
    monkeypatch.setenv("COVID_SHORTCODES_API_URL", "garbage")
    from shortcodes.errors import BadInput

    with pytest.raises(BadInput, match=r"'garbage' \(from \$COVID_SHORTCODES_API_URL\)"):
        DiseaseShClient()
    with pytest.raises(BadInput, match=r"'http://\[::1' \(from --api-url\)"):
        DiseaseShClient("http://[::1")
