"""The content context's posts and attachments on disk, so that memory stays flat.

WordPress answers the content chain's questions (this post's permalink, the latest
posts, a gallery's images, the previous post by date) from its database. The planning
pass writes what the chain may ask of every post and attachment once into a small
read-only SQLite database in a temporary folder of its own; each process (forked
workers too) opens its own connection when it first asks, and only the rows a query
returns are in memory. The folder is removed when the conversion ends, whatever the
way (`ContextDB.close`; at exit otherwise; by a watching process after a kill -9).

The tables hold, beside each row's pickled fields, the columns the chain sorts and
filters by, indexed: by id, the published posts of a type in a query's order, the
adjacent post by date, the children of a parent.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import urllib.parse
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields
from functools import lru_cache
from typing import Any

from .wordpress.context import Attachment, PostSummary

_SCHEMA = """
CREATE TABLE post (
    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL,
    menu_order INTEGER NOT NULL, dated INTEGER NOT NULL, date_us INTEGER NOT NULL,
    gmt_us INTEGER NOT NULL, title_key TEXT NOT NULL, row BLOB NOT NULL);
CREATE TABLE attachment (
    id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, parent INTEGER NOT NULL, row BLOB NOT NULL);
"""
_INDEXES = """
CREATE INDEX post_seq ON post (type, status, seq);
CREATE INDEX post_date ON post (type, status, date_us, id);
CREATE INDEX post_gmt ON post (type, status, gmt_us, id);
CREATE INDEX post_title ON post (type, status, title_key, id);
CREATE INDEX post_menu ON post (type, status, menu_order, title_key, id);
CREATE INDEX attachment_parent ON attachment (parent, seq);
"""
# A query's order (the columns before the id that ends every key) -> ORDER BY.
_COLUMNS = {
    "id": (),
    "date": ("date_us",),  # (post_date or the epoch, ID)
    "date_gmt": ("gmt_us",),  # (post_date_gmt or post_date or the epoch, ID)
    "title": ("title_key",),  # (lower(post_title), ID)
    "menu_order": ("menu_order",),
    "page": ("menu_order", "title_key"),  # get_pages( sort_column => menu_order,post_title )
}
_EPOCH = dt.datetime(1970, 1, 1)
_EPOCH_UTC = _EPOCH.replace(tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)


def micros(moment: dt.datetime | None) -> int:
    """A moment as an integer that sorts as the datetimes do (None: the epoch, as the
    chain's keys `p.date or _EPOCH` have it)."""
    if moment is None:
        return 0
    return (moment - (_EPOCH if moment.tzinfo is None else _EPOCH_UTC)) // _MICROSECOND


def _pack(item: Any) -> bytes:
    return pickle.dumps(tuple(getattr(item, f.name) for f in fields(item)), protocol=5)


def _post(blob: bytes) -> PostSummary:
    return PostSummary(*pickle.loads(blob))


def _attachment(blob: bytes) -> Attachment:
    return Attachment(*pickle.loads(blob))


class ContextDB:
    """The database of one export's context: written by `add_*`, then `seal()`ed and
    read by any process through `posts` and `attachments`."""

    def __init__(self, folder: str | None = None) -> None:
        self.folder = tempfile.mkdtemp(prefix="covid-shortcodes-context-", dir=folder)
        self.path = os.path.join(self.folder, "context.sqlite")
        self._owner = os.getpid()
        self._guard = _guard(self.folder)
        self._remove = weakref.finalize(self, _remove, self.folder, self._owner, self._guard)
        self._writer: sqlite3.Connection | None = None
        self._seq = 0
        self._local = threading.local()
        self._kept: list[sqlite3.Connection] = []  # a parent's, never closed in a child
        try:
            self._writer = sqlite3.connect(self.path)
            self._writer.executescript(
                # A small page cache (SQLite's default is 2 MB): rows are only added.
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -256;"
                + _SCHEMA
            )
            self._writer.execute("BEGIN")
        except BaseException:  # a full temporary folder
            self.close()
            raise
        self.posts = PostTable(self)
        self.attachments = AttachmentTable(self)

    # -- writing (the planning pass) ----------------------------------------------------

    def add_post(self, p: PostSummary) -> None:
        """Add `p`; one with the same id replaces it, in the first one's place (a dict)."""
        self._seq += 1
        values = (
            p.id, self._seq, p.post_type, p.status, p.menu_order, p.date is not None,
            micros(p.date), micros(p.date_gmt or p.date), p.title.lower(), _pack(p),
        )  # fmt: skip
        assert self._writer is not None
        self._writer.execute(
            "INSERT INTO post VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
            " SET type = excluded.type, status = excluded.status,"
            " menu_order = excluded.menu_order, dated = excluded.dated,"
            " date_us = excluded.date_us, gmt_us = excluded.gmt_us,"
            " title_key = excluded.title_key, row = excluded.row",
            values,
        )

    def add_attachment(self, a: Attachment) -> None:
        self._seq += 1
        assert self._writer is not None
        self._writer.execute(
            "INSERT INTO attachment VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE"
            " SET parent = excluded.parent, row = excluded.row",
            (a.id, self._seq, a.parent, _pack(a)),
        )

    def written_post(self, post_id: int) -> PostSummary:
        """A post added before `seal()`."""
        assert self._writer is not None
        sql = "SELECT row FROM post WHERE id = ?"
        return _post(self._writer.execute(sql, (post_id,)).fetchone()[0])

    def seal(self) -> None:
        """The end of writing: indexed, read-only from here."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.executescript(_INDEXES)
            self._writer.close()
            self._writer = None

    # -- reading (any process) ----------------------------------------------------------

    def rows(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        return self._connection().execute(sql, args)

    def _connection(self) -> sqlite3.Connection:
        """This process's (and thread's) connection, opened when first asked: SQLite's
        connections must not cross a fork."""
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            if getattr(local, "connection", None) is not None:
                self._kept.append(local.connection)
            self.seal()
            uri = "file:" + urllib.parse.quote(self.path) + "?mode=ro&immutable=1"
            local.connection = sqlite3.connect(uri, uri=True)
            local.connection.execute("PRAGMA cache_size = -1024")  # the system caches too
            local.pid = os.getpid()
        return local.connection

    def close(self) -> None:
        """Close and remove the database (in the process that made it only)."""
        if os.getpid() != self._owner:
            return
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
        self._remove()

    @property
    def closed(self) -> bool:
        return not self._remove.alive


def _remove(folder: str, owner: int, guard: subprocess.Popen | None) -> None:
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)
        if guard is not None:
            guard.stdin.close()  # type: ignore[union-attr]
            guard.wait()


def _guard(folder: str) -> subprocess.Popen | None:
    """A tiny process that removes `folder` when this one ends without doing it (a kill
    -9, the OOM killer): it waits for the end of a pipe only this process writes to
    (and the workers it forks, which end with it). In a session of its own, so that a
    Ctrl-C to the terminal leaves it to its work."""
    try:
        return subprocess.Popen(
            ["sh", "-c", 'read -r _; rm -rf -- "$1"', "covid-shortcodes-cleanup", folder],
            stdin=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError:
        return None  # no POSIX shell: removed at exit, as ever


class _Table(Mapping):
    """A read-only mapping id -> row of one table, in the order the rows were added.
    The last rows asked for are kept (a post's links ask for the same few again)."""

    table = ""

    def __init__(self, db: ContextDB, make: Callable[[bytes], Any]) -> None:
        self._db = db
        self._make = make
        self._get = lru_cache(maxsize=512)(self._fetch)

    def _fetch(self, key: int) -> Any:
        found = self._db.rows(f"SELECT row FROM {self.table} WHERE id = ?", (key,)).fetchone()
        return None if found is None else self._make(found[0])

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(key, int) or not -(2**63) <= key < 2**63:
            raise KeyError(key)
        found = self._get(int(key))
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: Any) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[int]:
        return (row[0] for row in self._db.rows(f"SELECT id FROM {self.table} ORDER BY seq"))

    def __len__(self) -> int:
        return self._db.rows(f"SELECT count(*) FROM {self.table}").fetchone()[0]

    def values(self) -> _Values:  # type: ignore[override]
        return _Values(self, "ORDER BY seq")

    def where(self, sql: str, args: tuple = ()) -> Iterator[Any]:
        """The rows of `SELECT row FROM table sql`, streamed."""
        make = self._make
        return (make(row[0]) for row in self._db.rows(f"SELECT row FROM {self.table} {sql}", args))


