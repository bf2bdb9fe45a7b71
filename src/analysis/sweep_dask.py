"""The Dask side of a sweep: the cluster, the tasks, and what a task does on its worker.

A task runs one parameter set as its own ``analysis run`` process (``python -m analysis.cli
run NOTEBOOK -p ... --output <scratch> --timeout T --jobs 1 --quiet``), so no kernel ever lives
in a worker's thread, and returns the scratch folder as an archive: results come back to the
client as bytes and are installed under ``build/`` by the client alone, never written by two
tasks to one place, and no shared file system is needed for outputs.

A worker runs in the project's environment: the same checkout (its ``analysis`` package is an
editable install of it, or ``ANALYSIS_ROOT`` names it), the same ``requirements.lock``, and the
data through the catalog (a mirror folder on a shared path, ``ANALYSIS_DATA_MIRROR``, or the
pinned URLs; every file is sha256-checked). Before running, a task compares the worker's
notebook, package code and lock file with the client's and refuses to run on a mismatch, so a
worker on another commit cannot put its numbers under this commit's name.

Imports of ``dask.distributed`` stay inside functions: ``analysis`` loads without it.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from . import paths

SCHEDULER_ENV = "ANALYSIS_DASK_SCHEDULER"
TOPIC = "analysis-sweep"
CONNECT_TIMEOUT = "30s"
ERROR_LINES = 30  # lines of a failed run's stderr kept when it printed no "error:" line

LOCAL_CONFIG = {"distributed.admin.system-monitor.interval": "5s",
                "distributed.worker.memory.monitor-interval": "5s",
                "distributed.admin.tick.interval": "200ms"}

# Processes started by tasks of this worker process, by pid (see stop_all).
_RUNNING: dict[int, subprocess.Popen] = {}


# --------------------------------------------------------------------------- on the worker


def _worker_address() -> str:
    try:
        from dask.distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return ""


def _event(kind: str, spec: dict) -> None:
    """Tell the client a task started (for its progress display); silent off a worker."""
    try:
        from dask.distributed import get_worker

        get_worker().log_event(TOPIC, {"kind": kind, "index": spec["index"],
                                       "sweep": spec.get("sweep", "")})
    except (ImportError, ValueError):
        pass


def identity_problem(spec: dict, root: Path) -> str:
    """Why this worker cannot run the spec as the client means it ("" when it can)."""
    from .sweep import code_identity

    nb = root / spec["notebook"]
    if not nb.is_file():
        return (f"the worker has no {spec['notebook']} under its project root {root}: run "
                f"workers from the same checkout (or set ANALYSIS_ROOT on them)")
    mine = code_identity(root, spec["notebook"])
    differ = [k for k, v in spec["identity"].items() if mine.get(k) != v]
    if not differ:
        return ""
    what = {"notebook": spec["notebook"], "package": "the analysis package's code",
            "lock": "requirements.lock"}
    return (f"the worker's {', '.join(what[k] for k in differ)} differ(s) from the client's "
            f"(worker root {root}): workers need the same commit and lock file")


def _error_text(stderr: str) -> str:
    """The runner's own error message(s) from a failed ``analysis run``, else its last lines."""
    lines = stderr.rstrip().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("error:"):
            return "\n".join(lines[i:]).removeprefix("error:").strip()
    return "\n".join(lines[-ERROR_LINES:]).strip() or "the run failed without a message"


def command(spec: dict, root: Path, output: Path) -> list[str]:
    """The ``analysis run`` command line of one task."""
    cmd = [sys.executable, "-m", "analysis.cli", "run", str(root / spec["notebook"]),
           "--output", str(output), "--timeout", str(spec["timeout"]), "--jobs", "1", "--quiet"]
    for name, value in spec["overrides"].items():
        cmd += ["-p", f"{name}={json.dumps(value)}"]
    return cmd


def run_task(spec: dict) -> dict:
    """Run one parameter set (on a Dask worker, or anywhere): returns its status, seconds,
    error message and its output folder as an archive (:func:`analysis.sweep.pack`)."""
    from .sweep import pack

    t0 = time.perf_counter()
    _event("start", spec)
    root = paths.root()
    base = {"index": spec["index"], "worker": _worker_address()}
    problem = identity_problem(spec, root)
    if problem:
        return {**base, "status": "failed", "error": problem, "seconds": 0.0, "archive": b""}
    # The worker's temporary folder: its own disk, whatever the project's build/ is.
    scratch = Path(tempfile.mkdtemp(prefix=f"analysis-sweep-{spec['hash']}-"))
    try:
        out = scratch / "run"
        env = {**os.environ, "ANALYSIS_ROOT": str(root)}
        proc = subprocess.Popen(command(spec, root, out), env=env, cwd=root,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, errors="replace",
                                start_new_session=True)  # its kernels go with it (stop_all)
        _RUNNING[proc.pid] = proc
        try:
            _, stderr = proc.communicate()
        finally:
            _RUNNING.pop(proc.pid, None)
            if proc.poll() is None:
                _kill(proc)
        ok = proc.returncode == 0
        return {**base, "status": "ran" if ok else "failed",
                "error": "" if ok else _error_text(stderr),
                "seconds": round(time.perf_counter() - t0, 2),
                "archive": pack(out) if out.is_dir() else b"", "output": str(out)}
    finally:
        _event("stop", spec)  # before the next task's start: the display never over-counts
        import shutil

        shutil.rmtree(scratch, ignore_errors=True)


