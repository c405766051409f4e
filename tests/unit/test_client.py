"""The HTTP client against scripted responses (httpx.MockTransport): tokens, retries, errors, creates."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pingone_notifications.client import PingOneClient
from pingone_notifications.config import Connection
from pingone_notifications.errors import AuthenticationError, BadRequest, NotFound, PingOneError, TransportError

CONN = Connection(
    "NA",
    "11111111-1111-4111-8111-111111111111",
    "client",
    "very-secret-value",
    api_url="https://api.example.test/v1",
    auth_url="https://auth.example.test",
)


class Script:
    """Answers token requests itself and API requests from a handler; records everything."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response], lifetime: int = 3600) -> None:
        self.handler = handler
        self.lifetime = lifetime
        self.tokens = 0
        self.calls: list[httpx.Request] = []
        self.auth_headers: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if not request.url.path.endswith("/as/token"):
            self.auth_headers.append(request.headers.get("authorization", ""))
        if request.url.path.endswith("/as/token"):
            self.tokens += 1
            return httpx.Response(
                200, json={"access_token": f"tok{self.tokens}", "token_type": "Bearer", "expires_in": self.lifetime}
            )
        return self.handler(request)

    def api_calls(self) -> list[httpx.Request]:
        return [c for c in self.calls if not c.url.path.endswith("/as/token")]


def client(script: Script, **kwargs: Any) -> tuple[PingOneClient, list[float]]:
    sleeps: list[float] = []
    return PingOneClient(CONN, transport=httpx.MockTransport(script), sleep=sleeps.append, **kwargs), sleeps


def test_one_token_is_reused_for_many_requests() -> None:
    script = Script(lambda r: httpx.Response(200, json={"ok": True}))
    c, _ = client(script)
    for _ in range(20):
        c.get("/thing")
    assert script.tokens == 1
    assert set(script.auth_headers) == {"Bearer tok1"}
    assert c.tokens.fetches == 1


def test_token_is_refreshed_before_it_expires() -> None:
    script = Script(lambda r: httpx.Response(200, json={}), lifetime=0)
    c, _ = client(script)
    c.get("/a")
    c.get("/b")
    assert script.tokens == 2


def test_a_401_gets_a_new_token_once() -> None:
    answers = iter([httpx.Response(401, json={"code": "ACCESS_FAILED"}), httpx.Response(200, json={"ok": 1})])
    script = Script(lambda r: next(answers))
    c, _ = client(script)
    assert c.get("/x") == {"ok": 1}
    assert script.tokens == 2
    assert script.auth_headers == ["Bearer tok1", "Bearer tok2"]


def test_a_persistent_401_is_an_error_not_a_loop() -> None:
    script = Script(lambda r: httpx.Response(401, json={"code": "ACCESS_FAILED", "message": "no"}))
    c, _ = client(script)
    with pytest.raises(PingOneError) as err:
        c.get("/x", context="NotificationPolicy 'p'")
    assert len(script.api_calls()) == 2
    assert "NotificationPolicy 'p'" in str(err.value)


