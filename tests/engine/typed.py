"""Typed `pulumi` commands in a project directory, with a user's environment (shared by the engine tests that
prove what a user types: the examples, the user's own repo)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from pingone_notifications.testing import pulumi_bin_dir

ROOT = Path(__file__).resolve().parents[2]


def user_shell_environment(home: Path, *, with_pulumi: bool = True) -> dict[str, str]:
    """This machine's environment as a user's shell has it: no activated virtualenv, no `PULUMI_PYTHON_CMD` or
    other settings of ours, no project `.venv/bin` on PATH; `pulumi` on PATH only ``with_pulumi``."""
    ours = {str(ROOT / ".venv" / "bin"), str(pulumi_bin_dir())}
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH") and not k.startswith(("PULUMI_", "PINGONE_"))
    }
    path = [p for p in os.environ["PATH"].split(os.pathsep) if p and p not in ours]
    env["PATH"] = os.pathsep.join([str(pulumi_bin_dir()), *path] if with_pulumi else path)
    # the CLI's home (and so `pulumi login`) in the test's directory, not the machine user's; no update check
    # (it would reach for the internet); pip installs the versions the project is tested with (its lock file)
    env.update(PULUMI_HOME=str(home), PULUMI_SKIP_UPDATE_CHECK="true", PIP_CONSTRAINT=str(ROOT / "constraints.txt"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")  # fmt: skip
    return env


@dataclass
class TypedProject:
    """A project directory and the shell a user types `pulumi` commands in."""

    directory: Path
    env: dict[str, str]
    outputs: list[str] = field(default_factory=list)  # what every command printed, but for...
    verbose: list[str] = field(default_factory=list)  # ...the commands run at -v=9

    def pulumi(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["pulumi", *args], cwd=self.directory, env={**self.env, **(env or {})},
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        (self.verbose if "-v=9" in args else self.outputs).extend([done.stdout, done.stderr])
        if check:
            assert done.returncode == 0, f"pulumi {' '.join(args)}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        return done
