"""Live figures from the disease.sh v3 API (https://disease.sh/v3/covid-19), cached on disk.

`DiseaseShClient` speaks HTTP: batched requests (one `/countries/EG,AE,PS` for any number of
regions), timeouts, bounded retries with exponential backoff, strict validation of every
response. `LiveProvider` is the `StatsProvider` the renderer uses: current figures from `/all`
and `/countries`, figures as of a day (and series) from `/historical`. Every failure is a
`DataUnavailable` naming the region; a batch that lacks one region fails for that region only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from .. import __version__
from ..diagnostics import Diagnostic
from ..errors import BadInput, DataUnavailable, NoDataForDate
from ..netfetch import Gone, RetryPolicy, TooLarge, get_retrying
from .cache import DEFAULT_TTL, DiskCache
from .model import WORLD, RegionStats
from .regions import region_code as normalize_region  # the API knows its own regions

API_URL_ENV = "COVID_SHORTCODES_API_URL"
DEFAULT_BASE_URL = "https://disease.sh/v3/covid-19"
SOURCE = "disease.sh"
USER_AGENT = f"covid-shortcodes/{__version__} (+https://pypi.org/project/covid-shortcodes/)"

# JHU CSSE stopped counting recovered cases in early August 2021; a 0 after that is "unknown".
JHU_RECOVERED_STOPPED = dt.date(2021, 8, 5)

# allowNull=true: a figure the API does not have comes back as null (-> None), not as 0.
_CURRENT_PARAMS = {"allowNull": "true"}
_COUNTRY_PARAMS = {"strict": "true", "allowNull": "true"}
_HISTORY_PARAMS = {"lastdays": "all"}

_MAX_BODY = 64 * 1024 * 1024
# No count of people is over ten billion (more than live on Earth): a larger figure is
# a broken source, never shown (10**400 would print as a 401-digit number).
MAX_COUNT = 10**10
_EARLIEST = dt.datetime(2019, 12, 1, tzinfo=dt.timezone.utc)
_DAY_KEY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def api_base_url(base_url: str | None = None) -> str:
    """The API's base URL: `base_url`, else ``$COVID_SHORTCODES_API_URL``, else
    disease.sh. Raises `BadInput` naming where a URL that cannot be used came from."""
    given = base_url or os.environ.get(API_URL_ENV) or DEFAULT_BASE_URL
    url = given.strip().rstrip("/")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises for a bad port)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        where = "--api-url" if base_url else f"${API_URL_ENV}"
        raise BadInput(f"invalid API base URL {url!r} (from {where}): expected http(s)://host/path")
    return url


def _label(region: str) -> str:
    return "the world" if region == WORLD else f"region {region!r}"


# -- validation helpers --------------------------------------------------------------


def _number(value: Any) -> int | None:
    """An integral JSON number as int, else None (bools, strings, fractions are not counts)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _figure(obj: dict, key: str, region: str, *, signed: bool = False) -> int | None:
    """`obj[key]` as a count; null is None; absent or wrong type raises DataUnavailable."""
    if key not in obj:
        raise DataUnavailable(f"the disease.sh response for {_label(region)} lacks {key!r}")
    value = obj[key]
    if value is None:
        return None
    number = _number(value)
    if number is None or (number < 0 and not signed) or abs(number) > MAX_COUNT:
        shown = f"{value!r}" if len(repr(value)) <= 40 else f"{repr(value)[:20]}… (absurd)"
        raise DataUnavailable(
            f"the disease.sh response for {_label(region)} has an invalid {key!r}: {shown}"
        )
    return number


def _updated(obj: dict, region: str) -> dt.datetime:
    value = obj.get("updated")
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise DataUnavailable(
            f"the disease.sh response for {_label(region)} has no valid 'updated' time: {value!r}"
        )
    try:
        when = dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError) as e:
        raise DataUnavailable(
            f"the disease.sh response for {_label(region)} has an invalid 'updated' time: {value!r}"
        ) from e
    # Figures from before the pandemic or from the future are a broken source.
    if not _EARLIEST <= when <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2):
        raise DataUnavailable(
            f"the disease.sh response for {_label(region)} has an absurd 'updated' time: "
            f"{when:%Y-%m-%d}"
        )
    return when


