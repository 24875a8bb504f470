"""Atomic writes: the old file or the new one, never a part, never a stray temporary file."""

from __future__ import annotations

import os

import pytest

from shortcodes.errors import OutputError
from shortcodes.writers.files import atomic_stream, atomic_write_bytes


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "a.html"
    target.write_bytes(b"old")
    os.chmod(target, 0o600)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o600
    atomic_write_bytes(tmp_path / "sub" / "b.html", b"x", durable=False)  # folder made
    assert (tmp_path / "sub" / "b.html").read_bytes() == b"x"


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "keep").write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write_bytes(tmp_path / "dir", b"new")  # a folder cannot be replaced by a file
    with pytest.raises(OutputError, match="cannot write"):
        atomic_write_bytes(tmp_path / "dir" / "keep" / "x", b"new")  # 'keep' is a file
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["dir", "keep"]


def test_an_interrupted_stream_changes_nothing(tmp_path):
    target = tmp_path / "index.html"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt):
        with atomic_stream(target) as out:
            out.write(b"half")
            raise KeyboardInterrupt
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["index.html"]
    before = target.stat().st_mtime_ns
    with atomic_stream(target, keep_identical=True) as out:
        out.write(b"old")
    assert target.stat().st_mtime_ns == before  # the same bytes: left alone


def test_short_writes_are_completed_and_a_full_disk_leaves_the_old_file(tmp_path, monkeypatch):
    # The bytes go to the descriptor directly: a write may take only part of them,
    # and a failing one (disk full) must leave the old file, no temporary file and
    # no open descriptor behind.
    import errno

    real_write = os.write
    target = tmp_path / "a.html"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, bytes(data[:3])))
    atomic_write_bytes(target, "منشور جديد".encode())
    assert target.read_text(encoding="utf-8") == "منشور جديد"

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    with pytest.raises(OutputError, match="No space left"):
        atomic_write_bytes(target, b"new")
    assert target.read_text(encoding="utf-8") == "منشور جديد" and os.listdir(tmp_path) == ["a.html"]
    if before is not None:
        assert len(os.listdir("/proc/self/fd")) == before
