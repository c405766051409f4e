"""``pingone-emulator serve``: run the emulator on loopback.

    pingone-emulator serve --port 8790 --db emulator.sqlite3 [--seed seed.json]
    pingone-emulator serve --port 0 --db :memory:      # any free port; the URL is printed

When ready it prints one line, ``pingone-emulator listening on http://127.0.0.1:<port>``, so scripts can wait
for it and learn the port.
"""

from __future__ import annotations

import argparse
import socket
import sys

__all__ = ["main"]

MISSING_EXTRA = (
    "pingone-emulator needs the 'emulator' extra ({missing} is not installed): "
    "pip install 'pingone-notifications[emulator]'"
)


def main(argv: list[str] | None = None) -> int:
    try:
        import uvicorn

        from .app import build, load_seed
        from .ratelimit import RateLimitConfig
        from .state import Settings
    except ModuleNotFoundError as err:
        print(MISSING_EXTRA.format(missing=err.name), file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="pingone-emulator", description="Local PingOne API emulator")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the emulated API")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: loopback only)")
    serve.add_argument("--port", type=int, default=8790, help="port (0 = any free port; default 8790)")
    serve.add_argument("--db", default="pingone-emulator.sqlite3", help="SQLite file, or :memory:")
    serve.add_argument("--seed", help="JSON file of environments and worker apps to create at start-up")
    serve.add_argument("--token-lifetime", type=float, default=3600.0, help="access token lifetime in seconds")
    serve.add_argument("--page-size", type=int, default=100, help="default page size of collections")
    serve.add_argument(
        "--rate-limit", type=float, default=0.0, metavar="RPS", help="requests/s for the license, 429 beyond (0: off)"
    )
    serve.add_argument("--log-level", default="warning", help="uvicorn log level")
    args = parser.parse_args(argv)

    emulator = build(
        args.db,
        Settings(args.token_lifetime, args.page_size),
        load_seed(args.seed) if args.seed else None,
        RateLimitConfig(args.rate_limit) if args.rate_limit else None,
    )
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.host, args.port))
    sock.listen(512)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"pingone-emulator listening on http://{shown}:{port}", flush=True)
    config = uvicorn.Config(
        emulator.app, log_level=args.log_level, access_log=False, lifespan="off", timeout_graceful_shutdown=2
    )
    uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
