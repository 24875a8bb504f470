"""One post through the pipeline: WordPress's content chain, the cards, the writer.

`the_content_html` is what WordPress's the_content prints of a post before shortcodes
run; `render_post` adds the cards, with diagnostics placed in the stored content; `Job`
converts one item of an export (or keeps it) and says what happened, in a `PostReport`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, fold_repairs
from ..disklog import LogFull
from ..errors import BadInput, ShortcodesError
from ..language import post_language
from ..parser import CARD_TAG, Mode
from ..protected import is_protected, withhold
from ..render import CardRenderer, RenderResult
from ..wordpress import content as wp_content
from ..wordpress.block_supports import RenderState
from ..wordpress.context import ContentContext
from ..wordpress.formatting import shortcode_unautop, wpautop, wptexturize
from ..wpcontext import content_context, post_context
from .report import PostReport

# The reader's findings about an id that planning replaced (see `_renumber`).
_RENUMBERED = frozenset({"missing-post-id", "bad-post-id"})

if TYPE_CHECKING:
    from ..writers.base import Writer
    from ..wxr import Post
    from .api import ConvertOptions

# Tags WordPress would have registered that we render (the card) or protect from autop.
CONTENT_TAGS = (CARD_TAG,)
FIRST_DATA_DAY = dt.date(2020, 1, 22)  # the first day of JHU CSSE's series
NEXTPAGE = "\n<!--nextpage-->\n"  # between the rendered pages of a paged post


def figures_day(post_date_gmt: dt.datetime | None) -> dt.date | None:
    """The day whose figures a post's readers saw: the last complete day before it (GMT)."""
    if post_date_gmt is None:
        return None
    return post_date_gmt.astimezone(dt.timezone.utc).date() - dt.timedelta(days=1)


def the_content_html(
    content: str,
    post: Post | None = None,
    context: ContentContext | None = None,
    state: RenderState | None = None,
) -> tuple[str, list[Diagnostic]]:
    """A post's content as WordPress 7.1's the_content prints it, but for the card
    shortcodes (left for the card renderer): see `wordpress.the_content_chain`.

    `post` (the export's item) and `context` (`content_context`) give the chain what
    WordPress reads from its database; without them the post stands alone.
    """
    state = state if state is not None else RenderState()
    try:
        page_of = post_context(post) if post is not None else None
        if page_of is not None and "<!--nextpage-->" in content:
            # WordPress prints page N of a <!--nextpage--> post at its own address, each
            # through the_content: every page rendered so, joined by the marker again
            # for the writers (the site writes slug/2/…).
            pages = wp_content.split_pages(content)
            html = NEXTPAGE.join(
                wp_content.the_content_chain(
                    content,
                    CONTENT_TAGS,
                    post=replace(page_of, page=n),
                    context=context,
                    state=state,
                )
                for n in range(1, len(pages) + 1)
            )
        else:
            html = wp_content.the_content_chain(
                content, CONTENT_TAGS, post=page_of, context=context, state=state
            )
    except BadInput:
        raise  # the export itself is broken (read by the context's pre-pass)
    except Exception as e:  # a bug of the port must not stop the conversion
        html = shortcode_unautop(wpautop(wptexturize(content, CONTENT_TAGS)), CONTENT_TAGS)
        note = f"WordPress's content chain failed on this post ({type(e).__name__}: {e}); "
        return html, [Diagnostic("content-chain-failed", note + "printed with autop only")]
    diags = [
        Diagnostic(code, message, offset=offset) for code, message, offset in state.diagnostics
    ]
    return html, diags


