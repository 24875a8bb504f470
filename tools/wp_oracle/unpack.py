"""Unpack one commit of a bare git repository into a directory, skipping absent blobs.

    python tools/wp_oracle/unpack.py GIT_DIR REV DEST

For WordPress (johnpbloch/wordpress-core, tag 7.1.0) and the importer (WordPress/
wordpress-importer, 5fda04887e) from snapshots where `git archive` stops at a missing
large file; prints what was left out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def unpack(git_dir: str, rev: str, dest: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", rev],
        capture_output=True,
        check=True,
    ).stdout
    entries = []
    for entry in filter(None, listing.split(b"\0")):
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob":
            entries.append((mode, sha.decode(), path.decode()))
    cat = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    missing = []
    for mode, sha, path in entries:
        cat.stdin.write(f"{sha}\n".encode())
        cat.stdin.flush()
        header = cat.stdout.readline().split()
        if header[1] == b"missing":
            missing.append(path)
            continue
        data = cat.stdout.read(int(header[2]))
        cat.stdout.read(1)
        target = dest / path
        if not target.resolve().is_relative_to(dest.resolve()):
            raise SystemExit(f"{path}: outside {dest}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":
            target.symlink_to(data.decode())
        else:
            target.write_bytes(data)
    cat.stdin.close()
    cat.wait()
    return missing


def main(argv: list[str]) -> int:
    git_dir, rev, dest = argv
    missing = unpack(git_dir, rev, Path(dest))
    for path in missing:
        print(f"absent from the snapshot: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
