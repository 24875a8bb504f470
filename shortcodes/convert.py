"""The main job: a WordPress export in, a static site / Markdown / cleaned export out.

`convert()` streams the export once, renders each post through WordPress's content
chain with the cards frozen into HTML, and hands it to a writer. One bad post never
stops the run: it is reported with its id and the rest converts.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import json
import multiprocessing.context
import os
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from .diagnostics import Diagnostic, fold_repairs
from .disklog import DiskLog
from .errors import BadInput, OutputError, ShortcodesError, WorkerFailed
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
    jobs: int | None = None  # processes for the second pass; None: one per CPU, large exports


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
        self._log.append(entry.to_dict(), ordinal=ordinal)
        for name, n in zip(self.COUNTS, entry.stats(), strict=True):
            self.counts[name] += n

    def locations(self):
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
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self._head(), "posts": [p.to_dict() for p in self.posts]}

    def write_json(self, path: str | Path) -> None:
        """The report as JSON (what `to_dict` gives), streamed post by post, written atomically."""
        from .writers.files import atomic_stream

        head = json.dumps(self._head(), ensure_ascii=False, indent=2)
        with atomic_stream(path) as out:
            out.write(head[:-2].encode("utf-8"))  # without the closing "\n}"
            out.write(b',\n  "posts": [')
            for i in range(len(self.posts)):
                post = json.dumps(json.loads(self.posts.raw(i)), ensure_ascii=False, indent=2)
                out.write((",\n    " if i else "\n    ").encode("utf-8"))
                out.write(post.replace("\n", "\n    ").encode("utf-8"))
            out.write(b"\n  ]\n}" if len(self.posts) else b"]\n}")


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
    """The render's findings, positioned in the stored content instead of the HTML."""
    return _moved_to_source(content, result) or _reparsed_in_source(content, result, mode)


def _moved_to_source(content: str, result: RenderResult) -> list[Diagnostic] | None:
    """The quick way, when every finding is about a card whose shortcode texturize and
    autop left as written: the same finding, shifted to where that text is in the
    content. None when that cannot be shown to be exact."""
    from .diagnostics import line_col

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

    Reads the export twice, streaming: once here to fix every output path (so links
    between posts can be rewritten), once to render and write, shared among
    `options.jobs` processes for large exports. A broken export is reported in the
    result (file, line, column) with nothing of it written; per-post problems, a
    full disk and Ctrl-C (KeyboardInterrupt) are in the result too, with what was
    done until then. `progress(bytes_done, bytes_total)` is called as the second
    pass goes.
    """
    from .data.snapshot import embedded_snapshot
    from .writers import get_writer

    options = options or ConvertOptions()
    export = Path(export)
    output = Path(output)
    report = ConvertReport(str(export), str(output), options.format)
    writer = get_writer(options.format, export, output, report)
    render_options = replace(options.render, strict=True) if writer.strict_cards else options.render
    renderer = CardRenderer(provider or embedded_snapshot(), render_options)
    total = export.stat().st_size if export.exists() else 0
    job = _Job(export, options, renderer, writer)
    try:
        writer.clean()  # what a killed run left behind
        jobs = _jobs_for(options, total, renderer)
        plan = _plan(job, report, jobs) if writer.plans_paths else _Plan()
        if plan.site is not None:
            writer.begin(plan.site)  # else with the second pass's header
        if jobs > 1:
            _run_pool(job, report, plan, jobs, progress, total)
        else:
            _convert_items(job, report, plan, progress, total)
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
class _Job:
    """What every post of one conversion is converted with."""

    export: Path
    options: ConvertOptions
    renderer: CardRenderer
    writer: Any

    @property
    def size(self) -> int:
        return self.export.stat().st_size

    def selected(self, post) -> str | None:
        """Why `post` is not converted (None: it is)."""
        if self.writer.every_item:
            return None  # e.g. the same export goes back: every item's cards are frozen
        if post.post_type not in self.options.post_types:
            return f"type {post.post_type}"
        if post.status not in self.options.statuses:
            return f"status {post.status}"
        return None

    def entry(self, post) -> PostReport:
        """Convert one item (or keep it, when not selected) and say what happened."""
        entry, result = self.render(post)
        self.complete(post, entry, result)
        return entry

    def render(self, post) -> tuple[PostReport, RenderResult | None]:
        """The first half of `entry`: the item's content rendered (None when skipped or
        failed). Needs no output path, so it can run before planning is done."""
        entry = PostReport(post.id, post.title or "", post.post_type, post.status)
        entry.diagnostics.extend(
            d.located(post_id=post.id, file=str(self.export)) for d in post.diagnostics
        )
        entry.skipped = self.selected(post)
        if entry.skipped:
            return entry, None
        wrap = _one_line if self.writer.one_line_cards else None
        chain = self.writer.the_content
        return entry, _render_entry(
            post, entry, self.renderer, self.options, wrap, chain, self.export
        )

    def complete(self, post, entry: PostReport, result: RenderResult | None) -> None:
        """The second half of `entry`: the rendered item written (or kept)."""
        if not entry.skipped:
            self._renumber(post, entry)
        if entry.skipped:
            self.writer.keep(post)
        elif result is not None:
            try:
                entry.path = self.writer.write(post, result)
                entry.failed = result.failed
            except ShortcodesError as e:
                _failed(entry, post, e)

    def _renumber(self, post, entry: PostReport) -> None:
        """What planning decided about the item's id (see `Writer.plan_apply`), told."""
        old_id = post.id
        repeated = self.writer.fate(post)
        where = {"line": post.sourceline, "file": str(self.export)}
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