def test_bad_worker_credentials_name_the_app_not_the_secret() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no API call without a token")

    def transport(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/as/token"):
            return httpx.Response(401, json={"error": "invalid_client", "error_description": "wrong secret"})
        return handler(request)

    c = PingOneClient(CONN, transport=httpx.MockTransport(transport), sleep=lambda s: None)
    with pytest.raises(AuthenticationError) as err:
        c.get("/x")
    assert "client" in str(err.value)
    assert "very-secret-value" not in str(err.value)


def test_retries_honour_retry_after_then_succeed() -> None:
    answers = iter(
        [
            httpx.Response(429, headers={"Retry-After": "2"}, json={"code": "REQUEST_LIMITED"}),
            httpx.Response(503),
            httpx.Response(200, json={"done": True}),
        ]
    )
    script = Script(lambda r: next(answers))
    c, sleeps = client(script)
    assert c.get("/x") == {"done": True}
    assert 2.0 <= sleeps[0] <= 2.25  # what the server asked, plus a little jitter (retry.retry_delay)
    assert len(sleeps) == 2
    assert c.retries == 2


def test_rate_limit_answers_do_not_use_up_the_attempts_only_the_deadline() -> None:
    """Under a rate limit shared by a fleet of jobs, a call may be told 429 many times before its turn: it
    keeps waiting within the deadline (other failures still stop after MAX_ATTEMPTS)."""
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"})] * 14
                   + [httpx.Response(200, json={"done": True})])  # fmt: skip
    c, sleeps = client(Script(lambda r: next(answers)))
    assert c.get("/x") == {"done": True}
    assert len(sleeps) == 14
    assert all(s >= 1.0 for s in sleeps)

    # a short per-call budget (the template read at preview) is for an unreachable PingOne, not a busy one
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"})] * 8
                   + [httpx.Response(200, json={"done": True})])  # fmt: skip
    c, sleeps = client(Script(lambda r: next(answers)))
    assert c.get("/x", deadline=5.0) == {"done": True}
    assert sum(sleeps) > 5.0
    c, sleeps = client(Script(lambda r: httpx.Response(503)))
    with pytest.raises(PingOneError):
        c.get("/x", deadline=5.0)
    assert sum(sleeps) <= 5.0

    limited = Script(lambda r: httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"}))
    c, sleeps = client(limited, deadline=20.0)
    with pytest.raises(PingOneError, match="429"):
        c.get("/x")
    assert sum(sleeps) <= 20.0


def test_a_rate_limited_token_request_is_waited_out_not_blamed_on_the_credentials() -> None:
    """The token endpoint shares the license's rate limit (the Go SDK retries its 429s too: contract §5)."""
    answers = iter([429] * 9 + [200])

    def transport(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/as/token"):
            if next(answers) == 429:
                return httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"})
            return httpx.Response(200, json={"access_token": "tok", "token_type": "Bearer", "expires_in": 3600})
        return httpx.Response(200, json={"ok": True})

    sleeps: list[float] = []
    c = PingOneClient(CONN, transport=httpx.MockTransport(transport), sleep=sleeps.append)
    assert c.get("/x") == {"ok": True}
    assert len(sleeps) == 9
    assert all(s >= 1.0 for s in sleeps)

    def refused(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"message": "down"})

    c = PingOneClient(CONN, transport=httpx.MockTransport(refused), sleep=lambda s: None)
    with pytest.raises(AuthenticationError) as err:
        c.get("/x")
    assert "HTTP 503" in str(err.value)
    assert "Check the client ID" not in str(err.value)


def test_connection_errors_are_retried() -> None:
    attempts = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={})

    c, sleeps = client(Script(handler))
    assert c.get("/x") == {}
    assert len(sleeps) == 2


def test_non_retryable_errors_fail_at_once_with_the_api_detail() -> None:
    body = {
        "id": "req-1",
        "code": "INVALID_DATA",
        "message": "bad",
        "details": [{"code": "INVALID_VALUE", "target": "quotas[0].total", "message": "total too large"}],
    }
    script = Script(lambda r: httpx.Response(400, json=body))
    c, sleeps = client(script)
    with pytest.raises(BadRequest) as err:
        c.put("/p/1", {"x": 1}, context="NotificationPolicy 'Prod' in environment e: update")
    text = str(err.value)
    assert text.startswith("NotificationPolicy 'Prod' in environment e: update")
    assert "[INVALID_VALUE on quotas[0].total] total too large" in text
    assert "request id req-1" in text
    assert sleeps == []


def test_giving_up_within_the_deadline() -> None:
    script = Script(lambda r: httpx.Response(503))
    c, sleeps = client(script, deadline=1.0)
    with pytest.raises(PingOneError) as err:
        c.get("/x")
    assert "gave up after" in str(err.value)
    assert sum(sleeps) <= 1.0


def test_transport_failure_after_retries_is_a_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    c, _ = client(Script(handler))
    with pytest.raises(TransportError, match="could not reach PingOne"):
        c.get("/x")


def test_get_or_none_and_delete_treat_404_as_gone() -> None:
    script = Script(lambda r: httpx.Response(404, json={"code": "NOT_FOUND"}))
    c, _ = client(script)
    assert c.get_or_none("/x") is None
    assert c.delete("/x") is None
    with pytest.raises(NotFound):
        c.get("/x")


