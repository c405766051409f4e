"""What the four resource providers share: connection and client, the check/diff/create/read/update/delete
flow, adoption, secrets kept in state, and error context.

A provider subclass states its quirks (paths, API body, natural key, replace-forcing properties) and the
flow here does the rest. Provider instances hold no data when pickled: the stack config arrives through
``configure`` inside the provider process, and clients live in a process-wide cache.
"""

from __future__ import annotations

import copy
import logging
import pickle
import sys
import sysconfig
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pulumi
import pulumi.runtime.resource as _sdk_resource
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..client import PingOneClient, client_for
from ..config import SETTINGS, Connection, resolve_connection
from ..errors import ApiError, ConfigurationError, PingOneError
from ._concurrency import CONFIG_KEY as CONCURRENCY_KEY
from ._concurrency import concurrency_setting, widen_provider_server
from ._shape import contains_unknown, is_unknown, same, to_props
from ._validation import StrictModel, failure, validate

__all__ = ["BaseProvider", "PingOneResource", "protect_secrets", "resource_options"]

log = logging.getLogger("pingone_notifications")

# Keys that are ours, not the API's.
LOCAL_KEYS = ("environment_id", "connection", "adopt")


class BaseProvider(ResourceProvider):
    # The pickled provider is a by-reference pickle (module and class name, no instance data: see the module
    # docstring), so it need not be encrypted; pulumi still makes it secret if it ever captures a secret.
    # Plain, it is ~150 bytes per object in state instead of ~370 twice (inputs and outputs), and no
    # encryption or decryption per object and run.
    serialize_as_secret_always = False

    type_name: ClassVar[str] = ""
    model: ClassVar[type[StrictModel]]
    replace_keys: ClassVar[tuple[str, ...]] = ("environment_id",)
    secret_paths: ClassVar[tuple[tuple[str, ...], ...]] = ()
    output_only: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    _stack_config: dict[str, str | None]

    # ---------------------------------------------------------------------------------------------------------
    # per-resource hooks
    # ---------------------------------------------------------------------------------------------------------
    def collection_path(self, props: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def item_path(self, props: Mapping[str, Any], id_: str) -> str:
        return f"{self.collection_path(props)}/{id_}"

    def api_body(self, model: Any) -> dict[str, Any]:
        """The full API object (every writable field, defaults filled in) for validated inputs."""
        raise NotImplementedError

    def expected(self, model: Any) -> dict[str, Any]:
        """What the live object must look like (snake_case) for ``diff`` to find nothing to change."""
        desired: dict[str, Any] = to_props(self.api_body(model))
        return desired

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"{self.type_name} in environment {props.get('environment_id')}"

    def find_existing(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The live object with the same natural key, or None."""
        return None

    def adopt_target(
        self, client: PingOneClient, props: Mapping[str, Any], body: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        adopt = props.get("adopt")
        if isinstance(adopt, str) and adopt not in ("", "true"):
            return client.get_or_none(self.item_path(props, adopt), context=self.context(props, "adopt"))
        return self.find_existing(client, props, body)

    def extra_failures(self, model: Any, props: Mapping[str, Any]) -> list[CheckFailure]:
        return []

    def delete_object(self, client: PingOneClient, id_: str, props: Mapping[str, Any]) -> None:
        client.delete(self.item_path(props, id_), context=self.context(props, "delete"))

    # ---------------------------------------------------------------------------------------------------------
    # connection
    # ---------------------------------------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        # Never pickle instance data: stack config (credentials) arrives via configure() in the provider process.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        pass

    def configure(self, req: ConfigureRequest) -> None:
        self._stack_config = {s.config: req.config.get(s.config) for s in SETTINGS}
        widen_provider_server(concurrency_setting({CONCURRENCY_KEY: req.config.get(CONCURRENCY_KEY)}))

    def connection(self, props: Mapping[str, Any]) -> Connection:
        override = props.get("connection")
        return resolve_connection(
            override if isinstance(override, dict) else None,
            getattr(self, "_stack_config", None),
            resource=self.describe(props),
        )

    def client(self, props: Mapping[str, Any]) -> PingOneClient:
        return client_for(self.connection(props))

    def context(self, props: Mapping[str, Any], action: str) -> str:
        return f"{self.describe(props)}: {action}"

    # ---------------------------------------------------------------------------------------------------------
    # check
    # ---------------------------------------------------------------------------------------------------------
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = {k: v for k, v in news.items() if k != "__provider" and v is not None and k not in self.output_only}
        model, failures = validate(self.model, inputs)
        if model is not None:
            try:
                failures += self.extra_failures(model, inputs)
            except PingOneError as err:
                failures.append(failure("", str(err)))
        if not contains_unknown(inputs.get("connection")):
            try:
                self.connection(inputs)
            except ConfigurationError as err:
                failures.append(failure("connection", str(err)))
        return CheckResult(inputs, [self._safe(f) for f in failures])

    def _safe(self, f: CheckFailure) -> CheckFailure:
        """The engine prints the input value of a failure's top-level property: never for one that holds a
        secret (the reason still names the exact path)."""
        root = f.property.split(".")[0].split("[")[0]
        if root in ("connection", *(p[0] for p in self.secret_paths)):
            return CheckFailure("", f.reason)
        return f

    # ---------------------------------------------------------------------------------------------------------
    # diff
    # ---------------------------------------------------------------------------------------------------------
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in self.replace_keys if not self._equal_key(k, olds.get(k), news.get(k))]
        if contains_unknown({k: v for k, v in news.items() if k != "__provider"}):
            return DiffResult(changes=True, replaces=replaces, delete_before_replace=self.delete_before_replace)
        model, _ = validate(self.model, self._inputs_only(news))
        if model is None:  # check already reported it; be conservative
            return DiffResult(changes=True, replaces=replaces, delete_before_replace=self.delete_before_replace)
        desired = self.expected(model)
        changed = (
            not same(desired, olds)
            or any(_get(olds, p) != _get(news, p) for p in self.secret_paths)
            or not _same_connection(olds.get("connection"), news.get("connection"))
        )
        return DiffResult(
            changes=bool(replaces) or changed, replaces=replaces, delete_before_replace=self.delete_before_replace
        )

    delete_before_replace: ClassVar[bool] = True

    def _equal_key(self, key: str, old: Any, new: Any) -> bool:
        if is_unknown(new):
            return False
        return same(new, old, key=key) and same(old, new, key=key)

    def _inputs_only(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return {
            k: v
            for k, v in props.items()
            if k in self.model.model_fields and v is not None and k not in self.output_only
        }

    # ---------------------------------------------------------------------------------------------------------
    # create / read / update / delete
    # ---------------------------------------------------------------------------------------------------------
    def _model(self, props: Mapping[str, Any]) -> Any:
        model, failures = validate(self.model, self._inputs_only(props))
        if model is None:
            raise PingOneError(f"{self.describe(props)}: invalid inputs: " + "; ".join(f.reason for f in failures))
        return model

    def create(self, props: dict[str, Any]) -> CreateResult:
        body = self.api_body(self._model(props))
        client = self.client(props)
        if props.get("adopt"):
            obj = self._adopt(client, props, body)
        else:
            obj = self._create(client, props, body)
        return CreateResult(str(obj["id"]), self.outputs(props, obj))

    def _create(self, client: PingOneClient, props: Mapping[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        context = self.context(props, "create")
        try:
            return client.create(
                self.collection_path(props),
                body,
                lookup=lambda: self.find_existing(client, props, body),
                context=context,
            )
        except ApiError as err:
            if err.detail("UNIQUENESS_VIOLATION") is None:
                raise
            existing = self.find_existing(client, props, body)
            if existing is not None and same(self._without_secrets(to_props(body)), to_props(existing)):
                # Identical to what we were about to create (PingOne never returns secrets, so those are not
                # compared): the leftover of an interrupted run. Take it, and write our full object (secrets).
                log.warning("%s: an identical object already exists (%s); managing it", context, existing["id"])
                return client.put(
                    self.item_path(props, str(existing["id"])), self.put_body(body, existing), context=context
                )
            where = f" (id {existing['id']})" if existing else ""
            raise PingOneError(
                f"{context}: it already exists in PingOne{where} with different settings. To manage the existing "
                f"object with Pulumi, set adopt=True on this resource (the program's settings then replace "
                f"PingOne's); otherwise remove or rename it. PingOne said: {err}"
            ) from None

    def _adopt(self, client: PingOneClient, props: Mapping[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        existing = self.adopt_target(client, props, body)
        if existing is None:
            raise PingOneError(
                f"{self.context(props, 'adopt')}: nothing to adopt: no existing object matches "
                f"(adopt={props.get('adopt')!r}). Remove `adopt` to create it instead."
            )
        return client.put(
            self.item_path(props, str(existing["id"])),
            self.put_body(body, existing),
            context=self.context(props, "adopt"),
        )

    def put_body(self, body: dict[str, Any], existing: Mapping[str, Any]) -> dict[str, Any]:
        return body

    def _without_secrets(self, props: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(props)
        for path in self.secret_paths:
            holder = _get(out, path[:-1]) if len(path) > 1 else out
            if isinstance(holder, dict):
                holder.pop(path[-1], None)
        return out

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client(props)
        obj = client.get_or_none(self.item_path(props, id_), context=self.context(props, "read"))
        if obj is None:
            return ReadResult("", {})
        outs = self.outputs(props, obj)
        inputs = {
            k: v
            for k, v in outs.items()
            if k in self.model.model_fields and v is not None and k not in self.output_only
        }
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        body = self.api_body(self._model(news))
        client = self.client(news)
        obj = client.put(self.item_path(news, id_), self.put_body(body, olds), context=self.context(news, "update"))
        return UpdateResult(self.outputs(news, obj))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self.delete_object(self.client(props), id_, props)

    # ---------------------------------------------------------------------------------------------------------
    def outputs(self, props: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
        """Every field the API returned (snake_case), plus our own keys and the secrets the API never returns."""
        outs: dict[str, Any] = to_props({k: v for k, v in obj.items() if k != "environment"})
        outs["environment_id"] = props.get("environment_id") or (obj.get("environment") or {}).get("id")
        for key in LOCAL_KEYS[1:]:
            if props.get(key) is not None:
                outs[key] = copy.deepcopy(props[key])
        for path in self.secret_paths:
            value = _get(props, path)
            if value is not None:
                _set(outs, path, value)
        for key in self.output_only:
            outs.setdefault(key, None)
        return outs


def _get(data: Mapping[str, Any], path: Sequence[str]) -> Any:
    current: Any = data
    for part in path:
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _set(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    current = data
    for part in path[:-1]:
        nxt = current.get(part)
        if not isinstance(nxt, dict):
            nxt = current[part] = {}
        current = nxt
    current[path[-1]] = value


def _same_connection(old: Any, new: Any) -> bool:
    return (old or None) == (new or None)


def unnest_pickler_patch() -> None:
    """Undo the wrapper pile-up of ``pulumi.dynamic.serialize_provider`` before it runs again.

    ``serialize_provider`` (pulumi 3.259) wraps ``pickle._Pickler._batch_setitems`` in a sorting wrapper on
    every call and never restores it, so the n-th dynamic resource of a program pickles through n nested
    wrappers: past ~950 dynamic resources in one program process, Python's recursion limit is hit
    (``RecursionError`` while registering). Putting the original back before each registration keeps the
    nesting at one. ``PingOneResource`` calls it just before every registration.
    """
    current = pickle._Pickler._batch_setitems  # type: ignore[attr-defined]
    while "serialize_provider.<locals>.batch_set_items_sorted" in getattr(current, "__qualname__", ""):
        cells = [c.cell_contents for c in current.__closure__ or () if callable(c.cell_contents)]
        if not cells:
            break
        current = cells[0]
    pickle._Pickler._batch_setitems = current  # type: ignore[attr-defined]


_OWN_DIR = Path(__file__).resolve().parents[1].as_uri() + "/"
_SDK_DIR = Path(pulumi.__file__).resolve().parent.as_uri() + "/"
_STDLIB_DIR = Path(sysconfig.get_paths()["stdlib"]).resolve().as_uri() + "/"
_PROGRAM_RUNNER = "/pulumi-language-python-exec"


def user_frames(trace: Any) -> Any:
    """The registration stack trace cut down to the user's own frames.

    The Pulumi SDK records every frame below a registration in state, for every resource: when a program runs
    through the Automation API that is ~25 frames of asyncio, gRPC, threading and SDK code (~2.2 KB per object,
    more than the object itself), and the engine rewrites the whole checkpoint after every step. Kept: the
    frames of the program that declared the resource, from the innermost out to the first SDK or standard
    library frame, or the language host's ``pulumi-language-python-exec`` (which runs ``__main__.py`` through
    runpy, whose frames show as ``<frozen runpy>``, without a position). Dropped: this package's own frames
    (so the source position the engine reports is the user's line, not ours) and frames without a position.
    If nothing would be left, the trace is unchanged.
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

    The SDK takes the trace synchronously inside ``Resource.__init__``; if a later SDK no longer has the hook,
    registration proceeds with the SDK's own trace.
    """
    original = getattr(_sdk_resource, "_get_stack_trace", None)
    if original is None:
        yield
        return

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


def protect_secrets(props: dict[str, Any], paths: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Wrap each secret input (and the whole ``connection``) in ``Output.secret`` so state never holds it in
    plaintext, whether or not the program marked it secret."""
    out = dict(props)
    for path in [("connection",), *paths]:
        holder: Any = out
        for part in path[:-1]:
            value = holder.get(part)
            if value is None:
                holder = None
                break
            if not isinstance(value, dict):  # an Output or other value we cannot look into: protect it whole
                holder[part] = pulumi.Output.secret(value)
                holder = None
                break
            holder[part] = dict(value)
            holder = holder[part]
        if isinstance(holder, dict) and holder.get(path[-1]) is not None:
            holder[path[-1]] = pulumi.Output.secret(holder[path[-1]])
    return out


def resource_options(opts: pulumi.ResourceOptions | None, secret_outputs: Sequence[str]) -> pulumi.ResourceOptions:
    extra = pulumi.ResourceOptions(additional_secret_outputs=["connection", *secret_outputs])
    return pulumi.ResourceOptions.merge(opts, extra) if opts else extra


class PingOneResource(pulumi.dynamic.Resource):
    """How every resource of this package registers: its provider's secret inputs wrapped as secrets (and the
    matching outputs marked secret), after undoing the pickler pile-up that pulumi's provider serialisation
    would otherwise grow by one wrapper per resource, with the stack trace kept in state cut down to the
    user's frames (:func:`user_frames`)."""

    def __init__(
        self,
        provider: BaseProvider,
        resource_name: str,
        props: dict[str, Any],
        opts: pulumi.ResourceOptions | None,
        secret_outputs: Sequence[str] = (),
    ) -> None:
        unnest_pickler_patch()  # pulumi serialises the provider during this registration
        with short_stack_traces():
            super().__init__(
                provider,
                resource_name,
                protect_secrets(props, provider.secret_paths),
                resource_options(opts, secret_outputs),
            )


def warn(message: str) -> None:
    """A warning the user sees in the CLI output (the dynamic provider's stderr is passed through)."""
    print(f"warning: {message}", file=sys.stderr, flush=True)
