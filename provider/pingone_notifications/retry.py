"""Retry policy as two pure functions: should we retry, and how long to wait.

PingOne's guidance: retry 408, 429 (after ``Retry-After``), 500, 502, 503, 504 and connection failures; never
400, 401 (get a new token instead; the auth flow does that once), 403, 404 or 409 (a conflict is real).
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping

import httpx

__all__ = ["MAX_BACKOFF", "RETRY_STATUSES", "retry_delay", "should_retry"]

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_BACKOFF = 30.0
BASE_BACKOFF = 0.25


def should_retry(outcome: httpx.Response | BaseException) -> bool:
    if isinstance(outcome, httpx.Response):
        return outcome.status_code in RETRY_STATUSES
    return isinstance(outcome, httpx.TransportError)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from ``Retry-After`` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3); None when absent or
    malformed: a header that cannot be read is treated as absent, not as a crash (issue 16, item 15)."""
    value = (headers.get("retry-after") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = parsed.timestamp() - time.time()
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def retry_delay(attempt: int, headers: Mapping[str, str] | None = None, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based).

    Without ``Retry-After``: exponential backoff from 0.25 s with jitter, capped at 30 s. With it (capped at
    30 s): at least what the server asked, plus a random share of that same backoff. PingOne's rate limit is
    per license, shared by every job that calls it (pingone-api-contract.md §4.3): when many clients are told
    "retry after 1 s" at once, waiting exactly 1 s sends them back together into the same full window, again
    and again, while a spread that grows with each refusal lets them through.
    """
    ceiling = min(MAX_BACKOFF, BASE_BACKOFF * (2 ** (attempt - 1)))
    server = _retry_after(headers or {})
    if server is not None:
        return min(server, MAX_BACKOFF) + (rng or random).uniform(0, ceiling)
    return (rng or random).uniform(ceiling / 2, ceiling)
