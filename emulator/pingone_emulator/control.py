"""Control endpoints under ``/__emulator/``, kept apart from the emulated PingOne paths.

They seed environments and worker apps, reset state, expose the request log (so tests and benchmarks count
API calls), configure fault injection and token lifetime, and dump stored objects for assertions. They are
unauthenticated: the emulator listens on loopback only.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from importlib import resources
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .faults import FaultConfig, FaultMiddleware, RequestLog
from .state import EmulatorState

__all__ = ["control_routes"]


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json(request: Request) -> dict[str, Any]:
    raw = await request.body()
    body = json.loads(raw) if raw else {}
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def control_routes(state: EmulatorState, log: RequestLog, faults: FaultMiddleware) -> list[Route]:
    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok", "objects": state.store.counts()})

    async def environments(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse([asdict(e) for e in state.store.environments()])
        try:
            body = await _json(request)
            env = state.create_environment(
                env_id=body.get("id"),
                name=body.get("name"),
                region=str(body.get("region", "NA")),
                env_type=str(body.get("type", "SANDBOX")),
                languages=list(body.get("languages") or []),
                trusted_emails=body.get("trusted_emails"),
            )
        except ValueError as err:
            return _error(str(err))
        return JSONResponse(asdict(env), status_code=201)

    async def trusted_emails(request: Request) -> Response:
        env_id = str(request.path_params["env_id"])
        if state.environment(env_id) is None:
            return _error("no such environment", 404)
        if request.method == "PUT":
            try:
                addresses = (await _json(request)).get("addresses")
                if not isinstance(addresses, list):
                    raise ValueError('the body is {"addresses": ["..."]}')
                return JSONResponse({"addresses": state.set_trusted_emails(env_id, addresses)})
            except ValueError as err:
                return _error(str(err))
        return JSONResponse({"addresses": state.trusted_emails(env_id)})

    async def provider_accounts(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse(state.provider_accounts())
        try:
            body = await _json(request)
            account = state.register_provider_account(
                provider=str(body.get("provider", "")),
                sid=body.get("sid"),
                auth_token=str(body.get("auth_token", "")),
                numbers=body.get("numbers"),
            )
        except ValueError as err:
            return _error(str(err))
        return JSONResponse(account, status_code=201)

    async def environment(request: Request) -> Response:
        if not state.store.delete_environment(str(request.path_params["env_id"])):
            return _error("no such environment", 404)
        return Response(status_code=204)

    async def worker_apps(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse(
                [{k: v for k, v in asdict(a).items() if k != "secret_sha256"} for a in state.store.worker_apps()]
            )
        try:
            body = await _json(request)
            app, secret = state.create_worker_app(
                environment_id=str(body["environment_id"]),
                client_id=body.get("client_id"),
                client_secret=body.get("client_secret"),
                auth_method=str(body.get("token_endpoint_auth_method", "CLIENT_SECRET_BASIC")),
                environments=list(body.get("environments") or []),
            )
        except (ValueError, KeyError) as err:
            return _error(f"invalid worker app: {err}")
        out = {k: v for k, v in asdict(app).items() if k != "secret_sha256"}
        return JSONResponse({**out, "client_secret": secret}, status_code=201)

    async def reset(_: Request) -> Response:
        state.store.reset()
        log.clear()
        faults.configure(FaultConfig())
        return Response(status_code=204)

    async def requests_log(request: Request) -> Response:
        if request.method == "DELETE":
            log.clear()
            return Response(status_code=204)
        after = int(request.query_params.get("after", "0"))
        return JSONResponse({"last_seq": log.last_seq, "requests": log.after(after)})

    async def fault_config(request: Request) -> Response:
        if request.method == "PUT":
            try:
                faults.configure(FaultConfig.from_json(await _json(request)))
            except (ValueError, TypeError) as err:
                return _error(str(err))
        elif request.method == "DELETE":
            faults.configure(FaultConfig())
        return JSONResponse(faults.status())

    async def settings(request: Request) -> Response:
        if request.method == "PUT":
            body = await _json(request)
            if "token_lifetime_seconds" in body:
                state.settings.token_lifetime_seconds = float(body["token_lifetime_seconds"])
            if "page_size" in body:
                size = int(body["page_size"])
                if not 1 <= size <= 1000:
                    return _error("page_size must be between 1 and 1000")
                state.settings.page_size = size
        return JSONResponse(asdict(state.settings))

    async def expire_tokens(_: Request) -> Response:
        return JSONResponse({"expired": state.store.expire_tokens(time.time())})

    async def objects(request: Request) -> Response:
        env_id = request.query_params.get("environment")
        kind = request.query_params.get("kind")
        if not env_id or kind not in ("content", "policy", "phone", "settings"):
            return _error("query parameters environment=<id> and kind=content|policy|phone|settings are required")
        return JSONResponse(state.store.list(env_id, kind))

    async def openapi(_: Request) -> Response:
        text = resources.files("pingone_emulator").joinpath("openapi.yaml").read_text()
        return Response(text, media_type="application/yaml")

    return [
        Route("/__emulator/health", health, methods=["GET"]),
        Route("/__emulator/environments", environments, methods=["GET", "POST"]),
        Route("/__emulator/environments/{env_id}", environment, methods=["DELETE"]),
        Route("/__emulator/environments/{env_id}/trusted-emails", trusted_emails, methods=["GET", "PUT"]),
        Route("/__emulator/provider-accounts", provider_accounts, methods=["GET", "POST"]),
        Route("/__emulator/worker-apps", worker_apps, methods=["GET", "POST"]),
        Route("/__emulator/reset", reset, methods=["POST"]),
        Route("/__emulator/requests", requests_log, methods=["GET", "DELETE"]),
        Route("/__emulator/faults", fault_config, methods=["GET", "PUT", "DELETE"]),
        Route("/__emulator/settings", settings, methods=["GET", "PUT"]),
        Route("/__emulator/tokens/expire", expire_tokens, methods=["POST"]),
        Route("/__emulator/objects", objects, methods=["GET"]),
        Route("/__emulator/openapi.yaml", openapi, methods=["GET"]),
    ]
