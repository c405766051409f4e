"""The README of an exported project: what was exported, the secrets to set, what the first run does."""

from __future__ import annotations

from collections import Counter

from .objects import KIND_ORDER
from .program import RESOURCE_CLASS, EnvironmentExport, GeneratedProject

__all__ = ["readme"]


def readme(project: str, exports: list[EnvironmentExport], generated: GeneratedProject, drift: list[str]) -> str:
    out = [
        f"# {project}: PingOne notification configuration, exported",
        "",
        "Written by `pingone-notifications export`. Every object below is declared with `adopt`: the first",
        "`pulumi up` takes it over as it is in PingOne, without writing to it, except the objects whose secrets",
        "you set (PingOne never returns secrets, so each of those is updated once, and the preview says so).",
        "",
        "## What was exported",
        "",
        "| stack | environment | " + " | ".join(RESOURCE_CLASS[k] for k in KIND_ORDER) + " |",
        "| --- | --- | " + " | ".join("---" for _ in KIND_ORDER) + " |",
    ]
    for env in exports:
        counts = Counter(s.kind for s in env.specs)
        out.append(f"| {env.stack} | `{env.environment_id}` | " + " | ".join(str(counts[k]) for k in KIND_ORDER) + " |")
    out += [
        "",
        "`__main__.py` holds what all environments share; each `Pulumi.<stack>.yaml` holds its environment's",
        "ID, connection and whatever differs. Long texts are in `texts/`, byte for byte as PingOne has them.",
        "Arguments equal to PingOne's defaults are left out (export with `--include-defaults` to write them).",
        "",
        "## 1. Set the secrets",
        "",
        "PingOne does not return secrets, so none was exported. Each command prompts for the value (it stays out",
        "of your shell history and is stored encrypted):",
        "",
        "```sh",
    ]
    for env in exports:
        out.append(f"pulumi config set --secret --stack {env.stack} pingone:clientSecret   # the worker app's secret")
        for secret in generated.secrets:
            if secret.stack == env.stack:
                out.append(f"pulumi config set --secret --stack {secret.stack} {secret.key}   # {secret.what}")
    out += ["```", ""]
    if not any(True for _ in generated.secrets):
        out += ["(No object of this export has a secret besides the worker app's.)", ""]
    out += [
        "## 2. Preview, adopt, check",
        "",
        "```sh",
        "pip install -r requirements.txt   # in the Python environment pulumi runs (or set a virtualenv)",
    ]
    for env in exports:
        out += [
            f"pulumi stack init {env.stack}            # once (keeps Pulumi.{env.stack}.yaml)",
            f"pulumi preview --stack {env.stack}       # each object says whether adopting writes to it",
            f"pulumi up --stack {env.stack}",
            f"pulumi preview --stack {env.stack} --expect-no-changes",
        ]
    out += [
        "```",
        "",
        "## Destroy",
        "",
        "Adopted objects are kept in PingOne when a stack is destroyed (`retain_on_delete`): `pulumi destroy`",
        "only removes them from the stack. To have destroy delete them (and reset the notifications settings",
        "to PingOne's defaults), opt in per stack: `pulumi config set --stack <stack> retainOnDelete false`,",
        "then `pulumi up` once so the option is recorded, then `pulumi destroy`.",
        "",
    ]
    if drift:
        out += [
            "## Objects the first `pulumi up` would still change",
            "",
            "The export could not describe these exactly with the resources' arguments; review them:",
            "",
            *[f"- {d}" for d in drift],
            "",
        ]
    return "\n".join(out)
