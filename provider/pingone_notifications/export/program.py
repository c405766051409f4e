"""One Pulumi program for one or more exported environments: ``__main__.py``, long texts as files,
``Pulumi.yaml``, one ``Pulumi.<stack>.yaml`` per environment and a README.

Objects are matched across environments by their natural key (a template content by template, delivery
method, locale and variant; a policy by name, the default policy as such; a custom provider by name; the
settings as the one per environment). What is the same everywhere is written in the program; what differs
lives in each stack's config (``require_object("<object>")``), and an object that only some environments have
is created where its stack says ``manage<Object>: true``.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .objects import KIND_ORDER, ObjectSpec, Ref, Secret
from .pyformat import Call, Code, layout, py_string

__all__ = ["EnvironmentExport", "GeneratedProject", "SecretSetting", "build_project"]

RESOURCE_CLASS = {
    "phone": "PhoneDeliverySettings",
    "policy": "NotificationPolicy",
    "settings": "NotificationsSettings",
    "content": "NotificationTemplateContent",
}
SECTION = {
    "phone": "Phone delivery settings: custom SMS/voice providers",
    "policy": "Notification policies",
    "settings": "Notifications settings (one per environment)",
    "content": "Custom template contents",
}
TEXT_FIELDS = ("subject", "content", "body", "title")
SHORT_TEXT = 60  # longer texts, or any with a line break, go to files next to the program
RESERVED = {"config", "pulumi", "environment_id", "adopted", "text", "chain", "provider_configuration", "Path", "TEXTS"}


@dataclass
class EnvironmentExport:
    stack: str
    environment_id: str
    specs: list[ObjectSpec]
    connection_config: dict[str, str]  # pingone:* settings (no secret)


@dataclass
class SecretSetting:
    stack: str
    key: str  # full config key, e.g. notifications:acmeGatewayClientSecret
    what: str


@dataclass
class GeneratedProject:
    files: dict[str, bytes] = field(default_factory=dict)
    secrets: list[SecretSetting] = field(default_factory=list)
    objects: int = 0


# ----------------------------------------------------------------------------------------------------------------
def _words(label: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-zA-Z]+", label.lower()) if w]


def _identifier(label: str, taken: set[str]) -> str:
    name = "_".join(_words(label)) or "obj"
    if name[0].isdigit():
        name = f"obj_{name}"
    if keyword.iskeyword(name) or name in RESERVED:
        name = f"{name}_"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _camel(snake: str) -> str:
    head, *rest = snake.strip("_").split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@dataclass
class _Object:
    key: tuple[str, ...]
    kind: str
    var: str
    resource_name: str
    per_stack: dict[str, ObjectSpec]  # stack -> spec (absent where the environment lacks the object)


def build_project(project: str, environments: list[EnvironmentExport], description: str) -> GeneratedProject:
    objects = _match(environments)
    helpers: set[str] = set()
    _render(project, environments, objects, description, helpers)  # first pass: which helpers are needed
    return _render(project, environments, objects, description, helpers)


def _render(
    project: str, environments: list[EnvironmentExport], objects: list[_Object], description: str, helpers: set[str]
) -> GeneratedProject:
    out = GeneratedProject(objects=sum(len(e.specs) for e in environments))
    stacks = [e.stack for e in environments]
    by_key = {o.key: o for o in objects}
    stack_values: dict[str, dict[str, Any]] = {s: {} for s in stacks}
    texts: dict[str, str] = {}
    lines: list[str] = []
    registry = "chain" in helpers

    def name_of(ref: Ref) -> str:
        return by_key[ref.key].resource_name

    current_kind = ""
    for obj in objects:
        if obj.kind != current_kind:
            current_kind = obj.kind
            if obj.kind == "phone" and registry:
                lines += ["", *_REGISTRY]
            lines += ["", f"# ---- {SECTION[obj.kind]} " + "-" * max(4, 70 - len(SECTION[obj.kind])), ""]
        present = [s for s in stacks if s in obj.per_stack]
        conditional = len(present) < len(stacks)
        manage_key = "manage" + _camel(obj.var)[:1].upper() + _camel(obj.var)[1:]
        if conditional:
            for s in stacks:
                stack_values[s][manage_key] = s in obj.per_stack
        fields: list[str] = []
        for spec in obj.per_stack.values():
            fields += [f for f in spec.args if f not in fields]
        kwargs: list[tuple[str, Any]] = [("environment_id", Code("environment_id"))]
        first = next(iter(obj.per_stack.values()))
        if first.adopt is not None:
            kwargs.append(("adopt", first.adopt))
        values_var = f"{obj.var}_values"
        differing: dict[str, dict[str, Any]] = {}

        def merged(
            values: dict[str, Any],
            path: tuple[str, ...],
            accessor: str,
            obj: _Object = obj,
            differing: dict[str, dict[str, Any]] = differing,
        ) -> Any:
            """One expression for a field over the stacks: a literal where all agree; a dict whose items are
            merged the same way (so a secret inside stays a config secret); else this stack's config."""
            name = path[-1]
            distinct = {_fingerprint(v) for v in values.values()}
            if len(distinct) == 1 and _MISSING not in values.values():
                return _expression(next(iter(values.values())), obj, name, None, texts, by_key, helpers)
            if all(isinstance(v, dict) for v in values.values()) and name not in ("headers",):
                keys: list[str] = []
                for v in values.values():
                    keys += [k for k in v if k not in keys]
                return {
                    k: merged(
                        {s: v.get(k, _MISSING) for s, v in values.items()},
                        (*path, k),
                        f"{accessor}[{py_string(k)}]",
                    )
                    for k in keys
                }
            everywhere = _MISSING not in values.values()
            for s, v in values.items():
                if v is not _MISSING:
                    holder = differing.setdefault(s, {})
                    for part in path[:-1]:
                        holder = holder.setdefault(part, {})
                    holder[name] = _config_value(v, obj, name, s, texts, name_of)
            if not everywhere:
                head, _, last = accessor.rpartition("[")
                accessor = f"{head}.get({last[:-1]})"
            return _from_config(accessor, obj, name, values, helpers)

        for name in fields:
            values = {s: obj.per_stack[s].args.get(name, _MISSING) for s in present}
            kwargs.append((name, merged(values, (name,), f"{values_var}[{py_string(name)}]")))
        for s, fields_here in differing.items():
            stack_values[s][_camel(obj.var)] = fields_here
        kwargs.append(("opts", Code("adopted")))
        for stack, spec in obj.per_stack.items():
            for path in spec.secrets:
                key = _secret_key(obj.var, path)
                out.secrets.append(SecretSetting(stack, f"{project}:{key}", _secret_what(spec, path)))
        call = Call(RESOURCE_CLASS[obj.kind], (obj.resource_name,), kwargs)
        pad = 1 if conditional else 0
        if conditional:
            lines.append(f"if config.get_bool({py_string(manage_key)}):")
        if differing:
            lines.append(layout(Code(f"config.require_object({py_string(_camel(obj.var))})"), pad, f"{values_var} = "))
        lines.append(layout(call, pad, f"{obj.var} = "))
        if registry and obj.kind == "phone":
            lines.append(layout(Code(obj.var), pad, f"phone_providers[{py_string(obj.resource_name)}] = "))
        lines.append("")
    program = _head(description, helpers, texts, objects) + "\n".join(lines).rstrip("\n") + "\n"
    out.files["__main__.py"] = program.encode()
    for name, content in texts.items():
        out.files[f"texts/{name}"] = content.encode()
    out.files["Pulumi.yaml"] = yaml.safe_dump(
        {
            "name": project,
            "description": description.split("\n")[0].removesuffix(", of") + ".",
            "runtime": {"name": "python", "options": {"toolchain": "pip"}},
        },
        sort_keys=False,
    ).encode()
    out.files["requirements.txt"] = b"pingone-notifications\npulumi>=3.0.0,<4.0.0\n"
    for env in environments:
        config: dict[str, Any] = dict(env.connection_config)
        config[f"{project}:environmentId"] = env.environment_id
        for key, value in stack_values[env.stack].items():
            config[f"{project}:{key}"] = value
        out.files[f"Pulumi.{env.stack}.yaml"] = yaml.safe_dump(
            {"config": config}, sort_keys=False, allow_unicode=True, width=1000
        ).encode()
    return out


