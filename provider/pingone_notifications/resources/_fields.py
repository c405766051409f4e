"""One declaration per field: what the API does with each field of a resource, stated on its pydantic model.

A resource's fields are declared once, in its pydantic model, as ``Annotated[<type>, Api(...)]`` with pydantic's
own ``Field(description=...)`` for the docs. Everything else is derived from that declaration:

* the wire conversion both ways (API names, map-valued fields) -- :func:`shape_of`, used by ``_shape``;
* the API object with PingOne's defaults filled in, which is also what ``diff`` expects -- :func:`body_of`;
* which properties replace the object, which are secret, which the server sets, which form the natural key;
* set-like (unordered) lists and normalised comparisons (locales) in ``diff``;
* the typed Python surface (argument and output types, ``__init__``, ``get``) and the README tables, written by
  ``python -m pingone_notifications._codegen`` (a test fails when they are out of date).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

__all__ = [
    "REGISTRY",
    "Api",
    "Node",
    "Shape",
    "api_of",
    "applies",
    "body_of",
    "expected_of",
    "key_inputs",
    "model_in",
    "output_only",
    "path_keys",
    "register",
    "replace_keys",
    "secret_paths",
    "shape_of",
]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Api:
    """What PingOne does with a field (metadata in ``Annotated[...]`` of a model field)."""

    wire: str | None = None
    """The API's name when it is not the camelCase of the Python name (``from_`` is ``from``)."""
    default: Any = MISSING
    """What PingOne takes when the field is left out; sent as such, so ``diff`` expects it."""
    replace: bool = False
    """A change replaces the object (PingOne cannot change it in place)."""
    secret: bool = False
    """PingOne never returns it: wrapped as a Pulumi secret, kept in state as a keyed digest."""
    set_like: bool = False
    """A list whose order carries no meaning: never a diff by order."""
    map_valued: bool = False
    """A dict whose keys are the user's (request headers), not field names."""
    output_only: bool = False
    """Set by PingOne only (timestamps, flags): an output, never an argument, never compared."""
    key: bool = False
    """Part of the natural key: two resources with the same key values declare the same PingOne object."""
    path: bool = False
    """Part of the API path, not the body (the template of a content)."""
    keep_when_absent: bool = False
    """Left out: not sent and not compared (PingOne keeps or decides the value)."""
    blank_is_absent: bool = False
    """An empty string means left out."""
    only_for: tuple[str, tuple[str, ...]] | None = None
    """``(field, values)``: the field applies only when that sibling field has one of these values."""
    compare: Callable[[str], str] | None = None
    """Normalisation before comparing (``diff``), e.g. a locale's case and separator."""
    wire_form: Callable[[Any], Any] | None = None
    """The API's form of the value when it is not the value itself (whitelist user IDs -> ``{"user": {...}}``)."""
    arg_type: str | None = None
    """The argument's Python type when it is not the model's (an ID link given as the ID)."""
    output_type: str | None = None
    """The output's Python type when it is not the model's (what PingOne returns differs from the argument)."""


_PLAIN = Api()


