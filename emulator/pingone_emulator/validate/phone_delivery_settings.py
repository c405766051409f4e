"""A phone delivery settings object's request body (``/notificationsSettings/phoneDeliverySettings``): a custom
provider (authentication, requests) or a Twilio/Syniverse account, and its numbers; its secrets."""

from __future__ import annotations

from typing import Any

from .. import docrules
from ..errors import Detail
from .problems import Problems

__all__ = ["PINGONE_TWILIO", "SECRET_FIELDS", "phone_delivery_settings_body", "without_secrets"]

# PingOne's own Twilio account: it can appear in a fallback chain, never be created.
PINGONE_TWILIO = "PINGONE_TWILIO"
PHONE_PROVIDERS = ("CUSTOM_PROVIDER", "CUSTOM_TWILIO", "CUSTOM_SYNIVERSE")
AUTH_METHODS = ("BASIC", "BEARER", "OAUTH2")
NUMBER_TYPES = ("SHORT_CODE", "TOLL_FREE", "PHONE_NUMBER")
# Secrets are accepted and stored, never returned (seed 002's 201 response has no clientSecret).
SECRET_FIELDS = ("password", "authToken", "clientSecret")


def _url(p: Problems, value: str | None, target: str) -> None:
    """PingOne calls a custom provider over HTTPS only (the Terraform provider validates request URLs with
    ``verify.IsURLWithHTTPS``: ``https://`` and a DNS name or ``localhost``; ../shared/reference/
    terraform-provider-notes.md §3.1)."""
    if value is None:
        return
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        ok = parts.scheme == "https" and bool(parts.hostname)
        _ = parts.port  # a malformed port raises
    except ValueError:
        ok = False
    if not ok:
        p.add("INVALID_VALUE", target, f"{target} must be an https:// URL")


def _numbers(p: Problems, body: dict[str, Any], provider: str) -> list[dict[str, Any]] | None:
    numbers = p.array(body, "numbers", "numbers")
    if numbers is None:
        return None
    out = []
    for i, n in enumerate(numbers):
        t = f"numbers[{i}]"
        if not isinstance(n, dict):
            p.add("INVALID_VALUE", t, f"{t} must be an object")
            continue
        ntype = p.enum(n, "type", f"{t}.type", NUMBER_TYPES, required=True)
        entry: dict[str, Any] = {
            "type": ntype,
            "number": p.string(n, "number", f"{t}.number", required=True, allow_empty=False, max_len=32),
            "selected": bool(p.boolean(n, "selected", f"{t}.selected")),
            "available": bool(p.boolean(n, "available", f"{t}.available")),
        }
        caps = p.array(n, "capabilities", f"{t}.capabilities", required=True)
        if caps is not None:
            if not caps:
                p.add("EMPTY_VALUE", f"{t}.capabilities", f"{t}.capabilities must not be empty")
            for j, cap in enumerate(caps):
                if cap not in ("SMS", "VOICE"):
                    p.add("INVALID_VALUE", f"{t}.capabilities[{j}]", "capabilities are SMS and VOICE")
            entry["capabilities"] = list(dict.fromkeys(c for c in caps if c in ("SMS", "VOICE")))
        if "supportedCountries" in n and n["supportedCountries"] is not None:
            if ntype == "PHONE_NUMBER":
                p.add(
                    "INVALID_VALUE", f"{t}.supportedCountries", "supportedCountries must not be set for a PHONE_NUMBER"
                )
            countries = p.array(n, "supportedCountries", f"{t}.supportedCountries") or []
            for j, code in enumerate(countries):
                if not isinstance(code, str) or not docrules.country_ok(code):
                    p.add(
                        "INVALID_VALUE", f"{t}.supportedCountries[{j}]", f"{code!r} is not an ISO 3166-1 alpha-2 code"
                    )
            if ntype == "SHORT_CODE" and len(countries) != 1:
                p.add("INVALID_VALUE", f"{t}.supportedCountries", "a SHORT_CODE supports exactly one country")
            if not countries:
                p.add("EMPTY_VALUE", f"{t}.supportedCountries", "supportedCountries must not be empty when set")
            entry["supportedCountries"] = countries
        elif provider == "CUSTOM_PROVIDER" and ntype in ("SHORT_CODE", "TOLL_FREE"):
            p.add(
                "REQUIRED_VALUE",
                f"{t}.supportedCountries",
                f"a {ntype} of a CUSTOM_PROVIDER must list its supportedCountries",
            )
        out.append(entry)
    return out


def _authentication(p: Problems, body: dict[str, Any]) -> dict[str, Any] | None:
    """A custom provider's ``authentication``: BASIC, BEARER or OAUTH2 with that method's fields."""
    auth = p.obj(body, "authentication", "authentication", required=True)
    if auth is None:
        return None
    method = p.enum(auth, "method", "authentication.method", AUTH_METHODS, required=True)
    a: dict[str, Any] = {"method": method}
    if method == "BASIC":
        a["username"] = p.string(auth, "username", "authentication.username", required=True, allow_empty=False)
        a["password"] = p.string(auth, "password", "authentication.password", required=True, allow_empty=False)
    elif method == "BEARER":
        a["authToken"] = p.string(auth, "authToken", "authentication.authToken", required=True, allow_empty=False)
    elif method == "OAUTH2":
        a["authUrl"] = p.string(auth, "authUrl", "authentication.authUrl", required=True, allow_empty=False)
        _url(p, a["authUrl"], "authentication.authUrl")
        a["clientId"] = p.string(auth, "clientId", "authentication.clientId", required=True, allow_empty=False)
        a["clientSecret"] = p.string(
            auth, "clientSecret", "authentication.clientSecret", required=True, allow_empty=False
        )
        a["grantType"] = (
            p.enum(auth, "grantType", "authentication.grantType", ("CLIENT_CREDENTIALS",)) or "CLIENT_CREDENTIALS"
        )
        a["clientAuthenticationMethod"] = (
            p.enum(
                auth,
                "clientAuthenticationMethod",
                "authentication.clientAuthenticationMethod",
                ("BASIC_AUTH_HEADER", "REQUEST_BODY"),
            )
            or "BASIC_AUTH_HEADER"
        )
        scopes = p.string(auth, "scopes", "authentication.scopes", max_len=1024)
        if scopes:
            a["scopes"] = scopes
    return {k: v for k, v in a.items() if v is not None}


