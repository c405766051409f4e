"""Fault injection and the request log, as one ASGI middleware around the emulated API.

Faults apply to the PingOne paths only (management API and token endpoint), never to ``/__emulator/``:

* ``latency_ms`` (+ ``latency_jitter_ms``): every request waits first;
* ``error_rate``: answer ``error_status`` (503 by default) without touching state;
* ``rate_limit_rate``: answer 429 ``REQUEST_LIMITED`` with ``Retry-After: retry_after``;
* ``drop_rate``: close the connection without a response, before the handler runs;
* ``ambiguous_write_rate``: for POST/PUT/PATCH/DELETE of the management API, run the handler (the write is
  committed) and then close the connection instead of answering, so the client cannot know whether the
  write happened;
* ``consistency_delay_ms`` (+ ``consistency_status``, 404 or 403): eventual consistency. For that long after
  a POST creates an object, requests to the new object's path answer 404 ``NOT_FOUND`` (or 403
  ``ACCESS_FAILED``) as if it did not exist yet. PingOne does this right after a create; the Terraform
  provider retries 403/404 on new objects for that reason (../shared/reference/terraform-provider-notes.md §7,
  ``DefaultCreateReadRetryable``; its issue #18 "Concurrent requests fail with Forbidden error").

Draws come from one ``random.Random(seed)`` so a run is reproducible for a given request order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DroppedConnection", "FaultConfig", "FaultMiddleware", "RequestLog"]

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class DroppedConnection(Exception):
    """Raised after a response has started, so the server closes the connection mid-response."""


class _QuietDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, DroppedConnection)


logging.getLogger("uvicorn.error").addFilter(_QuietDrops())


@dataclass
class FaultConfig:
    seed: int | None = None
    latency_ms: float = 0.0
    latency_jitter_ms: float = 0.0
    error_rate: float = 0.0
    error_status: int = 503
    rate_limit_rate: float = 0.0
    retry_after: float = 1.0
    drop_rate: float = 0.0
    ambiguous_write_rate: float = 0.0
    consistency_delay_ms: float = 0.0
    consistency_status: int = 404

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FaultConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(unknown)}")
        cfg = cls(**known)
        for name in ("error_rate", "rate_limit_rate", "drop_rate", "ambiguous_write_rate"):
            if not 0.0 <= float(getattr(cfg, name)) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        if cfg.consistency_status not in (403, 404):
            raise ValueError("consistency_status must be 403 or 404")
        return cfg


@dataclass
class RequestLog:
    entries: list[dict[str, Any]] = field(default_factory=list)
    limit: int = 500_000
    _seq: int = 0

    def add(self, entry: dict[str, Any]) -> None:
        self._seq += 1
        entry["seq"] = self._seq
        self.entries.append(entry)
        if len(self.entries) > self.limit:
            del self.entries[: len(self.entries) - self.limit]

    def after(self, seq: int) -> list[dict[str, Any]]:
        return [e for e in self.entries if e["seq"] > seq]

    @property
    def last_seq(self) -> int:
        return self._seq

    def clear(self) -> None:
        self.entries.clear()


class FaultMiddleware:
    def __init__(self, app: ASGIApp, log: RequestLog) -> None:
        self.app = app
        self.log = log
        self.config = FaultConfig()
        self.rng = random.Random()
        self.injected: Counter[str] = Counter()
        self.fresh: dict[str, float] = {}  # path of a just-created object -> when it becomes visible

    def configure(self, config: FaultConfig) -> None:
        self.config = config
        self.rng = random.Random(config.seed)
        self.injected = Counter()
        self.fresh = {}

    def _not_visible_yet(self, path: str) -> bool:
        now = time.monotonic()
        for fresh, until in list(self.fresh.items()):
            if until <= now:
                del self.fresh[fresh]
            elif path == fresh or path.startswith(fresh + "/"):
                return True
        return False

    def status(self) -> dict[str, Any]:
        return {"config": asdict(self.config), "injected": dict(self.injected)}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/__emulator"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        method = scope["method"]
        state = scope.setdefault("state", {})
        entry: dict[str, Any] = {
            "time": time.time(),
            "method": method,
            "path": scope["path"],
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": 0,
            "fault": None,
        }
        cfg = self.config
        try:
            if cfg.latency_ms or cfg.latency_jitter_ms:
                await asyncio.sleep((cfg.latency_ms + self.rng.random() * cfg.latency_jitter_ms) / 1000.0)
            fault = self._draw(method, scope["path"])
            entry["fault"] = fault
            if fault == "drop":
                await _drop(send)
            if fault == "error":
                await _respond(
                    send,
                    entry,
                    cfg.error_status,
                    {
                        "code": "UNEXPECTED_ERROR" if cfg.error_status < 502 else "SERVICE_UNAVAILABLE",
                        "message": "The service is temporarily unavailable (injected fault).",
                    },
                )
                return
            if fault == "rate_limit":
                await _respond(
                    send,
                    entry,
                    429,
                    {
                        "code": "REQUEST_LIMITED",
                        "message": "The request was rate limited (injected fault).",
                        "details": [{"code": "LIMIT_EXCEEDED", "message": "Too many requests"}],
                    },
                    {"retry-after": _retry_after(cfg.retry_after)},
                )
                return
            if fault == "ambiguous":
                await self.app(scope, receive, _swallow(entry))
                await _drop(send)
            if cfg.consistency_delay_ms and self._not_visible_yet(scope["path"]):
                self.injected["consistency"] += 1
                entry["fault"] = "consistency"
                if cfg.consistency_status == 403:
                    body = {
                        "code": "ACCESS_FAILED",
                        "message": "The request could not be completed. You do not have access to this resource.",
                    }
                else:
                    body = {"code": "NOT_FOUND", "message": "The request could not be completed. Not found."}
                await _respond(send, entry, cfg.consistency_status, body)
                return
            watch = method == "POST" and bool(cfg.consistency_delay_ms) and not scope["path"].endswith("/as/token")
            path = scope["path"]
            await self.app(
                scope, receive, _recording(send, entry, (lambda b: self._remember(path, b)) if watch else None)
            )
        except DroppedConnection:
            entry["status"] = 0
            raise
        finally:
            entry["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
            entry["client_id"] = state.get("client_id")
            self.log.add(entry)

    def _remember(self, path: str, body: bytes) -> None:
        try:
            new_id = json.loads(body).get("id")
        except (ValueError, AttributeError):
            return
        if isinstance(new_id, str):
            self.fresh[f"{path}/{new_id}"] = time.monotonic() + self.config.consistency_delay_ms / 1000.0

    def _draw(self, method: str, path: str) -> str | None:
        cfg = self.config
        roll = self.rng.random()
        for name, rate in (("drop", cfg.drop_rate), ("error", cfg.error_rate), ("rate_limit", cfg.rate_limit_rate)):
            if roll < rate:
                self.injected[name] += 1
                return name
            roll -= rate
        # the token endpoint is a POST but changes nothing: only management writes can be ambiguous
        if method in WRITE_METHODS and not path.endswith("/as/token") and self.rng.random() < cfg.ambiguous_write_rate:
            self.injected["ambiguous"] += 1
            return "ambiguous"
        return None


def _retry_after(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


async def _respond(
    send: Send, entry: dict[str, Any], status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps({"id": "00000000-0000-4000-8000-000000000000", **body}).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    entry["status"] = status
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


async def _drop(send: Send) -> None:
    # Start a response that promises a body, then abort: the server closes the socket and the client
    # sees the connection end without a (complete) response.
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1048576")]})
    raise DroppedConnection


def _swallow(entry: dict[str, Any]) -> Send:
    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["committed_status"] = message["status"]

    return send


def _recording(send: Send, entry: dict[str, Any], on_created: Callable[[bytes], None] | None = None) -> Send:
    """Records the status; with ``on_created``, hands it a successful response's whole body before the body is
    sent (so a client that acts on the answer at once already sees the effect)."""
    chunks: list[bytes] = []

    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["status"] = message["status"]
        elif on_created is not None and message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body") and 200 <= entry["status"] < 300:
                on_created(b"".join(chunks))
        await send(message)

    return wrapped
