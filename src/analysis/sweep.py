"""Robustness sweeps: one notebook run once per combination of parameter values.

``analysis sweep 01_military_balance --grid edition=2023,2024,2025
--grid 'countries=[["ARM","AZE"],["GEO","AZE"]]'`` runs the notebook six times. Each
combination is an ordinary parameterised run: it lands in ``build/runs/<parameter-hash>/``
exactly where ``analysis run -p ...`` with the same values would put it (a combination equal to
the defaults too, under the hash of no overrides: a sweep never publishes into ``results/``),
so a combination whose fingerprint is unchanged is skipped without starting anything, and a
sweep that changed nothing starts no cluster at all.

Combinations that need a run go to Dask (:mod:`analysis.sweep_dask`): each task is one
``analysis run NOTEBOOK -p ... --output <scratch> --timeout T`` process on a worker, whose
output folder comes back as an archive and is installed here, by this process alone, into the
combination's run folder. A failing combination is reported with its parameters and error;
the others finish.

The sweep itself is written to ``build/sweeps/<sweep-hash>/``::

    grid.json     the notebook, the grid, the claim plotted
    runs.csv      one row per combination: parameters, status, seconds, run folder, error
    claims.csv    every claim value the runs recorded (one row per combination and recorded
                  row, parameters as ``param_<name>`` columns; claims.json the same)
    figures/sweep-<claim>.png/.svg/.csv/.json
                  the chosen claim's value across the grid, the brief's value and bands
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import json
import os
import shutil
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import files, paths, publish, runner
from .errors import AnalysisError

PARAM_PREFIX = "param_"
RUN_COLUMNS = ("combination", "status", "seconds", "run_folder", "parameter_hash", "worker",
               "error")
# Files of a run folder that belong to the machine that made them, not to the run.
NOT_SHIPPED = ("tmp", publish.WORK, publish.LOCK, "hashcache.json")


class SweepError(AnalysisError, ValueError):
    """A sweep cannot be run as asked (bad grid, unknown parameter, unknown claim)."""


# --------------------------------------------------------------------------- the grid


def _literal(text: str):
    """A JSON or Python literal, or None when ``text`` is neither."""
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
    return None


def _key(value) -> str:
    return json.dumps(value, sort_keys=True)


def grid_values(name: str, given, default) -> list:
    """The values one grid entry stands for, checked against the parameter's default.

    ``given`` is what the command line or the grid file holds: a list of values, or one value.
    A parameter whose default is a list takes a list of lists (``[["ARM","AZE"],["GEO","AZE"]]``)
    or one list (``["ARM","AZE"]``, one value). Duplicates are dropped, order kept.
    """
    if isinstance(default, list):
        shown = ",".join(map(str, given)) if isinstance(given, tuple) else given
        if isinstance(given, tuple):  # bare words: ambiguous for a list
            given = None
        if isinstance(given, list) and given and all(isinstance(v, list) for v in given):
            values = given
        elif isinstance(given, list) and not any(isinstance(v, list) for v in given):
            values = [given]
        else:
            raise SweepError(f"grid {name}: its default is a list ({default!r}), so give a "
                             f'list of lists in JSON, e.g. {name}=[["ARM","AZE"],["GEO","AZE"]]'
                             f", got {shown!r}")
    else:
        values = list(given) if isinstance(given, list | tuple) else [given]
    if not values:
        raise SweepError(f"grid {name}: no values")
    unique = list({_key(v): v for v in values}.values())
    for v in unique:
        problem = runner.type_problem(v, default)
        if problem:
            raise SweepError(f"grid {name}: value {v!r}: {problem} (the notebook declares "
                             f"{name} = {default!r})")
    return unique


def _parse_item(item: str) -> tuple[str, object]:
    name, sep, text = item.partition("=")
    name, text = name.strip(), text.strip()
    if not sep or not name.isidentifier() or not text:
        raise SweepError(f"--grid {item!r}: expected NAME=V1,V2,... or NAME=<JSON list>")
    parsed = _literal(text)
    if isinstance(parsed, list | tuple):
        return name, list(parsed)
    if parsed is not None and not isinstance(parsed, str):
        return name, [parsed]
    # Bare words (country=ARM,GEO): a tuple, so a list parameter can refuse them.
    parts = [p.strip() for p in text.split(",")]
    return name, tuple(v if (v := _literal(p)) is not None else p for p in parts)


def read_grid_file(path: Path) -> dict:
    """The ``[grid]`` table of a TOML file (``name = [values]`` or ``name = value``)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SweepError(f"grid file {path}: not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepError(f"grid file {path}: not valid TOML: {exc}") from None
    grid = data.get("grid")
    if not isinstance(grid, dict) or not grid:
        raise SweepError(f"grid file {path}: expected a [grid] table such as\n"
                         "    [grid]\n    edition = [2023, 2024, 2025]\n"
                         '    countries = [["ARM", "AZE"], ["GEO", "AZE"]]')
    return grid


def build_grid(notebook: Path, items: Iterable[str] = (), grid_file: Path | None = None,
               defaults: dict | None = None) -> dict[str, list]:
    """``{name: [values]}`` from ``--grid`` items and a grid file, each name declared by the
    notebook and each value of its default's type (checked before anything runs)."""
    if defaults is None:
        defaults = runner.declared_parameters(Path(notebook))
    given: dict[str, object] = {}
    if grid_file is not None:
        given.update(read_grid_file(grid_file))
    for item in items:
        name, values = _parse_item(item)
        if name in given:
            raise SweepError(f"grid {name}: given twice (--grid and --grid-file, or two --grid)")
        given[name] = values
    if not given:
        raise SweepError("no grid: give --grid NAME=V1,V2 (repeatable) or --grid-file FILE")
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise SweepError(f"{Path(notebook).name} does not declare parameter(s) {unknown}; it "
                         f"declares {sorted(defaults) or 'none'} (in its cell tagged "
                         "'parameters')")
    return {name: grid_values(name, value, defaults[name]) for name, value in given.items()}


def combinations(grid: dict[str, list]) -> list[dict]:
    """Every combination of the grid's values, the first parameter varying slowest."""
    names = list(grid)
    return [dict(zip(names, values, strict=True))
            for values in itertools.product(*grid.values())]


def parse_part(items: Iterable[str]) -> dict[str, str]:
    """``["window=2005-2015"]`` -> ``{"window": "2005-2015"}`` (the ``--part`` filters)."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise SweepError(f"--part {item!r}: expected KEY=VALUE, e.g. window=2005-2015")
        out[key.strip()] = value.strip()
    return out


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def sweep_hash(notebook_rel: str, grid: dict[str, list]) -> str:
    """Short hash naming a sweep's folder: the notebook and the grid."""
    return files.sha256_json({"notebook": notebook_rel, "grid": grid})[:12]


# --------------------------------------------------------------------------- planning


@dataclass
class Combination:
    """One parameter set of a sweep and what happened to it."""

    index: int
    values: dict  # every grid parameter's value
    overrides: dict  # as the runner keeps them (values equal to the defaults dropped)
    folder: Path
    status: str = "queued"  # then "ran", "unchanged" or "failed"
    seconds: float = 0.0
    error: str = ""
    worker: str = ""

    @property
    def hash(self) -> str:
        """The parameter hash naming its run folder."""
        return self.folder.name

    def label(self) -> str:
        """``edition=2024, countries=["GEO","AZE"]``: the parameters, as in a message."""
        return ", ".join(f"{k}={json.dumps(v, separators=(',', ':'))}"
                         for k, v in self.values.items())


@dataclass
class SweepReport:
    """The result of :func:`sweep`."""

    folder: Path
    notebook: Path
    notebook_rel: str
    grid: dict
    combinations: list[Combination]
    claim: str | None = None
    figure: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no combination failed."""
        return not self.failures

    @property
    def failures(self) -> list[Combination]:
        """The combinations that failed."""
        return [c for c in self.combinations if c.status == "failed"]

    def counts(self) -> dict[str, int]:
        """How many combinations ran, were unchanged, failed."""
        return {s: sum(c.status == s for c in self.combinations)
                for s in ("ran", "unchanged", "failed")}


def plan(notebook: Path, grid: dict[str, list], runs_dir: Path) -> list[Combination]:
    """The combinations with their runner overrides and run folders."""
    out = []
    for i, values in enumerate(combinations(grid)):
        try:
            overrides = runner.check_parameters(notebook, values)
        except runner.RunError as exc:
            raise SweepError(str(exc)) from None
        out.append(Combination(i, values, overrides,
                               runs_dir / runner.parameter_hash(overrides)))
    return out


def code_identity(root: Path, notebook_rel: str) -> dict:
    """What a worker must share with the client for its runs to mean the same: the
    notebook's bytes, the package's code and the lock file (sha256 each)."""
    from . import codehash

    lock = root / "requirements.lock"
    nb = root / notebook_rel
    return {
        "notebook": files.sha256_file(nb) if nb.is_file() else "",
        "package": codehash.digest(codehash.package_modules()),
        "lock": files.sha256_file(lock) if lock.is_file() else "",
    }


# --------------------------------------------------------------------------- run folders


def pack(folder: Path) -> bytes:
    """A run folder as a gzip'd tar archive (without the machine's scratch and caches)."""
    import io

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        for p in sorted(Path(folder).iterdir()):
            if p.name not in NOT_SHIPPED:
                tar.add(p, arcname=p.name)
    return buf.getvalue()


def install(archive: bytes, folder: Path, ok: bool) -> None:
    """Put a run's archive in place as ``folder``'s content.

    A successful run replaces what the folder held (its earlier outputs, executed notebook,
    fingerprint); a failed one only adds its kept notebook under ``failed/``, leaving earlier
    outputs untouched, as a failed ``analysis run`` does. Holds the folder's publishing lock,
    so an ``analysis run`` into the same folder at the same moment is told, not interleaved.
    """
    import io

    folder = Path(folder)
    with publish.lock(folder):
        incoming = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
        try:
            if archive:
                with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
                    tar.extractall(incoming, filter="data")
            if ok:
                for p in folder.iterdir():
                    if p.name in (publish.LOCK, "parameters.json", incoming.name):
                        continue
                    shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
                for p in incoming.iterdir():
                    os.replace(p, folder / p.name)
            elif (incoming / "failed").is_dir():
                (folder / "failed").mkdir(exist_ok=True)
                for p in (incoming / "failed").iterdir():
                    os.replace(p, folder / "failed" / p.name)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)


def _write_json(path: Path, obj) -> None:
    files.write_text(path, json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- progress


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    m, s = divmod(seconds, 60)
    if m < 60:
        return f"{m} min {s:02d} s"
    h, m = divmod(m, 60)
    return f"{h} h {m:02d} min"


class Progress:
    """Combinations done, running, failed and queued, with an estimate of the time left, on
    stderr: one line redrawn in place on a terminal, one line per event otherwise.

    The estimate takes the median duration of the runs finished so far (before the first,
    ``prior`` seconds: the notebook's last recorded run), spreads the queued runs over the
    ``slots`` running at once and counts what is left of the running ones.
    """

    def __init__(self, total: int, unchanged: int = 0, prior: float | None = None,
                 slots: int = 1, stream=None, enabled: bool = True, clock=time.monotonic):
        self.total = total
        self.unchanged = unchanged
        self.prior = prior
        self.slots = max(1, slots)
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.clock = clock
        self.running: dict[int, float] = {}
        self.durations: list[float] = []
        self.done = unchanged
        self.failed = 0
        self.lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def estimate(self) -> float | None:
        """Seconds left, or None when nothing is known yet."""
        if self.durations:
            per_run = sorted(self.durations)[len(self.durations) // 2]
        elif self.prior:
            per_run = self.prior
        else:
            return None
        now = self.clock()
        queued = self.total - self.done - self.failed - len(self.running)
        left = sum(max(per_run - (now - t0), 0.0) for t0 in self.running.values())
        return (left + queued * per_run) / self.slots

    def line(self) -> str:
        """The status line."""
        queued = self.total - self.done - self.failed - len(self.running)
        text = (f"{self.done}/{self.total} done, {len(self.running)} running, "
                f"{self.failed} failed, {queued} queued")
        if self.unchanged:
            text += f" ({self.unchanged} unchanged)"
        if queued or self.running:
            eta = self.estimate()
            text += "; estimating the time left" if eta is None else \
                f"; about {_duration(eta)} left"
        return "sweep: " + text

    def start(self, index: int) -> None:
        """A combination started running."""
        with self.lock:
            self.running.setdefault(index, self.clock())
        self._show()

    def stop(self, index: int) -> None:
        """A combination's run ended on its worker (its result is on the way)."""
        with self.lock:
            self.running.pop(index, None)
        self._show()

    def finish(self, index: int, failed: bool, seconds: float | None = None) -> None:
        """A combination finished (its run took ``seconds``)."""
        with self.lock:
            t0 = self.running.pop(index, None)
            if failed:
                self.failed += 1
            else:
                self.done += 1
                took = seconds if seconds is not None else \
                    (self.clock() - t0 if t0 is not None else None)
                if took:
                    self.durations.append(took)
        self._show()

    def message(self, text: str) -> None:
        """A line that stays above the status line."""
        if not self.enabled:
            return
        with self.lock:
            if self.tty:
                self.stream.write("\r\x1b[2K")
            print(text, file=self.stream, flush=True)
        self._show()

    def _show(self) -> None:
        if not self.enabled:
            return
        with self.lock:
            line = self.line()
            if self.tty:
                self.stream.write("\r\x1b[2K" + line)
                self.stream.flush()
            else:
                print(line, file=self.stream, flush=True)

    def __enter__(self) -> Progress:
        if self.tty:  # the estimate counts down between events
            def tick():
                while not self._stop.wait(1.0):
                    self._show()

            self._ticker = threading.Thread(target=tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker:
            self._ticker.join()
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def prior_seconds(notebook: Path, folders: Iterable[Path]) -> float | None:
    """The notebook's last recorded run time (its fingerprint records), for the first
    estimate of a sweep's time left."""
    stem = Path(notebook).stem
    seen = []
    for folder in [paths.build_dir(), *folders]:
        try:
            rec = json.loads((folder / "fingerprints" / f"{stem}.json").read_text("utf-8"))
            seen.append(float(rec["seconds"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return max(seen) if seen else None


# --------------------------------------------------------------------------- the sweep


def sweep(notebook: Path, grid: dict[str, list], *, claim: str | None = None,
          part: dict | None = None, edition: str | None = None, force: bool = False,
          scheduler: str | None = None, workers: int | None = None,
          timeout: int = runner.CELL_TIMEOUT, progress: bool = True,
          runs_dir: Path | None = None, sweeps_dir: Path | None = None) -> SweepReport:
    """Run ``notebook`` once per combination of ``grid`` and write the sweep's tables.

    ``grid`` is ``{parameter: [values]}`` (see :func:`build_grid`). Combinations whose run
    folder is up to date are skipped unless ``force``. The others run on Dask: the cluster at
    ``scheduler`` (an address such as ``tcp://host:8786``) or a local cluster of ``workers``
    processes (default: one per core), each task one ``analysis run`` process with the
    per-cell ``timeout``. ``claim`` (default: the first numeric claim recorded) is plotted
    across the grid, restricted to rows whose part has every key-value of ``part`` and, if
    given, to ``edition``. ``runs_dir`` and ``sweeps_dir`` default to ``build/runs`` and
    ``build/sweeps``.
    """
    from . import sweep_dask, sweep_figure

    root = paths.root()
    notebook = Path(notebook).resolve()
    if not notebook.is_file():
        raise SweepError(f"no notebook {notebook}")
    if claim is not None:
        from . import claims

        claims.get(claim)  # an unknown id fails now, not after the runs
    rel_nb = _rel(notebook, root)
    runs_dir = Path(runs_dir) if runs_dir else paths.build_dir() / "runs"
    sweeps_dir = Path(sweeps_dir) if sweeps_dir else paths.build_dir() / "sweeps"
    combos = plan(notebook, grid, runs_dir)
    folder = sweeps_dir / sweep_hash(rel_nb, grid)
    _write_json(folder / "grid.json", {"notebook": rel_nb, "grid": grid,
                                       "combinations": len(combos), "timeout": timeout})
    todo = []
    for c in combos:
        params = c.folder / "parameters.json"
        if not params.is_file() or json.loads(params.read_text("utf-8")) != c.overrides:
            _write_json(params, c.overrides)  # as `analysis run -p` writes it
        if not force and runner.up_to_date(notebook, c.overrides, c.folder):
            c.status = "unchanged"
        else:
            todo.append(c)
    show = Progress(len(combos), unchanged=len(combos) - len(todo),
                    prior=prior_seconds(notebook, [c.folder for c in combos]),
                    enabled=progress)
    if todo:
        identity = code_identity(root, rel_nb)
        specs = [{"index": c.index, "notebook": rel_nb, "overrides": c.overrides,
                  "hash": c.hash, "timeout": timeout, "identity": identity} for c in todo]
        with sweep_dask.connect(scheduler, workers) as client:
            show.slots = sweep_dask.slots(client)
            # closing(): on an interruption the runs still going are stopped on the workers
            # before the cluster goes away.
            with show, contextlib.closing(sweep_dask.execute(
                    client, specs, on_start=show.start, on_stop=show.stop)) as results:
                for spec, result in results:
                    c = combos[spec["index"]]
                    _finish(c, result, root)
                    show.finish(c.index, c.status == "failed", c.seconds or None)
                    if c.status == "failed":
                        show.message(f"FAILED {c.label()}: {c.error.splitlines()[0]}")
    else:
        show.message(f"sweep: all {len(combos)} combination(s) unchanged; nothing to run")
    report = SweepReport(folder, notebook, rel_nb, grid, combos)
    rows = collect_claims(combos, grid)
    write_tables(report, rows, root)
    sweep_figure.draw(report, rows, claim=claim, part=part, edition=edition)
    return report


def _finish(c: Combination, result: dict, root: Path) -> None:
    """Record one task's result and install its run folder."""
    c.seconds = float(result.get("seconds") or 0.0)
    c.worker = result.get("worker", "")
    ok = result.get("status") == "ran"
    c.status = "ran" if ok else "failed"
    c.error = "" if ok else (result.get("error") or "failed without a message")
    if result.get("output"):  # the worker's scratch folder is gone: name the run folder
        c.error = c.error.replace(result["output"], _rel(c.folder, root))
    if result.get("archive"):
        try:
            install(result["archive"], c.folder, ok)
        except (OSError, tarfile.TarError) as exc:
            c.status = "failed"
            c.error = f"the run's outputs could not be installed in {c.folder}: {exc}"


# --------------------------------------------------------------------------- tables


def _cell(value):
    """A parameter value as a table cell: scalars as they are, lists as compact JSON."""
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return value


def collect_claims(combos: list[Combination], grid: dict) -> list[dict]:
    """Every claim row the runs recorded (their ``claims.json``), each with the combination's
    parameters as ``param_<name>`` and its run folder. Failed combinations contribute none:
    what their folder holds is from an earlier run."""
    rows = []
    for c in combos:
        if c.status == "failed":
            continue
        try:
            recorded = json.loads((c.folder / "claims.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for r in recorded:
            if not r.get("notebook"):
                continue  # a registry claim no notebook recorded: not a value of this run
            row = {"combination": c.index,
                   **{PARAM_PREFIX + k: _cell(c.values[k]) for k in grid},
                   "parameter_hash": c.hash}
            row.update(r)
            rows.append(row)
    return rows


def write_tables(report: SweepReport, rows: list[dict], root: Path) -> None:
    """``runs.csv`` and ``claims.csv``/``claims.json`` of a sweep (written atomically)."""
    import pandas as pd

    from .claims import COLUMNS

    params = [PARAM_PREFIX + k for k in report.grid]
    runs = pd.DataFrame([{
        "combination": c.index, **{PARAM_PREFIX + k: _cell(c.values[k]) for k in report.grid},
        "status": c.status, "seconds": round(c.seconds, 1),
        "run_folder": _rel(c.folder, root), "parameter_hash": c.hash,
        "worker": c.worker, "error": c.error,
    } for c in report.combinations], columns=["combination", *params, *RUN_COLUMNS[1:]])
    files.write_text(report.folder / "runs.csv", runs.to_csv(index=False, lineterminator="\n"))
    columns = ["combination", *params, "parameter_hash", *COLUMNS]
    table = pd.DataFrame(rows, columns=columns)
    for col in ("sources", "figure_ids"):
        table[col] = table[col].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
    table["data_value"] = table["data_value"].map(_cell)
    files.write_text(report.folder / "claims.csv",
                     table.to_csv(index=False, lineterminator="\n"))
    _write_json(report.folder / "claims.json", rows)
