"""Errors raised by the package. Messages name the resource and property and carry PingOne's own detail
message; they never contain a credential.

::

    PingOneError
    ├── ConfigurationError        missing/invalid connection settings (region, IDs, URLs)
    ├── TransportError            connection failed / timed out / dropped, after retries
    │   └── DeadlineExceeded      the overall retry deadline passed
    ├── AuthenticationError       the token endpoint refused the worker app's credentials
    └── ApiError                  a P1Error response (status, code, details)
        ├── BadRequest            400
        ├── Unauthorized          401
        ├── Forbidden             403
        ├── NotFound              404
        ├── Conflict              409
        ├── RateLimited           429
        └── ServerError           5xx
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequest",
    "ConfigurationError",
    "Conflict",
    "DeadlineExceeded",
    "ErrorDetail",
    "Forbidden",
    "NotFound",
    "PingOneError",
    "RateLimited",
    "ServerError",
    "TransportError",
    "Unauthorized",
    "api_error",
]


class PingOneError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(PingOneError):
    pass


class TransportError(PingOneError):
    pass


class DeadlineExceeded(TransportError):
    pass


class AuthenticationError(PingOneError):
    pass


@dataclass(frozen=True)
class ErrorDetail:
    code: str
    target: str | None
    message: str
    inner: dict[str, Any] = field(default_factory=dict)


class ApiError(PingOneError):
    """A PingOne error response. ``str()`` is the user-facing message."""

    def __init__(self, status: int, method: str, path: str, body: Any, context: str = "") -> None:
        self.status = status
        self.method = method
        self.path = path
        body = body if isinstance(body, dict) else {}
        self.code: str = str(body.get("code") or "")
        self.api_message: str = str(body.get("message") or "")
        self.request_id: str = str(body.get("id") or "")
        self.details: list[ErrorDetail] = [
            ErrorDetail(
                str(d.get("code") or ""), d.get("target"), str(d.get("message") or ""), dict(d.get("innerError") or {})
            )
            for d in body.get("details") or []
            if isinstance(d, dict)
        ]
        self.context = context
        self.note = ""
        super().__init__(self.render())

    def detail(self, code: str) -> ErrorDetail | None:
        return next((d for d in self.details if d.code == code), None)

    def render(self) -> str:
        head = f"{self.context}: " if self.context else ""
        text = f"{head}PingOne answered {self.status} {self.code or ''} to {self.method} {self.path}".rstrip()
        if self.details:
            parts = [f"[{d.code}{' on ' + d.target if d.target else ''}] {d.message}" for d in self.details]
            text += ": " + "; ".join(parts)
        elif self.api_message:
            text += f": {self.api_message}"
        if self.request_id:
            text += f" (request id {self.request_id})"
        if self.note:
            text += f" ({self.note})"
        return text

    def with_context(self, context: str) -> ApiError:
        self.context = context
        self.args = (self.render(),)
        return self

    def __str__(self) -> str:
        return self.render()


class BadRequest(ApiError):
    pass


class Unauthorized(ApiError):
    pass


class Forbidden(ApiError):
    pass


class NotFound(ApiError):
    pass


class Conflict(ApiError):
    pass


class RateLimited(ApiError):
    pass


class ServerError(ApiError):
    pass


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def api_error(status: int, method: str, path: str, body: Any) -> ApiError:
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else ApiError)
    return cls(status, method, path, body)