def _requests(p: Problems, body: dict[str, Any]) -> list[dict[str, Any]]:
    """A custom provider's ``requests``: how PingOne calls it per delivery method."""
    requests = p.array(body, "requests", "requests", required=True)
    reqs_out = []
    if requests is not None and not requests:
        p.add("REQUIRED_VALUE", "requests", "requests must contain at least one request (SMS and/or VOICE)")
    for i, r in enumerate(requests or []):
        t = f"requests[{i}]"
        if not isinstance(r, dict):
            p.add("INVALID_VALUE", t, f"{t} must be an object")
            continue
        # No limit of one request per delivery method: no document states one, and the Terraform provider's
        # custom-provider acceptance configuration sends two SMS and two VOICE requests (issue 16 item 9).
        dm = p.enum(r, "deliveryMethod", f"{t}.deliveryMethod", ("SMS", "VOICE"), required=True)
        http_method = p.enum(r, "method", f"{t}.method", ("GET", "POST"), required=True)
        url = p.string(r, "url", f"{t}.url", required=True, allow_empty=False, max_len=2048)
        _url(p, url, f"{t}.url")
        req_body = p.string(r, "body", f"{t}.body", max_len=10_000)
        if http_method == "GET" and url is not None:
            missing = [v for v in ("to", "message") if "${" + v + "}" not in url]
            if missing:
                p.add(
                    "REQUIRED_VALUE",
                    f"{t}.url",
                    f"a GET request's url must include {' and '.join('${' + v + '}' for v in missing)}",
                )
            if req_body:
                p.add("INVALID_VALUE", f"{t}.body", "a GET request has no body; put the variables in the url")
        if http_method == "POST" and req_body:
            missing = [v for v in ("to", "message") if "${" + v + "}" not in req_body]
            if missing:
                p.add(
                    "REQUIRED_VALUE",
                    f"{t}.body",
                    f"a POST request's body must include {' and '.join('${' + v + '}' for v in missing)}",
                )
        headers = p.obj(r, "headers", f"{t}.headers")
        if headers is not None and not all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items()):
            p.add("INVALID_VALUE", f"{t}.headers", "headers must map names to string values")
        entry: dict[str, Any] = {
            "deliveryMethod": dm,
            "url": url,
            "method": http_method,
            "phoneNumberFormat": p.enum(r, "phoneNumberFormat", f"{t}.phoneNumberFormat", ("FULL", "NUMBER_ONLY"))
            or "FULL",
        }
        if req_body:
            entry["body"] = req_body
        if headers:
            entry["headers"] = headers
        for tag in ("beforeTag", "afterTag"):
            value = p.string(r, tag, f"{t}.{tag}", max_len=1024)
            if value:
                if dm == "SMS":
                    p.add("INVALID_VALUE", f"{t}.{tag}", f"{tag} applies to VOICE requests only")
                entry[tag] = value
        reqs_out.append(entry)
    return reqs_out


def phone_delivery_settings_body(body: dict[str, Any], existing: dict[str, Any] | None) -> dict[str, Any]:
    """The normalised object *including* its secrets (the caller strips them from responses)."""
    p = Problems()
    provider = p.enum(body, "provider", "provider", PHONE_PROVIDERS, required=True)
    if body.get("provider") == PINGONE_TWILIO:
        p.details[-1] = Detail(
            "INVALID_VALUE",
            "provider",
            "PINGONE_TWILIO is PingOne's own account: it can only appear in a fallback chain",
        )
    if existing is not None and provider is not None and provider != existing["provider"]:
        p.add("INVALID_VALUE", "provider", "provider cannot be changed; create a new phone delivery settings object")
    out: dict[str, Any] = {"provider": provider}
    if provider == "CUSTOM_PROVIDER":
        out["name"] = p.string(body, "name", "name", required=True, allow_empty=False, max_len=256)
        auth = _authentication(p, body)
        if auth is not None:
            out["authentication"] = auth
        out["requests"] = _requests(p, body)
    elif provider in ("CUSTOM_TWILIO", "CUSTOM_SYNIVERSE"):
        if provider == "CUSTOM_TWILIO":
            out["sid"] = p.string(body, "sid", "sid", required=True, allow_empty=False, max_len=64)
        out["authToken"] = p.string(body, "authToken", "authToken", required=True, allow_empty=False, max_len=256)
    if provider is not None:
        numbers = _numbers(p, body, provider)
        if numbers is not None:
            out["numbers"] = numbers
    p.raise_if_any()
    return {k: v for k, v in out.items() if v is not None}


def without_secrets(obj: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in obj.items() if k not in SECRET_FIELDS}
    if isinstance(out.get("authentication"), dict):
        out["authentication"] = {k: v for k, v in out["authentication"].items() if k not in SECRET_FIELDS}
    return out
