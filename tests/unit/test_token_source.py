"""The worker app's token under concurrency: one fetch at a time, and no thread stuck behind a retry's sleep.

The provider runs many resource operations in threads of one process; they share one :class:`TokenSource`.
A token request that PingOne answers with 429 is retried after a sleep (auth.py); while that sleep lasts, the
other threads must keep using the current token if it is still valid, and those that need a new one must get
the fetching thread's result rather than send requests of their own. The sleep and the clock are injected: the
tests control when the sleeping retry wakes up, and never measure time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from pingone_notifications.auth import TokenSource
from pingone_notifications.config import Connection
from pingone_notifications.errors import AuthenticationError

CONN = Connection(
    "NA",
    "11111111-1111-4111-8111-111111111111",
    "client",
    "very-secret-value",
    api_url="https://api.example.test/v1",
    auth_url="https://auth.example.test",
)
# Generous bound for a thread that should answer at once; reached only when the code under test is stuck.
STUCK = 20.0


def _token(name: str, lifetime: int = 100) -> httpx.Response:
    return httpx.Response(200, json={"access_token": name, "token_type": "Bearer", "expires_in": lifetime})


def _limited() -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"})


class GatedSleep:
    """A sleep that blocks until the test releases it, and says when a thread has started sleeping."""

    def __init__(self) -> None:
        self.sleeping = threading.Event()
        self.release = threading.Event()

    def __call__(self, seconds: float) -> None:
        self.sleeping.set()
        assert self.release.wait(STUCK), "the test never released the sleeping retry"


def _source(
    answers: Iterator[httpx.Response], sleep: Callable[[float], None], clock: list[float]
) -> tuple[TokenSource, list[httpx.Request]]:
    """A token source whose token endpoint gives ``answers`` in turn; and the requests it received."""
    requests: list[httpx.Request] = []

    def transport(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return next(answers)

    return TokenSource(CONN, httpx.Client(transport=httpx.MockTransport(transport)), sleep, lambda: clock[0]), requests


@pytest.fixture
def pool() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=3) as executor:
        yield executor


def test_a_valid_token_is_served_while_another_thread_sleeps_in_a_refresh_retry(pool: ThreadPoolExecutor) -> None:
    sleep, clock = GatedSleep(), [0.0]
    tokens, requests = _source(iter([_token("tok1"), _limited(), _token("tok2")]), sleep, clock)
    assert tokens.get() == "tok1"
    clock[0] = 95.0  # past the refresh point (90 s of 100), before the expiry: still a valid token

    refreshing = pool.submit(tokens.get)
    assert sleep.sleeping.wait(STUCK), "the refresh did not reach its retry's sleep"
    # Before the change this call waited on the lock the sleeping refresh held, and timed out here.
    assert pool.submit(tokens.get).result(timeout=STUCK) == "tok1"
    assert not refreshing.done()

    sleep.release.set()
    assert refreshing.result(timeout=STUCK) == "tok2"
    assert tokens.get() == "tok2"
    assert len(requests) == 3  # tok1, the 429, tok2: no extra fetch


def test_threads_without_a_usable_token_wait_for_the_one_fetch(pool: ThreadPoolExecutor) -> None:
    sleep, clock = GatedSleep(), [0.0]
    tokens, requests = _source(iter([_limited(), _token("tok1")]), sleep, clock)

    first = pool.submit(tokens.get)
    assert sleep.sleeping.wait(STUCK)
    others = [pool.submit(tokens.get) for _ in range(2)]
    sleep.release.set()

    assert {f.result(timeout=STUCK) for f in (first, *others)} == {"tok1"}
    assert len(requests) == 2  # the 429 and tok1: one fetch for all
    assert tokens.fetches == 1


def test_a_refused_token_waits_for_the_refresh_in_flight_instead_of_using_the_refused_one(
    pool: ThreadPoolExecutor,
) -> None:
    sleep, clock = GatedSleep(), [0.0]
    tokens, requests = _source(iter([_token("tok1"), _limited(), _token("tok2")]), sleep, clock)
    assert tokens.get() == "tok1"

    refreshing = pool.submit(tokens.get, stale="tok1")  # the API answered 401 to tok1
    assert sleep.sleeping.wait(STUCK)
    waiting = pool.submit(tokens.get, stale="tok1")
    sleep.release.set()

    assert refreshing.result(timeout=STUCK) == "tok2"
    assert waiting.result(timeout=STUCK) == "tok2"
    assert len(requests) == 3


def test_a_failed_fetch_lets_a_waiting_thread_try_its_own(pool: ThreadPoolExecutor) -> None:
    sleep, clock = GatedSleep(), [0.0]
    refused = httpx.Response(400, json={"error": "invalid_request", "error_description": "try again"})
    tokens, _ = _source(iter([_limited(), refused, _token("tok1")]), sleep, clock)

    failing = pool.submit(tokens.get)
    assert sleep.sleeping.wait(STUCK)
    waiting = pool.submit(tokens.get)
    sleep.release.set()

    with pytest.raises(AuthenticationError):
        failing.result(timeout=STUCK)
    assert waiting.result(timeout=STUCK) == "tok1"
