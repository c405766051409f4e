"""Shapes: snake_case resource properties <-> camelCase API JSON, unknown values, and comparison.

Resource inputs and outputs use the API's field names in snake_case (``from`` becomes ``from_``); map-valued
fields (request ``headers``) keep their keys as written. Names, map-valued and set-like fields and normalised
comparisons come from the models' declarations (``_fields.Api``), per model: a rule about one resource's field
never applies to another's field of the same name. Comparison is what ``diff`` uses: the desired object
carries every writable field with its API default, so removing an optional argument is a change too, while
fields only the server sets (ids, timestamps, links) are never compared. Inside a nested object every field
is the user's, so a field left out there must be absent from the live object too.
"""

from __future__ import annotations

import re
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from ._fields import REGISTRY, Shape

__all__ = ["UNKNOWN", "contains_unknown", "is_unknown", "same", "to_api", "to_props"]

_CAMEL_RE = re.compile(r"(?<!^)(?=[A-Z])")
# fields PingOne sets inside nested objects (never the user's to remove)
_SERVER_SET = frozenset({"id"})


def _snake(name: str, shape: Shape) -> str:
    node = shape.by_wire.get(name) or REGISTRY.by_wire.get(name)
    return node.name if node is not None else _CAMEL_RE.sub("_", name).lower()


def _camel(name: str, shape: Shape) -> str:
    node = shape.fields.get(name) or REGISTRY.fields.get(name)
    if node is not None:
        return node.wire
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _child(shape: Shape, name: str) -> tuple[bool, Shape]:
    """(map-valued?, the shape inside) of the field ``name`` of ``shape`` (the registry's for an undeclared one)."""
    node = shape.fields.get(name) or REGISTRY.fields.get(name)
    if node is None:
        return False, REGISTRY
    return node.map_valued, node.shape or REGISTRY


def to_props(value: Any, shape: Shape | None = None) -> Any:
    """API JSON -> snake_case properties (drops HAL ``_links``), by the declared fields of ``shape`` (a
    model's :func:`._fields.shape_of`; default: every registered declaration)."""
    shape = shape or REGISTRY
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "_links":
                continue
            name = _snake(k, shape)
            map_valued, inner = _child(shape, name)
            out[name] = dict(v) if map_valued and isinstance(v, dict) else to_props(v, inner)
        return out
    if isinstance(value, list):
        return [to_props(v, shape) for v in value]
    return value


def to_api(value: Any, shape: Shape | None = None) -> Any:
    """snake_case properties -> API JSON (None values are left out)."""
    shape = shape or REGISTRY
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            map_valued, inner = _child(shape, k)
            out[_camel(k, shape)] = dict(v) if map_valued and isinstance(v, dict) else to_api(v, inner)
        return out
    if isinstance(value, list):
        return [to_api(v, shape) for v in value]
    return value


def is_unknown(value: Any) -> bool:
    """A value not known yet (during preview): check and diff receive ``pulumi.output.Unknown`` objects; the
    wire sentinel string is accepted too."""
    return isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN)


def contains_unknown(value: Any) -> bool:
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return is_unknown(value)


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value == "" or value == []


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_canonical(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def same(desired: Any, actual: Any, *, key: str = "", shape: Shape | None = None) -> bool:
    """Does the live object already satisfy the desired one? Keys only the server sets are ignored. ``key`` is
    the field being compared (empty: the whole object), ``shape`` the object it belongs to (its declarations say
    which lists are set-like, which dicts map-valued, which values compared normalised)."""
    parent = shape or REGISTRY
    node = (parent.fields.get(key) or REGISTRY.fields.get(key)) if key else None
    if _empty(desired):
        return _empty(actual)
    if isinstance(desired, dict):
        if not isinstance(actual, dict):
            return False
        if node is not None and node.map_valued:
            return desired == actual
        inner = (node.shape if node is not None else None) or (parent if not key else REGISTRY)
        if key and any(not _empty(v) for k, v in actual.items() if k not in desired and k not in _SERVER_SET):
            # inside a nested object every field is the user's: one left out (from_.name, OAuth2 scopes) must be
            # gone from the live object too (issue 16 item 11)
            return False
        return all(same(v, actual.get(k), key=k, shape=inner) for k, v in desired.items())
    if isinstance(desired, list):
        if not isinstance(actual, list) or len(desired) != len(actual):
            return False
        if node is not None and node.set_like:
            return sorted(map(repr, map(_canonical, desired))) == sorted(map(repr, map(_canonical, actual)))
        return all(same(d, a, key=key, shape=parent) for d, a in zip(desired, actual, strict=True))
    if node is not None and node.compare is not None and isinstance(desired, str) and isinstance(actual, str):
        return node.compare(desired) == node.compare(actual)
    if isinstance(desired, int | float) and isinstance(actual, int | float) and not isinstance(desired, bool):
        return float(desired) == float(actual)
    return bool(desired == actual)