def test_paging_follows_next_links_on_the_same_origin_only() -> None:
    pages = {
        "/v1/items": {
            "_embedded": {"items": [{"id": 1}]},
            "_links": {"next": {"href": "https://api.example.test/v1/items?cursor=2"}},
        },
        "/v1/items?cursor=2": {"_embedded": {"items": [{"id": 2}]}, "_links": {}},
    }
    script = Script(lambda r: httpx.Response(200, json=pages[r.url.raw_path.decode()]))
    c, _ = client(script)
    assert [i["id"] for i in c.paged("/items", "items")] == [1, 2]

    evil = Script(
        lambda r: httpx.Response(
            200, json={"_embedded": {"items": []}, "_links": {"next": {"href": "https://evil.example/steal"}}}
        )
    )
    c2, _ = client(evil)
    with pytest.raises(PingOneError, match="another host"):
        list(c2.paged("/items", "items"))
    assert all(r.url.host == "api.example.test" for r in evil.api_calls())


def test_an_ambiguous_create_is_reconciled_by_lookup_not_repeated() -> None:
    created: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            created.append(json.loads(request.content))  # the write happens...
            raise httpx.RemoteProtocolError("peer closed connection", request=request)  # ...the answer is lost
        raise AssertionError("unexpected")

    script = Script(handler)
    c, _ = client(script)
    lookups = []

    def lookup() -> dict[str, Any] | None:
        lookups.append(1)
        return {"id": "found-1", **created[0]} if created else None

    result = c.create("/items", {"name": "x"}, lookup=lookup)
    assert result["id"] == "found-1"
    assert len(created) == 1, "never posted twice"
    assert c.reconciled == 1


def test_a_rate_limited_create_is_retried_without_a_lookup() -> None:
    """A 429 is a rejection (pingone-api-contract.md §4.3): nothing was written, so no lookup is spent on it,
    which under a rate limit shared by a fleet would only add load."""
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"}, json={"code": "REQUEST_LIMITED"})] * 3
                   + [httpx.Response(201, json={"id": "new-1", "name": "x"})])  # fmt: skip
    c, sleeps = client(Script(lambda r: next(answers)))
    lookups: list[int] = []
    assert c.create("/items", {"name": "x"}, lookup=lambda: lookups.append(1))["id"] == "new-1"
    assert lookups == []
    assert len(sleeps) == 3


def test_a_conflict_after_an_ambiguous_attempt_is_our_own_object() -> None:
    posts = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        posts["n"] += 1
        if posts["n"] == 1:
            raise httpx.RemoteProtocolError("dropped", request=request)
        return httpx.Response(400, json={"code": "INVALID_DATA", "details": [{"code": "UNIQUENESS_VIOLATION"}]})

    lookups = iter([None, {"id": "mine"}])  # not visible yet at the first lookup, then there
    c, _ = client(Script(handler))
    assert c.create("/items", {"name": "x"}, lookup=lambda: next(lookups))["id"] == "mine"


def test_a_plain_conflict_is_reported() -> None:
    script = Script(
        lambda r: httpx.Response(400, json={"code": "INVALID_DATA", "details": [{"code": "UNIQUENESS_VIOLATION"}]})
    )
    c, _ = client(script)
    with pytest.raises(BadRequest):
        c.create("/items", {"name": "x"}, lookup=lambda: {"id": "someone-elses"})


@pytest.mark.parametrize("header", ["soon", "Wed, 99 Foo 2015 25:61:00 GMT", "nan", "inf", "1e999", "-", "Mon,"])
def test_a_malformed_retry_after_is_treated_as_absent(header: str) -> None:
    # Issue 16 item 15: RFC 9110 §10.2.3 allows delay-seconds or an HTTP-date; anything else (a proxy's typo,
    # "nan") used to raise ValueError inside the client. It must fall back to the client's own backoff.
    answers = iter([httpx.Response(429, headers={"Retry-After": header}), httpx.Response(200, json={"ok": 1})])
    c, sleeps = client(Script(lambda r: next(answers)))
    assert c.get("/x") == {"ok": 1}
    assert len(sleeps) == 1
    assert 0 < sleeps[0] <= 0.25, "the client's own first backoff, not the header's"
