"""What the package does to the SDK's machinery: stack traces cut to the user's frames, the provider's call
limit (its setting, and that nothing is widened outside the dynamic-provider process)."""

from __future__ import annotations

import sysconfig
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pulumi
import pytest
from pulumi.runtime.proto import source_pb2

from pingone_notifications.errors import ConfigurationError
from pingone_notifications.resources import _base, _concurrency
from pingone_notifications.resources._concurrency import CONFIG_KEY, DEFAULT, ENV_VAR, concurrency_setting

OWN = Path(_base.__file__).resolve().parents[1] / "resources" / "template_content.py"
SDK = Path(pulumi.__file__).resolve().parent / "resource.py"
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve() / "asyncio" / "events.py"


def frame(path: Path | None, line: int = 1) -> source_pb2.StackFrame:
    if path is None:
        return source_pb2.StackFrame()
    return source_pb2.StackFrame(pc=source_pb2.SourcePosition(uri=path.as_uri(), line=line))


def lines(trace: source_pb2.StackTrace) -> list[tuple[str, int]]:
    return [(Path(f.pc.uri).name, f.pc.line) for f in trace.frames]


def test_stack_trace_keeps_the_users_frames_only(tmp_path: Path) -> None:
    program, helper = tmp_path / "__main__.py", tmp_path / "components.py"
    trace = source_pb2.StackTrace(
        frames=[
            frame(OWN, 5),  # our resource's __init__: not where the user declared it
            frame(helper, 12),
            frame(None),
            frame(program, 40),
            frame(SDK, 99),  # the SDK running the program, and everything below it
            frame(program, 1),
            frame(STDLIB, 7),
        ]
    )
    assert lines(_base.user_frames(trace)) == [("components.py", 12), ("__main__.py", 40)]


def test_stack_trace_with_no_user_frame_is_left_alone() -> None:
    trace = source_pb2.StackTrace(frames=[frame(OWN, 5), frame(SDK, 99)])
    assert lines(_base.user_frames(trace)) == [("template_content.py", 5), ("resource.py", 99)]


def test_short_stack_traces_restores_the_sdk_hook() -> None:
    import pulumi.runtime.resource as sdk

    original = sdk._get_stack_trace
    with _base.short_stack_traces():
        assert sdk._get_stack_trace is not original
    assert sdk._get_stack_trace is original
    with pytest.raises(RuntimeError), _base.short_stack_traces():
        raise RuntimeError("registration failed")
    assert sdk._get_stack_trace is original


def test_concurrency_default_is_terraforms_parallelism() -> None:
    assert concurrency_setting({}, {}) == DEFAULT == 10
    assert concurrency_setting({CONFIG_KEY: None}, {ENV_VAR: " "}) == DEFAULT


def test_concurrency_stack_config_beats_the_environment() -> None:
    assert concurrency_setting({CONFIG_KEY: "16"}, {ENV_VAR: "32"}) == 16
    assert concurrency_setting({}, {ENV_VAR: "32"}) == 32


@pytest.mark.parametrize(
    ("config", "environ", "named"),
    [
        ({CONFIG_KEY: "3"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "65"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "ten"}, {}, CONFIG_KEY),
        ({CONFIG_KEY: "8.5"}, {}, CONFIG_KEY),
        ({}, {ENV_VAR: "0"}, ENV_VAR),
    ],
)
def test_concurrency_out_of_range_is_a_clear_error(config: dict[str, str], environ: dict[str, str], named: str) -> None:
    with pytest.raises(ConfigurationError) as err:
        concurrency_setting(config, environ)
    message = str(err.value)
    assert named in message
    assert "4 to 64" in message
    assert "--parallel" in message


def test_widening_touches_nothing_outside_the_provider_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_concurrency, "_done", False)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert _concurrency.widen_provider_server(16) is None
        assert pool._max_workers == 4


def test_raising_the_limit_serves_calls_already_queued_at_once() -> None:
    """The engine sends a destroy's deletes all at once, before the first has configured the provider: the
    calls queued behind pulumi's four threads must run on the new ones too."""
    release, running = threading.Event(), []
    lock = threading.Lock()

    def call() -> None:
        with lock:
            running.append(threading.get_ident())
        release.wait(10)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(call) for _ in range(12)]
        assert _concurrency.raise_limit(pool, 10) == 10
        deadline = time.monotonic() + 5
        while len(running) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(set(running)) == 10, "ten calls run at once"
        assert _concurrency.raise_limit(pool, 6) == 10, "never lowered"
        release.set()
        for f in futures:
            f.result(10)
