"""How many calls the dynamic-provider process runs at once.

Pulumi's Python dynamic-provider server (``python -m pulumi.dynamic``) serves every dynamic resource of a stack
with ``grpc.server(ThreadPoolExecutor(max_workers=4))``: whatever ``pulumi up --parallel`` says, at most four
Check/Diff/Create/Read/Update/Delete calls run at once, and with a real API (~100 ms a call) that is the
ceiling of a large ``up``. The pool is created before any code of ours is loaded, so when the provider is
first configured in that process we raise the pool's worker limit and start the extra threads
(``ThreadPoolExecutor``'s ``_max_workers`` and ``_adjust_thread_count``, which every submit has used since
Python 3.8).

Safe because: the providers keep no per-call state (clients and the token cache are locked, the template
cache too); the engine still bounds the calls it makes by ``--parallel``; the limit is only ever raised,
only in the dynamic-provider process, and if a later pulumi or grpc no longer has the server where we look,
nothing changes and the server keeps its own four. ``pingone:providerConcurrency`` (stack config) or
``$PINGONE_PROVIDER_CONCURRENCY`` sets the limit (4 to 64; 4 is pulumi's own); for fewer calls at once, use
``pulumi up --parallel``.
"""

from __future__ import annotations

import gc
import importlib
import logging
import os
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from ..config import Setting, setting_value
from ..errors import ConfigurationError

__all__ = ["CONFIG_KEY", "DEFAULT", "ENV_VAR", "concurrency_setting", "raise_limit", "widen_provider_server"]

log = logging.getLogger("pingone_notifications")

CONFIG_KEY = "pingone:providerConcurrency"
ENV_VAR = "PINGONE_PROVIDER_CONCURRENCY"
DEFAULT = 10  # Terraform's default -parallelism, which users of the PingOne Terraform provider know
MINIMUM = 4  # pulumi's own; the pool cannot be narrowed once its threads exist
MAXIMUM = 64
SETTING = Setting("provider_concurrency", CONFIG_KEY, ENV_VAR)

_done = False
_lock = threading.Lock()


def concurrency_setting(config: Mapping[str, str | None], environ: Mapping[str, str] = os.environ) -> int:
    """The limit asked for: stack config, else the environment variable (as for the connection settings),
    else :data:`DEFAULT`."""
    raw, source = setting_value(SETTING, None, config, environ)
    if raw is None or raw.strip() == "":
        return DEFAULT
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if not MINIMUM <= value <= MAXIMUM:
        raise ConfigurationError(
            f"{source} must be a whole number from {MINIMUM} to {MAXIMUM}, got {raw!r} "
            "(for fewer calls at once, use `pulumi up --parallel N`)"
        )
    return value


def _in_provider_process() -> bool:
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", None) == "pulumi.dynamic.__main__"


def widen_provider_server(workers: int) -> int | None:
    """Let the dynamic-provider gRPC server run up to ``workers`` calls at once; once per process.

    Returns the server's limit afterwards, or ``None`` when this is not the dynamic-provider process, the
    server was not found, or this already ran.
    """
    global _done
    with _lock:
        if _done or not _in_provider_process():
            return None
        _done = True
        try:
            grpc_server = importlib.import_module("grpc._server")
        except ImportError:  # pragma: no cover - grpc is a dependency of pulumi
            return None
        state_type = getattr(grpc_server, "_ServerState", None)
        if state_type is None:
            return None
        pools = [
            obj.thread_pool
            for obj in gc.get_objects()
            if isinstance(obj, state_type) and isinstance(getattr(obj, "thread_pool", None), ThreadPoolExecutor)
        ]
        if len(pools) != 1 or not isinstance(getattr(pools[0], "_max_workers", None), int):
            log.debug("dynamic-provider server not found (%d pools); keeping its own limit", len(pools))
            return None
        return raise_limit(pools[0], workers)


def raise_limit(pool: ThreadPoolExecutor, workers: int) -> int:
    """Raise ``pool``'s worker limit to ``workers`` (never lower it) and start the threads now.

    Starting them now matters: ``ThreadPoolExecutor`` starts a thread only when a call is submitted and no
    thread is idle, and the engine sends a refresh's reads or a destroy's deletes all at once, before the first
    of them has configured us; without this those queued calls would all be served by pulumi's four threads.
    """
    with pool._shutdown_lock:  # what submit() holds while it starts threads
        pool._max_workers = max(pool._max_workers, workers)
        # each call starts one thread unless it finds an idle one (then it only uses up that idle mark)
        for _ in range(4 * pool._max_workers):
            if len(pool._threads) >= pool._max_workers:
                break
            pool._adjust_thread_count()
    return int(pool._max_workers)
