"""The second pass in a pool of forked processes (the standard library's).

The plan is made before forking, so every process inherits it; each process converts
shares of the export (ranges of whole items, or every n-th item) and logs its posts'
reports to files made by the parent, which takes them over in export order: the
result is byte for byte the one a single process gives.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing.context
import os
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..disklog import DiskLog
from ..errors import BadInput, OutputError, ShortcodesError, WorkerFailed
from .pipeline import Job
from .report import ConvertReport, PostLog

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..wxr import Post
    from .api import Plan


def run_pool(
    job: Job,
    report: ConvertReport,
    plan: Plan,
    jobs: int,
    progress: Callable[[int, int], None] | None,
    total: int,
) -> None:
    """The second pass in `jobs` forked processes, which inherit the plan.

    The export is shared out in ranges of whole items (`plan.cut`), or, when it cannot
    be cut so, as every `jobs`-th item. Each share logs its posts' reports and index
    entries to files made here; they are taken over in export order, so the result is
    the one a single process gives.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    shares = len(plan.cut) if plan.cut is not None else jobs
    work = Work(job, plan, jobs, _temporary_files(shares), _temporary_files(shares))
    context = ForkContext()
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
class Work:
    """What the forked processes inherit: the conversion, its plan, the log files."""

    job: Job
    plan: Plan
    jobs: int
    posts: list[IO[bytes]]  # a file per share, for its posts' reports
    index: list[IO[bytes]]  # a file per share, for its index entries


def _temporary_files(n: int) -> list[IO[bytes]]:
    return [tempfile.TemporaryFile() for _ in range(n)]


def _finished(future: Future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _adopt(report: ConvertReport, job: Job, work: Work, results: list) -> None:
    """Take over what the shares logged (those in `results`, in export order)."""
    done = [r for r in results if r[0] == "done"]
    shares = [r[1] for r in done]
    report.posts.adopt([work.posts[k] for k in shares], [r[2] for r in done], [r[3] for r in done])
    job.writer.index.adopt([work.index[k] for k in shares], [r[4] for r in done])


class ForkContext(multiprocessing.context.ForkContext):
    """The fork start method, keeping the processes it starts: to stop them, and to say
    how one ended (the pool only says that one did)."""

    def __init__(self) -> None:
        super().__init__()
        self.processes: list = []

    def Process(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - the name the pool calls
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


_work: Work | None = None  # in a worker process: what it converts


def _worker_start(work: Work, parent: int) -> None:
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


def _share_items(work: Work, k: int) -> Iterator:
    """Share `k`'s items, numbered as in the whole export: range `k` of the cut, or
    every `jobs`-th item from the `k`-th."""
    from ..wxr import Selection, read_wxr

    job, plan, jobs = work.job, work.plan, work.jobs
    if plan.cut is None:
        share = Selection(wants=lambda ordinal: ordinal % jobs == k)
        return read_wxr(job.export, checked=plan.checked).posts(share)
    source = plan.cut.open(k)
    wxr = read_wxr(source, name=str(job.export), checked=plan.checked)

    def items() -> Iterator[Post]:
        with source:
            yield from wxr.posts(Selection(first=plan.firsts[k]))

    return items()


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


__all__ = ["run_pool"]
