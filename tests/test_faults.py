"""Faults injected into convert: kills, Ctrl-C, a full disk, unwritable paths.

Each run is a real `python -m shortcodes` process; every wait is bounded. What must
hold: a kill of the main process ends the whole run within seconds; after any kill a
rerun gives byte for byte the output of a clean run, with no temporary file left;
Ctrl-C, SIGTERM and a full disk still print the summary, naming the failed posts, and
write --report; nothing gives a traceback.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_convert import tree
from wxrfactory import export, item

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="uses /proc and Linux signals")

CARD = '[covid19-ultimate-card region="EG" confirmed-label="الحالات"]'


def _big_export(path: Path, posts: int = 3000) -> Path:
    """An export of a few MiB, cut into ranges by a parallel run."""
    body = "<p>فقرة من النص العربي الطويل.</p>\n" * 40
    items = [
        item(post_id=str(i), slug=f"p{i}", title=f"منشور {i}", content=body + CARD)
        for i in range(1, posts + 1)
    ]
    path.write_text(export(*items, language="ar"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """The export, and the tree of a clean run (jobs 1) to compare reruns with."""
    root = tmp_path_factory.mktemp("faults")
    path = _big_export(root / "big.xml")
    clean = root / "clean"
    r = _run(["convert", str(path), "-o", str(clean), "--jobs", "1"], timeout=300)
    assert r.returncode == 0, r.stderr
    return path, tree(clean)


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, TMPDIR=str(tmp), PYTHONUNBUFFERED="1")
    env.pop("COVERAGE_PROCESS_START", None)
    return env


def _run(args, *, timeout: float, env=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "shortcodes", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kwargs,
    )


def _start(args, tmp: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "shortcodes", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(tmp),
        start_new_session=True,  # its own process group, as a shell gives a command
        # Ctrl-C as a terminal's command gets it, even when these tests were started
        # with SIGINT ignored (a background job of a script, nohup): ignored signals
        # are inherited, and Python keeps SIGINT ignored if it starts so.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "Z" not in state.split()[1]


def _wait_for_workers(proc: subprocess.Popen, out: Path, n: int = 2, limit: float = 120) -> list:
    """The worker processes, once they are converting (some pages written)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        workers = _children(proc.pid)
        if len(workers) >= n and len(list(out.glob("*/index.html"))) > 50:
            return workers
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the workers did not start")


def _wait_gone(pids, limit: float = 10) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if not any(_alive(p) for p in pids):
            return
        time.sleep(0.05)
    left = [p for p in pids if _alive(p)]
    for p in left:
        os.kill(p, signal.SIGKILL)
    pytest.fail(f"processes {left} outlived the run by {limit} s")


def _temporaries(*roots: Path) -> list[Path]:
    return [p for root in roots for p in root.rglob("*") if p.name.endswith(".tmp")]


def _rerun_is_clean(path: Path, out: Path, tmp: Path, expected: dict) -> None:
    r = _run(["convert", str(path), "-o", str(out), "--jobs", "2"], timeout=300, env=_env(tmp))
    assert r.returncode == 0, r.stderr
    assert tree(out) == expected  # byte for byte the clean run's files, no more
    assert _temporaries(out) == []


def test_killing_the_main_process_ends_every_worker(big, tmp_path):
    # The OOM killer or a supervisor kills the main process only: its workers must not
    # go on (or block) for ever, and nothing of the run may stay in the output.
    path, expected = big
    out, tmp = tmp_path / "out", tmp_path / "tmp"
    tmp.mkdir()
    proc = _start(["convert", str(path), "-o", str(out), "--jobs", "2"], tmp)
    workers = _wait_for_workers(proc, out)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    _wait_gone(workers)
    # No plan or spill file of the run is left in $TMPDIR (the logs were unlinked).
    assert [p.name for p in tmp.iterdir() if not p.name.startswith("_jinja2-cache")] == []
    _rerun_is_clean(path, out, tmp, expected)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_sigterm_and_ctrl_c_stop_with_a_summary_and_the_report(big, tmp_path, how):
    # SIGINT to the process group is what Ctrl-C in a terminal sends; SIGTERM what a
    # supervisor sends. The run stops within seconds, says what it did and writes the
    # report of the posts done; a rerun finishes the job.
    path, expected = big
    out, tmp, rep = tmp_path / "out", tmp_path / "tmp", tmp_path / "report.json"
    tmp.mkdir()
    proc = _start(["convert", str(path), "-o", str(out), "--jobs", "2", "--report", str(rep)], tmp)
    workers = _wait_for_workers(proc, out)
    sig = getattr(signal, how)
    if how == "SIGINT":
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    stdout, stderr = proc.communicate(timeout=60)
    _wait_gone(workers)
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert "interrupted after" in stderr and " written, " in stderr  # the summary
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["errors"][0]["code"] == "interrupted"
    assert len(data["posts"]) == data["totals"]["items"] < 3000
    assert _temporaries(out) == []
    _rerun_is_clean(path, out, tmp, expected)


def test_ctrl_c_during_format_wxr_leaves_no_partial_file(tmp_path):
    path = _big_export(tmp_path / "big.xml", posts=6000)
    out = tmp_path / "wxr"
    out.mkdir()
    proc = _start(["convert", str(path), "-o", str(out / "clean.xml"), "--format", "wxr"], tmp_path)
    end = time.monotonic() + 120
    while not list(out.iterdir()) and time.monotonic() < end:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1 and "Traceback" not in stderr
    assert "interrupted after" in stderr
    assert list(out.iterdir()) == []  # neither the export nor its temporary file


