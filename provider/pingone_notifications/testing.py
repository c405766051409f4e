"""Offline testing helpers: run the local PingOne emulator and drive Pulumi programs with the real CLI.

For your own stacks' tests::

    from pingone_notifications.testing import EmulatorProcess, PulumiStack

    with EmulatorProcess.start() as emulator:
        env = emulator.add_environment(region="EU", env_type="PRODUCTION")
        app = emulator.add_worker_app(env["id"])
        with PulumiStack.for_project("path/to/project", "test", config=emulator.stack_config(app)) as stack:
            stack.up()
            assert stack.preview().change_summary.get("same")

:class:`PulumiStack` uses the Automation API with the ``pulumi`` CLI on ``PATH`` (or ``$PULUMI_BIN_DIR``), a
file backend and a passphrase secrets provider in a temporary directory. When the Go python language host
(``pulumi-language-python``) is installed, a project directory runs as a normal local program; without it,
the same ``__main__.py`` runs as an Automation API inline program (same CLI, engine and dynamic provider
plugin; only the program is hosted in this process).
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import yaml
from pulumi import automation as auto

__all__ = ["EmulatorProcess", "PulumiStack", "language_host_available", "pulumi_bin_dir"]


# ----------------------------------------------------------------------------------------------------------------
# The emulator
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class EmulatorProcess:
    """A ``pingone-emulator serve`` subprocess on a free loopback port."""

    url: str
    process: subprocess.Popen[bytes]
    http: httpx.Client = field(repr=False)

    @classmethod
    def start(
        cls,
        *,
        db: str = ":memory:",
        token_lifetime: float = 3600.0,
        page_size: int = 100,
        seed: Path | None = None,
        detach: bool = False,
        log_file: Path | None = None,
        port: int = 0,
    ) -> EmulatorProcess:
        args = [sys.executable, "-m", "pingone_emulator", "serve", "--port", str(port), "--db", db,
                "--token-lifetime", str(token_lifetime), "--page-size", str(page_size)]  # fmt: skip
        if seed is not None:
            args += ["--seed", str(seed)]
        stderr = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115 - handed to the child
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, start_new_session=detach)
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        if "listening on " not in line:
            process.kill()
            raise RuntimeError(f"the emulator did not start: {line!r}")
        url = line.split("listening on ", 1)[1].strip()
        emulator = cls(url, process, httpx.Client(base_url=url, timeout=30.0))
        deadline = time.monotonic() + 10
        while True:
            try:
                emulator.http.get("/__emulator/health").raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    emulator.stop()
                    raise
                time.sleep(0.05)
        return emulator

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.http.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    # control API ----------------------------------------------------------------------------------------------
    def control(self, method: str, path: str, body: Any = None) -> Any:
        response = self.http.request(method, f"/__emulator/{path}", json=body)
        if response.status_code >= 400:
            raise RuntimeError(f"emulator control {method} {path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    def add_environment(self, *, region: str = "NA", env_type: str = "SANDBOX", env_id: str | None = None,
                        name: str | None = None, languages: list[str] | None = None,
                        trusted_emails: list[str] | None = None) -> dict[str, Any]:  # fmt: skip
        """A new environment; ``trusted_emails``: the addresses its settings may use as from/replyTo."""
        body = {"region": region, "type": env_type, "id": env_id, "name": name, "languages": languages or [],
                "trusted_emails": trusted_emails}  # fmt: skip
        result: dict[str, Any] = self.control("POST", "environments", {k: v for k, v in body.items() if v is not None})
        return result

    def add_worker_app(self, environment_id: str, *, environments: list[str] | None = None,
                       client_id: str | None = None, client_secret: str | None = None,
                       auth_method: str = "CLIENT_SECRET_BASIC") -> dict[str, Any]:  # fmt: skip
        body = {"environment_id": environment_id, "environments": environments or [], "client_id": client_id,
                "client_secret": client_secret, "token_endpoint_auth_method": auth_method}  # fmt: skip
        result: dict[str, Any] = self.control("POST", "worker-apps", {k: v for k, v in body.items() if v is not None})
        return result

    def add_provider_account(self, provider: str, auth_token: str, *, sid: str | None = None,
                             numbers: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
        """Register a Twilio (``sid``) or Syniverse account whose credentials PingOne will accept."""
        body = {"provider": provider, "auth_token": auth_token, "sid": sid, "numbers": numbers}
        result: dict[str, Any] = self.control("POST", "provider-accounts", {k: v for k, v in body.items() if v})
        return result

    def requests(self, after: int = 0) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", f"requests?after={after}")["requests"]
        return result

    def last_seq(self) -> int:
        return int(self.control("GET", "requests?after=999999999999")["last_seq"])

    def set_faults(self, **config: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.control("PUT", "faults", config)
        return result

    def clear_faults(self) -> dict[str, Any]:
        result: dict[str, Any] = self.control("DELETE", "faults")
        return result

    def objects(self, environment_id: str, kind: str) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.control("GET", f"objects?environment={environment_id}&kind={kind}")
        return result

    @property
    def api_url(self) -> str:
        return f"{self.url}/{{region}}/v1"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/{{region}}"

    def stack_config(self, app: Mapping[str, Any], region: str | None = None) -> dict[str, Any]:
        """Stack config (``pingone:*``) pointing at this emulator as the given worker app."""
        env = next(e for e in self.control("GET", "environments") if e["id"] == app["environment_id"])
        return {
            "pingone:regionCode": region or env["region"],
            "pingone:environmentId": app["environment_id"],
            "pingone:clientId": app["client_id"],
            "pingone:clientSecret": auto.ConfigValue(app["client_secret"], secret=True),
            "pingone:apiUrl": self.api_url,
            "pingone:authUrl": self.auth_url,
        }


# ----------------------------------------------------------------------------------------------------------------
# Pulumi
# ----------------------------------------------------------------------------------------------------------------
def pulumi_bin_dir() -> Path:
    """The directory of the ``pulumi`` CLI to use: ``$PULUMI_BIN_DIR``, else the one on PATH."""
    configured = os.environ.get("PULUMI_BIN_DIR")
    if configured and (Path(configured) / "pulumi").exists():
        return Path(configured)
    found = shutil.which("pulumi")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError("no pulumi CLI: run `make setup` (it builds the pinned CLI) or put pulumi on PATH")


def language_host_available() -> bool:
    return (pulumi_bin_dir() / "pulumi-language-python").exists() or shutil.which("pulumi-language-python") is not None


def _offline_env(state_dir: Path, passphrase: str) -> dict[str, str]:
    bindir = pulumi_bin_dir()
    return {
        "PULUMI_BACKEND_URL": state_dir.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": passphrase,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_PYTHON_CMD": os.environ.get("PULUMI_PYTHON_CMD", sys.executable),
        "PATH": f"{bindir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


@dataclass
class PulumiStack:
    """A stack of a Pulumi program, on a file backend, driven through the Automation API."""

    stack: auto.Stack
    work_dir: Path
    mode: str  # "local" (the language host runs the program) or "inline" (this process hosts it)
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
        mode: str | None = None,
    ) -> PulumiStack:
        """Open (or create) ``stack_name`` of the project in ``project_dir``.

        The project directory is never written to: the stack runs from a work copy of ``Pulumi.yaml`` and
        ``Pulumi.<stack>.yaml`` (beside ``state_dir``), whose ``main`` points back at the project, and
        ``config`` is applied to that copy. The project's own stack file is re-read on every open (its
        values win); config set at run time stays in the copy for later opens.
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
        work = _work_copy(project_dir, project, stack_name, state.parent / "work" / str(project["name"]))
        env_vars = {**_offline_env(state, passphrase), **(env or {})}
        mode = mode or ("local" if language_host_available() else "inline")
        command = auto.PulumiCommand(root=str(pulumi_bin_dir().parent), skip_version_check=False) \
            if (pulumi_bin_dir().parent / "bin" / "pulumi").exists() else None  # fmt: skip
        opts = auto.LocalWorkspaceOptions(work_dir=str(work), pulumi_home=str(home), env_vars=env_vars,
                                          secrets_provider="passphrase", pulumi_command=command)  # fmt: skip
        with _environ(env_vars):
            if mode == "local":
                stack = auto.create_or_select_stack(stack_name, work_dir=str(work), opts=opts)
            else:
                stack = auto.create_or_select_stack(stack_name, project_name=project["name"],
                                                    program=_program_from(project_dir, project), opts=opts)  # fmt: skip
            if config:
                stack.set_all_config({k: v if isinstance(v, auto.ConfigValue) else auto.ConfigValue(_text(v))
                                      for k, v in config.items()})  # fmt: skip
        cleanup = (lambda: shutil.rmtree(temp, ignore_errors=True)) if temp else None
        return cls(stack, work, mode, [], cleanup)

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

    def _env(self) -> AbstractContextManager[None]:
        return _environ(self.stack.workspace.env_vars)

    def up(self, **kwargs: Any) -> auto.UpResult:
        with self._env():
            return self.stack.up(on_output=self._capture, color="never", **{"show_secrets": False, **kwargs})

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        with self._env():
            return self.stack.preview(on_output=self._capture, color="never", **kwargs)

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        with self._env():
            return self.stack.refresh(on_output=self._capture, color="never", **{"show_secrets": False, **kwargs})

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        with self._env():
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
        with self._env():
            deployment = self.stack.export_stack()
        return dict(deployment.deployment or {})

    def outputs(self) -> dict[str, Any]:
        with self._env():
            return {k: v.value for k, v in self.stack.outputs().items()}

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run the pulumi CLI itself against this stack (e.g. ``stack export``)."""
        env = {**os.environ, **self.stack.workspace.env_vars, "PULUMI_HOME": str(self.stack.workspace.pulumi_home)}
        return subprocess.run([str(pulumi_bin_dir() / "pulumi"), *args, "--stack", self.stack.name,
                               "--cwd", str(self.work_dir), "--non-interactive"],
                              env=env, capture_output=True, text=True, check=check, timeout=600)  # fmt: skip


def _work_copy(project_dir: Path, project: dict[str, Any], stack_name: str, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    main = project_dir / str(project.get("main") or ".")
    (work / "Pulumi.yaml").write_text(yaml.safe_dump({**project, "main": str(main)}, sort_keys=False))
    source, copy = project_dir / f"Pulumi.{stack_name}.yaml", work / f"Pulumi.{stack_name}.yaml"
    settings = (yaml.safe_load(source.read_text()) if source.exists() else None) or {}
    previous = (yaml.safe_load(copy.read_text()) if copy.exists() else None) or {}
    # The project's settings win; config set at run time (earlier opens) is kept, and so is the salt the
    # stack's secrets were encrypted with.
    merged = {**previous, **settings, "config": {**(previous.get("config") or {}), **(settings.get("config") or {})}}
    if "encryptionsalt" in previous:
        merged["encryptionsalt"] = previous["encryptionsalt"]
    copy.write_text(yaml.safe_dump(merged, sort_keys=False))
    return work


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except (ValueError, OSError):
        return False
    return True


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _program_from(project_dir: Path, project: Mapping[str, Any]) -> Callable[[], None]:
    entry = project_dir / str(project.get("main") or "__main__.py")
    if entry.is_dir():
        entry = entry / "__main__.py"

    def program() -> None:
        sys.path.insert(0, str(project_dir))
        try:
            runpy.run_path(str(entry), run_name="__main__")
        finally:
            with suppress(ValueError):
                sys.path.remove(str(project_dir))

    return program


@contextmanager
def _environ(values: Mapping[str, str]) -> Iterator[None]:
    """The CLI gets these through the workspace; the in-process inline program needs them too."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def main(argv: list[str] | None = None) -> int:
    """``python -m pingone_notifications.testing up|preview|refresh|destroy --project DIR --stack NAME
    --state DIR --home DIR``: one operation on a stack opened earlier (its run-time config is kept)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m pingone_notifications.testing", description=main.__doc__)
    parser.add_argument("operation", choices=["up", "preview", "refresh", "destroy"])
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--home", required=True)
    args = parser.parse_args(argv)
    passphrase = os.environ.get("PULUMI_CONFIG_PASSPHRASE", "")
    with PulumiStack.for_project(args.project, args.stack, state_dir=args.state, pulumi_home=args.home,
                                 passphrase=passphrase) as stack:  # fmt: skip
        try:
            getattr(stack, args.operation)()
        finally:
            print("\n".join(stack.output), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