@dataclass
class _Plan:
    """What the first pass found besides the output paths (those are in the writer)."""

    site: Any = None  # the export's header (None: not read, --format wxr)
    cut: Any = None  # a `split.Layout` of whole items, one range a share; None: round-robin
    firsts: list[int] = field(default_factory=list)  # the ordinal of each range's first item
    checked: bool = False  # nothing needed repair: a second reader may skip the checks


def _plan(job: _Job, report: ConvertReport, jobs: int) -> _Plan:
    """The first pass, in this process: every output path fixed, images fetched with
    --images download, and, for `jobs` processes, the export cut into ranges (see
    `split`), each checked to start with an item of the channel."""
    from .split import layout
    from .wxr import read_wxr

    reader = read_wxr(job.export)
    site = reader.site  # read up to the first item
    cut = None
    if jobs > 1 and reader.first_item_line is not None and reader.encoding == "utf-8":
        shares = max(jobs, min(SHARES_PER_JOB * jobs, job.size // SHARE_MIN_BYTES))
        cut = layout(job.export, shares, reader.first_item_line, reader.end_tags or b"")
        if cut is not None and not cut.outside_markup():
            cut = None  # an <item> line inside a text
    lines = {line: k for k, line in enumerate(cut.lines)} if cut is not None else {}
    firsts: list[int | None] = [None] * len(lines)
    downloader = None
    if job.options.images == "download":
        from .images import ImageDownloader, image_urls

        downloader = ImageDownloader(job.writer.asset_root())
    # Planning needs no content, except to find the images to download.
    for post in reader.posts(light=downloader is None):
        k = lines.get(post.sourceline)
        if k is not None and firsts[k] is None:
            firsts[k] = post.ordinal
        if job.selected(post) is None:
            job.writer.plan(post)
            if downloader is not None:
                downloader.want(image_urls(post.content), post.id)
    job.writer.plan_done()
    # Compact and read-only from here: shared by the forked processes, not copied.
    job.writer.adopt_plan(job.writer.plan_state())
    if downloader is not None:
        downloader.download_all()
        job.writer.images = downloader
        report.images_saved = len(downloader.saved)
        report.images_failed = downloader.failures
    if None in firsts:
        cut = None  # a range does not start with an item of the channel (one nested deeper)
    return _Plan(site, cut, firsts if cut is not None else [], checked=not reader.repaired)


def _convert_items(job: _Job, report: ConvertReport, plan: _Plan, progress, total) -> None:
    """The second pass in this process: every item converted and logged."""
    from .wxr import read_wxr

    wxr = read_wxr(job.export, checked=plan.checked)
    if plan.site is None:
        job.writer.begin(wxr.site)
    for post in wxr.posts():
        if progress:
            progress(wxr.bytes_read, total)
        report.posts.append(job.entry(post), post.ordinal)


# Below this size one process is quicker than starting more.
SHARD_MIN_BYTES = 4 * 1024 * 1024
# Ranges per process (each read by one process, which takes the next when done: the
# processes finish together, whatever the posts), and their least size.
SHARES_PER_JOB = 4
SHARE_MIN_BYTES = 2 * 1024 * 1024


def _jobs_for(options: ConvertOptions, size: int, renderer: CardRenderer) -> int:
    """How many processes convert the posts: `options.jobs`, or one per CPU (at most 4)
    for large exports. Only where processes can be forked, never for --format wxr
    (one file is rewritten in order) nor with live data (one client, one cache).
    Not by default in a program running other threads: forking those can deadlock."""
    import multiprocessing
    import threading

    from .writers import writer_class

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


def _run_pool(job: _Job, report: ConvertReport, plan: _Plan, jobs: int, progress, total) -> None:
    """The second pass in `jobs` forked processes, which inherit the plan.

    The export is shared out in ranges of whole items (`plan.cut`), or, when it cannot
    be cut so, as every `jobs`-th item. Each share logs its posts' reports and index
    entries to files made here; they are taken over in export order, so the result is
    the one a single process gives.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    shares = len(plan.cut) if plan.cut is not None else jobs
    work = _Work(job, plan, jobs, _temporary_files(shares), _temporary_files(shares))
    context = _ForkContext()
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_start, initargs=(work, os.getpid())
    )
    futures = []
    try:
        futures = [pool.submit(_convert_share, k) for k in range(shares)]
        for done, _ in enumerate(as_completed(futures), 1):
            if progress:
                progress(total * done // shares, total)
        results = [_result(future.result()) for future in futures]
    except BaseException as e:
        context.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        if isinstance(e, KeyboardInterrupt):
            _adopt(report, job, work, [f.result() for f in futures if _finished(f)])
        if isinstance(e, BrokenProcessPool):
            raise WorkerFailed(f"a worker process stopped unexpectedly ({context.how()})") from e
        raise
    pool.shutdown()
    _adopt(report, job, work, results)


@dataclass
class _Work:
    """What the forked processes inherit: the conversion, its plan, the log files."""

    job: _Job
    plan: _Plan
    jobs: int
    posts: list[IO[bytes]]  # a file per share, for its posts' reports
    index: list[IO[bytes]]  # a file per share, for its index entries


def _temporary_files(n: int) -> list[IO[bytes]]:
    return [tempfile.TemporaryFile() for _ in range(n)]


def _finished(future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _adopt(report: ConvertReport, job: _Job, work: _Work, results: list) -> None:
    """Take over what the shares logged (those in `results`, in export order)."""
    done = [r for r in results if r[0] == "done"]
    shares = [r[1] for r in done]
    report.posts.adopt([work.posts[k] for k in shares], [r[2] for r in done], [r[3] for r in done])
    job.writer.index.adopt([work.index[k] for k in shares], [r[4] for r in done])


class _ForkContext(multiprocessing.context.ForkContext):
    """The fork start method, keeping the processes it starts: to stop them, and to say
    how one ended (the pool only says that one did)."""

    def __init__(self) -> None:
        super().__init__()
        self.processes: list = []

    def Process(self, *args, **kwargs):  # noqa: N802 - the name the pool calls
        process = super().Process(*args, **kwargs)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.exitcode is None:
                process.kill()
        for process in self.processes:
            process.join()

    def how(self) -> str:
        codes = sorted({p.exitcode for p in self.processes if p.exitcode not in (None, 0)})
        return ", ".join(f"exit code {c}" for c in codes) or "no exit code"


_work: _Work | None = None  # in a worker process: what it converts


def _worker_start(work: _Work, parent: int) -> None:
    """A forked worker begins: it keeps what it inherited, leaves Ctrl-C and SIGTERM
    (sent to the whole process group) to the parent, which stops it, and ends when the
    parent ends, however that ends."""
    global _work
    _work = work
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with(parent)
    _forked()


def _die_with(parent: int) -> None:
    """End this process when process `parent` ends (a kill -9 too): on Linux the kernel
    sends SIGKILL (PR_SET_PDEATHSIG); elsewhere a thread looks every half second."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (AttributeError, OSError):
        armed = False
    if os.getppid() != parent:
        os._exit(1)  # it ended before we asked
    if not armed:

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _convert_share(k: int) -> tuple:
    """In a worker: convert share `k`, logging to its files; say where its records are
    and the totals, or what went wrong (an exception would lose its details)."""
    work = _work
    job = work.job
    try:
        posts = PostLog(work.posts[k])
        job.writer.index = DiskLog(work.index[k])
        for post in _share_items(work, k):
            posts.append(job.entry(post), post.ordinal)
        return ("done", k, posts.locations(), posts.counts, job.writer.index.locations())
    except BaseException as e:
        return _failure(e)


def _share_items(work: _Work, k: int) -> Iterator:
    """Share `k`'s items, numbered as in the whole export."""
    from .wxr import read_wxr

    job, plan = work.job, work.plan
    if plan.cut is None:
        return read_wxr(job.export, checked=plan.checked).posts((k, work.jobs))
    source = plan.cut.open(k)
    wxr = read_wxr(source, name=str(job.export), checked=plan.checked)
    first = plan.firsts[k]

    def numbered():
        with source:
            for post in wxr.posts():
                post.ordinal += first
                yield post

    return numbered()


def _failure(error: BaseException) -> tuple:
    """What a worker sends back when it fails: an expected error with its details, or
    the traceback of a bug."""
    if isinstance(error, ShortcodesError):
        where = {"file": error.file, "post_id": error.post_id, "line": error.line}
        where.update(column=error.column, attribute=error.attribute)
        return ("error", type(error).__name__, error.message, where)
    return ("crash", "".join(traceback.format_exception(error)))


def _result(result: tuple) -> tuple:
    """A share's result, or the error it reports raised here."""
    if result[0] == "error":
        _, name, message, where = result
        kinds = {c.__name__: c for c in (BadInput, OutputError, WorkerFailed)}
        raise kinds.get(name, ShortcodesError)(message, **where)
    if result[0] == "crash":
        raise WorkerFailed(f"a worker process failed:\n{result[1]}")
    return result


def _forked() -> None:
    """Garbage collection in a forked process: what the parent built (templates, the
    snapshot, modules) is never garbage, so the collector is kept from scanning it
    again and again, and from touching (thus copying) its pages; and it runs less often
    (conversion allocates much and makes few cycles: about 3 % faster)."""
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def _render_entry(
    post, entry: PostReport, renderer, options, wrap, chain: bool, export
) -> RenderResult | None:
    """One post's content rendered, its cards and findings added to `entry`."""
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


def _failed(entry: PostReport, post, error: ShortcodesError) -> None:
    entry.failed = True
    entry.diagnostics.append(Diagnostic("post-failed", str(error), "error", post_id=post.id))


def _in_export(d: Diagnostic, post, export: str) -> Diagnostic:
    """A diagnostic about a post's content, located in the export (file, line, post id).

    Columns are those of the post's text, so they are exact from its second line on.
    """
    line = post.export_position(d.line)
    column = d.column if line else None
    return Diagnostic(
        d.code, d.message, d.severity, d.offset, line, column, d.attribute, export, post.id
    )


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
        report.add(items)
