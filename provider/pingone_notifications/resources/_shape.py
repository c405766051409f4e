"""Shapes: snake_case resource properties <-> camelCase API JSON, unknown values, and comparison.

Resource inputs and outputs use the API's field names in snake_case (``from`` becomes ``from_``); map-valued
fields (request ``headers``) keep their keys as written. Comparison is what ``diff`` uses: the desired object
carries every writable field with its API default, so removing an optional argument is a change too, while
fields only the server sets (ids, timestamps, links) are never compared. Inside a nested object every field
is the user's, so a field left out there must be absent from the live object too.
"""

from __future__ import annotations

import re
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

from .. import rules

__all__ = ["UNKNOWN", "contains_unknown", "is_unknown", "same", "to_api", "to_props"]

_MAP_VALUED = frozenset({"headers"})
_RENAME_TO_PROPS = {"from": "from_"}
_RENAME_TO_API = {v: k for k, v in _RENAME_TO_PROPS.items()}
_CAMEL_RE = re.compile(r"(?<!^)(?=[A-Z])")
# set-like arrays: order carries no meaning, so it never causes a diff
# fields PingOne sets inside nested objects (never the user's to remove)
_SERVER_SET = frozenset({"id"})
SET_LIKE = frozenset({"countries", "delivery_methods", "capabilities", "supported_countries", "whitelist"})


def _snake(name: str) -> str:
    return _RENAME_TO_PROPS.get(name) or _CAMEL_RE.sub("_", name).lower()


def _camel(name: str) -> str:
    if name in _RENAME_TO_API:
        return _RENAME_TO_API[name]
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def to_props(value: Any, *, _key: str = "") -> Any:
    """API JSON -> snake_case properties (drops HAL ``_links``)."""
    if isinstance(value, dict):
        if _key in _MAP_VALUED:
            return dict(value)
        return {_snake(k): to_props(v, _key=_snake(k)) for k, v in value.items() if k != "_links"}
    if isinstance(value, list):
        return [to_props(v, _key=_key) for v in value]
    return value


def to_api(value: Any, *, _key: str = "") -> Any:
    """snake_case properties -> API JSON (None values are left out)."""
    if isinstance(value, dict):
        if _key in _MAP_VALUED:
            return dict(value)
        return {_camel(k): to_api(v, _key=k) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [to_api(v, _key=_key) for v in value]
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


def same(desired: Any, actual: Any, *, key: str = "") -> bool:
    """Does the live object already satisfy the desired one? Keys only the server sets are ignored."""
    if _empty(desired):
        return _empty(actual)
    if isinstance(desired, dict):
        if not isinstance(actual, dict):
            return False
        if key in _MAP_VALUED:
            return desired == actual
        if key and any(not _empty(v) for k, v in actual.items() if k not in desired and k not in _SERVER_SET):
            # inside a nested object every field is the user's: one left out (from_.name, OAuth2 scopes) must be
            # gone from the live object too (issue 16 item 11)
            return False
        return all(same(v, actual.get(k), key=k) for k, v in desired.items())
    if isinstance(desired, list):
        if not isinstance(actual, list) or len(desired) != len(actual):
            return False
        if key in SET_LIKE:
            return sorted(map(repr, map(_canonical, desired))) == sorted(map(repr, map(_canonical, actual)))
        return all(same(d, a, key=key) for d, a in zip(desired, actual, strict=True))
    if key == "locale" and isinstance(desired, str) and isinstance(actual, str):
        return rules.locale_key(desired) == rules.locale_key(actual)
    if isinstance(desired, int | float) and isinstance(actual, int | float) and not isinstance(desired, bool):
        return float(desired) == float(actual)
    return bool(desired == actual)
