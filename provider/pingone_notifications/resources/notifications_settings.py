"""``NotificationsSettings``: the environment's notification settings (one per environment).

Quirks: the object always exists, so *create* is a PUT (it takes the settings over; ``adopt`` is implied)
and its ID is the environment ID. PUT is a full replacement. *Delete* resets the settings to PingOne's
defaults (``DELETE`` answers 200 with the reset object). ``deliveryMode`` defaults by environment type
(production ALL, sandbox WHITELIST), so when it is left out PingOne decides and it is not compared.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, ClassVar

from pulumi.dynamic import CheckFailure, CreateResult
from pydantic import AfterValidator, BeforeValidator, Field

from .. import rules
from ..client import PingOneClient
from ._base import BaseProvider
from ._common import EmailAddress, EnvironmentId, LocalFields
from ._fields import Api, register
from ._types import DeliveryMode
from ._validation import StrictModel, failure

__all__ = ["NotificationsSettingsProvider", "SettingsModel"]

PINGONE_TWILIO = "PINGONE_TWILIO"
DEFAULT_FROM = {"name": "PingOne", "address": "noreply@pingidentity.com"}
WHITELIST_MAX_SANDBOX = 50


class _SmsVoiceQuota(StrictModel):
    daily: int = Field(
        ge=0,
        le=50,
        description="Maximum SMS + voice notifications per user per day, 0–50 (counters reset at midnight UTC).",
    )


class _Restrictions(StrictModel):
    sms_voice_quota: _SmsVoiceQuota


def _user_id(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("user"), dict):
        return value["user"].get("id")
    return value


def _chain_entry(value: str) -> str:
    # Seed 003: entries are PhoneDeliverySettings IDs or "PINGONE_TWILIO"; the Terraform provider validates each
    # with Any(P1 resource UUID, "PINGONE_TWILIO") (../shared/reference/terraform-provider-notes.md §4.1).
    if value != PINGONE_TWILIO and not rules.UUID_RE.match(value):
        raise ValueError(f"{value!r} is neither a phone delivery settings ID (a lower-case UUID) nor PINGONE_TWILIO")
    return value


def _whitelist_wire(ids: list[str]) -> list[dict[str, Any]]:
    return [{"user": {"id": u}} for u in ids]


class SettingsModel(LocalFields):
    """The notification settings of one PingOne environment (a singleton: one per environment).

    Creating it takes the environment's settings over; destroying it resets them to PingOne's defaults.
    """

    environment_id: Annotated[EnvironmentId, Api(replace=True, key=True)] = Field(
        description="The PingOne environment whose settings these are (changing it replaces the resource)."
    )
    # Left out: PingOne's default for the environment type (production ALL, sandbox WHITELIST), not compared.
    delivery_mode: Annotated[DeliveryMode | None, Api(keep_when_absent=True)] = Field(
        default=None,
        description="``ALL`` (production environments only) or ``WHITELIST`` (only the ``whitelist`` users receive "
        "notifications). Left out: PingOne's default for the environment type.",
    )
    restrictions: Annotated[_Restrictions | None, Api(keep_when_absent=True)] = Field(
        default=None, description='``{"sms_voice_quota": {"daily": 0..50}}``: SMS + voice messages per user per day.'
    )
    sms_providers_fallback_chain: Annotated[
        list[Annotated[str, AfterValidator(_chain_entry)]] | None, Api(default=[])
    ] = Field(
        default=None,
        description='Phone delivery settings IDs, and/or ``"PINGONE_TWILIO"``, in the order providers are tried. '
        "Empty: PingOne's own Twilio account.",
    )
    from_: Annotated[EmailAddress | None, Api(default=DEFAULT_FROM)] = Field(
        default=None,
        description='The email sender ``{"name", "address"}`` (a trusted address). Left out: PingOne\'s '
        "``noreply@pingidentity.com``.",
    )
    reply_to: EmailAddress | None = Field(
        default=None, description='The email reply-to ``{"name", "address"}`` (a trusted address).'
    )
    whitelist: Annotated[
        list[Annotated[EnvironmentId, BeforeValidator(_user_id)]] | None,
        Api(set_like=True, default=[], wire_form=_whitelist_wire, output_type="list[WhitelistEntry]"),
    ] = Field(
        default=None,
        description="User IDs that receive notifications when ``delivery_mode`` is ``WHITELIST`` (at most 50 in a "
        "sandbox).",
    )
    updated_at: Annotated[str | None, Api(output_only=True)] = Field(default=None, description="Set by PingOne.")


register(SettingsModel)


class NotificationsSettingsProvider(BaseProvider):
    type_name: ClassVar[str] = "NotificationsSettings"
    model = SettingsModel

    def collection_path(self, props: Mapping[str, Any]) -> str:
        return f"/environments/{props['environment_id']}/notificationsSettings"

    def item_path(self, props: Mapping[str, Any], id_: str) -> str:
        return self.collection_path(props)

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"NotificationsSettings of environment {props.get('environment_id')}"

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        env = values.get("environment_id")  # one settings object per environment (seed 003)
        return f"notifications settings|environment {env}" if isinstance(env, str) else None

    def extra_failures(self, model: Any, props: Mapping[str, Any]) -> list[CheckFailure]:
        m: SettingsModel = model
        out = []
        chain = m.sms_providers_fallback_chain or []
        for i, entry in enumerate(chain):
            if not entry:
                out.append(
                    failure(
                        f"sms_providers_fallback_chain[{i}]", "must be a phone delivery settings ID or PINGONE_TWILIO"
                    )
                )
            elif entry in chain[:i]:
                out.append(failure(f"sms_providers_fallback_chain[{i}]", f"{entry} appears twice in the chain"))
        users = m.whitelist or []
        for i, uid in enumerate(users):
            if uid in users[:i]:
                out.append(failure(f"whitelist[{i}]", f"user {uid} is listed twice"))
        # Seed 003 (deliveryMode): "ALL ... is supported in the production environment only"; "Sandbox
        # environments have a maximum limit of 50 users in the whitelist array" (production has no such limit).
        depends = m.delivery_mode == "ALL" or len(users) > WHITELIST_MAX_SANDBOX
        if depends and self.environment_type(props) == "SANDBOX":
            if m.delivery_mode == "ALL":
                out.append(
                    failure(
                        "delivery_mode",
                        "ALL is supported in production environments only; this environment is a sandbox "
                        "(use WHITELIST)",
                    )
                )
            if len(users) > WHITELIST_MAX_SANDBOX:
                out.append(
                    failure(
                        "whitelist", f"{len(users)} users; a sandbox environment allows at most {WHITELIST_MAX_SANDBOX}"
                    )
                )
        return out

    def adopts(self, props: Mapping[str, Any]) -> bool:
        return True  # the settings always exist: creating the resource takes them over

    def adopt_target(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        return client.get(self.collection_path(props), context=self.context(props, "read before taking over"))

    def create(self, props: dict[str, Any]) -> CreateResult:
        client = self.client(props)
        body = self.api_body(self._model(props))
        live = self.adopt_target(client, props, body) or {}
        if self.adoption_changes(props, live) == []:
            obj = live  # already as the program says: taken over without a write
        else:
            obj = client.put(self.collection_path(props), body, context=self.context(props, "apply"))
        return CreateResult(str(props["environment_id"]), self.outputs(props, obj))

    def delete_object(self, client: PingOneClient, id_: str, props: Mapping[str, Any]) -> None:
        client.delete(self.collection_path(props), context=self.context(props, "reset to defaults"))

    def outputs(self, props: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().outputs(props, obj)
        outs.pop("id", None)
        return outs