def api_of(info: FieldInfo) -> Api:
    for item in info.metadata:
        if isinstance(item, Api):
            return item
    return _PLAIN


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation (``list[_Quota] | None`` -> ``_Quota``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = model_in(arg)
        if found is not None:
            return found
    return None


def _local_names() -> frozenset[str]:
    from ._common import LocalFields

    return frozenset(LocalFields.model_fields)


def applies(api: Api, values: Mapping[str, Any] | BaseModel) -> bool:
    """Does a field with ``api.only_for`` apply to an object with these (sibling) values?"""
    if api.only_for is None:
        return True
    name, allowed = api.only_for
    value = getattr(values, name, None) if isinstance(values, BaseModel) else values.get(name)
    return value in allowed


# ---- the wire shape --------------------------------------------------------------------------------------------
@dataclass
class Node:
    """One field as the wire conversion and the comparison see it."""

    name: str
    wire: str
    set_like: bool = False
    map_valued: bool = False
    compare: Callable[[str], str] | None = None
    shape: Shape | None = None


@dataclass
class Shape:
    """The fields of one object (a model), by Python name and by API name."""

    fields: dict[str, Node] = field(default_factory=dict)
    by_wire: dict[str, Node] = field(default_factory=dict)

    def add(self, node: Node) -> None:
        self.fields.setdefault(node.name, node)
        self.by_wire.setdefault(node.wire, node)


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def shape_of(model: type[BaseModel]) -> Shape:
    shape = Shape()
    for name, info in model.model_fields.items():
        api = api_of(info)
        nested = model_in(info.annotation)
        shape.add(
            Node(
                name=name,
                wire=api.wire or _camel(name),
                set_like=api.set_like,
                map_valued=api.map_valued,
                compare=api.compare,
                shape=shape_of(nested) if nested is not None else None,
            )
        )
    return shape


REGISTRY = Shape()
"""Every declared field of every registered model, by name, at any depth: the conversion for API JSON read
without knowing its resource (the export). Built from the same declarations; the first declaration of a name
wins (names agree across resources: a test checks that no two declarations of one name disagree)."""


def register(model: type[BaseModel]) -> None:
    def walk(shape: Shape) -> None:
        for node in shape.fields.values():
            REGISTRY.add(Node(node.name, node.wire, node.set_like, node.map_valued, node.compare, None))
            if node.shape is not None:
                walk(node.shape)

    walk(shape_of(model))


# ---- derived tables ------------------------------------------------------------------------------------------
def _top(model: type[BaseModel], test: Callable[[Api], bool]) -> tuple[str, ...]:
    return tuple(name for name, info in model.model_fields.items() if test(api_of(info)))


def replace_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return _top(model, lambda a: a.replace)


def output_only(model: type[BaseModel]) -> tuple[str, ...]:
    return _top(model, lambda a: a.output_only)


def key_inputs(model: type[BaseModel]) -> tuple[str, ...]:
    return _top(model, lambda a: a.key)


def path_keys(model: type[BaseModel]) -> tuple[str, ...]:
    return _top(model, lambda a: a.path)


def secret_paths(model: type[BaseModel]) -> tuple[tuple[str, ...], ...]:
    """Every secret field, as a path of property names (nested models included)."""
    out: list[tuple[str, ...]] = []
    for name, info in model.model_fields.items():
        if api_of(info).secret:
            out.append((name,))
        nested = model_in(info.annotation)
        if nested is not None and nested is not model:
            out += [(name, *p) for p in secret_paths(nested)]
    return tuple(out)


# ---- the API object ---------------------------------------------------------------------------------------------
def body_of(m: BaseModel) -> dict[str, Any]:
    """The API object (snake_case) of validated inputs: every field that applies, PingOne's default for one left
    out, our own fields (environment, connection, adoption), path parts and server-set fields left out."""
    local = _local_names()
    out: dict[str, Any] = {}
    for name, info in type(m).model_fields.items():
        api = api_of(info)
        if name in local or api.output_only or api.path or not applies(api, m):
            continue
        value = getattr(m, name)
        if api.blank_is_absent and value == "":
            value = None
        if value is None:
            if api.default is MISSING:
                continue
            value = copy.deepcopy(api.default)
        else:
            value = _plain(value)
        out[name] = api.wire_form(value) if api.wire_form is not None else value
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return body_of(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def expected_of(model: type[BaseModel], values: BaseModel, desired: dict[str, Any]) -> dict[str, Any]:
    """``desired`` (the API object, snake_case) with every top-level field that applies and was left out set to
    None: removing an optional argument is a change (it must be gone from the live object), except for fields
    PingOne keeps or decides when left out (:attr:`Api.keep_when_absent`)."""
    local = _local_names()
    for name, info in model.model_fields.items():
        api = api_of(info)
        if name in local or api.output_only or api.path or api.keep_when_absent or not applies(api, values):
            continue
        desired.setdefault(name, None)
    return desired