def render_post(
    content: str,
    renderer: CardRenderer,
    *,
    as_of: dt.date | None,
    mode: Mode = "lenient",
    chain: bool = True,
    wrap: Callable[[str], str] | None = None,
    language: str | None = None,
    post: Post | None = None,
    context: ContentContext | None = None,
    search_form: bool = True,
) -> RenderResult:
    """A post's content with its cards rendered (through the_content chain if `chain`).

    `post` (the export's item) and `context` (the export's data, `content_context`)
    let the chain render what WordPress takes from its database.

    `search_form` false: the output has no search page, search blocks are left out.

    Diagnostics point into `content` as stored (line and column of the post's own
    text), not into the HTML the chain made of it.
    """
    state = RenderState(search_form=search_form)
    html, block_diags = the_content_html(content, post, context, state) if chain else (content, [])
    result = renderer.render_text(
        html, mode=mode, as_of=as_of, wrap=wrap, keep_escaped=not chain, language=language
    )
    result.block_css = state.stylesheet()  # what the page must print for block supports
    result.block_svg = state.svg_definitions()
    if html is not content and (result.diagnostics or block_diags):
        result.diagnostics = block_diags + _diagnostics_in_source(content, result, mode)
    return result


def _diagnostics_in_source(content: str, result: RenderResult, mode: Mode) -> list[Diagnostic]:
    """The render's findings, positioned in the stored content instead of the HTML."""
    return _moved_to_source(content, result) or _reparsed_in_source(content, result, mode)


def _moved_to_source(content: str, result: RenderResult) -> list[Diagnostic] | None:
    """The quick way, when every finding is about a card whose shortcode texturize and
    autop left as written: the same finding, shifted to where that text is in the
    content. None when that cannot be shown to be exact."""
    from ..diagnostics import line_col

    opening = f"[{CARD_TAG}"
    if content.count(opening) != len(result.cards):
        return None  # escaped, encoded, unclosed or in-attribute forms: parse again
    moved: list[tuple[int, int, int]] = []  # HTML start, HTML end, shift
    pos = 0
    for card in result.cards:
        if card.span is None:
            return None
        at = content.find(card.source, pos)
        if at < 0:
            return None  # autop changed it (a newline inside the shortcode)
        moved.append((card.span[0], card.span[1], at - card.span[0]))
        pos = at + len(card.source)
    out = []
    for d in result.diagnostics:
        if d.offset is None:
            return None
        for start, end, shift in moved:
            if start <= d.offset < end:
                offset = d.offset + shift
                line, col = line_col(content, offset)
                out.append(d.located(offset=offset, line=line, column=col))
                break
        else:
            return None
    return out


def _reparsed_in_source(content: str, result: RenderResult, mode: Mode) -> list[Diagnostic]:
    """The sure way: the content parsed again, its cards' findings taken from there.

    texturize/autop never add or remove a card, so the k-th card of the HTML is the
    k-th card of the content.
    """
    from ..card import card_spec
    from ..diagnostics import line_col
    from ..parser import parse

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


