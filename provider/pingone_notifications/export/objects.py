"""Live PingOne objects -> the arguments of this package's resources, as a person would write them.

Each exported object becomes an :class:`ObjectSpec`: its natural key (which matches the same object across
environments), a label to name its variable after, and its resource arguments in snake_case with three kinds
of placeholder: :class:`Ref` (another exported object's ``id``, e.g. in a fallback chain), :class:`Secret`
(a value PingOne never returns, read from stack config) and plain values.

"Only what differs from PingOne's defaults": an argument is left out only when leaving it out makes the
resource send exactly the same value (the resources fill in PingOne's defaults themselves), so leaving it out
never changes the object. ``include_defaults`` writes those too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..resources._shape import to_props

__all__ = ["KIND_ORDER", "ObjectSpec", "Ref", "Secret", "Snapshot", "specs_for"]

DEFAULT_FROM = {"name": "PingOne", "address": "noreply@pingidentity.com"}
BOTH_PHONE = {"SMS", "Voice"}
BOTH_CONDITION = {"SMS", "VOICE"}
KIND_ORDER = ("phone", "policy", "settings", "content")
# Which secret each provider kind needs, by argument path (PingOne never returns them).
SECRET_BY_AUTH = {"BASIC": "password", "BEARER": "auth_token", "OAUTH2": "client_secret"}


@dataclass(frozen=True)
class Ref:
    """The ``id`` of another exported object (by its natural key)."""

    key: tuple[str, ...]


@dataclass(frozen=True)
class Secret:
    """A secret the user provides with ``pulumi config set --secret``; ``path`` names the argument."""

    path: str


@dataclass
class ObjectSpec:
    kind: str  # phone | policy | settings | content
    key: tuple[str, ...]
    label: str  # what the variable is named after
    args: dict[str, Any]
    live: dict[str, Any]
    adopt: bool | str | None = True
    secrets: list[str] = field(default_factory=list)  # argument paths of Secret placeholders


@dataclass
class Snapshot:
    """What one environment holds, as the API returned it."""

    environment_id: str
    contents: list[dict[str, Any]]
    policies: list[dict[str, Any]]
    phone_settings: list[dict[str, Any]]
    settings: dict[str, Any]


# ----------------------------------------------------------------------------------------------------------------
def phone_key(obj: Mapping[str, Any], twilio_count: int) -> tuple[str, ...]:
    provider = str(obj.get("provider"))
    if provider == "CUSTOM_PROVIDER":
        return ("phone", provider, str(obj.get("name", "")).lower())
    if provider == "CUSTOM_TWILIO" and twilio_count > 1:
        return ("phone", provider, str(obj.get("sid", "")))
    return ("phone", provider)


def content_key(obj: Mapping[str, Any]) -> tuple[str, ...]:
    from .. import rules

    template = str((obj.get("template") or {}).get("id", ""))
    return (
        "content",
        template,
        str(obj.get("deliveryMethod")),
        rules.locale_key(str(obj.get("locale", ""))),
        str(obj.get("variant") or "").lower(),
    )


def policy_key(obj: Mapping[str, Any]) -> tuple[str, ...]:
    return ("policy", "default") if obj.get("default") else ("policy", "named", str(obj.get("name", "")).lower())


def specs_for(snapshot: Snapshot, *, include_defaults: bool = False) -> list[ObjectSpec]:
    """Every exported object of one environment, providers first (others refer to them)."""
    twilios = sum(1 for p in snapshot.phone_settings if p.get("provider") == "CUSTOM_TWILIO")
    ids: dict[str, tuple[str, ...]] = {str(p["id"]): phone_key(p, twilios) for p in snapshot.phone_settings}
    out = [_phone(p, ids[str(p["id"])], include_defaults) for p in snapshot.phone_settings]
    out += [_policy(p, ids, include_defaults) for p in snapshot.policies]
    out.append(_settings(snapshot.settings, ids, include_defaults))
    out += [_content(c, include_defaults) for c in snapshot.contents if not c.get("default")]
    return out


def _ref(ids: Mapping[str, tuple[str, ...]], value: str) -> Any:
    return Ref(ids[value]) if value in ids else value


# ---- phone delivery settings -----------------------------------------------------------------------------------
def _phone(obj: dict[str, Any], key: tuple[str, ...], include_defaults: bool) -> ObjectSpec:
    live = to_props(obj)
    provider = live["provider"]
    args: dict[str, Any] = {"provider": provider}
    secrets: list[str] = []
    if provider == "CUSTOM_PROVIDER":
        label = str(live.get("name"))
        args["name"] = live.get("name")
        auth = {k: v for k, v in (live.get("authentication") or {}).items() if v is not None}
        method = auth.get("method")
        if not include_defaults and method == "OAUTH2":
            if auth.get("grant_type") == "CLIENT_CREDENTIALS":
                auth.pop("grant_type")
            if auth.get("client_authentication_method") == "BASIC_AUTH_HEADER":
                auth.pop("client_authentication_method")
        secret_field = SECRET_BY_AUTH.get(str(method))
        if secret_field:
            auth[secret_field] = Secret(f"authentication.{secret_field}")
            secrets.append(f"authentication.{secret_field}")
        args["authentication"] = auth
        requests = []
        for request in live.get("requests") or []:
            r = {k: v for k, v in request.items() if v is not None}
            if not include_defaults and r.get("phone_number_format") == "FULL":
                r.pop("phone_number_format")
            requests.append(r)
        args["requests"] = requests
    else:
        label = "Twilio" if provider == "CUSTOM_TWILIO" else "Syniverse"
        if provider == "CUSTOM_TWILIO":
            args["sid"] = live.get("sid")
            if len(key) > 2:
                label = f"Twilio {live.get('sid')}"
        args["auth_token"] = Secret("auth_token")
        secrets.append("auth_token")
    numbers = []
    account = provider != "CUSTOM_PROVIDER"
    for number in live.get("numbers") or []:
        n = {k: v for k, v in number.items() if v is not None}
        if account and not include_defaults:
            # PingOne reports every number of a Twilio/Syniverse account; a program declares the ones it selects
            # (selected unless said otherwise, and `available` is the account's to say): declaring an unselected
            # number would select it, so only the selected ones are written, as the resource compares them.
            if not n.get("selected"):
                continue
            n.pop("selected")
            n.pop("available", None)
        elif not include_defaults:
            for flag in ("selected", "available"):
                if n.get(flag) is False:
                    n.pop(flag)
        numbers.append(n)
    if numbers or include_defaults:
        args["numbers"] = numbers
    return ObjectSpec("phone", key, label, args, obj, True, secrets)


# ---- notification policies ---------------------------------------------------------------------------------------
def _policy(obj: dict[str, Any], ids: Mapping[str, tuple[str, ...]], include_defaults: bool) -> ObjectSpec:
    live = to_props(obj)
    args: dict[str, Any] = {"name": live.get("name")}
    quotas = [{k: v for k, v in q.items() if v is not None} for q in live.get("quotas") or []]
    if quotas or include_defaults:
        args["quotas"] = quotas
    limit = {k: v for k, v in (live.get("country_limit") or {"type": "NONE"}).items() if v is not None}
    if not include_defaults and limit.get("type") != "NONE" and set(limit.get("delivery_methods") or []) == BOTH_PHONE:
        limit.pop("delivery_methods")
    if limit.get("type") != "NONE" or include_defaults:
        args["country_limit"] = limit
    cooldown = live.get("cooldown_configuration")
    disabled = {m: {"enabled": False} for m in ("email", "sms", "voice", "whats_app")}
    if cooldown and (include_defaults or cooldown != disabled):
        args["cooldown_configuration"] = cooldown
    conditions = []
    for condition in (live.get("provider_configuration") or {}).get("conditions") or []:
        c: dict[str, Any] = {k: v for k, v in condition.items() if v is not None and k != "fallback_chain"}
        if not include_defaults and set(c.get("delivery_methods") or []) == BOTH_CONDITION:
            c.pop("delivery_methods")
        c["fallback_chain"] = [_ref(ids, str(link.get("id"))) for link in condition.get("fallback_chain") or []]
        conditions.append(c)
    if conditions:
        args["provider_configuration"] = {"conditions": conditions}
    adopt: bool | str = "default" if live.get("default") else True
    label = "default policy" if live.get("default") else f"{live.get('name')} policy"
    return ObjectSpec("policy", policy_key(obj), label, args, obj, adopt)


# ---- notifications settings --------------------------------------------------------------------------------------
def _settings(obj: dict[str, Any], ids: Mapping[str, tuple[str, ...]], include_defaults: bool) -> ObjectSpec:
    live = to_props(obj)
    args: dict[str, Any] = {}
    # Never left out: when the resource leaves them out, PingOne (not the program) decides them.
    for name in ("delivery_mode", "restrictions"):
        if live.get(name) is not None:
            args[name] = live[name]
    chain = [_ref(ids, str(entry)) for entry in live.get("sms_providers_fallback_chain") or []]
    if chain or include_defaults:
        args["sms_providers_fallback_chain"] = chain
    sender = live.get("from_")
    if sender and (include_defaults or sender != DEFAULT_FROM):
        args["from_"] = sender
    if live.get("reply_to"):
        args["reply_to"] = live["reply_to"]
    users = [str((entry.get("user") or {}).get("id")) for entry in live.get("whitelist") or []]
    if users or include_defaults:
        args["whitelist"] = users
    return ObjectSpec("settings", ("settings",), "notifications settings", args, obj, None)


# ---- template contents -------------------------------------------------------------------------------------------
# What the resource sends when an argument is left out, so what PingOne then reports. Not a content's from:
# left out, PingOne sends from noreply@pingidentity.com but reports no from (issue 16, no echoed defaults), so
# writing that address out would be a change (an explicit from) rather than a description of the object.
_CONTENT_DEFAULTS: dict[str, dict[str, Any]] = {
    "Email": {"charset": "UTF-8", "email_content_type": "text/html"},
    "SMS": {"sender": ""},
    "Voice": {"voice": "Alice"},
    "Push": {"push_category": "BANNER_BUTTONS"},
}
_CONTENT_FIELDS = {
    "Email": ("subject", "body", "from_", "reply_to", "charset", "email_content_type"),
    "SMS": ("content", "sender"),
    "Voice": ("content", "voice"),
    "Push": ("title", "body", "push_category"),
}


def _content(obj: dict[str, Any], include_defaults: bool) -> ObjectSpec:
    live = to_props(obj)
    key = content_key(obj)
    method = str(live.get("delivery_method"))
    args: dict[str, Any] = {"template_name": key[1], "locale": live.get("locale"), "delivery_method": method}
    if live.get("variant"):
        args["variant"] = live["variant"]
    defaults = _CONTENT_DEFAULTS.get(method, {})
    for name in _CONTENT_FIELDS.get(method, ()):
        value = live.get(name)
        if value is None or value == "":  # not set: the resource sends PingOne's default
            if include_defaults and defaults.get(name):
                args[name] = defaults[name]
        elif include_defaults or value != defaults.get(name):
            args[name] = value
    label = " ".join(p for p in (key[1], method, str(live.get("locale")), str(live.get("variant") or "")) if p)
    return ObjectSpec("content", key, label, args, obj, True)
