"""The emulator's domain operations: environments, worker apps, tokens and the notification objects.

HTTP handlers (``api.py``, ``control.py``) translate requests into calls here; everything that touches the
store lives in this module, so the rules about references and uniqueness sit in one place.
"""

from __future__ import annotations

import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from . import catalog, docrules, validate
from .errors import ApiError, Detail, conflict, invalid_data, not_found
from .store import Environment, Store, WorkerApp, sha256

__all__ = ["REGIONS", "EmulatorState", "Settings"]

REGIONS = ("NA", "EU", "AP", "CA", "AU", "SG")
CONTENT, POLICY, PHONE, SETTINGS = "content", "policy", "phone", "settings"
TRUSTED_EMAIL = "trusted_email"
ACCOUNTS, ACCOUNT = "__provider_accounts__", "provider_account"  # Twilio/Syniverse accounts, outside any environment
PINGONE_SENDER = "noreply@pingidentity.com"  # PingOne's own sender, always usable (seed 001, seed 003 defaults)
MAX_CUSTOM_PROVIDERS = 10


def now_iso(ts: float | None = None) -> str:
    dt = datetime.fromtimestamp(time.time() if ts is None else ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


@dataclass
class Settings:
    token_lifetime_seconds: float = 3600.0
    page_size: int = 100


class EmulatorState:
    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or Settings()
        self._last_stamp = ""

    def stamp(self) -> str:
        """A timestamp strictly later than the previous one, so updatedAt orders writes."""
        value = now_iso()
        if value <= self._last_stamp:
            last = datetime.strptime(self._last_stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
            value = now_iso(last.timestamp() + 0.001)
        self._last_stamp = value
        return value

    # ---------------------------------------------------------------------------------------------------------
    # Environments and worker apps (control plane)
    # ---------------------------------------------------------------------------------------------------------
    def create_environment(
        self,
        *,
        env_id: str | None = None,
        name: str | None = None,
        region: str = "NA",
        env_type: str = "SANDBOX",
        languages: list[str] | None = None,
        trusted_emails: list[str] | None = None,
    ) -> Environment:
        region = region.upper()
        if region not in REGIONS:
            raise ValueError(f"region must be one of {', '.join(REGIONS)}")
        if env_type not in ("PRODUCTION", "SANDBOX"):
            raise ValueError("type must be PRODUCTION or SANDBOX")
        env_id = env_id or str(uuid.uuid4())
        if not docrules.is_lower_uuid(env_id):
            raise ValueError("environment id must be a lower-case UUID")
        for lang in languages or []:
            if not docrules.locale_ok(lang):
                raise ValueError(f"{lang!r} is not a valid language code")
        with self.store.transaction():
            existing = self.store.environment(env_id)
            env = Environment(
                env_id,
                name or f"env-{env_id[:8]}",
                region,
                env_type,
                tuple(languages or ()),
                existing.created_at if existing else self.stamp(),
            )
            self.store.put_environment(env)
            if existing is None:
                self._seed_environment(env)
        if trusted_emails is not None:
            self.set_trusted_emails(env.id, trusted_emails)
        return env

    def _seed_environment(self, env: Environment) -> None:
        ts = env.created_at
        for spec in catalog.TEMPLATES.values():
            for method in spec.delivery_methods:
                for locale in catalog.DEFAULT_CONTENT_LOCALES:
                    cid = str(uuid.uuid5(uuid.UUID(env.id), f"{spec.name}/{method}/{locale}"))
                    doc = {
                        "id": cid,
                        "environment": {"id": env.id},
                        "template": {"id": spec.name},
                        "createdAt": ts,
                        "updatedAt": ts,
                        "default": True,
                        "locale": locale,
                        "deliveryMethod": method,
                        **catalog.default_content(spec, method, locale),
                    }
                    self.store.put(env.id, CONTENT, cid, doc, None, parent=spec.name)
        policy_id = str(uuid.uuid5(uuid.UUID(env.id), "default-notification-policy"))
        self.store.put(
            env.id,
            POLICY,
            policy_id,
            {
                "id": policy_id,
                "environment": {"id": env.id},
                "name": "Default Notification Policy",
                "default": True,
                "quotas": [{"type": "USER", "deliveryMethods": ["SMS", "Voice"], "total": 30}],
                "countryLimit": {"type": "NONE"},
                "cooldownConfiguration": {m: {"enabled": False} for m in validate.COOLDOWN_METHODS},
                "createdAt": ts,
                "updatedAt": ts,
            },
            "name|default notification policy",
        )

    def environment(self, env_id: str) -> Environment | None:
        return self.store.environment(env_id)

    def trusted_emails(self, env_id: str) -> list[str]:
        return sorted(d["address"] for d in self.store.list(env_id, TRUSTED_EMAIL))

    def set_trusted_emails(self, env_id: str, addresses: list[str]) -> list[str]:
        """Replace an environment's trusted email addresses (PingOne: verified addresses of a verified email
        domain, managed outside the notification APIs)."""
        if self.store.environment(env_id) is None:
            raise ValueError(f"environment {env_id} does not exist")
        for address in addresses:
            if not isinstance(address, str) or not docrules.mailbox_ok(address):
                raise ValueError(f"{address!r} is not an email address")
        with self.store.transaction():
            for old in self.store.list(env_id, TRUSTED_EMAIL):
                self.store.delete(env_id, TRUSTED_EMAIL, old["id"])
            for address in dict.fromkeys(a.lower() for a in addresses):
                self.store.put(env_id, TRUSTED_EMAIL, address, {"id": address, "address": address}, None)
        return self.trusted_emails(env_id)

    def _check_trusted(self, env: Environment, fields: dict[str, Any]) -> None:
        """Seed 003: ``from.address`` and ``replyTo.address`` "must be a trusted email address"."""
        trusted = {*self.trusted_emails(env.id), PINGONE_SENDER}
        problems = [
            Detail(
                "INVALID_VALUE",
                f"{key}.address",
                f"{key}.address {party['address']!r} is not a trusted email address of environment {env.id}",
            )
            for key in ("from", "replyTo")
            if isinstance(party := fields.get(key), dict)
            and party.get("address")
            and str(party["address"]).lower() not in trusted
        ]
        if problems:
            raise invalid_data(problems)

    def create_worker_app(
        self,
        *,
        environment_id: str,
        client_id: str | None = None,
        client_secret: str | None = None,
        auth_method: str = "CLIENT_SECRET_BASIC",
        environments: list[str] | None = None,
    ) -> tuple[WorkerApp, str]:
        if self.store.environment(environment_id) is None:
            raise ValueError(f"environment {environment_id} does not exist")
        if auth_method not in ("CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST"):
            raise ValueError("token_endpoint_auth_method must be CLIENT_SECRET_BASIC or CLIENT_SECRET_POST")
        client_id = client_id or str(uuid.uuid4())
        client_secret = client_secret or secrets.token_urlsafe(32)
        managed = tuple(dict.fromkeys([environment_id, *(environments or [])]))
        app = WorkerApp(client_id, sha256(client_secret), environment_id, auth_method, managed)
        self.store.put_worker_app(app)
        return app, client_secret

    # ---------------------------------------------------------------------------------------------------------
    # Tokens
    # ---------------------------------------------------------------------------------------------------------
    def issue_token(self, app: WorkerApp, region: str) -> tuple[str, int]:
        token = secrets.token_urlsafe(40)
        lifetime = self.settings.token_lifetime_seconds
        now = time.time()
        self.store.purge_tokens(now - 86400)
        self.store.put_token(token, app.client_id, region, now + lifetime)
        return token, max(int(lifetime), 0)

    def check_secret(self, app: WorkerApp, secret: str) -> bool:
        return secrets.compare_digest(app.secret_sha256, sha256(secret))

    # ---------------------------------------------------------------------------------------------------------
    # Templates and contents
    # ---------------------------------------------------------------------------------------------------------
    def template(self, env: Environment, name: str) -> dict[str, Any]:
        spec = catalog.TEMPLATES.get(name)
        if spec is None:
            raise not_found(f"template {name!r}")
        return {
            "id": spec.name,
            "environment": {"id": env.id},
            "displayName": spec.display_name,
            "description": spec.description,
            "deliveryMethods": list(spec.delivery_methods),
            "variables": {n: v.to_json() for n, v in spec.variables.items()},
            "allowDynamicVariables": spec.allow_dynamic_variables,
            "createdAt": env.created_at,
            "updatedAt": env.created_at,
        }

    def contents(self, env: Environment, template: str) -> list[dict[str, Any]]:
        self.template(env, template)
        return self.store.list(env.id, CONTENT, parent=template)

    def content(self, env: Environment, template: str, content_id: str) -> dict[str, Any]:
        self.template(env, template)
        doc = self.store.get(env.id, CONTENT, content_id)
        if doc is None or doc["template"]["id"] != template:
            raise not_found(f"content {content_id} of template {template}")
        return doc

    @staticmethod
    def _content_key(template: str, doc: dict[str, Any]) -> str:
        variant = str(doc.get("variant") or "").lower()
        return f"{template}|{doc['deliveryMethod']}|{docrules.same_locale_key(doc['locale'])}|{variant}"

    def create_content(self, env: Environment, template: str, body: dict[str, Any]) -> dict[str, Any]:
        spec = catalog.TEMPLATES.get(template)
        if spec is None:
            raise not_found(f"template {template!r}")
        fields = validate.template_content_body(spec, env, body, None)
        key = self._content_key(template, fields)
        with self.store.transaction():
            clash = self.store.find_by_key(env.id, CONTENT, key)
            if clash is not None:
                raise _uniqueness(
                    None,
                    "A custom content for this template, delivery method, locale and variant already exists; "
                    "update it, or delete it to restore the default content.",
                    clash["id"],
                )
            ts = self.stamp()
            cid = str(uuid.uuid4())
            doc = {
                "id": cid,
                "environment": {"id": env.id},
                "template": {"id": template},
                "createdAt": ts,
                "updatedAt": ts,
                "default": False,
                **fields,
            }
            self.store.put(env.id, CONTENT, cid, doc, key, parent=template)
        return doc

    def update_content(self, env: Environment, template: str, content_id: str, body: dict[str, Any]) -> dict[str, Any]:
        existing = self.content(env, template, content_id)
        if existing.get("default"):
            raise _default_content_error()
        fields = validate.template_content_body(catalog.TEMPLATES[template], env, body, existing)
        key = self._content_key(template, fields)
        with self.store.transaction():
            clash = self.store.find_by_key(env.id, CONTENT, key)
            if clash is not None and clash["id"] != content_id:
                raise _uniqueness("variant", "Another custom content already uses this variant.", clash["id"])
            doc = {
                "id": content_id,
                "environment": {"id": env.id},
                "template": {"id": template},
                "createdAt": existing["createdAt"],
                "updatedAt": self.stamp(),
                "default": False,
                **fields,
            }
            self.store.put(env.id, CONTENT, content_id, doc, key, parent=template)
        return doc

    def delete_content(self, env: Environment, template: str, content_id: str) -> None:
        existing = self.content(env, template, content_id)
        if existing.get("default"):
            raise _default_content_error()
        self.store.delete(env.id, CONTENT, content_id)

    def delete_variant(self, env: Environment, template: str, variant: str) -> int:
        doomed = [
            c
            for c in self.contents(env, template)
            if not c.get("default") and str(c.get("variant") or "").lower() == variant.lower()
        ]
        with self.store.transaction():
            for c in doomed:
                self.store.delete(env.id, CONTENT, c["id"])
        return len(doomed)

    # ---------------------------------------------------------------------------------------------------------
    # Phone delivery settings
    # ---------------------------------------------------------------------------------------------------------
    def phone_settings(self, env: Environment, obj_id: str) -> dict[str, Any]:
        doc = self.store.get(env.id, PHONE, obj_id)
        if doc is None:
            raise not_found(f"phone delivery settings {obj_id}")
        return doc

    @staticmethod
    def _phone_key(fields: dict[str, Any]) -> str | None:
        if fields["provider"] == "CUSTOM_PROVIDER":
            return f"name|{fields['name'].lower()}"
        if fields["provider"] == "CUSTOM_TWILIO":
            return f"twilio|{fields['sid']}"
        return "syniverse"

    def create_phone_settings(self, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
        fields = validate.phone_delivery_settings_body(body, None)
        with self.store.transaction():
            key = self._phone_key(fields)
            clash = self.store.find_by_key(env.id, PHONE, key) if key else None
            if clash is not None:
                target = "name" if fields["provider"] == "CUSTOM_PROVIDER" else "provider"
                raise _uniqueness(target, "A resource with the specified name already exists.", clash["id"])
            customs = [d for d in self.store.list(env.id, PHONE) if d["provider"] == "CUSTOM_PROVIDER"]
            if fields["provider"] == "CUSTOM_PROVIDER" and len(customs) >= MAX_CUSTOM_PROVIDERS:
                raise invalid_data(
                    [
                        Detail(
                            "SIZE_LIMIT_EXCEEDED",
                            "provider",
                            f"An environment can define at most {MAX_CUSTOM_PROVIDERS} custom SMS/voice providers",
                            {"maximumValue": MAX_CUSTOM_PROVIDERS},
                        )
                    ]
                )
            if fields["provider"] != "CUSTOM_PROVIDER":
                fields["numbers"] = self._provider_account_numbers(fields)
            ts = self.stamp()
            obj_id = str(uuid.uuid4())
            doc = {"id": obj_id, "environment": {"id": env.id}, **fields, "createdAt": ts, "updatedAt": ts}
            self.store.put(env.id, PHONE, obj_id, doc, key)
        return doc

    def update_phone_settings(self, env: Environment, obj_id: str, body: dict[str, Any]) -> dict[str, Any]:
        existing = self.phone_settings(env, obj_id)
        fields = validate.phone_delivery_settings_body(body, existing)
        if fields["provider"] != "CUSTOM_PROVIDER":
            if "numbers" not in fields:  # nothing declared: keep the current selection
                fields["numbers"] = [n for n in existing.get("numbers") or [] if n.get("selected")]
            fields["numbers"] = self._provider_account_numbers(fields)
        key = self._phone_key(fields)
        sent_id = body.get("id")
        if sent_id is not None and sent_id != obj_id:
            raise invalid_data([Detail("INVALID_VALUE", "id", f"id {sent_id!r} does not match the path ({obj_id})")])
        with self.store.transaction():
            clash = self.store.find_by_key(env.id, PHONE, key) if key else None
            # PingOne needs the object's own id in the PUT body; without it the object clashes with itself
            # (Terraform provider issue #1065: UNIQUENESS_VIOLATION "A resource with the specified name already
            # exists." on every update, fixed there by sending id).
            if clash is not None and (clash["id"] != obj_id or sent_id is None):
                raise _uniqueness("name", "A resource with the specified name already exists.", clash["id"])
            doc = {
                "id": obj_id,
                "environment": {"id": env.id},
                **fields,
                "createdAt": existing["createdAt"],
                "updatedAt": self.stamp(),
            }
            self.store.put(env.id, PHONE, obj_id, doc, key)
        return doc

    # Twilio / Syniverse accounts (outside PingOne: registered through the control API) ------------------------
    def register_provider_account(
        self, provider: str, auth_token: str, sid: str | None = None, numbers: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """An account PingOne checks Twilio/Syniverse credentials against, with the numbers it owns."""
        if provider not in ("CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"):
            raise ValueError("provider must be CUSTOM_TWILIO or CUSTOM_SYNIVERSE")
        if not auth_token or (provider == "CUSTOM_TWILIO" and not sid):
            raise ValueError("a Twilio account needs sid and auth_token; a Syniverse account needs auth_token")
        key = f"twilio|{sid}" if provider == "CUSTOM_TWILIO" else f"syniverse|{sha256(auth_token)}"
        owned = numbers if numbers is not None else _account_numbers({"provider": provider, "sid": sid or key})
        for n in owned:
            if not isinstance(n, dict) or not isinstance(n.get("number"), str):
                raise ValueError("each number needs at least a number")
        doc = {
            "id": key,
            "provider": provider,
            "sid": sid,
            "tokenSha256": sha256(auth_token),
            "numbers": [
                {"type": n.get("type", "PHONE_NUMBER"), "number": n["number"], "available": True,
                 "capabilities": n.get("capabilities") or ["SMS", "VOICE"],
                 **({"supportedCountries": n["supportedCountries"]} if n.get("supportedCountries") else {})}
                for n in owned
            ],
        }  # fmt: skip
        with self.store.transaction():
            self.store.put(ACCOUNTS, ACCOUNT, key, doc, None)
        return {k: v for k, v in doc.items() if k != "tokenSha256"}

    def provider_accounts(self) -> list[dict[str, Any]]:
        return [{k: v for k, v in d.items() if k != "tokenSha256"} for d in self.store.list(ACCOUNTS, ACCOUNT)]

    def _provider_account_numbers(self, fields: dict[str, Any]) -> list[dict[str, Any]]:
        """PingOne checks the credentials with Twilio/Syniverse and takes the numbers from the account; the
        numbers in the request only select among them (Terraform provider notes §3.2: "POST (sid/authToken) ->
        API returns the account's numbers"; a bad credential is an INVALID_VALUE, which Terraform reports as
        "Authentication error ... check the credentials used to connect to Twilio/Syniverse")."""
        provider, token = fields["provider"], str(fields.get("authToken", ""))
        if provider == "CUSTOM_TWILIO":
            account = self.store.get(ACCOUNTS, ACCOUNT, f"twilio|{fields.get('sid')}")
            name = f"Twilio account {fields.get('sid')}"
        else:
            account = self.store.get(ACCOUNTS, ACCOUNT, f"syniverse|{sha256(token)}")
            name = "Syniverse account"
        if account is None or not secrets.compare_digest(account["tokenSha256"], sha256(token)):
            raise invalid_data(
                [Detail("INVALID_VALUE", "authToken", f"Authentication with the {name} failed: invalid credentials")]
            )
        owned = {n["number"]: n for n in account["numbers"]}
        chosen: dict[str, dict[str, Any]] = {}
        problems = []
        for i, n in enumerate(fields.get("numbers") or []):
            if n.get("number") not in owned:
                problems.append(
                    Detail("INVALID_VALUE", f"numbers[{i}].number", f"{n.get('number')} is not a number of the {name}")
                )
            else:
                chosen[n["number"]] = n
        if problems:
            raise invalid_data(problems)
        out = []
        for number, n in owned.items():
            picked = chosen.get(number)
            entry = {**n, "selected": bool(picked.get("selected", True)) if picked else False}
            if picked and picked.get("supportedCountries"):
                entry["supportedCountries"] = picked["supportedCountries"]
            out.append(entry)
        return out

    def delete_phone_settings(self, env: Environment, obj_id: str) -> None:
        self.phone_settings(env, obj_id)
        users = [
            f"notification policy {p['name']!r} ({p['id']})"
            for p in self.store.list(env.id, POLICY)
            if obj_id in _policy_references(p)
        ]
        if obj_id in self.notifications_settings(env).get("smsProvidersFallbackChain", []):
            users.append("the notifications settings' smsProvidersFallbackChain")
        if users:
            raise invalid_data(
                [
                    Detail(
                        "CONSTRAINT_VIOLATION",
                        "id",
                        f"The phone delivery settings are still referenced by {', '.join(users)}; "
                        "remove them from those fallback chains first",
                    )
                ]
            )
        self.store.delete(env.id, PHONE, obj_id)

    def _check_phone_refs(self, env: Environment, ids: list[str], target: str) -> None:
        known = {d["id"] for d in self.store.list(env.id, PHONE)}
        missing = [i for i in ids if i not in known]
        if missing:
            raise invalid_data(
                [
                    Detail(
                        "INVALID_VALUE",
                        target,
                        f"Unknown phone delivery settings ID(s) in environment {env.id}: {', '.join(missing)}",
                        {"referencedValues": missing},
                    )
                ]
            )

    # ---------------------------------------------------------------------------------------------------------
    # Notification policies
    # ---------------------------------------------------------------------------------------------------------
    def policy(self, env: Environment, policy_id: str) -> dict[str, Any]:
        doc = self.store.get(env.id, POLICY, policy_id)
        if doc is None:
            raise not_found(f"notification policy {policy_id}")
        return doc

    def _save_policy(self, env: Environment, body: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
        fields, refs = validate.notification_policy_body(body, env)
        if existing is not None and "default" not in body:
            fields["default"] = existing["default"]
        if existing is not None and existing["default"] and not fields["default"]:
            raise invalid_data(
                [
                    Detail(
                        "CONSTRAINT_VIOLATION",
                        "default",
                        "An environment always has a default notification policy; make another "
                        "policy the default instead of unsetting this one",
                    )
                ]
            )
        with self.store.transaction():
            self._check_phone_refs(env, refs, "providerConfiguration.conditions.fallbackChain")
            key = f"name|{fields['name'].lower()}"
            clash = self.store.find_by_key(env.id, POLICY, key)
            if clash is not None and (existing is None or clash["id"] != existing["id"]):
                raise _uniqueness("name", "A notification policy with this name already exists.", clash["id"])
            if fields["default"]:
                for other in self.store.list(env.id, POLICY):
                    if other["default"] and (existing is None or other["id"] != existing["id"]):
                        other["default"] = False
                        other["updatedAt"] = self.stamp()
                        self.store.put(env.id, POLICY, other["id"], other, f"name|{other['name'].lower()}")
            ts = self.stamp()
            policy_id = existing["id"] if existing else str(uuid.uuid4())
            doc = {
                "id": policy_id,
                "environment": {"id": env.id},
                **fields,
                "createdAt": existing["createdAt"] if existing else ts,
                "updatedAt": ts,
            }
            self.store.put(env.id, POLICY, policy_id, doc, key)
        return doc

    def create_policy(self, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
        return self._save_policy(env, body, None)

    def update_policy(self, env: Environment, policy_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._save_policy(env, body, self.policy(env, policy_id))

    def delete_policy(self, env: Environment, policy_id: str) -> None:
        doc = self.policy(env, policy_id)
        if doc["default"]:
            raise invalid_data(
                [
                    Detail(
                        "CONSTRAINT_VIOLATION",
                        "default",
                        "Cannot remove default notifications policy. Make another policy the default first.",
                    )
                ]
            )
        self.store.delete(env.id, POLICY, policy_id)

    # ---------------------------------------------------------------------------------------------------------
    # Notifications settings (a singleton per environment)
    # ---------------------------------------------------------------------------------------------------------
    def notifications_settings(self, env: Environment) -> dict[str, Any]:
        doc = self.store.get(env.id, SETTINGS, env.id)
        if doc is None:
            doc = {**validate.default_notifications_settings(env), "updatedAt": env.created_at}
        return {"environment": {"id": env.id}, **doc}

    def put_notifications_settings(self, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
        fields, refs = validate.notifications_settings_body(body, env)
        self._check_trusted(env, fields)
        with self.store.transaction():
            self._check_phone_refs(env, refs, "smsProvidersFallbackChain")
            self.store.put(env.id, SETTINGS, env.id, {**fields, "updatedAt": self.stamp()}, None)
        return self.notifications_settings(env)

    # ---------------------------------------------------------------------------------------------------------
    # Sending (seed 000's connector; see send.py)
    # ---------------------------------------------------------------------------------------------------------
    def send(self, env: Environment, body: dict[str, Any]) -> dict[str, Any]:
        from .send import send_notification

        return send_notification(self, env, body)

    def reset_notifications_settings(self, env: Environment) -> dict[str, Any]:
        with self.store.transaction():
            self.store.put(
                env.id,
                SETTINGS,
                env.id,
                {**validate.default_notifications_settings(env), "updatedAt": self.stamp()},
                None,
            )
        return self.notifications_settings(env)


def _policy_references(policy: dict[str, Any]) -> set[str]:
    conditions = (policy.get("providerConfiguration") or {}).get("conditions") or []
    return {link["id"] for c in conditions for link in c.get("fallbackChain", [])}


def _uniqueness(target: str | None, message: str, existing_id: str) -> ApiError:
    err = conflict(target, message)
    err.details[0].inner = {"existingId": existing_id}
    return err


def _default_content_error() -> ApiError:
    return invalid_data(
        [
            Detail(
                "CONSTRAINT_VIOLATION",
                "default",
                "Default contents cannot be updated or deleted; create a custom content for the "
                "same template, delivery method and locale instead",
            )
        ]
    )


def _account_numbers(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """Numbers a Twilio/Syniverse account would report: deterministic per account."""
    seed = int(sha256(str(fields.get("sid") or fields["provider"]))[:8], 16)
    return [
        {
            "type": "PHONE_NUMBER",
            "number": f"+1555{seed % 10_000_000:07d}",
            "selected": False,
            "available": True,
            "capabilities": ["SMS", "VOICE"],
        },
        {
            "type": "TOLL_FREE",
            "number": f"+1844{(seed // 7) % 10_000_000:07d}",
            "selected": False,
            "available": True,
            "capabilities": ["SMS"],
            "supportedCountries": ["US", "CA"],
        },
    ]
