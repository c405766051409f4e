"""Client-credentials tokens for a worker app, as an ``httpx.Auth`` flow.

One :class:`TokenSource` per worker app per process: the token is fetched once, reused by every request,
refreshed shortly before it expires, and refreshed once more if the API still answers 401 (a revoked or
clock-skewed token). Client authentication starts with ``client_secret_basic`` and falls back to
``client_secret_post`` when the app is configured for it (remembered afterwards), like the Go SDK's
auto-detection.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import httpx

from .config import Connection
from .errors import AuthenticationError, TransportError
from .retry import TOKEN_ATTEMPTS, TOKEN_DEADLINE, retry_delay, should_retry

__all__ = ["BearerAuth", "TokenSource"]


class TokenSource:
    """The worker app's token, fetched by one thread at a time (single flight).

    The lock guards only the token's fields, never a request or a retry's sleep: the thread that finds the
    token due fetches it with the lock released, while other threads keep using the current token if it has
    not expired (and was not refused) or wait for the fetch to finish. A fetch that fails lets the next waiter
    try its own.
    """

    def __init__(
        self,
        connection: Connection,
        http: httpx.Client,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._conn = connection
        self._http = http
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Condition()
        self._fetching = False  # a thread is fetching a token, without the lock held
        self._token: str | None = None
        self._expires_at = 0.0
        self._refresh_at = 0.0
        self._style = "basic"
        self.fetches = 0  # how many tokens this process requested (benchmarks report it)

    def get(self, *, stale: str | None = None) -> str:
        """A valid token. ``stale``: a token the API just refused; a newer one is fetched unless another
        thread already replaced it."""
        with self._lock:
            while True:
                usable = self._token is not None and self._token != stale
                now = self._clock()
                if usable and now < self._refresh_at:
                    assert self._token is not None
                    return self._token
                if not self._fetching:
                    self._fetching = True
                    break
                if usable and now < self._expires_at:
                    # due for refresh, and another thread is at it: this one is still good meanwhile
                    assert self._token is not None
                    return self._token
                self._lock.wait()
        try:
            token, lifetime = self._fetch()
        except BaseException:
            with self._lock:
                self._fetching = False
                self._lock.notify_all()
            raise
        with self._lock:
            now = self._clock()
            self._token = token
            self._expires_at = now + lifetime
            # Refresh when 90% of the lifetime has passed (at most 60 s early).
            self._refresh_at = now + max(lifetime - min(60.0, lifetime * 0.1), 0.0)
            self._fetching = False
            self._lock.notify_all()
        return token

    def _post(self, style: str) -> httpx.Response:
        conn = self._conn
        data = {"grant_type": "client_credentials"}
        if style == "basic":
            return self._http.post(conn.token_url, data=data, auth=httpx.BasicAuth(conn.client_id, conn.client_secret))
        return self._http.post(
            conn.token_url, data={**data, "client_id": conn.client_id, "client_secret": conn.client_secret}
        )

    def _fetch(self) -> tuple[str, float]:
        conn = self._conn
        started = self._clock()
        attempt = limited = 0
        while True:
            attempt += 1
            try:
                response = self._post(self._style)
                if response.status_code == 401 and _unsupported_method(response):
                    self._style = "post" if self._style == "basic" else "basic"
                    response = self._post(self._style)
            except httpx.TransportError as err:
                if attempt - limited >= TOKEN_ATTEMPTS:
                    raise TransportError(
                        f"could not reach the PingOne token endpoint {conn.token_url}: {type(err).__name__}: {err}"
                    ) from None
                self._sleep(retry_delay(attempt))
                continue
            if response.status_code == 200:
                self.fetches += 1
                body = _json(response)
                token = body.get("access_token")
                if not isinstance(token, str) or not token:
                    raise AuthenticationError(f"the token endpoint {conn.token_url} returned no access_token")
                lifetime = body.get("expires_in")
                return token, float(lifetime) if isinstance(lifetime, int | float) else 3600.0
            body = _json(response)
            reason = body.get("error_description") or body.get("message") or body.get("error") or response.reason_phrase
            if should_retry(response):
                # as in the client: 429s count against the deadline only, other failures against the attempts
                limited += response.status_code == 429
                delay = retry_delay(attempt, response.headers)
                elapsed = self._clock() - started
                if attempt - limited < TOKEN_ATTEMPTS and elapsed + delay <= TOKEN_DEADLINE:
                    self._sleep(delay)
                    continue
                raise AuthenticationError(
                    f"PingOne issued no token for {conn.describe()}: HTTP {response.status_code} ({reason}) "
                    f"after {attempt} attempts in {elapsed:.0f}s"
                )
            raise AuthenticationError(
                f"PingOne refused a token for {conn.describe()} (HTTP {response.status_code}): {reason}. "
                "Check the client ID, client secret and the worker app's environment ID and region."
            )


class BearerAuth(httpx.Auth):
    """Adds the bearer token; on a 401, gets a new token and replays the request once."""

    def __init__(self, tokens: TokenSource) -> None:
        self.tokens = tokens

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.tokens.get()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.tokens.get(stale=token)}"
            yield request


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _unsupported_method(response: httpx.Response) -> bool:
    return "unsupported authentication method" in str(_json(response).get("error_description", "")).lower()
