"""The one place HTTP happens: requests with retries and a deadline, paging, error mapping, and
create-with-reconciliation for writes whose outcome is unknown.

A create whose response is lost (dropped connection, timeout, 5xx) may or may not have happened (a 429 did
not: PingOne rejects requests over the rate limit, pingone-api-contract.md §4.3). Before retrying it,
:meth:`PingOneClient.create` looks the object up by its natural key (``lookup``); if it is there, that object
is the result. A later ``UNIQUENESS_VIOLATION`` after such an ambiguous attempt is resolved the same way. So a
create never produces a duplicate and never fails because of its own earlier, unacknowledged success.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx

from .auth import BearerAuth, TokenSource
from .config import Connection
from .errors import ApiError, DeadlineExceeded, PingOneError, TransportError, api_error
from .retry import DEFAULT_DEADLINE, DEFAULT_TIMEOUT, MAX_ATTEMPTS, retry_delay, should_retry

__all__ = ["PingOneClient", "client_for"]

log = logging.getLogger("pingone_notifications")

USER_AGENT = "pingone-notifications-pulumi/0.1"

Lookup = Callable[[], dict[str, Any] | None]


class PingOneClient:
    def __init__(
        self,
        connection: Connection,
        *,
        transport: httpx.BaseTransport | None = None,
        deadline: float = DEFAULT_DEADLINE,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.connection = connection
        self.deadline = deadline
        self._sleep = sleep
        self._rng = random.Random()  # noqa: S311 - jitter, not cryptography
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        self.http = httpx.Client(
            transport=transport,
            timeout=timeout,
            limits=limits,
            headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
        )
        self.tokens = TokenSource(connection, self.http, sleep)
        self._auth = BearerAuth(self.tokens)
        self.retries = 0  # retries performed (reported by the reliability tests)
        self.reconciled = 0  # ambiguous creates resolved by lookup

    # ---------------------------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.connection.api_base}{path}"

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        context: str = "",
        on_retry: Callable[[], Any] | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """Send with retries on 408/429/5xx and transport errors, within the deadline.

        Raises ApiError (with ``context`` prefixed) for an error response, TransportError when PingOne could
        not be reached. ``on_retry`` runs before each retry after an answer that leaves the outcome unknown (so
        not after a 429, a rejection); creates use it to reconcile. ``deadline`` overrides the client's overall
        retry deadline for this call, for failures; while PingOne answers 429 (it is there, and asks to wait:
        a rate limit shared by a fleet of jobs), the client's deadline holds.
        """
        url = self.url(path)
        limit = self.deadline if deadline is None else deadline
        started = time.monotonic()
        slept = 0.0
        attempt = limited = 0
        while True:
            attempt += 1
            try:
                response = self.http.request(method, url, json=json, params=params, auth=self._auth)
            except httpx.TransportError as err:
                outcome: httpx.Response | BaseException = err
                headers: httpx.Headers | None = None
            else:
                if response.is_success or not should_retry(response):
                    if response.is_success:
                        return response
                    raise _error(response, method, url, context)
                outcome, headers = response, response.headers
            # A 429 is PingOne saying "later", not a failure: under a rate limit shared by many jobs a call may
            # hear it more than MAX_ATTEMPTS times; the deadline bounds those, the count bounds the rest.
            rate_limited = isinstance(outcome, httpx.Response) and outcome.status_code == 429
            limited += rate_limited
            delay = retry_delay(attempt, headers, self._rng)
            elapsed = max(time.monotonic() - started, slept)
            budget = max(limit, self.deadline) if rate_limited else limit
            if attempt - limited >= MAX_ATTEMPTS or elapsed + delay > budget:
                raise _give_up(outcome, method, url, context, attempt, elapsed, budget)
            self.retries += 1
            log.debug(
                "retrying %s %s after %s (attempt %d, waiting %.2fs)", method, url, _what(outcome), attempt, delay
            )
            self._sleep(delay)
            slept += delay
            if on_retry is not None and not rate_limited:
                on_retry()

    def get(
        self, path: str, *, context: str = "", params: dict[str, str] | None = None, deadline: float | None = None
    ) -> dict[str, Any]:
        return _body(self.request("GET", path, params=params, context=context, deadline=deadline))

    def get_or_none(self, path: str, *, context: str = "") -> dict[str, Any] | None:
        """GET one object; None when PingOne says it does not exist (404)."""
        try:
            return self.get(path, context=context)
        except ApiError as err:
            if err.status == 404:
                return None
            raise

    def put(self, path: str, body: dict[str, Any], *, context: str = "") -> dict[str, Any]:
        return _body(self.request("PUT", path, json=body, context=context))

    def delete(self, path: str, *, context: str = "") -> dict[str, Any] | None:
        """DELETE; returns the response body if any. A 404 means it is already gone: returns None."""
        try:
            response = self.request("DELETE", path, context=context)
        except ApiError as err:
            if err.status == 404:
                return None
            raise
        return _body(response) if response.content else None

    def paged(
        self, path: str, key: str, *, params: dict[str, str] | None = None, context: str = ""
    ) -> Iterator[dict[str, Any]]:
        """Every item of a collection, following ``_links.next`` (only on the same API origin)."""
        origin = _origin(self.url(path))
        next_url: str | None = path
        first = True
        while next_url:
            page = _body(self.request("GET", next_url, params=params if first else None, context=context))
            first = False
            yield from (page.get("_embedded") or {}).get(key) or []
            href = ((page.get("_links") or {}).get("next") or {}).get("href")
            if href and _origin(href) != origin:
                raise PingOneError(f"{context}: refusing to follow a next-page link to another host: {href}")
            next_url = href or None

    def create(self, path: str, body: dict[str, Any], *, lookup: Lookup, context: str = "") -> dict[str, Any]:
        """POST a new object without ever creating it twice (see the module docstring)."""
        found: list[dict[str, Any]] = []
        ambiguous = False

        def reconcile() -> None:
            nonlocal ambiguous
            ambiguous = True
            existing = lookup()
            if existing is not None:
                found.append(existing)
                raise _Reconciled

        try:
            return _body(self.request("POST", path, json=body, context=context, on_retry=reconcile))
        except _Reconciled:
            self.reconciled += 1
            return found[0]
        except ApiError as err:
            if ambiguous and err.detail("UNIQUENESS_VIOLATION") is not None:
                existing = lookup()
                if existing is not None:
                    self.reconciled += 1
                    return existing
            raise

    def close(self) -> None:
        self.http.close()


class _Reconciled(Exception):
    pass


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


def _body(response: httpx.Response) -> dict[str, Any]:
    if not response.content:
        return {}
    try:
        body = response.json()
    except ValueError as err:
        raise PingOneError(
            f"PingOne returned a non-JSON body for {response.request.method} {response.request.url}"
        ) from err
    if not isinstance(body, dict):
        raise PingOneError(f"PingOne returned an unexpected body for {response.request.method} {response.request.url}")
    return body


def _error(response: httpx.Response, method: str, url: str, context: str) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = {"message": response.text[:500]}
    return api_error(response.status_code, method, urlsplit(url).path, body).with_context(context)


def _what(outcome: httpx.Response | BaseException) -> str:
    if isinstance(outcome, httpx.Response):
        return f"HTTP {outcome.status_code}"
    return f"{type(outcome).__name__}"


def _give_up(
    outcome: httpx.Response | BaseException,
    method: str,
    url: str,
    context: str,
    attempts: int,
    elapsed: float,
    deadline: float,
) -> PingOneError:
    """The error to raise when retries are over: PingOne's own answer, or why it could not be reached."""
    if isinstance(outcome, httpx.Response):
        err = _error(outcome, method, url, context)
        err.note = f"gave up after {attempts} attempts in {elapsed:.1f}s"
        err.args = (err.render(),)
        return err
    cls = DeadlineExceeded if attempts < MAX_ATTEMPTS else TransportError  # stopped by the clock, or by the count
    prefix = f"{context}: " if context else ""
    if cls is DeadlineExceeded:
        prefix += f"(retry deadline {deadline:.0f}s) "
    return cls(
        f"{prefix}could not reach PingOne for {method} {urlsplit(url).path} after {attempts} attempts in "
        f"{elapsed:.1f}s: {type(outcome).__name__}: {outcome}"
    )


_CLIENTS: dict[tuple[str, str, str, str], PingOneClient] = {}
_CLIENTS_LOCK = threading.Lock()


def client_for(connection: Connection) -> PingOneClient:
    """The process-wide client of one worker app (so its token is fetched once and reused)."""
    key = (*connection.cache_key, hashlib.sha256(connection.client_secret.encode()).hexdigest()[:16])
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(key)
        if client is None:
            client = _CLIENTS[key] = PingOneClient(connection)
        return client
