"""Retry policy: every retry and backoff setting of the provider, and two pure functions (should we retry,
and how long to wait).

PingOne's guidance: retry 408, 429 (after ``Retry-After``), 500, 502, 503, 504 and connection failures; never
400, 401 (get a new token instead; the auth flow does that once), 403, 404 or 409 (a conflict is real).

The settings are read by the client (API calls), the token source (token requests), the resources (waiting for
a new object to be visible, the preview's template read); they are defined here only.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Mapping

import httpx

__all__ = [
    "BASE_BACKOFF",
    "CHECK_READ_DEADLINE",
    "CONSISTENCY_WINDOW",
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "MAX_ATTEMPTS",
    "MAX_BACKOFF",
    "RETRY_STATUSES",
    "SETTLE_FIRST_DELAY",
    "SETTLE_MAX_DELAY",
    "TOKEN_ATTEMPTS",
    "TOKEN_DEADLINE",
    "retry_delay",
    "should_retry",
]

# ---- API calls (client.py) ---------------------------------------------------------------------------------------
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
# Backoff before retry n (1-based): up to BASE_BACKOFF * 2**(n-1), capped at MAX_BACKOFF; see retry_delay.
BASE_BACKOFF = 0.25
MAX_BACKOFF = 30.0
# One attempt's HTTP timeouts.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# A call's retries stop after MAX_ATTEMPTS failures (429s not counted) or when the next wait would pass the
# deadline (seconds since the call started; a caller may pass a shorter one for failures, never for 429s).
DEFAULT_DEADLINE = 300.0
MAX_ATTEMPTS = 10

# ---- token requests (auth.py) ------------------------------------------------------------------------------------
# 429s from the token endpoint (a rate limit shared by a fleet of jobs) are waited out up to TOKEN_DEADLINE;
# other failures are retried TOKEN_ATTEMPTS times.
TOKEN_ATTEMPTS = 6
TOKEN_DEADLINE = 300.0

# ---- resources (resources/) --------------------------------------------------------------------------------------
# A preview should not hang on an unreachable PingOne: the check's read of a template has this retry deadline.
CHECK_READ_DEADLINE = 20.0
# Eventual consistency: right after a create PingOne may answer 403/404 for the new object for a short while
# (the Terraform provider retries those for new objects: ../shared/reference/terraform-provider-notes.md §7).
# We wait for our *own* new objects only, for at most this long after their creation (the default of
# ``pingone:settleSeconds``); any other 403/404 is taken at its word at once.
CONSISTENCY_WINDOW = 30.0
# The waits between those reads: from SETTLE_FIRST_DELAY, doubling, at most SETTLE_MAX_DELAY.
SETTLE_FIRST_DELAY = 0.25
SETTLE_MAX_DELAY = 4.0


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
