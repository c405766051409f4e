"""PingOne's error envelope (``P1Error``), serialised in one place.

Every 4xx/5xx from the management API carries::

    {"id": "<uuid>", "code": "INVALID_DATA", "message": "...",
     "details": [{"code": "INVALID_VALUE", "target": "content", "message": "..."}]}

Handlers raise :class:`ApiError` (or one of the helpers below); the app turns it into a response.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiError",
    "Detail",
    "bad_request",
    "conflict",
    "forbidden",
    "invalid_data",
    "not_found",
    "unauthorized",
]


@dataclass
class Detail:
    code: str
    target: str | None
    message: str
    inner: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.target is not None:
            out["target"] = self.target
        inner = {k: v for k, v in (self.inner or {}).items() if v is not None}
        if inner:
            out["innerError"] = inner
        return out


@dataclass
class ApiError(Exception):
    status: int
    code: str
    message: str
    details: list[Detail] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": str(uuid.uuid4()), "code": self.code, "message": self.message}
        if self.details:
            body["details"] = [d.to_json() for d in self.details]
        return body


def invalid_data(details: list[Detail]) -> ApiError:
    return ApiError(
        400,
        "INVALID_DATA",
        "The request could not be completed. One or more validation errors were in the request.",
        details,
    )


def bad_request(message: str, code: str = "INVALID_REQUEST") -> ApiError:
    return ApiError(400, code, message)


def unauthorized(message: str) -> ApiError:
    return ApiError(
        401,
        "ACCESS_FAILED",
        "The request could not be completed. You do not have access to this resource.",
        [Detail("INVALID_TOKEN", None, message)],
    )


def forbidden(message: str) -> ApiError:
    return ApiError(
        403,
        "ACCESS_FAILED",
        "The request could not be completed. You do not have access to this resource.",
        [Detail("INSUFFICIENT_PERMISSIONS", None, message)],
    )


def not_found(what: str) -> ApiError:
    return ApiError(
        404, "NOT_FOUND", f"The request could not be completed. The requested resource was not found: {what}."
    )


def conflict(target: str | None, message: str) -> ApiError:
    """A uniqueness clash: PingOne reports these as 400 INVALID_DATA / UNIQUENESS_VIOLATION."""
    return invalid_data([Detail("UNIQUENESS_VIOLATION", target, message)])
