"""The main job: a WordPress export in, a static site / Markdown / cleaned export out.

`convert()` streams the export once, renders each post through WordPress's content
chain with the cards frozen into HTML, and hands it to a writer. One bad post never
stops the run: it is reported with its id and the rest converts.
"""

from __future__ import annotations

import datetime as dt
import gc
import heapq
import json
import os
import pickle
import tempfile
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Literal

from .diagnostics import Diagnostic, fold_repairs
from .disklog import DiskLog
from .errors import BadInput, ShortcodesError, WorkerFailed
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
    site: Any = None  # html: a shortcodes.site.SiteOptions (None: its defaults)


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
            int(bool(self.path) and not self.failed),
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

    Reads the export twice, streaming: once to fix every output path (so links
    between posts can be rewritten), once to render and write, shared among
    `options.jobs` processes for large exports. A broken export is reported in the
    result (file, line, column) with nothing of it written; per-post problems are in
    the result too. `progress(bytes_done, bytes_total)` is called as the second pass
    goes.
    """
    from .data.snapshot import embedded_snapshot
    from .writers import get_writer

    options = options or ConvertOptions()
    export = Path(export)
    output = Path(output)
    report = ConvertReport(str(export), str(output), options.format)
    wxr_out = options.format == "wxr"
    # Back into WordPress, a card that cannot be rendered keeps its shortcode.
    render_options = replace(options.render, strict=True) if wxr_out else options.render
    renderer = CardRenderer(provider or embedded_snapshot(), render_options)
    writer = get_writer(options.format, export, output, report, options.site)
    total = export.stat().st_size if export.exists() else 0
    job = _Job(export, options, renderer, writer)
    try:
        jobs = _jobs_for(options, total, renderer)
        if jobs > 1:
            _convert_sharded(job, report, jobs, total, progress)  # plans too
        else:
            if not wxr_out:
                _plan(job, report)
            _convert_items(job, report, None, progress, total)
        writer.finish()
    except (BadInput, WorkerFailed) as e:
        report.errors.append(
            Diagnostic(
                "bad-export" if isinstance(e, BadInput) else "worker-failed",
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


@dataclass
class _Job:
    """What every post of one conversion is converted with."""

    export: Path
    options: ConvertOptions
    renderer: CardRenderer
    writer: Any

    def selected(self, post) -> str | None:
        """Why `post` is not converted (None: it is)."""
        if self.options.format == "wxr":
            return None  # the same export goes back: every item's cards are frozen
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
        wrap = _one_line if self.options.format == "wxr" else None
        return entry, _render_entry(post, entry, self.renderer, self.options, wrap, self.export)

    def complete(self, post, entry: PostReport, result: RenderResult | None) -> None:
        """The second half of `entry`: the rendered item written (or kept)."""
        if entry.skipped:
            self.writer.keep(post)
        elif result is not None:
            try:
                entry.path = self.writer.write(post, result)
                entry.failed = result.failed
            except ShortcodesError as e:
                _failed(entry, post, e)


def _plan(job: _Job, report: ConvertReport, cut=None) -> bool:
    """The first pass: every output path fixed, images fetched with --images download.

    Also says whether `cut`, the export's cut into ranges for the workers (see `split`),
    is right: an item on the line of each cut, and no cut inside markup."""
    from .wxr import read_wxr

    unconfirmed = set(cut.lines) if cut is not None else set()

    downloader = None
    if job.options.images == "download":
        from .images import ImageDownloader, image_urls

        downloader = ImageDownloader(job.writer.asset_root())
    # Planning needs no content, except to find the images to download.
    for post in read_wxr(job.export).posts(light=downloader is None):
        if unconfirmed:
            unconfirmed.discard(post.sourceline)
        if job.selected(post) is None:
            job.writer.plan(post)
            if downloader is not None:
                downloader.want(image_urls(post.content), post.id)
    if downloader is not None:
        downloader.download_all()
        job.writer.images = downloader
        report.images_saved = len(downloader.saved)
        report.images_failed = downloader.failures
    return cut is None or (not unconfirmed and cut.outside_markup())


def _convert_items(job: _Job, report: ConvertReport, shard, progress, total) -> None:
    """The second pass in this process: every item (of `shard`) converted and logged."""
    from .wxr import read_wxr

    wxr = read_wxr(job.export)
    started = False
    for post in wxr.posts(shard):
        if not started and shard is None:
            job.writer.begin(wxr.site)
        started = True
        if progress:
            progress(wxr.bytes_read, total)
        report.posts.append(job.entry(post), post.ordinal)
    if not started and shard is None:
        job.writer.begin(wxr.site)


# Below this size one process is quicker than starting more.
SHARD_MIN_BYTES = 4 * 1024 * 1024


def _jobs_for(options: ConvertOptions, size: int, renderer: CardRenderer) -> int:
    """How many processes convert the posts: `options.jobs`, or one per CPU (at most 4)
    for large exports. Only where processes can be forked, never for --format wxr
    (one file is rewritten in order) nor with live data (one client, one cache).
    Not by default in a program running other threads: forking those can deadlock."""
    import multiprocessing
    import threading

    if options.format == "wxr" or "fork" not in multiprocessing.get_all_start_methods():
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


def _convert_sharded(job: _Job, report: ConvertReport, jobs: int, total: int, progress) -> None:
    """Both passes with `jobs` forked worker processes.

    Worker k converts the k-th of `jobs` byte ranges of the export (see `split`: each
    parses its share of the file only), or, when the export cannot be cut so, the items
    whose position is k modulo `jobs`. Each first reads its items lightly and sends
    what planning needs of them; one more short-lived process then plans the output
    paths from that, in export order, while the workers go on rendering (keeping what
    they rendered in a spill file until the plan arrives). Each logs its posts'
    reports to a file of its own; the reports are then taken over in export order, so
    the result is the one a single process gives.
    """
    from .split import layout
    from .wxr import read_wxr

    # The header (site title, language) is written once, here, before forking.
    reader = read_wxr(job.export)
    job.writer.begin(reader.site)
    cut = None
    if reader.first_item_line is not None and reader.encoding == "utf-8":
        cut = layout(job.export, jobs, reader.first_item_line, reader.end_tags or b"")
    reader.close()
    # Downloaded images must be known before any page is written: plan first then.
    plan_first = job.options.images == "download"
    if plan_first:
        if not _plan(job, report, cut):
            cut = None
    elif cut is not None and not cut.outside_markup():
        cut = None  # an <item> line inside a text: see split
    if cut is None or not _run_workers(job, report, jobs, total, progress, cut, plan_first):
        # Not cut, or cut wrongly (a range is not whole items): round-robin.
        _run_workers(job, report, jobs, total, progress, None, plan_first)


def _run_workers(job: _Job, report, jobs: int, total: int, progress, cut, planned: bool) -> bool:
    """Fork the workers, plan from what they send (unless `planned`), and take over
    their results.

    False when a range of `cut` turned out not to be whole items (the workers stopped
    before writing anything)."""
    import multiprocessing
    from multiprocessing.connection import wait

    # Each worker logs its posts' reports and index entries to files of its own, and
    # what planning needs of its items to a third.
    post_files = [tempfile.TemporaryFile() for _ in range(jobs)]
    index_files = [tempfile.TemporaryFile() for _ in range(jobs)]
    request_files = [None if planned else tempfile.TemporaryFile() for _ in range(jobs)]
    # The plan goes there for the workers to read.
    plan = (
        nullcontext() if planned else tempfile.NamedTemporaryFile(prefix="covid-shortcodes-plan-")
    )
    with plan:
        plan_file = None if planned else plan.name
        context = multiprocessing.get_context("fork")
        shards = []
        for k in range(jobs):
            here, there = context.Pipe()
            files = (post_files[k], index_files[k], request_files[k])
            process = context.Process(
                target=_shard_main,
                args=(job, (k, jobs), cut, *files, there, plan_file),
                daemon=True,
            )
            process.start()
            there.close()
            shards.append([process, here, 0, None])  # process, pipe, bytes done, result
        # Ranges: the bytes done add up; round-robin: every worker reads the whole file.
        done = sum if cut is not None else min
        waiting = set() if planned else {s[1] for s in shards}  # for their requests
        right = True
        processes = [s[0] for s in shards]
        planner = None
        try:
            pending = {s[1]: s for s in shards}
            while pending:
                for conn in wait(list(pending)):
                    shard = pending[conn]
                    try:
                        message = conn.recv()
                    except (EOFError, OSError):  # the process is gone (see its exit code)
                        del pending[conn]
                        if conn in waiting or shard is planner:
                            _raise_failure(shard[0], None)  # the others would wait for ever
                        continue
                    if message[0] == "progress":
                        shard[2] = message[1]
                        if progress:
                            progress(done(s[2] for s in shards), total)
                        continue
                    if message[0] in ("requests", "wrong-cut") and conn in waiting:
                        waiting.discard(conn)
                        right = right and message[0] == "requests"
                        if not waiting:
                            requests = request_files if right else None
                            planner = _start_planner(context, job, requests, plan_file, shards)
                            processes.append(planner[0])
                            pending[planner[1]] = planner
                        if message[0] == "requests":
                            continue
                    shard[3] = message
                    del pending[conn]
                    if conn in waiting or (shard is planner and message[0] != "done"):
                        _raise_failure(shard[0], message)  # the others would wait for ever
            for process in processes:
                process.join()
        except BaseException:
            for process in processes:
                process.kill()
                process.join()
            raise
        if not right:
            return False  # the workers stopped before writing anything
        results = []
        for process, _, _, result in shards:
            _raise_failure(process, result)
            results.append(result)
        report.posts.adopt(post_files, [r[1] for r in results], [r[2] for r in results])
        job.writer.index.adopt(index_files, [r[3] for r in results])
        return True


def _start_planner(context, job: _Job, request_files: list | None, plan_file: str, shards):
    """Fork the planning process (see `_planner_main`); it is followed as the workers
    are: [process, pipe, bytes done, last message].

    Planning in a process of its own keeps this one's memory flat: the plan grows with
    the export, and only the workers need it."""
    here, there = context.Pipe(duplex=False)
    process = context.Process(
        target=_planner_main,
        args=(job, request_files, plan_file, [s[1] for s in shards], there),
        daemon=True,
    )
    process.start()
    there.close()
    return [process, here, 0, None]


def _planner_main(job: _Job, request_files: list | None, plan_file: str, workers: list, conn):
    """A forked process: plan every post from the workers' requests, in export order,
    and hand the plan to every worker through `plan_file` (None, when `request_files`
    is, tells them to stop: a range was not whole items).

    The plan goes pickled and unpickled as a stream: no process holds it as one more
    block of bytes."""
    _forked()
    try:
        state = None
        if request_files is not None:
            for _, request in heapq.merge(*map(_requests, request_files)):
                job.writer.plan_apply(request)
            state = job.writer.plan_state()
        with open(plan_file, "wb") as f:
            pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)
        for worker in workers:
            try:
                worker.send_bytes(b"")  # the plan is ready
            except OSError:
                pass  # that worker has stopped: its last message says why
        conn.send(("done",))
    except BaseException as e:
        conn.send(_failure(e))
    finally:
        conn.close()


def _requests(file) -> Iterator[tuple[int, Any]]:
    """A worker's planning requests, (ordinal, request) in its items' order."""
    file.seek(0)
    while True:
        try:
            yield from pickle.load(file)
        except EOFError:
            return


def _raise_failure(process, result) -> None:
    """Raise what a worker process's last message (None: none came) says went wrong."""
    if result is None:
        process.join()
        raise WorkerFailed(f"a worker process stopped unexpectedly (exit code {process.exitcode})")
    if result[0] == "bad-input":
        where = dict(result[1])
        raise BadInput(where.pop("message"), **where)
    if result[0] == "crash":
        raise WorkerFailed(f"a worker process failed:\n{result[1]}")


