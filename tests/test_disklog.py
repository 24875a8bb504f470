"""Records kept on disk: what comes back is what went in, in the right order."""

from __future__ import annotations

import os
import tempfile

import pytest

from shortcodes.disklog import DiskLog


def test_records_come_back_as_written_with_their_keys():
    log = DiskLog()
    for i in range(5):
        log.append({"n": i, "title": "مصر" * i}, key=10 - i, ordinal=i)
    assert len(log) == 5
    assert [r["n"] for r in log] == [0, 1, 2, 3, 4]
    assert log[-1] == {"n": 4, "title": "مصر" * 4}
    assert [log.key(i) for i in range(5)] == [10, 9, 8, 7, 6]
    with pytest.raises(IndexError):
        log[5]


def test_records_of_worker_processes_are_merged_in_ordinal_order():
    files = [tempfile.TemporaryFile() for _ in range(3)]
    locations = []
    for k, file in enumerate(files):
        pid = os.fork()
        if pid == 0:  # a worker: every third record, in its own file
            worker = DiskLog(file)
            for ordinal in range(k, 10, 3):
                worker.append({"ordinal": ordinal, "by": k}, ordinal=ordinal)
            worker.locations()  # flushes
            os._exit(0)
        os.waitpid(pid, 0)
        # What the worker would send back: its records are the same in a fresh log.
        again = DiskLog(tempfile.TemporaryFile())
        for ordinal in range(k, 10, 3):
            again.append({"ordinal": ordinal, "by": k}, ordinal=ordinal)
        locations.append(again.locations())
    log = DiskLog()
    log.adopt(files, locations)
    assert [(r["ordinal"], r["by"]) for r in log] == [(i, i % 3) for i in range(10)]


@pytest.mark.parametrize("pread", [True, False])
def test_reads_between_appends_and_a_file_with_bytes_already(monkeypatch, pread):
    # Appends keep their own end offset (no seek per record): reads in between, with
    # or without os.pread, and bytes already in the file must not shift a record.
    if not pread:
        monkeypatch.delattr(os, "pread", raising=False)
    file = tempfile.TemporaryFile()
    file.write(b"written before\n")
    log = DiskLog(file)
    for i in range(6):
        log.append({"n": i, "text": "منشور " * i})
        assert log[i] == {"n": i, "text": "منشور " * i}
        assert log[0] == {"n": 0, "text": ""}  # the file's position left mid-file
    log.append_bytes(b"<li>raw</li>\n")
    assert log.raw(6) == b"<li>raw</li>\n" and [log[i]["n"] for i in range(6)] == list(range(6))