def current_stats(region: str, body: Any) -> RegionStats:
    """Map one `/all` or `/countries/{iso}` object to `RegionStats` (validated)."""
    if not isinstance(body, dict):
        raise DataUnavailable(
            f"the disease.sh response for {_label(region)} is not an object: {type(body).__name__}"
        )
    updated = _updated(body, region)
    return RegionStats(
        region=region,
        date=updated.date(),
        confirmed=_figure(body, "cases", region),
        deaths=_figure(body, "deaths", region),
        recovered=_figure(body, "recovered", region),
        new_confirmed=_figure(body, "todayCases", region, signed=True),
        new_deaths=_figure(body, "todayDeaths", region, signed=True),
        source=SOURCE,
        updated=updated,
    )


def _parse_day(key: Any, region: str) -> dt.date:
    m = _DAY_KEY.fullmatch(key) if isinstance(key, str) else None
    if m:
        month, day, year = (int(g) for g in m.groups())
        if year < 100:
            year += 2000
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise DataUnavailable(
        f"the disease.sh timeline for {_label(region)} has an invalid date key {key!r}"
    )


def _series_values(
    series: dict, region: str, name: str, rejected: list[str]
) -> dict[dt.date, int | None]:
    out: dict[dt.date, int | None] = {}
    for key, value in series.items():
        day = _parse_day(key, region)
        number = None if value is None else _number(value)
        if value is not None and number is None:
            raise DataUnavailable(
                f"the disease.sh timeline for {_label(region)} has an invalid {name} "
                f"value for {key}: {value!r}"
            )
        # A negative cumulative count is a source error on that day (JHU's summed world
        # recovered is -1 on 9/13/22): that one figure is unavailable, not the region.
        if number is not None and number > MAX_COUNT:
            rejected.append(
                f"{_label(region)}: {name} of {key} is absurd ({len(str(number))} digits); "
                "not shown"
            )
            number = None
        elif number is not None and number < 0:
            rejected.append(f"{_label(region)}: {name} of {key} is negative ({number}); not shown")
            number = None
        out[day] = number
    return out


