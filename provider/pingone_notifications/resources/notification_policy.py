"""``NotificationPolicy``: quotas, country limits, cooldowns and provider fallback chains for one environment.

Quirks: names are unique per environment (the natural key). Enum case differs by field, as in the API:
quotas and country limits say ``Voice``/``Email``; provider conditions say ``VOICE``. Every environment has
a *default* policy that PingOne refuses to delete: adopt it with ``adopt="default"``; destroying a resource
that holds the default policy leaves the policy in PingOne (as it last was) and only drops it from the
stack, with a warning. A policy can be made the default with ``default=True``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any, ClassVar, Literal, TypedDict

import pulumi
from pydantic import BeforeValidator, Field, model_validator

from ..client import PingOneClient
from ._base import BaseProvider, PingOneResource, warn
from ._common import ConnectionArgs, Country, EnvironmentId, LocalFields, as_id_link
from ._validation import StrictModel

__all__ = [
    "CooldownArgs",
    "CountryLimitArgs",
    "NotificationPolicy",
    "NotificationPolicyProvider",
    "ProviderConditionArgs",
    "ProviderConfigurationArgs",
    "QuotaArgs",
]

USER_QUOTA_MAX = 50


# ---- argument shapes (for type checkers and editors) --------------------------------------------------------
class QuotaArgs(TypedDict, total=False):
    type: Literal["USER", "ENVIRONMENT"]
    """Per user per day, or for the whole environment per day."""
    delivery_methods: list[Literal["SMS", "Voice", "Email"]]
    """``["SMS", "Voice"]`` (one shared limit; the default) or ``["Email"]``."""
    total: int
    """Maximum notifications per day. Use either ``total`` or ``claimed`` + ``unclaimed``."""
    claimed: int
    """Maximum per day that were received and responded to."""
    unclaimed: int
    """Maximum per day that were received and not responded to."""


class CountryLimitArgs(TypedDict, total=False):
    type: Literal["NONE", "ALLOWED", "DENIED"]
    delivery_methods: list[Literal["SMS", "Voice"]]
    countries: list[str]
    """ISO 3166-1 alpha-2 codes (upper case)."""


class CooldownPeriodArgs(TypedDict):
    duration: int
    """10–600 with ``SECONDS``, 1–10 with ``MINUTES``."""
    time_unit: Literal["SECONDS", "MINUTES"]


class CooldownMethodArgs(TypedDict, total=False):
    enabled: bool
    periods: list[CooldownPeriodArgs]
    """Exactly three: the wait before the 1st, the 2nd and every later resend."""
    group_by: str
    """Empty (by address/number) or ``USER_ID``."""
    resend_limit: int
    """1–10 resends before the recipient is blocked for 30 minutes."""


class CooldownArgs(TypedDict):
    email: CooldownMethodArgs
    sms: CooldownMethodArgs
    voice: CooldownMethodArgs
    whats_app: CooldownMethodArgs


class ProviderConditionArgs(TypedDict, total=False):
    delivery_methods: list[Literal["SMS", "VOICE"]]
    countries: list[str]
    """Leave out on the last condition: it is the order for every other country."""
    fallback_chain: list[pulumi.Input[str]]
    """Phone delivery settings IDs (e.g. ``gateway.id``), tried in order."""


class ProviderConfigurationArgs(TypedDict):
    conditions: list[ProviderConditionArgs]
    """Per countries and delivery methods, the providers to try; the last condition has no countries."""


# ---- validation models --------------------------------------------------------------------------------------
class _Quota(StrictModel):
    type: Literal["USER", "ENVIRONMENT"]
    delivery_methods: list[Literal["SMS", "Voice", "Email"]] = Field(default=["SMS", "Voice"], min_length=1)
    total: int | None = Field(default=None, ge=0)
    claimed: int | None = Field(default=None, ge=0)
    unclaimed: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _rules(self) -> _Quota:
        if "Email" in self.delivery_methods and len(self.delivery_methods) > 1:
            raise ValueError('Email cannot share a quota with SMS or Voice: use ["Email"] or ["SMS", "Voice"]')
        if self.total is not None and (self.claimed is not None or self.unclaimed is not None):
            raise ValueError("set either total, or claimed and unclaimed, not both")
        if (self.claimed is None) != (self.unclaimed is None):
            raise ValueError("claimed and unclaimed must be set together")
        if self.type == "USER":
            for name in ("total", "claimed", "unclaimed"):
                value = getattr(self, name)
                if value is not None and value > USER_QUOTA_MAX:
                    raise ValueError(f"a USER quota's {name} is at most {USER_QUOTA_MAX} per day; got {value}")
        return self


class _CountryLimit(StrictModel):
    type: Literal["NONE", "ALLOWED", "DENIED"]
    delivery_methods: list[Literal["SMS", "Voice"]] | None = Field(default=None, min_length=1)
    countries: list[Country] | None = None

    @model_validator(mode="after")
    def _rules(self) -> _CountryLimit:
        if self.type == "NONE" and (self.countries or self.delivery_methods):
            raise ValueError("with type NONE, leave countries and delivery_methods out")
        if self.type != "NONE" and not self.countries:
            raise ValueError(f"type {self.type} needs at least one country in countries")
        if self.countries and len(set(self.countries)) != len(self.countries):
            raise ValueError("countries lists a country twice")
        return self


class _Period(StrictModel):
    duration: int
    time_unit: Literal["SECONDS", "MINUTES"]

    @model_validator(mode="after")
    def _range(self) -> _Period:
        low, high = (10, 600) if self.time_unit == "SECONDS" else (1, 10)
        if not low <= self.duration <= high:
            raise ValueError(f"duration must be {low}–{high} {self.time_unit}; got {self.duration}")
        return self


class _CooldownMethod(StrictModel):
    enabled: bool
    periods: list[_Period] | None = None
    group_by: str | None = Field(default=None, max_length=64)
    resend_limit: int | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="after")
    def _rules(self) -> _CooldownMethod:
        if self.periods is not None and len(self.periods) != 3:
            raise ValueError("periods must list exactly three waits (before the 1st, 2nd and later resends)")
        if self.enabled and (self.periods is None or self.resend_limit is None):
            raise ValueError("an enabled cooldown needs periods (three) and resend_limit")
        return self


class _Cooldown(StrictModel):
    email: _CooldownMethod
    sms: _CooldownMethod
    voice: _CooldownMethod
    whats_app: _CooldownMethod


class _Link(StrictModel):
    # A phone delivery settings ID: the Terraform provider types it as a ResourceID (lower-case UUID), and seed
    # 004's chains hold only such IDs.
    id: EnvironmentId


_BOTH_CONDITION: tuple[Literal["SMS", "VOICE"], ...] = ("SMS", "VOICE")


class _Condition(StrictModel):
    delivery_methods: list[Literal["SMS", "VOICE"]] = Field(default=list(_BOTH_CONDITION), min_length=1)
    countries: list[Country] | None = Field(default=None, min_length=1)
    fallback_chain: list[Annotated[_Link, BeforeValidator(as_id_link)]] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> _Condition:
        ids = [link.id for link in self.fallback_chain]
        if len(set(ids)) != len(ids):
            raise ValueError("fallback_chain lists a provider twice")
        return self


class _ProviderConfiguration(StrictModel):
    conditions: list[_Condition] = Field(min_length=1)

    @model_validator(mode="after")
    def _last_is_default(self) -> _ProviderConfiguration:
        countryless = [i for i, c in enumerate(self.conditions) if not c.countries]
        if countryless != [len(self.conditions) - 1]:
            raise ValueError(
                "exactly one condition must leave countries out, and it must be the last: it is the "
                "fallback order for every other country"
            )
        return self


class PolicyModel(LocalFields):
    name: str = Field(min_length=1, max_length=256)
    default: bool | None = None
    quotas: list[_Quota] = Field(default_factory=list, max_length=2)
    country_limit: _CountryLimit | None = None
    cooldown_configuration: _Cooldown | None = None
    provider_configuration: _ProviderConfiguration | None = None

    @model_validator(mode="after")
    def _one_quota_per_group(self) -> PolicyModel:
        groups = ["email" if q.delivery_methods == ["Email"] else "phone" for q in self.quotas]
        if len(set(groups)) != len(groups):
            raise ValueError("quotas: at most one SMS/Voice quota and one Email quota")
        return self


_DISABLED = {"enabled": False}


class NotificationPolicyProvider(BaseProvider):
    type_name: ClassVar[str] = "NotificationPolicy"
    model = PolicyModel

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/notificationsPolicies"

    key_inputs = ("environment_id", "name")

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        env, name = values.get("environment_id"), values.get("name")  # names are unique per environment
        if not isinstance(env, str) or not isinstance(name, str):
            return None
        return f"notification policy|environment {env}|name {name.lower()}"

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"NotificationPolicy {props.get('name')!r} in environment {props.get('environment_id')}"

    def api_body(self, model: Any) -> dict[str, Any]:
        m: PolicyModel = model
        body: dict[str, Any] = {
            "name": m.name,
            "quotas": [_camel_dump(q) for q in m.quotas],
            "countryLimit": _country_limit(m.country_limit),
            "cooldownConfiguration": _cooldown(m.cooldown_configuration),
        }
        if m.default is not None:
            body["default"] = m.default
        if m.provider_configuration is not None:
            body["providerConfiguration"] = {
                "conditions": [_camel_dump(c) for c in m.provider_configuration.conditions]
            }
        return body

    def expected(self, model: Any) -> dict[str, Any]:
        desired = super().expected(model)
        desired.setdefault("provider_configuration", {})
        return desired

    def live_view(self, live: dict[str, Any]) -> dict[str, Any]:
        """A condition created without deliveryMethods applies to SMS and VOICE, and PingOne does not echo that
        default (issue 16 item 8); this resource always sends it. So a condition without it (made in the admin
        console, or by a script) is the same as one with both: adopting or exporting it is not a change."""
        conditions = (live.get("provider_configuration") or {}).get("conditions")
        if not isinstance(conditions, list) or all(
            not isinstance(c, dict) or c.get("delivery_methods") is not None for c in conditions
        ):
            return live
        filled = [
            {**c, "delivery_methods": list(_BOTH_CONDITION)}
            if isinstance(c, dict) and c.get("delivery_methods") is None
            else c
            for c in conditions
        ]
        return {**live, "provider_configuration": {**live["provider_configuration"], "conditions": filled}}

    def put_body(self, body: dict[str, Any], existing: Mapping[str, Any]) -> dict[str, Any]:
        # Keep the default flag unless the program sets it: PUT is a full replacement.
        if "default" not in body and existing.get("default") is not None:
            return {**body, "default": existing["default"]}
        return body

    def find_existing(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        name = str(body.get("name", "")).lower()
        for policy in client.paged(
            self.collection_path(props), "notificationsPolicies", context=self.context(props, "look up by name")
        ):
            if str(policy.get("name", "")).lower() == name:
                return policy
        return None

    def adopt_target(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if props.get("adopt") == "default":
            for policy in client.paged(
                self.collection_path(props),
                "notificationsPolicies",
                context=self.context(props, "find the default policy"),
            ):
                if policy.get("default"):
                    return policy
            return None
        return super().adopt_target(client, props, body)

    def delete_object(self, client: PingOneClient, id_: str, props: Mapping[str, Any]) -> None:
        live = self.await_visible(client, id_, props)  # (waits only right after our own create)
        if live is None:
            return
        if live.get("default"):
            conditions = (live.get("providerConfiguration") or {}).get("conditions")
            if conditions:
                # Its fallback chains name phone delivery settings, which PingOne will not delete while they
                # are referenced: drop the chains (the policy's only ties to other objects) so that they can go.
                kept = {k: v for k, v in live.items() if k not in ("providerConfiguration", "_links", "environment")}
                client.put(self.item_path(props, id_), kept, context=self.context(props, "delete"))
            warn(
                f"{self.describe(props)} is the environment's default notification policy, which PingOne does "
                "not allow to be deleted: it was left in place and removed from the stack only"
                + (" (its provider fallback chains were removed, so that the providers they name can be deleted)."
                   if conditions else " (with its current settings).")
            )  # fmt: skip
            return
        super().delete_object(client, id_, props)


def _camel_dump(model: StrictModel) -> dict[str, Any]:
    from ._shape import to_api

    result: dict[str, Any] = to_api(model.model_dump(exclude_none=True))
    return result


def _country_limit(limit: _CountryLimit | None) -> dict[str, Any]:
    if limit is None or limit.type == "NONE":
        return {"type": "NONE"}
    return {
        "type": limit.type,
        "deliveryMethods": list(limit.delivery_methods or ["SMS", "Voice"]),
        "countries": list(limit.countries or []),
    }


def _cooldown(cooldown: _Cooldown | None) -> dict[str, Any]:
    if cooldown is None:
        return {"email": dict(_DISABLED), "sms": dict(_DISABLED), "voice": dict(_DISABLED), "whatsApp": dict(_DISABLED)}
    return _camel_dump(cooldown)


class NotificationPolicy(PingOneResource, module="pingone", name="NotificationPolicy"):
    """A PingOne notification policy: daily quotas, country limits, resend cooldowns and, per country and
    delivery method, the order in which custom SMS/voice providers are tried."""

    environment_id: pulumi.Output[str]
    name: pulumi.Output[str]
    default: pulumi.Output[bool]
    quotas: pulumi.Output[list[dict[str, Any]]]
    country_limit: pulumi.Output[dict[str, Any]]
    cooldown_configuration: pulumi.Output[dict[str, Any]]
    provider_configuration: pulumi.Output[dict[str, Any] | None]
    created_at: pulumi.Output[str]
    updated_at: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        name: pulumi.Input[str],
        quotas: pulumi.Input[Sequence[pulumi.Input[QuotaArgs]]] | None = None,
        country_limit: pulumi.Input[CountryLimitArgs] | None = None,
        cooldown_configuration: pulumi.Input[CooldownArgs] | None = None,
        provider_configuration: pulumi.Input[ProviderConfigurationArgs] | None = None,
        default: pulumi.Input[bool] | None = None,
        adopt: pulumi.Input[bool | str] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces the policy).
        :param name: Unique among the environment's notification policies (changes in place).
        :param quotas: Up to two daily quotas: one for ``["SMS", "Voice"]`` and one for ``["Email"]``;
            ``USER`` quotas are at most 50. Empty: unlimited.
        :param country_limit: ``{"type": "ALLOWED"|"DENIED", "countries": [...]}`` to restrict where SMS/voice
            may go; default ``{"type": "NONE"}``.
        :param cooldown_configuration: Resend cooldowns for ``email``, ``sms``, ``voice`` and ``whats_app``
            (all four when set); default: disabled.
        :param provider_configuration: ``{"conditions": [...]}``: per countries and delivery methods, the
            phone delivery settings IDs to try in order; the last condition has no countries.
        :param default: ``True`` makes this the environment's default policy (used when a flow names none).
            Left out: unchanged.
        :param adopt: Take over an existing policy instead of creating one: ``True`` (the policy with this
            name), ``"default"`` (the environment's default policy) or a policy ID. Its settings are then
            replaced by this resource's.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        """
        props = {
            "environment_id": environment_id,
            "name": name,
            "quotas": quotas,
            "country_limit": country_limit,
            "cooldown_configuration": cooldown_configuration,
            "provider_configuration": provider_configuration,
            "default": default,
            "adopt": adopt,
            "connection": connection,
            "created_at": None,
            "updated_at": None,
        }
        super().__init__(NotificationPolicyProvider(), resource_name, props, opts)
