"""Fixtures shared by the engine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pingone_notifications.testing import EmulatorProcess

from .harness import Harness, harness


@pytest.fixture
def h(pulumi_cli: object, emulator: EmulatorProcess) -> Iterator[Harness]:
    """The `resources` project on a fresh stack and emulator environment."""
    with harness(emulator) as running:
        yield running
