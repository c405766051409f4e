"""Every change this package makes to private parts of the Pulumi SDK, grpc and the standard library.

Five patches, each below with what it does, the failure a user sees without it, the upstream code it works around
and the upstream issue (or plainly that none was found). They were written and tested against the versions in
:data:`TESTED_WITH`; on any other version :func:`check_sdk_versions` says so once, and each patch checks the shape
of what it patches before its first use: a patch that cannot be applied safely is left out with a warning naming
it and what the user loses, never a crash and never silently. tests/unit/test_sdk_patches.py reproduces each
upstream problem with the patch off (so it fails the day upstream no longer needs the patch) and shows the patch
fixing it.

The patches, what they change upstream, and when they apply:

- ``pickler``: ``pickle._Pickler._batch_setitems`` as wrapped by ``pulumi.dynamic.dynamic.serialize_provider``;
  before each registration of a resource of ours (:func:`unnest_pickler_patch`).
- ``stack-traces``: ``pulumi.runtime.resource._get_stack_trace``; during each registration of a resource of ours
  (:func:`short_stack_traces`).
- ``provider-server``: the ``grpc.server(futures.ThreadPoolExecutor(max_workers=4))`` of
  ``pulumi.dynamic.__main__.main``; at the first ``configure`` in the dynamic-provider process
  (:func:`widen_provider_server`).
- ``quiet-interrupt``: the SIGINT handler of a program run by ``pulumi-language-python-exec``; when the package is
  imported by such a program (:func:`install_quiet_interrupt`).
- ``rpc-wait``: ``pulumi.runtime.stack.wait_for_rpcs``, the end-of-program wait of ``run_pulumi_func``; when the
  package is imported (:func:`install_rpc_wait`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import importlib
import inspect
import os
import pickle
import signal
import sys
import sysconfig
import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import pulumi
import pulumi.runtime.resource as _sdk_resource
import pulumi.runtime.settings as _sdk_settings
import pulumi.runtime.stack as _sdk_stack

__all__ = [
    "PATCHES",
    "TESTED_WITH",
    "Patch",
    "check_sdk_versions",
    "install_quiet_interrupt",
    "install_rpc_wait",
    "installed_versions",
    "raise_limit",
    "short_stack_traces",
    "unnest_pickler_patch",
    "usable",
    "user_frames",
    "version_warning",
    "widen_provider_server",
]


# The versions these patches were written against and tested with (constraints.txt pins the first two).
TESTED_WITH: dict[str, str] = {"pulumi": "3.259.0", "grpcio": "1.85.1", "python": "3.11"}


@dataclass(frozen=True)
class Patch:
    """One patch: its name, what it changes, why (what the user sees without it), the upstream code and issue,
    and a check that what it patches still has the shape the patch relies on (``None`` when it does, else the
    difference)."""

    name: str
    does: str
    without_it: str
    upstream: str
    check: Callable[[], str | None]


def _say(message: str, stream: TextIO | None = None) -> None:
    """A warning in the CLI output: in a program, on the engine's warning channel; elsewhere (the dynamic
    provider's process, whose stderr pulumi shows too, or outside pulumi) as a ``warning:`` line on stderr."""
    if stream is None:
        with contextlib.suppress(Exception):  # the engine gone: say it on stderr instead
            pulumi.log.warn(message)  # stderr itself when no engine is connected
            return
    print(f"warning: {message}", file=stream or sys.stderr, flush=True)


# --- the check of the versions ------------------------------------------------------------------------------------


def installed_versions() -> dict[str, str]:
    return {
        "pulumi": metadata.version("pulumi"),
        "grpcio": metadata.version("grpcio"),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }


def version_warning(installed: Mapping[str, str]) -> str | None:
    """What to tell the user when ``installed`` differs from :data:`TESTED_WITH` (``None`` when it does not)."""
    differ = [name for name, version in TESTED_WITH.items() if installed.get(name) != version]
    if not differ:
        return None
    tested = ", ".join(f"{n} {v}" for n, v in TESTED_WITH.items())
    found = ", ".join(f"{n} {installed.get(n, 'unknown')}" for n in TESTED_WITH)
    return (
        f"pingone_notifications patches private parts of the Pulumi SDK, grpc and Python, tested with {tested}; "
        f"this is {found}. Each patch is checked before use and left out, with a warning, if what it patches has "
        "changed; report anything odd with these versions."
    )


_versions_checked = False


