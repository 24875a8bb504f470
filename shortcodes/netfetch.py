"""One way to GET over the network, shared by image downloads and live data.

Per-read timeouts alone do not bound a request: a server that sends one byte every few
seconds never trips them. So every attempt also has an overall deadline (`RetryPolicy.
deadline`, seconds from the connection to the last byte of the body). The attempt runs
in a daemon thread and is abandoned when its time is up (a thread still blocked in a
read ends at its next byte or read timeout, and never keeps the program alive).
Failures worth another try (timeouts, dropped connections, HTTP 429 and 5xx) are
retried with exponential backoff, honouring ``Retry-After`` up to a bound.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import requests

from .errors import BadInput

__all__ = [
    "TIMEOUT_ENV",
    "Answer",
    "Gone",
    "RetryPolicy",
    "TooLarge",
    "get",
    "get_retrying",
    "retry_after_seconds",
]

TIMEOUT_ENV = "COVID_SHORTCODES_TIMEOUT"


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may take and how it is retried."""

    attempts: int = 3
    backoff: float = 0.5  # seconds before the 2nd attempt, doubled for each next one
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # between two reads
    deadline: float = 30.0  # one attempt in all: connection, headers and body
    max_retry_after: float = 30.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if not (math.isfinite(self.deadline) and self.deadline > 0):
            raise ValueError("deadline must be a positive number of seconds")

    @classmethod
    def from_env(cls, **overrides: Any) -> RetryPolicy:
        """The default policy, with the deadline from ``$COVID_SHORTCODES_TIMEOUT``.

        Raises `BadInput` when the variable is not a positive number of seconds."""
        raw = os.environ.get(TIMEOUT_ENV)
        if raw is not None and raw.strip():
            try:
                seconds = float(raw)
            except ValueError:
                seconds = float("nan")
            if not (math.isfinite(seconds) and 0 < seconds <= 86400):
                raise BadInput(
                    f"${TIMEOUT_ENV} must be a number of seconds between 0 and 86400, not {raw!r}"
                )
            overrides.setdefault("deadline", seconds)
            overrides.setdefault("read_timeout", min(cls.read_timeout, seconds))
            overrides.setdefault("connect_timeout", min(cls.connect_timeout, seconds))
        return replace(cls(), **overrides)

    def wait(self, attempt: int, retry_after: str | None = None) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based)."""
        after = retry_after_seconds(retry_after)
        if after is not None:
            return min(after, self.max_retry_after)
        return self.backoff * 2 ** (attempt - 1)

    def describe_timeout(self) -> str:
        return (
            f"timed out (connect {self.connect_timeout:g} s, read {self.read_timeout:g} s, "
            f"{self.deadline:g} s in all)"
        )


class Deadline(requests.Timeout):
    """An attempt took longer than the policy's deadline."""


class TooLarge(Exception):
    """The body is over the size asked for."""


class Gone(Exception):
    """Every attempt failed; `reason` says how the last one did."""

    def __init__(self, reason: str, attempts: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), if valid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - dt.datetime.now(dt.timezone.utc)).total_seconds())


def get(session: requests.Session, url: str, policy: RetryPolicy, *, max_bytes: int) -> Answer:
    """One attempt: GET `url` and read its whole body, within `policy.deadline`.

    Raises `Deadline` (a `requests.Timeout`) when time is up, `TooLarge` past
    `max_bytes`, and what requests raises otherwise.
    """
    start = time.monotonic()
    ends = start + policy.deadline
    outcome: list = []
    cancelled = threading.Event()

    def attempt() -> None:
        try:
            timeout = (policy.connect_timeout, policy.read_timeout)
            with session.get(url, timeout=timeout, stream=True) as response:
                chunks, size = [], 0
                for chunk in response.iter_content(65536):
                    if cancelled.is_set() or time.monotonic() > ends:
                        raise Deadline(policy.describe_timeout())
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooLarge(max_bytes)
                    chunks.append(chunk)
                answer = Answer(
                    response.status_code,
                    response.reason or "",
                    dict(response.headers),
                    b"".join(chunks),
                )
            outcome.append(answer)
        except BaseException as e:  # handed to the waiting thread
            outcome.append(e)

    worker = threading.Thread(target=attempt, name="covid-shortcodes-get", daemon=True)
    worker.start()
    worker.join(max(0.0, ends - time.monotonic()))
    if worker.is_alive():
        cancelled.set()
        raise Deadline(policy.describe_timeout())
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def get_retrying(
    session: requests.Session,
    url: str,
    policy: RetryPolicy,
    *,
    max_bytes: int,
    sleep: Callable[[float], None] = time.sleep,
) -> Answer:
    """`get` with the policy's retries on timeouts, dropped connections, 429 and 5xx.

    Returns the first answer that is not worth retrying (any status); raises `Gone`
    when none came, `TooLarge`, or a `requests.RequestException` that no retry mends
    (an invalid URL).
    """
    reason = "not tried"
    for attempt in range(1, policy.attempts + 1):
        retry_after = None
        try:
            answer = get(session, url, policy, max_bytes=max_bytes)
        except requests.Timeout:
            reason = policy.describe_timeout()
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as e:
            reason = f"connection failed ({type(e).__name__})"
        else:
            if answer.status != 429 and not 500 <= answer.status <= 599:
                return answer
            reason = f"HTTP {answer.status} {answer.reason}".rstrip()
            retry_after = answer.headers.get("Retry-After")
        if attempt < policy.attempts:
            sleep(max(0.0, policy.wait(attempt, retry_after)))
    raise Gone(reason, policy.attempts)
