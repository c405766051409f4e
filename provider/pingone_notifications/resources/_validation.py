"""Turning pydantic validation into ``CheckFailure``s on exact property paths.

Values that are still unknown during ``pulumi preview`` (outputs of resources not yet created) are skipped:
a rule about an unknown value is checked again when ``pulumi up`` knows it.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pulumi.dynamic import CheckFailure
from pydantic import BaseModel, ConfigDict, ValidationError

from ._shape import is_unknown

__all__ = ["StrictModel", "failure", "path_of", "validate"]

M = TypeVar("M", bound=BaseModel)


class StrictModel(BaseModel):
    """Inputs are snake_case; unknown property names are errors (a typo never passes silently)."""

    model_config = ConfigDict(extra="forbid", loc_by_alias=False, populate_by_name=True, frozen=True)


def path_of(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def failure(path: str, reason: str) -> CheckFailure:
    return CheckFailure(path, f"{path}: {reason}" if path else reason)


def _value_at(data: Any, loc: tuple[int | str, ...]) -> Any:
    for part in loc:
        if isinstance(part, int) and isinstance(data, list) and part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def _unknown_on_path(data: Any, loc: tuple[int | str, ...]) -> bool:
    return any(is_unknown(_value_at(data, loc[:i])) for i in range(len(loc) + 1))


def _field_names(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """Property names allowed at the object that contains ``loc`` (for 'did you mean')."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return []
        current = _model_in(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate(model: type[M], data: dict[str, Any]) -> tuple[M | None, list[CheckFailure]]:
    try:
        return model.model_validate(data), []
    except ValidationError as err:
        failures: list[CheckFailure] = []
        for e in err.errors(include_url=False):
            loc = tuple(e["loc"])
            if _unknown_on_path(data, loc) or is_unknown(e.get("input")):
                continue
            path = path_of(loc)
            if e["type"] == "extra_forbidden":
                name = str(loc[-1])
                guess = difflib.get_close_matches(name, _field_names(model, loc), n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                failures.append(failure(path, f"unknown property {name!r}{hint}"))
            else:
                message = str(e["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
                failures.append(failure(path, message))
        return None, failures
