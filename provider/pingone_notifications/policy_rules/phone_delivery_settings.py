"""Rules for a PhoneDeliverySettings custom provider: https URLs on allowed hosts, credentials only in the secret
authentication fields (never in URLs, headers or bodies)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from pulumi_policy import ResourceValidationArgs

from .common import Report, as_list, host_allowed, prop_at, resource_label

__all__ = [
    "CREDENTIAL_WORDS",
    "credentials_are_secrets",
    "no_credentials_in_urls",
    "provider_url_hosts",
]


CREDENTIAL_WORDS = ("authorization", "api-key", "apikey", "api_key", "x-api-key", "token", "secret", "password",
                    "passwd", "signature", "sig", "key", "access_key", "client_secret", "auth")  # fmt: skip
CREDENTIAL_LITERAL = re.compile(
    r"""(?ix)["']?(?:api[_-]?key|apikey|token|secret|password|passwd|client[_-]?secret|access[_-]?key)["']?
        \s*[:=]\s*["']?(?!\$\{)[A-Za-z0-9_\-./+]{6,}"""
)


def provider_urls(props: Any) -> list[tuple[str, str]]:
    out = [(f"requests[{i}].url", str(prop_at(r, "url"))) for i, r in enumerate(as_list(props.get("requests")))
           if prop_at(r, "url")]  # fmt: skip
    auth_url = prop_at(props, "authentication", "auth_url")
    if auth_url:
        out.append(("authentication.auth_url", str(auth_url)))
    return out


def provider_url_hosts(args: ResourceValidationArgs, report: Report) -> None:
    allowed = args.get_config().get("allowedHosts") or []
    label = resource_label(args.resource_type, args.name)
    for path, url in provider_urls(args.props):
        parts = urlsplit(url)
        if parts.scheme != "https":
            report(f"{label}: {path} uses {parts.scheme or 'no scheme'}://; PingOne would send messages and "
                   f"credentials unencrypted. Use an https:// URL.")  # fmt: skip
        elif not host_allowed(parts.hostname or "", allowed):
            report(f"{label}: {path} points at {parts.hostname}, which is not an allowed provider host "
                   f"({', '.join(allowed)}). Use an approved gateway or add the host to allowedHosts.")  # fmt: skip


def no_credentials_in_urls(args: ResourceValidationArgs, report: Report) -> None:
    label = resource_label(args.resource_type, args.name)
    for path, url in provider_urls(args.props):
        parts = urlsplit(url)
        if parts.username or parts.password:
            report(f"{label}: {path} embeds credentials (user:password@). Move them to authentication "
                   "(BASIC), which PingOne stores as a secret.")  # fmt: skip
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            if credential_name(key) and not value.startswith("${"):
                report(f"{label}: {path} passes a credential in its query ({key}=...). URLs are stored and "
                       "returned in plaintext; use authentication (BEARER/BASIC/OAUTH2) instead.")  # fmt: skip


def credential_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in CREDENTIAL_WORDS or any(w in lowered for w in ("token", "secret", "password", "apikey",
                                                                         "api_key", "api-key"))  # fmt: skip


def credentials_are_secrets(args: ResourceValidationArgs, report: Report) -> None:
    """Credentials must sit in the fields PingOne (and this package) treat as secrets, never in headers,
    bodies or other plaintext fields that are stored and returned as they are."""
    label = resource_label(args.resource_type, args.name)
    for i, request in enumerate(as_list(args.props.get("requests"))):
        headers = prop_at(request, "headers") or {}
        for header in list(headers):
            value = str(headers[header])
            if credential_name(header) and not value.startswith("${"):
                report(f"{label}: requests[{i}].headers['{header}'] holds a credential in plaintext (headers are "
                       "returned by the API and shown in diffs). Use authentication (BEARER for a token, BASIC, "
                       "OAUTH2), whose secrets are encrypted and never returned.")  # fmt: skip
        body = str(prop_at(request, "body") or "")
        if CREDENTIAL_LITERAL.search(body):
            report(f"{label}: requests[{i}].body contains a literal credential. Use authentication instead, or a "
                   "PingOne variable.")  # fmt: skip
