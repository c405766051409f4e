"""``EnvironmentNotifications``: everything about notifications for one PingOne environment, as one component.

It creates the phone delivery settings first and wires their IDs, by the names you gave them, into the
policy's provider fallback chains and the settings' ``sms_providers_fallback_chain``; then the template
contents from a declarative description (template → locale → channel → content)::

    EnvironmentNotifications(
        "prod-eu",
        environment_id=env_id,
        connection={"region_code": "EU"},
        phone_providers={"gateway": {"provider": "CUSTOM_PROVIDER", "name": "Gateway", ...}},
        policy={"name": "Production", "quotas": [...], "provider_conditions": [
            {"delivery_methods": ["SMS"], "fallback_chain": ["gateway"]}]},
        settings={"delivery_mode": "ALL", "sms_providers_fallback_chain": ["gateway", "PINGONE_TWILIO"]},
        templates={"strong_authentication": {"en": {"SMS": {"content": "Code ${otp}"}}}},
    )

In fallback chains, a name of one of ``phone_providers`` stands for its ID; ``PINGONE_TWILIO`` and literal IDs
pass through unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import pulumi

from .resources import (
    DeliveryMethod,
    NotificationPolicy,
    NotificationsSettings,
    NotificationTemplateContent,
    PhoneDeliverySettings,
    TemplateName,
)

__all__ = ["EnvironmentNotifications"]

PINGONE_TWILIO = "PINGONE_TWILIO"


class EnvironmentNotifications(pulumi.ComponentResource):
    """Phone providers, a notification policy, the notifications settings and template contents of one
    environment, with fallback chains wired by provider name."""

    phone_provider_ids: pulumi.Output[dict[str, str]]
    policy_id: pulumi.Output[str | None]
    content_ids: pulumi.Output[dict[str, str]]

    def __init__(
        self,
        name: str,
        *,
        environment_id: pulumi.Input[str],
        connection: Mapping[str, Any] | None = None,
        phone_providers: Mapping[str, Mapping[str, Any]] | None = None,
        policy: Mapping[str, Any] | None = None,
        settings: Mapping[str, Any] | None = None,
        templates: Mapping[str, Mapping[str, Mapping[str, Mapping[str, Any]]]] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment.
        :param connection: Connection for every resource of this environment (region, worker app); keys left
            out come from stack config.
        :param phone_providers: Name → ``PhoneDeliverySettings`` arguments.
        :param policy: ``NotificationPolicy`` arguments; ``provider_conditions`` is a list of conditions whose
            ``fallback_chain`` may name phone providers. Left out: no policy is managed.
        :param settings: ``NotificationsSettings`` arguments; ``sms_providers_fallback_chain`` may name phone
            providers. Left out: the settings are not managed.
        :param templates: template name → locale → delivery method (``Email``/``SMS``/``Voice``/``Push``) →
            ``NotificationTemplateContent`` arguments (``content``, ``subject``, ``body``, …, ``variant``).
        """
        super().__init__("pingone:notifications:EnvironmentNotifications", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        common: dict[str, Any] = {"environment_id": environment_id}
        if connection:
            common["connection"] = dict(connection)

        self.phone_providers: dict[str, PhoneDeliverySettings] = {
            key: PhoneDeliverySettings(f"{name}-{key}", **common, **dict(args), opts=child)
            for key, args in (phone_providers or {}).items()
        }

        def chain(entries: Sequence[str]) -> list[pulumi.Input[str]]:
            return [self.phone_providers[e].id if e in self.phone_providers else e for e in entries]

        self.policy: NotificationPolicy | None = None
        if policy is not None:
            args = dict(policy)
            conditions = args.pop("provider_conditions", None)
            if conditions:
                args["provider_configuration"] = {
                    "conditions": [{**c, "fallback_chain": chain(c.get("fallback_chain", []))} for c in conditions]
                }
            self.policy = NotificationPolicy(f"{name}-policy", **common, **args, opts=child)

        self.settings: NotificationsSettings | None = None
        if settings is not None:
            args = dict(settings)
            if "sms_providers_fallback_chain" in args:
                args["sms_providers_fallback_chain"] = chain(args["sms_providers_fallback_chain"])
            self.settings = NotificationsSettings(f"{name}-settings", **common, **args, opts=child)

        self.contents: dict[str, NotificationTemplateContent] = {}
        for template, locales in (templates or {}).items():
            for locale, channels in locales.items():
                for method, content in channels.items():
                    key = "/".join(p for p in (template, locale, method, content.get("variant")) if p)
                    self.contents[key] = NotificationTemplateContent(
                        f"{name}-{key.replace('/', '-')}",
                        **common,
                        # keys of runtime data: a wrong name fails the content's check at preview, naming it
                        template_name=cast(TemplateName, template),
                        locale=locale,
                        delivery_method=cast(DeliveryMethod, method),
                        **dict(content),
                        opts=child,
                    )

        self.phone_provider_ids = pulumi.Output.all(**{k: p.id for k, p in self.phone_providers.items()}).apply(
            lambda ids: dict(ids)
        )
        self.policy_id = self.policy.id if self.policy else pulumi.Output.from_input(None)
        self.content_ids = pulumi.Output.all(**{k: c.id for k, c in self.contents.items()}).apply(lambda ids: dict(ids))
        self.register_outputs(
            {
                "phone_provider_ids": self.phone_provider_ids,
                "policy_id": self.policy_id,
                "content_ids": self.content_ids,
            }
        )
