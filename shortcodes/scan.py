"""Audit: which files (or posts) carry which shortcodes, with what attributes and problems."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .card import card_spec
from .diagnostics import Diagnostic, line_col
from .disklog import DiskLog
from .errors import BadInput
from .parser import CARD_TAG, Attribute, Mode, Shortcode, parse

if TYPE_CHECKING:
    from .wxr import Post

TEXT_SUFFIXES = {".html", ".htm", ".md", ".markdown", ".txt", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}


@dataclass
class ScanItem:
    """One shortcode found, where it is, and what is wrong with it."""

    file: str
    tag: str
    line: int
    column: int
    span: tuple[int, int]
    attributes: list[tuple[int | str, str]]
    encoding: str
    escaped: bool
    source: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    post_id: int | None = None
    post_title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "file": self.file,
            "tag": self.tag,
            "line": self.line,
            "column": self.column,
            "span": list(self.span),
            "attributes": [[k, v] for k, v in self.attributes],
            "encoding": self.encoding,
            "escaped": self.escaped,
            "source": self.source,
            "diagnostics": [x.to_dict() for x in self.diagnostics],
        }
        if self.post_id is not None:
            d["post_id"] = self.post_id
            d["post_title"] = self.post_title
        return d


class ScanReport:
    """What a scan found. The shortcodes are kept on disk as they are added (an export
    can hold tens of thousands), with running totals; `records()` reads them back."""

    def __init__(self) -> None:
        self.errors: list[Diagnostic] = []
        # Findings about the files rather than a shortcode (an export's repairs).
        self.warnings: list[Diagnostic] = []
        self.files = 0
        self._log = DiskLog()
        self._counts: Counter[str] = Counter()
        self._codes: Counter[str] = Counter()

    def add(self, items: Iterable[ScanItem]) -> None:
        for item in items:
            self._counts["escaped" if item.escaped else "shortcodes"] += 1
            if item.diagnostics:
                self._counts["with_problems"] += 1
                self._codes.update(d.code for d in item.diagnostics)
            self._log.append(item.to_dict())

    def records(self) -> Iterator[dict[str, Any]]:
        """Each shortcode found, as `ScanItem.to_dict()` gave it, in the order added."""
        return iter(self._log)

    def totals(self) -> dict[str, int]:
        return {
            "files": self.files,
            "shortcodes": self._counts["shortcodes"],
            "escaped": self._counts["escaped"],
            "with_problems": self._counts["with_problems"],
            "errors": len(self.errors),
            **{f"diagnostic:{k}": v for k, v in sorted(self._codes.items())},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "totals": self.totals(),
            "shortcodes": list(self.records()),
            "errors": [e.to_dict() for e in self.errors],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def write_json(self, write: Callable[[str], object]) -> None:
        """`to_dict()` as JSON (indented by 2), written a shortcode at a time."""
        write('{\n  "totals": ' + _indented(self.totals(), 2) + ',\n  "shortcodes": [')
        first = True
        for record in self.records():
            write(("\n    " if first else ",\n    ") + _indented(record, 4))
            first = False
        errors = _indented([e.to_dict() for e in self.errors], 2)
        warnings = _indented([w.to_dict() for w in self.warnings], 2)
        tail = ',\n  "errors": ' + errors + ',\n  "warnings": ' + warnings + "\n}"
        write(("]" if first else "\n  ]") + tail)

    def close(self) -> None:
        self._log.close()


def _indented(value: Any, depth: int) -> str:
    """json.dumps(value, indent=2) as it reads `depth` spaces in."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + " " * depth)


def scan_text(
    text: str,
    *,
    file: str = "<stdin>",
    tags: Iterable[str] = (CARD_TAG,),
    mode: Mode = "lenient",
    markdown: bool = False,
    line_offset: int = 0,
) -> list[ScanItem]:
    """Every shortcode of `tags` in `text`, with card problems for card shortcodes."""
    parsed = parse(text, tags, mode=mode, markdown=markdown)
    items: list[ScanItem] = []
    for sc in parsed.shortcodes:
        line, col = line_col(text, sc.span[0])
        diags = list(sc.diagnostics)
        if sc.tag == CARD_TAG and not sc.escaped:
            spec, found = card_spec(sc, text)
            diags.extend(found)
            diags.extend(_region_problems(spec.region, sc, text))
        if mode == "wordpress" and sc.tag == CARD_TAG and not sc.escaped:
            diags.extend(_wordpress_breakage(sc.attributes, text))
        items.append(
            ScanItem(
                file=file,
                tag=sc.tag,
                line=line + line_offset,
                column=col,
                span=sc.span,
                attributes=[(a.name, a.value) for a in sc.attributes],
                encoding=sc.encoding,
                escaped=sc.escaped,
                source=sc.source,
                diagnostics=[d.located(file=file) for d in diags],
            )
        )
    return items


