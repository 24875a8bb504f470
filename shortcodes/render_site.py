"""Finish a site another tool migrated: replace leftover card shortcodes in place.

Cards may be left raw, entity-encoded (``&#91;covid19-ultimate-card …&#93;``) or
Markdown-escaped (``\\[covid19-ultimate-card …\\]``); escaped ones (``[[…]]``, also
Markdown-escaped) are literal text and stay. Each file's cards show the figures of its
own date (front matter ``date``, or an HTML page's ``article:published_time``) as
`convert` does, and each changed file gets the card stylesheet once. Every file is
replaced atomically, so a failure leaves each file either old or new; a second run
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

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


_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _style_element() -> str:
    css = _CSS_COMMENT.sub("", stylesheet())
    css = "\n".join(line.strip() for line in css.splitlines() if line.strip())
    return f'<style id="{STYLE_ID}">\n{css}\n</style>'


def _with_stylesheet(html: str) -> str:
    """Add the card stylesheet once to an HTML page (before </head>), or to a
    fragment (before its first card)."""
    if STYLE_ID in html:
        return html
    at = html.lower().find("</head>")
    if at < 0:
        at = html.find('<section class="covid-card')
        if at < 0:
            return html
    return html[:at] + _style_element() + "\n" + html[at:]


def _markdown_with_stylesheet(text: str) -> str:
    """Add the card stylesheet once to a Markdown file, as a raw HTML block before its
    first card (a <style> block may hold blank lines; it ends at </style>)."""
    if STYLE_ID in text:
        return text
    at = text.find('<section class="covid-card')
    if at < 0:
        return text
    return text[:at] + _style_element() + "\n\n" + text[at:]


_FRONT_MATTER = re.compile(
    r"\A(?:---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n(?:---|\+\+\+|\.\.\.)[ \t]*$", re.S | re.M
)
_FM_DATE = re.compile(r"^date[ \t]*[:=][ \t]*[\"']?([0-9][^\"'\r\n#]*)", re.M)
_HTML_DATE = re.compile(
    r"<meta\s+(?:property|name)=[\"'](?:article:published_time|date)[\"']\s+"
    r"content=[\"']([^\"']+)[\"']",
    re.I,
)


def published(text: str, markdown: bool) -> dt.datetime | None:
    """When a migrated file's post was published: its front matter's `date` (YAML or
    TOML), or an HTML page's ``article:published_time``; None when it does not say.
    A date without a zone is taken as UTC."""
    if markdown:
        fm = _FRONT_MATTER.match(text)
        found = _FM_DATE.search(fm.group(1)) if fm else None
    else:
        found = _HTML_DATE.search(text[:20000])
    if found is None:
        return None
    value = found.group(1).strip().replace(" ", "T", 1)
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time(12))
        except ValueError:
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


_HTML_LANG = re.compile(r"<html\b[^>]*?\slang=[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.I)
_FM_LANG = re.compile(
    r"^(?:lang|language|locale)[ \t]*[:=][ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.M
)


def document_language(text: str, markdown: bool) -> str | None:
    """The language a migrated file says it is in: ``<html lang>``, or the front
    matter's `lang`/`language`/`locale`; None when it does not say."""
    if markdown:
        fm = _FRONT_MATTER.match(text)
        found = _FM_LANG.search(fm.group(1)) if fm else None
    else:
        found = _HTML_LANG.search(text[:5000])
    return found.group(1) if found else None


def _figures_day(moment: dt.datetime | None) -> dt.date | None:
    # As convert: the last complete day before publication (GMT).
    if moment is None:
        return None
    return moment.astimezone(dt.timezone.utc).date() - dt.timedelta(days=1)


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
    as_of: dt.date | Literal["latest"] | None = None,
) -> SiteReport:
    """Render every card in the .html/.md files under `root`, in place (unless dry_run).

    `as_of` None: each file's own date (see `published`), else the renderer's day."""
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
        if as_of is None:
            day = _figures_day(published(text, markdown))
        else:
            day = None if as_of == "latest" else as_of
        result = renderer.render_text(
            text,
            mode=mode,
            markdown=markdown,
            wrap=_markdown_block if markdown else None,
            as_of=day,
            language=document_language(text, markdown),
        )
        if not result.cards:
            continue
        if markdown:
            new = _markdown_with_stylesheet(result.text)
        else:
            new = _with_stylesheet(result.text)
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


__all__ = [
    "SITE_SUFFIXES",
    "STYLE_ID",
    "FileChange",
    "SiteReport",
    "document_language",
    "published",
    "render_site",
]
