"""What the package does to the SDK's machinery: stack traces cut to the user's frames."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import pulumi
import pytest
from pulumi.runtime.proto import source_pb2

from pingone_notifications.resources import _base

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
