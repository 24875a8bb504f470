"""What `convert` did: per post, per card, every warning and error (`--report` JSON)."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..diagnostics import Diagnostic
from ..disklog import DiskLog


@dataclass
class PostReport:
    id: int | None
    title: str
    post_type: str
    status: str
    path: str | None = None
    cards: list[dict[str, Any]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: str | None = None
    failed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "type": self.post_type,
            "status": self.status,
            "path": self.path,
            "skipped": self.skipped,
            "failed": self.failed,
            "cards": self.cards,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PostReport:
        return cls(
            data["id"],
            data["title"],
            data["type"],
            data["status"],
            data["path"],
            data["cards"],
            [Diagnostic(**d) for d in data["diagnostics"]],
            data["skipped"],
            data["failed"],
        )

    def stats(self) -> tuple[int, ...]:
        """What this post adds to the totals, in `PostLog.COUNTS` order."""
        return (
            1,
            int(bool(self.path)),  # on disk, even when a card in it failed
            int(bool(self.skipped)),
            int(self.failed),
            len(self.cards),
            sum(1 for c in self.cards if not c["ok"]),
            sum(1 for d in self.diagnostics if d.severity == "warning"),
        )


class PostLog:
    """Every post's report in export order, kept on disk (a `DiskLog`), with running totals.

    The report of a large export thus costs no memory. Iterating reads the posts back
    as `PostReport`s.
    """

    COUNTS = ("items", "written", "skipped", "failed", "cards", "cards_failed", "warnings")

    def __init__(self, file: IO[bytes] | None = None) -> None:
        self._log = DiskLog(file)
        self.counts = dict.fromkeys(self.COUNTS, 0)

    def append(self, entry: PostReport, ordinal: int = 0) -> None:
        """Log `entry`. Counted first: when the log cannot be written (a full TMPDIR:
        OutputError), the totals still say what is on disk."""
        for name, n in zip(self.COUNTS, entry.stats(), strict=True):
            self.counts[name] += n
        self._log.append(entry.to_dict(), ordinal=ordinal)

    def locations(self) -> array:
        return self._log.locations()

    def adopt(self, files: list[IO[bytes]], locations: list, counts: list[dict[str, int]]) -> None:
        """Take over the posts worker processes logged (see `DiskLog.adopt`)."""
        self._log.adopt(files, locations)
        for c in counts:
            for name in self.COUNTS:
                self.counts[name] += c[name]

    def __len__(self) -> int:
        return len(self._log)

    def raw(self, i: int) -> bytes:
        """Post `i`'s report as the JSON line it was stored as."""
        return self._log.raw(i)

    def __getitem__(self, i: int) -> PostReport:
        return PostReport.from_dict(self._log[i])

    def __iter__(self) -> Iterator[PostReport]:
        for record in self._log:
            yield PostReport.from_dict(record)


@dataclass
class ConvertReport:
    """Everything `convert` did: per post, per card, every warning and error."""

    export: str
    output: str
    format: str
    posts: PostLog = field(default_factory=PostLog)
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images_saved: int = 0
    images_failed: list = field(default_factory=list)  # ImageFailure
    files: list[str] = field(default_factory=list)  # html: every file the site has

    @property
    def failed(self) -> bool:
        return bool(self.errors) or self.posts.counts["failed"] > 0

    def totals(self) -> dict[str, int]:
        return {
            **self.posts.counts,
            "errors": len(self.errors),
            "images_saved": self.images_saved,
            "images_failed": len(self.images_failed),
        }

    def _head(self) -> dict[str, Any]:
        return {
            "export": self.export,
            "output": self.output,
            "format": self.format,
            "totals": self.totals(),
            "notes": self.notes,
            "errors": [e.to_dict() for e in self.errors],
            "images_failed": [f.to_dict() for f in self.images_failed],
            "files": self.files,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "posts": [p.to_dict() for p in self.posts]}

    def write_json(self, path: str | Path) -> None:
        """The report as JSON (what `to_dict` gives), streamed post by post, written atomically."""
        from ..writers.files import atomic_stream

        head = json.dumps(self._head(), ensure_ascii=False, indent=2)
        with atomic_stream(path) as out:
            out.write(head[:-2].encode("utf-8"))  # without the closing "\n}"
            out.write(b',\n  "posts": [')
            for i in range(len(self.posts)):
                post = json.dumps(json.loads(self.posts.raw(i)), ensure_ascii=False, indent=2)
                out.write((",\n    " if i else "\n    ").encode("utf-8"))
                out.write(post.replace("\n", "\n    ").encode("utf-8"))
            out.write(b"\n  ]\n}" if len(self.posts) else b"]\n}")


__all__ = ["ConvertReport", "PostLog", "PostReport"]
