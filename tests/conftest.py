"""Shared fixtures: one emulator process per test session, real Pulumi stacks in temporary directories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pingone_notifications.testing import EmulatorProcess, pulumi_bin_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess.start() as process:
        yield process


@pytest.fixture
def sandbox(emulator: EmulatorProcess) -> dict[str, Any]:
    """A fresh NA sandbox environment and a worker app that manages it."""
    env = emulator.add_environment(region="NA", env_type="SANDBOX")
    app = emulator.add_worker_app(env["id"])
    return {"env": env, "app": app, "config": emulator.stack_config(app)}


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    """Engine tests need the real CLI; without it they fail (never skip) with the way to get it."""
    try:
        return pulumi_bin_dir()
    except RuntimeError as err:
        pytest.fail(f"{err}. Engine tests run the real pulumi CLI; `make test` builds it (scripts/ensure-pulumi.sh).")


FIGURES: list[str] = []


@pytest.fixture
def figures() -> Any:
    """Tests report what they measured (faults injected, retries, objects checked…); printed at the end."""

    def record(test: str, **values: object) -> None:
        FIGURES.append(f"{test}: " + ", ".join(f"{k}={v}" for k, v in values.items()))

    return record


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
