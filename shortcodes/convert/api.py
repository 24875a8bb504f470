"""`convert`: a WordPress export in, a static site / Markdown / cleaned export out.

The phases: plan (one light pass here: every output path, and the export's cut for
the workers), begin (the writer's header files), convert every post (here, or in a
pool of forked processes: see `parallel`), finish (the index). One bad post never
stops the run: it is reported with its id and the rest converts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..data.model import StatsProvider
from ..diagnostics import Diagnostic
from ..errors import BadInput, OutputError, ShortcodesError, WorkerFailed
from ..memory import give_back_memory
from ..parser import Mode
from ..render import CardRenderer, RenderOptions
from .parallel import run_pool
from .pipeline import Job
from .report import ConvertReport

if TYPE_CHECKING:
    from ..wxr import Post

Format = Literal["html", "hugo", "jekyll", "wxr"]
DEFAULT_STATUSES = ("publish",)
DEFAULT_TYPES = ("post", "page")


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
    jobs: int | None = None  # processes for the second pass; None: one per CPU, large exports
    body: Literal["markdown", "html"] = "markdown"  # hugo and jekyll: the bodies in Markdown
    include_protected: bool = False  # publish password-protected posts (html/hugo/jekyll)
    site: Any = None  # html: a shortcodes.site.SiteOptions (None: its defaults)
    bundles: bool = False  # hugo, with images="download": posts as page bundles


def convert(
    export: str | Path,
    output: str | Path,
    options: ConvertOptions | None = None,
    *,
    provider: StatsProvider | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ConvertReport:
    """Convert a WordPress export into `output` in `options.format`.

    Reads the export twice, streaming: once here to fix every output path (so links
    between posts can be rewritten), once to render and write, shared among
    `options.jobs` processes for large exports. A broken export is reported in the
    result (file, line, column) with nothing of it written; per-post problems, a
    full disk and Ctrl-C (KeyboardInterrupt) are in the result too, with what was
    done until then. `progress(bytes_done, bytes_total)` is called as the second
    pass goes.
    """
    from ..data.snapshot import embedded_snapshot
    from ..writers import get_writer

    options = options or ConvertOptions()
    export = Path(export)
    output = Path(output)
    report = ConvertReport(str(export), str(output), options.format)
    writer = get_writer(
        options.format,
        export,
        output,
        report,
        body=options.body,
        site=options.site,
        bundles=options.bundles,
    )
    writer.include_protected = options.include_protected
    render_options = options.render
    if writer.strict_cards:
        # Back into WordPress, a card that cannot be rendered keeps its shortcode; the
        # finding has the severity it has in the other formats.
        severity = "error" if options.render.strict else "warning"
        render_options = replace(options.render, strict=True, failure_severity=severity)
    renderer = CardRenderer(provider or embedded_snapshot(), render_options)
    total = export.stat().st_size if export.exists() else 0
    job = Job(export, options, renderer, writer)
    try:
        writer.clean()  # what a killed run left behind
        jobs = jobs_for(options, total, renderer)
        plan = plan_paths(job, report, jobs) if writer.plans_paths else Plan()
        if plan.site is not None:
            writer.begin(plan.site)  # else with the second pass's header
        if jobs > 1:
            if writer.the_content:  # the export's data, read once here for the workers
                from ..wpcontext import content_context

                content_context(export).load()  # (by planning, unless it did not run)
            give_back_memory()  # what the header's reading left: every worker inherits it
            run_pool(job, report, plan, jobs, progress, total)
        else:
            convert_items(job, report, plan, progress, total)
        writer.finish()
    except KeyboardInterrupt:
        message = (
            f"interrupted after {len(report.posts)} item(s); nothing half-written is left, "
            "and running again converts the rest"
        )
        report.errors.append(Diagnostic("interrupted", message, "error", file=str(export)))
        writer.abort()
    except ShortcodesError as e:
        report.errors.append(_error_diagnostic(e, str(export)))
        writer.abort()
    except BaseException:
        writer.abort()  # a bug: nothing half-written left behind either
        raise
    finally:
        from ..wpcontext import release_context

        release_context(export)  # its database on disk removed, whatever happened
    if progress:
        progress(total, total)
    return report


def _error_diagnostic(error: ShortcodesError, export: str) -> Diagnostic:
    """What stopped the run, as the report's error."""
    if isinstance(error, BadInput):
        code = "bad-export"
    elif isinstance(error, WorkerFailed):
        code = "worker-failed"
    elif isinstance(error, OutputError):
        code = "output-failed"
    else:
        code = "failed"
    return Diagnostic(
        code,
        error.message,
        "error",
        line=error.line,
        column=error.column,
        file=error.file or export,
        post_id=error.post_id,
    )


@dataclass
class Plan:
    """What the first pass found besides the output paths (those are in the writer)."""

    site: Any = None  # the export's header (None: not read, --format wxr)
    cut: Any = None  # a `split.Layout` of whole items, one range a share; None: round-robin
    firsts: list[int] = field(default_factory=list)  # the ordinal of each range's first item
    checked: bool = False  # nothing needed repair: a second reader may skip the checks


