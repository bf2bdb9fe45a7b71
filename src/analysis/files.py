"""File helpers every stage shares: atomic writes and cached TOML reads."""

from __future__ import annotations

import functools
import os
import tempfile
import tomllib
from collections.abc import Callable
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
