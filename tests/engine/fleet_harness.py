"""Fleet harness: a real PostgreSQL server as the Pulumi state backend, a work copy of the fleet project, and
typed ``pulumi`` / ``pingone-notifications fleet`` commands run as a user (or a CI job) would run them.

PostgreSQL comes from the ``pgserver`` package (a dev dependency): it runs a real ``postgres`` on a Unix socket
in a temporary directory; the pinned CLI logs in with ``postgres://postgres@/<db>?host=<socket dir>&sslmode=disable``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pingone_notifications.testing import EmulatorProcess, pulumi_bin_dir

PROJECT = Path(__file__).parent / "projects" / "fleet"


@dataclass
class Postgres:
    """A running PostgreSQL server (pgserver) and a way to make empty databases on it."""

    socket_dir: Path
    server: Any

    def database(self, name: str) -> str:
        """A new, empty database; its ``postgres://`` backend URL."""
        self.server.psql(f'CREATE DATABASE "{name}";')
        return f"postgres://postgres@/{name}?host={self.socket_dir}&sslmode=disable"


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    # A short directory: the socket path must fit in sun_path (107 bytes).
    directory = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))
    with warnings.catch_warnings():  # platformdirs: "XDG_RUNTIME_DIR is not set" (it falls back to /tmp)
        warnings.simplefilter("ignore")
        import pgserver  # a dev dependency: only the tests and the benchmark need it

        server = pgserver.get_server(directory, cleanup_mode="delete")
    try:
        yield Postgres(directory, server)
    finally:
        server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


class Fleet:
    """A work copy of a fleet project whose stacks live in one backend, with the env a CI job would have."""

    def __init__(self, backend_url: str, emulator: EmulatorProcess, work: Path, project: Path = PROJECT) -> None:
        self.emulator = emulator
        self.dir = work / "project"
        self.logs = work / "logs"
        self.dir.mkdir(parents=True, exist_ok=True)
        spec = yaml.safe_load((project / "Pulumi.yaml").read_text())
        (self.dir / "Pulumi.yaml").write_text(yaml.safe_dump({**spec, "main": str(project)}, sort_keys=False))
        home = work / "pulumi-home"
        home.mkdir(exist_ok=True)
        bindir = pulumi_bin_dir()
        self.env = {
            **os.environ,
            "PULUMI_BACKEND_URL": backend_url,
            "PULUMI_CONFIG_PASSPHRASE": "fleet-test-passphrase",
            "PULUMI_HOME": str(home),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            # the pinned CLI's `pulumi stack ls` hangs on the PostgreSQL backend otherwise (fleet.pulumi_env)
            "PULUMI_DIY_BACKEND_PARALLEL": "1",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_PYTHON_CMD": os.environ.get("PULUMI_PYTHON_CMD", sys.executable),
            "PATH": f"{bindir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        }

    def connect(self, app: Mapping[str, Any]) -> None:
        """The worker app's credentials as a CI job gets them: environment variables from its secret store."""
        self.env.update({
            "PINGONE_REGION_CODE": "NA",
            "PINGONE_ENVIRONMENT_ID": str(app["environment_id"]),
            "PINGONE_CLIENT_ID": str(app["client_id"]),
            "PINGONE_CLIENT_SECRET": str(app["client_secret"]),
            "PINGONE_API_URL": self.emulator.api_url,
            "PINGONE_AUTH_URL": self.emulator.auth_url,
        })  # fmt: skip

    def add_stack(self, name: str, config: Mapping[str, Any]) -> None:
        """``Pulumi.<name>.yaml`` with this config (keys without a namespace are ``fleet:``), then ``pulumi
        stack init`` in the backend."""
        keys = {k if ":" in k else f"fleet:{k}": v for k, v in config.items()}
        (self.dir / f"Pulumi.{name}.yaml").write_text(yaml.safe_dump({"config": keys}))
        self.pulumi("stack", "init", name)

    def set_config(self, stack: str, key: str, value: Any) -> None:
        path = self.dir / f"Pulumi.{stack}.yaml"
        data = yaml.safe_load(path.read_text())
        data["config"][f"fleet:{key}"] = value
        path.write_text(yaml.safe_dump(data))

    def pulumi(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A typed ``pulumi`` command in the project directory."""
        done = subprocess.run(["pulumi", *args, "--non-interactive"], cwd=self.dir, env=self.env,
                              capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(["pulumi", *args, "--non-interactive"], cwd=self.dir, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip

    def fleet(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``pingone-notifications fleet …`` as a user types it (each stack's output kept in the work dir)."""
        logs = ["--log-dir", str(self.logs)] if args and args[0] in ("preview", "up") else []
        return subprocess.run([sys.executable, "-m", "pingone_notifications.cli", "fleet", *args, *logs],
                              cwd=self.dir, env=self.env, capture_output=True, text=True, timeout=900,
                              check=False)  # fmt: skip
