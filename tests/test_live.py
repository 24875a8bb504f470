"""The disease.sh client, live provider and disk cache, against a local HTTP server only."""

from __future__ import annotations

import concurrent.futures
import copy
import datetime as dt
import json
import multiprocessing
import os
import socket
import sys
import time
from pathlib import Path

import pytest
from httpserver import LocalServer, Reply, Request, serve

import shortcodes
from shortcodes.data import cache as cache_mod
from shortcodes.data.cache import DiskCache, default_cache_dir
from shortcodes.data.live import (
    API_URL_ENV,
    DEFAULT_BASE_URL,
    USER_AGENT,
    DiseaseShClient,
    LiveProvider,
    Timeline,
    normalize_region,
)
from shortcodes.data.model import WORLD
from shortcodes.errors import BadInput, DataUnavailable
from shortcodes.netfetch import retry_after_seconds as _retry_after

API = Path(__file__).resolve().parent / "fixtures" / "api"
PREFIX = "/v3/covid-19"
NOT_FOUND = {"message": "Country not found or doesn't have any cases"}
NO_HISTORY = {"message": "Country not found or doesn't have any historical data"}


def load(name: str):
    return json.loads((API / name).read_text(encoding="utf-8"))


# -- a small fake disease.sh ---------------------------------------------------------


def fake_api(
    server: LocalServer,
    *,
    world: dict | None = None,
    countries: list[dict] | None = None,
    history_world: dict | None = None,
    history: dict[str, dict] | None = None,
) -> None:
    """Serve /all, /countries/{list}, /historical/all and /historical/{list} like disease.sh.

    As the real API: one match → a bare object, several → a list; /countries leaves out
    what it lacks, /historical puts null in its place; nothing at all → 404.
    """
    world = load("all.json") if world is None else world
    countries = load("countries_eg_ae_ps.json") if countries is None else countries
    history_world = load("historical_all.json") if history_world is None else history_world
    if history is None:
        history = dict(zip(["EG", "AE", "PS"], load("historical_eg_ae_ps.json"), strict=True))

    def by_iso(code: str):
        for element in countries:
            if element["countryInfo"]["iso2"] == code.upper():
                return element
        return None

    def countries_route(request: Request) -> Reply:
        found = [e for q in request.path.split("/")[-1].split(",") if (e := by_iso(q))]
        if not found:
            return Reply.json(NOT_FOUND, status=404)
        return Reply.json(found[0] if len(found) == 1 else found)

    def history_route(request: Request) -> Reply:
        found = [history.get(q.upper()) for q in request.path.split("/")[-1].split(",")]
        if not any(found):
            return Reply.json(NO_HISTORY, status=404)
        return Reply.json(found[0] if len(found) == 1 else found)

    server.json("/all", world)
    server.json("/historical/all", history_world)
    server.route("/countries/*", countries_route)
    server.route("/historical/*", history_route)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's settings or writes to the real cache folder."""
    monkeypatch.delenv(API_URL_ENV, raising=False)
    monkeypatch.setenv(cache_mod.CACHE_DIR_ENV, str(tmp_path / "default-cache"))
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):  # talk to 127.0.0.1 directly
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def server():
    with serve(prefix=PREFIX) as s:
        yield s


@pytest.fixture
def api(server):
    fake_api(server)
    return server


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def provider(server: LocalServer, cache_dir: Path | None = None, **options) -> LiveProvider:
    options.setdefault("backoff", 0.001)
    options.setdefault("connect_timeout", 2.0)
    options.setdefault("read_timeout", 2.0)
    if cache_dir is None and "cache" not in options:
        options["no_cache"] = True
    return LiveProvider(server.base_url, cache_dir=cache_dir, **options)


# -- current figures: /all + /countries ----------------------------------------------


