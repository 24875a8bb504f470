"""Diagnostics are data: warnings and errors with a code and a position."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, Literal

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """One finding about the input, with where it is.

    `offset` is a character offset into the text that was parsed; `line` and `column`
    are 1-based and filled in when known. `code` is a stable kebab-case identifier
    (for example ``repaired-quote``, ``unknown-attribute``, ``unknown-region``).
    """

    code: str
    message: str
    severity: Severity = "warning"
    offset: int | None = None
    line: int | None = None
    column: int | None = None
    attribute: str | None = None
    file: str | None = None
    post_id: str | int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in _FIELDS if (v := getattr(self, k)) is not None}

    def located(self, **where: Any) -> Diagnostic:
        """A copy with more location fields (file, post_id, line, column) filled in."""
        # Built directly: this runs several times per post, dataclasses.replace is slow.
        values = [getattr(self, name) for name in _FIELDS]
        for name, value in where.items():
            if value is not None:
                values[_FIELDS.index(name)] = value
        return Diagnostic(*values)

    def __str__(self) -> str:
        loc = []
        if self.file:
            f = str(self.file)
            if self.line is not None:
                f += f":{self.line}:{self.column or 1}"
            loc.append(f)
        elif self.line is not None:
            loc.append(f"line {self.line}, column {self.column or 1}")
        if self.post_id is not None:
            loc.append(f"post {self.post_id}")
        if self.attribute:
            loc.append(f"attribute {self.attribute!r}")
        prefix = (", ".join(loc) + ": ") if loc else ""
        return f"{prefix}{self.severity}: {self.message} [{self.code}]"


_FIELDS = tuple(f.name for f in fields(Diagnostic))


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in `text`."""
    if offset < _FAR:
        start = text.rfind("\n", 0, offset) + 1
        line = text.count("\n", 0, offset) + 1
    else:
        # Far into a long text, many findings would each count the same lines again
        # (and look back along a long line for its start): the text's newlines are
        # indexed once instead, so each finding costs a binary search.
        newlines = _newlines(text)
        before = bisect_right(newlines, offset - 1)
        start = newlines[before - 1] + 1 if before else 0
        line = before + 1
    return line, offset - start + 1


# Offsets from which line_col looks lines up in an index of the text's newlines.
_FAR = 1 << 16


@lru_cache(maxsize=1)
def _newlines(text: str) -> array:
    """Where the newlines of `text` are, in order."""
    found = array("q")
    at = text.find("\n")
    while at >= 0:
        found.append(at)
        at = text.find("\n", at + 1)
    return found


_FOLDABLE = ("repaired-quote", "repaired-space")


def fold_repairs(diags: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per shortcode for its repaired attributes.

    Repairs of one kind on one line (one shortcode) become a single diagnostic, at the
    first one's position, naming every attribute; everything else passes unchanged.
    """
    groups: dict[tuple, list[Diagnostic]] = {}
    order: list[Diagnostic | tuple] = []
    for d in diags:
        if d.code in _FOLDABLE and d.line is not None:
            key = (d.file, d.post_id, d.line, d.code)
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(d)
        else:
            order.append(d)
    out: list[Diagnostic] = []
    for entry in order:
        if isinstance(entry, Diagnostic):
            out.append(entry)
            continue
        group = groups[entry]
        first = group[0]
        if len(group) == 1:
            out.append(first)
            continue
        names = ", ".join(g.attribute or "?" for g in group)
        what = "quotes" if first.code == "repaired-quote" else "spaces"
        message = f"repaired the {what} of {len(group)} attributes ({names})"
        out.append(replace(first, message=message, attribute=None))
    return out


__all__ = ["Diagnostic", "fold_repairs", "line_col"]