@dataclass(frozen=True)
class Timeline:
    """Daily cumulative figures of one region from `/historical` (JHU CSSE via disease.sh)."""

    region: str
    dates: tuple[dt.date, ...]
    confirmed: tuple[int | None, ...]
    deaths: tuple[int | None, ...]
    recovered: tuple[int | None, ...]
    rejected: tuple[str, ...] = ()  # figures left out as absurd, said plainly

    @classmethod
    def from_json(cls, region: str, timeline: Any) -> Timeline:
        """Validate a `{"cases": {...}, "deaths": {...}, "recovered": {...}}` object."""
        if not isinstance(timeline, dict):
            raise DataUnavailable(f"the disease.sh timeline for {_label(region)} is not an object")
        parts: dict[str, dict[dt.date, int | None]] = {}
        rejected: list[str] = []
        for name in ("cases", "deaths", "recovered"):
            series = timeline.get(name)
            if series is None and name == "recovered":
                parts[name] = {}  # newer API versions may drop it: recovered unknown
                continue
            if not isinstance(series, dict):
                raise DataUnavailable(
                    f"the disease.sh timeline for {_label(region)} lacks {name!r}"
                )
            parts[name] = _series_values(series, region, name, rejected)
        dates = sorted(parts["cases"])
        if not dates:
            raise DataUnavailable(f"the disease.sh timeline for {_label(region)} is empty")
        confirmed = [parts["cases"][d] for d in dates]
        deaths = [parts["deaths"].get(d) for d in dates]
        # JHU stopped counting recovered (and some countries never reported it): a 0 after
        # a positive count, after the stop, or in a series that is never positive means
        # "unknown", not "nobody recovered".
        counted = any(parts["recovered"].values())
        recovered: list[int | None] = []
        seen_recovered = False
        for d, c in zip(dates, confirmed, strict=True):
            r = parts["recovered"].get(d)
            if r == 0 and c and (not counted or seen_recovered or d >= JHU_RECOVERED_STOPPED):
                r = None
            if r:
                seen_recovered = True
            recovered.append(r)
        return cls(
            region,
            tuple(dates),
            tuple(confirmed),
            tuple(deaths),
            tuple(recovered),
            tuple(rejected[:1] + ([f"… and {len(rejected) - 1} more"] if rejected[1:] else [])),
        )

    @property
    def first_date(self) -> dt.date:
        return self.dates[0]

    @property
    def last_date(self) -> dt.date:
        return self.dates[-1]

    def _index(self, day: dt.date | None) -> int:
        if day is None:
            return len(self.dates) - 1
        if isinstance(day, dt.datetime):
            day = day.date()
        if day < self.dates[0]:
            raise NoDataForDate(
                f"no disease.sh figures for {_label(self.region)} before "
                f"{self.dates[0].isoformat()} (asked for {day.isoformat()})"
            )
        return bisect.bisect_right(self.dates, day) - 1

    def _stats(self, i: int) -> RegionStats:
        new_c = new_d = None
        if i > 0 and self.dates[i] - self.dates[i - 1] == dt.timedelta(days=1):
            c0, c1 = self.confirmed[i - 1], self.confirmed[i]
            d0, d1 = self.deaths[i - 1], self.deaths[i]
            new_c = c1 - c0 if c0 is not None and c1 is not None else None
            new_d = d1 - d0 if d0 is not None and d1 is not None else None
        return RegionStats(
            region=self.region,
            date=self.dates[i],
            confirmed=self.confirmed[i],
            deaths=self.deaths[i],
            recovered=self.recovered[i],
            new_confirmed=new_c,
            new_deaths=new_d,
            source=SOURCE,
        )

    def stats(self, day: dt.date | None = None) -> RegionStats:
        """Figures on `day` (None or after the last day: the last day; a gap: the day before)."""
        return self._stats(self._index(day))

    def series(self, end: dt.date | None, days: int) -> list[RegionStats]:
        """The `days` entries up to and including `end` (clamped), oldest first."""
        if days < 1:
            raise ValueError("days must be at least 1")
        j = self._index(end)
        return [self._stats(k) for k in range(max(0, j - days + 1), j + 1)]


# -- HTTP ----------------------------------------------------------------------------


class _NotFound(DataUnavailable):
    """A 404 from the API, with the message it gave."""


def _api_message(body: bytes) -> str | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    message = data.get("message") if isinstance(data, dict) else None
    return message if isinstance(message, str) else None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON constant {name}")


def _elements(body: Any) -> list[Any]:
    """A batch answer as a list: the API sends a bare object when one item matched."""
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        return [body]
    raise DataUnavailable(f"unexpected disease.sh response: a JSON {type(body).__name__}")


def _iso2_of(element: Any) -> str | None:
    if not isinstance(element, dict):
        return None
    info = element.get("countryInfo")
    iso2 = info.get("iso2") if isinstance(info, dict) else None
    return iso2.upper() if isinstance(iso2, str) else None


