"""Fault injection, the request log and the other control endpoints."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from pingone_notifications.testing import EmulatorProcess

from .conftest import Api, make_api

POLICIES = "/notificationsPolicies"


@pytest.fixture
def faulty(emulator: EmulatorProcess) -> Iterator[Api]:
    api = make_api(emulator)
    yield api
    emulator.clear_faults()
    api.http.close()


def policy_names(emulator: EmulatorProcess, api: Api) -> list[str]:
    return sorted(p["name"] for p in emulator.objects(api.env["id"], "policy"))


def test_injected_503_leaves_state_alone(emulator: EmulatorProcess, faulty: Api) -> None:
    emulator.set_faults(error_rate=1.0)
    response = faulty.call("POST", POLICIES, json={"name": "Nope", "quotas": []})
    assert response.status_code == 503
    assert "Nope" not in policy_names(emulator, faulty)
    assert emulator.control("GET", "faults")["injected"] == {"error": 1}


def test_injected_429_carries_retry_after(emulator: EmulatorProcess, faulty: Api) -> None:
    emulator.set_faults(rate_limit_rate=1.0, retry_after=2)
    response = faulty.call("GET", POLICIES)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.json()["code"] == "REQUEST_LIMITED"


def test_dropped_connection(emulator: EmulatorProcess, faulty: Api) -> None:
    emulator.set_faults(drop_rate=1.0)
    with pytest.raises(httpx.TransportError):
        faulty.call("POST", POLICIES, json={"name": "Dropped", "quotas": []})
    emulator.clear_faults()
    assert "Dropped" not in policy_names(emulator, faulty)


def test_ambiguous_write_happens_but_the_answer_is_lost(emulator: EmulatorProcess, faulty: Api) -> None:
    emulator.set_faults(ambiguous_write_rate=1.0)
    assert faulty.call("GET", POLICIES).status_code == 200, "reads are never ambiguous"
    with pytest.raises(httpx.TransportError):
        faulty.call("POST", POLICIES, json={"name": "Ghost", "quotas": []})
    emulator.clear_faults()
    assert "Ghost" in policy_names(emulator, faulty)
    entry = [r for r in emulator.requests() if r["method"] == "POST" and r["fault"] == "ambiguous"][-1]
    assert entry["status"] == 0
    assert entry["committed_status"] == 200


def test_latency(emulator: EmulatorProcess, faulty: Api) -> None:
    emulator.set_faults(latency_ms=200)
    started = time.perf_counter()
    assert faulty.call("GET", POLICIES).status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_faults_are_reproducible_with_a_seed(emulator: EmulatorProcess, faulty: Api) -> None:
    outcomes = []
    for _ in range(2):
        emulator.set_faults(seed=7, error_rate=0.5)
        outcomes.append([faulty.call("GET", POLICIES).status_code for _ in range(12)])
    assert outcomes[0] == outcomes[1]
    assert set(outcomes[0]) == {200, 503}


def test_bad_fault_settings_are_refused(emulator: EmulatorProcess) -> None:
    assert emulator.http.put("/__emulator/faults", json={"error_rate": 2}).status_code == 400
    assert emulator.http.put("/__emulator/faults", json={"bogus": 1}).status_code == 400


def test_request_log_counts_calls_by_method(emulator: EmulatorProcess, faulty: Api) -> None:
    seq = emulator.last_seq()
    faulty.ok("POST", POLICIES, json={"name": "Logged", "quotas": []})
    faulty.ok("GET", POLICIES)
    entries = emulator.requests(seq)
    assert [(e["method"], e["status"]) for e in entries] == [("POST", 200), ("GET", 200)]
    assert all(e["client_id"] == faulty.app["client_id"] and e["duration_ms"] >= 0 for e in entries)
    assert entries[0]["path"] == f"/na/v1/environments/{faulty.env['id']}/notificationsPolicies"


def test_control_endpoints(emulator: EmulatorProcess) -> None:
    assert emulator.control("GET", "health")["status"] == "ok"
    env = emulator.add_environment(region="AU", env_type="PRODUCTION", name="Sydney")
    assert env["region"] == "AU"
    assert any(e["id"] == env["id"] for e in emulator.control("GET", "environments"))
    app = emulator.add_worker_app(env["id"])
    listed = [a for a in emulator.control("GET", "worker-apps") if a["client_id"] == app["client_id"]]
    assert listed
    assert "client_secret" not in listed[0]
    assert "secret_sha256" not in listed[0]
    assert emulator.http.post("/__emulator/environments", json={"region": "MARS"}).status_code == 400
    assert emulator.http.post("/__emulator/worker-apps", json={"environment_id": "nope"}).status_code == 400
    assert emulator.http.get("/__emulator/objects").status_code == 400
    assert "openapi: 3" in emulator.http.get("/__emulator/openapi.yaml").text


def test_reset_wipes_everything() -> None:
    with EmulatorProcess.start() as fresh:
        env = fresh.add_environment()
        fresh.add_worker_app(env["id"])
        fresh.control("POST", "reset")
        assert fresh.control("GET", "environments") == []
        assert fresh.control("GET", "worker-apps") == []
        assert fresh.requests() == []


def test_openapi_documents_every_route_and_method() -> None:
    import re
    from importlib import resources

    import yaml

    from pingone_emulator.app import build

    doc = yaml.safe_load(resources.files("pingone_emulator").joinpath("openapi.yaml").read_text())

    def norm(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    documented = {(norm(p), m.upper()) for p, ops in doc["paths"].items() for m in ops if m != "parameters"}
    emulator = build()
    router = emulator.rate_limits.app.router  # type: ignore[attr-defined]  # the Starlette app inside both middlewares
    served = {(norm(r.path), m) for r in router.routes for m in r.methods if m != "HEAD"}
    assert served == documented


def test_deleted_environment_answers_403_and_get_environment_404(emulator: EmulatorProcess) -> None:
    # Issue 16 item 3; ../shared/reference/terraform-provider-notes.md §7: under a deleted environment PingOne
    # answers 400/401/403 (not 404), and GET /environments/{id} answers 404, which is how the Terraform
    # provider (CheckEnvironmentExistsOnPermissionsError) tells "deleted" from "not allowed".
    admin = emulator.add_environment(region="EU", env_type="PRODUCTION")
    target = emulator.add_environment(region="EU", env_type="SANDBOX")
    app = emulator.add_worker_app(admin["id"], environments=[target["id"]])
    token = httpx.post(
        f"{emulator.url}/eu/{admin['id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    ).json()["access_token"]
    http = httpx.Client(base_url=f"{emulator.url}/eu/v1", headers={"Authorization": f"Bearer {token}"})
    env = http.get(f"/environments/{target['id']}")
    assert env.status_code == 200, env.text
    assert {k: env.json()[k] for k in ("id", "region", "type")} == {
        "id": target["id"],
        "region": "EU",
        "type": "SANDBOX",
    }
    assert http.get(f"/environments/{target['id']}/notificationsSettings").status_code == 200

    assert emulator.http.delete(f"/__emulator/environments/{target['id']}").status_code == 204
    refused = http.get(f"/environments/{target['id']}/notificationsSettings")
    assert refused.status_code == 403
    assert refused.json()["code"] == "ACCESS_FAILED"
    assert http.delete(f"/environments/{target['id']}/notificationsPolicies/x").status_code == 403
    assert http.get(f"/environments/{target['id']}").status_code == 404
    never = "00000000-0000-4000-8000-00000000abcd"
    assert http.get(f"/environments/{never}").status_code == 404
    assert emulator.http.delete(f"/__emulator/environments/{target['id']}").status_code == 404
    http.close()


@pytest.mark.parametrize("status", [404, 403])
def test_eventual_consistency_hides_a_new_object_for_a_while(emulator: EmulatorProcess, status: int) -> None:
    # Right after a create PingOne may answer 403/404 for the new object (the Terraform provider retries those
    # for new objects: ../shared/reference/terraform-provider-notes.md §7 DefaultCreateReadRetryable, issue #18).
    api = make_api(emulator)
    try:
        emulator.set_faults(consistency_delay_ms=700, consistency_status=status)
        created = api.ok("POST", POLICIES, json={"name": f"fresh-{status}", "quotas": []})
        started = time.monotonic()
        assert api.call("GET", f"{POLICIES}/{created['id']}").status_code == status
        assert api.call("GET", POLICIES).status_code == 200, "only the new object's own path is affected"
        time.sleep(max(0.0, 0.75 - (time.monotonic() - started)))
        assert api.call("GET", f"{POLICIES}/{created['id']}").status_code == 200
        assert emulator.control("GET", "faults")["injected"]["consistency"] == 1
    finally:
        emulator.clear_faults()
        api.http.close()
