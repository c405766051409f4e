"""``PhoneDeliverySettings``: a custom SMS/voice provider (your own gateway, Twilio or Syniverse).

Quirks: the ``provider`` kind cannot change (a new kind replaces the resource). Secrets (``password``,
``auth_token``, OAuth2 ``client_secret``, the Twilio/Syniverse ``auth_token``) are accepted and never
returned by PingOne, so the configured values are kept (encrypted) in state and compared there: rotating
a secret updates the provider; a change made outside Pulumi to a secret cannot be detected. A custom
provider's ``name`` is unique per environment (the natural key); a Twilio account's ``sid`` likewise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal, TypedDict
from urllib.parse import urlsplit

import pulumi
from pydantic import Field, model_validator

from ..client import PingOneClient
from ._base import BaseProvider, PingOneResource
from ._common import ConnectionArgs, Country, LocalFields
from ._shape import same, to_api, to_props
from ._validation import StrictModel

__all__ = [
    "AuthenticationArgs",
    "NumberArgs",
    "PhoneDeliverySettings",
    "PhoneDeliverySettingsProvider",
    "RequestArgs",
]

SECRET_PATHS = (
    ("authentication", "password"),
    ("authentication", "auth_token"),
    ("authentication", "client_secret"),
    ("auth_token",),
)


class AuthenticationArgs(TypedDict, total=False):
    method: Literal["BASIC", "BEARER", "OAUTH2"]
    username: str
    """BASIC."""
    password: pulumi.Input[str]
    """BASIC (secret)."""
    auth_token: pulumi.Input[str]
    """BEARER (secret)."""
    auth_url: str
    """OAUTH2: the provider's token endpoint."""
    client_id: str
    """OAUTH2."""
    client_secret: pulumi.Input[str]
    """OAUTH2 (secret)."""
    scopes: str
    """OAUTH2, optional, space separated."""
    grant_type: Literal["CLIENT_CREDENTIALS"]
    client_authentication_method: Literal["BASIC_AUTH_HEADER", "REQUEST_BODY"]


class RequestArgs(TypedDict, total=False):
    delivery_method: Literal["SMS", "VOICE"]
    url: str
    """For GET it must include ``${to}`` and ``${message}``."""
    method: Literal["GET", "POST"]
    body: str
    """POST: include ``${to}`` and ``${message}`` (``${from}``, ``${otp}``… optional)."""
    headers: dict[str, str]
    phone_number_format: Literal["FULL", "NUMBER_ONLY"]
    before_tag: str
    """VOICE only, e.g. ``<Say>``."""
    after_tag: str
    """VOICE only, e.g. ``</Say>``."""


class NumberArgs(TypedDict, total=False):
    type: Literal["SHORT_CODE", "TOLL_FREE", "PHONE_NUMBER"]
    number: str
    selected: bool
    available: bool
    capabilities: list[Literal["SMS", "VOICE"]]
    supported_countries: list[str]


class _Auth(StrictModel):
    method: Literal["BASIC", "BEARER", "OAUTH2"]
    username: str | None = Field(default=None, min_length=1)
    password: str | None = Field(default=None, min_length=1)
    auth_token: str | None = Field(default=None, min_length=1)
    auth_url: str | None = None
    client_id: str | None = Field(default=None, min_length=1)
    client_secret: str | None = Field(default=None, min_length=1)
    scopes: str | None = None
    grant_type: Literal["CLIENT_CREDENTIALS"] | None = None
    client_authentication_method: Literal["BASIC_AUTH_HEADER", "REQUEST_BODY"] | None = None

    @model_validator(mode="after")
    def _fields_for_method(self) -> _Auth:
        needed = {
            "BASIC": ("username", "password"),
            "BEARER": ("auth_token",),
            "OAUTH2": ("auth_url", "client_id", "client_secret"),
        }[self.method]
        missing = [f for f in needed if getattr(self, f) is None]
        if missing:
            raise ValueError(f"method {self.method} needs {', '.join(missing)}")
        foreign = [
            f
            for f in (
                "username",
                "password",
                "auth_token",
                "auth_url",
                "client_id",
                "client_secret",
                "scopes",
                "grant_type",
                "client_authentication_method",
            )
            if getattr(self, f) is not None
            and f not in needed
            and not (self.method == "OAUTH2" and f in ("scopes", "grant_type", "client_authentication_method"))
        ]
        if foreign:
            raise ValueError(f"method {self.method} does not use {', '.join(foreign)}")
        if self.auth_url is not None:
            _check_url(self.auth_url, "auth_url")
        return self


