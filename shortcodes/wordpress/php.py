"""The few PHP built-ins the port needs with PHP's own results: how a number is printed,
rounded and read, and what counts as empty. Hand-written to match PHP 8.2 exactly."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*")
_LEADING_INT = re.compile(r"\s*[+-]?\d+")


def php_string(value: Any) -> str:
    """A number as PHP's string conversion prints it (`precision` 14: an integral float
    without ".0", a large or small one as "1.0E+20")."""
    if isinstance(value, bool):
        return "1" if value else ""
    if not isinstance(value, float):
        return str(value)
    text = f"{value:.14G}"
    if "E" not in text:
        return text
    mantissa, exponent = text.split("E")
    if "." not in mantissa:
        mantissa += ".0"
    e = int(exponent)
    return f"{mantissa}E{'+' if e >= 0 else '-'}{abs(e)}"


def php_round(value: float, precision: int = 0) -> float:
    """round(): halves away from zero, on the number as PHP prints it."""
    quantum = Decimal(1).scaleb(-precision)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def php_empty(value: Any) -> bool:
    """empty(): null, false, 0, 0.0, "", "0" and an empty array."""
    return value in (None, "", "0", 0, False) or value == [] or value == {}


def is_numeric(value: Any) -> bool:
    """is_numeric() on an int, a float or a string."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and _NUMERIC.fullmatch(value) is not None


def intval(value: Any) -> int:
    """intval() / (int): a number truncated, a string's leading integer (0 without one)."""
    if isinstance(value, (bool, int, float)):
        return int(value)
    m = _LEADING_INT.match(str(value))
    return int(m[0]) if m else 0


def absint(value: Any) -> int:
    """WordPress's absint(): abs(intval())."""
    return abs(intval(value))
