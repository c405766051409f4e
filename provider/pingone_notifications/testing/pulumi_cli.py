"""Which ``pulumi`` CLI runs, and the environment a user's shell gives it."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["pulumi_bin_dir", "user_environment"]


def pulumi_bin_dir() -> Path:
    """The directory of the ``pulumi`` CLI to use: ``$PULUMI_BIN_DIR``, else the one on PATH."""
    configured = os.environ.get("PULUMI_BIN_DIR")
    if configured and (Path(configured) / "pulumi").exists():
        return Path(configured)
    found = shutil.which("pulumi")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError("no pulumi CLI: run `make setup` (it builds the pinned CLI) or put pulumi on PATH")


def user_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a user's shell gives ``pulumi``: this process's, less any activated virtualenv and
    ``PULUMI_PYTHON_CMD``, with the CLI's directory first on ``PATH`` — so the language host finds Python only
    through the project's ``virtualenv`` option, as it does for a user."""
    venv_bins = {str(Path(sys.prefix) / "bin"), os.environ.get("VIRTUAL_ENV", "") + "/bin"}
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PULUMI_PYTHON_CMD", "PYTHONHOME")}
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p not in venv_bins]
    env["PATH"] = os.pathsep.join([str(pulumi_bin_dir()), *path])
    return {**env, **(extra or {})}