def _kill(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)


def stop_all() -> int:
    """Stop the runs this worker process started (their whole process groups: the runner and
    its kernels); returns how many. Sent to every worker when a sweep is interrupted."""
    procs = list(_RUNNING.values())
    for p in procs:
        _kill(p)
    return len(procs)


# --------------------------------------------------------------------------- on the client


def scheduler_address(given: str | None) -> str | None:
    """The scheduler to use: ``given``, else ``ANALYSIS_DASK_SCHEDULER``, else None (local)."""
    return given or os.environ.get(SCHEDULER_ENV) or None


@contextlib.contextmanager
def connect(scheduler: str | None = None, workers: int | None = None):
    """A Dask client: of the scheduler at ``scheduler`` (or ``ANALYSIS_DASK_SCHEDULER``), else
    of a new local cluster on 127.0.0.1 with ``workers`` processes (default one per core) of
    one thread each, closed on exit."""
    from dask.distributed import Client, LocalCluster

    address = scheduler_address(scheduler)
    if address:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise ConnectionError(f"cannot reach the Dask scheduler at {address} ({exc}); "
                                  "start it (`dask scheduler`) or leave out --scheduler to "
                                  "use a local cluster") from None
        try:
            yield client
        finally:
            client.close()
        return
    import dask

    n = workers or os.cpu_count() or 1
    # The workers only wait on their `analysis run` processes: no memory limit to police (a
    # notebook's memory is in its own process, out of the nanny's sight) and slower
    # monitoring, which halves the idle cluster's CPU use (measured: 4.9 -> 2.6 CPU-seconds
    # per 30 s for two workers), CPU the notebooks need on a small machine.
    with dask.config.set(LOCAL_CONFIG):
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None, memory_limit=0,
                               silence_logs=logging.ERROR)
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def slots(client) -> int:
    """How many tasks the cluster runs at once (its worker threads)."""
    return max(1, sum(client.nthreads().values()))


def execute(client, specs: list[dict], on_start: Callable[[int], None] | None = None,
            on_stop: Callable[[int], None] | None = None) -> Iterator[tuple[dict, dict]]:
    """Submit one task per spec; yield ``(spec, result)`` as each finishes, in any order.

    A task whose worker died, or that Dask gave up on, comes back as a failed result with the
    exception. ``on_start(index)`` and ``on_stop(index)`` are called (from the client's event
    thread) when a task starts and when its run ended on the worker (its result may take a
    moment longer to arrive). If the caller stops early (an interruption), the remaining tasks
    are cancelled and the runs already started on the workers are stopped.
    """
    from dask.distributed import as_completed

    sweep_id = uuid.uuid4().hex[:8]
    calls = {"start": on_start, "stop": on_stop}
    if on_start is not None or on_stop is not None:
        def handler(event):
            msg = event[1] if isinstance(event, tuple | list) else event
            if isinstance(msg, dict) and msg.get("sweep") == sweep_id \
                    and calls.get(msg.get("kind")) is not None:
                calls[msg["kind"]](int(msg["index"]))

        client.subscribe_topic(TOPIC, handler)
    futures = {}
    for spec in specs:
        spec = {**spec, "sweep": sweep_id}
        fut = client.submit(run_task, spec, key=f"analysis-sweep-{sweep_id}-{spec['index']}",
                            pure=False)
        futures[fut] = spec
    pending = set(futures)
    try:
        for fut in as_completed(list(futures)):
            pending.discard(fut)
            spec = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker, a cancelled task
                result = {"index": spec["index"], "status": "failed", "seconds": 0.0,
                          "error": f"{type(exc).__name__}: {exc}", "archive": b""}
            yield spec, result
    finally:
        if on_start is not None or on_stop is not None:
            with contextlib.suppress(Exception):
                client.unsubscribe_topic(TOPIC)
        if pending:
            with contextlib.suppress(Exception):
                client.cancel(list(pending))
            with contextlib.suppress(Exception):
                client.run(stop_all)
