"""PingOne-style rate limits in the emulator: 429 ``REQUEST_LIMITED`` with ``Retry-After`` under load.

Source: ../shared/reference/pingone-api-contract.md §4.3 (PingOne developer docs, "Rate limiting"): requests over
the limit are rejected with 429 ``REQUEST_LIMITED`` and a ``Retry-After`` header giving the delay in seconds;
limits are per license, shared by all its environments. §4.2: the 429 body is a ``TooManyRequestsError`` with
detail code ``LIMIT_EXCEEDED``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from pingone_notifications.testing import EmulatorProcess

from .conftest import Api, make_api

POLICIES = "/notificationsPolicies"


@pytest.fixture
def limited(emulator: EmulatorProcess) -> Iterator[tuple[Api, Api]]:
    first, second = make_api(emulator), make_api(emulator, region="EU")
    yield first, second
    emulator.control("DELETE", "rate-limits")
    first.http.close()
    second.http.close()


def test_off_by_default(emulator: EmulatorProcess, limited: tuple[Api, Api]) -> None:
    api, _ = limited
    statuses = [api.call("GET", POLICIES).status_code for _ in range(30)]
    assert statuses == [200] * 30
    assert emulator.rate_limit_status()["limited_total"] == 0


def test_over_the_limit_is_refused_with_retry_after_and_nothing_written(
    emulator: EmulatorProcess, limited: tuple[Api, Api]
) -> None:
    api, _ = limited
    emulator.set_rate_limit(2, burst=3)
    seq = emulator.last_seq()
    answers = [api.call("POST", POLICIES, json={"name": f"P{i}", "quotas": []}) for i in range(6)]
    refused = [a for a in answers if a.status_code == 429]
    # createNotificationsPolicy answers 200, not 201 (contract §2)
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert len(refused) >= 2
    body = refused[0].json()
    assert body["code"] == "REQUEST_LIMITED"
    assert body["details"][0]["code"] == "LIMIT_EXCEEDED"
    wait = int(refused[0].headers["retry-after"])  # whole seconds, as the docs say
    assert wait >= 1
    written = {p["name"] for p in emulator.objects(api.env["id"], "policy")}
    assert written >= {"P0", "P1", "P2"}
    assert not {f"P{i}" for i, a in enumerate(answers) if a.status_code == 429} & written
    # the request log, which tests and benchmarks count from, sees the 429s too
    assert sum(1 for r in emulator.requests(seq) if r["status"] == 429) == len(refused)
    time.sleep(wait)
    assert api.call("GET", POLICIES).status_code == 200  # waiting Retry-After is enough


def test_license_scope_is_shared_by_environments_and_environment_scope_is_not(
    emulator: EmulatorProcess, limited: tuple[Api, Api]
) -> None:
    na, eu = limited
    emulator.set_rate_limit(1, burst=2)
    assert [na.call("GET", POLICIES).status_code for _ in range(2)] == [200, 200]
    assert eu.call("GET", POLICIES).status_code == 429  # same license: the NA calls used the bucket up
    emulator.set_rate_limit(1, burst=2, scope="environment")
    assert [na.call("GET", POLICIES).status_code for _ in range(3)] == [200, 200, 429]
    assert eu.call("GET", POLICIES).status_code == 200
    status = emulator.rate_limit_status()
    assert status["limited"] == {na.env["id"]: 1}


def test_control_endpoints_are_never_limited(emulator: EmulatorProcess, limited: tuple[Api, Api]) -> None:
    emulator.set_rate_limit(1, burst=1)
    for _ in range(5):
        emulator.control("GET", "health")


def test_bad_settings_are_refused(emulator: EmulatorProcess) -> None:
    with pytest.raises(RuntimeError, match="scope must be"):
        emulator.set_rate_limit(5, scope="tenant")
    with pytest.raises(RuntimeError, match="unknown rate-limit settings: per_minute"):
        emulator.control("PUT", "rate-limits", {"per_minute": 5})
