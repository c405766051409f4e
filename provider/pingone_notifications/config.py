"""Connection settings: which PingOne region to call, as which worker app.

Each setting is looked up in this order (first found wins):

1. the resource's own ``connection`` argument (so one stack can manage environments in several regions with
   different worker apps);
2. stack config in the ``pingone`` namespace (``pingone:regionCode``, ``pingone:clientSecret`` … — set the
   secret with ``pulumi config set --secret``);
3. the environment variables the Terraform provider uses (``PINGONE_REGION_CODE`` …).

``apiUrl``/``authUrl`` replace the regional hosts, e.g. to point at the local emulator. They may contain
``{region}`` (lower-case region code), ``{REGION}`` or ``{tld}``, so a single override serves every region::

    pingone:apiUrl  = http://127.0.0.1:8790/{region}/v1
    pingone:authUrl = http://127.0.0.1:8790/{region}
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigurationError

__all__ = ["REGIONS", "SETTINGS", "Connection", "Setting", "resolve_connection", "setting_value"]

# region code -> top-level domain of its hosts (api.pingone.<tld>, auth.pingone.<tld>)
REGIONS: dict[str, str] = {"NA": "com", "EU": "eu", "AP": "asia", "CA": "ca", "AU": "com.au", "SG": "sg"}


@dataclass(frozen=True)
class Setting:
    arg: str  # key in a resource's `connection` argument
    config: str  # stack config key
    env: str  # environment variable
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("region_code", "pingone:regionCode", "PINGONE_REGION_CODE"),
    Setting("environment_id", "pingone:environmentId", "PINGONE_ENVIRONMENT_ID"),
    Setting("client_id", "pingone:clientId", "PINGONE_CLIENT_ID"),
    Setting("client_secret", "pingone:clientSecret", "PINGONE_CLIENT_SECRET", secret=True),
    Setting("api_url", "pingone:apiUrl", "PINGONE_API_URL"),
    Setting("auth_url", "pingone:authUrl", "PINGONE_AUTH_URL"),
)
_REQUIRED = ("region_code", "environment_id", "client_id", "client_secret")


@dataclass(frozen=True)
class Connection:
    """A worker app in one region. The client secret is never shown by ``repr``/``str``."""

    region_code: str
    environment_id: str
    client_id: str
    client_secret: str = field(repr=False)
    api_url: str | None = None
    auth_url: str | None = None

    def _expand(self, template: str) -> str:
        tld = REGIONS[self.region_code]
        return (
            template.replace("{region}", self.region_code.lower())
            .replace("{REGION}", self.region_code)
            .replace("{tld}", tld)
            .rstrip("/")
        )

    @property
    def api_base(self) -> str:
        return self._expand(self.api_url) if self.api_url else f"https://api.pingone.{REGIONS[self.region_code]}/v1"

    @property
    def token_url(self) -> str:
        base = self._expand(self.auth_url) if self.auth_url else f"https://auth.pingone.{REGIONS[self.region_code]}"
        return f"{base}/{self.environment_id}/as/token"

    @property
    def cache_key(self) -> tuple[str, str, str]:
        return (self.api_base, self.token_url, self.client_id)

    def describe(self) -> str:
        """Where and as whom, for messages (no secret)."""
        return f"worker app {self.client_id} in region {self.region_code} ({self.api_base})"


def setting_value(
    setting: Setting, override: Mapping[str, Any] | None, config: Mapping[str, Any] | None, environ: Mapping[str, str]
) -> tuple[str | None, str]:
    """A setting's value and where it came from: the resource's ``connection``, stack config (empty counts as
    unset), else the environment variable; ``(None, "")`` when none has it."""
    if override and override.get(setting.arg) not in (None, ""):
        return str(override[setting.arg]), f"connection.{setting.arg}"
    if config and config.get(setting.config) not in (None, ""):
        return str(config[setting.config]), f"stack config {setting.config}"
    if environ.get(setting.env):
        return environ[setting.env], f"environment variable {setting.env}"
    return None, ""


def resolve_connection(
    override: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    resource: str = "",
) -> Connection:
    """Combine the three sources; raise ConfigurationError naming every missing or invalid setting."""
    environ = os.environ if environ is None else environ
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for s in SETTINGS:
        values[s.arg], sources[s.arg] = setting_value(s, override, config, environ)
    where = f"{resource}: " if resource else ""
    problems = []
    for s in SETTINGS:
        if s.arg in _REQUIRED and values[s.arg] is None:
            how = f"`pulumi config set {'--secret ' if s.secret else ''}{s.config} ...`"
            problems.append(f"{s.arg} is not set (use the resource's connection.{s.arg}, {how} or ${s.env})")
    region = (values["region_code"] or "").upper()
    if values["region_code"] is not None and region not in REGIONS:
        problems.append(
            f"region_code {values['region_code']!r} (from {sources['region_code']}) is not one of {', '.join(REGIONS)}"
        )
    for arg in ("api_url", "auth_url"):
        url = values[arg]
        if url is not None:
            parts = urlsplit(url.replace("{region}", "na").replace("{REGION}", "NA").replace("{tld}", "com"))
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append(f"{arg} {url!r} (from {sources[arg]}) is not an absolute http(s) URL")
            elif parts.scheme == "http" and parts.hostname not in ("127.0.0.1", "localhost", "::1"):
                problems.append(
                    f"{arg} {url!r} (from {sources[arg]}) must use https (plain http is only "
                    "accepted for a loopback emulator)"
                )
    if problems:
        raise ConfigurationError(f"{where}PingOne connection settings are incomplete: " + "; ".join(problems))
    return Connection(
        region_code=region,
        environment_id=str(values["environment_id"]),
        client_id=str(values["client_id"]),
        client_secret=str(values["client_secret"]),
        api_url=values["api_url"],
        auth_url=values["auth_url"],
    )