def check_sdk_versions(installed: Mapping[str, str] | None = None, stream: TextIO | None = None) -> str | None:
    """Say once per process, plainly, when the SDK versions differ from those the patches were tested with.

    Not repeated in the dynamic-provider process: the engine starts it for the same program, from the same
    environment, and the program has said it already. Returns the warning given, if any.
    """
    global _versions_checked
    if _versions_checked or _in_provider_process():
        return None
    _versions_checked = True
    message = version_warning(installed if installed is not None else installed_versions())
    if message:
        _say(message, stream)
    return message


_usable: dict[str, bool] = {}
_usable_lock = threading.Lock()


def usable(patch: Patch, stream: TextIO | None = None) -> bool:
    """Whether ``patch`` can be applied: its check, run once per process; a patch left out is said once."""
    with _usable_lock:
        if patch.name in _usable:
            return _usable[patch.name]
        try:
            problem = patch.check()
        except Exception as exc:  # a check that cannot even look counts as a changed shape
            problem = f"its check failed: {exc!r}"
        _usable[patch.name] = problem is None
    if problem is not None:
        left_out(patch, problem, stream)
    return problem is None


def left_out(patch: Patch, problem: str, stream: TextIO | None = None) -> None:
    _say(
        f"pingone_notifications left out its patch {patch.name!r} ({patch.does}): {problem}. Without it: "
        f"{patch.without_it}",
        stream,
    )


def _in_provider_process() -> bool:
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


# --- pickler: the wrapper pile-up of serialize_provider -----------------------------------------------------------
#
# pulumi 3.259, sdk/python/lib/pulumi/dynamic/dynamic.py, serialize_provider(): to pickle a provider
# deterministically (pulumi/pulumi#9656) it sets ``pickle.Pickler = pickle._Pickler`` and replaces
# ``pickle._Pickler._batch_setitems`` with a sorting wrapper around the current one; it restores
# ``pickle.Pickler`` but never ``_batch_setitems``. Every dynamic resource's registration calls it, so the n-th
# one pickles through n nested wrappers, and past ~950 dynamic resources in one program process Python's recursion
# limit is hit (``RecursionError`` while registering). No upstream issue names this pile-up; pulumi/pulumi#17803
# (a RecursionError in a dynamic provider, closed as not reproduced) may be it.

_WRAPPER = "serialize_provider.<locals>.batch_set_items_sorted"


def _check_pickler() -> str | None:
    if not callable(getattr(pickle._Pickler, "_batch_setitems", None)):
        return "pickle._Pickler has no _batch_setitems"
    return None


PICKLER = Patch(
    name="pickler",
    does="undoes the pickler wrapper that pulumi's serialize_provider adds per dynamic resource",
    without_it="past ~950 resources in one program, registration fails with RecursionError.",
    upstream="none filed for the pile-up; pulumi/pulumi#17803 (RecursionError in a dynamic provider, no repro)",
    check=_check_pickler,
)


def wrapper_depth() -> int:
    """How many of serialize_provider's sorting wrappers ``pickle._Pickler._batch_setitems`` is nested in."""
    return _unwrap(pickle._Pickler._batch_setitems)[1]  # type: ignore[attr-defined]


def _unwrap(method: Any) -> tuple[Any, int]:
    """The method inside serialize_provider's wrappers, and how many wrappers there were."""
    depth = 0
    while _WRAPPER in getattr(method, "__qualname__", ""):
        inner = [c.cell_contents for c in method.__closure__ or () if callable(c.cell_contents)]
        if not inner:
            break
        depth, method = depth + 1, inner[0]
    return method, depth


def unnest_pickler_patch() -> None:
    """Put the original ``pickle._Pickler._batch_setitems`` back before serialize_provider wraps it again, so
    the nesting stays at one. ``PingOneResource`` calls it just before every registration."""
    if not usable(PICKLER):
        return
    original, depth = _unwrap(pickle._Pickler._batch_setitems)  # type: ignore[attr-defined]
    if depth:
        pickle._Pickler._batch_setitems = original  # type: ignore[attr-defined]


# --- stack-traces: the registration stack trace cut to the user's frames ------------------------------------------
#
# pulumi 3.259, sdk/python/lib/pulumi/runtime/resource.py, _get_stack_trace(): since resource stack traces
# (pulumi/pulumi#20430) the SDK sends every frame outside the third ``__init__`` of a registration to the engine,
# which keeps it in state for every resource. Under the Automation API that is ~25 frames of asyncio, gRPC,
# threading and SDK code (~2.2 KB per object, more than the object itself, and the engine rewrites the whole
# checkpoint after every step); and its first frames are this package's resource classes, so the source position the
# engine reports for a resource is a line of ours, not the user's. No upstream issue found.

