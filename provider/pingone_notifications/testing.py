"""Offline testing helpers: run the local PingOne emulator and drive Pulumi programs with the real CLI.

For your own stacks' tests::

    from pingone_notifications.testing import EmulatorProcess, PulumiStack

    with EmulatorProcess.start() as emulator:
        env = emulator.add_environment(region="EU", env_type="PRODUCTION")
        app = emulator.add_worker_app(env["id"])
        with PulumiStack.for_project("path/to/project", "test", config=emulator.stack_config(app)) as stack:
            stack.up()
            assert stack.preview().change_summary.get("same")

:class:`PulumiStack` runs the project as an Automation API *local* program: the ``pulumi`` CLI on ``PATH`` (or
``$PULUMI_BIN_DIR``) starts the python language host, which runs the project's ``__main__.py`` in the project's
virtualenv (or the virtualenv running the test), exactly as a typed ``pulumi up`` does; state lives on a file
backend with a passphrase secrets provider in a temporary directory. :meth:`PulumiStack.cli` types any other
``pulumi`` command against the same stack.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx
import yaml
from pulumi import automation as auto

__all__ = ["EmulatorProcess", "PulumiStack", "pulumi_bin_dir", "user_environment"]


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

    def set_rate_limit(
        self, requests_per_second: float, *, burst: float | None = None, scope: str = "license"
    ) -> dict[str, Any]:
        """PingOne-style rate limit (429 ``REQUEST_LIMITED`` with ``Retry-After``); 0 switches it off."""
        body = {"requests_per_second": requests_per_second, "burst": burst, "scope": scope}
        result: dict[str, Any] = self.control("PUT", "rate-limits", body)
        return result

    def rate_limit_status(self) -> dict[str, Any]:
        """The limit in force and how many requests it allowed and refused (``limited_total``)."""
        result: dict[str, Any] = self.control("GET", "rate-limits")
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


def user_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a user's shell gives ``pulumi``: this process's, less any activated virtualenv and
    ``PULUMI_PYTHON_CMD``, with the CLI's directory first on ``PATH`` — so the language host finds Python only
    through the project's ``virtualenv`` option, as it does for a user."""
    venv_bins = {str(Path(sys.prefix) / "bin"), os.environ.get("VIRTUAL_ENV", "") + "/bin"}
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PULUMI_PYTHON_CMD", "PYTHONHOME")}
    path = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and p not in venv_bins]
    env["PATH"] = os.pathsep.join([str(pulumi_bin_dir()), *path])
    return {**env, **(extra or {})}


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
        work = _work_copy(project_dir, project, stack_name, state.parent / "work" / str(project["name"]))
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


def _work_copy(project_dir: Path, project: dict[str, Any], stack_name: str, work: Path) -> Path:
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


def _is_json(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except (ValueError, OSError):
        return False
    return True


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
