"""The content context on disk (shortcodes.ctxdb): the same answers as the posts and
attachments held in memory, and nothing of it left behind, whatever ends the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import shared_path
from wxrfactory import export, item

from shortcodes.convert import ConvertOptions, convert
from shortcodes.wordpress.context import ORDERS, ContentContext
from shortcodes.wpcontext import build_content_context

FIXTURES = ["themeunittestdata.wordpress.xml", "64-block-test-data.xml", "arabic-news-sample.xml"]


def _in_memory(ctx: ContentContext) -> ContentContext:
    """The same context with dicts, as it was before the database."""
    return ContentContext(
        site=ctx.site, posts=dict(ctx.posts.items()), attachments=dict(ctx.attachments.items())
    )


@pytest.mark.parametrize("name", FIXTURES)
def test_the_database_answers_every_query_as_the_dicts_do(name):
    ctx = build_content_context(shared_path("data", "wxr", name))
    assert ctx.store is not None and os.path.exists(ctx.store.path)
    mem = _in_memory(ctx)
    assert len(ctx.posts) == len(mem.posts) > 0
    assert list(ctx.posts) == list(mem.posts)  # the export's order
    assert list(ctx.posts.values()) == list(mem.posts.values())
    assert list(ctx.attachments.values()) == list(mem.attachments.values())
    for post_type in ("post", "page"):
        assert list(ctx.published(post_type)) == list(mem.published(post_type))
        for order in ORDERS:
            for descending in (False, True):
                got = list(ctx.in_order(post_type, order, descending))
                assert got == list(mem.in_order(post_type, order, descending)), order
        for p in mem.posts.values():
            if p.date is None:
                continue
            for previous in (True, False):
                got = list(ctx.adjacent(post_type, p.date, p.id, previous))
                assert got == list(mem.adjacent(post_type, p.date, p.id, previous))
    parents = {a.parent for a in mem.attachments.values()} | {0, 10**9}
    for parent in parents:
        assert ctx.children(parent) == mem.children(parent)
        assert ctx.attachments_of(parent) == mem.attachments_of(parent)
    for key in (*list(mem.posts)[:5], 0, -1, 10**30, "1", None, 1.0):
        assert (key in ctx.posts) == (key in mem.posts)
        assert ctx.posts.get(key) == mem.posts.get(key)
    ctx.store.close()
    assert not os.path.exists(ctx.store.folder)


def test_a_worker_forked_after_the_database_reads_it_on_its_own(tmp_path):
    path = tmp_path / "e.xml"
    path.write_text(export(*(item(str(i), slug=f"s{i}", title=f"T{i}") for i in range(1, 30))))
    ctx = build_content_context(path)
    assert ctx.posts[3].title == "T3"  # the parent's connection is open
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        titles = ",".join(p.title for p in ctx.in_order("post", "title", True))
        os.write(write, titles.encode())
        ctx.store.close()  # not the child's to remove
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    got = os.read(read, 100_000).decode()
    assert got == ",".join(sorted((f"T{i}" for i in range(1, 30)), reverse=True))
    assert os.path.exists(ctx.store.path)  # the child did not remove it
    ctx.store.close()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _leftovers(tmp: Path) -> list[str]:
    return [p.name for p in tmp.iterdir() if not p.name.startswith("_jinja2-cache")]


@pytest.mark.parametrize("fmt", ["html", "hugo"])
def test_a_conversion_leaves_no_database_and_any_jobs_give_the_same_site(
    fmt, tmp_path, private_tmp
):
    source = shared_path("data", "wxr", "64-block-test-data.xml")
    one = convert(source, tmp_path / "one", ConvertOptions(format=fmt, jobs=1))
    assert not one.failed
    assert _leftovers(private_tmp) == []
    two = convert(source, tmp_path / "two", ConvertOptions(format=fmt, jobs=2))
    assert not two.failed
    assert _leftovers(private_tmp) == []
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    again = convert(source, tmp_path / "one", ConvertOptions(format=fmt))  # reads it anew
    assert not again.failed and _tree(tmp_path / "one") == _tree(tmp_path / "two")
    assert _leftovers(private_tmp) == []


def test_an_interrupted_conversion_leaves_no_database(tmp_path, private_tmp):
    source = shared_path("data", "wxr", "themeunittestdata.wordpress.xml")

    def progress(done, total):
        if 0 < done < total:
            raise KeyboardInterrupt

    report = convert(source, tmp_path / "o", ConvertOptions(jobs=1), progress=progress)
    assert [e.code for e in report.errors] == ["interrupted"]
    assert _leftovers(private_tmp) == []


def test_a_killed_process_leaves_no_database(tmp_path):
    # kill -9 (the OOM killer) runs no clean-up of the process: its watcher removes it.
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = (
        "import os, signal, sys\n"
        "from shortcodes.ctxdb import ContextDB\n"
        "db = ContextDB()\n"
        "print(db.folder, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = dict(os.environ, TMPDIR=str(tmp))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert r.returncode == -signal.SIGKILL
    folder = Path(r.stdout.strip())
    assert folder.parent == tmp
    end = time.monotonic() + 10
    while folder.exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not folder.exists()
    assert _leftovers(tmp) == []


def test_a_full_temporary_folder_gives_the_same_site(tmp_path, private_tmp, monkeypatch):
    # The database cannot be written (a full disk, a file size limit): the context is
    # read again into memory and the site is the one a roomy disk gives.
    import sqlite3

    from shortcodes.ctxdb import ContextDB

    source = shared_path("data", "wxr", "64-block-test-data.xml")
    assert not convert(source, tmp_path / "roomy", ConvertOptions(jobs=1)).failed
    written = ContextDB.add_post
    calls = []

    def add_post(self, p):
        calls.append(p.id)
        if len(calls) > 5:
            raise sqlite3.OperationalError("database or disk is full")
        written(self, p)

    monkeypatch.setattr(ContextDB, "add_post", add_post)
    report = convert(source, tmp_path / "full", ConvertOptions(jobs=2))
    assert len(calls) > 5 and not report.failed
    assert _tree(tmp_path / "full") == _tree(tmp_path / "roomy")
    assert _leftovers(private_tmp) == []
