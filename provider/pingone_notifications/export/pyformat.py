"""Python source for literal values and calls, laid out the way ``ruff format`` lays them out.

The layout is black's (which ruff follows): an expression stays on one line when it fits; otherwise the
contents of its outermost brackets go on the next lines: a call's arguments on one line if they fit there,
else (and always for a list's or dict's items) one item a line with a trailing comma, each item laid out the
same way. Strings take double quotes unless that needs more
escapes. The tests run ``ruff format --check`` on every generated program.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["LINE_LENGTH", "Call", "Code", "layout", "py_string"]

LINE_LENGTH = 88  # ruff's default, so the program is formatted wherever it is put
INDENT = "    "


@dataclass(frozen=True)
class Code:
    """An expression written as it is (a name, an attribute, a call without arguments to lay out)."""

    text: str


@dataclass(frozen=True)
class Call:
    """``func(*args, **kwargs)``, laid out like a collection."""

    func: str
    args: Sequence[Any] = ()
    kwargs: Sequence[tuple[str, Any]] = ()


def py_string(value: str) -> str:
    quote = "'" if value.count('"') > value.count("'") else '"'
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return quote + "".join(out) + quote


def width(text: str) -> int:
    """Columns a line takes as ruff counts them: East Asian wide and full-width characters take two,
    combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text
    )


def _items(value: Any) -> tuple[str, str, list[tuple[str, Any]]] | None:
    """Brackets and (prefix, item) pairs of a bracketed value; None for an atom."""
    if isinstance(value, Call):
        items = [("", a) for a in value.args] + [(f"{k}=", v) for k, v in value.kwargs]
        return f"{value.func}(", ")", items
    if isinstance(value, dict):
        return "{", "}", [(f"{py_string(str(k))}: ", v) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return "[", "]", [("", v) for v in value]
    return None


def flat(value: Any) -> str:
    if isinstance(value, Code):
        return value.text
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    bracketed = _items(value)
    if bracketed is None:
        raise TypeError(f"cannot write {type(value).__name__} as Python source")
    opening, closing, items = bracketed
    return opening + ", ".join(prefix + flat(v) for prefix, v in items) + closing


def layout(value: Any, indent: int = 0, prefix: str = "", suffix: str = "") -> str:
    """``prefix + value + suffix`` starting at ``indent`` levels, over as many lines as it needs."""
    pad = INDENT * indent
    one_line = pad + prefix + flat(value) + suffix
    bracketed = _items(value)
    if width(one_line) <= LINE_LENGTH or bracketed is None:
        return one_line
    opening, closing, items = bracketed
    if not items:
        return one_line
    inner = INDENT * (indent + 1)
    body = ", ".join(p + flat(v) for p, v in items)
    head = pad + prefix + opening
    tail = pad + closing + suffix
    # call arguments may share one line; a list's or dict's items then go one a line (a trailing comma)
    if isinstance(value, Call) and len(items) > 1 and width(inner + body) <= LINE_LENGTH:
        return f"{head}\n{inner}{body}\n{tail}"
    if len(items) == 1:
        item_prefix, item = items[0]
        return f"{head}\n{layout(item, indent + 1, item_prefix)}\n{tail}"
    lines = [layout(v, indent + 1, p, ",") for p, v in items]
    return head + "\n" + "\n".join(lines) + "\n" + tail
