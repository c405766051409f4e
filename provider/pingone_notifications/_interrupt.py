"""A quiet end for a program that the engine stops (works around upstream's double traceback).

When a ``pulumi up`` or ``preview`` fails (a resource's check or create failed, a mandatory policy stopped the
preview), the engine ends the program's run; the python language host then interrupts the program with SIGINT
(``cmd.Cancel`` in ``sdk/python/cmd/pulumi-language-python/main.go``). The program is waiting for the engine in
``pulumi-language-python-exec``'s event loop, and its ``finally: executor.shutdown(wait=True)`` waits for
registrations the engine will never answer, so the user sees two ``KeyboardInterrupt`` tracebacks of that script
after the real error — nothing of it from our provider or the user's code (reproduced with only the SDK's own
executor threads running). The engine has reported the error already; this ends the program at once, with the
exit code the language host reads as "the error has been shown" (32), instead.

Installed only in the main thread of a program run by ``pulumi-language-python-exec``, and only when SIGINT still
has Python's default handler (a program that set its own keeps it).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType

__all__ = ["install_quiet_interrupt"]

# pulumi-language-python-exec: PYTHON_PROCESS_EXITED_AFTER_SHOWING_USER_ACTIONABLE_MESSAGE_CODE
ERROR_ALREADY_SHOWN = 32


def _end_quietly(signum: int, frame: FrameType | None) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(ERROR_ALREADY_SHOWN)


def install_quiet_interrupt() -> bool:
    """Install the handler when this process is a program run by the python language host; say whether it did."""
    # sys.orig_argv: runpy.run_path has replaced sys.argv[0] with the user's program by now
    if not any(os.path.basename(arg) == "pulumi-language-python-exec" for arg in sys.orig_argv[:3]):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        return False
    signal.signal(signal.SIGINT, _end_quietly)
    return True