def test_a_page_of_cards_costs_two_requests(api, cache_dir):
    p = provider(api, cache_dir)
    assert p.prefetch(["EG", "AE", "PS", "world"]) == {}
    assert sorted(api.paths()) == ["/all", "/countries/EG,AE,PS"]
    for request in api.requests:
        assert request.headers["user-agent"] == USER_AGENT
    countries_request = next(r for r in api.requests if r.path.startswith("/countries"))
    assert countries_request.query["strict"] == ["true"]
    assert countries_request.query["allowNull"] == ["true"]

    eg = p.lookup("EG")
    world = p.lookup("world")
    ps = p.lookup("ps")
    assert p.lookup("AE").confirmed == 1067030
    assert api.count() == 2  # the lookups reuse the prefetched answers

    assert (eg.region, eg.confirmed, eg.deaths, eg.recovered) == ("EG", 516023, 24830, 442182)
    assert (eg.new_confirmed, eg.new_deaths) == (12, 1)
    assert eg.source == "disease.sh"
    assert eg.updated == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc)
    assert eg.date == dt.date(2023, 11, 14)
    assert eg.active == 516023 - 24830 - 442182
    assert world.region == WORLD and world.confirmed == 700_000_000
    assert ps.recovered is None and ps.active is None  # null recovered: no number shown


def test_lookup_many_is_one_batch_keyed_as_given(api):
    p = provider(api)
    found = p.lookup_many(["eg", "AE", "World"])
    assert set(found) == {"eg", "AE", "World"}
    assert found["eg"].region == "EG" and found["World"].region == WORLD
    assert api.count() == 2
    assert api.count("/countries/EG,AE") == 1


def test_user_agent_carries_the_version():
    assert USER_AGENT == (
        f"covid-shortcodes/{shortcodes.__version__} (+https://pypi.org/project/covid-shortcodes/)"
    )


def test_base_url_from_environment(api, monkeypatch):
    monkeypatch.setenv(API_URL_ENV, api.base_url + "/")
    client = DiseaseShClient(no_cache=True)
    assert client.base_url == api.base_url
    assert client.world().confirmed == 700_000_000
    monkeypatch.delenv(API_URL_ENV)
    assert DiseaseShClient(no_cache=True).base_url == DEFAULT_BASE_URL
    assert DiseaseShClient(api.base_url, no_cache=True).timeout == (5.0, 15.0)


@pytest.mark.parametrize("url", ["ftp://example.org/api", "disease.sh/v3", "file:///etc/passwd"])
def test_bad_base_url_is_refused(url):
    with pytest.raises(BadInput):
        DiseaseShClient(url, no_cache=True)


@pytest.mark.parametrize("region", ["Egypt", "E1", "", "../all", "EG,AE", None])
def test_invalid_region_codes_make_no_request(api, region):
    p = provider(api)
    with pytest.raises(DataUnavailable, match="invalid region"):
        p.lookup(region)
    assert api.count() == 0
    errors = p.prefetch([region, "EG"])
    assert list(errors) == [region]
    assert api.paths() == ["/countries/EG"]


def test_normalize_region():
    assert normalize_region(" eg ") == "EG"
    assert normalize_region("WORLD") == WORLD


# -- failures of single regions ------------------------------------------------------


def test_unknown_region_is_a_404_naming_it(api):
    p = provider(api)
    with pytest.raises(DataUnavailable) as err:
        p.lookup("ZZ")
    assert "'ZZ'" in str(err.value)
    assert "Country not found" in str(err.value)
    assert api.count() == 1  # a 404 is an answer, not retried
    with pytest.raises(DataUnavailable):
        p.lookup("ZZ")
    assert api.count() == 1  # the failure is remembered too


def test_partial_batch_fails_only_the_missing_region(server, cache_dir):
    fake_api(server, countries=load("countries_eg_ae_ps.json")[:2])  # no PS
    p = provider(server, cache_dir)
    errors = p.prefetch(["EG", "AE", "PS"])
    assert list(errors) == ["PS"]
    assert "'PS'" in errors["PS"].message
    assert p.lookup("EG").confirmed == 516023
    assert p.lookup("AE").deaths == 2349
    with pytest.raises(DataUnavailable, match="'PS'"):
        p.lookup("PS")
    with pytest.raises(DataUnavailable, match=r"1 of 3 region\(s\).*'PS'"):
        p.lookup_many(["EG", "AE", "PS"])
    assert server.count() == 1

    # A later run asks only for what the cache lacks.
    server.reset()
    p2 = provider(server, cache_dir)
    assert list(p2.prefetch(["EG", "AE", "PS"])) == ["PS"]
    assert server.paths() == ["/countries/PS"]


