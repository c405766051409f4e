"""A local emulator of the PingOne Platform API's notification endpoints (see emulator/README.md).

Its web stack (Starlette, uvicorn) comes with the ``emulator`` extra: ``pip install 'pingone-notifications[emulator]'``.
Importing this package does not need it; using :func:`build` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import Emulator, build

__all__ = ["Emulator", "build"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
