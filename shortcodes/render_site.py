"""Finish a site another tool migrated: replace leftover card shortcodes in place.

Cards may be left raw, entity-encoded (``&#91;covid19-ultimate-card …&#93;``) or
Markdown-escaped (``\\[covid19-ultimate-card …\\]``). Every file is replaced atomically,
so a failure leaves each file either old or new; a second run changes nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .errors import ShortcodesError
from .parser import Mode
from .render import CardRenderer, stylesheet
from .scan import MARKDOWN_SUFFIXES, read_text_file
from .writers.files import atomic_write_text, remove_stale_temporaries

SITE_SUFFIXES = {".html", ".htm", ".md", ".markdown"}
STYLE_ID = "covid-shortcodes-card-css"


@dataclass
class FileChange:
    path: str
    cards: int
    diff: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False


@dataclass
class SiteReport:
    files: int = 0
    changed: list[FileChange] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(c.failed for c in self.changed)


def _with_stylesheet(html: str) -> str:
    """Add the card stylesheet once to a full HTML page (before </head>)."""
    if STYLE_ID in html:
        return html
    lower = html.lower()
    at = lower.find("</head>")
    if at < 0:
        return html
    style = f'<style id="{STYLE_ID}">\n{stylesheet()}</style>\n'
    return html[:at] + style + html[at:]


def _markdown_block(card: str) -> str:
    # A card in Markdown is a raw HTML block: blank lines around it, none inside.
    return "\n\n" + card.replace("\n", "") + "\n\n"


def render_site(
    root: str | Path,
    renderer: CardRenderer,
    *,
    mode: Mode = "lenient",
    dry_run: bool = False,
    progress: Callable[[Path], None] | None = None,
) -> SiteReport:
    """Render every card in the .html/.md files under `root`, in place (unless dry_run)."""
    root = Path(root)
    report = SiteReport()
    if not dry_run:
        remove_stale_temporaries(root)  # what a killed run left half-written (never deployed)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SITE_SUFFIXES)
    for path in files:
        report.files += 1
        if progress:
            progress(path)
        try:
            text = read_text_file(path)
        except ShortcodesError as e:
            report.errors.append(
                Diagnostic(
                    "bad-input", e.message, "error", line=e.line, column=e.column, file=str(path)
                )
            )
            continue
        markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
        result = renderer.render_text(
            text, mode=mode, markdown=markdown, wrap=_markdown_block if markdown else None
        )
        if not result.cards:
            continue
        new = result.text if markdown else _with_stylesheet(result.text)
        change = FileChange(
            str(path),
            len(result.cards),
            diagnostics=[d.located(file=str(path)) for d in result.diagnostics],
            failed=result.failed,
        )
        if new != text:
            if dry_run:
                change.diff = "".join(
                    difflib.unified_diff(
                        text.splitlines(keepends=True),
                        new.splitlines(keepends=True),
                        fromfile=str(path),
                        tofile=f"{path} (rendered)",
                    )
                )
            else:
                atomic_write_text(path, new)
        report.changed.append(change)
    return report