def test_batch_answered_by_a_single_object(server):
    # disease.sh sends a bare object when only one of the asked countries exists.
    fake_api(server, countries=load("countries_eg_ae_ps.json")[:1])
    p = provider(server)
    assert sorted(p.prefetch(["EG", "AE", "PS"])) == ["AE", "PS"]
    assert p.lookup("EG").confirmed == 516023


def test_nulls_become_none(server):
    countries = load("countries_eg_ae_ps.json")
    countries[0].update(todayCases=None, todayDeaths=None, recovered=None, deaths=None)
    fake_api(server, countries=countries)
    eg = provider(server).lookup("EG")
    assert eg.confirmed == 516023
    assert (eg.deaths, eg.recovered, eg.new_confirmed, eg.new_deaths) == (None,) * 4
    assert eg.active is None and eg.death_rate is None


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"cases": "516023"}, "invalid 'cases'"),
        ({"deaths": True}, "invalid 'deaths'"),
        ({"recovered": -5}, "invalid 'recovered'"),
        ({"cases": 12.5}, "invalid 'cases'"),
        ({"updated": "yesterday"}, "'updated'"),
        ({"todayCases": [1]}, "invalid 'todayCases'"),
    ],
)
def test_wrong_types_fail_that_region_only(server, change, reason):
    countries = load("countries_eg_ae_ps.json")
    countries[0].update(change)
    fake_api(server, countries=countries)
    p = provider(server)
    errors = p.prefetch(["EG", "AE"])
    assert list(errors) == ["EG"]
    assert reason in errors["EG"].message and "'EG'" in errors["EG"].message
    assert p.lookup("AE").confirmed == 1067030


@pytest.mark.parametrize("field", ["cases", "deaths", "todayCases", "recovered", "updated"])
def test_missing_fields_fail(server, field):
    world = load("all.json")
    del world[field]
    fake_api(server, world=world)
    with pytest.raises(DataUnavailable, match="the world"):
        provider(server).lookup("world")


def test_integral_floats_and_stray_keys_are_accepted(server):
    world = load("all.json")
    world.update(cases=7.0e8, undefined=0, somethingNew={"x": 1})
    fake_api(server, world=world)
    assert provider(server).lookup(WORLD).confirmed == 700_000_000


def test_unexpected_json_shape(server):
    fake_api(server)
    server.json("/countries/*", "just a string")
    server.json("/all", [1, 2, 3])
    p = provider(server)
    with pytest.raises(DataUnavailable, match="'EG'.*unexpected"):
        p.lookup("EG")
    with pytest.raises(DataUnavailable, match="not an object"):
        p.lookup(WORLD)


# -- HTTP failures: retries, timeouts, malformed answers -------------------------------


def test_malformed_json_is_not_retried_nor_cached(server, cache_dir):
    server.route("/all", Reply(body=b'{"cases": 1, "deaths":'))
    p = provider(server, cache_dir)
    with pytest.raises(DataUnavailable, match="malformed JSON"):
        p.lookup(WORLD)
    assert server.count() == 1
    with pytest.raises(DataUnavailable, match="malformed JSON"):
        provider(server, cache_dir).lookup(WORLD)
    assert server.count() == 2
    assert not list(cache_dir.glob("*.json"))


@pytest.mark.parametrize("body", [b"", b"NaN", b"<html>502 Bad Gateway</html>"])
def test_other_malformed_bodies(server, body):
    server.route("/all", Reply(body=body))
    with pytest.raises(DataUnavailable, match="malformed JSON"):
        provider(server).lookup(WORLD)


