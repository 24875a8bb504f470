"""The main job: a WordPress export in, a static site / Markdown / cleaned export out.

`convert()` streams the export once, renders each post through WordPress's content
chain with the cards frozen into HTML, and hands it to a writer. One bad post never
stops the run: it is reported with its id and the rest converts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .diagnostics import Diagnostic, fold_repairs
from .errors import BadInput, ShortcodesError
from .parser import CARD_TAG, Mode
from .render import CardRenderer, RenderOptions, RenderResult
from .wordpress.blocks import has_blocks, render_static_blocks
from .wordpress.formatting import shortcode_unautop, wpautop, wptexturize

Format = Literal["html", "hugo", "jekyll", "wxr"]
# Tags WordPress would have registered that we render (the card) or protect from autop.
CONTENT_TAGS = (CARD_TAG,)
DEFAULT_STATUSES = ("publish",)
DEFAULT_TYPES = ("post", "page")
FIRST_DATA_DAY = dt.date(2020, 1, 22)  # the first day of JHU CSSE's series


@dataclass(frozen=True)
class ConvertOptions:
    """What to convert and how. Defaults: published posts and pages, lenient parsing,
    cards as of each post's publication date (the last complete day before it)."""

    format: Format = "html"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    post_types: tuple[str, ...] = DEFAULT_TYPES
    mode: Mode = "lenient"
    as_of: dt.date | Literal["latest"] | None = None  # None: per post
    render: RenderOptions = field(default_factory=RenderOptions)
    images: Literal["keep", "download"] = "keep"


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


@dataclass
class ConvertReport:
    """Everything `convert` did: per post, per card, every warning and error."""

    export: str
    output: str
    format: str
    posts: list[PostReport] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images_saved: int = 0
    images_failed: list = field(default_factory=list)  # ImageFailure

    @property
    def failed(self) -> bool:
        return bool(self.errors) or any(p.failed for p in self.posts)

    def totals(self) -> dict[str, int]:
        written = [p for p in self.posts if p.path and not p.failed]
        return {
            "items": len(self.posts),
            "written": len(written),
            "skipped": sum(1 for p in self.posts if p.skipped),
            "failed": sum(1 for p in self.posts if p.failed),
            "cards": sum(len(p.cards) for p in self.posts),
            "cards_failed": sum(1 for p in self.posts for c in p.cards if not c["ok"]),
            "warnings": sum(
                1 for p in self.posts for d in p.diagnostics if d.severity == "warning"
            ),
            "errors": len(self.errors),
            "images_saved": self.images_saved,
            "images_failed": len(self.images_failed),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "export": self.export,
            "output": self.output,
            "format": self.format,
            "totals": self.totals(),
            "notes": self.notes,
            "errors": [e.to_dict() for e in self.errors],
            "images_failed": [f.to_dict() for f in self.images_failed],
            "posts": [p.to_dict() for p in self.posts],
        }


def figures_day(post_date_gmt: dt.datetime | None) -> dt.date | None:
    """The day whose figures a post's readers saw: the last complete day before it (GMT)."""
    if post_date_gmt is None:
        return None
    return post_date_gmt.astimezone(dt.timezone.utc).date() - dt.timedelta(days=1)


def the_content_html(content: str) -> tuple[str, list[Diagnostic]]:
    """A post's content as WordPress prints it, before shortcodes run.

    Block-editor posts: block delimiters removed, no wpautop; classic posts:
    wptexturize, wpautop and shortcode_unautop. The card tag is registered, so it is
    protected from texturize and unwrapped from its paragraph as in WordPress.
    """
    diags: list[Diagnostic] = []
    if has_blocks(content):
        content, dynamic = render_static_blocks(content)
        for block in dynamic:
            diags.append(
                Diagnostic(
                    "dynamic-block",
                    f"dynamic block {block.name} cannot be rendered statically; left out",
                    offset=block.offset,
                )
            )
        content = wptexturize(content, CONTENT_TAGS)
    else:
        content = wpautop(wptexturize(content, CONTENT_TAGS))
    return shortcode_unautop(content, CONTENT_TAGS), diags


def render_post(
    content: str,
    renderer: CardRenderer,
    *,
    as_of: dt.date | None,
    mode: Mode = "lenient",
    chain: bool = True,
    wrap: Callable[[str], str] | None = None,
) -> RenderResult:
    """A post's content with its cards rendered (through the_content chain if `chain`).

    Diagnostics point into `content` as stored (line and column of the post's own
    text), not into the HTML the chain made of it.
    """
    html, block_diags = the_content_html(content) if chain else (content, [])
    result = renderer.render_text(html, mode=mode, as_of=as_of, wrap=wrap, keep_escaped=not chain)
    if html is not content and (result.diagnostics or block_diags):
        result.diagnostics = block_diags + _diagnostics_in_source(content, result, mode)
    return result


def _diagnostics_in_source(content: str, result: RenderResult, mode: Mode) -> list[Diagnostic]:
    """The render's findings, positioned in the stored content instead of the HTML.

    texturize/autop never add or remove a card, so the k-th card of the HTML is the
    k-th card of the content.
    """
    from .card import card_spec
    from .diagnostics import line_col
    from .parser import parse

    parsed = parse(content, CONTENT_TAGS, mode=mode)
    cards = [sc for sc in parsed.shortcodes if not sc.escaped and not sc.in_html_attribute]
    out = list(parsed.diagnostics)
    for sc in cards:
        out.extend(card_spec(sc, content)[1])
    for k, card in enumerate(result.cards):
        if k < len(cards):
            line, col = line_col(content, cards[k].span[0])
            for d in card.diagnostics:
                out.append(d.located(offset=cards[k].span[0], line=line, column=col))
    out.sort(key=lambda d: d.offset or 0)
    return out