@dataclass
class Job:
    """What every post of one conversion is converted with."""

    export: Path
    options: ConvertOptions
    renderer: CardRenderer
    writer: Writer

    @property
    def size(self) -> int:
        return self.export.stat().st_size

    def selected(self, post: Post) -> str | None:
        """Why `post` is not converted (None: it is)."""
        if self.writer.every_item:
            return None  # e.g. the same export goes back: every item's cards are frozen
        if post.post_type not in self.options.post_types:
            return f"type {post.post_type}"
        if post.status not in self.options.statuses:
            return f"status {post.status}"
        return None

    def entry(self, post: Post) -> PostReport:
        """Convert one item (or keep it, when not selected) and say what happened."""
        entry, result = self.render(post)
        self.complete(post, entry, result)
        return entry

    def render(self, post: Post) -> tuple[PostReport, RenderResult | None]:
        """The first half of `entry`: the item's content rendered (None when skipped or
        failed). Needs no output path, so it can run before planning is done."""
        entry = PostReport(post.id, post.title or "", post.post_type, post.status)
        entry.diagnostics.extend(
            d.located(post_id=post.id, file=str(self.export)) for d in post.diagnostics
        )
        entry.skipped = self.selected(post)
        if entry.skipped:
            return entry, None
        wrap = self.writer.wrap_card
        chain = self.writer.the_content
        language = post_language(post, getattr(self.writer, "site", None))
        return entry, render_entry(
            post,
            entry,
            self.renderer,
            self.options,
            wrap,
            chain,
            self.export,
            language,
            search_form=self.writer.search_form,
        )

    def complete(self, post: Post, entry: PostReport, result: RenderResult | None) -> None:
        """The second half of `entry`: the rendered item written (or kept)."""
        if not entry.skipped:
            self._renumber(post, entry)
        if entry.skipped:
            self.writer.keep(post)
        elif result is not None:
            try:
                entry.path = self.writer.write(post, result)
                entry.failed = result.failed
            except LogFull:
                raise  # not this post's fault: the run stops
            except ShortcodesError as e:
                _failed(entry, post, e)

    def _renumber(self, post: Post, entry: PostReport) -> None:
        """What planning decided about the item's id (see `Writer.plan_apply`), told."""
        old_id = post.id
        repeated = self.writer.fate(post)
        where: dict[str, Any] = {"line": post.sourceline, "file": str(self.export)}
        if repeated:
            entry.skipped = repeated
            entry.cards = []
            message = f"{repeated}: not converted, as WordPress's importer keeps only the first"
            entry.diagnostics.append(
                Diagnostic("repeated-post-id", message, post_id=old_id, **where)
            )
        elif post.id != old_id:
            entry.id = post.id
            what = "no post id" if old_id is None else f"post id {old_id}, not usable,"
            message = (
                f"the item has {what}; given id {post.id}, after the export's highest "
                "(as WordPress's importer gives it a new one)"
            )
            entry.diagnostics.append(Diagnostic("new-post-id", message, post_id=post.id, **where))
            # The reader's finding is repaired as WordPress repairs it: a warning, as the
            # exit status and the totals say (not an error of a post that was written).
            entry.diagnostics = [
                replace(d, severity="warning") if d.code in _RENUMBERED else d
                for d in entry.diagnostics
            ]


def render_entry(
    post: Post,
    entry: PostReport,
    renderer: CardRenderer,
    options: ConvertOptions,
    wrap: Callable[[str], str] | None,
    chain: bool,
    export: Path,
    language: str | None = None,
    search_form: bool = True,
) -> RenderResult | None:
    """One post's content rendered, its cards and findings added to `entry`."""
    if chain and not options.include_protected and is_protected(post):
        result, note = withhold(post)
        entry.diagnostics.append(note.located(file=str(export), line=post.sourceline))
        return result
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
            chain=chain,
            wrap=wrap,
            language=language,
            post=post,
            context=content_context(export),
            search_form=search_form,
        )
        entry.cards = _cards_report(result)
        # Repairs folded to one warning per shortcode (naming every attribute): the
        # report of a large export stays small, and memory flat.
        entry.diagnostics.extend(
            fold_repairs([_in_export(d, post, str(export)) for d in result.diagnostics])
        )
        return result
    except ShortcodesError as e:
        _failed(entry, post, e)
        return None


def _failed(entry: PostReport, post: Post, error: ShortcodesError) -> None:
    entry.failed = True
    entry.diagnostics.append(Diagnostic("post-failed", str(error), "error", post_id=post.id))


def _in_export(d: Diagnostic, post: Post, export: str) -> Diagnostic:
    """A diagnostic about a post's content, located in the export (file, line, post id).

    Columns are those of the post's text, so they are exact from its second line on.
    """
    line = post.export_position(d.line)
    column = d.column if line else None
    return Diagnostic(
        d.code, d.message, d.severity, d.offset, line, column, d.attribute, export, post.id
    )


__all__ = [
    "CONTENT_TAGS",
    "FIRST_DATA_DAY",
    "Job",
    "figures_day",
    "render_entry",
    "render_post",
    "the_content_html",
]
