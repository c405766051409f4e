"""A gate in front of the emulator's API that proves calls run at once without timing them.

Every call whose path matches ``held`` waits at the gate until ``width`` of them are inside together; from then
on the gate stays open. If the client never has ``width`` calls in flight at once, the first ones wait out
``give_up`` seconds and the gate records that it never opened (then lets everything through): the outcome
depends on how many calls the client lets run together, not on how fast the machine is.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx


@dataclass
class Gate:
    width: int
    held: re.Pattern[str]
    give_up: float = 10.0  # under the provider's 30 s read timeout: a held call is late, not lost
    inside: int = 0
    peak: int = 0
    opened: bool = False
    timed_out: int = 0
    condition: threading.Condition = field(default_factory=threading.Condition)

    def reset(self) -> None:
        with self.condition:
            self.inside = self.peak = self.timed_out = 0
            self.opened = False

    @contextmanager
    def passing(self, path: str) -> Iterator[None]:
        if not self.held.search(path):
            yield
            return
        with self.condition:
            self.inside += 1
            self.peak = max(self.peak, self.inside)
            if self.inside >= self.width:
                self.opened = True
                self.condition.notify_all()
            if not self.condition.wait_for(lambda: self.opened, timeout=self.give_up):
                self.timed_out += 1  # recorded; the gate then lets everything through, so a failure is quick
                self.opened = True
                self.condition.notify_all()
        try:
            yield
        finally:
            with self.condition:
                self.inside -= 1


@contextmanager
def gated_proxy(upstream: str, gate: Gate) -> Iterator[str]:
    """An HTTP proxy on a free loopback port that forwards every request to ``upstream`` through ``gate``;
    yields its base URL."""
    client = httpx.Client(base_url=upstream, timeout=120)

    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
            with gate.passing(self.path):
                answer = client.request(self.command, self.path, content=body, headers=headers)
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = _forward  # noqa: N815 - the names http.server calls

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        client.close()