_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()
_REGISTRY = [
    "# Phone providers by resource name: stack config names them in fallback chains.",
    "phone_providers: dict[str, PhoneDeliverySettings] = {}",
]


def _stack_of(obj: _Object, spec: ObjectSpec) -> str:
    return next(s for s, sp in obj.per_stack.items() if sp is spec)


def _secret_key(var: str, path: str) -> str:
    return _camel(f"{var}_{path.split('.')[-1]}")


_SECRET_NAMES = {
    "authentication.client_secret": "the OAuth 2.0 client secret",
    "authentication.password": "the password",
    "authentication.auth_token": "the bearer token",
    "auth_token": "the account's auth token",
}


def _secret_what(spec: ObjectSpec, path: str) -> str:
    return f"{_SECRET_NAMES.get(path, path)} of {spec.label} ({path})"


def _fingerprint(value: Any) -> str:
    return repr(value)


def _match(environments: list[EnvironmentExport]) -> list[_Object]:
    """One entry per natural key across environments, in kind order, named once."""
    found: dict[tuple[str, ...], _Object] = {}
    taken: set[str] = set()
    for env in environments:
        for spec in env.specs:
            obj = found.get(spec.key)
            if obj is None:
                obj = found[spec.key] = _Object(spec.key, spec.kind, "", "", {})
            obj.per_stack[env.stack] = spec
    ordered = sorted(
        found.values(),
        key=lambda o: (KIND_ORDER.index(o.kind), next(iter(o.per_stack.values())).label.lower()),
    )
    for obj in ordered:
        obj.var = _identifier(next(iter(obj.per_stack.values())).label, taken)
        obj.resource_name = obj.var.replace("_", "-")
    return ordered