def _failure(error: BaseException) -> tuple[str, Any]:
    """What a worker process sends back when it fails."""
    if isinstance(error, BadInput):
        where = {"file": error.file, "post_id": error.post_id, "line": error.line}
        return ("bad-input", {"message": error.message, "column": error.column, **where})
    return ("crash", "".join(traceback.format_exception(error)))


def _forked() -> None:
    """Garbage collection in a forked process: what the parent built (templates, the
    snapshot, modules) is never garbage, so the collector is kept from scanning it
    again and again, and from touching (thus copying) its pages; and it runs less often
    (conversion allocates much and makes few cycles: about 3 % faster)."""
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)


def _shard_main(
    job: _Job,
    shard: tuple[int, int],
    cut,
    post_file: IO[bytes],
    index_file: IO[bytes],
    request_file: IO[bytes] | None,
    conn,
    plan_file: str | None,
) -> None:
    """A forked worker: convert one shard of the items (range k of `cut`, or every
    k-th item), log their reports and index entries to its own files, and send back
    where they are and the totals.

    Unless planned before forking (`plan_file` None), it first reads its items lightly
    and logs what planning needs of them to `request_file`; then, until the plan
    arrives in `plan_file`, items are rendered and kept in a spill file, and written,
    in order, as soon as it does.
    """
    _forked()
    try:
        posts = PostLog(post_file)
        job.writer.index = DiskLog(index_file)
        spill = None

        def plan_arrived() -> None:
            nonlocal spill
            conn.recv_bytes()
            with open(plan_file, "rb") as f:
                state = pickle.load(f)
            if state is None:
                raise _WrongCut
            job.writer.adopt_plan(state)
            for post, entry, result in spill.drain():
                job.complete(post, entry, result)
                posts.append(entry, post.ordinal)
            spill = None

        checked = False
        if plan_file is not None:
            # The same bytes again: checked once is enough when nothing needed repair.
            checked = not _log_requests(job, shard, cut, request_file)
            conn.send(("requests",))
            spill = _Spill()
        items, done = _shard_items(job, shard, cut, checked=checked)[:2]
        step, reported = 1 << 20, 0
        for post in items:
            if spill is not None and conn.poll():
                plan_arrived()
            if spill is None:
                posts.append(job.entry(post), post.ordinal)
            else:
                spill.add(post, *job.render(post))
            if done() - reported >= step:
                reported = done()
                conn.send(("progress", reported))
        if spill is not None:
            plan_arrived()
        conn.send(("done", posts.locations(), posts.counts, job.writer.index.locations()))
    except _WrongCut:
        conn.send(("wrong-cut",))
    except BaseException as e:
        conn.send(_failure(e))
    finally:
        conn.close()


