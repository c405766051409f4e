"""Run a fleet of stacks (environment × region) in parallel, and check that no two stacks manage one object.

    pingone-notifications fleet check
    pingone-notifications fleet preview [--cwd PROJECT] [--stack NAME ...] [--jobs N] [-- PULUMI ARGS]
    pingone-notifications fleet up      [--cwd PROJECT] [--stack NAME ...] [--jobs N] [-- PULUMI ARGS]

Everything goes through the ``pulumi`` CLI as typed by a user (``pulumi stack ls``, ``pulumi stack export``,
``pulumi preview``/``pulumi up`` with ``--stack``), with the environment as given: the backend from
``PULUMI_BACKEND_URL`` or ``pulumi login`` (``postgres://…``, ``s3://…``, ``file://…``), the passphrase from
``PULUMI_CONFIG_PASSPHRASE``. The backend's own stack lock keeps two runs of one stack apart.

``check`` reads every stack in the backend (every project) and reports each PingOne object that more than one
stack manages — the same object ID, or the same natural key (an environment's notifications settings; a policy
name; a custom provider name or Twilio/Syniverse SID; a template content's template, method, locale and
variant) — naming the stacks and their resources. Two such stacks overwrite each other on every ``up``, and
neither preview says so. ``preview``/``up`` run ``check`` first and stop on a conflict (``--no-check`` skips
it), then run the stacks ``--jobs`` at a time and print a table: stack, result, changes, seconds. The exit
status is non-zero when any stack failed or a conflict was found.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Conflict",
    "ManagedObject",
    "StackRun",
    "find_conflicts",
    "format_conflicts",
    "format_runs",
    "list_stacks",
    "main",
    "managed_objects",
    "read_fleet",
    "run_stacks",
]

TYPE_PREFIX = "pulumi-python:dynamic/pingone:"
KINDS = ("NotificationTemplateContent", "NotificationPolicy", "PhoneDeliverySettings", "NotificationsSettings")
LOCKED = "is currently locked"


class FleetError(Exception):
    """A pulumi command the fleet needed failed (not a stack's own preview/up: those are results)."""


# ----------------------------------------------------------------------------------------------------------------
# the pulumi CLI
# ----------------------------------------------------------------------------------------------------------------
def pulumi_command() -> str:
    """``$PULUMI_BIN_DIR/pulumi`` if set (as ``make setup`` does), else ``pulumi`` on ``PATH``."""
    bindir = os.environ.get("PULUMI_BIN_DIR")
    if bindir and (Path(bindir) / "pulumi").exists():
        return str(Path(bindir) / "pulumi")
    found = shutil.which("pulumi")
    if not found:
        raise FleetError("no pulumi CLI on PATH (or $PULUMI_BIN_DIR)")
    return found


def pulumi_env() -> dict[str, str]:
    """The environment as given, with ``PULUMI_DIY_BACKEND_PARALLEL=1`` unless set.

    Why: in the pinned CLI (v3.259.0) the PostgreSQL backend's connection pool holds 2 × GOMAXPROCS connections
    (``pkg/backend/diy/postgres/bucket.go``), and listing stacks reads them with ``PULUMI_DIY_BACKEND_PARALLEL``
    workers (default 10, ``pkg/backend/diy/backend.go``). With as many stacks as connections or more,
    ``pulumi stack ls`` hangs for good (measured here: 4 stacks on 2 cores; 17 stacks with 3 workers and 4
    connections list in 0.3 s). One worker is always below the pool size, on any machine.
    """
    return {"PULUMI_DIY_BACKEND_PARALLEL": "1", **os.environ}


def _pulumi(args: Sequence[str], *, cwd: Path | None = None, timeout: float = 600) -> str:
    command = [pulumi_command(), *args, "--non-interactive"]
    done = subprocess.run(
        command, cwd=cwd, env=pulumi_env(), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise FleetError(f"`pulumi {' '.join(args)}` failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def list_stacks(project_dir: Path | None = None) -> list[str]:
    """Stack names: of the project in ``project_dir``, or with ``None``, every stack in the backend (fully
    qualified, ``organization/project/stack``)."""
    if project_dir is None:
        with tempfile.TemporaryDirectory() as empty:  # outside any project, so --all is not narrowed by one
            out = _pulumi(["stack", "ls", "--all", "--json"], cwd=Path(empty))
    else:
        out = _pulumi(["stack", "ls", "--json"], cwd=project_dir)
    return sorted(str(s["name"]) for s in json.loads(out or "[]"))


def export_stack(stack: str) -> dict[str, Any]:
    """``pulumi stack export`` (secrets stay encrypted: nothing here needs them)."""
    with tempfile.TemporaryDirectory() as empty:
        deployment: dict[str, Any] = json.loads(_pulumi(["stack", "export", "--stack", stack], cwd=Path(empty)))
    return deployment


# ----------------------------------------------------------------------------------------------------------------
# ownership
# ----------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ManagedObject:
    """A PingOne object as one resource of one stack manages it."""

    stack: str
    urn: str
    kind: str
    environment_id: str
    object_id: str
    natural_key: str  # human-readable, e.g. "name 'Production'"

    @property
    def resource(self) -> str:
        """``<type>::<name>`` from the URN."""
        return self.urn.split("::", 2)[-1] if "::" in self.urn else self.urn

    def identities(self) -> list[tuple[str, ...]]:
        ids = [(self.environment_id, self.kind, "id", self.object_id)] if self.object_id else []
        return [*ids, (self.environment_id, self.kind, "key", self.natural_key.lower())]


@dataclass
class Conflict:
    environment_id: str
    kind: str
    what: str  # the natural key and object ID
    holders: list[ManagedObject] = field(default_factory=list)

    @property
    def stacks(self) -> list[str]:
        return sorted({h.stack for h in self.holders})


def _natural_key(kind: str, props: Mapping[str, Any]) -> str:
    if kind == "NotificationsSettings":
        return "the environment's notifications settings"
    if kind == "NotificationPolicy":
        return f"policy name {props.get('name')!r}"
    if kind == "PhoneDeliverySettings":
        if props.get("name"):
            return f"custom provider name {props.get('name')!r}"
        return f"{props.get('provider')} sid {props.get('sid')!r}"
    variant = props.get("variant") or ""
    return f"template {props.get('template_name')} {props.get('delivery_method')} locale {props.get('locale')}" + (
        f" variant {variant!r}" if variant else ""
    )


def managed_objects(stack: str, deployment: Mapping[str, Any]) -> list[ManagedObject]:
    """The PingOne objects the resources of one exported stack manage (pending deletes left out)."""
    body = deployment.get("deployment", deployment)
    out = []
    for res in body.get("resources") or []:
        kind = str(res.get("type", "")).removeprefix(TYPE_PREFIX)
        if kind not in KINDS or res.get("delete") or res.get("custom") is False:
            continue
        props = {**(res.get("inputs") or {}), **(res.get("outputs") or {})}
        env = props.get("environment_id")
        if not isinstance(env, str) or not env:
            continue
        key = _natural_key(kind, props)
        out.append(ManagedObject(stack, str(res.get("urn")), kind, env, str(res.get("id") or ""), key))
    return out


def find_conflicts(objects: Iterable[ManagedObject]) -> list[Conflict]:
    """Objects managed by more than one stack: same environment and kind, and the same ID or natural key."""
    objects = list(objects)
    # union-find over the objects, joined by any shared identity
    parent = list(range(len(objects)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, ...], int] = {}
    for i, obj in enumerate(objects):
        for identity in obj.identities():
            if identity in first:
                parent[root(i)] = root(first[identity])
            else:
                first[identity] = i
    groups: dict[int, list[ManagedObject]] = {}
    for i, obj in enumerate(objects):
        groups.setdefault(root(i), []).append(obj)
    conflicts = []
    for holders in groups.values():
        if len({h.stack for h in holders}) < 2:
            continue
        ids = sorted({h.object_id for h in holders if h.object_id})
        head = holders[0]
        what = f"{head.natural_key} (id {', '.join(ids)})" if ids else head.natural_key
        conflicts.append(
            Conflict(head.environment_id, head.kind, what, sorted(holders, key=lambda h: (h.stack, h.urn)))
        )
    return sorted(conflicts, key=lambda c: (c.environment_id, c.kind, c.what))


def read_fleet(stacks: Sequence[str] | None = None, jobs: int = 4) -> tuple[list[str], list[ManagedObject]]:
    """Every stack in the backend (or those given) and the objects each manages, exported ``jobs`` at a time."""
    names = list(stacks) if stacks is not None else list_stacks(None)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        exported = list(pool.map(export_stack, names))
    return names, [obj for name, dep in zip(names, exported, strict=True) for obj in managed_objects(name, dep)]


def format_conflicts(conflicts: Sequence[Conflict]) -> str:
    lines = []
    for c in conflicts:
        lines.append(f"CONFLICT: {c.kind} {c.what} in environment {c.environment_id} is managed by "
                     f"{len(c.stacks)} stacks: {', '.join(c.stacks)}")  # fmt: skip
        lines += [f"  - stack {h.stack}: {h.resource} ({h.urn})" for h in c.holders]
    if conflicts:
        lines.append(
            "Each `up` of one of these stacks overwrites what the other wrote. Keep each object in one stack: "
            "remove it from the others' programs (with `retain_on_delete=True` first, or `pulumi state delete "
            "<urn>`, so removing it does not delete it in PingOne)."
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------------
# running stacks
# ----------------------------------------------------------------------------------------------------------------
@dataclass
class StackRun:
    stack: str
    operation: str
    result: str  # "ok", "failed", "locked" (another run holds the stack's lock)
    changes: dict[str, int]
    seconds: float
    log: Path
    returncode: int
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result == "ok"

    def changes_text(self) -> str:
        moved = {k: v for k, v in sorted(self.changes.items()) if k != "same" and v}
        return ", ".join(f"{k} {v}" for k, v in moved.items()) or "no changes"


def read_json_output(text: str) -> tuple[dict[str, int], list[str]]:
    """Changes and error messages from ``pulumi preview --json`` (one document with ``changeSummary`` and
    ``diagnostics``) or ``pulumi up --json`` (one engine event a line, ending with a ``summaryEvent``)."""
    changes: dict[str, int] = {}
    errors: list[str] = []
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if isinstance(document, dict):
        changes = {str(k): int(v) for k, v in (document.get("changeSummary") or {}).items()}
        diagnostics = [d for d in document.get("diagnostics") or [] if d.get("severity") == "error"]
        return changes, [str(d.get("message", "")).strip() for d in diagnostics]
    for line in text.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        if "summaryEvent" in event:
            changes = {str(k): int(v) for k, v in (event["summaryEvent"].get("resourceChanges") or {}).items()}
        diagnostic = event.get("diagnosticEvent") or {}
        if diagnostic.get("severity") == "error":
            errors.append(str(diagnostic.get("message", "")).strip())
    return changes, errors


def run_stack(
    operation: str, stack: str, project_dir: Path, log_dir: Path, pulumi_args: Sequence[str] = ()
) -> StackRun:
    """One typed ``pulumi preview|up --json --stack <stack>`` in the project directory; its output goes to files
    in ``log_dir`` (``<stack>.<operation>.json``, and ``.log`` for what it wrote to stderr)."""
    safe = stack.replace("/", "_")
    output, log = log_dir / f"{safe}.{operation}.json", log_dir / f"{safe}.{operation}.log"
    command = [pulumi_command(), operation, "--stack", stack, "--non-interactive", "--json"]
    if operation == "up":
        command += ["--yes", "--skip-preview"]
    command += list(pulumi_args)
    started = time.monotonic()
    with output.open("w") as out, log.open("w") as err:
        code = subprocess.run(
            command, cwd=project_dir, env=pulumi_env(), stdout=out, stderr=err, check=False
        ).returncode
    seconds = time.monotonic() - started
    changes, errors = read_json_output(output.read_text(errors="replace"))
    stderr = log.read_text(errors="replace")
    errors += [line for line in stderr.splitlines() if line.strip()]
    result = "ok" if code == 0 else ("locked" if any(LOCKED in e for e in errors) else "failed")
    return StackRun(stack, operation, result, changes, round(seconds, 2), log, code, errors)


def run_stacks(
    operation: str,
    stacks: Sequence[str],
    project_dir: Path,
    *,
    jobs: int = 4,
    log_dir: Path | None = None,
    pulumi_args: Sequence[str] = (),
    on_done: Callable[[StackRun], None] | None = None,
) -> list[StackRun]:
    """``pulumi <operation>`` for each stack, ``jobs`` processes at a time; results in the order given."""
    if operation not in ("preview", "up"):
        raise ValueError(f"operation must be preview or up, not {operation!r}")
    logs = log_dir or Path(tempfile.mkdtemp(prefix="pingone-fleet-"))
    logs.mkdir(parents=True, exist_ok=True)

    def one(stack: str) -> StackRun:
        run = run_stack(operation, stack, project_dir, logs, pulumi_args)
        if on_done:
            on_done(run)
        return run

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, stacks))


def format_runs(runs: Sequence[StackRun]) -> str:
    rows = [("stack", "result", "changes", "seconds")]
    rows += [(r.stack, r.result, r.changes_text(), f"{r.seconds:.1f}") for r in runs]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    failed = [r for r in runs if not r.ok]
    lines.append(f"{len(runs) - len(failed)} of {len(runs)} stacks ok" + (f", {len(failed)} failed" if failed else ""))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------------------------------
# command line
# ----------------------------------------------------------------------------------------------------------------
def add_parser(sub: Any) -> None:
    """Add ``fleet`` to the ``pingone-notifications`` command line."""
    fleet = sub.add_parser(
        "fleet",
        help="run preview/up for many stacks in parallel; check no object is managed by two stacks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = fleet.add_subparsers(dest="fleet_command", required=True)
    check = actions.add_parser("check", help="report objects managed by more than one stack in the backend")
    check.add_argument("--stack", action="append", help="only these stacks (fully qualified); default: all")
    check.add_argument("--jobs", type=int, default=4, help="stacks exported at once (default 4)")
    check.add_argument("--json", action="store_true", help="print the conflicts as JSON")
    for operation in ("preview", "up"):
        run = actions.add_parser(operation, help=f"`pulumi {operation}` each stack of the project, in parallel")
        run.add_argument("--cwd", default=".", help="the Pulumi project directory (default: here)")
        run.add_argument("--stack", action="append", help="a stack to run (repeat); default: all of the project's")
        run.add_argument("--jobs", type=int, default=4, help="stacks at once (default 4)")
        run.add_argument("--log-dir", help="where each stack's output goes (default: a new temporary directory)")
        run.add_argument("--no-check", action="store_true", help="skip the ownership check before running")


def run_command(args: argparse.Namespace, pulumi_args: Sequence[str] = ()) -> int:
    try:
        if args.fleet_command == "check":
            return _check(args.stack, args.jobs, as_json=args.json)
        return _run(args, pulumi_args)
    except FleetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


def _check(stacks: Sequence[str] | None, jobs: int, *, as_json: bool = False) -> int:
    names, objects = read_fleet(stacks, jobs)
    conflicts = find_conflicts(objects)
    if as_json:
        print(json.dumps([{"environment_id": c.environment_id, "kind": c.kind, "object": c.what,
                           "stacks": c.stacks, "resources": [{"stack": h.stack, "urn": h.urn} for h in c.holders]}
                          for c in conflicts], indent=2))  # fmt: skip
    elif conflicts:
        print(format_conflicts(conflicts))
    else:
        print(f"ownership check: {len(objects)} PingOne objects in {len(names)} stacks, each managed by one stack")
    return 1 if conflicts else 0


def _run(args: argparse.Namespace, pulumi_args: Sequence[str]) -> int:
    project = Path(args.cwd).resolve()
    stacks = args.stack or list_stacks(project)
    if not stacks:
        print(f"error: no stacks in the backend for the project in {project}", file=sys.stderr)
        return 2
    if not args.no_check and _check(None, args.jobs) != 0:
        print("stopped: resolve the conflicts above first (or run with --no-check)", file=sys.stderr)
        return 1

    def progress(run: StackRun) -> None:
        print(f"{run.stack}: {run.result} ({run.changes_text()}, {run.seconds:.1f} s)", flush=True)

    log_dir = Path(args.log_dir).resolve() if args.log_dir else None
    runs = run_stacks(args.fleet_command, stacks, project, jobs=args.jobs, log_dir=log_dir,
                      pulumi_args=pulumi_args, on_done=progress)  # fmt: skip
    for run in runs:
        if not run.ok:
            shown = "\n".join("    " + line for e in run.errors[-10:] for line in e.splitlines())
            print(f"\n{run.stack} {run.result} (exit {run.returncode}):\n{shown}")
    print()
    print(format_runs(runs))
    print(f"logs: {runs[0].log.parent}")
    return 0 if all(r.ok for r in runs) else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pingone_notifications.fleet …`` (the same as ``pingone-notifications fleet …``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="pingone-notifications")
    add_parser(parser.add_subparsers(dest="command", required=True))
    ours, pulumi_args = split_pulumi_args(["fleet", *argv])
    return run_command(parser.parse_args(ours), pulumi_args)


def split_pulumi_args(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """Arguments after ``--`` go to each ``pulumi`` command unchanged."""
    argv = list(argv)
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1 :]
    return argv, []


if __name__ == "__main__":
    sys.exit(main())
