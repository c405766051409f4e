"""The SDK patches (pingone_notifications._sdk_patches): per patch, the upstream problem reproduced with the patch
off — so the test fails the day upstream no longer needs the patch, and it can go — and the patch fixing it;
the check of the versions they were tested with; and a patch whose target changed being left out, said plainly.

The reproductions run the real upstream code: pulumi's serialize_provider, the SDK's registration with its mock
monitor, pulumi's own dynamic-provider server (`python -m pulumi.dynamic`) and the pinned CLI's
pulumi-language-python-exec; the two that need a process of their own start one on loopback."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import contextvars
import io
import json
import os
import pickle
import signal
import subprocess
import sys
import sysconfig
import textwrap
import threading
import time
from collections.abc import Iterator
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pulumi
import pulumi.runtime.settings as _sdk_settings
import pulumi.runtime.stack as _sdk_stack
import pytest
from google.protobuf import struct_pb2
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, resource_pb2, resource_pb2_grpc, source_pb2
from pulumi.runtime.rpc_manager import RPCManager

import pingone_notifications
from pingone_notifications import _sdk_patches as patches

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path(pingone_notifications.__file__).resolve().parent
OWN = PACKAGE / "resources" / "template_content.py"
SDK = Path(pulumi.__file__).resolve().parent / "resource.py"
STDLIB = Path(sysconfig.get_paths()["stdlib"]).resolve() / "asyncio" / "events.py"


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each patch's check and the version check run again, as in a new process."""
    monkeypatch.setattr(patches, "_usable", {})
    monkeypatch.setattr(patches, "_versions_checked", False)


# --- the versions -------------------------------------------------------------------------------------------------


