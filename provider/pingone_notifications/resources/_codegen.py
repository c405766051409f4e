"""Writes the typed Python surface and the README's argument tables from the resource models.

``python -m pingone_notifications.resources._codegen`` (``--check``: exit 1 if a file is out of date). The models
are the one declaration of every field (type, docs, API metadata: :mod:`._fields`); what Python's static typing
needs as source -- the argument ``TypedDict``s, the output shapes, each resource's keyword arguments, ``Output``
attributes and ``get`` -- is generated into ``_generated.py``; a test fails when it is out of date.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import _types
from ._common import ConnectionModel
from ._fields import MISSING, api_of
from .notification_policy import NotificationPolicyProvider, PolicyModel
from .notifications_settings import NotificationsSettingsProvider, SettingsModel
from .phone_delivery_settings import PhoneDeliverySettingsProvider, PhoneModel
from .template_content import ContentModel, NotificationTemplateContentProvider

__all__ = ["RESOURCES", "generated_module", "main", "readme_tables"]

HERE = Path(__file__).resolve().parent
TARGET = HERE / "_generated.py"
README = HERE.parents[2] / "README.md"
BEGIN, END = (
    "<!-- generated: argument tables (python -m pingone_notifications.resources._codegen) -->",
    "<!-- /generated -->",
)


def _shown(text: str) -> str:
    """A type as the README shows it: without the ``pulumi.Input[...]`` wrappers (every argument is an input)."""
    head = "pulumi.Input["
    while (start := text.find(head)) >= 0:
        depth, end = 0, start + len(head)
        while depth or text[end] != "]":
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            end += 1
        text = text[:start] + text[start + len(head) : end] + text[end + 1 :]
    return text.replace("|", "\\|")


@dataclass(frozen=True)
class Spec:
    name: str
    model: type[BaseModel]
    provider: type[Any]


RESOURCES = (
    Spec("NotificationTemplateContent", ContentModel, NotificationTemplateContentProvider),
    Spec("NotificationPolicy", PolicyModel, NotificationPolicyProvider),
    Spec("PhoneDeliverySettings", PhoneModel, PhoneDeliverySettingsProvider),
    Spec("NotificationsSettings", SettingsModel, NotificationsSettingsProvider),
)
_LOCAL_ONLY = ("connection", "adopt")  # arguments, never outputs


@dataclass
class _Ctx:
    args: list[type[BaseModel]] = field(default_factory=list)
    outs: list[type[BaseModel]] = field(default_factory=list)
    literals: set[str] = field(default_factory=set)


def type_name(model: type[BaseModel]) -> str:
    return model.__name__.lstrip("_").removesuffix("Model") if model is not ConnectionModel else "Connection"


def _literal_name(ann: Any) -> str | None:
    for name in _types.__all__:
        value = getattr(_types, name)
        if get_origin(value) is Literal and value == ann:
            return name
    return None


def render(ann: Any, arg: bool, ctx: _Ctx) -> str:
    """The Python type of an annotation: as an argument (``pulumi.Input`` inside collections) or an output."""
    origin = get_origin(ann)
    if origin is typing.Annotated:
        return render(get_args(ann)[0], arg, ctx)
    if ann is type(None):
        return "None"
    if origin in (typing.Union, types.UnionType):
        # None: a left-out argument is None already; an output may be None
        none = [] if arg or type(None) not in get_args(ann) else ["None"]
        return " | ".join([*(render(a, arg, ctx) for a in get_args(ann) if a is not type(None)), *none])
    if origin is Literal:
        name = _literal_name(ann)
        if name is None:
            return f"Literal[{', '.join(repr(v) for v in get_args(ann))}]"
        ctx.literals.add(name)
        return name
    if origin is list:
        inner = render(get_args(ann)[0], arg, ctx)
        return f"Sequence[pulumi.Input[{inner}]]" if arg else f"list[{inner}]"
    if origin is dict:
        value = render(get_args(ann)[1], arg, ctx)
        return f"Mapping[str, pulumi.Input[{value}]]" if arg else f"dict[str, {value}]"
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        seen = ctx.args if arg else ctx.outs
        if ann not in seen:
            seen.append(ann)
        return type_name(ann) + ("Args" if arg else "")
    if ann is Any:
        return "Any"
    if isinstance(ann, type):
        return ann.__name__
    raise TypeError(f"cannot render the type {ann!r}")


def _optional(info: FieldInfo) -> bool:
    return not info.is_required()


def arg_type(info: FieldInfo, ctx: _Ctx) -> str:
    api = api_of(info)
    if api.arg_type:
        return api.arg_type
    return render(info.annotation, True, ctx)


def out_type(info: FieldInfo, ctx: _Ctx) -> str:
    api = api_of(info)
    if api.output_type:
        return api.output_type
    text = render(info.annotation, False, ctx)
    fills = api.default is not MISSING and api.only_for is None
    if fills or info.default_factory is not None or info.default is not None:
        text = " | ".join(p for p in text.split(" | ") if p != "None")  # PingOne fills it in
    return text


def _doc(text: str | None, indent: str) -> list[str]:
    if not text:
        return []
    lines = textwrap.wrap(text, width=112 - len(indent))
    if len(lines) == 1:
        return [f'{indent}"""{lines[0]}"""']
    return [f'{indent}"""{lines[0]}', *(f"{indent}{line}" for line in lines[1:]), f'{indent}"""']


def _typed_dict(model: type[BaseModel], arg: bool, ctx: _Ctx) -> list[str]:
    name = type_name(model) + ("Args" if arg else "")
    what = "an argument" if arg else "an output"
    out = [f"class {name}(TypedDict, total=False):"]
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    out += _doc(f"{doc} ({what})" if doc else f"{type_name(model)} ({what}).", "    ")
    out.append("")
    for fname, info in model.model_fields.items():
        text = f"pulumi.Input[{arg_type(info, ctx)}]" if arg else out_type(info, ctx)
        if arg and info.is_required():
            text = f"Required[{text}]"
        out.append(f"    {fname}: {text}")
        out += _doc(info.description, "    ")
    return [*out, "", ""]


def _params(model: type[BaseModel], ctx: _Ctx) -> list[tuple[str, str, bool, str | None]]:
    """(name, type, required, doc) of each keyword argument of a resource, required ones first."""
    params = []
    for fname, info in model.model_fields.items():
        api = api_of(info)
        if api.output_only:
            continue
        params.append((fname, f"pulumi.Input[{arg_type(info, ctx)}]", info.is_required(), info.description))
    local = [p for p in params if p[0] in _LOCAL_ONLY]
    rest = [p for p in params if p[0] not in _LOCAL_ONLY]
    return [*(p for p in rest if p[2]), *(p for p in rest if not p[2]), *local]


def _param_lines(name: str, doc: str | None) -> list[str]:
    lines = textwrap.wrap(f":param {name}: {doc or ''}", width=104)
    return [f"        {lines[0]}", *(f"            {line}" for line in lines[1:])]


def _resource(spec: Spec, ctx: _Ctx) -> list[str]:
    model = spec.model
    fields = model.model_fields
    secret_outputs = tuple(n for n, i in fields.items() if api_of(i).secret)
    path = [n for n, i in fields.items() if api_of(i).path]
    out = [f'class {spec.name}(PingOneResource, module="pingone", name="{spec.name}"):']
    out += ['    """' + line if i == 0 else ("    " + line if line else "") for i, line in
            enumerate(textwrap.dedent("    " + (model.__doc__ or "").strip()).splitlines())]  # fmt: skip
    out[-1] += '"""'
    out += [
        "",
        "    # For type checkers only: the SDK resolves outputs by the class's annotations and accepts, for an object,",
        "    # only ``@pulumi.output_type`` classes or ``dict``; the TypedDicts describe the plain dicts state holds.",
        "    if TYPE_CHECKING:",
    ]
    for fname, info in fields.items():
        if fname in _LOCAL_ONLY:
            continue
        out.append(f"        {fname}: pulumi.Output[{out_type(info, ctx)}]")
    out += ["", "    def __init__(", "        self,", "        resource_name: str,", "        *,"]
    params = _params(model, ctx)
    for name, text, required, _ in params:
        out.append(f"        {name}: {text}," if required else f"        {name}: {text} | None = None,")
    out += ["        opts: pulumi.ResourceOptions | None = None,", "    ) -> None:", '        """']
    for name, _, _, doc in params:
        out += _param_lines(name, doc)
    out.append('        """')
    props = ", ".join(f'"{n}": {n}' for n, *_ in params)
    nones = ", ".join(f'"{n}": None' for n, i in fields.items() if api_of(i).output_only)
    out.append(f"        props: dict[str, Any] = {{{props}, {nones}}}")
    extra = f", secret_outputs={secret_outputs!r}" if secret_outputs else ""
    out += [f"        super().__init__({spec.provider.__name__}(), resource_name, props, opts{extra})", ""]
    # get
    keys = ["environment_id", *path]
    out += [
        "    @classmethod",
        "    def get(",
        "        cls,",
        "        resource_name: str,",
        "        id: pulumi.Input[str],",
        "        opts: pulumi.ResourceOptions | None = None,",
        "        *,",
        *(f"        {k}: pulumi.Input[{arg_type(fields[k], ctx)}]," for k in keys),
        "        connection: pulumi.Input[ConnectionArgs] | None = None,",
        f"    ) -> {spec.name}:",
        f'        """An existing {spec.name}, by its ID, read from PingOne and not managed: its outputs are',
        "        readable, ``pulumi destroy`` leaves it in PingOne.",
        "",
        "        :param resource_name: The name of this reference in the stack.",
        "        :param id: The object's PingOne ID.",
        *(line for k in keys for line in _param_lines(k, fields[k].description)),
        "        :param connection: Per-resource PingOne connection; defaults to stack config.",
        '        """',
        f"        props: dict[str, Any] = dict.fromkeys({spec.name}._PROPERTIES)",
        "        props.update({" + ", ".join(f'"{k}": {k}' for k in keys) + ', "connection": connection})',
        f"        return cls._get({spec.provider.__name__}(), resource_name, id, props, opts{extra})",
        "",
        f"    _PROPERTIES = {tuple(n for n in fields if n != 'adopt')!r}",
        "",
        "",
    ]
    return out


