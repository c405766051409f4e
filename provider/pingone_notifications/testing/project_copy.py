"""The work copy of a project's ``Pulumi.yaml`` and stack file that a :class:`~.stack.PulumiStack` runs from,
so the project directory is never written to."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["work_copy"]


def work_copy(project_dir: Path, project: dict[str, Any], stack_name: str, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    main = project_dir / str(project.get("main") or ".")
    (work / "Pulumi.yaml").write_text(
        yaml.safe_dump({**project, "main": str(main), "runtime": _runtime(project_dir, project)}, sort_keys=False)
    )
    source, copy = project_dir / f"Pulumi.{stack_name}.yaml", work / f"Pulumi.{stack_name}.yaml"
    settings = (yaml.safe_load(source.read_text()) if source.exists() else None) or {}
    previous = (yaml.safe_load(copy.read_text()) if copy.exists() else None) or {}
    # The project's settings win, and a key the project's file had last time but no longer has is removed;
    # config set at run time (earlier opens) is kept, and so is the salt the stack's secrets were encrypted with.
    from_project = work / f".{stack_name}.project-keys.json"
    dropped = set(json.loads(from_project.read_text()) if from_project.exists() else []) - set(
        settings.get("config") or {}
    )
    config = {k: v for k, v in (previous.get("config") or {}).items() if k not in dropped}
    merged = {**previous, **settings, "config": {**config, **(settings.get("config") or {})}}
    if "encryptionsalt" in previous:
        merged["encryptionsalt"] = previous["encryptionsalt"]
    copy.write_text(yaml.safe_dump(merged, sort_keys=False))
    from_project.write_text(json.dumps(sorted(settings.get("config") or {})))
    return work


def _runtime(project_dir: Path, project: Mapping[str, Any]) -> dict[str, Any]:
    """The project's runtime with an absolute ``virtualenv``: the project's own when it exists, else the
    virtualenv running this code (which has this package), so the language host runs the program there."""
    runtime = project.get("runtime") or "python"
    runtime = {"name": runtime} if isinstance(runtime, str) else dict(runtime)
    options = dict(runtime.get("options") or {})
    own = project_dir / str(options["virtualenv"]) if options.get("virtualenv") else None
    if own is not None and (own / "bin" / "python").exists():
        options["virtualenv"] = str(own.resolve())
    elif sys.prefix != sys.base_prefix:
        options["virtualenv"] = sys.prefix
    return {**runtime, "options": options}
