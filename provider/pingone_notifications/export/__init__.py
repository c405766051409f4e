"""``pingone-notifications export``: bring environments configured by hand under code.

Reads what one or more environments hold (custom template contents, notification policies with the default
one, phone delivery settings, notifications settings) and writes a Pulumi project that adopts all of it::

    from pingone_notifications.export import export_environments
    result = export_environments(client, [("dev", dev_env_id), ("prod", prod_env_id)], Path("notifications"))

The program uses this package's public resources with ``adopt``; the first ``pulumi up`` takes every object
over as it is (no write), except the objects whose secrets the user sets (PingOne never returns secrets: one
update each). Before writing, every exported object is checked: the arguments written, given to its resource,
must describe the live object exactly; any object that would still change is reported (``ExportResult.drift``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..client import PingOneClient
from ..errors import PingOneError
from ..resources._base import BaseProvider
from ..resources.notification_policy import NotificationPolicyProvider
from ..resources.notifications_settings import NotificationsSettingsProvider
from ..resources.phone_delivery_settings import PhoneDeliverySettingsProvider
from ..resources.template_content import NotificationTemplateContentProvider
from .objects import ObjectSpec, Ref, Secret, Snapshot, specs_for
from .program import EnvironmentExport, GeneratedProject, SecretSetting, build_project
from .readme import readme
from .snapshot import read_environment

__all__ = ["ExportResult", "export_environments", "resource_inputs", "specs_for", "unchanged_by_adoption"]

PROVIDERS: dict[str, BaseProvider] = {
    "phone": PhoneDeliverySettingsProvider(),
    "policy": NotificationPolicyProvider(),
    "settings": NotificationsSettingsProvider(),
    "content": NotificationTemplateContentProvider(),
}
SECRET_PLACEHOLDER = "secret-from-stack-config"  # noqa: S105 - a stand-in, never sent


@dataclass
class ExportResult:
    out_dir: Path
    objects: int
    files: list[str]
    secrets: list[SecretSetting]
    drift: list[str] = field(default_factory=list)  # objects that adopting would still change (should be none)


def resource_inputs(spec: ObjectSpec, environment_id: str, ids: Mapping[tuple[str, ...], str]) -> dict[str, Any]:
    """The inputs the generated program gives this object's resource in ``environment_id`` (references
    resolved to the live IDs, secrets to a placeholder)."""

    def resolve(value: Any) -> Any:
        if isinstance(value, Ref):
            return ids[value.key]
        if isinstance(value, Secret):
            return SECRET_PLACEHOLDER
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    inputs = {"environment_id": environment_id, **resolve(spec.args)}
    if spec.adopt is not None:
        inputs["adopt"] = spec.adopt
    return inputs


def unchanged_by_adoption(spec: ObjectSpec, inputs: Mapping[str, Any]) -> list[str]:
    """The properties adopting would change on the live object (secrets aside); empty when it is taken over
    as it is. Invalid inputs are reported as a change of everything."""
    provider = PROVIDERS[spec.kind]
    try:
        changes = provider.adoption_changes(inputs, spec.live)
    except PingOneError as err:
        return [f"(invalid: {err})"]
    return [c for c in changes if c not in {".".join(p) for p in provider.secret_paths}]


def export_environments(
    client: PingOneClient,
    environments: Sequence[tuple[str, str]],
    out_dir: Path,
    *,
    project: str = "notifications",
    include_defaults: bool = False,
    connection_config: Mapping[str, str] | None = None,
    snapshots: Sequence[Snapshot] | None = None,
) -> ExportResult:
    """Read each ``(stack, environment ID)`` and write one project for all of them into ``out_dir``."""
    exports = []
    drift = []
    read = list(snapshots) if snapshots is not None else [read_environment(client, e) for _, e in environments]
    for (stack, env_id), snapshot in zip(environments, read, strict=True):
        specs = specs_for(snapshot, include_defaults=include_defaults)
        ids = {s.key: str(s.live.get("id")) for s in specs if s.kind == "phone"}
        for spec in specs:
            changes = unchanged_by_adoption(spec, resource_inputs(spec, env_id, ids))
            if changes:
                drift.append(f"{stack}: {spec.label}: {', '.join(changes)}")
        exports.append(EnvironmentExport(stack, env_id, specs, dict(connection_config or {})))
    names = "\n".join(f"- {e} (stack {s})" for s, e in environments)
    description = f"PingOne notification configuration, exported by `pingone-notifications export`, of\n\n{names}"
    generated: GeneratedProject = build_project(project, exports, description)
    generated.files["README.md"] = readme(project, exports, generated, drift).encode()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in generated.files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return ExportResult(out_dir, generated.objects, sorted(generated.files), generated.secrets, drift)