def _text_file(obj: _Object, field_name: str, stack: str | None) -> str:
    spec = next(iter(obj.per_stack.values()))
    html = (
        spec.args.get("delivery_method") == "Email"
        and field_name == "body"
        and (spec.args.get("email_content_type", "text/html") == "text/html")
    )
    name = f"{obj.resource_name}.{field_name}.{'html' if html else 'txt'}"
    return f"{stack}/{name}" if stack else name


def _is_long_text(obj: _Object, field_name: str) -> bool:
    if obj.kind != "content" or field_name not in TEXT_FIELDS:
        return False
    return any(
        isinstance(v := s.args.get(field_name), str) and (len(v) > SHORT_TEXT or "\n" in v or "\r" in v)
        for s in obj.per_stack.values()
    )


def _expression(
    value: Any,
    obj: _Object,
    field_name: str,
    stack: str | None,
    texts: dict[str, str],
    by_key: Mapping[tuple[str, ...], _Object],
    helpers: set[str],
) -> Any:
    """A value the same in every environment, as a Python expression."""
    if isinstance(value, str) and _is_long_text(obj, field_name):
        name = _text_file(obj, field_name, stack)
        texts[name] = value
        helpers.add("text")
        return Code(f"text({py_string(name)})")
    return _literal(value, obj, by_key)


def _literal(value: Any, obj: _Object, by_key: Mapping[tuple[str, ...], _Object]) -> Any:
    if isinstance(value, Ref):
        return Code(f"{by_key[value.key].var}.id")
    if isinstance(value, Secret):
        return Code(f"config.require_secret({py_string(_secret_key(obj.var, value.path))})")
    if isinstance(value, dict):
        return {k: _literal(v, obj, by_key) for k, v in value.items()}
    if isinstance(value, list):
        return [_literal(v, obj, by_key) for v in value]
    return value


def _config_value(value: Any, obj: _Object, field_name: str, stack: str, texts: dict[str, str], name_of: Any) -> Any:
    """A value that differs between environments, as this stack's config holds it (JSON)."""
    if isinstance(value, str) and _is_long_text(obj, field_name):
        name = _text_file(obj, field_name, stack)
        texts[name] = value
        return name
    if isinstance(value, Ref):
        return name_of(value)
    if isinstance(value, Secret):
        raise AssertionError("secrets are never stack-specific values")
    if isinstance(value, dict):
        return {k: _config_value(v, obj, k, stack, texts, name_of) for k, v in value.items()}
    if isinstance(value, list):
        return [_config_value(v, obj, field_name, stack, texts, name_of) for v in value]
    return value