def _check_url(url: str, name: str) -> None:
    # HTTPS only, as PingOne and the Terraform provider's IsURLWithHTTPS validator require ("URL must be a
    # valid HTTPS URL"; localhost allowed, over https too).
    try:
        parts = urlsplit(url)
        ok = parts.scheme == "https" and bool(parts.hostname)
        _ = parts.port  # a malformed port raises
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"{name} {url!r} is not an https:// URL (PingOne calls custom providers over HTTPS only)")


class _Request(StrictModel):
    delivery_method: Literal["SMS", "VOICE"]
    url: str = Field(min_length=1, max_length=2048)
    method: Literal["GET", "POST"]
    body: str | None = Field(default=None, max_length=10_000)
    headers: dict[str, str] | None = None
    phone_number_format: Literal["FULL", "NUMBER_ONLY"] = "FULL"
    before_tag: str | None = Field(default=None, max_length=1024)
    after_tag: str | None = Field(default=None, max_length=1024)

    @model_validator(mode="after")
    def _rules(self) -> _Request:
        _check_url(self.url, "url")
        if self.method == "GET":
            missing = [v for v in ("to", "message") if "${" + v + "}" not in self.url]
            if missing:
                raise ValueError(f"a GET request's url must include {' and '.join('${' + v + '}' for v in missing)}")
            if self.body:
                raise ValueError("a GET request has no body; put the variables in the url")
        if self.method == "POST" and self.body:
            missing = [v for v in ("to", "message") if "${" + v + "}" not in self.body]
            if missing:
                raise ValueError(f"a POST request's body must include {' and '.join('${' + v + '}' for v in missing)}")
        if self.delivery_method == "SMS" and (self.before_tag or self.after_tag):
            raise ValueError("before_tag and after_tag apply to VOICE requests only")
        return self


class _Number(StrictModel):
    type: Literal["SHORT_CODE", "TOLL_FREE", "PHONE_NUMBER"]
    number: str = Field(min_length=1, max_length=32)
    selected: bool = False
    available: bool = False
    capabilities: list[Literal["SMS", "VOICE"]] = Field(min_length=1)
    supported_countries: list[Country] | None = None

    @model_validator(mode="after")
    def _countries(self) -> _Number:
        if self.supported_countries is not None:
            if self.type == "PHONE_NUMBER":
                raise ValueError("supported_countries must not be set for a PHONE_NUMBER")
            if not self.supported_countries:
                raise ValueError("supported_countries must not be empty when set")
            if self.type == "SHORT_CODE" and len(self.supported_countries) != 1:
                raise ValueError("a SHORT_CODE supports exactly one country")
        return self


class PhoneModel(LocalFields):
    provider: Literal["CUSTOM_PROVIDER", "CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"]
    name: str | None = Field(default=None, min_length=1, max_length=256)
    authentication: _Auth | None = None
    requests: list[_Request] | None = None
    numbers: list[_Number] | None = None
    sid: str | None = Field(default=None, min_length=1, max_length=64)
    auth_token: str | None = Field(default=None, min_length=1, max_length=256)

    @model_validator(mode="after")
    def _fields_for_provider(self) -> PhoneModel:
        if self.provider == "CUSTOM_PROVIDER":
            missing = [f for f in ("name", "authentication", "requests") if getattr(self, f) is None]
            foreign = [f for f in ("sid", "auth_token") if getattr(self, f) is not None]
            if self.requests is not None and not self.requests:
                raise ValueError("requests must contain at least one request (SMS and/or VOICE)")
            for n in self.numbers or []:
                if n.type in ("SHORT_CODE", "TOLL_FREE") and not n.supported_countries:
                    raise ValueError(
                        f"number {n.number}: a {n.type} of a CUSTOM_PROVIDER must list supported_countries"
                    )
        else:
            missing = ["auth_token"] if self.auth_token is None else []
            if self.provider == "CUSTOM_TWILIO" and self.sid is None:
                missing.append("sid")
            foreign = [f for f in ("name", "authentication", "requests") if getattr(self, f) is not None]
            if self.provider == "CUSTOM_SYNIVERSE" and self.sid is not None:
                foreign.append("sid")
        if missing:
            raise ValueError(f"provider {self.provider} needs {', '.join(missing)}")
        if foreign:
            raise ValueError(f"provider {self.provider} does not use {', '.join(foreign)}")
        return self


