"""``NotificationTemplateCatalog``: every custom content of a directory of files, as one Pulumi resource.

Translators and designers edit files; the engine sees one resource per catalog, so its cost (one step, one
checkpoint write) is per catalog, not per content. The layout is :mod:`.catalog_layout`'s. Each file is
validated exactly as a ``NotificationTemplateContent`` with the same properties would be (the same model and
the same template-variable check, called, not copied), at preview, and every failure names the file.

Call economy: ``diff`` compares a digest of each content (:func:`.catalog_layout.fingerprint`) with the one in
state, so a no-op preview makes no per-content call; an update writes only the contents whose digest changed
(PUT), deletes the ones whose file is gone and creates new ones; refresh lists each template's custom contents
once (one paged GET per template, not one per content). A create first lists what exists: identical leftovers
of an interrupted run are taken over without a write; different existing contents are refused before any
write (unless ``adopt=True``, which takes them over), so nothing is half-created by a conflict.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pulumi
from pulumi.dynamic import CheckFailure, CreateResult, DiffResult, ReadResult, UpdateResult
from pydantic import Field

from ..client import PingOneClient
from ..errors import ApiError, ConfigurationError, PingOneError
from ._base import BaseProvider, PingOneResource
from ._common import ConnectionArgs, EmailAddress, LocalFields, SenderId
from ._concurrency import CONFIG_KEY as CONCURRENCY_KEY
from ._concurrency import DEFAULT as DEFAULT_CONCURRENCY
from ._concurrency import concurrency_setting
from ._fields import Api
from ._generated import EmailAddressArgs
from ._shape import contains_unknown
from ._validation import failure, validate
from .catalog_layout import LayoutError, canonical, fingerprint, natural_key, parse_file, render
from .template_content import (
    TEMPLATE_NAMES,
    ContentModel,
    NotificationTemplateContentProvider,
    template_definition,
    variable_failures,
)

__all__ = ["NotificationTemplateCatalog", "NotificationTemplateCatalogProvider", "read_catalog_directory"]

MAX_REPORTED = 40  # failures listed at preview; the rest are counted


class CatalogModel(LocalFields):
    files: Annotated[dict[str, str], Api(map_valued=True)] = Field(
        description="Relative path -> text of every file of the catalog (``directory`` is read into it)."
    )
    sms_sender: SenderId | None = Field(
        default=None, description="Sender ID of every SMS content (≤ 11 letters, digits, spaces)."
    )
    voice: str | None = Field(default=None, description="Voice of every voice content (default ``Alice``).")
    email_from: EmailAddress | None = Field(
        default=None, description='``{"name", "address"}`` of every email content (default PingOne\'s).'
    )
    email_reply_to: EmailAddress | None = Field(
        default=None, description='``{"name", "address"}`` of every email content.'
    )
    contents: Annotated[dict[str, Any] | None, Api(output_only=True, map_valued=True)] = Field(
        default=None, description="Per content (natural key): its ID, file and a digest of what was written."
    )


@dataclass(frozen=True)
class Planned:
    """One content as the files declare it: its file, API body and digest."""

    path: str
    template_name: str
    delivery_method: str
    body: dict[str, Any]
    fingerprint: str


_SINGLE = NotificationTemplateContentProvider()  # its api_body: the same API object as the single resource


class NotificationTemplateCatalogProvider(BaseProvider):
    type_name: ClassVar[str] = "NotificationTemplateCatalog"
    model = CatalogModel

    _workers: int = DEFAULT_CONCURRENCY

    def configure(self, req: Any) -> None:
        super().configure(req)
        try:
            self._workers = concurrency_setting({CONCURRENCY_KEY: req.config.get(CONCURRENCY_KEY)})
        except ConfigurationError:
            self._workers = DEFAULT_CONCURRENCY  # reported by the other resources' configure; never fatal here

    def adopts(self, props: Mapping[str, Any]) -> bool:
        """No single-object adoption note at preview: a catalog adopts per file, in ``create``, against the
        listing of each template's contents (and says there which files it overwrote)."""
        return False

    def collection_path(self, props: Mapping[str, Any]) -> str:  # per template; see _contents_path
        return f"/environments/{props['environment_id']}/templates"

    def _contents_path(self, props: Mapping[str, Any], template: str) -> str:
        return f"/environments/{props['environment_id']}/templates/{template}/contents"

    def describe(self, props: Mapping[str, Any]) -> str:
        return f"NotificationTemplateCatalog in environment {props.get('environment_id')}"

    # ---------------------------------------------------------------------------------------------------------
    # check: file names, then each content as the single resource validates it
    # ---------------------------------------------------------------------------------------------------------
    def extra_failures(self, model: Any, props: Mapping[str, Any]) -> list[CheckFailure]:
        m: CatalogModel = model
        problems: list[str] = []
        entries, layout_problems = self._entries(m)
        problems += layout_problems
        client = self._check_client(props)
        for entry, content_props in entries:
            content, failures = validate(ContentModel, content_props)
            problems += [f"file {entry.path}: {f.reason}" for f in failures]
            if content is None or client is None:
                continue
            try:
                template = template_definition(client, m.environment_id, entry.template_name)
            except PingOneError as err:
                problems.append(f"file {entry.path}: could not read template {entry.template_name}: {err}")
                client = None  # one such message is enough
                continue
            problems += [f"file {entry.path}: {f.reason}" for f in variable_failures(content, template)]
        if len(problems) > MAX_REPORTED:
            problems = [*problems[:MAX_REPORTED], f"... and {len(problems) - MAX_REPORTED} more problems"]
        # not on `files`: the engine would print the whole map beside each failure
        return [failure("", f"{self.describe(props)}: {p}") for p in problems]

    def _check_client(self, props: Mapping[str, Any]) -> PingOneClient | None:
        if contains_unknown(props.get("connection")):
            return None
        try:
            return self.client(props)
        except ConfigurationError:
            return None  # reported on `connection` by the caller

    def _entries(self, m: CatalogModel) -> tuple[list[tuple[Any, dict[str, Any]]], list[str]]:
        """Each file parsed into the single resource's properties; layout problems and duplicates."""
        out: list[tuple[Any, dict[str, Any]]] = []
        problems: list[str] = []
        seen: dict[str, str] = {}
        for path in sorted(m.files):
            try:
                entry = parse_file(path, m.files[path], TEMPLATE_NAMES)
            except LayoutError as err:
                problems.append(f"file {err}")
                continue
            if entry.key in seen:
                problems.append(
                    f"file {path}: declares the same content as {seen[entry.key]} (template, delivery method, "
                    "locale and variant must be unique; fr-CA and fr_CA are the same locale)"
                )
                continue
            seen[entry.key] = path
            props: dict[str, Any] = {
                "environment_id": m.environment_id,
                "template_name": entry.template_name,
                "locale": entry.locale,
                "delivery_method": entry.delivery_method,
                **({"variant": entry.variant} if entry.variant else {}),
                **entry.fields,
            }
            if entry.delivery_method == "SMS" and m.sms_sender is not None:
                props["sender"] = m.sms_sender
            if entry.delivery_method == "Voice" and m.voice is not None:
                props["voice"] = m.voice
            if entry.delivery_method == "Email":
                if m.email_from is not None:
                    props["from_"] = m.email_from.model_dump(exclude_none=True)
                if m.email_reply_to is not None:
                    props["reply_to"] = m.email_reply_to.model_dump(exclude_none=True)
            out.append((entry, props))
        return out, problems

    def _planned(self, props: Mapping[str, Any]) -> dict[str, Planned]:
        """Natural key -> the content the files declare. Raises if anything is invalid (check said so)."""
        m: CatalogModel = self._model(props)
        entries, problems = self._entries(m)
        if problems:
            raise PingOneError(f"{self.describe(props)}: " + "; ".join(problems[:5]))
        planned: dict[str, Planned] = {}
        for entry, content_props in entries:
            content, failures = validate(ContentModel, content_props)
            if content is None:
                raise PingOneError(f"{self.describe(props)}: file {entry.path}: {failures[0].reason}")
            body = _SINGLE.api_body(content)
            planned[entry.key] = Planned(
                entry.path, entry.template_name, entry.delivery_method, body, fingerprint(body)
            )
        return planned

    # ---------------------------------------------------------------------------------------------------------
    # diff
    # ---------------------------------------------------------------------------------------------------------
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        replaces = [k for k in self.replace_keys if not self._equal_key(k, olds.get(k), news.get(k))]
        if contains_unknown({k: v for k, v in news.items() if k != "__provider"}):
            return DiffResult(changes=True, replaces=replaces, delete_before_replace=True)
        try:
            planned = self._planned(news)
        except PingOneError:  # check already reported it; be conservative
            return DiffResult(changes=True, replaces=replaces, delete_before_replace=True)
        recorded: Mapping[str, Any] = olds.get("contents") or {}
        changed = (
            set(planned) != set(recorded)
            or any(p.fingerprint != (recorded[k] or {}).get("fingerprint") for k, p in planned.items())
            or (olds.get("connection") or None) != (news.get("connection") or None)
        )
        return DiffResult(changes=bool(replaces) or changed, replaces=replaces, delete_before_replace=True)

    # ---------------------------------------------------------------------------------------------------------
    # create / read / update / delete
    # ---------------------------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        planned = self._planned(props)
        client = self.client(props)
        live = self._live(client, props, {p.template_name for p in planned.values()})
        adopt = bool(props.get("adopt"))
        conflicts = [
            f"{p.path} (id {live[k]['id']})"
            for k, p in planned.items()
            if k in live and fingerprint(live[k]) != p.fingerprint and not adopt
        ]
        if conflicts:
            shown = ", ".join(conflicts[:10]) + (f" and {len(conflicts) - 10} more" if len(conflicts) > 10 else "")
            raise PingOneError(
                f"{self.context(props, 'create')}: {len(conflicts)} content(s) already exist in PingOne with "
                f"different text: {shown}. Nothing was written. To manage the existing contents with Pulumi, set "
                "adopt=True on this catalog (the files then replace PingOne's texts); otherwise delete them first."
            )

        def one(key: str) -> Callable[[], dict[str, Any]]:
            p = planned[key]
            existing = live.get(key)
            if existing is None:
                return lambda: self._create_one(client, props, p, adopt)
            if fingerprint(existing) == p.fingerprint:
                return lambda: existing  # an identical leftover (or adopted as is): no write
            return lambda: self._put(client, props, p, str(existing["id"]), "adopt")

        results = self._run({k: one(k) for k in planned})
        return CreateResult(str(props["environment_id"]), self._outputs(props, planned, results))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        planned = self._planned(news)
        client = self.client(news)
        recorded: Mapping[str, Any] = olds.get("contents") or {}
        adopt = bool(news.get("adopt"))
        gone = {k: v for k, v in recorded.items() if k not in planned}
        self._run({k: partial(self._delete, client, news, k, str(v["id"])) for k, v in gone.items()})
        tasks: dict[str, Callable[[], dict[str, Any]]] = {}
        kept: dict[str, dict[str, Any]] = {}
        for key, p in planned.items():
            old = recorded.get(key)
            if old is None:
                tasks[key] = partial(self._create_one, client, news, p, adopt)
            elif old.get("fingerprint") != p.fingerprint:
                tasks[key] = partial(self._put, client, news, p, str(old["id"]), "update")
            else:
                kept[key] = {"id": old["id"]}
        results = {**kept, **self._run(tasks)}
        return UpdateResult(self._outputs(news, planned, results))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        client = self.client(props)
        recorded: Mapping[str, Any] = props.get("contents") or {}
        self._run({k: partial(self._delete, client, props, k, str(v["id"])) for k, v in recorded.items()})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client(props)
        recorded: dict[str, Any] = dict(props.get("contents") or {})
        files: dict[str, str] = dict(props.get("files") or {})
        templates = {k.split("/", 1)[0] for k in recorded}
        by_id = {str(obj["id"]): obj for obj in self._live(client, props, templates).values()}
        for key, rec in list(recorded.items()):
            obj = by_id.get(str(rec["id"]))
            if obj is None:  # deleted outside Pulumi: the next up creates it again
                del recorded[key]
                files.pop(str(rec.get("file")), None)
                continue
            live_fp = fingerprint(obj)
            if live_fp != rec.get("fingerprint"):  # changed outside Pulumi: show the live text as the file's
                recorded[key] = {**rec, "fingerprint": live_fp}
                files[str(rec.get("file"))] = render(str(obj.get("deliveryMethod")), obj)
        outs = {**{k: v for k, v in props.items() if k != "__provider"}, "files": files, "contents": recorded}
        inputs = {k: v for k, v in outs.items() if k in self.model.model_fields and v is not None}
        return ReadResult(id_, outs, inputs)

    # ---------------------------------------------------------------------------------------------------------
    def _live(self, client: PingOneClient, props: Mapping[str, Any], templates: Iterable[str]) -> dict[str, Any]:
        """Natural key -> live custom content, for the given templates: one paged list per template."""

        def listing(template: str) -> Callable[[], list[dict[str, Any]]]:
            return lambda: list(
                client.paged(
                    self._contents_path(props, template),
                    "contents",
                    params={"filter": "(default eq false)"},
                    context=self.context(props, f"list the custom contents of template {template}"),
                )
            )

        out: dict[str, Any] = {}
        for template, items in self._run({t: listing(t) for t in sorted(templates)}).items():
            for item in items:
                if item.get("default"):
                    continue
                key = natural_key(
                    template, str(item.get("deliveryMethod")), str(item.get("locale")), item.get("variant") or None
                )
                out[key] = item
        return out

    def _create_one(self, client: PingOneClient, props: Mapping[str, Any], p: Planned, adopt: bool) -> dict[str, Any]:
        context = self.context(props, f"create from file {p.path}")

        def lookup() -> dict[str, Any] | None:
            return self._live(client, props, [p.template_name]).get(_key_of(p))

        try:
            return client.create(self._contents_path(props, p.template_name), p.body, lookup=lookup, context=context)
        except ApiError as err:
            if err.detail("UNIQUENESS_VIOLATION") is None:
                raise
            existing = lookup()
            if existing is None:
                raise
            if fingerprint(existing) == p.fingerprint:
                return existing
            if adopt:
                return self._put(client, props, p, str(existing["id"]), "adopt")
            raise PingOneError(
                f"{context}: it already exists in PingOne (id {existing['id']}) with a different text. To manage "
                "it with Pulumi, set adopt=True on this catalog; otherwise delete it first."
            ) from None

    def _put(
        self, client: PingOneClient, props: Mapping[str, Any], p: Planned, id_: str, action: str
    ) -> dict[str, Any]:
        return client.put(
            f"{self._contents_path(props, p.template_name)}/{id_}",
            p.body,
            context=self.context(props, f"{action} from file {p.path}"),
        )

    def _delete(self, client: PingOneClient, props: Mapping[str, Any], key: str, id_: str) -> dict[str, Any]:
        template = key.split("/", 1)[0]
        client.delete(f"{self._contents_path(props, template)}/{id_}", context=self.context(props, f"delete {key}"))
        return {}

    def _run(self, tasks: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
        """Run the calls up to the provider's concurrency at once; every call is tried, then the first few
        failures are reported together (what succeeded is found again by natural key on the next run)."""
        if not tasks:
            return {}
        results: dict[str, Any] = {}
        errors: list[str] = []
        with ThreadPoolExecutor(max_workers=max(1, min(self._workers, len(tasks)))) as pool:
            futures = {key: pool.submit(task) for key, task in tasks.items()}
            for key, future in futures.items():
                try:
                    results[key] = future.result()
                except PingOneError as err:
                    errors.append(str(err))
        if errors:
            more = f" (and {len(errors) - 3} more failures)" if len(errors) > 3 else ""
            raise PingOneError("; ".join(errors[:3]) + more)
        return results

    def _outputs(
        self, props: Mapping[str, Any], planned: Mapping[str, Planned], results: Mapping[str, Any]
    ) -> dict[str, Any]:
        outs: dict[str, Any] = {k: v for k, v in props.items() if k != "__provider" and k not in self.output_only}
        contents: dict[str, Any] = {}
        for key, p in planned.items():  # what was written (or found identical) is what the files declare
            contents[key] = {"id": str(results[key]["id"]), "file": p.path, "fingerprint": p.fingerprint}
        outs["contents"] = contents
        return outs


def _key_of(p: Planned) -> str:
    c = canonical(p.body)
    return natural_key(p.template_name, p.delivery_method, str(c["locale"]), c["variant"])


def read_catalog_directory(directory: str | os.PathLike[str], resource_name: str) -> dict[str, str]:
    """Every file under ``directory`` (names starting with a dot left out) by its path relative to it, with
    ``/`` separators, as text. Raises ``pulumi.RunError`` naming the resource and the file."""
    root = Path(directory)
    where = f"NotificationTemplateCatalog {resource_name!r}"
    if not root.is_dir():
        raise pulumi.RunError(f"{where}: directory {str(directory)!r} does not exist (relative to {Path.cwd()})")
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            relative = path.relative_to(root).as_posix()
            try:
                files[relative] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as err:
                raise pulumi.RunError(
                    f"{where}: file {relative} is not UTF-8 text ({err.reason} at byte {err.start})"
                ) from None
    return files


class NotificationTemplateCatalog(PingOneResource, module="pingone", name="NotificationTemplateCatalog"):
    """Every custom content of a directory of files, as one resource (see the README's "Template catalogs").

    Layout: ``<template>/<locale>[.<variant>].<email|sms|voice|push>.<ext>``; email files may start with a
    ``Subject:`` line and push files with a ``Title:`` line, then an empty line, then the body.
    """

    environment_id: pulumi.Output[str]
    files: pulumi.Output[dict[str, str]]
    contents: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        *,
        environment_id: pulumi.Input[str],
        directory: str | os.PathLike[str] | None = None,
        files: Mapping[str, str] | None = None,
        sms_sender: pulumi.Input[str] | None = None,
        voice: pulumi.Input[str] | None = None,
        email_from: pulumi.Input[EmailAddressArgs] | None = None,
        email_reply_to: pulumi.Input[EmailAddressArgs] | None = None,
        adopt: pulumi.Input[bool] | None = None,
        connection: pulumi.Input[ConnectionArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """
        :param environment_id: The PingOne environment (changing it replaces every content).
        :param directory: The catalog directory (relative to the project), laid out as above.
        :param files: Instead of ``directory``: the same as a mapping of relative path to text.
        :param sms_sender: Sender ID of every SMS content (≤ 11 letters, digits, spaces).
        :param voice: Voice of every voice content (default ``Alice``).
        :param email_from: ``{"name", "address"}`` of every email content (default PingOne's).
        :param email_reply_to: ``{"name", "address"}`` of every email content.
        :param adopt: ``True``: take over existing custom contents with the same template, method, locale and
            variant (the files' texts replace them). Without it, identical ones are taken over and different
            ones are refused before anything is written.
        :param connection: Per-resource PingOne connection (region, worker app); defaults to stack config.
        """
        if (directory is None) == (files is None):
            raise pulumi.RunError(
                f"NotificationTemplateCatalog {resource_name!r}: give exactly one of directory, files"
            )
        texts = read_catalog_directory(directory, resource_name) if directory is not None else dict(files or {})
        props = {
            "environment_id": environment_id,
            "files": texts,
            "sms_sender": sms_sender,
            "voice": voice,
            "email_from": email_from,
            "email_reply_to": email_reply_to,
            "adopt": adopt,
            "connection": connection,
            "contents": None,
        }
        super().__init__(NotificationTemplateCatalogProvider(), resource_name, props, opts)
