"""Tokens, bearer checks, environment access and regions, over HTTP."""

from __future__ import annotations

import base64

import httpx

from pingone_notifications.testing import EmulatorProcess

from .conftest import make_api, token


def test_client_secret_basic_and_post(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(region="EU")
    basic = emulator.add_worker_app(env["id"])
    post = emulator.add_worker_app(env["id"], auth_method="CLIENT_SECRET_POST")
    url = f"{emulator.url}/eu/{env['id']}/as/token"

    ok = httpx.post(url, data={"grant_type": "client_credentials"}, auth=(basic["client_id"], basic["client_secret"]))
    assert ok.status_code == 200
    body = ok.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert ok.headers["cache-control"] == "no-store"

    form = {"grant_type": "client_credentials", "client_id": post["client_id"], "client_secret": post["client_secret"]}
    assert httpx.post(url, data=form).status_code == 200
    # the method must be the one the app is configured for
    wrong_style = httpx.post(
        url, data={"grant_type": "client_credentials"}, auth=(post["client_id"], post["client_secret"])
    )
    assert wrong_style.status_code == 401
    assert "unsupported authentication method" in wrong_style.json()["error_description"].lower()


def test_bad_credentials_get_401(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment()
    app = emulator.add_worker_app(env["id"])
    url = f"{emulator.url}/na/{env['id']}/as/token"
    wrong = httpx.post(url, data={"grant_type": "client_credentials"}, auth=(app["client_id"], "not-the-secret"))
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    assert "not-the-secret" not in wrong.text
    unknown = httpx.post(url, data={"grant_type": "client_credentials"}, auth=("nobody", "x"))
    assert unknown.status_code == 401
    grant = httpx.post(url, data={"grant_type": "password"}, auth=(app["client_id"], app["client_secret"]))
    assert grant.status_code == 400
    assert grant.json()["error"] == "unsupported_grant_type"
    garbage = httpx.post(
        url,
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic " + base64.b64encode(b"\xff\xfe").decode()},
    )
    assert garbage.status_code == 401


def test_management_calls_need_a_valid_bearer_token(emulator: EmulatorProcess) -> None:
    api = make_api(emulator)
    path = f"{api.base}{api.env_path}/notificationsPolicies"
    assert api.http.get(path).status_code == 200
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer nope"}):
        response = httpx.get(path, headers=headers)
        assert response.status_code == 401, headers
        body = response.json()
        assert body["code"] == "ACCESS_FAILED"
        assert body["details"][0]["code"] == "INVALID_TOKEN"


def test_expired_tokens_are_rejected(emulator: EmulatorProcess) -> None:
    api = make_api(emulator)
    path = f"{api.base}{api.env_path}/notificationsSettings"
    assert api.http.get(path).status_code == 200
    expired = emulator.control("POST", "tokens/expire")["expired"]
    assert expired >= 1
    response = api.http.get(path)
    assert response.status_code == 401
    assert "expired" in response.json()["details"][0]["message"]


def test_token_lifetime_is_configurable(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment()
    app = emulator.add_worker_app(env["id"])
    try:
        emulator.control("PUT", "settings", {"token_lifetime_seconds": 1})
        response = httpx.post(
            f"{emulator.url}/na/{env['id']}/as/token",
            data={"grant_type": "client_credentials"},
            auth=(app["client_id"], app["client_secret"]),
        )
        assert response.json()["expires_in"] == 1
    finally:
        emulator.control("PUT", "settings", {"token_lifetime_seconds": 3600})


def test_a_token_only_works_for_environments_its_app_manages(emulator: EmulatorProcess) -> None:
    mine = emulator.add_environment()
    other = emulator.add_environment()
    managed = emulator.add_environment()
    app = emulator.add_worker_app(mine["id"], environments=[managed["id"]])
    headers = {"Authorization": f"Bearer {token(emulator, app, 'NA')}"}
    base = f"{emulator.url}/na/v1/environments"
    assert httpx.get(f"{base}/{mine['id']}/notificationsSettings", headers=headers).status_code == 200
    assert httpx.get(f"{base}/{managed['id']}/notificationsSettings", headers=headers).status_code == 200
    denied = httpx.put(f"{base}/{other['id']}/notificationsSettings", headers=headers, json={})
    assert denied.status_code == 403
    assert denied.json()["details"][0]["code"] == "INSUFFICIENT_PERMISSIONS"
    assert httpx.get(f"{base}/{other['id']}/notificationsPolicies", headers=headers).status_code == 403


def test_an_environment_is_reachable_only_through_its_own_region(emulator: EmulatorProcess) -> None:
    na_admin = emulator.add_environment(region="NA")
    eu_env = emulator.add_environment(region="EU")
    app = emulator.add_worker_app(na_admin["id"], environments=[eu_env["id"]])
    headers = {"Authorization": f"Bearer {token(emulator, app, 'NA')}"}
    wrong_region = httpx.get(f"{emulator.url}/na/v1/environments/{eu_env['id']}/notificationsSettings", headers=headers)
    assert wrong_region.status_code == 404
    assert wrong_region.json()["code"] == "NOT_FOUND"
    # and a token endpoint of another region does not know the app's environment either
    elsewhere = httpx.post(
        f"{emulator.url}/eu/{na_admin['id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert elsewhere.status_code == 404


def test_regionless_paths_mean_na(emulator: EmulatorProcess) -> None:
    env = emulator.add_environment(region="NA")
    app = emulator.add_worker_app(env["id"])
    response = httpx.post(
        f"{emulator.url}/{env['id']}/as/token",
        data={"grant_type": "client_credentials"},
        auth=(app["client_id"], app["client_secret"]),
    )
    assert response.status_code == 200
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert httpx.get(f"{emulator.url}/v1/environments/{env['id']}/templates", headers=headers).status_code == 200


def test_unknown_routes_and_methods_answer_p1_errors(emulator: EmulatorProcess) -> None:
    api = make_api(emulator)
    missing = api.http.get(f"{api.base}{api.env_path}/nothingHere")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NOT_FOUND"
    wrong_method = api.http.patch(f"{api.base}{api.env_path}/notificationsPolicies")
    assert wrong_method.status_code == 405
    bad_region = api.http.get(f"{emulator.url}/xx/v1{api.env_path}/templates")
    assert bad_region.status_code == 404


def test_state_survives_a_restart(tmp_path: object) -> None:
    from pathlib import Path

    db = str(Path(str(tmp_path)) / "emulator.sqlite3")
    with EmulatorProcess.start(db=db) as first:
        api = make_api(first)
        created = api.ok("POST", "/notificationsPolicies", json={"name": "Kept", "quotas": []})
        env_id, app = api.env["id"], api.app
    with EmulatorProcess.start(db=db) as second:
        headers = {"Authorization": f"Bearer {token(second, app, 'NA')}"}
        response = httpx.get(
            f"{second.url}/na/v1/environments/{env_id}/notificationsPolicies/{created['id']}", headers=headers
        )
        assert response.status_code == 200
        assert response.json()["name"] == "Kept"
