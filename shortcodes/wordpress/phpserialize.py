"""A safe reader of PHP's `serialize()` format, for post meta such as
``_wp_attachment_metadata`` and ``_menu_item_classes``.

Only data is read: null, booleans, integers, floats, strings and arrays. Objects
(``O:``/``C:``), references and anything else are refused, so nothing in an export can
name a class or run code (PHP's own `unserialize()` would instantiate objects). String
lengths are PHP's: bytes of the UTF-8 text, not characters. Hand-written because it
must read exactly what WordPress wrote, including exports whose lengths were broken by
a search-and-replace (then it fails cleanly with `PHPSerializeError`).
"""

from __future__ import annotations

from typing import Any

_MAX_DEPTH = 64


class PHPSerializeError(ValueError):
    """The text is not PHP-serialized data of the supported kinds."""


def maybe_unserialize(text: str) -> Any:
    """WordPress's maybe_unserialize(): the data if `text` is serialized, else `text`."""
    stripped = text.strip()
    if len(stripped) < 4 or stripped[1:2] != ":" or stripped[0] not in "sabidN":
        if stripped != "N;":
            return text
    try:
        return unserialize(stripped)
    except PHPSerializeError:
        return text


def unserialize(text: str | bytes) -> Any:
    """The value `text` serializes (arrays become dicts in PHP's key order).

    Raises `PHPSerializeError` for malformed input, objects and trailing garbage.
    """
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    value, pos = _value(data, 0, 0)
    if data[pos:].strip():
        raise PHPSerializeError(f"unexpected data at byte {pos}")
    return value


def _expect(data: bytes, pos: int, token: bytes) -> int:
    if data[pos : pos + len(token)] != token:
        raise PHPSerializeError(f"expected {token.decode()!r} at byte {pos}")
    return pos + len(token)


def _until(data: bytes, pos: int, stop: bytes) -> tuple[bytes, int]:
    end = data.find(stop, pos)
    if end < 0:
        raise PHPSerializeError(f"unterminated value at byte {pos}")
    return data[pos:end], end + 1


def _integer(raw: bytes, pos: int) -> int:
    try:
        return int(raw)
    except ValueError:
        raise PHPSerializeError(f"bad integer at byte {pos}") from None


def _value(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > _MAX_DEPTH:
        raise PHPSerializeError("nested too deeply")
    kind = data[pos : pos + 1]
    if kind == b"N":
        return None, _expect(data, pos + 1, b";")
    pos = _expect(data, pos + 1, b":")
    if kind == b"b":
        raw, end = _until(data, pos, b";")
        if raw not in (b"0", b"1"):
            raise PHPSerializeError(f"bad boolean at byte {pos}")
        return raw == b"1", end
    if kind == b"i":
        raw, end = _until(data, pos, b";")
        return _integer(raw, pos), end
    if kind == b"d":
        raw, end = _until(data, pos, b";")
        try:
            return float(raw.replace(b"INF", b"inf").replace(b"NAN", b"nan")), end
        except ValueError:
            raise PHPSerializeError(f"bad float at byte {pos}") from None
    if kind == b"s":
        raw, pos = _until(data, pos, b":")
        length = _integer(raw, pos)
        pos = _expect(data, pos, b'"')
        if length < 0 or pos + length > len(data):
            raise PHPSerializeError(f"string length {length} out of range at byte {pos}")
        value = data[pos : pos + length]
        pos = _expect(data, pos + length, b'";')
        return value.decode("utf-8", "replace"), pos
    if kind == b"a":
        raw, pos = _until(data, pos, b":")
        count = _integer(raw, pos)
        pos = _expect(data, pos, b"{")
        out: dict[Any, Any] = {}
        for _ in range(count):
            key, pos = _value(data, pos, depth + 1)
            if not isinstance(key, (int, str)):
                raise PHPSerializeError(f"bad array key at byte {pos}")
            out[key], pos = _value(data, pos, depth + 1)
        return out, _expect(data, pos, b"}")
    raise PHPSerializeError(f"unsupported type {kind.decode(errors='replace')!r} at byte {pos}")