class _Values:
    """A mapping's values, read as they are iterated."""

    def __init__(self, table: _Table, sql: str) -> None:
        self._table, self._sql = table, sql

    def __iter__(self) -> Iterator[Any]:
        return self._table.where(self._sql)

    def __len__(self) -> int:
        return len(self._table)


class PostTable(_Table):
    """The export's posts and pages (`PostSummary`), with WP_Query's orders."""

    table = "post"

    def __init__(self, db: ContextDB) -> None:
        super().__init__(db, _post)

    def published(self, post_type: str) -> Iterator[PostSummary]:
        """The published posts of a type, in the export's order."""
        return self.where("WHERE type = ? AND status = 'publish' ORDER BY seq", (post_type,))

    def in_order(self, post_type: str, order: str, descending: bool) -> Iterator[PostSummary]:
        """The published posts of a type sorted by `_COLUMNS[order]`, then id."""
        way = " DESC" if descending else ""
        keys = ", ".join(f"{c}{way}" for c in (*_COLUMNS[order], "id"))
        sql = f"WHERE type = ? AND status = 'publish' ORDER BY {keys}"
        return self.where(sql, (post_type,))

    def adjacent(
        self, post_type: str, date: dt.datetime, post_id: int, previous: bool
    ) -> Iterator[PostSummary]:
        """The published posts of a type with a date before (date, id), nearest first,
        or after it."""
        key = micros(date)
        if previous:
            sql = "(date_us < ? OR (date_us = ? AND id < ?)) ORDER BY date_us DESC, id DESC"
        else:
            sql = "(date_us > ? OR (date_us = ? AND id > ?)) ORDER BY date_us, id"
        sql = "WHERE type = ? AND status = 'publish' AND dated AND " + sql
        return self.where(sql, (post_type, key, key, post_id))


class AttachmentTable(_Table):
    table = "attachment"

    def __init__(self, db: ContextDB) -> None:
        super().__init__(db, _attachment)

    def children(self, parent: int) -> list[Attachment]:
        """The attachments whose parent is `parent`, in the export's order."""
        if not isinstance(parent, int) or not -(2**63) <= parent < 2**63:
            return []
        return list(self.where("WHERE parent = ? ORDER BY seq", (parent,)))
