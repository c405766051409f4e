"""A stack of a Pulumi program on a file backend, driven through the Automation API and the CLI itself."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import yaml
from pulumi import automation as auto

from .project_copy import work_copy
from .pulumi_cli import pulumi_bin_dir, user_environment

__all__ = ["PulumiStack"]


def _offline_env(state_dir: Path, passphrase: str) -> dict[str, str]:
    return {
        "PULUMI_BACKEND_URL": state_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": passphrase,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PATH": user_environment()["PATH"],
    }


@dataclass
class PulumiStack:
    """A stack of a Pulumi program, on a file backend, driven through the Automation API."""

    stack: auto.Stack
    work_dir: Path
    output: list[str] = field(default_factory=list)
    _cleanup: Callable[[], None] | None = None

    @classmethod
    def for_project(
        cls,
        project_dir: str | Path,
        stack_name: str,
        *,
        config: Mapping[str, Any] | None = None,
        env: Mapping[str, str] | None = None,
        state_dir: str | Path | None = None,
        pulumi_home: str | Path | None = None,
        passphrase: str = "",
    ) -> PulumiStack:
        """Open (or create) ``stack_name`` of the project in ``project_dir``.

        The project directory is never written to: the stack runs from a work copy of ``Pulumi.yaml`` and
        ``Pulumi.<stack>.yaml`` (beside ``state_dir``), whose ``main`` points back at the project and whose
        ``virtualenv`` is the project's own (if it exists) or the one running this code, and ``config`` is
        applied to that copy. The project's own stack file is re-read on every open: its values win, and a
        key removed from it is removed from the copy; config set at run time stays in the copy for later opens.
        """
        project_dir = Path(project_dir).resolve()
        temp = None
        if state_dir is None or pulumi_home is None:
            temp = tempfile.mkdtemp(prefix="pulumi-stack-")
        state = Path(state_dir) if state_dir else Path(temp or "") / "state"
        home = Path(pulumi_home) if pulumi_home else Path(temp or "") / "home"
        state.mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        project = yaml.safe_load((project_dir / "Pulumi.yaml").read_text())
        work = work_copy(project_dir, project, stack_name, state.parent / "work" / str(project["name"]))
        env_vars = {**_offline_env(state, passphrase), **(env or {})}
        command = auto.PulumiCommand(root=str(pulumi_bin_dir().parent), skip_version_check=False) \
            if (pulumi_bin_dir().parent / "bin" / "pulumi").exists() else None  # fmt: skip
        opts = auto.LocalWorkspaceOptions(work_dir=str(work), pulumi_home=str(home), env_vars=env_vars,
                                          secrets_provider="passphrase", pulumi_command=command)  # fmt: skip
        stack = auto.create_or_select_stack(stack_name, work_dir=str(work), opts=opts)
        if config:
            stack.set_all_config({k: v if isinstance(v, auto.ConfigValue) else auto.ConfigValue(_text(v))
                                  for k, v in config.items()})  # fmt: skip
        cleanup = (lambda: shutil.rmtree(temp, ignore_errors=True)) if temp else None
        return cls(stack, work, [], cleanup)

    def __enter__(self) -> PulumiStack:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._cleanup:
            self._cleanup()
            self._cleanup = None

    def _capture(self, line: str) -> None:
        self.output.append(line)

    def up(self, **kwargs: Any) -> auto.UpResult:
        return self.stack.up(on_output=self._capture, color="never", **{"show_secrets": False, **kwargs})

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        return self.stack.preview(on_output=self._capture, color="never", **kwargs)

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        return self.stack.refresh(on_output=self._capture, color="never", **{"show_secrets": False, **kwargs})

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        return self.stack.destroy(on_output=self._capture, color="never", **{"show_secrets": False, **kwargs})

    def recover(self) -> list[str]:
        """The documented recovery after an interrupted ``pulumi up`` (a killed process, a lost CI runner):

        1. if the checkpoint was cut off while being written (``failed to load checkpoint``), put back the
           previous one, ``<stack>.json.bak``, that the file backend keeps beside it;
        2. ``pulumi cancel`` to remove the lock the dead process left;
        3. ``pulumi refresh --clear-pending-creates`` to bring the state in line with PingOne.

        The next ``pulumi up`` then creates what is missing; objects the dead run created without recording
        them are found by their natural key and taken over (they are identical), never duplicated.
        Returns what was done.
        """
        done = []
        backend = self.stack.workspace.env_vars.get("PULUMI_BACKEND_URL", "")
        if backend.startswith("file://"):
            stacks = Path(backend.removeprefix("file://")) / ".pulumi" / "stacks"
            for checkpoint in stacks.glob(f"*/{self.stack.name}.json"):
                # the checkpoint and its metadata file (.attrs) are written in place, so either may be cut off
                pair = [checkpoint, checkpoint.with_name(checkpoint.name + ".attrs")]
                if all(_is_json(f) for f in pair if f.exists() or f == checkpoint):
                    continue
                for current in pair:
                    backup = current.with_name(current.name.replace(".json", ".json.bak", 1))
                    if backup.exists():
                        shutil.copyfile(backup, current)
                done.append(f"restored {checkpoint.name} from {checkpoint.name}.bak")
        if self.cli("cancel", "--yes", check=False).returncode == 0:
            done.append("pulumi cancel")
        self.refresh(clear_pending_creates=True)
        done.append("pulumi refresh --clear-pending-creates")
        return done

    def export(self) -> dict[str, Any]:
        deployment = self.stack.export_stack()
        return dict(deployment.deployment or {})

    def outputs(self) -> dict[str, Any]:
        return {k: v.value for k, v in self.stack.outputs().items()}

    def typed(self, *args: str) -> tuple[list[str], dict[str, str]]:
        """The command line and environment of a typed ``pulumi <args>`` against this stack: what a user's
        shell runs in the project directory (no activated virtualenv), for ``subprocess`` calls of your own."""
        env = user_environment({**self.stack.workspace.env_vars, "PULUMI_HOME": str(self.stack.workspace.pulumi_home)})
        argv = [str(pulumi_bin_dir() / "pulumi"), *args, "--stack", self.stack.name, "--cwd", str(self.work_dir),
                "--non-interactive"]  # fmt: skip
        return argv, env

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the pulumi CLI itself against this stack (e.g. ``stack export``)."""
        argv, env = self.typed(*args)
        return subprocess.run(argv, env=env, capture_output=True, text=True, check=check, timeout=600)


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except (ValueError, OSError):
        return False
    return True


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