def test_server_error_then_success_is_retried(server):
    server.route("/all", Reply(status=500, body=b"oops"), Reply.json(load("all.json")))
    sleeps: list[float] = []
    p = provider(server, sleep=sleeps.append, backoff=0.25)
    assert p.lookup(WORLD).confirmed == 700_000_000
    assert server.count("/all") == 2
    assert sleeps == [0.25]


def test_persistent_server_errors_give_up_after_the_attempts(server):
    server.route("/countries/*", Reply(status=503))
    sleeps: list[float] = []
    p = provider(server, sleep=sleeps.append, backoff=0.5, attempts=3)
    with pytest.raises(DataUnavailable) as err:
        p.lookup("EG")
    assert "'EG'" in str(err.value) and "HTTP 503" in str(err.value)
    assert server.count() == 3
    assert sleeps == [0.5, 1.0]  # exponential backoff


def test_429_honours_retry_after_up_to_a_cap(server):
    server.route(
        "/all",
        Reply(status=429, headers={"Retry-After": "7"}),
        Reply(status=429, headers={"Retry-After": "120"}),
        Reply.json(load("all.json")),
    )
    sleeps: list[float] = []
    p = provider(server, sleep=sleeps.append, max_retry_after=30.0)
    assert p.lookup(WORLD).deaths == 6_950_000
    assert sleeps == [7.0, 30.0]


def test_429_really_waits(server):
    server.route(
        "/all", Reply(status=429, headers={"Retry-After": "1"}), Reply.json(load("all.json"))
    )
    start = time.monotonic()
    provider(server, max_retry_after=0.2).lookup(WORLD)
    assert 0.2 <= time.monotonic() - start < 1.0
    assert server.count() == 2


def test_retry_after_formats():
    assert _retry_after("3") == 3.0
    assert _retry_after("soon") is None
    assert _retry_after(None) is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    later = time.time() + 60
    header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(later))
    assert 55 <= _retry_after(header) <= 61


def test_stalled_server_times_out_and_is_retried(server):
    server.route("/all", Reply.json(load("all.json"), delay=5))
    p = provider(server, read_timeout=0.3, attempts=2)
    start = time.monotonic()
    with pytest.raises(DataUnavailable, match="timed out"):
        p.lookup(WORLD)
    assert time.monotonic() - start < 2.0
    assert server.count() == 2


def test_slow_but_in_time_is_fine(server):
    server.route("/all", Reply.json(load("all.json"), delay=0.1))
    assert provider(server, read_timeout=1.0).lookup(WORLD).confirmed == 700_000_000


