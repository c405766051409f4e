"""What the four resource providers share: connection and client, the check/diff/create/read/update/delete
flow, adoption, secrets kept in state, and error context.

A provider subclass states its quirks (paths, API body, natural key, replace-forcing properties) and the
flow here does the rest. Provider instances hold no data when pickled: the stack config arrives through
``configure`` inside the provider process, and clients live in a process-wide cache.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, ClassVar, TypeVar

import pulumi
import pulumi.runtime.settings as _sdk_settings
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

from .._sdk_patches import short_stack_traces, unnest_pickler_patch, widen_provider_server
from ..client import PingOneClient, client_for
from ..config import SETTINGS, Connection, Setting, resolve_connection, setting_value
from ..errors import ApiError, ConfigurationError, PingOneError
from ..retry import CONSISTENCY_WINDOW, SETTLE_FIRST_DELAY, SETTLE_MAX_DELAY
from ._concurrency import CONFIG_KEY as CONCURRENCY_KEY
from ._concurrency import concurrency_setting
from ._fields import Shape, body_of, expected_of, key_inputs, output_only, replace_keys, secret_paths, shape_of
from ._shape import contains_unknown, is_unknown, same, to_api, to_props
from ._validation import StrictModel, failure, validate

__all__ = ["BaseProvider", "PingOneResource", "protect_secrets", "resource_options"]

log = logging.getLogger("pingone_notifications")

SETTLE_SETTING = Setting("settle_seconds", "pingone:settleSeconds", "PINGONE_SETTLE_SECONDS")
_CREATED_HERE: dict[str, float] = {}  # object id -> time.time() of our create, in this process

T = TypeVar("T")
R = TypeVar("R", bound="PingOneResource")

# Environment types seen in this process (an environment's type does not change).
_ENV_TYPES: dict[str, str | None] = {}

# A secret kept in state as a keyed digest (see BaseProvider.secret_digest).
DIGEST_PREFIX = "hmac-sha256:"

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
    # Derived from the model's declarations (``_fields.Api``) when the subclass is defined:
    replace_keys: ClassVar[tuple[str, ...]] = ("environment_id",)
    secret_paths: ClassVar[tuple[tuple[str, ...], ...]] = ()
    output_only: ClassVar[tuple[str, ...]] = ()
    key_inputs: ClassVar[tuple[str, ...]] = ("environment_id",)
    """The natural key: what makes two resources the same PingOne object (issue 16 item 12)."""
    shape: ClassVar[Shape]

    _stack_config: dict[str, str | None]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            cls.replace_keys = replace_keys(cls.model)
            cls.secret_paths = secret_paths(cls.model)
            cls.output_only = output_only(cls.model)
            cls.key_inputs = key_inputs(cls.model)
            cls.shape = shape_of(cls.model)

    # ---------------------------------------------------------------------------------------------------------
    # per-resource hooks
    # ---------------------------------------------------------------------------------------------------------
    def collection_path(self, props: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def item_path(self, props: Mapping[str, Any], id_: str) -> str:
        return f"{self.collection_path(props)}/{id_}"

    def api_body(self, model: Any) -> dict[str, Any]:
        """The full API object (every writable field, defaults filled in) for validated inputs: from the
        model's declarations (:func:`._fields.body_of`)."""
        body: dict[str, Any] = to_api(body_of(model), self.shape)
        return body

    def expected(self, model: Any) -> dict[str, Any]:
        """What the live object must look like (snake_case) for ``diff`` to find nothing to change: the API object,
        and every optional field left out as None (:func:`._fields.expected_of`)."""
        return expected_of(self.model, model, to_props(self.api_body(model), self.shape))

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
        path, context = self.item_path(props, id_), self.context(props, "delete")
        if self.settling_time(id_, props) <= 0:
            client.delete(path, context=context)  # a 404 means already gone
            return
        try:  # right after our create a 404 may only mean "not visible yet"
            self.settled(client, id_, props, lambda: client.request("DELETE", path, context=context))
        except ApiError as err:
            if err.status != 404:
                raise

    def natural_key(self, values: Mapping[str, Any]) -> str | None:
        """The PingOne object these (resolved) key inputs name, e.g. ``settings|<env>``; None: no key."""
        return f"{self.type_name}|{values.get('environment_id')}"

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
        self._settle_seconds = settle_seconds({SETTLE_SETTING.config: req.config.get(SETTLE_SETTING.config)})
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
        if not _olds and not failures and self.adopts(inputs):
            self._announce_adoption(inputs)
        return CheckResult(inputs, [self._safe(f) for f in failures])

    def adopts(self, props: Mapping[str, Any]) -> bool:
        """Does creating this resource take an existing object over?"""
        return bool(props.get("adopt"))

    def _announce_adoption(self, inputs: dict[str, Any]) -> None:
        """Say, before anything is written, what adopting will do: take the object over as it is, or which
        properties it will write. Best effort: when inputs are still unknown (IDs of objects not created yet)
        or PingOne cannot be read, it says so; ``create`` decides again on the live object."""
        where = self.context(inputs, "adopt")
        pending = contains_unknown(inputs)
        if pending and any(contains_unknown(inputs.get(k)) for k in (*self.replace_keys, "name", "sid", "adopt")):
            note(f"{where}: what adopting changes is known once the objects it references exist")
            return
        try:
            client = self.client(inputs)
            # References are never part of the natural key (checked above): a well-formed stand-in finds it
            body = self.api_body(self._model(_fill_unknowns(inputs, None, PENDING_ID) if pending else inputs))
            existing = self.adopt_target(client, inputs, body)
            if existing is None:
                note(f"{where}: nothing to adopt was found (creating it will fail; remove `adopt` to create it)")
                return
            # IDs of objects adopted in the same run are not known yet: compared as the ones PingOne has
            # (a reference PingOne has no counterpart for stays a stand-in: it then differs, as it will)
            known = _fill_unknowns(inputs, to_props(dict(existing), self.shape), PENDING_ID) if pending else inputs
            changes = self.adoption_changes(known, existing)
        except PingOneError as err:
            note(f"{where}: could not compare with PingOne before adopting: {err}")
            return
        provided = " (if the objects it references are the ones PingOne has there)" if pending else ""
        if changes:
            note(f"{where}: takes over {existing.get('id')} and updates it: {', '.join(changes)}{provided}")
        else:
            note(f"{where}: takes over {existing.get('id')} as it is (no write){provided}")

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
            not self.same_as_live(self._without_secrets(desired), self._without_secrets(olds))
            or any(
                self.secret_digest(news, _get(olds, p)) != self.secret_digest(news, _get(news, p))
                for p in self.secret_paths
            )
            or not _same_connection(olds.get("connection"), news.get("connection"))
        )
        return DiffResult(
            changes=bool(replaces) or changed, replaces=replaces, delete_before_replace=self.delete_before_replace
        )

    delete_before_replace: ClassVar[bool] = True

    def same_as_live(self, desired: dict[str, Any], live: dict[str, Any]) -> bool:
        """Does the live object (state outputs) already satisfy the desired one?"""
        return same(desired, self.live_view(live), shape=self.shape)

    def live_view(self, live: dict[str, Any]) -> dict[str, Any]:
        """The live object (snake_case) as compared with the desired one: with what PingOne means by a field it
        leaves out, where that is not what it reports (see NotificationPolicy)."""
        return live

    def _equal_key(self, key: str, old: Any, new: Any) -> bool:
        if is_unknown(new):
            return False
        return same(new, old, key=key, shape=self.shape) and same(old, new, key=key, shape=self.shape)

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
            _CREATED_HERE[str(obj["id"])] = time.time()
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
            if existing is not None and same(
                self._without_secrets(to_props(body, self.shape)), to_props(existing, self.shape), shape=self.shape
            ):
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
        if self.adoption_changes(props, existing) == []:
            log.info("%s: adopted %s as it is (no write)", self.context(props, "adopt"), existing["id"])
            return dict(existing)
        return client.put(
            self.item_path(props, str(existing["id"])),
            self.put_body(body, existing),
            context=self.context(props, "adopt"),
        )

    def adoption_changes(self, props: Mapping[str, Any], existing: Mapping[str, Any]) -> list[str]:
        """What adopting ``existing`` writes: the top-level properties whose live value differs from the
        program's, and every secret the program sets (PingOne never returns secrets, so a configured secret is
        always written once). Empty: the object is taken over as it is, without a write."""
        desired = self._without_secrets(self.expected(self._model(props)))
        live = self.live_view(to_props(dict(existing), self.shape))
        changed = [k for k, v in desired.items() if not same(v, live.get(k), key=k, shape=self.shape)]
        secrets = [".".join(p) for p in self.secret_paths if _get(props, p) is not None]
        return changed + [s for s in secrets if s.split(".")[0] not in changed]

    def put_body(self, body: dict[str, Any], existing: Mapping[str, Any]) -> dict[str, Any]:
        """The body of a PUT to the existing object ``existing`` (it always has the object's ``id``)."""
        return body

    def secret_digest(self, props: Mapping[str, Any], value: Any) -> Any:
        """What state keeps of a custom provider's secret: a keyed digest, never the secret (issue 16 item 14).

        PingOne never returns these secrets, so only ``diff`` needs them, to see a rotation; a digest does that.
        Outputs are what a program can export, and the Pulumi SDK writes exported outputs in plaintext into its
        debug diagnostics (``-v=9`` logs, the Automation API event stream): a digest there reveals nothing. The
        key is derived from the worker app's client secret (never an output), so a guessable secret cannot be
        confirmed by hashing candidates. Rotating the worker app's secret changes every digest: the next ``up``
        re-sends the (unchanged) secrets once. Idempotent: a digest maps to itself.
        """
        if not isinstance(value, str) or value.startswith(DIGEST_PREFIX):
            return value
        try:
            connection = self.connection(props)
            key = f"{connection.client_secret}\x00{connection.environment_id}".encode()
        except ConfigurationError:
            key = b""
        mac = hmac.new(hashlib.sha256(b"pingone-notifications/secret-digest/v1\x00" + key).digest(), value.encode(),
                       hashlib.sha256)  # fmt: skip
        return DIGEST_PREFIX + mac.hexdigest()

    def _without_secrets(self, props: dict[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(props)
        for path in self.secret_paths:
            holder = _get(out, path[:-1]) if len(path) > 1 else out
            if isinstance(holder, dict):
                holder.pop(path[-1], None)
        return out

    def environment_type(self, props: Mapping[str, Any]) -> str | None:
        """``PRODUCTION`` or ``SANDBOX`` from ``GET /environments/{id}`` (a read, so usable in ``check``); None
        when it cannot be known now (unknown inputs, no connection, no permission to read the environment)."""
        env_id = props.get("environment_id")
        if not isinstance(env_id, str) or contains_unknown(props.get("connection")):
            return None
        if env_id in _ENV_TYPES:
            return _ENV_TYPES[env_id]
        try:
            found = self.client(props).get(f"/environments/{env_id}", context=self.context(props, "read environment"))
        except PingOneError:
            return None
        kind = found.get("type")
        _ENV_TYPES[env_id] = kind if isinstance(kind, str) else None
        return _ENV_TYPES[env_id]

    def environment_gone(self, client: PingOneClient, props: Mapping[str, Any], err: ApiError) -> bool:
        """Whether ``err`` (from a call under the resource's environment) means the environment was deleted.

        Under a deleted environment PingOne answers 400/401/403, not 404. Like the Terraform provider
        (``CheckEnvironmentExistsOnPermissionsError``, ../shared/reference/terraform-provider-notes.md §7), ask
        ``GET /environments/{id}``: a 404 there means everything in it is gone.
        """
        if err.status not in (400, 401, 403) or not props.get("environment_id"):
            return False
        try:
            client.get(f"/environments/{props['environment_id']}", context=self.context(props, "read environment"))
        except ApiError as probe:
            return probe.status == 404
        return False

    def settling_time(self, id_: str, props: Mapping[str, Any]) -> float:
        """Seconds left in which a 403/404 for this object may only mean it is too new to be seen yet: it was
        created by this provider (in this process, or per its ``created_at`` in state) under
        ``CONSISTENCY_WINDOW`` ago. 0 for everything else."""
        created = _CREATED_HERE.get(id_)
        if created is None:
            created = _timestamp(props.get("created_at"))
        if created is None:
            return 0.0
        window = getattr(self, "_settle_seconds", CONSISTENCY_WINDOW)
        age = time.time() - created
        return window - age if -window < age < window else 0.0

    def settled(self, client: PingOneClient, id_: str, props: Mapping[str, Any], call: Callable[[], T]) -> T:
        """``call()``, retrying a 403/404 while the object may still be settling after our own create (bounded by
        :meth:`settling_time`; nothing extra happens otherwise, so calls are not multiplied). A 403 that is a
        deleted environment is not waited for."""
        deadline = time.monotonic() + self.settling_time(id_, props)
        delay = SETTLE_FIRST_DELAY
        while True:
            try:
                return call()
            except ApiError as err:
                left = deadline - time.monotonic()
                if err.status not in (403, 404) or left <= 0:
                    raise
                if err.status == 403 and self.environment_gone(client, props, err):
                    raise
                log.debug(
                    "%s: %d right after create; waiting %.2fs for PingOne", self.describe(props), err.status, delay
                )
                time.sleep(min(delay, left))
                delay = min(delay * 2, SETTLE_MAX_DELAY)

    def await_visible(self, client: PingOneClient, id_: str, props: Mapping[str, Any]) -> dict[str, Any] | None:
        """GET the object (see :meth:`settled`); None when PingOne says it does not exist."""
        path, context = self.item_path(props, id_), self.context(props, "read")
        try:
            return self.settled(client, id_, props, lambda: client.get(path, context=context))
        except ApiError as err:
            if err.status == 404:
                return None
            raise

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client(props)
        try:
            obj = self.await_visible(client, id_, props)
        except ApiError as err:
            if not self.environment_gone(client, props, err):
                raise
            log.warning("%s: environment deleted; the object is gone", self.describe(props))
            obj = None
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
        path, put_body, context = self.item_path(news, id_), self.put_body(body, {**olds, "id": id_}), "update"
        obj = self.settled(client, id_, olds, lambda: client.put(path, put_body, context=self.context(news, context)))
        return UpdateResult(self.outputs(news, obj))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self.client(props)
        try:
            self.delete_object(client, id_, props)
        except ApiError as err:
            if not self.environment_gone(client, props, err):
                raise
            log.warning("%s: environment deleted; nothing left to delete", self.describe(props))

    # ---------------------------------------------------------------------------------------------------------
    def outputs(self, props: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
        """Every field the API returned (snake_case), plus our own keys and the secrets the API never returns."""
        outs: dict[str, Any] = to_props({k: v for k, v in obj.items() if k != "environment"}, self.shape)
        outs["environment_id"] = props.get("environment_id") or (obj.get("environment") or {}).get("id")
        for key in LOCAL_KEYS[1:]:
            if props.get(key) is not None:
                outs[key] = copy.deepcopy(props[key])
        for path in self.secret_paths:
            value = _get(props, path)
            if value is not None:
                _set(outs, path, self.secret_digest(props, value))
        for key in self.output_only:
            outs.setdefault(key, None)
        return outs


PENDING_ID = "00000000-0000-0000-0000-000000000000"
"""Stands in, in the adoption preview, for the ID of an object not created yet. Inputs are validated as they
will be at ``up`` (references must be lower-case UUIDs, issue 16), so the stand-in is a well-formed UUID (the
nil UUID, which PingOne never assigns) rather than a word: it passes the ID rules and matches no live object."""


def _fill_unknowns(value: Any, live: Any, otherwise: Any = None) -> Any:
    """``value`` with each unknown replaced by what ``live`` has at the same place (an ``{"id": …}`` link
    counts as its ID); an unknown with no live counterpart becomes ``otherwise`` (or stays unknown)."""
    if is_unknown(value):
        if isinstance(live, Mapping) and "id" in live:
            return live["id"]
        if live is not None:
            return live
        return value if otherwise is None else otherwise
    if isinstance(value, Mapping):
        return {
            k: _fill_unknowns(v, live.get(k) if isinstance(live, Mapping) else None, otherwise)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_fill_unknowns(v, live[i] if isinstance(live, list) and i < len(live) else None, otherwise)
                for i, v in enumerate(value)]  # fmt: skip
    return value


def settle_seconds(config: Mapping[str, str | None], environ: Mapping[str, str] | None = None) -> float:
    """How long after our create a 403/404 for a new object is waited out: ``pingone:settleSeconds`` (stack
    config), else ``$PINGONE_SETTLE_SECONDS``, else :data:`CONSISTENCY_WINDOW`; 0 to 600."""
    raw, source = setting_value(SETTLE_SETTING, None, config, os.environ if environ is None else environ)
    if raw is None or not raw.strip():
        return CONSISTENCY_WINDOW
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 600:
        raise ConfigurationError(f"{source} must be a number of seconds from 0 to 600, got {raw!r}")
    return value


def _timestamp(value: Any) -> float | None:
    """Seconds since the epoch of an ISO 8601 ``createdAt`` (``2026-11-29T19:57:20.123Z``), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


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
        if opts is None or opts.id is None:  # a read (``get``) manages nothing: it claims no object
            claim_natural_key(provider, resource_name, props)
        with short_stack_traces():
            super().__init__(
                provider,
                resource_name,
                protect_secrets(props, provider.secret_paths),
                resource_options(opts, secret_outputs),
            )

    @classmethod
    def _get(
        cls: type[R],
        provider: BaseProvider,
        resource_name: str,
        id: pulumi.Input[str],
        props: dict[str, Any],
        opts: pulumi.ResourceOptions | None,
        secret_outputs: Sequence[str] = (),
    ) -> R:
        """An existing PingOne object, read by ID and not managed (Pulumi's ``Resource.get``): the engine asks the
        provider's ``read`` for it (``props`` carry what its path needs) and ``pulumi destroy`` leaves it alone."""
        self = cls.__new__(cls)
        PingOneResource.__init__(
            self, provider, resource_name, props, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)),
            secret_outputs,
        )  # fmt: skip
        return self


def note(message: str) -> None:
    """Information the user sees in the CLI output (the dynamic provider's stderr is passed through)."""
    print(message, file=sys.stderr, flush=True)


# (program run, natural key) -> the resource that declared it. A run is told apart by its resource monitor
# connection: inline programs (Automation API) run many times in one process.
_CLAIMED: dict[tuple[int, str], str] = {}
_CLAIMS_LOCK = threading.Lock()


def claim_natural_key(provider: BaseProvider, resource_name: str, props: Mapping[str, Any]) -> None:
    """Refuse a second resource of the program for the same PingOne object (same template + locale + variant
    + delivery method, the same environment's settings, the same policy or provider name): both would manage
    one object, and destroying one would delete the other's. Checked as soon as the key inputs are known (at
    preview when they are plain values), naming both resources."""
    label = f"{provider.type_name} {resource_name!r}"
    names = provider.key_inputs
    run = id(_sdk_settings.get_monitor())

    def check(values: list[Any]) -> None:
        key = provider.natural_key(dict(zip(names, values, strict=True)))
        if key is None:
            return
        with _CLAIMS_LOCK:
            other = _CLAIMED.setdefault((run, key), label)
        if other != label:  # RunError: the language host shows the message alone, not a traceback
            raise pulumi.RunError(
                f"{label} and {other} declare the same PingOne object ({_describe_key(key)}): one PingOne object "
                "cannot be managed by two resources (destroying one would delete the other's object). Remove one "
                "of them, or change its natural key."
            )

    pulumi.Output.all(*(props.get(n) for n in names)).apply(check)


def _describe_key(key: str) -> str:
    kind, *parts = key.split("|")
    return f"{kind} " + ", ".join(p for p in parts if p)


def warn(message: str) -> None:
    """A warning the user sees in the CLI output (the dynamic provider's stderr is passed through)."""
    print(f"warning: {message}", file=sys.stderr, flush=True)