def _shard_items(
    job: _Job, shard: tuple[int, int], cut, *, light: bool = False, checked: bool = False
):
    """A worker's items (numbered in export order), a function giving the bytes of
    the export read so far, and the reader (`read_wxr`'s `checked` is passed on)."""
    from .wxr import read_wxr

    k = shard[0]
    if cut is None:
        wxr = read_wxr(job.export, checked=checked)
        return wxr.posts(shard, light=light), lambda: wxr.bytes_read, wxr
    source = cut.open(k)
    wxr = read_wxr(source, name=str(job.export), checked=checked)
    # Ranges number their items from 0: range k's come after range k-1's.
    first = k << 40

    def numbered():
        with source:
            for post in wxr.posts(light=light):
                post.ordinal += first
                yield post

    return numbered(), lambda: source.range_read, wxr


# Requests pickled together: the planning process holds one such batch per worker.
_REQUESTS_PER_PICKLE = 1024


def _log_requests(job: _Job, shard: tuple[int, int], cut, file: IO[bytes]) -> bool:
    """Read the worker's items lightly and log what planning needs of each one that is
    converted, as (ordinal, request), in batches (see `_requests`); whether the bytes
    read needed a repair (`WXRReader.repaired`).

    Raises _WrongCut when range k of `cut` is not whole items: it does not parse, or
    its first item is not the one on the cut's line (see split)."""
    batch: list[tuple[int, Any]] = []
    expected = cut.cuts[shard[0]].item_line if cut is not None else None
    items, _, reader = _shard_items(job, shard, cut, light=True)
    try:
        for post in items:
            if expected is not None:
                if post.sourceline != expected:
                    raise _WrongCut
                expected = None
            if job.selected(post) is None:
                batch.append((post.ordinal, job.writer.plan_request(post)))
                if len(batch) == _REQUESTS_PER_PICKLE:
                    pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
    except BadInput:
        if cut is None:
            raise
        # A cut inside markup, or a broken export: round-robin reads the whole export
        # then, and says what is wrong with it, if anything.
        raise _WrongCut from None
    if expected is not None:
        raise _WrongCut  # not one item
    pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
    file.flush()
    return reader.repaired


class _WrongCut(Exception):
    """A range of the export's cut is not whole items: stop, writing nothing."""


class _Spill:
    """Rendered items waiting for their output paths, pickled to a temporary file."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()
        self._count = 0

    def add(self, post, entry: PostReport, result: RenderResult | None) -> None:
        # The writers need the post's metadata (the site: its excerpt, comments and
        # featured image too), not its stored content, and the rendered text and
        # whether it failed, not each card (their HTML is in the text).
        post.content = ""
        if result is not None:
            result = RenderResult(
                result.text,
                [c for c in result.cards if not c.ok],
                [d for d in result.diagnostics if d.severity == "error"],
            )
        pickle.dump((post, entry, result), self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def drain(self) -> Iterator[tuple[Any, PostReport, RenderResult | None]]:
        self._file.seek(0)
        for _ in range(self._count):
            yield pickle.load(self._file)
        self._file.close()


def _render_entry(post, entry: PostReport, renderer, options, wrap, export) -> RenderResult | None:
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
            chain=options.format != "wxr",
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
