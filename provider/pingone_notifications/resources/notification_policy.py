"""``NotificationPolicy``: quotas, country limits, cooldowns and provider fallback chains for one environment.

Quirks: names are unique per environment (the natural key). Enum case differs by field, as in the API:
quotas and country limits say ``Voice``/``Email``; provider conditions say ``VOICE``. Every environment has
a *default* policy that PingOne refuses to delete: adopt it with ``adopt="default"``; destroying a resource
that holds the default policy leaves the policy in PingOne (as it last was) and only drops it from the
stack, with a warning. A policy can be made the default with ``default=True``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, model_validator

from ..client import PingOneClient
from ._base import BaseProvider, warn
from ._common import Country, EnvironmentId, LocalFields, as_id_link
from ._fields import Api, register
from ._types import CountryLimitDeliveryMethod, CountryLimitType, PhoneChannel, QuotaDeliveryMethod, QuotaType, TimeUnit
from ._validation import StrictModel

__all__ = ["NotificationPolicyProvider", "PolicyModel"]

USER_QUOTA_MAX = 50


_BOTH_CONDITION: tuple[PhoneChannel, ...] = ("SMS", "VOICE")
_DISABLED = {"enabled": False}
_LIMITED = ("type", ("ALLOWED", "DENIED"))


class _Quota(StrictModel):
    """A daily quota."""

    type: QuotaType = Field(description="Per user per day, or for the whole environment per day.")
    delivery_methods: Annotated[list[QuotaDeliveryMethod], Api(set_like=True)] = Field(
        default=["SMS", "Voice"],
        min_length=1,
        description='``["SMS", "Voice"]`` (one shared limit; the default) or ``["Email"]``.',
    )
    total: int | None = Field(
        default=None,
        ge=0,
        description="Maximum notifications per day. Use either ``total`` or ``claimed`` + ``unclaimed``.",
    )
    claimed: int | None = Field(default=None, ge=0, description="Maximum per day that were received and responded to.")
    unclaimed: int | None = Field(
        default=None, ge=0, description="Maximum per day that were received and not responded to."
    )

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
    """Where SMS and voice messages may go."""

    type: CountryLimitType = Field(description="``NONE`` (no limit), ``ALLOWED`` or ``DENIED`` (the countries).")
    delivery_methods: Annotated[
        list[CountryLimitDeliveryMethod] | None, Api(set_like=True, only_for=_LIMITED, default=["SMS", "Voice"])
    ] = Field(default=None, min_length=1, description='Default ``["SMS", "Voice"]``.')
    countries: Annotated[list[Country] | None, Api(set_like=True, only_for=_LIMITED, default=[])] = Field(
        default=None, description="ISO 3166-1 alpha-2 codes (upper case)."
    )

    @model_validator(mode="after")
    def _rules(self) -> _CountryLimit:
        if self.type == "NONE" and (self.countries or self.delivery_methods):
            raise ValueError("with type NONE, leave countries and delivery_methods out")
        if self.type != "NONE" and not self.countries:
            raise ValueError(f"type {self.type} needs at least one country in countries")
        if self.countries and len(set(self.countries)) != len(self.countries):
            raise ValueError("countries lists a country twice")
        return self


class _CooldownPeriod(StrictModel):
    duration: int = Field(description="10–600 with ``SECONDS``, 1–10 with ``MINUTES``.")
    time_unit: TimeUnit

    @model_validator(mode="after")
    def _range(self) -> _CooldownPeriod:
        low, high = (10, 600) if self.time_unit == "SECONDS" else (1, 10)
        if not low <= self.duration <= high:
            raise ValueError(f"duration must be {low}–{high} {self.time_unit}; got {self.duration}")
        return self


class _CooldownMethod(StrictModel):
    enabled: bool
    periods: list[_CooldownPeriod] | None = Field(
        default=None, description="Exactly three: the wait before the 1st, the 2nd and every later resend."
    )
    group_by: str | None = Field(default=None, max_length=64, description="Empty (by address/number) or ``USER_ID``.")
    resend_limit: int | None = Field(
        default=None, ge=1, le=10, description="1–10 resends before the recipient is blocked for 30 minutes."
    )

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


class _ProviderLink(StrictModel):
    # A phone delivery settings ID: the Terraform provider types it as a ResourceID (lower-case UUID), and seed
    # 004's chains hold only such IDs.
    id: EnvironmentId


class _ProviderCondition(StrictModel):
    delivery_methods: Annotated[list[PhoneChannel], Api(set_like=True)] = Field(
        default=list(_BOTH_CONDITION), min_length=1, description='Default ``["SMS", "VOICE"]``.'
    )
    countries: Annotated[list[Country] | None, Api(set_like=True)] = Field(
        default=None,
        min_length=1,
        description="Leave out on the last condition: it is the order for every other country.",
    )
    fallback_chain: Annotated[
        list[Annotated[_ProviderLink, BeforeValidator(as_id_link)]], Api(arg_type="Sequence[pulumi.Input[str]]")
    ] = Field(min_length=1, description="Phone delivery settings IDs (e.g. ``gateway.id``), tried in order.")

    @model_validator(mode="after")
    def _unique(self) -> _ProviderCondition:
        ids = [link.id for link in self.fallback_chain]
        if len(set(ids)) != len(ids):
            raise ValueError("fallback_chain lists a provider twice")
        return self


class _ProviderConfiguration(StrictModel):
    conditions: list[_ProviderCondition] = Field(
        min_length=1,
        description="Per countries and delivery methods, the providers to try; the last condition has no countries.",
    )

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
    """A PingOne notification policy: daily quotas, country limits, resend cooldowns and, per country and
    delivery method, the order in which custom SMS/voice providers are tried."""

    environment_id: Annotated[EnvironmentId, Api(replace=True, key=True)] = Field(
        description="The PingOne environment (changing it replaces the policy)."
    )
    name: Annotated[str, Api(key=True)] = Field(
        min_length=1,
        max_length=256,
        description="Unique among the environment's notification policies (changes in place).",
    )
    quotas: list[_Quota] = Field(
        default_factory=list,
        max_length=2,
        description='Up to two daily quotas: one for ``["SMS", "Voice"]`` and one for ``["Email"]``; ``USER`` quotas '
        "are at most 50. Empty: unlimited.",
    )
    country_limit: Annotated[_CountryLimit | None, Api(default={"type": "NONE"})] = Field(
        default=None,
        description='``{"type": "ALLOWED"|"DENIED", "countries": [...]}`` to restrict where SMS/voice may go; default '
        '``{"type": "NONE"}``.',
    )
    cooldown_configuration: Annotated[
        _Cooldown | None,
        Api(default={"email": _DISABLED, "sms": _DISABLED, "voice": _DISABLED, "whats_app": _DISABLED}),
    ] = Field(
        default=None,
        description="Resend cooldowns for ``email``, ``sms``, ``voice`` and ``whats_app`` (all four when set); "
        "default: disabled.",
    )
    provider_configuration: _ProviderConfiguration | None = Field(
        default=None,
        description='``{"conditions": [...]}``: per countries and delivery methods, the phone delivery settings IDs '
        "to try in order; the last condition has no countries.",
    )
    default: Annotated[bool | None, Api(keep_when_absent=True)] = Field(
        default=None,
        description="``True`` makes this the environment's default policy (used when a flow names none). Left out: "
        "unchanged.",
    )
    adopt: bool | str | None = Field(
        default=None,
        description="Take over an existing policy instead of creating one: ``True`` (the policy with this name), "
        '``"default"`` (the environment\'s default policy) or a policy ID. Its settings are then replaced by this '
        "resource's.",
    )
    created_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")
    updated_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")

    @model_validator(mode="after")
    def _one_quota_per_group(self) -> PolicyModel:
        groups = ["email" if q.delivery_methods == ["Email"] else "phone" for q in self.quotas]
        if len(set(groups)) != len(groups):
            raise ValueError("quotas: at most one SMS/Voice quota and one Email quota")
        return self


register(PolicyModel)


class NotificationPolicyProvider(BaseProvider):
    type_name: ClassVar[str] = "NotificationPolicy"
    model = PolicyModel

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/notificationsPolicies"

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        env, name = values.get("environment_id"), values.get("name")  # names are unique per environment
        if not isinstance(env, str) or not isinstance(name, str):
            return None
        return f"notification policy|environment {env}|name {name.lower()}"

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"NotificationPolicy {props.get('name')!r} in environment {props.get('environment_id')}"

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
