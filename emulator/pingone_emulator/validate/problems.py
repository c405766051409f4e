"""Collecting a request body's problems: typed field readers that record each problem with the detail ``code``
and ``target`` PingOne reports, so one ``INVALID_DATA`` response lists them all."""

from __future__ import annotations

from typing import Any

from .. import docrules
from ..errors import Detail, invalid_data

__all__ = ["Problems"]


class Problems:
    """Collects validation details so one response reports them all."""

    def __init__(self) -> None:
        self.details: list[Detail] = []

    def add(self, code: str, target: str, message: str, **inner: Any) -> None:
        # innerError carries only the bounds that exist: the document types them as integers, never null
        inner = {k: v for k, v in inner.items() if v is not None}
        self.details.append(Detail(code, target, message, inner or None))

    def raise_if_any(self) -> None:
        if self.details:
            raise invalid_data(self.details)

    # typed field readers ------------------------------------------------------------------------------------
    def string(
        self,
        obj: dict[str, Any],
        key: str,
        target: str,
        *,
        required: bool = False,
        max_len: int | None = None,
        allow_empty: bool = True,
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, str):
            self.add("INVALID_VALUE", target, f"{target} must be a string")
            return None
        if not allow_empty and value == "":
            self.add("EMPTY_VALUE", target, f"{target} must not be empty")
            return None
        if max_len is not None and len(value) > max_len:
            self.add(
                "SIZE_LIMIT_EXCEEDED", target, f"{target} must be at most {max_len} characters", maximumValue=max_len
            )
        return value

    def enum(
        self, obj: dict[str, Any], key: str, target: str, allowed: tuple[str, ...], *, required: bool = False
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(
                    "REQUIRED_VALUE",
                    target,
                    f"{target} is required; one of {', '.join(allowed)}",
                    allowedValues=list(allowed),
                )
            return None
        if value not in allowed:
            self.add(
                "INVALID_VALUE",
                target,
                f"{target} must be one of {', '.join(allowed)}; got {value!r}",
                allowedValues=list(allowed),
            )
            return None
        return str(value)

    def integer(
        self,
        obj: dict[str, Any],
        key: str,
        target: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add("INVALID_VALUE", target, f"{target} must be an integer")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.add(
                "OUT_OF_RANGE",
                target,
                f"{target} must be between {minimum} and {maximum}; got {value}",
                rangeMinimumValue=minimum,
                rangeMaximumValue=maximum,
            )
            return None
        return value

    def boolean(self, obj: dict[str, Any], key: str, target: str, *, required: bool = False) -> bool | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, bool):
            self.add("INVALID_VALUE", target, f"{target} must be true or false")
            return None
        return value

    def obj(self, parent: dict[str, Any], key: str, target: str, *, required: bool = False) -> dict[str, Any] | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, dict):
            self.add("INVALID_VALUE", target, f"{target} must be an object")
            return None
        return value

    def array(self, parent: dict[str, Any], key: str, target: str, *, required: bool = False) -> list[Any] | None:
        value = parent.get(key)
        if value is None:
            if required:
                self.add("REQUIRED_VALUE", target, f"{target} is required")
            return None
        if not isinstance(value, list):
            self.add("INVALID_VALUE", target, f"{target} must be an array")
            return None
        return value

    def email_party(self, parent: dict[str, Any], key: str, *, default: dict[str, str] | None) -> dict[str, str] | None:
        """``from`` / ``replyTo``: ``{name, address}`` with a syntactically valid address."""
        party = self.obj(parent, key, key)
        if party is None:
            return dict(default) if default else None
        out: dict[str, str] = {}
        name = self.string(party, "name", f"{key}.name", max_len=256)
        address = self.string(party, "address", f"{key}.address", required=True)
        if address is not None and not docrules.mailbox_ok(address):
            self.add("INVALID_VALUE", f"{key}.address", f"{key}.address {address!r} is not a valid email address")
        if name is not None:
            out["name"] = name
        if address is not None:
            out["address"] = address
        return out