def _from_config(accessor: str, obj: _Object, field_name: str, values: Mapping[str, Any], helpers: set[str]) -> Code:
    if _is_long_text(obj, field_name):
        helpers.add("text")
        if accessor.endswith(")"):
            helpers.add("optional_text")
            return Code(f"optional_text({accessor})")
        return Code(f"text({accessor})")
    if field_name == "sms_providers_fallback_chain" and _has_ref(values):
        helpers.add("chain")
        return Code(f"chain({accessor})")
    if field_name == "provider_configuration" and _has_ref(values):
        helpers.update({"chain", "provider_configuration"})
        return Code(f"provider_configuration({accessor})")
    return Code(accessor)


def _has_ref(values: Mapping[str, Any]) -> bool:
    def walk(v: Any) -> bool:
        if isinstance(v, Ref):
            return True
        if isinstance(v, dict):
            return any(walk(x) for x in v.values())
        if isinstance(v, list):
            return any(walk(x) for x in v)
        return False

    return any(walk(v) for v in values.values())


_HELPERS = {
    "text": '''def text(name: str) -> str:
    """A long text kept in a file next to this program, exactly as PingOne has it."""
    return (TEXTS / name).read_bytes().decode("utf-8")''',
    "optional_text": '''def optional_text(name: str | None) -> str | None:
    """``text(name)``, or None where this stack's environment does not set it."""
    return None if name is None else text(name)''',
    "chain": '''def chain(names: list[str] | None) -> list[pulumi.Input[str]] | None:
    """A fallback chain from stack config: provider resource names become their IDs."""
    if names is None:
        return None
    return [phone_providers[n].id if n in phone_providers else n for n in names]''',
    "provider_configuration": '''def provider_configuration(value: dict[str, Any] | None) -> Any:
    """A policy's provider configuration from stack config, with its fallback chains' IDs."""
    if value is None:
        return None
    conditions = value["conditions"]
    return {"conditions": [{**c, "fallback_chain": chain(c["fallback_chain"])} for c in conditions]}''',
}


def _head(description: str, helpers: set[str], texts: Mapping[str, str], objects: list[_Object]) -> str:
    kinds = sorted({o.kind for o in objects}, key=KIND_ORDER.index)
    out = [f'"""{description}\n\nSee README.md: the secrets to set, then `pulumi preview` and `pulumi up`.\n"""', ""]
    stdlib = []
    if texts:
        stdlib.append("from pathlib import Path")
    if "provider_configuration" in helpers:
        stdlib.append("from typing import Any")
    if stdlib:
        out += [*stdlib, ""]
    out.append("import pulumi")
    out.append(_import_block(kinds))
    out += [
        "",
        "config = pulumi.Config()",
        'environment_id = config.require("environmentId")',
        "# Adopted objects stay in PingOne when this stack is destroyed, unless the stack sets",
        "# `retainOnDelete: false`: then destroy deletes them (the settings: reset to defaults).",
        layout(
            Call("pulumi.ResourceOptions", (), [("retain_on_delete", Code('config.get_bool("retainOnDelete", True)'))]),
            0,
            "adopted = ",
        ),
    ]
    if texts:
        out.append('TEXTS = Path(__file__).parent / "texts"')
    for name in ("text", "optional_text", "chain", "provider_configuration"):
        if name in helpers:
            out += ["", "", _HELPERS[name]]
    if any(name in helpers for name in _HELPERS):
        out.append("")
    return "\n".join(out) + "\n"


def _import_block(kinds: list[str]) -> str:
    names = sorted((RESOURCE_CLASS[k] for k in kinds), key=str.lower)
    line = "from pingone_notifications import " + ", ".join(names)
    if len(line) <= 88:
        return line
    return "from pingone_notifications import (\n" + "".join(f"    {n},\n" for n in names) + ")"
