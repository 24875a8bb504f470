"""--data live falls back to the snapshot with one warning; fetch writes a usable snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from httpserver import Reply, serve

from shortcodes.cli import main
from shortcodes.data.live import LiveProvider
from shortcodes.data.snapshot import Snapshot, embedded_snapshot
from shortcodes.data.sources import FallbackProvider
from shortcodes.errors import DataUnavailable

DAYS = {"6/1/21": 0, "6/2/21": 0, "6/3/21": 0}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("COVID_SHORTCODES_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def test_failing_api_falls_back_with_one_warning():
    with serve(prefix="/v3/covid-19") as server:
        server.route("/historical/*", Reply(500, b"down"))
        live = LiveProvider(server.base_url, no_cache=True, backoff=0.001, attempts=2)
        provider = FallbackProvider(live, embedded_snapshot())
        day = dt.date(2021, 6, 1)
        assert provider.lookup("EG", day) == embedded_snapshot().lookup("EG", day)
        provider.lookup("AE", day)
    assert [d.code for d in provider.diagnostics] == ["live-data-unavailable"]
    assert "500" in provider.diagnostics[0].message


def test_failing_api_is_an_error_when_strict():
    with serve(prefix="/v3/covid-19") as server:
        server.route("/historical/*", Reply(500, b"down"))
        live = LiveProvider(server.base_url, no_cache=True, backoff=0.001, attempts=2)
        with pytest.raises(DataUnavailable):
            FallbackProvider(live, embedded_snapshot(), strict=True).lookup(
                "EG", dt.date(2021, 6, 1)
            )


def test_render_data_live_cli_warns_once_and_still_renders():
    with serve(prefix="/v3/covid-19") as server:
        server.route("/historical/*", Reply(503, b"down"))
        r = CliRunner().invoke(
            main,
            [
                "render",
                "--data",
                "live",
                "--api-url",
                server.base_url,
                "--as-of",
                "2021-06-01",
                "--no-cache",
            ],
            input='[covid19-ultimate-card region="EG"][covid19-ultimate-card region="AE"]',
        )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.count('<section class="covid-card') == 2
    assert r.stderr.count("live data unavailable") == 1


def test_fetch_writes_a_snapshot_that_render_uses(tmp_path):
    timeline = {
        "cases": {"6/1/21": 100, "6/2/21": 130},
        "deaths": {"6/1/21": 5, "6/2/21": 7},
        "recovered": {"6/1/21": 50, "6/2/21": 60},
    }
    with serve(prefix="/v3/covid-19") as server:
        server.json("/historical/EG", {"country": "Egypt", "timeline": timeline})
        server.json("/historical/all", timeline)
        out = tmp_path / "figures.csv.gz"
        r = CliRunner().invoke(
            main,
            [
                "fetch",
                "--regions",
                "EG,world",
                "--api-url",
                server.base_url,
                "--no-cache",
                "-o",
                str(out),
            ],
        )
        assert r.exit_code == 0, r.stderr
    snap = Snapshot.load(out)
    stats = snap.lookup("EG", dt.date(2021, 6, 2))
    assert (stats.confirmed, stats.new_confirmed, stats.deaths) == (130, 30, 7)
    assert "disease.sh" in snap.source
    r = CliRunner().invoke(
        main, ["render", "--data", str(out)], input='[covid19-ultimate-card region="EG"]'
    )
    assert r.exit_code == 0 and '<data value="130">' in r.stdout
    assert "disease.sh" in r.stdout  # the card credits the source it came from
    r = CliRunner().invoke(main, ["render", "--data", str(tmp_path / "nope.gz")], input="x")
    assert r.exit_code == 1 and "no such snapshot file" in r.stderr