class PhoneDeliverySettingsProvider(BaseProvider):
    type_name: ClassVar[str] = "PhoneDeliverySettings"
    model = PhoneModel
    # A different Twilio account (sid) is a different object, as in Terraform (RequiresReplace); a new auth token
    # for the same account is an in-place update (PingOne checks it again on the PUT), unlike Terraform.
    replace_keys = ("environment_id", "provider", "sid")
    secret_paths = SECRET_PATHS

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/notificationsSettings/phoneDeliverySettings"

    key_inputs = ("environment_id", "provider", "name", "sid")

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        env, provider, name, sid = (values.get(k) for k in self.key_inputs)
        if not isinstance(env, str) or not isinstance(provider, str):
            return None
        if provider == "CUSTOM_PROVIDER":  # names are unique per environment
            return (
                f"phone delivery settings|environment {env}|name {str(name).lower()}" if isinstance(name, str) else None
            )
        if provider == "CUSTOM_TWILIO":
            return f"phone delivery settings|environment {env}|Twilio account {sid}" if isinstance(sid, str) else None
        return f"phone delivery settings|environment {env}|{provider}"

    def describe(self, props: Mapping[str, Any]) -> str:
        label = props.get("name") or props.get("sid") or props.get("provider")
        return f"PhoneDeliverySettings {label!r} in environment {props.get('environment_id')}"

    def api_body(self, model: Any) -> dict[str, Any]:
        m: PhoneModel = model
        body: dict[str, Any] = {"provider": m.provider}
        if m.provider == "CUSTOM_PROVIDER":
            assert m.authentication is not None
            assert m.requests is not None
            auth = m.authentication.model_dump(exclude_none=True)
            if m.authentication.method == "OAUTH2":
                auth.setdefault("grant_type", "CLIENT_CREDENTIALS")
                auth.setdefault("client_authentication_method", "BASIC_AUTH_HEADER")
            body.update(
                {
                    "name": m.name,
                    "authentication": auth,
                    "requests": [r.model_dump(exclude_none=True) for r in m.requests],
                    "numbers": [n.model_dump(exclude_none=True) for n in m.numbers or []],
                }
            )
        else:
            body["auth_token"] = m.auth_token
            if m.sid is not None:
                body["sid"] = m.sid
            # which of the account's numbers to use (selected unless said otherwise); none declared: none selected
            body["numbers"] = [
                {
                    **n.model_dump(exclude_none=True),
                    "selected": n.selected if "selected" in n.model_fields_set else True,
                }
                for n in m.numbers or []
            ]
        result: dict[str, Any] = to_api(body)
        return result

    def same_as_live(self, desired: dict[str, Any], live: dict[str, Any]) -> bool:
        """Twilio/Syniverse: PingOne reports all the account's numbers; the program declares the ones it selects.
        Declared numbers must be there as declared, and no other number may be selected (so declaring a subset
        is no perpetual diff, and un-declaring one is a change)."""
        if desired.get("provider") == "CUSTOM_PROVIDER":
            return super().same_as_live(desired, live)
        rest = {k: v for k, v in desired.items() if k != "numbers"}
        if not super().same_as_live(rest, {k: v for k, v in live.items() if k != "numbers"}):
            return False
        return _numbers_match(desired.get("numbers"), live.get("numbers"))

    def adoption_changes(self, props: Mapping[str, Any], existing: Mapping[str, Any]) -> list[str]:
        """As for any resource, but a Twilio/Syniverse account's numbers are compared as in :meth:`same_as_live`
        (the declared subset), so adopting an account whose selection is as declared writes only its token."""
        changes = super().adoption_changes(props, existing)
        if props.get("provider") == "CUSTOM_PROVIDER" or "numbers" not in changes:
            return changes
        desired = self.expected(self._model(props))
        if _numbers_match(desired.get("numbers"), to_props(dict(existing)).get("numbers")):
            changes.remove("numbers")
        return changes

    def expected(self, model: Any) -> dict[str, Any]:
        desired = super().expected(model)
        for request in desired.get("requests") or []:
            for optional in ("body", "headers", "before_tag", "after_tag"):
                request.setdefault(optional, None)
        return desired

    def put_body(self, body: dict[str, Any], existing: Mapping[str, Any]) -> dict[str, Any]:
        # PingOne needs the object's own id in a PUT body, or it answers 400 UNIQUENESS_VIOLATION "A resource
        # with the specified name already exists." (Terraform provider issue #1065).
        return {**body, "id": str(existing["id"])}

    def find_existing(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        for item in client.paged(
            self.collection_path(props), "phoneDeliverySettings", context=self.context(props, "look up by name")
        ):
            if item.get("provider") != body.get("provider"):
                continue
            if body["provider"] == "CUSTOM_PROVIDER":
                if str(item.get("name", "")).lower() == str(body.get("name", "")).lower():
                    return item
            elif body["provider"] == "CUSTOM_TWILIO":
                if item.get("sid") == body.get("sid"):
                    return item
            else:
                return item
        return None


def _numbers_match(declared: Any, live: Any) -> bool:
    """Does a Twilio/Syniverse account's selection (``live``, every number PingOne reports) satisfy the declared
    numbers: each declared one there and selected as declared (with its countries, when declared), and no other
    number selected?"""
    wanted = {n["number"]: n for n in declared or []}
    numbers = {n.get("number"): n for n in live or []}
    for number, want in wanted.items():
        have = numbers.get(number)
        if have is None or bool(have.get("selected")) != bool(want.get("selected")):
            return False
        if want.get("supported_countries") and not same(
            want["supported_countries"], have.get("supported_countries"), key="supported_countries"
        ):
            return False
    return not any(n.get("selected") for number, n in numbers.items() if number not in wanted)


class PhoneDeliverySettings(PingOneResource, module="pingone", name="PhoneDeliverySettings"):
    """A custom SMS/voice provider for a PingOne environment: your own HTTP gateway (``CUSTOM_PROVIDER``
    with BASIC, BEARER or OAUTH2 authentication), or your Twilio (``CUSTOM_TWILIO``) or Syniverse
    (``CUSTOM_SYNIVERSE``) account. Its ``id`` goes into fallback chains."""

    environment_id: pulumi.Output[str]
    provider: pulumi.Output[str]
    name: pulumi.Output[str | None]
    authentication: pulumi.Output[dict[str, Any] | None]
    requests: pulumi.Output[list[dict[str, Any]] | None]
    numbers: pulumi.Output[list[dict[str, Any]] | None]
    sid: pulumi.Output[str | None]
    auth_token: pulumi.Output[str | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        provider: pulumi.Input[str],
        name: pulumi.Input[str] | None = None,
        authentication: pulumi.Input[AuthenticationArgs] | None = None,
        requests: pulumi.Input[Sequence[pulumi.Input[RequestArgs]]] | None = None,
        numbers: pulumi.Input[Sequence[pulumi.Input[NumberArgs]]] | None = None,
        sid: pulumi.Input[str] | None = None,
        auth_token: pulumi.Input[str] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces the resource).
        :param provider: ``CUSTOM_PROVIDER``, ``CUSTOM_TWILIO`` or ``CUSTOM_SYNIVERSE`` (changing it replaces
            the resource).
        :param name: ``CUSTOM_PROVIDER``: display name, unique in the environment.
        :param authentication: ``CUSTOM_PROVIDER``: how PingOne authenticates to your gateway: BASIC
            (``username``, ``password``), BEARER (``auth_token``) or OAUTH2 (``auth_url``, ``client_id``,
            ``client_secret``). Secret values are always stored encrypted.
        :param requests: ``CUSTOM_PROVIDER``: the HTTP requests PingOne makes, each for SMS or VOICE (several
            per delivery method are allowed).
        :param numbers: Sender numbers: type, number, capabilities, selected/available, supported countries.
        :param sid: ``CUSTOM_TWILIO``: the Twilio account SID.
        :param auth_token: ``CUSTOM_TWILIO``/``CUSTOM_SYNIVERSE``: the account's auth token (secret).
        :param adopt: Take over an existing provider instead of creating one: ``True`` (same name, or same
            Twilio SID) or its ID.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        """
        props = {
            "environment_id": environment_id,
            "provider": provider,
            "name": name,
            "authentication": authentication,
            "requests": requests,
            "numbers": numbers,
            "sid": sid,
            "auth_token": auth_token,
            "adopt": adopt,
            "connection": connection,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(PhoneDeliverySettingsProvider(), resource_name, props, opts, secret_outputs=("auth_token",))