def test_tested_versions_are_the_pinned_and_installed_ones() -> None:
    """Bumping pulumi or grpcio in constraints.txt fails here until the patches are re-tested and TESTED_WITH moves."""
    pins = dict(
        line.strip().split("==", 1)
        for line in (ROOT / "constraints.txt").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert {n: pins[n] for n in ("pulumi", "grpcio")} == {n: patches.TESTED_WITH[n] for n in ("pulumi", "grpcio")}
    assert patches.installed_versions() == patches.TESTED_WITH
    assert patches.version_warning(patches.installed_versions()) is None


def test_other_versions_are_said_plainly_once(fresh: None) -> None:
    out = io.StringIO()
    newer = {**patches.TESTED_WITH, "pulumi": "3.300.0"}
    message = patches.check_sdk_versions(newer, out)
    assert message is not None
    said = out.getvalue()
    assert said.startswith("warning: ")
    assert said.count("\n") == 1
    assert "tested with pulumi 3.259.0, grpcio 1.85.1, python 3.11" in said
    assert "this is pulumi 3.300.0, grpcio 1.85.1, python 3.11" in said
    assert patches.check_sdk_versions({**newer, "grpcio": "2.0.0"}, out) is None, "once per process"
    assert out.getvalue() == said


def test_the_tested_versions_say_nothing(fresh: None) -> None:
    out = io.StringIO()
    assert patches.check_sdk_versions(dict(patches.TESTED_WITH), out) is None
    assert out.getvalue() == ""


def test_the_package_import_checks_the_versions() -> None:
    code = "import importlib.metadata as m; m.version = lambda name: '0.1.0'; import pingone_notifications"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert "this is pulumi 0.1.0, grpcio 0.1.0" in run.stderr
    assert run.stderr.count("warning:") == 1


# --- a patch whose target changed is left out, with a warning -----------------------------------------------------


def test_a_changed_stack_trace_hook_is_left_out_with_a_warning(
    fresh: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pulumi.runtime.resource as sdk

    def changed(limit: int) -> source_pb2.StackTrace:
        return source_pb2.StackTrace()

    monkeypatch.setattr(sdk, "_get_stack_trace", changed)
    for _ in range(2):
        with patches.short_stack_traces():
            assert sdk._get_stack_trace is changed, "the SDK's own hook, untouched"
    err = capsys.readouterr().err
    assert err.count("warning:") == 1, "said once"
    assert "left out its patch 'stack-traces'" in err
    assert "_get_stack_trace now takes arguments (limit)" in err


def test_a_missing_pickler_method_is_left_out_with_a_warning(
    fresh: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delattr(pickle._Pickler, "_batch_setitems")  # type: ignore[attr-defined]
    patches.unnest_pickler_patch()
    assert not hasattr(pickle._Pickler, "_batch_setitems"), "nothing put in its place"  # type: ignore[attr-defined]
    assert "left out its patch 'pickler'" in capsys.readouterr().err


def test_a_changed_grpc_server_is_left_out_with_a_warning(
    fresh: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import grpc._server

    monkeypatch.setattr(patches, "_widened", False)
    monkeypatch.setattr(patches, "_in_provider_process", lambda: True)
    monkeypatch.delattr(grpc._server, "_ServerState")
    assert patches.widen_provider_server(16) is None
    err = capsys.readouterr().err
    assert "left out its patch 'provider-server'" in err
    assert "grpc._server has no _ServerState class" in err
    assert "at most 4 PingOne calls run at once" in err


def test_a_provider_process_without_exactly_one_server_is_said(
    fresh: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(patches, "_widened", False)
    monkeypatch.setattr(patches, "_in_provider_process", lambda: True)
    monkeypatch.setattr(patches, "_server_pools", list)
    assert patches.widen_provider_server(16) is None
    assert "found 0 grpc server thread pools in this process, not 1" in capsys.readouterr().err


def test_a_check_that_fails_leaves_the_patch_out(fresh: None, capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> str | None:
        raise AttributeError("gone")

    patch = patches.Patch("probe", "does a thing", "the thing is not done.", "none filed", broken)
    assert patches.usable(patch) is False
    assert "left out its patch 'probe' (does a thing): its check failed: AttributeError('gone')" in (
        capsys.readouterr().err
    )


def test_every_patch_applies_to_the_tested_versions(fresh: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert [p.name for p in patches.PATCHES if not patches.usable(p)] == []
    assert capsys.readouterr().err == ""
    assert all(p.does and p.without_it and p.upstream for p in patches.PATCHES)


# --- pickler ------------------------------------------------------------------------------------------------------


@pytest.fixture
def pickler() -> Iterator[None]:
    """serialize_provider changes pickle._Pickler for the whole process: put it back after the test."""
    saved = dict(pickle._Pickler.__dict__)  # type: ignore[attr-defined]
    yield
    for name in ("_batch_setitems", "save_dict"):
        setattr(pickle._Pickler, name, saved[name])  # type: ignore[attr-defined]


def test_upstream_serialize_provider_nests_a_wrapper_per_resource_until_recursion_fails(pickler: None) -> None:
    """Patch off: pulumi's serialize_provider (dynamic.py) wraps the pickler once more per dynamic resource; the
    program fails with RecursionError about as many resources in as Python's recursion limit."""
    from pulumi.dynamic.dynamic import serialize_provider

    from pingone_notifications.resources.notification_policy import NotificationPolicyProvider

    patches.unnest_pickler_patch()
    start = patches.wrapper_depth()
    for _ in range(10):
        serialize_provider(NotificationPolicyProvider())
    assert patches.wrapper_depth() == start + 10, "one more wrapper per call"
    failed_at = None
    for n in range(3 * sys.getrecursionlimit()):
        try:
            serialize_provider(NotificationPolicyProvider())
        except RecursionError:
            failed_at = n
            break
    assert failed_at is not None, "the pile-up no longer fails: upstream restores the pickler, drop the patch"
    assert failed_at < 2 * sys.getrecursionlimit()


def test_unnesting_before_each_registration_keeps_one_wrapper(pickler: None) -> None:
    from pulumi.dynamic.dynamic import serialize_provider

    from pingone_notifications.resources.notification_policy import NotificationPolicyProvider

    for _ in range(3 * sys.getrecursionlimit()):
        patches.unnest_pickler_patch()
        serialize_provider(NotificationPolicyProvider())
        assert patches.wrapper_depth() <= 1
    patches.unnest_pickler_patch()
    assert patches.wrapper_depth() == 0
    assert "batch_set_items_sorted" not in pickle._Pickler._batch_setitems.__qualname__  # type: ignore[attr-defined]


# --- stack-traces -------------------------------------------------------------------------------------------------

# The program a user writes, run as the language host runs it: by a script named pulumi-language-python-exec,
# through runpy; the SDK registers with its own mock monitor, which records what the engine would receive.
PROGRAM = """\
from pingone_notifications import NotificationPolicy


def declare(name):
    return NotificationPolicy(name, environment_id="33f0d52f-c4db-48a5-9d02-702a18bc49c9", name=name)


policy = declare("policy")
"""

RUNNER = """\
import asyncio, contextlib, json, runpy, sys

import pulumi
from pulumi.runtime import mocks

sent = []


class Monitor(mocks.MockMonitor):
    def RegisterResource(self, request):
        if request.type != "pulumi:pulumi:Stack":
            frames = [[f.pc.uri, f.pc.line] for f in request.stackTrace.frames]
            position = [request.sourcePosition.uri, request.sourcePosition.line]
            sent.append({"frames": frames, "position": position})
        return super().RegisterResource(request)


class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return [args.name + "-id", args.inputs]

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(Mocks(), monitor=Monitor(Mocks()))
from pingone_notifications.resources import _base

if sys.argv[2] == "off":
    _base.short_stack_traces = contextlib.nullcontext
program = runpy.run_path(sys.argv[1], run_name="__main__")
asyncio.get_event_loop().run_until_complete(program["policy"].urn.future())
print(json.dumps(sent))
"""


def registration_trace(tmp_path: Path, mode: str) -> dict[str, Any]:
    program, runner = tmp_path / "__main__.py", tmp_path / "pulumi-language-python-exec"
    program.write_text(PROGRAM)
    runner.write_text(RUNNER)
    run = subprocess.run(
        [sys.executable, str(runner), str(program), mode], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    (sent,) = json.loads(run.stdout)
    return dict(sent)


def test_upstream_stack_trace_starts_in_our_package_and_runs_past_the_program(tmp_path: Path) -> None:
    """Patch off: the SDK (_get_stack_trace) sends our resource classes' frames first — the engine's source position
    for the user's resource is a line of this package — and every frame below the program, for every resource."""
    sent = registration_trace(tmp_path, "off")
    files = [Path(uri).name if uri else "" for uri, _ in sent["frames"]]
    ours = [uri.startswith(PACKAGE.as_uri()) for uri, _ in sent["frames"]]
    assert ours[:2] == [True, True], files  # PingOneResource.__init__, then the resource class's __init__
    assert sent["position"][0].startswith(PACKAGE.as_uri())
    assert files[2:4] == ["__main__.py", "__main__.py"]
    assert files[-1] == "pulumi-language-python-exec", files
    assert len(files) > 5, files


def test_stack_trace_is_cut_to_the_users_frames(tmp_path: Path) -> None:
    sent = registration_trace(tmp_path, "on")
    program = (tmp_path / "__main__.py").as_uri()
    assert sent["frames"] == [[program, 5], [program, 8]], "declare(), then the line that called it"
    assert sent["position"] == [program, 5]


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
    assert lines(patches.user_frames(trace)) == [("components.py", 12), ("__main__.py", 40)]


def test_stack_trace_with_no_user_frame_is_left_alone() -> None:
    trace = source_pb2.StackTrace(frames=[frame(OWN, 5), frame(SDK, 99)])
    assert lines(patches.user_frames(trace)) == [("template_content.py", 5), ("resource.py", 99)]


def test_short_stack_traces_restores_the_sdk_hook() -> None:
    import pulumi.runtime.resource as sdk

    original = sdk._get_stack_trace
    with patches.short_stack_traces():
        assert sdk._get_stack_trace is not original
    assert sdk._get_stack_trace is original
    with pytest.raises(RuntimeError), patches.short_stack_traces():
        raise RuntimeError("registration failed")
    assert sdk._get_stack_trace is original


# --- provider-server ----------------------------------------------------------------------------------------------

# A dynamic provider whose check waits until CALLS checks run at once (or gives up after WAIT seconds) and
# answers the most it saw running together.
PROBE = """\
import os, threading

from pulumi.dynamic import CheckResult, ResourceProvider

from pingone_notifications import _sdk_patches

CALLS = int(os.environ["PROBE_CALLS"])
WAIT = float(os.environ["PROBE_WAIT"])
state = threading.Condition()
running = peak = 0
gave_up = False


class Probe(ResourceProvider):
    serialize_as_secret_always = False

    def configure(self, req):
        if os.environ["PROBE_PATCH"] == "on":
            _sdk_patches.widen_provider_server(CALLS)

    def check(self, olds, news):
        global running, peak, gave_up
        with state:
            running += 1
            peak = max(peak, running)
            state.notify_all()
            if not state.wait_for(lambda: peak >= CALLS or gave_up, timeout=WAIT):
                gave_up = True
                state.notify_all()
            seen = peak
            running -= 1
        return CheckResult({"peak": seen}, [])
"""


def most_calls_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patch: str, calls: int, wait: float) -> int:
    (tmp_path / "probe_provider.py").write_text(PROBE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("PROBE_CALLS", str(calls))
    monkeypatch.setenv("PROBE_WAIT", str(wait))
    import probe_provider

    serialized = base64.b64encode(pickle.dumps(probe_provider.Probe())).decode()
    env = {**os.environ, "PROBE_PATCH": patch, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    server = subprocess.Popen(
        [sys.executable, "-m", "pulumi.dynamic"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            news = struct_pb2.Struct()
            news.update({"__provider": serialized})
            request = provider_pb2.CheckRequest(urn="urn:pulumi:s::p::pulumi-python:dynamic:Resource::probe", news=news)
            pending = [stub.Check.future(request, timeout=120) for _ in range(calls)]
            return max(int(p.result().inputs["peak"]) for p in pending)
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_upstream_provider_server_runs_at_most_four_calls_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Patch off: pulumi's dynamic-provider server (dynamic/__main__.py, ThreadPoolExecutor(max_workers=4)) runs
    four of eight concurrent checks, whatever the engine sends."""
    assert most_calls_at_once(tmp_path, monkeypatch, "off", calls=8, wait=2) == 4


def test_widened_provider_server_runs_every_call_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert most_calls_at_once(tmp_path, monkeypatch, "on", calls=8, wait=60) == 8


def test_widening_touches_nothing_outside_the_provider_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patches, "_widened", False)
    with futures.ThreadPoolExecutor(max_workers=4) as pool:
        assert patches.widen_provider_server(16) is None
        assert pool._max_workers == 4  # type: ignore[attr-defined]


def test_raising_the_limit_serves_calls_already_queued_at_once() -> None:
    """The engine sends a destroy's deletes all at once, before the first has configured the provider: the
    calls queued behind pulumi's four threads must run on the new ones too."""
    release, running = threading.Event(), []
    lock = threading.Lock()

    def call() -> None:
        with lock:
            running.append(threading.get_ident())
        release.wait(10)

    with futures.ThreadPoolExecutor(max_workers=4) as pool:
        pending = [pool.submit(call) for _ in range(12)]
        assert patches.raise_limit(pool, 10) == 10
        deadline = time.monotonic() + 5
        while len(running) < 10 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(set(running)) == 10, "ten calls run at once"
        assert patches.raise_limit(pool, 6) == 10, "never lowered"
        release.set()
        for f in pending:
            f.result(10)


# --- quiet-interrupt ----------------------------------------------------------------------------------------------

# A program stopped by the language host while it waits for the engine: the fake monitor below never answers
# its registrations, as the engine does not once it has ended the run.
STOPPED_PROGRAM = """\
import os, sys

if os.environ["PROBE_PATCH"] == "on":
    import pingone_notifications
print("ready", flush=True)
"""


class SilentMonitor(resource_pb2_grpc.ResourceMonitorServicer):
    def __init__(self) -> None:
        self.registered, self.release = threading.Event(), threading.Event()

    def SupportsFeature(self, request: Any, context: Any) -> Any:
        return resource_pb2.SupportsFeatureResponse(hasSupport=True)

    def RegisterResource(self, request: Any, context: Any) -> Any:
        self.registered.set()
        self.release.wait(60)
        context.abort(grpc.StatusCode.UNAVAILABLE, "the engine has ended the run")


def stopped_program(tmp_path: Path, pulumi_cli: Path, patch: str) -> tuple[int, str]:
    """Run the program with the CLI's pulumi-language-python-exec, SIGINT it once it waits for the engine (as the
    language host does when the engine ends a failed run), then let the engine go away."""
    (tmp_path / "__main__.py").write_text(STOPPED_PROGRAM)
    monitor = SilentMonitor()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(monitor, server)  # type: ignore[no-untyped-call]
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    command = [sys.executable, str(pulumi_cli / "pulumi-language-python-exec"), "--monitor", f"127.0.0.1:{port}",
               "--project", "p", "--stack", "s", "--parallel", "4", "--dry_run", "true", str(tmp_path)]  # fmt: skip
    env = {**os.environ, "PROBE_PATCH": patch}
    program = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert program.stdout is not None
        assert program.stdout.readline().strip() == "ready"
        assert monitor.registered.wait(60), "the program registers its stack with the engine"
        program.send_signal(signal.SIGINT)
        if patch == "off":
            time.sleep(1)  # let the interrupt land in the event loop before the engine goes away
        else:
            with contextlib.suppress(subprocess.TimeoutExpired):
                program.wait(60)  # it ends on its own; the engine is still there
        monitor.release.set()
        rest, _ = program.communicate(timeout=60)
        return program.returncode, rest
    finally:
        monitor.release.set()
        if program.poll() is None:
            program.kill()
            program.communicate()
        server.stop(0)


def test_upstream_exec_script_shows_keyboardinterrupt_traceback(tmp_path: Path, pulumi_cli: Path) -> None:
    """Patch off: the exec script's `finally: executor.shutdown(wait=True)` waits for the registrations the engine will
    never answer; the user then sees a KeyboardInterrupt traceback of pulumi-language-python-exec."""
    code, output = stopped_program(tmp_path, pulumi_cli, "off")
    assert code != patches.ERROR_ALREADY_SHOWN
    assert "KeyboardInterrupt" in output, output
    assert (
        textwrap.dedent("""\
        Traceback (most recent call last):
          File "{}", line""").format(pulumi_cli / "pulumi-language-python-exec")
        in output
    ), output


def test_stopped_program_ends_at_once_without_a_traceback(tmp_path: Path, pulumi_cli: Path) -> None:
    code, output = stopped_program(tmp_path, pulumi_cli, "on")
    assert code == patches.ERROR_ALREADY_SHOWN, output
    assert "Traceback" not in output, output
    assert "KeyboardInterrupt" not in output


# --- rpc-wait -----------------------------------------------------------------------------------------------------

UPSTREAM_WAIT = getattr(_sdk_stack.wait_for_rpcs, "__wrapped__", _sdk_stack.wait_for_rpcs)


def program_end(resources: int, outputs_each: int, fail_at: int | None = None) -> dict[str, int]:
    """The end of a program run by the SDK, with no engine: ``resources`` registrations scheduled the way the SDK
    schedules them (``rpc_manager.do_rpc`` in a task), each resolving ``outputs_each`` tracked outputs when the
    "engine" answers it, the engine answering them one after another; then ``wait_for_rpcs`` as ``run_pulumi_func``
    calls it. Returns how many pending outputs ``asyncio.wait`` was handed in all (the hooks), and how many outputs
    ended resolved."""
    handed = 0
    real_wait = asyncio.wait

    async def counting_wait(fs: Any, **kwargs: Any) -> Any:
        nonlocal handed
        handed += len(fs)
        return await real_wait(fs, **kwargs)

    async def main() -> dict[str, int]:
        _sdk_settings.SETTINGS.outputs = set()
        _sdk_settings.SETTINGS.rpc_manager = RPCManager()
        _sdk_settings.SETTINGS.engine = None
        loop = asyncio.get_running_loop()
        known: asyncio.Future[bool] = loop.create_future()
        known.set_result(True)
        declared: list[pulumi.Output[int]] = []
        answered: asyncio.Future[None] | None = None
        for i in range(resources):
            value: asyncio.Future[int] = loop.create_future()
            declared += [pulumi.Output(set(), value, known) for _ in range(outputs_each)]

            async def register(after: asyncio.Future[None] | None = answered, value: Any = value, i: int = i) -> None:
                if after is not None:
                    await after  # the engine answers registrations one after another
                await asyncio.sleep(0)
                if i == fail_at:  # the SDK rejects a failed registration's outputs, then the RPC fails
                    failure = RuntimeError(f"registration {i} failed")
                    value.set_exception(failure)
                    raise failure
                value.set_result(i)

            answered = asyncio.ensure_future(_sdk_settings._get_rpc_manager().do_rpc("register resource", register)())
        await _sdk_stack.wait_for_rpcs()
        return {"handed": handed, "resolved": sum(1 for o in declared if o._data.done() and not o._data.exception())}

    asyncio.wait = counting_wait  # type: ignore[assignment]
    try:
        return contextvars.copy_context().run(asyncio.run, main())
    finally:
        asyncio.wait = real_wait


@pytest.fixture
def upstream_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sdk_stack, "wait_for_rpcs", UPSTREAM_WAIT)


def test_upstream_wait_for_rpcs_hooks_every_pending_output_each_time_a_resource_resolves(upstream_wait: None) -> None:
    small, large = program_end(100, 10), program_end(400, 10)
    assert small["resolved"] == 1_000
    assert large["resolved"] == 4_000
    # quadratic: 4x the resources, ~16x the hooks (every output, each time one resource's outputs resolve)
    assert small["handed"] > 100 * 1_000 / 4
    assert large["handed"] > 12 * small["handed"]


def test_rpc_wait_lets_the_registrations_start_first_and_hooks_a_few_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sdk_stack, "wait_for_rpcs", UPSTREAM_WAIT)
    assert patches.install_rpc_wait()
    assert _sdk_stack.wait_for_rpcs is not UPSTREAM_WAIT
    small, large = program_end(100, 10), program_end(400, 10)
    assert small["resolved"] == 1_000
    assert large["resolved"] == 4_000
    assert small["handed"] <= 2 * 10
    assert large["handed"] <= 2 * 10


def test_rpc_wait_keeps_a_failed_registration_failing_the_program(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_sdk_stack, "wait_for_rpcs", UPSTREAM_WAIT)
    with pytest.raises(RuntimeError, match="registration 7 failed"):
        program_end(20, 3, fail_at=7)
    assert patches.install_rpc_wait()
    with pytest.raises(RuntimeError, match="registration 7 failed"):
        program_end(20, 3, fail_at=7)


def test_the_package_import_installs_the_rpc_wait_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert getattr(_sdk_stack.wait_for_rpcs, "_pingone_rpc_wait", False)  # pingone_notifications is imported
    installed = _sdk_stack.wait_for_rpcs
    assert patches.install_rpc_wait()
    assert _sdk_stack.wait_for_rpcs is installed  # not wrapped twice


def test_a_changed_wait_for_rpcs_is_left_out_with_a_warning(
    fresh: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def synchronous_wait() -> None: ...

    monkeypatch.setattr(_sdk_stack, "wait_for_rpcs", synchronous_wait)
    assert not patches.install_rpc_wait()
    assert _sdk_stack.wait_for_rpcs is synchronous_wait
    err = capsys.readouterr().err
    assert "left out its patch 'rpc-wait'" in err
    assert "is not a coroutine function" in err