def scan_export(path: Path, report: ScanReport, *, tags: Iterable[str], mode: Mode) -> None:
    """Add every shortcode of every post in an export (plain or compressed) to `report`,
    located at the export's lines as `convert` reports them."""
    from .wxr import read_wxr

    reader = read_wxr(path)
    for post in reader.posts():
        report.warnings.extend(d.located(file=str(path), post_id=post.id) for d in post.diagnostics)
        items = scan_text(post.content, file=str(path), tags=tags, mode=mode)
        for item in items:
            item.post_id = post.id
            item.post_title = post.title
            line = post.export_position(item.line)
            if line is not None:
                item.line = line
            item.diagnostics = [_in_export(d, post) for d in item.diagnostics]
        report.add(items)
    report.warnings.extend(d.located(file=str(path)) for d in reader.diagnostics)


def _in_export(d: Diagnostic, post: Post) -> Diagnostic:
    """A finding in a post's content at the export's line (columns are the post's)."""
    line = post.export_position(d.line)
    return replace(d, line=line, column=d.column if line else None, post_id=post.id)


def is_export(path: Path) -> bool:
    """Whether `path` is read as a WordPress export: ``.xml``, or compressed."""
    from .archive import compression_of

    return path.suffix.lower() == ".xml" or compression_of(path) is not None


def _region_problems(region: str, sc: Shortcode, text: str) -> list[Diagnostic]:
    """What `convert` would say of the card's region: unknown, or absent from the data."""
    from .data.model import WORLD
    from .data.regions import normalize_region
    from .errors import DataUnavailable

    if region == WORLD:
        return []
    line, col = line_col(text, sc.span[0])
    try:
        code = normalize_region(region)
    except DataUnavailable as e:
        message = e.message
    else:
        if code in _snapshot_regions():
            return []
        message = f"no figures for region {code!r} in the embedded JHU snapshot"
    return [Diagnostic("unknown-region", message, "warning", sc.span[0], line, col, "region")]


@functools.lru_cache(maxsize=1)
def _snapshot_regions() -> frozenset[str]:
    from .data.snapshot import embedded_snapshot

    return frozenset(embedded_snapshot().regions)


def _wordpress_breakage(attributes: Iterable[Attribute], text: str) -> list[Diagnostic]:
    """In wordpress mode, say plainly when WordPress reads a broken attribute."""
    out = []
    for a in attributes:
        if a.value[:1] in "\u201d\u201c\u2033\u2032\u2018\u2019\u00ab\u00bb" or a.value.startswith(
            "&#82"
        ):
            line, col = line_col(text, a.span[0])
            out.append(
                Diagnostic(
                    "broken-quote",
                    f"WordPress reads {a.name}={a.value!r}: the value is quoted with "
                    "characters it does not recognise (lenient mode repairs this)",
                    "warning",
                    a.span[0],
                    line,
                    col,
                    str(a.name),
                )
            )
    return out


def iter_scan_files(paths: Iterable[str | Path]) -> Iterable[Path]:
    """Files to scan: the given files, and text/HTML/Markdown files under given folders."""
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield child
        else:
            yield p


def read_text_file(path: Path) -> str:
    """A file as UTF-8 text; BadInput naming the file and byte offset if it isn't."""
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/zero) would be read for ever.
        raise BadInput("not a regular file", file=str(path))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BadInput(f"cannot read: {e.strerror or e}", file=str(path)) from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        column = e.start - (before.rfind(b"\n") + 1) + 1
        raise BadInput(
            f"not valid UTF-8 (byte 0x{data[e.start]:02x} at byte offset {e.start})",
            file=str(path),
            line=line,
            column=column,
        ) from e


__all__ = [
    "MARKDOWN_SUFFIXES",
    "TEXT_SUFFIXES",
    "ScanItem",
    "ScanReport",
    "is_export",
    "iter_scan_files",
    "read_text_file",
    "scan_export",
    "scan_text",
]
