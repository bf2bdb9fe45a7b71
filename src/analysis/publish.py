"""All-or-nothing publishing into an output folder (``results/`` or ``build/runs/<hash>/``).

A run never writes into the target folder directly. It works in a stage,
``<target>/.publish/new/``, that starts as a copy of the published state, takes each
successful notebook's outputs, the collected ledger and the manifest, and is then moved in by
renames:

1. the stage is complete: the journal ``<target>/.publish/journal.json`` says ``staged``;
2. each published entry (``figures/``, ``claims/``, the ledger files, ``manifest.json``) is
   renamed into ``.publish/old/`` and the staged one renamed into its place;
3. the journal and ``.publish/`` are removed.

If a step fails, the entries already moved are moved back, so the target is the old state
again. If the process dies between steps, the journal is left behind and the next run (or
:func:`recover`) finishes the move: a folder is always entirely the old state or entirely the
new one once a run has started. A lock file (``<target>/.publish.lock``, holding the process
id) keeps two runs from publishing into one folder at once.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from . import files, outputs

ENTRIES = ("figures", "claims", *outputs.LEDGER_FILES, outputs.MANIFEST)
WORK = ".publish"
LOCK = ".publish.lock"
# Room asked for besides the outputs themselves: a run writes temporary notebooks and images.
MIN_FREE_BYTES = 200 * 2**20


class PublishError(OSError):
    """The target folder cannot be published into; the message names it and what to do."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def _rename(src: Path, dst: Path) -> None:
    """One rename of the move (a separate function so tests can inject a failure)."""
    os.replace(src, dst)


def _journal(target: Path) -> Path:
    return target / WORK / "journal.json"


def _write_journal(target: Path, step: str) -> None:
    before = [name for name in ENTRIES if (target / name).exists()]
    files.write_text(_journal(target), json.dumps({"step": step, "before": before}))


def _read_journal(target: Path) -> dict:
    try:
        data = json.loads(_journal(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def describe(exc: OSError, path: Path) -> str:
    """One clear sentence for a file-system error: what happened to which path, what to do."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the device holding {path}: free some space and run again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"cannot write to {path} ({exc.strerror}): make it writable (or choose another "
                "folder with --output) and run again")
    return f"{path}: {exc.strerror or exc}"


# --------------------------------------------------------------------------- before a run


def preflight(target: Path, need_bytes: int | None = None) -> None:
    """Check, before any notebook runs, that ``target`` can be written and has room."""
    target = Path(target)
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / WORK / ".probe"
        probe.parent.mkdir(exist_ok=True)
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise PublishError(exc.errno, describe(exc, target)) from exc
    have = shutil.disk_usage(target).free
    need = need_bytes if need_bytes is not None else MIN_FREE_BYTES + _size(target)
    if have < need:
        raise PublishError(errno.ENOSPC, f"only {have / 2**20:.0f} MB free on the device "
                           f"holding {target}; a run needs about {need / 2**20:.0f} MB: free "
                           "some space and run again")


def _size(target: Path) -> int:
    return sum(p.stat().st_size for e in ENTRIES for p in _files(target / e))


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []


@contextmanager
def lock(target: Path):
    """Hold the publishing lock of ``target``; a second run stops with a message naming the
    process that holds it. The lock is released when the process ends, however it ends."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    path = target / LOCK
    fh = open(path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "unknown"
            raise PublishError(errno.EBUSY, f"another analysis run (process {holder}) is "
                               f"publishing into {target}; wait for it to finish and run "
                               "again") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


# --------------------------------------------------------------------------- the stage


class Stage:
    """The next state of a target folder, built beside it (see the module docstring)."""

    def __init__(self, target: Path):
        self.target = Path(target)
        self.work = self.target / WORK
        self.path = self.work / "new"
        recover(self.target)
        shutil.rmtree(self.work, ignore_errors=True)
        self.path.mkdir(parents=True)
        for name in ENTRIES:  # start from the published state
            src = self.target / name
            # Copies, not hard links: a write into the stage must never reach the target.
            if src.is_dir():
                shutil.copytree(src, self.path / name)
            elif src.is_file():
                shutil.copy2(src, self.path / name)

    def changed(self) -> bool:
        """True when the stage differs from the published state in any entry."""
        return _state(self.path) != _state(self.target)

    def commit(self) -> bool:
        """Move the stage into the target (see the module docstring); False when there was
        nothing to change (the target is left exactly as it was)."""
        if not self.changed():
            self.discard()
            return False
        _write_journal(self.target, "staged")
        try:
            _swap(self.target)
        except BaseException:
            try:
                _rollback(self.target)
            except OSError:
                pass  # the journal stays: the next start finishes the move
            raise
        shutil.rmtree(self.work, ignore_errors=True)
        return True

    def discard(self) -> None:
        """Forget the stage; the target was never touched."""
        shutil.rmtree(self.work, ignore_errors=True)


def _state(folder: Path) -> dict[str, bytes]:
    out = {}
    for name in ENTRIES:
        for p in _files(folder / name):
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


def _swap(target: Path) -> None:
    new, old = target / WORK / "new", target / WORK / "old"
    old.mkdir(exist_ok=True)
    for name in ENTRIES:
        if (target / name).exists() and not (old / name).exists():
            _rename(target / name, old / name)
        if (new / name).exists():
            _rename(new / name, target / name)


def _rollback(target: Path) -> None:
    """Undo a partial swap: staged entries go back to the stage, old ones to the target, and
    an entry the old state did not have leaves the target."""
    new, old = target / WORK / "new", target / WORK / "old"
    before = set(_read_journal(target).get("before", ENTRIES))
    for name in ENTRIES:
        if name in before and not (old / name).exists():
            continue  # never moved
        if (target / name).exists() and not (new / name).exists():
            _rename(target / name, new / name)
        if (old / name).exists():
            _rename(old / name, target / name)
    shutil.rmtree(target / WORK, ignore_errors=True)


def recover(target: Path) -> str | None:
    """Finish a publish that was interrupted after its stage was complete (the journal says
    so); remove an incomplete stage. Returns what was done, or None when nothing was needed."""
    target = Path(target)
    work = target / WORK
    if not work.exists():
        return None
    if _read_journal(target).get("step") == "staged":
        _swap(target)
        shutil.rmtree(work, ignore_errors=True)
        return f"finished an interrupted publish into {target}"
    shutil.rmtree(work, ignore_errors=True)
    return f"removed an incomplete publish stage from {target}"
