"""Writing files safely: atomic replace, never half-written, always inside the output folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..errors import OutputError


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` via a temporary file in the same folder and a rename.

    Readers see the old file or the new one, never a part. `durable` also flushes
    the data to disk before the rename (for files replaced in place; a generated
    site can be regenerated, so it skips that cost). Raises OutputError.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise OutputError(f"cannot write: {e.strerror or e}", file=str(path)) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if path.exists():
            try:
                os.chmod(tmp, path.stat().st_mode & 0o7777)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError(f"cannot write: {e.strerror or e}", file=str(path)) from e


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """atomic_write_bytes for UTF-8 text."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)