def plan_paths(job: Job, report: ConvertReport, jobs: int) -> Plan:
    """The first pass, in this process: every output path fixed, images fetched with
    --images download, and, for `jobs` processes, the export cut into ranges (see
    `split`), each checked to start with an item of the channel."""
    from ..split import layout
    from ..wxr import PLANNING_FIELDS, Selection, read_wxr

    reader = read_wxr(job.export)
    site = reader.site  # read up to the first item
    job.writer.site = site  # planning reads the old site's address (its hosts, its path)
    cut = None
    plain = reader.encoding == "utf-8" and reader.compression is None  # bytes can be cut
    if jobs > 1 and reader.first_item_line is not None and plain:
        shares = max(jobs, min(SHARES_PER_JOB * jobs, job.size // SHARE_MIN_BYTES))
        cut = layout(job.export, shares, reader.first_item_line, reader.end_tags or b"")
        if cut is not None and not cut.outside_markup():
            cut = None  # an <item> line inside a text
    lines = {line: k for k, line in enumerate(cut.lines)} if cut is not None else {}
    firsts: list[int | None] = [None] * len(lines)
    downloader = None
    if job.options.images == "download":
        from ..images import ImageDownloader

        downloader = ImageDownloader(job.writer.asset_root())
    # The content chain's data (attachments, menus, other posts…) is gathered from this
    # same pass rather than by one more; else planning needs no content, except to find
    # the images to download.
    gather = _gathers_context(job)
    fields = PLANNING_FIELDS if downloader is None and not gather else None

    def planned() -> Iterator[Post]:
        for post in reader.posts(Selection(fields=fields)):
            k = lines.get(post.sourceline)
            if k is not None and firsts[k] is None:
                firsts[k] = post.ordinal
            converted = job.selected(post) is None
            if converted:
                job.writer.plan(post)
            if downloader is not None:
                downloader.see(post, converted)
            yield post

    if gather:
        from ..wpcontext import content_context, context_of

        content_context(job.export).adopt(context_of(reader, planned()))
    else:
        for _ in planned():
            pass
    job.writer.plan_done()
    # Compact and read-only from here: shared by the forked processes, not copied.
    job.writer.adopt_plan(job.writer.plan_state())
    give_back_memory()  # what planning's reading left
    if downloader is not None:
        downloader.download_all()
        job.writer.images = downloader
        report.images_saved = len(downloader.saved)
        report.images_failed = downloader.failures
    if jobs > 1:  # the workers' readers are not asked: repairs outside any item
        report.notes.extend(str(d) for d in reader.diagnostics)
    if None in firsts or reader.tolerant:
        # A range does not start with an item of the channel (one nested deeper), or the
        # export was read by the repair pass, which a range's reader would not be.
        cut = None
    return Plan(site, cut, firsts if cut is not None else [], checked=not reader.repaired)


def _gathers_context(job: Job) -> bool:
    """Whether the planning pass gathers the content chain's data: the writer runs
    WordPress's content chain and this process has not read it yet."""
    if not job.writer.the_content:
        return False
    from ..wpcontext import content_context

    return not content_context(job.export).loaded


def convert_items(
    job: Job,
    report: ConvertReport,
    plan: Plan,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> None:
    """The second pass in this process: every item converted and logged."""
    from ..wxr import read_wxr

    wxr = read_wxr(job.export, checked=plan.checked)
    if plan.site is None:
        job.writer.begin(wxr.site)
    for post in wxr.posts():
        if progress:
            progress(wxr.bytes_read, total)
        report.posts.append(job.entry(post), post.ordinal)
    report.notes.extend(str(d) for d in wxr.diagnostics)  # repairs outside any item


# Below this size one process is quicker than starting more.
SHARD_MIN_BYTES = 4 * 1024 * 1024
# Ranges per process (each read by one process, which takes the next when done: the
# processes finish together, whatever the posts), and their least size.
SHARES_PER_JOB = 4
SHARE_MIN_BYTES = 2 * 1024 * 1024


def jobs_for(options: ConvertOptions, size: int, renderer: CardRenderer) -> int:
    """How many processes convert the posts: `options.jobs`, or one per CPU (at most 4)
    for large exports. Only where processes can be forked, never for --format wxr
    (one file is rewritten in order) nor with live data (one client, one cache).
    Not by default in a program running other threads: forking those can deadlock."""
    import multiprocessing
    import threading

    from ..writers import writer_class

    if not writer_class(options.format).parallel:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if not getattr(renderer.provider, "forkable", True):
        return 1
    if options.jobs is not None:
        return max(1, options.jobs)
    if size < SHARD_MIN_BYTES or threading.active_count() > 1:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


__all__ = [
    "DEFAULT_STATUSES",
    "DEFAULT_TYPES",
    "SHARD_MIN_BYTES",
    "SHARE_MIN_BYTES",
    "SHARES_PER_JOB",
    "ConvertOptions",
    "Format",
    "Plan",
    "convert",
    "convert_items",
    "jobs_for",
    "plan_paths",
]
