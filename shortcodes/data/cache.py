"""A small on-disk cache of JSON responses keyed by URL, safe to share between processes.

Every entry is one file named after the SHA-256 of its URL. Files are written to a temporary
file in the same folder and renamed over the old one, so readers see either the old or the
new entry, never half of one; concurrent writers of one key simply race (last one wins).
A missing, expired, unreadable or corrupt entry is a miss. The cache never raises on I/O:
it is an optimisation, and a failure to read or write just means another request.

A cache folder that another user could write to (not owned by this user, or writable by
its group or by everyone) is not trusted: someone could plant figures in it. It is then
not used at all, and `problem` says why (the provider shows it as a warning).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

APP_NAME = "covid-shortcodes"
CACHE_DIR_ENV = "COVID_SHORTCODES_CACHE_DIR"
DEFAULT_TTL = 600.0  # seconds: the 10 minutes the WordPress plugins cached for

_FORMAT = 1
_SUFFIX = ".json"


def default_cache_dir() -> Path:
    """The cache folder: `$COVID_SHORTCODES_CACHE_DIR`, else the platform's user cache folder.

    Linux/BSD: `$XDG_CACHE_HOME/covid-shortcodes` or `~/.cache/covid-shortcodes`; macOS:
    `~/Library/Caches/covid-shortcodes`; Windows: `%LOCALAPPDATA%\\covid-shortcodes\\Cache`.
    """
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    xdg = os.environ.get("XDG_CACHE_HOME")
    # The XDG spec says relative paths are invalid and must be ignored.
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / APP_NAME
    return Path.home() / ".cache" / APP_NAME


class DiskCache:
    """JSON values on disk keyed by URL, each valid for `ttl` seconds after it was stored."""

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        *,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory).expanduser() if directory else default_cache_dir()
        self.ttl = float(ttl)
        self._clock = clock
        self._trusted: bool | None = None
        self.problem: str | None = None  # why the folder is not used, once found out

    def usable(self) -> bool:
        """Whether the folder may be used: absent (it will be made private), or owned by
        this user and writable by nobody else. Checked once."""
        if self._trusted is None:
            self._trusted = self._check()
        return self._trusted

    def _check(self) -> bool:
        if not hasattr(os, "getuid"):  # Windows: the user's own profile folder
            return True
        try:
            st = os.stat(self.directory)
        except FileNotFoundError:
            return True
        except OSError as e:
            self.problem = f"cache folder {self.directory} cannot be used ({e.strerror or e})"
            return False
        if st.st_uid != os.getuid():
            self.problem = (
                f"cache folder {self.directory} belongs to another user; "
                "not used (it could hold planted figures)"
            )
            return False
        if st.st_mode & 0o022:
            self.problem = (
                f"cache folder {self.directory} is writable by other users "
                f"(mode {st.st_mode & 0o777:o}); not used (it could hold planted figures)"
            )
            return False
        return True

    def __repr__(self) -> str:
        return f"<DiskCache {str(self.directory)!r} ttl={self.ttl:g}s>"

    def path_for(self, url: str) -> Path:
        """The file that holds the entry for `url`."""
        digest = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.directory / (digest + _SUFFIX)

    def get(self, url: str) -> Any | None:
        """The stored value for `url`, or None when absent, expired or unreadable."""
        if self.ttl <= 0 or not self.usable():
            return None
        try:
            with open(self.path_for(url), "rb") as f:
                if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                    return None  # planted by someone else
                entry = json.loads(f.read().decode("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("format") != _FORMAT:
            return None
        if entry.get("url") != url or "value" not in entry:
            return None
        stored = entry.get("stored")
        if isinstance(stored, bool) or not isinstance(stored, int | float):
            return None
        age = self._clock() - stored
        if age < 0 or age >= self.ttl:
            # An entry from the future (clock change) is not trusted either.
            return None
        return entry["value"]

    def set(self, url: str, value: Any) -> bool:
        """Store `value` (JSON-serialisable) for `url` atomically; False if it could not be."""
        if not self.usable():
            return False
        entry = {"format": _FORMAT, "url": url, "stored": self._clock(), "value": value}
        try:
            data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except (TypeError, ValueError):
            return False
        target = self.path_for(url)
        tmp_name: str | None = None
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._trusted = None  # made now, perhaps by someone else meanwhile
            if not self.usable():
                return False
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{target.stem[:16]}.", suffix=".tmp", dir=self.directory
            )
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp_name, target)
            tmp_name = None
            return True
        except OSError:
            # Read-only or full disk, or (on Windows) a reader holding the file open.
            return False
        finally:
            if tmp_name is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp_name)

    def delete(self, url: str) -> None:
        """Forget the entry for `url`, if any."""
        with contextlib.suppress(OSError):
            self.path_for(url).unlink()

    def clear(self) -> int:
        """Remove every entry (and stray temporary file); returns how many files went."""
        removed = 0
        try:
            names = os.listdir(self.directory)
        except OSError:
            return 0
        for name in names:
            if name.endswith(_SUFFIX) or (name.startswith(".") and name.endswith(".tmp")):
                with contextlib.suppress(OSError):
                    os.unlink(self.directory / name)
                    removed += 1
        return removed
