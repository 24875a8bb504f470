"""One exception tree for every expected failure.

The CLI maps these to a message on stderr and exit code 1; anything else is a bug.
Each carries what a user needs to fix the problem: file, post id, line/column, attribute.
"""

from __future__ import annotations


class ShortcodesError(Exception):
    """Base of every expected failure of covid-shortcodes."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        post_id: str | int | None = None,
        line: int | None = None,
        column: int | None = None,
        attribute: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.post_id = post_id
        self.line = line
        self.column = column
        self.attribute = attribute

    def __str__(self) -> str:
        where = []
        if self.file:
            loc = str(self.file)
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            where.append(loc)
        if self.post_id is not None:
            where.append(f"post {self.post_id}")
        if self.attribute:
            where.append(f"attribute {self.attribute!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class BadInput(ShortcodesError):
    """The input cannot be read or parsed (malformed XML, invalid encoding, refused DTD)."""


class DataUnavailable(ShortcodesError):
    """Figures cannot be had for a region or date (unknown region, API failure)."""


class NoDataForDate(DataUnavailable):
    """The data has no figures for the day asked (before its first day)."""


class OutputError(ShortcodesError):
    """The output cannot be written (permissions, path outside the output folder)."""


class WorkerFailed(ShortcodesError):
    """A worker process of a parallel conversion stopped before it finished."""


__all__ = ["BadInput", "DataUnavailable", "OutputError", "ShortcodesError", "WorkerFailed"]
