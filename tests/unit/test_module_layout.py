"""Where things live (issue 17 item 4): retry and backoff settings are defined in retry.py only, and the modules
that wait read them from there."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

import pingone_notifications
from pingone_notifications import auth, client, retry
from pingone_notifications.errors import NotFound
from pingone_notifications.resources import _base, template_content

PROVIDER_DIR = Path(pingone_notifications.__file__).parent
RETRY_NAME = re.compile(r"(DEADLINE|BACKOFF|ATTEMPTS|WINDOW|DELAY|TIMEOUT|RETRY)", re.IGNORECASE)


def _module_constants(path: Path) -> dict[str, int]:
    """Module-level names bound to a literal number (or an httpx.Timeout), with their line."""
    found: dict[str, int] = {}
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            value = node.value
            literal = isinstance(value, ast.Constant) and isinstance(value.value, int | float)
            timeout = isinstance(value, ast.Call) and ast.unparse(value.func).endswith("Timeout")
            if not (literal or timeout):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.lineno
    return found


def test_retry_settings_are_defined_in_retry_py_only() -> None:
    modules = sorted(PROVIDER_DIR.rglob("*.py"))
    assert len(modules) > 15, "the provider's modules were not found"
    elsewhere = {
        f"{m.relative_to(PROVIDER_DIR)}:{line} {name}"
        for m in modules
        if m.name != "retry.py"
        for name, line in _module_constants(m).items()
        if RETRY_NAME.search(name)
    }
    assert elsewhere == set(), f"retry/backoff settings defined outside retry.py: {sorted(elsewhere)}"
    assert {"DEFAULT_DEADLINE", "MAX_ATTEMPTS", "TOKEN_DEADLINE", "CONSISTENCY_WINDOW"} <= set(
        _module_constants(PROVIDER_DIR / "retry.py")
    )


def test_the_waiting_modules_read_retry_py() -> None:
    # the same objects, not copies of the values: changing retry.py changes what they do
    assert client.DEFAULT_DEADLINE is retry.DEFAULT_DEADLINE
    assert client.MAX_ATTEMPTS is retry.MAX_ATTEMPTS
    assert client.DEFAULT_TIMEOUT is retry.DEFAULT_TIMEOUT
    assert auth.TOKEN_ATTEMPTS is retry.TOKEN_ATTEMPTS
    assert auth.TOKEN_DEADLINE is retry.TOKEN_DEADLINE
    assert _base.CONSISTENCY_WINDOW is retry.CONSISTENCY_WINDOW
    assert _base.SETTLE_FIRST_DELAY is retry.SETTLE_FIRST_DELAY
    assert _base.SETTLE_MAX_DELAY is retry.SETTLE_MAX_DELAY
    assert template_content.CHECK_READ_DEADLINE is retry.CHECK_READ_DEADLINE


def test_waiting_for_a_new_object_backs_off_by_the_settle_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """``settled`` retries a 404 for our own new object with the waits retry.py defines (0.25 s doubling to 4 s)."""
    sleeps: list[float] = []
    monkeypatch.setattr(_base.time, "sleep", sleeps.append)
    answers = [NotFound(404, "GET", "/x", {})] * 7 + [None]

    def call() -> str:
        error = answers.pop(0)
        if error is not None:
            raise error
        return "visible"

    waiter = SimpleNamespace(settling_time=lambda id_, props: 600.0, describe=lambda props: "NotificationPolicy")
    assert _base.BaseProvider.settled(waiter, None, "id", {}, call) == "visible"  # type: ignore[arg-type]
    assert sleeps == [0.25, 0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert (sleeps[0], max(sleeps)) == (retry.SETTLE_FIRST_DELAY, retry.SETTLE_MAX_DELAY)