_OWN_DIR = Path(__file__).resolve().parent.as_uri() + "/"
_SDK_DIR = Path(pulumi.__file__).resolve().parent.as_uri() + "/"
_STDLIB_DIR = Path(sysconfig.get_paths()["stdlib"]).resolve().as_uri() + "/"
_PROGRAM_RUNNER = "/pulumi-language-python-exec"


def _check_stack_trace() -> str | None:
    hook = getattr(_sdk_resource, "_get_stack_trace", None)
    if not callable(hook):
        return "pulumi.runtime.resource has no _get_stack_trace"
    required = [p for p in inspect.signature(hook).parameters.values() if p.default is p.empty]
    if required:
        return f"pulumi.runtime.resource._get_stack_trace now takes arguments ({', '.join(p.name for p in required)})"
    return None


STACK_TRACES = Patch(
    name="stack-traces",
    does="cuts the stack trace kept in state per resource down to the program's own frames",
    without_it="~2 KB more state per resource, and the engine reports resources at a line of this package.",
    upstream="none filed; the traces come from pulumi/pulumi#20430",
    check=_check_stack_trace,
)


def user_frames(trace: Any) -> Any:
    """The registration stack trace cut down to the user's own frames.

    Kept: the frames of the program that declared the resource, from the innermost out to the first SDK or standard
    library frame, or the language host's ``pulumi-language-python-exec`` (which runs ``__main__.py`` through
    runpy, whose frames show as ``<frozen runpy>``, without a position). Dropped: this package's own frames (so the
    source position the engine reports is the user's line, not ours) and frames without a position. If nothing would
    be left, the trace is unchanged.
    """
    kept = []
    for frame in trace.frames:
        uri = frame.pc.uri if frame.HasField("pc") else ""
        if uri.startswith((_SDK_DIR, _STDLIB_DIR)) or uri.endswith(_PROGRAM_RUNNER):
            break
        if uri and not uri.startswith(_OWN_DIR):
            kept.append(frame)
    if kept:
        del trace.frames[:]
        trace.frames.extend(kept)
    return trace


@contextmanager
def short_stack_traces() -> Iterator[None]:
    """While a resource of ours registers, the SDK's stack trace is cut down by :func:`user_frames`.

    The SDK takes the trace synchronously inside ``Resource.__init__``; the hook is put back afterwards, also when
    the registration fails.
    """
    if not usable(STACK_TRACES):
        yield
        return
    original = _sdk_resource._get_stack_trace

    def trimmed() -> Any:
        trace = original()
        try:
            return user_frames(trace)
        except Exception:  # a trace is metadata: never fail a registration over it
            return trace

    _sdk_resource._get_stack_trace = trimmed
    try:
        yield
    finally:
        _sdk_resource._get_stack_trace = original


# --- provider-server: more than four calls at once in the dynamic-provider process --------------------------------
#
# pulumi 3.259, sdk/python/lib/pulumi/dynamic/__main__.py, main(): the Python dynamic-provider server is
# ``grpc.server(futures.ThreadPoolExecutor(max_workers=4))``, so whatever ``pulumi up --parallel`` says, at most
# four Check/Diff/Create/Read/Update/Delete calls run at once; with a real API (~100 ms a call) that is the ceiling of
# a large ``up``. The pool is created before any code of ours is loaded, so at the first ``configure`` in that
# process we find it (grpcio 1.85: the server's ``grpc._server._ServerState.thread_pool``, found through the garbage
# collector, as nothing else refers to the server) and raise its limit with ThreadPoolExecutor's private
# ``_max_workers`` and ``_adjust_thread_count`` (what every submit has used since Python 3.8). No upstream issue
# found for the provider server's limit (pulumi/pulumi#11116 and #20362 are about the program's executor).
#
# Safe because: the providers keep no per-call state (clients and the token cache are locked, the template cache
# too); the engine still bounds the calls it makes by ``--parallel``; the limit is only ever raised, only in the
# dynamic-provider process.


