"""File helpers every stage shares: atomic writes, cached TOML reads and file hashes."""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``target``, then rename it into place,
    so no reader ever sees half a file and a failure leaves the old file untouched."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp makes files private; outputs are meant to be shared
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def locked(target: Path, folder: Path | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``target`` while another process, or another thread, making
    the same file waits. The lock file is ``.<name>.lock`` beside it, or in ``folder``."""
    target = Path(target)
    where = Path(folder) if folder is not None else target.parent
    where.mkdir(parents=True, exist_ok=True)
    with open(where / f".{target.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_bytes(target: Path, data: bytes) -> None:
    """Write bytes atomically."""
    replace_atomically(target, lambda p: p.write_bytes(data))


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 text with ``\\n`` line ends atomically."""
    write_bytes(target, text.encode("utf-8"))


def read_toml(path: Path, error: type[Exception]) -> dict:
    """Parse a TOML file, once per version of it (size and mtime); a missing or malformed file
    raises ``error`` naming the path."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise error(f"{path}: not found") from None
    try:
        return _read_toml(path, st.st_mtime_ns, st.st_size)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc


@functools.lru_cache(maxsize=16)
def _read_toml(path: Path, _mtime: int, _size: int) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks (the one file-hash helper of the package)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def sha256_json(obj) -> str:
    """Hex sha256 of an object's canonical JSON (sorted keys): a digest of structured inputs."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()


class HashCache:
    """sha256 of files, remembered by (size, mtime_ns) in a JSON file between processes.

    A file whose size and modification time are unchanged is not read again, so checking
    every raw file and output costs a ``stat`` each. Saving merges with what other processes
    saved meanwhile and replaces the file atomically, so several runs may share one cache.
    """

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else None  # None: in memory only
        self.dirty = False
        self.entries: dict[str, list] = self._read()

    def _read(self) -> dict:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def sha(self, file: Path) -> str | None:
        """Hex sha256 of ``file``; None when it does not exist."""
        file = Path(file)
        try:
            st = file.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        key = str(file if file.is_absolute() else file.resolve())
        hit = self.entries.get(key)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return hit[2]
        digest = sha256_file(file)
        self.entries[key] = [st.st_size, st.st_mtime_ns, digest]
        self.dirty = True
        return digest

    def forget(self, file: Path) -> None:
        """Drop a file's entry (after it was replaced or found bad)."""
        file = Path(file)
        key = str(file if file.is_absolute() else file.resolve())
        if self.entries.pop(key, None) is not None:
            self.dirty = True

    def save(self) -> None:
        """Write the cache back if anything was added: merged, atomically."""
        if not self.dirty or self.path is None:
            return
        merged = {**self._read(), **self.entries}
        live = {k: v for k, v in merged.items() if os.path.exists(k)}
        try:
            write_text(self.path, json.dumps(live, sort_keys=True) + "\n")
        except OSError:
            return  # a cache: losing it costs time, never correctness
        self.dirty = False