def test_connection_refused(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = LiveProvider(f"http://127.0.0.1:{port}/v3/covid-19", no_cache=True, backoff=0.001)
    start = time.monotonic()
    with pytest.raises(DataUnavailable, match="connection failed"):
        p.lookup_many(["EG", "world"])
    assert time.monotonic() - start < 2.0


def test_other_http_status_is_not_retried(server):
    server.route("/all", Reply(status=403, body=b"forbidden"))
    with pytest.raises(DataUnavailable, match="HTTP 403"):
        provider(server).lookup(WORLD)
    assert server.count() == 1


# -- history: /historical ------------------------------------------------------------


def test_history_of_a_page_costs_two_requests(api):
    p = provider(api)
    day = dt.date(2021, 8, 3)
    assert p.prefetch(["EG", "AE", "PS", "world"], day) == {}
    assert sorted(api.paths()) == ["/historical/EG,AE,PS", "/historical/all"]
    assert all(r.query == {"lastdays": ["all"]} for r in api.requests)
    for region in ("EG", "AE", "PS", "world"):
        assert p.lookup(region, day).date == day
    p.series("EG", day, 3)
    assert api.count() == 2


def test_historical_mapping(api):
    p = provider(api)
    eg = p.lookup("EG", dt.date(2021, 8, 3))  # day index 4
    assert eg.confirmed == 283000 + 50 * 4 + 16
    assert eg.new_confirmed == (50 * 4 + 16) - (50 * 3 + 9)
    assert (eg.deaths, eg.new_deaths) == (16480 + 20, 5)
    assert eg.recovered == 230000 + 160
    assert eg.source == "disease.sh" and eg.updated is None

    # JHU stopped counting recovered: 0 becomes None, never a wrong figure.
    after = p.lookup("EG", dt.date(2021, 8, 6))
    assert after.recovered is None and after.active is None
    assert after.confirmed == 283000 + 50 * 7 + 49 and after.deaths == 16480 + 35
    assert p.lookup("AE", dt.date(2021, 8, 6)).recovered == 670000 + 1400 * 7
    assert p.lookup(WORLD, dt.date(2021, 8, 4)).recovered == 180000000 + 500000 * 5
    assert p.lookup(WORLD, dt.date(2021, 8, 5)).recovered is None

    first = p.lookup("EG", dt.date(2021, 7, 30))
    assert first.new_confirmed is None and first.new_deaths is None  # no previous day

    # After the last day: the last day's figures; before the first: unavailable.
    assert p.lookup("EG", dt.date(2024, 1, 1)).date == dt.date(2021, 8, 8)
    with pytest.raises(DataUnavailable, match="before 2021-07-30"):
        p.lookup("EG", dt.date(2020, 1, 1))
    assert api.count() == 3  # one history each for EG, AE and the world


def test_series(api):
    p = provider(api)
    window = p.series("EG", dt.date(2021, 8, 8), 3)
    assert [s.date for s in window] == [dt.date(2021, 8, d) for d in (6, 7, 8)]
    assert [s.new_confirmed for s in window] == [50 + 2 * i - 1 for i in (7, 8, 9)]
    everything = p.series("eg", None, 1000)
    assert len(everything) == 10 and everything[0].date == dt.date(2021, 7, 30)
    with pytest.raises(ValueError):
        p.series("EG", None, 0)
    assert api.count() == 1


def test_history_partial_batch(server):
    entries = load("historical_eg_ae_ps.json")
    fake_api(server, history={"EG": entries[0], "AE": entries[1]})
    p = provider(server)
    errors = p.prefetch(["EG", "PS", "AE"], dt.date(2021, 8, 1))
    assert list(errors) == ["PS"] and "'PS'" in errors["PS"].message
    assert p.lookup("AE", dt.date(2021, 8, 1)).confirmed == 690000 + 1500 * 2 + 4
    assert server.count() == 1


def test_history_old_style_error_entries(server):
    # Older API versions put {"message": ...} in place of a missing country.
    entries = load("historical_eg_ae_ps.json")
    fake_api(server)
    server.json("/historical/EG,PS", [entries[0], NO_HISTORY])
    p = provider(server)
    assert list(p.prefetch(["EG", "PS"], dt.date(2021, 8, 1))) == ["PS"]


def test_history_unknown_region(api):
    with pytest.raises(DataUnavailable, match="'ZZ'.*historical data"):
        provider(api).lookup("ZZ", dt.date(2021, 8, 1))


def test_negative_count_makes_that_figure_unavailable_not_the_region(server):
    entries = load("historical_eg_ae_ps.json")
    entries[0]["timeline"]["deaths"]["8/1/21"] = -1
    fake_api(server, history={"EG": entries[0], "AE": entries[1]})
    stats = provider(server).lookup("EG", dt.date(2021, 8, 1))
    assert stats.deaths is None and stats.new_deaths is None and stats.confirmed is not None


@pytest.mark.parametrize(
    "mutate, reason",
    [
        (lambda t: t["cases"].update({"13/45/21": 1}), "invalid date key"),
        (lambda t: t["cases"].update({"8/1/21": "many"}), "invalid cases value"),
        (lambda t: t.pop("deaths"), "lacks 'deaths'"),
        (lambda t: t.update(cases={}), "empty"),
    ],
)
def test_history_validation(server, mutate, reason):
    entries = load("historical_eg_ae_ps.json")
    mutate(entries[0]["timeline"])
    fake_api(server, history={"EG": entries[0], "AE": entries[1]})
    p = provider(server)
    errors = p.prefetch(["EG", "AE"], dt.date(2021, 8, 1))
    assert list(errors) == ["EG"] and reason in errors["EG"].message
    assert p.lookup("AE", dt.date(2021, 8, 1)).deaths == 1980 + 6


def test_timeline_rules():
    def timeline(recovered: list[int], cases: list[int] | None = None) -> Timeline:
        days = [f"3/{d}/20" for d in range(1, len(recovered) + 1)]
        cases = cases or [10] * len(recovered)
        return Timeline.from_json(
            "EG",
            {
                "cases": dict(zip(days, cases, strict=True)),
                "deaths": dict.fromkeys(days, 0),
                "recovered": dict(zip(days, recovered, strict=True)),
            },
        )

    # A true early 0 stays 0; a 0 after counting began is unknown.
    assert timeline([0, 1, 0]).recovered == (0, 1, None)
    # A country that never reported recovered: unknown throughout (0 cases is still 0).
    assert timeline([0, 0, 0], cases=[0, 5, 9]).recovered == (0, None, None)
    # No recovered series at all (newer API versions).
    t = Timeline.from_json("EG", {"cases": {"1/2/2021": 3}, "deaths": {"1/2/2021": 1}})
    assert t.recovered == (None,) and t.dates == (dt.date(2021, 1, 2),)
    # A gap in the days: no daily increase is invented across it.
    gap = Timeline.from_json(
        "EG", {"cases": {"3/1/20": 1, "3/3/20": 5}, "deaths": {"3/1/20": 0, "3/3/20": 0}}
    )
    assert gap.stats(dt.date(2020, 3, 2)).date == dt.date(2020, 3, 1)
    assert gap.stats(dt.date(2020, 3, 3)).new_confirmed is None


# -- the disk cache, through the provider ---------------------------------------------


def test_second_provider_within_ttl_makes_no_request(api, cache_dir):
    p1 = provider(api, cache_dir)
    p1.prefetch(["EG", "AE", "PS", WORLD])
    p1.prefetch(["EG", "AE", "PS", WORLD], dt.date(2021, 8, 1))
    assert api.count() == 4

    api.reset()
    p2 = provider(api, cache_dir)
    assert p2.prefetch(["PS", "EG", "AE", WORLD]) == {}
    assert p2.lookup("EG") == p1.lookup("EG")
    assert p2.lookup("AE", dt.date(2021, 8, 1)) == p1.lookup("AE", dt.date(2021, 8, 1))
    assert p2.lookup(WORLD, dt.date(2021, 8, 1)).confirmed == 198200004
    assert p2.lookup("EG", dt.date(2021, 8, 1)).confirmed == 283000 + 100 + 4
    assert api.count() == 0
    # A single region from an earlier batch is a hit as well.
    assert provider(api, cache_dir).lookup("PS").confirmed == 703228
    assert api.count() == 0


def test_cache_expires_after_the_ttl(api, cache_dir):
    now = [1_000_000.0]

    def make(**kw) -> LiveProvider:
        cache = DiskCache(cache_dir, clock=lambda: now[0], **kw)
        return provider(api, cache=cache)

    make().lookup_many(["EG", WORLD])
    assert api.count() == 2
    now[0] += 599
    make().lookup_many(["EG", WORLD])
    assert api.count() == 2
    now[0] += 2  # 601 s after the first fetch: stale
    make().lookup_many(["EG", WORLD])
    assert api.count() == 4
    make(ttl=0).lookup_many(["EG", WORLD])  # ttl 0: never fresh
    assert api.count() == 6


def test_no_cache_neither_reads_nor_writes(api, cache_dir):
    provider(api, cache_dir).lookup("EG")
    files = sorted(cache_dir.iterdir())
    provider(api, cache_dir, no_cache=True).lookup("EG")
    provider(api, cache_dir, no_cache=True).lookup("AE")
    assert api.count() == 3
    assert sorted(cache_dir.iterdir()) == files


def test_default_cache_dir_is_used_and_env_overrides(api, tmp_path, monkeypatch):
    target = tmp_path / "from-env"
    monkeypatch.setenv(cache_mod.CACHE_DIR_ENV, str(target))
    p = LiveProvider(api.base_url)
    assert p.client.cache.directory == target
    p.lookup("EG")
    assert len(list(target.glob("*.json"))) == 1


def test_corrupt_cache_entry_is_a_miss(api, cache_dir):
    p = provider(api, cache_dir)
    p.lookup(WORLD)
    (entry,) = cache_dir.glob("*.json")
    entry.write_bytes(b'{"format": 1, "url": "')
    assert provider(api, cache_dir).lookup(WORLD).confirmed == 700_000_000
    assert api.count() == 2
    # A well-formed entry whose value no longer validates is refetched too.
    cache = DiskCache(cache_dir)
    cache.set(p.client.url("/all", {"allowNull": "true"}), {"cases": "lots"})
    assert provider(api, cache_dir).lookup(WORLD).confirmed == 700_000_000
    assert api.count() == 3


# -- the disk cache itself ------------------------------------------------------------

URL = "https://disease.sh/v3/covid-19/countries/EG?strict=true&allowNull=true"


def test_cache_roundtrip_and_atomic_files(tmp_path):
    cache = DiskCache(tmp_path / "c")
    assert cache.get(URL) is None
    assert cache.set(URL, {"cases": 1, "name": "مصر"})
    assert cache.get(URL) == {"cases": 1, "name": "مصر"}
    assert cache.get(URL + "x") is None
    assert [p.name for p in (tmp_path / "c").iterdir()] == [cache.path_for(URL).name]
    cache.delete(URL)
    assert cache.get(URL) is None
    cache.set(URL, 1)
    assert cache.clear() == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe garbage",
        b'{"format": 1, "url": "' + URL.encode() + b'", "stored": 1e18, "value": 1}',
        b'{"format": 1, "url": "https://other/", "stored": 0, "value": 1}',
        b'{"format": 99, "url": "' + URL.encode() + b'", "stored": 0, "value": 1}',
        b'{"format": 1, "url": "' + URL.encode() + b'", "stored": "0", "value": 1}',
        b'{"format": 1, "url": "' + URL.encode() + b'", "stored": 0}',
        b"[1, 2, 3]",
    ],
)
def test_corrupt_or_foreign_entries_are_misses(tmp_path, content):
    cache = DiskCache(tmp_path, clock=lambda: 10.0)
    cache.path_for(URL).write_bytes(content)
    assert cache.get(URL) is None