def _check_provider_server() -> str | None:
    try:
        grpc_server = importlib.import_module("grpc._server")
    except ImportError as exc:
        return f"grpc._server cannot be imported ({exc})"
    if not isinstance(getattr(grpc_server, "_ServerState", None), type):
        return "grpc._server has no _ServerState class"
    if not callable(getattr(ThreadPoolExecutor, "_adjust_thread_count", None)):
        return "ThreadPoolExecutor has no _adjust_thread_count"
    probe = ThreadPoolExecutor(max_workers=1)  # starts no thread until a submit
    try:
        shapes = {
            "_max_workers": isinstance(getattr(probe, "_max_workers", None), int),
            "_threads": isinstance(getattr(probe, "_threads", None), set),
            "_shutdown_lock": hasattr(getattr(probe, "_shutdown_lock", None), "__enter__"),
        }
    finally:
        probe.shutdown(wait=False)
    changed = [name for name, ok in shapes.items() if not ok]
    return f"ThreadPoolExecutor's {', '.join(changed)} changed" if changed else None


PROVIDER_SERVER = Patch(
    name="provider-server",
    does="lets pulumi's dynamic-provider server run more than 4 calls at once (pingone:providerConcurrency)",
    without_it="at most 4 PingOne calls run at once, whatever `pulumi up --parallel` says.",
    upstream="none filed; the limit is sdk/python/lib/pulumi/dynamic/__main__.py's max_workers=4",
    check=_check_provider_server,
)

_widened = False
_widen_lock = threading.Lock()


def _server_pools() -> list[ThreadPoolExecutor]:
    state_type = importlib.import_module("grpc._server")._ServerState
    return [
        obj.thread_pool
        for obj in gc.get_objects()
        if isinstance(obj, state_type) and isinstance(getattr(obj, "thread_pool", None), ThreadPoolExecutor)
    ]


def widen_provider_server(workers: int, stream: TextIO | None = None) -> int | None:
    """Let the dynamic-provider gRPC server run up to ``workers`` calls at once; once per process.

    Returns the server's limit afterwards, or ``None`` when this is not the dynamic-provider process, this already
    ran, or the patch was left out (said once, as a warning).
    """
    global _widened
    with _widen_lock:
        if _widened or not _in_provider_process():
            return None
        _widened = True
        if not usable(PROVIDER_SERVER, stream):
            return None
        pools = _server_pools()
        if len(pools) != 1:
            left_out(PROVIDER_SERVER, f"found {len(pools)} grpc server thread pools in this process, not 1", stream)
            return None
        return raise_limit(pools[0], workers)


def raise_limit(pool: ThreadPoolExecutor, workers: int) -> int:
    """Raise ``pool``'s worker limit to ``workers`` (never lower it) and start the threads now.

    Starting them now matters: ``ThreadPoolExecutor`` starts a thread only when a call is submitted and no thread is
    idle, and the engine sends a refresh's reads or a destroy's deletes all at once, before the first of them has
    configured us; without this those queued calls would all be served by pulumi's four threads.
    """
    with pool._shutdown_lock:  # what submit() holds while it starts threads
        pool._max_workers = max(pool._max_workers, workers)
        # each call starts one thread unless it finds an idle one (then it only uses up that idle mark)
        for _ in range(4 * pool._max_workers):
            if len(pool._threads) >= pool._max_workers:
                break
            pool._adjust_thread_count()
    return int(pool._max_workers)


# --- quiet-interrupt: one error, not the exec script's KeyboardInterrupt tracebacks -------------------------------
#
# When a ``pulumi up`` or ``preview`` fails (a resource's check or create failed, a mandatory policy stopped the
# preview), the engine ends the program's run and the python language host interrupts the program with SIGINT. The
# program is waiting for the engine in ``pulumi-language-python-exec``'s event loop (pulumi 3.259,
# sdk/python/cmd/pulumi-language-python-exec, ``loop.run_until_complete(coro)``), and that script's
# ``finally: executor.shutdown(wait=True)`` then waits for registrations the engine will never answer: the user sees
# ``KeyboardInterrupt`` tracebacks of that script after the real error (two when interrupted twice), nothing of them
# from our provider or the user's code. The engine has reported the error already; the handler ends the program at
# once, with the exit code the language host reads as "the error has been shown" (32). No upstream issue found for
# the tracebacks (pulumi/pulumi#20484 fixed another hang of that ``finally``).
#
# Installed only in the main thread of a program run by ``pulumi-language-python-exec``, and only when SIGINT still
# has Python's default handler (a program that set its own keeps it).

# pulumi-language-python-exec: PYTHON_PROCESS_EXITED_AFTER_SHOWING_USER_ACTIONABLE_MESSAGE_CODE
ERROR_ALREADY_SHOWN = 32


def _check_quiet_interrupt() -> str | None:
    if not isinstance(getattr(sys, "orig_argv", None), list):
        return "sys.orig_argv is missing"
    return None