class DiseaseShClient:
    """HTTP client of the disease.sh v3 COVID-19 API with retries, validation and a disk cache."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        attempts: int = 3,
        backoff: float = 0.5,
        max_retry_after: float = 30.0,
        deadline: float | None = None,
        cache: DiskCache | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        cache_ttl: float = DEFAULT_TTL,
        no_cache: bool = False,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        url = api_base_url(base_url)
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.base_url = url
        self.api_name = SOURCE if url == DEFAULT_BASE_URL else f"the API at {url}"
        timeouts = {
            k: float(v)
            for k, v in (
                ("connect_timeout", connect_timeout),
                ("read_timeout", read_timeout),
                ("deadline", deadline),
            )
            if v is not None
        }
        self.policy = RetryPolicy.from_env(
            attempts=int(attempts),
            backoff=float(backoff),
            max_retry_after=float(max_retry_after),
            **timeouts,
        )
        self.timeout = (self.policy.connect_timeout, self.policy.read_timeout)
        self.attempts = self.policy.attempts
        self.backoff = self.policy.backoff
        self.max_retry_after = self.policy.max_retry_after
        if no_cache:
            self.cache: DiskCache | None = None
        else:
            self.cache = cache or DiskCache(cache_dir, ttl=cache_ttl)
        self._down: str | None = None  # why the API is not asked again, if so
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"<DiseaseShClient {self.base_url!r}>"

    def __enter__(self) -> DiseaseShClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        """The full URL of an API path (`/countries/EG`) with its query string."""
        query = f"?{urlencode(params)}" if params else ""
        return f"{self.base_url}{path}{query}"

    # -- raw requests ------------------------------------------------------------------

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Warnings about the client's set-up (an untrusted cache folder)."""
        problem = self.cache.problem if self.cache is not None else None
        return [Diagnostic("cache-not-trusted", problem)] if problem else []

    def get_json(self, path: str, params: dict[str, str] | None = None) -> Any:
        """GET `path` and parse its JSON, retrying on 429, 5xx, connection errors and
        timeouts (the shared `RetryPolicy`: each attempt has an overall deadline).

        Raises `DataUnavailable` (a 404 carries the API's message) when no valid answer comes.
        """
        url = self.url(path, params)
        if self.cache is not None:
            self.cache.usable()  # found out once, before any request
        if self._down is not None:
            # An API that timed out or refused every attempt is not waited for again
            # for each region or day: the run's time stays bounded.
            raise DataUnavailable(f"{self.api_name} unavailable: {self._down} [{url}]")
        try:
            answer = get_retrying(
                self.session, url, self.policy, max_bytes=_MAX_BODY, sleep=self._sleep
            )
        except Gone as e:
            reason = f"{e.reason} after {e.attempts} attempt(s)"
            if not e.reason.startswith("HTTP"):
                self._down = f"{reason}, earlier in this run; not tried again"
            raise DataUnavailable(f"{self.api_name} unavailable: {reason} [{url}]") from None
        except TooLarge:
            raise DataUnavailable(
                f"the {self.api_name} response is too large (over {_MAX_BODY // 2**20} MiB) [{url}]"
            ) from None
        except requests.RequestException as e:
            raise DataUnavailable(f"request to {url} failed: {e}") from e
        return self._decode(url, answer.status, answer.body)

    def _decode(self, url: str, status: int, body: bytes) -> Any:
        if status == 404:
            message = _api_message(body) or "not found"
            raise _NotFound(f"{message} (HTTP 404) [{url}]")
        if not 200 <= status <= 299:
            raise DataUnavailable(f"{self.api_name} answered HTTP {status} [{url}]")
        try:
            return json.loads(body, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as e:
            raise DataUnavailable(f"malformed JSON from {self.api_name}: {e} [{url}]") from None

    # -- cache -------------------------------------------------------------------------

    def _cached(self, url: str) -> Any | None:
        return self.cache.get(url) if self.cache is not None else None

    def _store(self, url: str, value: Any) -> None:
        if self.cache is not None:
            self.cache.set(url, value)

    # -- endpoints ---------------------------------------------------------------------

    def world(self) -> RegionStats:
        """Current world totals (`/all`)."""
        url = self.url("/all", _CURRENT_PARAMS)
        cached = self._cached(url)
        if cached is not None:
            try:
                return current_stats(WORLD, cached)
            except DataUnavailable:
                pass
        try:
            body = self.get_json("/all", _CURRENT_PARAMS)
        except DataUnavailable as e:
            raise DataUnavailable(f"no live figures for the world: {e.message}") from e
        stats = current_stats(WORLD, body)
        self._store(url, body)
        return stats

    def countries(self, codes: Iterable[str]) -> dict[str, RegionStats | DataUnavailable]:
        """Current figures of several countries in one request (`/countries/EG,AE,PS`).

        Each code maps to its figures or to the `DataUnavailable` that explains their absence.
        """
        return self._batch(
            codes,
            "/countries",
            _COUNTRY_PARAMS,
            current_stats,
            self._match_countries,
        )

    def historical_world(self) -> Timeline:
        """The world's daily time series (`/historical/all?lastdays=all`)."""
        url = self.url("/historical/all", _HISTORY_PARAMS)
        cached = self._cached(url)
        if cached is not None:
            try:
                return Timeline.from_json(WORLD, cached)
            except DataUnavailable:
                pass
        try:
            body = self.get_json("/historical/all", _HISTORY_PARAMS)
        except DataUnavailable as e:
            raise DataUnavailable(f"no live history for the world: {e.message}") from e
        timeline = Timeline.from_json(WORLD, body)
        self._store(url, body)
        return timeline

    def historical(self, codes: Iterable[str]) -> dict[str, Timeline | DataUnavailable]:
        """Daily time series of several countries in one request (`/historical/EG,AE,PS`)."""
        return self._batch(
            codes,
            "/historical",
            _HISTORY_PARAMS,
            _country_timeline,
            self._match_historical,
        )

    def _batch(
        self,
        codes: Iterable[str],
        prefix: str,
        params: dict[str, str],
        convert: Callable[[str, Any], Any],
        match: Callable[[list[str], Any], dict[str, Any]],
    ) -> dict[str, Any]:
        results: dict[str, Any] = {}
        pending: list[str] = []
        for region in dict.fromkeys(codes):
            try:
                code = normalize_region(region)
                if code == WORLD:
                    raise DataUnavailable(f"{prefix} is for countries, not the world")
            except DataUnavailable as e:
                results[region] = e
                continue
            cached = self._cached(self.url(f"{prefix}/{code}", params))
            if cached is not None:
                try:
                    results[code] = convert(code, cached)
                    continue
                except DataUnavailable:
                    pass
            pending.append(code)
        if not pending:
            return results
        what = "history" if prefix == "/historical" else "figures"
        try:
            body = self.get_json(f"{prefix}/{','.join(pending)}", params)
            found = match(pending, body)
        except DataUnavailable as e:
            for code in pending:
                results[code] = DataUnavailable(f"no live {what} for {_label(code)}: {e.message}")
            return results
        for code in pending:
            element = found.get(code)
            if element is None:
                results[code] = DataUnavailable(
                    f"no live {what} for {_label(code)}: disease.sh did not return it"
                )
                continue
            try:
                results[code] = convert(code, element)
            except DataUnavailable as e:
                results[code] = e
                continue
            self._store(self.url(f"{prefix}/{code}", params), element)
        return results

    @staticmethod
    def _match_countries(pending: list[str], body: Any) -> dict[str, Any]:
        """Pair `/countries` elements with the codes asked for, by `countryInfo.iso2`."""
        found: dict[str, Any] = {}
        for element in _elements(body):
            iso2 = _iso2_of(element)
            if iso2 in pending and iso2 not in found:
                found[iso2] = element
        return found

    @staticmethod
    def _match_historical(pending: list[str], body: Any) -> dict[str, Any]:
        """Pair `/historical` elements with the codes asked for.

        The API answers in request order with `null` for a country it lacks (and carries no
        ISO code), so elements pair by position; by `countryInfo.iso2` if the lengths differ.
        """
        elements = _elements(body)
        found: dict[str, Any] = {}
        if len(elements) == len(pending):
            for code, element in zip(pending, elements, strict=True):
                if isinstance(element, dict) and "timeline" in element:
                    found[code] = element
            return found
        for element in elements:
            iso2 = _iso2_of(element)
            if iso2 in pending and iso2 not in found and "timeline" in element:
                found[iso2] = element
        return found


def _country_timeline(code: str, element: Any) -> Timeline:
    if not isinstance(element, dict) or "timeline" not in element:
        raise DataUnavailable(f"the disease.sh history for {_label(code)} has no timeline")
    return Timeline.from_json(code, element["timeline"])


# -- provider ------------------------------------------------------------------------


class LiveProvider:
    """`StatsProvider` backed by disease.sh: `/all` + `/countries` now, `/historical` by day.

    Answers (and failures) are kept for the provider's lifetime, so a page's cards cost at
    most two requests after `prefetch`, and none when the disk cache is fresh.
    """

    source = SOURCE
    # One HTTP session and one memory of answers: not shared among forked processes.
    forkable = False

    def __init__(
        self,
        base_url: str | None = None,
        *,
        no_cache: bool = False,
        cache_dir: str | os.PathLike[str] | None = None,
        client: DiseaseShClient | None = None,
        **client_options: Any,
    ) -> None:
        self.client = client or DiseaseShClient(
            base_url, no_cache=no_cache, cache_dir=cache_dir, **client_options
        )
        self._current: dict[str, RegionStats | DataUnavailable] = {}
        self._history: dict[str, Timeline | DataUnavailable] = {}
        self._rejected: list[Diagnostic] = []

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Warnings so far: figures rejected as absurd, an untrusted cache folder."""
        return self.client.diagnostics + self._rejected

    def __repr__(self) -> str:
        return f"<LiveProvider {self.client.base_url!r}>"

    def close(self) -> None:
        """Close the underlying HTTP session."""
        self.client.close()

    def __enter__(self) -> LiveProvider:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prefetch(
        self, regions: Sequence[str], day: dt.date | None = None
    ) -> dict[str, DataUnavailable]:
        """Fetch what `regions` need on `day` in at most two requests; returns the failures.

        The failures are keyed by the region strings as given; later lookups reuse the answers.
        """
        return self._fetch(regions, history=day is not None)

    def _fetch(self, regions: Sequence[str], *, history: bool) -> dict[str, DataUnavailable]:
        errors: dict[str, DataUnavailable] = {}
        codes: dict[str, str] = {}
        for region in regions:
            try:
                codes[region] = normalize_region(region)
            except DataUnavailable as e:
                errors[region] = e
        memo: dict[str, Any] = self._history if history else self._current
        wanted = [c for c in dict.fromkeys(codes.values()) if c not in memo]
        if WORLD in wanted:
            try:
                memo[WORLD] = self.client.historical_world() if history else self.client.world()
            except DataUnavailable as e:
                memo[WORLD] = e
        countries = [c for c in wanted if c != WORLD]
        if countries:
            fetch = self.client.historical if history else self.client.countries
            memo.update(fetch(countries))
        for code in wanted:
            found = memo.get(code)
            if isinstance(found, Timeline):
                self._rejected.extend(Diagnostic("rejected-figure", r) for r in found.rejected)
        for region, code in codes.items():
            found = memo.get(code)
            if isinstance(found, DataUnavailable):
                errors[region] = found
        return errors

    def _timeline(self, code: str) -> Timeline:
        self._fetch([code], history=True)
        found = self._history[code]
        if isinstance(found, DataUnavailable):
            raise found
        return found

    def lookup(self, region: str, day: dt.date | None = None) -> RegionStats:
        """Figures of `region` now (day None) or as of `day` (JHU history; clamped to its end)."""
        code = normalize_region(region)
        if day is not None:
            return self._timeline(code).stats(day)
        self.prefetch([code], None)
        found = self._current[code]
        if isinstance(found, DataUnavailable):
            raise found
        return found

    def lookup_many(
        self, regions: Sequence[str], day: dt.date | None = None
    ) -> dict[str, RegionStats]:
        """`lookup` for several regions in at most two requests, keyed by the regions as given.

        Raises `DataUnavailable` naming every region that failed; the others stay available
        to `lookup` without another request.
        """
        errors = self.prefetch(regions, day)
        results: dict[str, RegionStats] = {}
        for region in regions:
            if region in errors:
                continue
            try:
                results[region] = self.lookup(region, day)
            except DataUnavailable as e:
                errors[region] = e
        if errors:
            detail = "; ".join(e.message for e in errors.values())
            raise DataUnavailable(
                f"{len(errors)} of {len(set(regions))} region(s) failed: {detail}"
            )
        return results

    def series(self, region: str, end: dt.date | None, days: int) -> list[RegionStats]:
        """The `days` daily figures up to and including `end` (oldest first), from history."""
        if days < 1:
            raise ValueError("days must be at least 1")
        return self._timeline(normalize_region(region)).series(end, days)