def _resource_args(spec: Spec, ctx: _Ctx) -> list[str]:
    out = [f"class {spec.name}Args(TypedDict, total=False):"]
    out += _doc(f"The arguments of a {spec.name}: ``{spec.name}(resource_name, **args)``.", "    ")
    out.append("")
    for name, text, required, doc in _params(spec.model, ctx):
        out.append(f"    {name}: Required[{text}]" if required else f"    {name}: {text}")
        out += _doc(doc, "    ")
    return [*out, "", ""]


def generated_module() -> str:
    return _build()[0]


def _build() -> tuple[str, list[str]]:
    ctx = _Ctx()
    body: list[str] = []
    for spec in RESOURCES:
        body += _resource_args(spec, ctx) + _resource(spec, ctx)
    shapes: list[str] = []
    done: set[tuple[type[BaseModel], bool]] = set()
    while True:
        pending = [(m, True) for m in ctx.args if (m, True) not in done] + [
            (m, False) for m in ctx.outs if (m, False) not in done
        ]
        if not pending:
            break
        for model, arg in pending:
            done.add((model, arg))
            if model is ConnectionModel:
                continue
            shapes += _typed_dict(model, arg, ctx)
    head = [
        '"""The typed surface of the resources: written by ``python -m pingone_notifications.resources._codegen`` from',
        "the resource models (one declaration per field); do not edit (a test fails when it is out of date).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping, Sequence",
        "from typing import TYPE_CHECKING, Any, Required, TypedDict",
        "",
        "import pulumi",
        "",
        "from ._base import PingOneResource",
        "from ._common import ConnectionArgs",
        "from ._types import " + ", ".join(sorted(ctx.literals | {"WhitelistEntry"})),
        *(f"from .{spec.provider.__module__.rsplit('.', 1)[1]} import {spec.provider.__name__}" for spec in RESOURCES),
        "",
        "__all__ = [" + ", ".join(f'"{n}"' for n in sorted(_public(ctx))) + "]",
        "",
        "",
    ]
    return _format("\n".join(head + shapes + body)), sorted(_public(ctx))