QUIET_INTERRUPT = Patch(
    name="quiet-interrupt",
    does="ends a program the engine stopped at once, with pulumi's 'error shown' exit code",
    without_it="a failed `pulumi up` or preview ends with KeyboardInterrupt tracebacks of pulumi-language-python-exec.",
    upstream="none filed; related: pulumi/pulumi#20484 (another hang in that script's executor.shutdown)",
    check=_check_quiet_interrupt,
)


def _end_quietly(signum: int, frame: FrameType | None) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(ERROR_ALREADY_SHOWN)


def _run_by_language_host() -> bool:
    # sys.orig_argv: runpy.run_path has replaced sys.argv[0] with the user's program by now
    return any(os.path.basename(arg) == "pulumi-language-python-exec" for arg in sys.orig_argv[:3])


def install_quiet_interrupt() -> bool:
    """Install the handler when this process is a program run by the python language host; say whether it did."""
    if not usable(QUIET_INTERRUPT) or not _run_by_language_host():
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    signal.signal(signal.SIGINT, _end_quietly)
    return True


# --- rpc-wait: the end-of-program wait, linear instead of quadratic in the resources ---------------------------------
#
# pulumi 3.259, sdk/python/lib/pulumi/runtime/stack.py: when the program's code has run, ``run_pulumi_func`` awaits
# ``wait_for_rpcs``, which first awaits the RPCs on the RPC manager's list, then drains ``SETTINGS.outputs`` (a task
# per resource output) with ``asyncio.wait(pending, FIRST_COMPLETED)`` in a loop. But a registration's RPC joins that
# list only when its task first runs (rpc_manager.py, ``rpc_wrapper``), and a program that declares its resources
# in one go reaches ``wait_for_rpcs`` before any of those tasks has run: the RPC list is empty, and the whole run is
# spent in the output loop, which hooks and unhooks a callback on every pending output each time one resource's
# outputs resolve: O(resources x outputs). For 800 resources of ~20 outputs that is seconds of the program's CPU,
# and minutes at a few thousand. The patch lets the scheduled tasks start (yielding to the event loop until no new
# RPC joins the list) and then runs the SDK's own wait unchanged, which now awaits the RPCs one by one and finds the
# outputs resolved. No upstream issue found.

_RPC_WAIT_TICKS = 1000  # yields at most; each lets every scheduled task take one step


def _check_rpc_wait() -> str | None:
    wait = getattr(_sdk_stack, "wait_for_rpcs", None)
    if not inspect.iscoroutinefunction(wait):
        return "pulumi.runtime.stack.wait_for_rpcs is not a coroutine function"
    manager = getattr(_sdk_settings, "_get_rpc_manager", None)
    if not callable(manager) or not isinstance(getattr(manager(), "rpcs", None), list):
        return "the SDK's RPC manager has no list of RPCs"
    return None


RPC_WAIT = Patch(
    name="rpc-wait",
    does="lets a program's scheduled registrations start before the SDK's end-of-program wait",
    without_it="the program's CPU grows with the square of its resources (seconds at ~800, minutes at thousands).",
    upstream="none filed; pulumi.runtime.stack.wait_for_rpcs and rpc_manager.rpc_wrapper",
    check=_check_rpc_wait,
)


async def let_scheduled_rpcs_start(ticks: int = _RPC_WAIT_TICKS) -> None:
    """Yield to the event loop until no new RPC joins the SDK's list (at most ``ticks`` times)."""
    rpcs = _sdk_settings._get_rpc_manager().rpcs
    for _ in range(ticks):
        before = len(rpcs)
        await asyncio.sleep(0)
        if len(rpcs) == before:
            return


def install_rpc_wait() -> bool:
    """Put :func:`let_scheduled_rpcs_start` in front of the SDK's ``wait_for_rpcs``; once; whether it is in place."""
    if not usable(RPC_WAIT):
        return False
    original = _sdk_stack.wait_for_rpcs
    if getattr(original, "_pingone_rpc_wait", False):
        return True

    @functools.wraps(original)
    async def wait_for_rpcs(await_all_outstanding_tasks: bool = True) -> None:
        await let_scheduled_rpcs_start()
        await original(await_all_outstanding_tasks)

    wait_for_rpcs._pingone_rpc_wait = True  # type: ignore[attr-defined]
    _sdk_stack.wait_for_rpcs = wait_for_rpcs
    return True


PATCHES: tuple[Patch, ...] = (PICKLER, STACK_TRACES, PROVIDER_SERVER, QUIET_INTERRUPT, RPC_WAIT)