def _cards_report(result: RenderResult) -> list[dict[str, Any]]:
    return [
        {"region": c.region, "date": c.date.isoformat() if c.date else None, "ok": c.ok}
        for c in result.cards
    ]


def convert(
    export: str | Path,
    output: str | Path,
    options: ConvertOptions | None = None,
    *,
    provider=None,
    progress: Callable[[int, int], None] | None = None,
) -> ConvertReport:
    """Convert a WordPress export into `output` in `options.format`.

    Reads the export twice, streaming: once to fix every output path (so links
    between posts can be rewritten), once to render and write. A broken export is
    reported in the result (file, line, column) with nothing of it written; per-post
    problems are in the result too. `progress(bytes_done, bytes_total)` is called
    as the second pass goes.
    """
    from .data.snapshot import embedded_snapshot
    from .writers import get_writer
    from .wxr import read_wxr

    options = options or ConvertOptions()
    export = Path(export)
    output = Path(output)
    report = ConvertReport(str(export), str(output), options.format)
    wxr_out = options.format == "wxr"
    # Back into WordPress, a card that cannot be rendered keeps its shortcode.
    render_options = replace(options.render, strict=True) if wxr_out else options.render
    renderer = CardRenderer(provider or embedded_snapshot(), render_options)
    writer = get_writer(options.format, export, output, report)
    total = export.stat().st_size if export.exists() else 0

    def selected(post) -> str | None:
        if wxr_out:
            return None  # the same export goes back: every item's cards are frozen
        if post.post_type not in options.post_types:
            return f"type {post.post_type}"
        if post.status not in options.statuses:
            return f"status {post.status}"
        return None

    wrap = _one_line if options.format == "wxr" else None
    try:
        if options.format != "wxr":
            downloader = None
            if options.images == "download":
                from .images import ImageDownloader, image_urls

                downloader = ImageDownloader(writer.asset_root())
            for post in read_wxr(export).posts():
                if selected(post) is None:
                    writer.plan(post)
                    if downloader is not None:
                        downloader.want(image_urls(post.content), post.id)
            if downloader is not None:
                downloader.download_all()
                writer.images = downloader
                report.images_saved = len(downloader.saved)
                report.images_failed = downloader.failures
        wxr = read_wxr(export)
        started = False
        for post in wxr.posts():
            if not started:
                writer.begin(wxr.site)
                started = True
            if progress:
                progress(wxr.bytes_read, total)
            entry = PostReport(post.id, post.title or "", post.post_type, post.status)
            entry.diagnostics.extend(
                d.located(post_id=post.id, file=str(export)) for d in post.diagnostics
            )
            report.posts.append(entry)
            entry.skipped = selected(post)
            if entry.skipped:
                writer.keep(post)
                continue
            _convert_post(post, entry, renderer, writer, options, wrap, str(export))
        if not started:
            writer.begin(wxr.site)
        writer.finish()
    except BadInput as e:
        report.errors.append(
            Diagnostic(
                "bad-export",
                e.message,
                "error",
                line=e.line,
                column=e.column,
                file=e.file or str(export),
                post_id=e.post_id,
            )
        )
        writer.abort()
    if progress:
        progress(total, total)
    return report


def _convert_post(post, entry: PostReport, renderer, writer, options, wrap, export) -> None:
    try:
        if options.as_of == "latest":
            day = None
        elif options.as_of is not None:
            day = options.as_of
        else:
            day = figures_day(post.post_date_gmt)
            if day is None and post.post_date is not None:  # drafts have no GMT date
                day = post.post_date.date() - dt.timedelta(days=1)
            first = getattr(renderer.provider, "first_date", FIRST_DATA_DAY)
            if day is not None and day < first and "[covid19-ultimate-card" in post.content:
                entry.diagnostics.append(
                    Diagnostic(
                        "before-data",
                        f"published before the figures begin; its cards show {first}, "
                        "the first day with data",
                        post_id=post.id,
                    )
                )
                day = first
        result = render_post(
            post.content,
            renderer,
            as_of=day,
            mode=options.mode,
            chain=options.format != "wxr",
            wrap=wrap,
        )
        entry.cards = _cards_report(result)
        # Repairs folded to one warning per shortcode (naming every attribute): the
        # report of a large export stays small, and memory flat.
        entry.diagnostics.extend(
            fold_repairs([_in_export(d, post, export) for d in result.diagnostics])
        )
        entry.path = writer.write(post, result)
        entry.failed = result.failed
    except ShortcodesError as e:
        entry.failed = True
        entry.diagnostics.append(Diagnostic("post-failed", str(e), "error", post_id=post.id))


def _in_export(d: Diagnostic, post, export: str) -> Diagnostic:
    """A diagnostic about a post's content, located in the export (file, line, post id).

    Columns are those of the post's text, so they are exact from its second line on.
    """
    line = post.export_position(d.line)
    return replace(d, file=export, post_id=post.id, line=line, column=d.column if line else None)


def _one_line(html: str) -> str:
    # A card stored back into post content must survive wpautop on the new site:
    # no newlines, so no <br> or <p> is inserted inside it.
    return html.replace("\n", "")


def scan_export(path: Path, report, *, tags: Iterable[str], mode: Mode) -> None:
    """Add every shortcode of every post in an export to a scan report."""
    from .scan import scan_text
    from .wxr import read_wxr

    wxr = read_wxr(path)
    for post in wxr.posts():
        items = scan_text(post.content, file=str(path), tags=tags, mode=mode)
        for item in items:
            item.post_id = post.id
            item.post_title = post.title
            item.diagnostics = [d.located(post_id=post.id) for d in item.diagnostics]
        report.items.extend(items)
