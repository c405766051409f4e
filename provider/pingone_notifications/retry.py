"""Retry policy as two pure functions: should we retry, and how long to wait.

PingOne's guidance: retry 408, 429 (after ``Retry-After``), 500, 502, 503, 504 and connection failures; never
400, 401 (get a new token instead; the auth flow does that once), 403, 404 or 409 (a conflict is real).
"""

from __future__ import annotations

import email.utils
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
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return None if parsed is None else max(parsed.timestamp() - time.time(), 0.0)


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
