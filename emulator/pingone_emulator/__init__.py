"""A local emulator of the PingOne Platform API's notification endpoints (see emulator/README.md)."""

from .app import Emulator, build

__all__ = ["Emulator", "build"]
