"""Every emulator response of the PingOne API is checked against PingOne's OpenAPI document.

The document is our copy of the Go SDK's (``openapi/pingone-notifications-openapi.yaml``, from
``../shared/reference/``), corrected where the seeds show the real API answering otherwise; each correction is
marked ``# FIX(issue 16):`` there with its source. Operations the document does not have (the emulator's own
send endpoint, ``GET /environments/{id}``) and the token endpoint are not checked here.

Where the document's ``oneOf`` branches overlap (an SMS content also matches the Voice branch), the branch is
chosen as the Go SDK's decoders do: by the discriminating property (``deliveryMethod`` of a content,
``provider`` of phone delivery settings), see :data:`DISCRIMINATORS`.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_schema_validator import OAS30Validator, oas30_format_checker

__all__ = ["DOCUMENT", "problems", "validate_response"]

DOCUMENT = Path(__file__).parent / "openapi" / "pingone-notifications-openapi.yaml"
_API_PREFIX = re.compile(r"^(?:/[a-z]{2})?/v1(?=/)")

# The Go SDK (pingone-go-sdk-v2 management, model_template_content.go / model_notifications_settings_phone_
# delivery_settings.go) unmarshals these oneOfs by a property's value, not by trying every branch.
DISCRIMINATORS: dict[str, tuple[str, dict[str, str]]] = {
    "TemplateContent": (
        "deliveryMethod",
        {
            "Email": "TemplateContentEmail",
            "Push": "TemplateContentPush",
            "SMS": "TemplateContentSMS",
            "Voice": "TemplateContentVoice",
        },
    ),
    "NotificationsSettingsPhoneDeliverySettings": (
        "provider",
        {
            "CUSTOM_PROVIDER": "NotificationsSettingsPhoneDeliverySettingsCustom",
            "CUSTOM_TWILIO": "NotificationsSettingsPhoneDeliverySettingsTwilioSyniverse",
            "CUSTOM_SYNIVERSE": "NotificationsSettingsPhoneDeliverySettingsTwilioSyniverse",
        },
    ),
}


@cache
def _document() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(DOCUMENT.read_text())
    return doc


@cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for template in _document()["paths"]:
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        out.append((re.compile(pattern), template))
    # the most literal template wins (".../contents/{id}" before a looser one)
    out.sort(key=lambda r: -r[1].count("/") * 100 + r[1].count("{"))
    return out


def _operation(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    api_path = _API_PREFIX.sub("", path, count=1)
    if api_path == path:
        return None
    for pattern, template in _routes():
        if pattern.match(api_path):
            op = _document()["paths"][template].get(method.lower())
            return (template, op) if op else None
    return None


def _schema_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _resolve(schema: dict[str, Any], body: Any) -> dict[str, Any]:
    """Pick the Go SDK's branch for a discriminated oneOf (also inside a collection's ``_embedded`` items)."""
    name = _schema_name(schema)
    if name in DISCRIMINATORS and isinstance(body, dict):
        prop, branches = DISCRIMINATORS[name]
        branch = branches.get(str(body.get(prop)))
        if branch is not None:
            return {"$ref": f"#/components/schemas/{branch}"}
    return schema


def _embedded_items(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For a collection response: embedded key -> item schema (so items can be discriminated one by one)."""
    components = _document()["components"]["schemas"]
    target = components.get(_schema_name(schema) or "", schema)
    out = {}
    for holder in [target, *target.get("allOf", [])]:
        holder = components.get(_schema_name(holder) or "", holder)
        embedded = (holder.get("properties") or {}).get("_embedded") or {}
        embedded = components.get(_schema_name(embedded) or "", embedded)
        for key, prop in (embedded.get("properties") or {}).items():
            if isinstance(prop.get("items"), dict):
                out[key] = prop["items"]
    return out


def problems(method: str, path: str, status: int, body: Any) -> list[str]:
    """Why this response does not match the document (empty when it does, or when it documents nothing)."""
    found = _operation(method, path)
    if found is None:
        return []
    template, op = found
    if status in (502, 503, 504):
        # Gateway answers (injected faults here): PingOne's GeneralError, all fields optional, in front of every
        # operation (pingone-api-contract.md §4.2); the document does not list them per operation.
        return []
    responses = op.get("responses") or {}
    spec = responses.get(str(status)) or responses.get("default")
    where = f"{method} {template} -> {status}"
    if spec is None:
        return [f"{where}: status not documented (documented: {', '.join(sorted(responses))})"]
    content = (spec.get("content") or {}).get("application/json")
    if content is None or "schema" not in content:
        return []  # nothing documented to check the body against
    if body is None:
        return [f"{where}: a JSON body is documented, none was sent"]
    components = {"components": _document()["components"]}
    schema = content["schema"]
    checks: list[tuple[str, dict[str, Any], Any]] = []
    items = _embedded_items(schema)
    if items and isinstance(body, dict) and isinstance(body.get("_embedded"), dict):
        for key, item_schema in items.items():
            for i, item in enumerate(body["_embedded"].get(key) or []):
                checks.append((f"_embedded.{key}[{i}]", _resolve(item_schema, item), item))
        outer = {k: v for k, v in body.items() if k != "_embedded"}
        checks.append(("", {"type": "object"}, outer))
    else:
        checks.append(("", _resolve(schema, body), body))
    out = []
    for at, sub, value in checks:
        validator = OAS30Validator({**sub, **components}, format_checker=oas30_format_checker)
        for error in validator.iter_errors(value):
            loc = ".".join(str(p) for p in error.absolute_path)
            out.append(f"{where}: {at}{'.' if at and loc else ''}{loc}: {error.message[:300]}")
    return out


def validate_response(response: httpx.Response) -> None:
    """httpx response hook: raise AssertionError when an emulator response breaks the document."""
    response.read()
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = response.text
    found = problems(response.request.method, response.request.url.path, response.status_code, body)
    if found:
        raise AssertionError("response does not match the OpenAPI document:\n  " + "\n  ".join(found[:20]))
