"""Argument shapes shared by several resources (validated with pydantic in ``check``)."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from pydantic import AfterValidator, Field

from .. import rules
from ._fields import Api
from ._types import RegionCode
from ._validation import StrictModel

__all__ = [
    "ConnectionArgs",
    "ConnectionModel",
    "Country",
    "EmailAddress",
    "EnvironmentId",
    "LocalFields",
]


def _uuid(value: str) -> str:
    if not rules.UUID_RE.match(value):
        raise ValueError(
            f"{value!r} is not a PingOne ID (a lower-case UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301)"
        )
    return value


def _country(value: str) -> str:
    if not rules.is_country_code(value):
        raise ValueError(f"{value!r} is not an upper-case ISO 3166-1 alpha-2 country code (e.g. US, GB, DE)")
    return value


def _email(value: str) -> str:
    if not rules.is_email_address(value):
        raise ValueError(f"{value!r} is not a valid email address")
    return value


def _sender(value: str) -> str:
    problem = rules.sender_problem(value)
    if problem:
        raise ValueError(problem)
    return value


EnvironmentId = Annotated[str, AfterValidator(_uuid)]
Country = Annotated[str, AfterValidator(_country)]
SenderId = Annotated[str, AfterValidator(_sender)]
"""An SMS sender ID (letters, digits, spaces; rules.sender_problem)."""


class ConnectionArgs(TypedDict, total=False):
    """Per-resource PingOne connection; any key left out comes from stack config, then the environment."""

    region_code: RegionCode
    """Region of the worker app and the managed environment: NA, EU, AP, CA, AU or SG."""
    environment_id: str
    """The worker app's own environment ID (where it gets its token)."""
    client_id: str
    """The worker app's client ID."""
    client_secret: str
    """The worker app's client secret (always stored as a secret)."""
    api_url: str
    """Override of the API base URL, e.g. ``http://127.0.0.1:8790/{region}/v1`` for the emulator."""
    auth_url: str
    """Override of the auth base URL, e.g. ``http://127.0.0.1:8790/{region}``."""


class ConnectionModel(StrictModel):
    region_code: str | None = None
    environment_id: EnvironmentId | None = None
    client_id: str | None = None
    client_secret: str | None = None
    api_url: str | None = None
    auth_url: str | None = None


class EmailAddress(StrictModel):
    """A sender or reply-to: ``{"name": "Acme", "address": "noreply@acme.example"}``."""

    name: str | None = Field(default=None, max_length=256, description="Display name, ≤ 256 characters.")
    address: Annotated[str, AfterValidator(_email)] = Field(description="The email address.")


class LocalFields(StrictModel):
    """Fields every resource has that are not part of the API object."""

    environment_id: Annotated[EnvironmentId, Api(replace=True, key=True)] = Field(
        description="The PingOne environment (changing it replaces the object)."
    )
    connection: Annotated[ConnectionModel | None, Api(arg_type="ConnectionArgs")] = Field(
        default=None, description="Per-resource PingOne connection (region, worker app); defaults to stack config."
    )
    adopt: bool | str | None = None


def as_id_link(value: Any) -> Any:
    """Accept ``"id"`` where the API wants ``{"id": "id"}``."""
    return {"id": value} if isinstance(value, str) else value