def test_a_temporary_file_of_a_killed_wxr_run_is_removed_by_the_next(tmp_path):
    path = tmp_path / "e.xml"
    path.write_text(export(item(content=CARD)), encoding="utf-8")
    out = tmp_path / "wxr"
    out.mkdir()
    stale = out / f".clean.xml.{_gone_pid()}.0.tmp"
    stale.write_bytes(b"<rss half written")
    r = _run(["convert", str(path), "-o", str(out / "clean.xml"), "--format", "wxr"], timeout=120)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["clean.xml"]


def _gone_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _small_export(path: Path, posts: int = 12) -> Path:
    # Pages of about 100 KB each: a few fill the small disk.
    body = "<p>" + "نص " * 25_000 + "</p>"
    items = [
        item(post_id=str(i), slug=f"p{i}", title=f"t{i}", content=body) for i in range(1, posts + 1)
    ]
    path.write_text(export(*items, language="ar"), encoding="utf-8")
    return path


@pytest.fixture
def small_disk(tmp_path):
    """An output folder on a 512 KiB tmpfs, where the machine lets us mount one; else
    None (the test then limits file sizes with RLIMIT_FSIZE instead)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
            capture_output=True,
            timeout=20,
        )
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=20)


def _limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("full", ["tmpfs", "RLIMIT_FSIZE"])
def test_a_full_disk_names_the_failed_posts_and_writes_the_report(tmp_path, small_disk, jobs, full):
    path = _small_export(tmp_path / "e.xml")
    rep = tmp_path / "report.json"
    if full == "tmpfs":
        if small_disk is None:
            pytest.skip("mounting a tmpfs is not permitted here (RLIMIT_FSIZE is tested)")
        out, limit = small_disk / "site", None
    else:
        out, limit = tmp_path / "site", _limit_file_size
    r = _run(
        ["convert", str(path), "-o", str(out), "--jobs", jobs, "--report", str(rep)],
        timeout=120,
        preexec_fn=limit,
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "No space left" in r.stderr or "too large" in r.stderr
    assert " written, " in r.stderr and "failed: post " in r.stderr  # the summary, naming them
    data = json.loads(rep.read_text(encoding="utf-8"))
    failed = [p["id"] for p in data["posts"] if p["failed"]]
    assert failed and all(f"post {i}" in r.stderr for i in failed[:5])
    written = [p for p in data["posts"] if p["path"]]
    assert data["totals"]["written"] == len(written) == len(list(out.glob("p*/index.html")))
    assert _temporaries(out) == []


def test_a_full_temporary_folder_is_a_message_not_a_traceback(tmp_path, small_disk):
    # Almost full: Python's tempfile still picks it (a full one it skips), and the
    # run's log of 400 posts does not fit.
    if small_disk is None:
        pytest.skip("needs a small tmpfs (mount not permitted here)")
    items = [item(post_id=str(i), slug=f"p{i}", title="t" * 200) for i in range(1, 400)]
    path = tmp_path / "e.xml"
    path.write_text(export(*items), encoding="utf-8")
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    (small_disk / "fill").write_bytes(b"x" * (free - 8192))
    site = tmp_path / "site"
    r = _run(["convert", str(path), "-o", str(site)], timeout=120, env=_env(small_disk))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "cannot keep the run's log in the temporary folder: No space left" in r.stderr
    # The summary counts the pages whose report was kept; the run stopped at the
    # first that could not be, which may be on disk (its index line was not kept).
    written = int(r.stderr.split(" written, ")[0].split()[-1])
    assert written <= len(list(site.glob("p*/index.html"))) <= written + 1 < 399
    assert not (site / "index.html").exists()


@pytest.mark.parametrize("option", ["-o", "--report"])
def test_render_to_an_unwritable_path_is_a_message(tmp_path, option):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = blocker / "out"  # a path under a file: cannot be made, even by root
    r = _run(
        ["render", option, str(target)],
        timeout=60,
        input='[covid19-ultimate-card region="EG"]',
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "cannot write" in r.stderr


def test_convert_report_to_an_unwritable_path_still_prints_the_summary(tmp_path):
    path = tmp_path / "e.xml"
    path.write_text(export(item()), encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = _run(
        ["convert", str(path), "-o", str(tmp_path / "site"), "--report", str(blocker / "r.json")],
        timeout=60,
    )
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and "cannot write" in r.stderr
    assert "1 written, 0 skipped, 0 failed" in r.stderr


def test_render_site_removes_what_a_killed_run_left_half_written(tmp_path):
    site = tmp_path / "public"
    (site / "posts").mkdir(parents=True)
    page = site / "posts" / "a.html"
    page.write_text('<p>[covid19-ultimate-card region="EG"]</p>', encoding="utf-8")
    stale = site / "posts" / f".a.html.{_gone_pid()}.3.tmp"
    stale.write_text("<p>half")
    mine = site / "posts" / f".b.html.{os.getpid()}.0.tmp"  # a live process's: kept
    mine.write_text("<p>being written")
    r = _run(["render-site", str(site)], timeout=60)
    assert r.returncode == 0, r.stderr
    assert not stale.exists() and mine.exists()
    assert "covid-card" in page.read_text(encoding="utf-8")
