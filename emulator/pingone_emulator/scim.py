"""SCIM ``filter`` and ``order`` for the template and content collections (seed 001).

Grammar (keywords case-insensitive)::

    expr   := term ("or" term)*
    term   := factor ("and" factor)*
    factor := "(" expr ")" | ATTRIBUTE ("eq" | "lt" | "gt") VALUE
    VALUE  := "quoted string" | true | false | number

String comparison is case-insensitive for ``eq`` (locales and methods are case-insensitive in the API);
``lt``/``gt`` compare ISO-8601 timestamps, which order correctly as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import ApiError, Detail

__all__ = ["Predicate", "order_key", "parse_filter"]

Predicate = Callable[[dict[str, Any]], bool]
OPERATORS = ("eq", "lt", "gt")
_TOKEN_RE = re.compile(r'\s*(?:(\()|(\))|("(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_.]*)|(-?\d+(?:\.\d+)?))')


def _error(message: str, **inner: Any) -> ApiError:
    return ApiError(
        400,
        "INVALID_DATA",
        "The request could not be completed. The filter is not valid.",
        [Detail("INVALID_FILTER", "filter", message, inner or None)],
    )


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            raise _error(f"unexpected text at position {pos}: {text[pos : pos + 20]!r}")
        pos = m.end()
        lpar, rpar, string, word, number = m.groups()
        if lpar:
            out.append(("(", None))
        elif rpar:
            out.append((")", None))
        elif string is not None:
            out.append(("value", string[1:-1].replace('\\"', '"').replace("\\\\", "\\")))
        elif number is not None:
            out.append(("value", float(number) if "." in number else int(number)))
        elif word.lower() in ("true", "false"):
            out.append(("value", word.lower() == "true"))
        else:
            out.append(("word", word))
    return out


def _compare(actual: Any, op: str, expected: Any) -> bool:
    if actual is None:
        return False
    if isinstance(actual, str) and isinstance(expected, str):
        a, e = actual.lower(), expected.lower()
        if op == "eq":
            return a == e
        return a < e if op == "lt" else a > e
    if op == "eq":
        return bool(actual == expected)
    try:
        return bool(actual < expected) if op == "lt" else bool(actual > expected)
    except TypeError:
        return False


def parse_filter(text: str, attributes: dict[str, str]) -> Predicate:
    """Compile ``text`` over ``attributes`` (filter name -> JSON key of the object)."""
    tokens = _tokens(text)
    pos = 0

    def peek() -> tuple[str, Any] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, Any]:
        nonlocal pos
        if pos >= len(tokens):
            raise _error("the filter ends too early")
        pos += 1
        return tokens[pos - 1]

    def is_word(tok: tuple[str, Any] | None, word: str) -> bool:
        return tok is not None and tok[0] == "word" and str(tok[1]).lower() == word

    def expr() -> Predicate:
        parts = [term()]
        while is_word(peek(), "or"):
            take()
            parts.append(term())
        return parts[0] if len(parts) == 1 else (lambda o: any(p(o) for p in parts))

    def term() -> Predicate:
        parts = [factor()]
        while is_word(peek(), "and"):
            take()
            parts.append(factor())
        return parts[0] if len(parts) == 1 else (lambda o: all(p(o) for p in parts))

    def factor() -> Predicate:
        tok = take()
        if tok[0] == "(":
            inner = expr()
            if take()[0] != ")":
                raise _error("missing ')'")
            return inner
        if tok[0] != "word":
            raise _error(f"expected an attribute name, got {tok[1]!r}")
        name = str(tok[1])
        key = next((v for k, v in attributes.items() if k.lower() == name.lower()), None)
        if key is None:
            raise _error(f"attribute {name!r} cannot be filtered on", supportedAttributes=sorted(attributes))
        op_tok = take()
        op = str(op_tok[1]).lower() if op_tok[0] == "word" else ""
        if op not in OPERATORS:
            raise _error(f"operator {op_tok[1]!r} is not supported", supportedOperators=list(OPERATORS))
        value_tok = take()
        if value_tok[0] != "value":
            raise _error(f"expected a value after {name} {op}")
        expected = value_tok[1]
        return lambda o: _compare(o.get(key), op, expected)

    predicate = expr()
    if pos != len(tokens):
        raise _error(f"unexpected {tokens[pos][1] or tokens[pos][0]!r} after a complete expression")
    return predicate


def order_key(order: str | None, allowed: tuple[str, ...] = ("createdAt", "updatedAt")) -> tuple[str, bool]:
    """``(attribute, descending)``. Per seed 001, a bare attribute sorts descending and ``-attr`` ascending;
    the default is descending by ``updatedAt``."""
    if not order:
        return "updatedAt", True
    descending = not order.startswith("-")
    attr = order.lstrip("-+")
    if attr not in allowed:
        raise ApiError(
            400,
            "INVALID_DATA",
            "The request could not be completed. The order is not valid.",
            [
                Detail(
                    "INVALID_VALUE",
                    "order",
                    f"cannot order by {attr!r}; use {' or '.join(allowed)} (multiple columns are not supported)",
                )
            ],
        )
    return attr, descending
