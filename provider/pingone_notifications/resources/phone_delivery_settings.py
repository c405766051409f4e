"""``PhoneDeliverySettings``: a custom SMS/voice provider (your own gateway, Twilio or Syniverse).

Quirks: the ``provider`` kind cannot change (a new kind replaces the resource). Secrets (``password``,
``auth_token``, OAuth2 ``client_secret``, the Twilio/Syniverse ``auth_token``) are accepted and never
returned by PingOne, so the configured values are kept (encrypted) in state and compared there: rotating
a secret updates the provider; a change made outside Pulumi to a secret cannot be detected. A custom
provider's ``name`` is unique per environment (the natural key); a Twilio account's ``sid`` likewise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from ..client import PingOneClient
from ._base import BaseProvider
from ._common import Country, EnvironmentId, LocalFields
from ._fields import Api, register, shape_of
from ._shape import same, to_props
from ._types import (
    AuthenticationMethod,
    ClientAuthenticationMethod,
    GrantType,
    HttpMethod,
    NumberType,
    PhoneChannel,
    PhoneNumberFormat,
    ProviderKind,
)
from ._validation import StrictModel

__all__ = ["PhoneDeliverySettingsProvider", "PhoneModel"]

_OAUTH2 = ("method", ("OAUTH2",))
_CUSTOM = ("provider", ("CUSTOM_PROVIDER",))
_TWILIO = ("provider", ("CUSTOM_TWILIO",))
_ACCOUNT = ("provider", ("CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"))


class _Authentication(StrictModel):
    """How PingOne authenticates to your gateway."""

    method: AuthenticationMethod = Field(description="``BASIC``, ``BEARER`` or ``OAUTH2``.")
    username: str | None = Field(default=None, min_length=1, description="BASIC.")
    password: Annotated[str | None, Api(secret=True)] = Field(default=None, min_length=1, description="BASIC (secret).")
    auth_token: Annotated[str | None, Api(secret=True)] = Field(
        default=None, min_length=1, description="BEARER (secret)."
    )
    auth_url: str | None = Field(default=None, description="OAUTH2: the provider's token endpoint.")
    client_id: str | None = Field(default=None, min_length=1, description="OAUTH2.")
    client_secret: Annotated[str | None, Api(secret=True)] = Field(
        default=None, min_length=1, description="OAUTH2 (secret)."
    )
    scopes: str | None = Field(default=None, description="OAUTH2, optional, space separated.")
    grant_type: Annotated[GrantType | None, Api(only_for=_OAUTH2, default="CLIENT_CREDENTIALS")] = Field(
        default=None, description="OAUTH2: default ``CLIENT_CREDENTIALS``."
    )
    client_authentication_method: Annotated[
        ClientAuthenticationMethod | None, Api(only_for=_OAUTH2, default="BASIC_AUTH_HEADER")
    ] = Field(default=None, description="OAUTH2: default ``BASIC_AUTH_HEADER``.")

    @model_validator(mode="after")
    def _fields_for_method(self) -> _Authentication:
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
    """An HTTP request PingOne makes to your gateway."""

    delivery_method: PhoneChannel
    url: str = Field(min_length=1, max_length=2048, description="For GET it must include ``${to}`` and ``${message}``.")
    method: HttpMethod
    body: str | None = Field(
        default=None,
        max_length=10_000,
        description="POST: include ``${to}`` and ``${message}`` (``${from}``, ``${otp}``… optional).",
    )
    headers: Annotated[dict[str, str] | None, Api(map_valued=True)] = None
    phone_number_format: PhoneNumberFormat = Field(default="FULL", description="Default ``FULL``.")
    before_tag: str | None = Field(default=None, max_length=1024, description="VOICE only, e.g. ``<Say>``.")
    after_tag: str | None = Field(default=None, max_length=1024, description="VOICE only, e.g. ``</Say>``.")

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
    """A sender number."""

    type: NumberType
    number: str = Field(min_length=1, max_length=32)
    selected: bool = False
    available: bool = False
    capabilities: Annotated[list[PhoneChannel], Api(set_like=True)] = Field(min_length=1)
    supported_countries: Annotated[list[Country] | None, Api(set_like=True)] = None

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
    """A custom SMS/voice provider for a PingOne environment: your own HTTP gateway (``CUSTOM_PROVIDER`` with
    BASIC, BEARER or OAUTH2 authentication), or your Twilio (``CUSTOM_TWILIO``) or Syniverse
    (``CUSTOM_SYNIVERSE``) account. Its ``id`` goes into fallback chains."""

    environment_id: Annotated[EnvironmentId, Api(replace=True, key=True)] = Field(
        description="The PingOne environment (changing it replaces the resource)."
    )
    provider: Annotated[ProviderKind, Api(replace=True, key=True)] = Field(
        description="``CUSTOM_PROVIDER``, ``CUSTOM_TWILIO`` or ``CUSTOM_SYNIVERSE`` (changing it replaces the "
        "resource)."
    )
    name: Annotated[str | None, Api(key=True, only_for=_CUSTOM)] = Field(
        default=None,
        min_length=1,
        max_length=256,
        description="``CUSTOM_PROVIDER``: display name, unique in the environment.",
    )
    authentication: Annotated[_Authentication | None, Api(only_for=_CUSTOM)] = Field(
        default=None,
        description="``CUSTOM_PROVIDER``: how PingOne authenticates to your gateway: BASIC (``username``, "
        "``password``), BEARER (``auth_token``) or OAUTH2 (``auth_url``, ``client_id``, ``client_secret``). Secret "
        "values are always stored encrypted.",
    )
    requests: Annotated[list[_Request] | None, Api(only_for=_CUSTOM)] = Field(
        default=None,
        description="``CUSTOM_PROVIDER``: the HTTP requests PingOne makes, each for SMS or VOICE (several per "
        "delivery method are allowed).",
    )
    numbers: Annotated[list[_Number] | None, Api(default=[])] = Field(
        default=None, description="Sender numbers: type, number, capabilities, selected/available, supported countries."
    )
    # A different Twilio account (sid) is a different object, as in Terraform (RequiresReplace); a new auth token
    # for the same account is an in-place update (PingOne checks it again on the PUT), unlike Terraform.
    sid: Annotated[str | None, Api(replace=True, key=True, only_for=_TWILIO)] = Field(
        default=None, min_length=1, max_length=64, description="``CUSTOM_TWILIO``: the Twilio account SID."
    )
    auth_token: Annotated[str | None, Api(secret=True, only_for=_ACCOUNT)] = Field(
        default=None,
        min_length=1,
        max_length=256,
        description="``CUSTOM_TWILIO``/``CUSTOM_SYNIVERSE``: the account's auth token (secret).",
    )
    adopt: bool | str | None = Field(
        default=None,
        description="Take over an existing provider instead of creating one: ``True`` (same name, or same Twilio "
        "SID) or its ID.",
    )
    created_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")
    updated_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")

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


register(PhoneModel)


class PhoneDeliverySettingsProvider(BaseProvider):
    type_name: ClassVar[str] = "PhoneDeliverySettings"
    model = PhoneModel

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/notificationsSettings/phoneDeliverySettings"

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
        body = super().api_body(m)
        if m.provider != "CUSTOM_PROVIDER":
            # which of the account's numbers to use (selected unless said otherwise); none declared: none selected
            body["numbers"] = [
                {**number, "selected": n.selected if "selected" in n.model_fields_set else True}
                for n, number in zip(m.numbers or [], body["numbers"], strict=True)
            ]
        return body

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
        if _numbers_match(desired.get("numbers"), to_props(dict(existing), self.shape).get("numbers")):
            changes.remove("numbers")
        return changes

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
            want["supported_countries"], have.get("supported_countries"), key="supported_countries",
            shape=shape_of(_Number),
        ):  # fmt: skip
            return False
    return not any(n.get("selected") for number, n in numbers.items() if number not in wanted)