def test_unwritable_cache_is_harmless(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    cache = DiskCache(blocker / "cache")
    assert cache.set(URL, 1) is False
    assert cache.get(URL) is None
    assert DiskCache(tmp_path).set(URL, object()) is False  # not JSON: refused


def test_default_cache_dir_follows_the_platform(monkeypatch, tmp_path):
    monkeypatch.delenv(cache_mod.CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "covid-shortcodes"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert default_cache_dir() == tmp_path / ".cache" / "covid-shortcodes"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_cache_dir() == tmp_path / "Library" / "Caches" / "covid-shortcodes"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert default_cache_dir() == tmp_path / "Local" / "covid-shortcodes" / "Cache"
    monkeypatch.setenv(cache_mod.CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def _hammer_cache(directory: str, writer: int, rounds: int) -> tuple[int, int]:
    """Write and read one key `rounds` times; count corrupt reads and misses."""
    cache = DiskCache(directory, ttl=3600)
    corrupt = misses = 0
    for k in range(rounds):
        payload = f"{writer}:{k}:" + "x" * (20_000 + 997 * (k % 50))
        cache.set(URL, {"writer": writer, "k": k, "n": len(payload), "payload": payload})
        value = cache.get(URL)
        if value is None:
            misses += 1
        elif value["n"] != len(value["payload"]) or not value["payload"].startswith(
            f"{value['writer']}:{value['k']}:"
        ):
            corrupt += 1
    return corrupt, misses


def test_two_processes_share_the_cache_safely(tmp_path):
    directory = str(tmp_path / "shared-cache")
    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=ctx) as pool:
        results = list(pool.map(_hammer_cache, [directory] * 2, [1, 2], [150, 150]))
    assert all(corrupt == 0 for corrupt, _ in results)
    if os.name == "posix":
        assert all(misses == 0 for _, misses in results)  # rename is atomic: never absent
    assert [p.name for p in Path(directory).iterdir()] == [DiskCache(directory).path_for(URL).name]
    assert DiskCache(directory).get(URL)["writer"] in (1, 2)


# -- recorded real responses (../shared) ------------------------------------------------


@pytest.fixture
def recorded(shared):
    path = shared("data", "covid", "disease_sh", "recorded_samples.json")
    samples = json.loads(path.read_text(encoding="utf-8"))["samples"]
    return {s["request"].split(" ")[1].split("?")[0].split("(")[0].strip(): s for s in samples} | {
        "all?allowNull": samples[0],
        "all-2020": samples[3],
        "all-undefined": samples[4],
    }


def _expect(body: dict, stats) -> None:
    assert stats.confirmed == body["cases"]
    assert stats.deaths == body["deaths"]
    assert stats.recovered == body["recovered"]
    assert stats.new_confirmed == body["todayCases"]
    assert stats.new_deaths == body["todayDeaths"]
    assert stats.updated == dt.datetime.fromtimestamp(body["updated"] / 1000, dt.timezone.utc)


@pytest.mark.parametrize("name", ["all?allowNull", "all-2020", "all-undefined"])
def test_recorded_world_answers(server, recorded, name):
    body = recorded[name]["body"]
    server.json("/all", body)
    stats = provider(server).lookup(WORLD)
    _expect(body, stats)
    assert stats.date.isoformat() == recorded[name]["updated_utc"][:10]


def test_recorded_country_answers(server, recorded):
    egypt = recorded["/v3/covid-19/countries/egypt"]["body"]
    canada = recorded["/v3/covid-19/countries/canada"]["body"]  # has a stray "undefined" key
    assert "undefined" in canada
    server.json("/countries/EG,CA", [egypt, canada])
    p = provider(server)
    found = p.lookup_many(["EG", "CA"])
    _expect(egypt, found["EG"])
    _expect(canada, found["CA"])
    assert found["CA"].active == canada["active"]
    assert found["EG"].date == dt.date(2021, 3, 20)


def test_recorded_country_element_and_batch_of_copies(server, recorded):
    element = recorded["/v3/covid-19/countries"]["body"]  # Egypt element of /countries
    other = copy.deepcopy(element)
    other["countryInfo"]["iso2"] = "AE"
    server.json("/countries/EG,AE", [other, element])  # order does not matter
    found = provider(server).lookup_many(["EG", "AE"])
    _expect(element, found["EG"])


def test_recorded_404_bodies(server, recorded):
    server.json("/countries/ZZ", recorded["/v3/covid-19/countries/<unknown>"]["body"], status=404)
    server.json("/historical/ZZ", recorded["/v3/covid-19/historical/<unknown>"]["body"], status=404)
    p = provider(server)
    with pytest.raises(DataUnavailable, match="'ZZ'.*Country not found or doesn't have any cases"):
        p.lookup("ZZ")
    with pytest.raises(DataUnavailable, match="'ZZ'.*doesn't have any historical data"):
        p.lookup("ZZ", dt.date(2021, 1, 1))
    assert server.count() == 2


def test_the_live_source_reads_region_codes_as_the_snapshot_does(api):
    # One normaliser: an alias (UK for GB) asks the API for the ISO code, as the
    # snapshot looks it up; a code ISO does not know is left to the API to answer.
    p = provider(api)
    p.prefetch(["uk", " zz "])
    assert api.paths() == ["/countries/GB,ZZ"]