def _public(ctx: _Ctx) -> list[str]:
    names = [s.name for s in RESOURCES] + [f"{s.name}Args" for s in RESOURCES]
    names += [type_name(m) + "Args" for m in ctx.args if m is not ConnectionModel]
    names += [type_name(m) for m in ctx.outs if m is not ConnectionModel]
    return names


def _format(source: str, path: Path = TARGET, select: str = "I") -> str:
    """As ``ruff format`` and ``ruff check --fix`` (imports, ``__all__`` order) would leave it."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", select, "--fix", "--stdin-filename", str(path), "-"],
        input=source, capture_output=True, text=True, check=False,
    )  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(path), "-"],
        input=done.stdout, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def readme_tables() -> str:
    ctx = _Ctx()
    out = [BEGIN, ""]
    for spec in RESOURCES:
        out += [f"**`{spec.name}`**", "", "| argument | type | notes |", "| --- | --- | --- |"]
        for name, text, required, doc in _params(spec.model, ctx):
            info = spec.model.model_fields[name]
            api = api_of(info)
            marks = [m for m, on in (("required", required), ("replace", api.replace), ("secret", api.secret)) if on]
            note = (f"*{', '.join(marks)}*. " if marks else "") + (doc or "").replace("|", "\\|")
            out.append(f"| `{name}` | `{_shown(text)}` | {note} |")
        outputs = [n for n, i in spec.model.model_fields.items() if api_of(i).output_only]
        out += [
            "",
            f"Outputs: every argument but `adopt` and `connection`, plus `id`, {', '.join(f'`{n}`' for n in outputs)}.",
            "",
        ]
    out += ["**Nested argument shapes**", "", "| shape | key | type | notes |", "| --- | --- | --- | --- |"]
    for model in ctx.args:
        if model is ConnectionModel:
            continue
        for name, info in model.model_fields.items():
            text = _shown(arg_type(info, ctx))
            marks = [m for m, on in (("required", info.is_required()), ("secret", api_of(info).secret)) if on]
            note = (f"*{', '.join(marks)}*. " if marks else "") + (info.description or "").replace("|", "\\|")
            out.append(f"| `{type_name(model)}Args` | `{name}` | `{text}` | {note.strip()} |")
    out += ["", END]
    return "\n".join(out)


def readme_with_tables(text: str) -> str:
    start, end = text.index(BEGIN), text.index(END) + len(END)
    return text[:start] + readme_tables() + text[end:]


NAMES_BEGIN = "# generated: public names (python -m pingone_notifications.resources._codegen)\n"
NAMES_END = "# /generated\n"
PACKAGE_INIT, RESOURCES_INIT = HERE.parent / "__init__.py", HERE / "__init__.py"
_PACKAGE_OWN = ("REGIONS", "Connection", "EnvironmentNotifications", "PingOneError", "resolve_connection")


def public_names() -> tuple[list[str], list[str]]:
    """The ``__all__`` of ``pingone_notifications.resources`` and of ``pingone_notifications``."""
    generated = _build()[1]
    inner = sorted({*generated, *_types.__all__, "ConnectionArgs", "NotificationTemplateCatalog"})
    return inner, sorted({*inner, *_PACKAGE_OWN})


def with_names(path: Path, text: str, imports: dict[str, list[str]], names: list[str]) -> str:
    """``text`` (an ``__init__``) with its generated block: the imports of the public names and ``__all__``."""
    block = "".join(f"from {module} import ({', '.join(sorted(items))},)\n" for module, items in imports.items())
    block += "\n__all__ = [" + ", ".join(f'"{n}"' for n in names) + ",]\n"
    start, end = text.index(NAMES_BEGIN) + len(NAMES_BEGIN), text.index(NAMES_END)
    return _format(text[:start] + block + text[end:], path, select="I,RUF022")


def _init_texts() -> dict[Path, str]:
    inner, package = public_names()
    generated = _build()[1]
    types_names = list(_types.__all__)
    own = {"ConnectionArgs": "._common", "NotificationTemplateCatalog": ".template_catalog"}
    resources_imports = {"._common": ["ConnectionArgs"], "._generated": generated, "._types": types_names,
                         ".template_catalog": ["NotificationTemplateCatalog"]}  # fmt: skip
    assert set(inner) == {*generated, *types_names, *own}
    return {
        RESOURCES_INIT: with_names(RESOURCES_INIT, RESOURCES_INIT.read_text(), resources_imports, inner),
        PACKAGE_INIT: with_names(PACKAGE_INIT, PACKAGE_INIT.read_text(), {".resources": inner}, package),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    wanted = {TARGET: generated_module(), **_init_texts()}
    if README.exists():
        wanted[README] = readme_with_tables(README.read_text())
    for path, text in wanted.items():
        if not path.exists() or path.read_text() != text:
            stale.append(path)
            if not check:
                path.write_text(text)
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
