"""Emulator state in SQLite.

One connection, used only from the event loop thread: every request's read-check-write runs without an
``await`` in between, so concurrent requests are serialised at the database and a uniqueness check can
never race its insert. Unique indexes back the natural keys anyway. A file database (WAL) survives
restarts; ``:memory:`` is for tests.

Tables: environments, worker_apps (client secrets stored as SHA-256), tokens, objects (one JSON document per
API object, keyed by environment, kind and id, with an optional natural key that must be unique).
"""

from __future__ import annotations

import builtins
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["Environment", "Store", "WorkerApp"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS environments (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, type TEXT NOT NULL,
    languages TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS worker_apps (
    client_id TEXT PRIMARY KEY, secret_sha256 TEXT NOT NULL, environment_id TEXT NOT NULL,
    auth_method TEXT NOT NULL, managed_environments TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 TEXT PRIMARY KEY, client_id TEXT NOT NULL, region TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS objects (
    environment_id TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, natural_key TEXT,
    body TEXT NOT NULL, seq INTEGER NOT NULL, parent TEXT,
    PRIMARY KEY (environment_id, kind, id)
);
CREATE INDEX IF NOT EXISTS objects_parent ON objects (environment_id, kind, parent, seq);
CREATE TABLE IF NOT EXISTS sends (
    environment_id TEXT NOT NULL, user_id TEXT NOT NULL, method TEXT NOT NULL, address TEXT NOT NULL,
    time REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sends_by_time ON sends (environment_id, time);
CREATE UNIQUE INDEX IF NOT EXISTS objects_natural_key ON objects (environment_id, kind, natural_key)
    WHERE natural_key IS NOT NULL;
"""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Environment:
    id: str
    name: str
    region: str
    type: str  # PRODUCTION | SANDBOX
    languages: tuple[str, ...]
    created_at: str


@dataclass(frozen=True)
class WorkerApp:
    client_id: str
    secret_sha256: str
    environment_id: str
    auth_method: str  # CLIENT_SECRET_BASIC | CLIENT_SECRET_POST
    managed_environments: tuple[str, ...]


class Store:
    def __init__(self, path: str) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        if path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        existing = {r[1] for r in self.db.execute("PRAGMA table_info(objects)")}
        if existing and "parent" not in existing:  # a database from before the column existed
            self.db.execute("ALTER TABLE objects ADD COLUMN parent TEXT")
            self.db.execute("UPDATE objects SET parent = json_extract(body, '$.template.id') WHERE kind = 'content'")
        self.db.executescript(_SCHEMA)
        row = self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM objects").fetchone()
        self._seq = int(row[0])
        # environments and worker apps are read on every request and change rarely
        self._environments: dict[str, Environment | None] = {}
        self._apps: dict[str, WorkerApp | None] = {}

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def reset(self) -> None:
        with self.transaction():
            for table in ("environments", "worker_apps", "tokens", "objects", "sends"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        self._environments.clear()
        self._apps.clear()

    # environments ---------------------------------------------------------------------------------------------
    def put_environment(self, env: Environment) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO environments VALUES (?, ?, ?, ?, ?, ?)",
            (env.id, env.name, env.region, env.type, json.dumps(list(env.languages)), env.created_at),
        )
        self._environments.pop(env.id, None)

    def environment(self, env_id: str) -> Environment | None:
        if env_id not in self._environments:
            row = self.db.execute("SELECT * FROM environments WHERE id = ?", (env_id,)).fetchone()
            self._environments[env_id] = None if row is None else _environment(row)
        return self._environments[env_id]

    def delete_environment(self, env_id: str) -> bool:
        """Remove an environment and everything in it. Worker apps keep their (now dangling) role assignments."""
        with self.transaction():
            gone = self.db.execute("DELETE FROM environments WHERE id = ?", (env_id,)).rowcount
            self.db.execute("DELETE FROM objects WHERE environment_id = ?", (env_id,))
            self.db.execute("DELETE FROM sends WHERE environment_id = ?", (env_id,))
        self._environments.pop(env_id, None)
        return bool(gone)

    def environments(self) -> list[Environment]:
        return [_environment(r) for r in self.db.execute("SELECT * FROM environments ORDER BY created_at, id")]

    # worker apps and tokens -----------------------------------------------------------------------------------
    def put_worker_app(self, app: WorkerApp) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO worker_apps VALUES (?, ?, ?, ?, ?)",
            (
                app.client_id,
                app.secret_sha256,
                app.environment_id,
                app.auth_method,
                json.dumps(list(app.managed_environments)),
            ),
        )
        self._apps.pop(app.client_id, None)

    def worker_app(self, client_id: str) -> WorkerApp | None:
        if client_id not in self._apps:
            self._apps[client_id] = self._load_worker_app(client_id)
        return self._apps[client_id]

    def _load_worker_app(self, client_id: str) -> WorkerApp | None:
        row = self.db.execute("SELECT * FROM worker_apps WHERE client_id = ?", (client_id,)).fetchone()
        if row is None:
            return None
        return WorkerApp(
            row["client_id"],
            row["secret_sha256"],
            row["environment_id"],
            row["auth_method"],
            tuple(json.loads(row["managed_environments"])),
        )

    def worker_apps(self) -> list[WorkerApp]:
        ids = [r[0] for r in self.db.execute("SELECT client_id FROM worker_apps ORDER BY client_id")]
        return [a for a in (self.worker_app(i) for i in ids) if a is not None]

    def put_token(self, token: str, client_id: str, region: str, expires_at: float) -> None:
        self.db.execute("INSERT INTO tokens VALUES (?, ?, ?, ?)", (sha256(token), client_id, region, expires_at))

    def token(self, token: str) -> tuple[str, str, float] | None:
        row = self.db.execute("SELECT * FROM tokens WHERE token_sha256 = ?", (sha256(token),)).fetchone()
        return None if row is None else (row["client_id"], row["region"], float(row["expires_at"]))

    def expire_tokens(self, now: float) -> int:
        return self.db.execute("UPDATE tokens SET expires_at = ? WHERE expires_at > ?", (now, now)).rowcount

    def purge_tokens(self, before: float) -> None:
        self.db.execute("DELETE FROM tokens WHERE expires_at < ?", (before,))

    # objects --------------------------------------------------------------------------------------------------
    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def get(self, env_id: str, kind: str, obj_id: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT body FROM objects WHERE environment_id = ? AND kind = ? AND id = ?", (env_id, kind, obj_id)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def find_by_key(self, env_id: str, kind: str, natural_key: str) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT body FROM objects WHERE environment_id = ? AND kind = ? AND natural_key = ?",
            (env_id, kind, natural_key),
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def list(self, env_id: str, kind: str, parent: str | None = None) -> list[dict[str, Any]]:
        """Objects of a kind in insertion order; ``parent`` narrows to one template's contents."""
        if parent is None:
            rows = self.db.execute(
                "SELECT body FROM objects WHERE environment_id = ? AND kind = ? ORDER BY seq", (env_id, kind)
            )
        else:
            rows = self.db.execute(
                "SELECT body FROM objects WHERE environment_id = ? AND kind = ? AND parent = ? ORDER BY seq",
                (env_id, kind, parent),
            )
        return [dict(json.loads(r[0])) for r in rows]

    def put(
        self,
        env_id: str,
        kind: str,
        obj_id: str,
        body: dict[str, Any],
        natural_key: str | None,
        parent: str | None = None,
    ) -> None:
        """Insert or replace; raises sqlite3.IntegrityError when the natural key is taken by another object."""
        self.db.execute(
            "INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (environment_id, kind, id) DO UPDATE "
            "SET natural_key = excluded.natural_key, body = excluded.body",
            (env_id, kind, obj_id, natural_key, json.dumps(body), self.next_seq(), parent),
        )

    def delete(self, env_id: str, kind: str, obj_id: str) -> bool:
        cur = self.db.execute(
            "DELETE FROM objects WHERE environment_id = ? AND kind = ? AND id = ?", (env_id, kind, obj_id)
        )
        return cur.rowcount > 0

    # sent notifications (for quotas and cooldowns) ----------------------------------------------------------
    def record_send(self, env_id: str, user_id: str, method: str, address: str, when: float) -> None:
        self.db.execute("INSERT INTO sends VALUES (?, ?, ?, ?, ?)", (env_id, user_id, method, address, when))

    def sends(self, env_id: str, since: float) -> builtins.list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT user_id, method, address, time FROM sends WHERE environment_id = ? AND time >= ? ORDER BY time",
            (env_id, since),
        )
        return [{"user_id": r[0], "method": r[1], "address": r[2], "time": float(r[3])} for r in rows]

    def counts(self) -> dict[str, int]:
        rows = self.db.execute("SELECT kind, COUNT(*) FROM objects GROUP BY kind")
        return {r[0]: int(r[1]) for r in rows}


def _environment(row: sqlite3.Row) -> Environment:
    return Environment(
        row["id"], row["name"], row["region"], row["type"], tuple(json.loads(row["languages"])), row["created_at"]
    )
