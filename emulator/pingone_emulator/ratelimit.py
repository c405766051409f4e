"""PingOne-style rate limits: a token bucket per license (or per environment) answering 429 with ``Retry-After``.

What PingOne documents (../shared/reference/pingone-api-contract.md §4.3, from the PingOne developer docs):
"Requests that exceed the rate limits will be rejected with the 429 error, ``REQUEST_LIMITED``. When this error
occurs, the following header is returned in the response: ``Retry-After`` The delay in seconds indicating how
long to wait before retrying the request." Rate limits are defined per **license** and shared by all the
environments on it; the 429 body is a ``TooManyRequestsError`` whose detail code is ``LIMIT_EXCEEDED``.

So the default scope is ``license``: every environment (the emulator stands for one license) draws from one
bucket. ``scope: "environment"`` gives each environment its own bucket instead. Off by default
(``requests_per_second: 0``); configured through ``PUT /__emulator/rate-limits``. Unlike the random
``rate_limit_rate`` fault, a refusal here is a function of the load, so many clients hitting one tenant at once
see what they would see in PingOne: the more they send, the more 429s, each with the wait until a request
would be accepted (whole seconds, at least 1).

Counted: management API calls (``/{region}/v1/environments/{envId}/…``) and token requests
(``/{region}/{envId}/as/token``). Control endpoints (``/__emulator/…``) are never limited.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["RateLimitConfig", "RateLimitMiddleware", "rate_limit_routes"]

_API_PATH = re.compile(r"^/[a-z]+/v1/environments/(?P<env>[^/]+)")
_TOKEN_PATH = re.compile(r"^/[a-z]+/(?P<env>[^/]+)/as/token$")


@dataclass
class RateLimitConfig:
    requests_per_second: float = 0.0  # 0: no limit
    burst: float | None = None  # bucket size; default one second's worth (at least 1)
    scope: Literal["license", "environment"] = "license"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RateLimitConfig:
        unknown = sorted(set(data) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown rate-limit settings: {', '.join(unknown)}")
        rate = float(data.get("requests_per_second", 0.0))
        burst = data.get("burst")
        scope = data.get("scope", "license")
        if rate < 0:
            raise ValueError("requests_per_second must be 0 (off) or more")
        if burst is not None and float(burst) < 1:
            raise ValueError("burst must be at least 1")
        if scope not in ("license", "environment"):
            raise ValueError("scope must be 'license' or 'environment'")
        return cls(rate, None if burst is None else float(burst), scope)

    @property
    def capacity(self) -> float:
        return self.burst if self.burst is not None else max(self.requests_per_second, 1.0)


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimitMiddleware:
    """ASGI middleware: take a token for each counted request, or answer 429 ``REQUEST_LIMITED``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.config = RateLimitConfig()
        self.buckets: dict[str, _Bucket] = {}
        self.limited: Counter[str] = Counter()
        self.allowed: Counter[str] = Counter()

    def configure(self, config: RateLimitConfig) -> None:
        self.config = config
        self.buckets = {}
        self.limited = Counter()
        self.allowed = Counter()

    def status(self) -> dict[str, Any]:
        return {
            "config": asdict(self.config),
            "allowed": dict(self.allowed),
            "limited": dict(self.limited),
            "limited_total": sum(self.limited.values()),
        }

    def _key(self, path: str) -> str | None:
        match = _API_PATH.match(path) or _TOKEN_PATH.match(path)
        if match is None:
            return None
        return match["env"] if self.config.scope == "environment" else "license"

    def take(self, key: str, now: float) -> float:
        """0 if a token was taken, else the seconds until one will be there."""
        cfg = self.config
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = _Bucket(cfg.capacity, now)
        bucket.tokens = min(cfg.capacity, bucket.tokens + (now - bucket.stamp) * cfg.requests_per_second)
        bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / cfg.requests_per_second

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope["path"]) if scope["type"] == "http" and self.config.requests_per_second else None
        if key is None:
            await self.app(scope, receive, send)
            return
        wait = self.take(key, time.monotonic())
        if not wait:
            self.allowed[key] += 1
            await self.app(scope, receive, send)
            return
        self.limited[key] += 1
        body = json.dumps(
            {
                "id": "00000000-0000-4000-8000-000000000000",
                "code": "REQUEST_LIMITED",
                "message": "The request was rate limited.",
                "details": [{"code": "LIMIT_EXCEEDED", "message": "Too many requests. Retry after the delay given."}],
            }
        ).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            # "The delay in seconds": whole seconds, rounded up so a client that waits it finds a token.
            (b"retry-after", str(max(1, math.ceil(wait))).encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def rate_limit_routes(limiter: RateLimitMiddleware) -> list[Route]:
    """``GET|PUT|DELETE /__emulator/rate-limits``: show, set or switch off the limit (and its counters)."""

    async def rate_limits(request: Request) -> Response:
        if request.method == "PUT":
            try:
                raw = await request.body()
                data = json.loads(raw) if raw else {}
                if not isinstance(data, dict):
                    raise ValueError("the body must be a JSON object")
                limiter.configure(RateLimitConfig.from_json(data))
            except (ValueError, TypeError) as err:
                return JSONResponse({"error": str(err)}, status_code=400)
        elif request.method == "DELETE":
            limiter.configure(RateLimitConfig())
        return JSONResponse(limiter.status())

    return [Route("/__emulator/rate-limits", rate_limits, methods=["GET", "PUT", "DELETE"])]
