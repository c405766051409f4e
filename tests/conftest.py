"""Shared fixtures: one emulator process per test session (per xdist worker), real Pulumi stacks in temporary
directories.

`make test` runs the suite on three xdist workers in a random order (pytest-randomly prints its seed in the
header, `Using --randomly-seed=N`: replay an order with `python -m pytest --randomly-seed=N`, or keep
the files' order with `-p no:randomly`). So no test may depend on another's side effects: each worker has its own
emulator on a free port and its own temporary directories, and whatever a test changes on the shared emulator
(faults, a rate limit) is undone after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from pingone_notifications.testing import EmulatorProcess, pulumi_bin_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    with EmulatorProcess.start() as process:
        yield process


@pytest.fixture(autouse=True)
def emulator_left_as_found(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that injects faults or a rate limit into the session's emulator cannot leave them to the next test
    (whichever that is in a random order), even when it fails before its own clean-up."""
    yield
    if "emulator" in request.fixturenames:
        emulator: EmulatorProcess = request.getfixturevalue("emulator")
        if emulator.process.poll() is None:
            emulator.clear_faults()
            emulator.set_rate_limit(0)


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


class Figures(Protocol):
    def __call__(self, test: str, /, **values: object) -> None: ...


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Figures:
    """Tests report what they measured (faults injected, retries, objects checked…); printed at the end of the
    run. Kept on the test's report (``user_properties``), so the figures of every xdist worker reach the
    summary."""

    def record(test: str, /, **values: object) -> None:
        line = f"{test}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        request.node.user_properties.append(("figure", line))

    return record


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines: dict[str, list[str]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) == "call":
                found = [str(v) for k, v in getattr(report, "user_properties", []) if k == "figure"]
                if found:
                    lines[report.nodeid] = found
    if lines:
        terminalreporter.section("figures")
        for nodeid in sorted(lines):
            for line in lines[nodeid]:
                terminalreporter.write_line(line)
