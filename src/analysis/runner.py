"""Execute the notebooks: in parallel, incrementally, publishing outputs only on success.

``run()`` executes notebooks with papermill, each in its own worker process and kernel, and
moves what each one wrote (``figures/``, ``claims/``) into the target folder only when it
succeeded. The target is ``results/`` for a run with default parameters and
``build/runs/<parameter-hash>/`` otherwise, so a what-if run never touches published results.

A notebook is skipped when its fingerprint is unchanged and its published outputs are intact.
The fingerprint is a sha256 over:

* the sources of its code cells and the parameter overrides;
* every ``src/analysis/**/*.py``, ``requirements.lock``, the claims registry
  (``data/claims/*.toml``: notebooks plot brief values from it) and the country mappings;
* the sha256 of each catalog entry it loaded last time (``analysis.sources.require`` writes
  them to ``ANALYSIS_SOURCES_LOG``), as the catalog states it now;
* for a notebook that runs after the others (metadata ``{"analysis": {"after": "all"}}``, such
  as the claims ledger) also the other notebooks' published outputs.

The no-change path never imports papermill (which alone takes over a second); file hashes are
cached by (size, mtime).
"""

from __future__ import annotations

import ast
import json
import os
import queue
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import codehash, files, outputs, paths, publish

# papermill loads nbformat, which loads jsonschema, which imports rfc3987_syntax when it is
# installed (Jupyter's jsonschema[format-nongpl] brings it): that compiles 39 Lark grammars,
# 3.4 s in every process that loads papermill (jsonschema issue 1428). It only checks the
# "iri" formats, which no notebook schema uses; processes that run notebooks skip it.
sys.modules.setdefault("rfc3987_syntax", None)

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
KERNEL = "python3"
ENGINE = "analysis"
# One BLAS thread per kernel: the parallelism is across notebooks, not inside them.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
START_TIMEOUT = 120
CELL_TIMEOUT = 1800  # seconds; the slowest cell today takes well under a minute


class RunError(Exception):
    """A problem with the request itself (unknown notebook, undeclared parameter)."""


# --------------------------------------------------------------------------- hashing

HashCache = files.HashCache


def _write_json(path: Path, obj, indent: int | None = 2) -> None:
    text = json.dumps(obj, indent=indent, sort_keys=True, ensure_ascii=False) + "\n"
    files.write_text(path, text)


_digest = files.sha256_json


# --------------------------------------------------------------------------- notebooks


def discover(root: Path | None = None) -> list[Path]:
    """The compendium's notebooks: ``notebooks/[0-9][0-9]_*.ipynb``, sorted."""
    root = root or paths.root()
    return sorted((root / "notebooks").glob(NOTEBOOK_GLOB))


def _read_nb(path: Path) -> dict:
    # Plain JSON, not nbformat: the no-change path stays light.
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def first_line(source: str) -> str:
    """The first non-blank line of a cell's source (for messages)."""
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return "(empty cell)"


def runs_after(nb: dict) -> bool:
    """True when the notebook reads other notebooks' outputs and so runs after them."""
    after = nb.get("metadata", {}).get("analysis", {}).get("after")
    return bool(after)


def notebook_problems(path: Path) -> list[str]:
    """What keeps a committed notebook from being clean; empty when it is fine.

    A committed notebook carries no outputs or execution counts, keeps its kernelspec and has
    exactly one code cell tagged ``parameters``.
    """
    try:
        nb = _read_nb(path)
    except (OSError, ValueError) as exc:
        return [f"cannot read: {exc}"]
    problems = []
    if not nb.get("metadata", {}).get("kernelspec", {}).get("name"):
        problems.append("no kernelspec in the notebook metadata")
    tagged = 0
    for i, cell in enumerate(nb.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has outputs (strip them: nbstripout)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has an execution count")
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            tagged += 1
    if tagged != 1:
        problems.append(f"{tagged} code cells tagged 'parameters' (need exactly one)")
    return problems


def parse_parameters(items: Iterable[str]) -> dict:
    """``["year=2020", "country=ARM"]`` -> ``{"year": 2020, "country": "ARM"}``.

    Values are read as Python/JSON literals when they parse (numbers, booleans, lists, quoted
    strings), else kept as strings.
    """
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise RunError(f"parameter {item!r}: expected NAME=VALUE")
        out[name.strip()] = _literal(value)
    return out


def _literal(text: str):
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError, TypeError):
            continue
    return text


def declared_parameters(path: Path) -> dict:
    """The parameters a notebook declares, name -> default value (a literal, else its source)."""
    from papermill.inspection import inspect_notebook

    return {name: _literal(p["default"]) for name, p in inspect_notebook(str(path)).items()}


# --------------------------------------------------------------------------- planning


@dataclass
class Outcome:
    """What happened to one notebook."""

    notebook: Path
    status: str  # "ran", "skipped", "failed"
    seconds: float = 0.0
    message: str = ""
    figures: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    """The result of :func:`run`."""

    target: Path
    state: Path
    outcomes: list[Outcome]
    parameters: dict

    @property
    def ok(self) -> bool:
        """True when no notebook failed."""
        return all(o.status != "failed" for o in self.outcomes)

    @property
    def failures(self) -> list[Outcome]:
        """The failed notebooks."""
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass
class _Job:
    path: Path
    stem: str
    nb: dict
    fingerprint: str = ""
    previous: dict = field(default_factory=dict)


def parameter_hash(overrides: dict) -> str:
    """Short hash naming the folder of a run with non-default parameters."""
    return _digest(overrides)[:12]


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


class _Context:
    """Everything a run needs to know once: folders, the hash cache, global inputs."""

    def __init__(self, root: Path, target: Path, state: Path, overrides: dict,
                 png_tolerance: float = 2.0, timeout: int = 1800):
        self.root = root
        self.timeout = timeout
        self.png_tolerance = png_tolerance
        self.target = target
        self.out = outputs.Folder(target)
        self.state = state
        self.overrides = overrides
        self.hashes = HashCache(state / "hashcache.json")
        self.package = codehash.digest(codehash.package_modules())
        self.lock = self.hashes.sha(root / "requirements.lock")
        # Inputs every notebook reads besides its data: the claims registry and the mappings.
        shared = sorted(paths.claims_dir().glob("*.toml")) + \
            sorted(paths.mappings_dir().glob("*.csv"))
        self.shared = {_rel(p, root): self.hashes.sha(p) for p in shared}
        try:
            from . import sources

            self.catalog = {k: s.sha256 for k, s in sources.load_catalog().items()}
        except Exception:  # noqa: BLE001 - no catalog: every recorded source counts as changed
            self.catalog = {}

    def fp_file(self, stem: str) -> Path:
        return self.state / "fingerprints" / f"{stem}.json"

    def fingerprint(self, job: _Job) -> str:
        code = [_source(c) for c in job.nb.get("cells", []) if c.get("cell_type") == "code"]
        used = job.previous.get("sources", {})
        parts = {
            "code": code,
            "overrides": self.overrides,
            "package": self.package,
            "lock": self.lock,
            "shared": self.shared,
            "sources": {i: self.catalog.get(i, "absent from catalog") for i in sorted(used)},
        }
        if runs_after(job.nb):
            mine = set(job.previous.get("outputs", {}))
            parts["upstream"] = {
                rel: self.hashes.sha(self.target / rel)
                for rel in self._published() if rel not in mine
            }
        return _digest(parts)

    def _published(self) -> list[str]:
        return self.out.published_files()

    def intact(self, job: _Job) -> bool:
        """True when the outputs recorded last time are still there, unchanged."""
        outputs = job.previous.get("outputs")
        if outputs is None or not (self.state / "executed" / job.path.name).is_file():
            return False
        return all(self.hashes.sha(self.target / rel) == sha for rel, sha in outputs.items())


# --------------------------------------------------------------------------- worker process

_EVENTS = None  # the parent's event queue, inside a worker process
_CELLS_STARTED = 0
_CURRENT: dict = {}  # the cell being executed: index (0-based, as executed) and source


def _init_worker(events) -> None:
    global _EVENTS
    _EVENTS = events


def _emit(kind: str, stem: str, *data) -> None:
    if _EVENTS is not None:
        _EVENTS.put((kind, stem, *data))


def _register_engine(stem: str) -> None:
    """Register a papermill engine that reports each cell's start to the parent's display."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class Manager(NotebookExecutionManager):
        def cell_start(self, cell, cell_index=None, **kwargs):
            global _CELLS_STARTED
            super().cell_start(cell, cell_index, **kwargs)
            if cell.get("cell_type") == "code":
                _CELLS_STARTED += 1
                # Numbered as in the committed notebook, without papermill's injected cell.
                injected = [i for i, c in enumerate(self.nb.cells)
                            if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
                shift = 1 if injected and injected[0] < cell_index else 0
                total = len(self.nb.cells) - (1 if injected else 0)
                _CURRENT.update(cell_index=cell_index, number=cell_index + 1 - shift,
                                source=cell.source)
                _emit("cell", stem, cell_index + 1 - shift, total, first_line(cell.source))

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=False,
                             log_output=False, autosave_cell_every=30, **kwargs):
            # As papermill's Engine.execute_notebook, with the reporting manager.
            nb_man = Manager(nb, output_path=output_path, progress_bar=False,
                             log_output=log_output, autosave_cell_every=autosave_cell_every)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output,
                                             **kwargs)
            finally:
                nb_man.notebook_complete()
            return nb_man.nb

    papermill_engines.register(ENGINE, Engine)


def _execute(job: dict) -> dict:
    """Run one notebook (in a worker process); returns a picklable result."""
    global _CELLS_STARTED
    # The whole environment travels with the job: a forkserver child would otherwise see the
    # environment of whenever the forkserver started.
    os.environ.clear()
    os.environ.update(job["env"])
    # Kernel start-up chatter goes to a log (quoted in a failure message), not the terminal;
    # this process serves one notebook only.
    log = open(Path(job["output"]).parent / "stderr.log", "ab")  # noqa: SIM115
    os.dup2(log.fileno(), 2)
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    _register_engine(job["stem"])
    nb_path = job["path"]
    try:
        defaults = declared_parameters(Path(nb_path))
    except Exception as exc:  # noqa: BLE001 - reported as this notebook's failure
        return {"status": "failed", "ename": type(exc).__name__, "evalue": str(exc)}
    os.environ["ANALYSIS_PARAMETERS"] = json.dumps({**defaults, **job["overrides"]},
                                                   sort_keys=True, default=str)
    for attempt in (1, 2):
        _CELLS_STARTED = 0
        _emit("start", job["stem"], attempt)
        try:
            pm.execute_notebook(nb_path, job["output"], parameters=job["overrides"] or None,
                                engine_name=ENGINE, kernel_name=KERNEL, cwd=job["cwd"],
                                progress_bar=False, start_timeout=START_TIMEOUT,
                                execution_timeout=job["timeout"])
            return {"status": "ok"}
        except PapermillExecutionError as exc:
            return {"status": "failed", "kind": "cell", **_CURRENT, "ename": exc.ename,
                    "evalue": exc.evalue, "source": exc.source,
                    "line": raising_line(exc.traceback, exc.source)}
        except Exception as exc:  # noqa: BLE001 - kernel start-up or transport failure
            # Kernels started side by side can race for ports: retry once if none started.
            if attempt == 1 and _CELLS_STARTED == 0:
                _emit("retry", job["stem"], f"{type(exc).__name__}: {exc}")
                continue
            result = {"status": "failed", "ename": type(exc).__name__, "evalue": str(exc),
                      **_CURRENT}
            if type(exc).__name__ == "CellTimeoutError":
                result.update(kind="cell", ename="timeout", evalue=(
                    f"the cell did not finish within {job['timeout']} s (raise the limit with "
                    "`analysis run --timeout SECONDS`)"))
            return result
    raise AssertionError("unreachable")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_FRAME = re.compile(r"(?:Cell In\s*\[[^\]]*\]|Input In\s*\[[^\]]*\]), line (\d+)")


def raising_line(traceback: list[str] | None, source: str) -> str:
    """The line of a cell's source where its exception was raised, from the kernel's
    traceback (the last frame of the cell itself), or "" when it cannot be told."""
    text = _ANSI.sub("", "\n".join(traceback or []))
    found = _CELL_FRAME.findall(text)
    lines = source.splitlines()
    if not found:
        return ""
    n = int(found[-1])
    return lines[n - 1].strip() if 0 < n <= len(lines) else ""


# --------------------------------------------------------------------------- progress display


class _Display:
    """Per-notebook state on stderr: redrawn in place on a terminal, one line per event else."""

    def __init__(self, stems: list[str], enabled: bool = True, stream=None):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = enabled and self.stream.isatty()
        self.width = max([len(s) for s in stems] + [8])
        self.state = {s: "queued" for s in stems}
        self.detail = {s: "" for s in stems}
        self.drawn = 0
        self.lock = threading.Lock()

    def set(self, stem: str, state: str, detail: str = "") -> None:
        with self.lock:
            self.state[stem] = state
            self.detail[stem] = detail
            if not self.enabled:
                return
            if self.tty:
                self._redraw()
            elif state != "running" or detail.startswith("cell"):
                print(f"[{stem}] {state}{': ' + detail if detail else ''}", file=self.stream,
                      flush=True)

    def _redraw(self) -> None:
        cols = shutil.get_terminal_size((100, 20)).columns
        lines = [f"{s:<{self.width}}  {self.state[s]:<8} {self.detail[s]}"[: cols - 1]
                 for s in self.state]
        out = f"\x1b[{self.drawn}F" if self.drawn else ""
        out += "".join(f"\x1b[2K{line}\n" for line in lines)
        self.stream.write(out)
        self.stream.flush()
        self.drawn = len(lines)

    def message(self, text: str) -> None:
        """A line that stays (above the redrawn block on a terminal)."""
        with self.lock:
            if self.tty and self.drawn:
                self.stream.write(f"\x1b[{self.drawn}F\x1b[J")
                self.drawn = 0
            print(text, file=self.stream, flush=True)
            if self.tty:
                self._redraw()


def _pump(events, display: _Display, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            kind, stem, *data = events.get(timeout=0.1)
        except queue.Empty:
            continue
        except (EOFError, OSError):
            return
        if kind == "cell":
            n, total, line = data
            display.set(stem, "running", f"cell {n}/{total}: {line}")
        elif kind == "start":
            display.set(stem, "running", "starting kernel" + (" (retry)" if data[0] > 1 else ""))
        elif kind == "retry":
            display.message(f"[{stem}] kernel failed to start ({data[0]}); retrying once")


# --------------------------------------------------------------------------- publishing


def _same_figure(old: dict[str, Path], new_dir: Path, fid: str, tol: float) -> bool:
    """True when a re-made figure says the same as the published one: identical data and
    metadata, and a PNG within the check's tolerance. Then the published image files are kept,
    so a run on another machine (other anti-aliasing) leaves results/ as committed."""
    if not all(ext in old for ext in outputs.FIGURE_EXTS):
        return False
    for ext in ("csv", "json"):
        new = new_dir / f"{fid}.{ext}"
        if not new.is_file() or new.read_bytes() != old[ext].read_bytes():
            return False
    from . import check

    return check.png_difference(old["png"], new_dir / f"{fid}.png", tol) is None


def _publish(ctx: _Context, stem: str, out: Path) -> tuple[dict[str, str], list[str]]:
    """Move a successful run's outputs into the target; returns (outputs, figure ids).

    The notebook's previous figures (those whose ``<id>.json`` names it) are replaced by the
    new set; its claims file likewise. A figure whose data and metadata are unchanged and whose
    PNG is within tolerance keeps its published files. Raises RunError, before moving
    anything, when a new figure id belongs to another existing notebook.
    """
    new_dir = outputs.Folder(out)
    new_figs = new_dir.figure_files()
    existing = {p.stem for p in discover(ctx.root)}
    for fid in new_figs:
        owner = ctx.out.figure_owner(fid)
        if owner is not None and owner != stem and owner in existing:
            raise RunError(f"figure id {fid!r} is already published by notebook {owner!r}; "
                           "figure ids must be unique")
    published = ctx.out.figure_files()
    keep = {fid for fid in new_figs if fid in published
            and _same_figure(published[fid], new_dir.figures, fid, ctx.png_tolerance)}
    for fid in set(ctx.out.owned_figures(stem)) - keep:
        for p in published.get(fid, {}).values():
            p.unlink()
    ctx.out.figures.mkdir(parents=True, exist_ok=True)
    result: dict[str, str] = {}
    for fid, exts in new_figs.items():
        for p in exts.values():
            dest = ctx.out.figures / p.name
            if fid not in keep:
                os.replace(p, dest)
            result[f"figures/{p.name}"] = ctx.hashes.sha(dest)
    claim = ctx.out.claims / f"{stem}.json"
    new_claim = new_dir.claims / f"{stem}.json"
    if new_claim.is_file():
        claim.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new_claim, claim)
        result[f"claims/{stem}.json"] = ctx.hashes.sha(claim)
    elif claim.is_file():
        claim.unlink()
    return result, sorted(new_figs)


def remove_orphans(folder: outputs.Folder, stems: Iterable[str], state: Path) -> list[str]:
    """Remove the figures, claims and fingerprints of notebooks not in ``stems`` (renamed or
    deleted notebooks); returns one message per notebook removed."""
    stems = set(stems)
    gone: dict[str, list[str]] = {}
    for fid in folder.figure_files():
        owner = folder.figure_owner(fid)
        if owner is not None and owner not in stems:
            gone.setdefault(owner, []).append(fid)
    for stem in folder.claim_files():
        if stem not in stems:
            gone.setdefault(stem, [])
    messages = []
    for stem, fids in sorted(gone.items()):
        for fid in fids:
            for p in folder.figure_files().get(fid, {}).values():
                p.unlink()
        (folder.claims / f"{stem}.json").unlink(missing_ok=True)
        (state / "fingerprints" / f"{stem}.json").unlink(missing_ok=True)
        messages.append(f"removed the outputs of notebook {stem!r}, which no longer exists "
                        f"({len(fids)} figure(s) and its claims)")
    return messages


def _read_sources_log(log: Path) -> dict[str, str]:
    used: dict[str, str] = {}
    if log.is_file():
        for line in log.read_text(encoding="utf-8").splitlines():
            sid, _, sha = line.partition("\t")
            if sid:
                used[sid] = sha
    return used


def _failure_message(rel_nb: str, result: dict) -> str:
    """Names the notebook, the failing cell (numbered as in the committed notebook and as in the
    progress display), the line that raised and the exception."""
    where = ""
    if "number" in result:
        where = f" in cell {result['number']}"
        line = result.get("line") or first_line(result.get("source", ""))
        where += f" at `{line}`" if result.get("line") else f" (`{line}`)"
    return f"{rel_nb} failed{where}: {result.get('ename')}: {result.get('evalue')}"


# --------------------------------------------------------------------------- the run


def run(notebooks: Iterable[Path] | None = None, *, jobs: int | None = None,
        force: bool = False, parameters: dict | None = None, target: Path | None = None,
        state: Path | None = None, progress: bool = True, collect: bool = True,
        png_tolerance: float | None = None, timeout: int = CELL_TIMEOUT) -> RunReport:
    """Execute notebooks; publish each one's outputs on success.

    ``notebooks`` defaults to :func:`discover`. ``parameters`` override the notebooks'
    defaults; each must be declared by every selected notebook (else :class:`RunError`).
    ``target`` (published outputs) and ``state`` (executed/, failed/, fingerprints/)
    default to ``results/`` and ``build/`` for default parameters and to
    ``build/runs/<parameter-hash>/`` for both otherwise. When every notebook is run, the
    outputs of notebooks that no longer exist are removed. After the runs the claims are
    collected (``analysis.claims.collect``: a registry edit reaches the ledger even when no
    notebook ran) and ``manifest.json`` is brought up to date. ``png_tolerance`` is the RMS
    within which a re-made PNG counts as unchanged (default: the check's). A cell running
    longer than ``timeout`` seconds is stopped and reported like a failing cell.
    """
    root = paths.root()
    chosen = [Path(p).resolve() for p in notebooks] if notebooks else discover(root)
    if not chosen:
        raise RunError(f"no notebooks found in {root / 'notebooks'} (expected files named "
                       f"{NOTEBOOK_GLOB})")
    for p in chosen:
        if not p.is_file():
            raise RunError(f"no notebook {p}")
    overrides = dict(parameters or {})
    if overrides:
        overrides = _check_parameters(chosen, overrides)
    if overrides and target is None:
        run_dir = root / "build" / "runs" / parameter_hash(overrides)
        target, state = run_dir, state or run_dir
        _write_json(run_dir / "parameters.json", overrides)
    target = Path(target) if target else paths.results_dir()
    state = Path(state) if state else paths.build_dir()
    from .check import PNG_TOLERANCE

    tol = PNG_TOLERANCE if png_tolerance is None else png_tolerance
    display_stems = [p.stem for p in chosen]
    display = _Display(display_stems, enabled=progress)
    with publish.lock(target):
        done = publish.recover(target)
        if done:
            display.message(done)
        publish.preflight(target)
        stage = publish.Stage(target)
        try:
            # Every output goes to the stage; the target changes only in stage.commit().
            ctx = _Context(root, stage.path, state, overrides, tol, timeout)
            try:
                outcomes = _run_jobs(ctx, chosen, notebooks is None, force, jobs, display)
                if collect:
                    _collect_claims(ctx)
                ctx.out.write_manifest(ctx.hashes)
            finally:
                ctx.hashes.save()
            stage.commit()
        except publish.PublishError:
            stage.discard()
            raise
        except OSError as exc:
            stage.discard()
            where = Path(exc.filename) if exc.filename else target
            raise publish.PublishError(exc.errno, publish.describe(exc, where)) from exc
        except BaseException:
            stage.discard()
            raise
    return RunReport(target, state, [outcomes[p.stem] for p in chosen], overrides)


def _run_jobs(ctx: _Context, chosen: list[Path], everything: bool, force: bool,
              jobs: int | None, display: _Display) -> dict[str, Outcome]:
    """Plan and execute the notebooks in two phases (those that read the others' outputs
    last); returns each notebook's outcome by stem."""
    jobs_ = []
    for p in chosen:
        job = _Job(path=p, stem=p.stem, nb=_read_nb(p))
        try:
            job.previous = json.loads(ctx.fp_file(job.stem).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            job.previous = {}
        jobs_.append(job)
    if everything:
        for message in remove_orphans(ctx.out, [j.stem for j in jobs_], ctx.state):
            display.message(message)
    outcomes: dict[str, Outcome] = {}
    phases = [[j for j in jobs_ if not runs_after(j.nb)], [j for j in jobs_ if runs_after(j.nb)]]
    for phase in phases:
        todo = []
        for job in phase:
            job.fingerprint = ctx.fingerprint(job)
            if not force and job.previous.get("fingerprint") == job.fingerprint \
                    and ctx.intact(job):
                outcomes[job.stem] = Outcome(job.path, "skipped",
                                             figures=job.previous.get("figures", []))
                display.set(job.stem, "skipped", "unchanged")
            else:
                todo.append(job)
        if todo:
            for o in _execute_all(ctx, todo, jobs or os.cpu_count() or 1, display):
                outcomes[o.notebook.stem] = o
    return outcomes


def _kind(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def type_problem(value, default) -> str:
    """Why ``value`` cannot stand in for a parameter whose default is ``default`` ("" if it
    can): the same kind (a number for a number, an integer for an integer, a list for a list
    with items like the default's), so a typo is caught before any kernel starts."""
    want, got = _kind(default), _kind(value)
    if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, float):
        return f"expected an integer like the default, got {value!r}"
    if want != got:
        hint = " (a list is written as JSON, e.g. '[\"ARM\", \"AZE\"]')" if want == "list" \
            else ""
        return f"expected a {want} like the default, got {value!r} ({got}){hint}"
    if want == "list" and default and value:
        for item in value:
            problem = type_problem(item, default[0])
            if problem:
                return f"list item {item!r}: {problem}"
    return ""


def _check_parameters(chosen: list[Path], overrides: dict) -> dict:
    """Reject undeclared parameters; drop overrides equal to every notebook's default."""
    declared = {p: declared_parameters(p) for p in chosen}
    for p, params in declared.items():
        unknown = sorted(set(overrides) - set(params))
        if unknown:
            raise RunError(f"{p.name} does not declare parameter(s) {unknown}; it declares "
                           f"{sorted(params) or 'none'} (in its cell tagged 'parameters')")
        for name, value in overrides.items():
            problem = type_problem(value, params[name])
            if problem:
                raise RunError(f"parameter {name}: {problem} ({p.name} declares "
                               f"{name} = {params[name]!r})")
    # A run whose values equal the defaults is a default run: it may publish to results/.
    return {k: v for k, v in overrides.items()
            if any(params[k] != v for params in declared.values())}


def _execute_all(ctx: _Context, todo: list[_Job], jobs: int, display: _Display) -> list[Outcome]:
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    tmp_root = ctx.state / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    # forkserver with papermill preloaded: each notebook gets a fresh process cheaply.
    method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    mpctx = mp.get_context(method)
    if method == "forkserver":
        mpctx.set_forkserver_preload(["analysis.runner", "papermill"])
    events = mpctx.Queue()
    stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(events, display, stop), daemon=True)
    pump.start()
    results = []
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=mpctx,
                                 initializer=_init_worker, initargs=(events,),
                                 max_tasks_per_child=1) as pool:
            futures = {}
            for job in todo:
                tmp = Path(tempfile.mkdtemp(prefix=f"{job.stem}-", dir=tmp_root))
                (tmp / "out").mkdir()
                env = {
                    **os.environ,
                    "ANALYSIS_ROOT": str(ctx.root),
                    "ANALYSIS_OUTPUT_DIR": str(tmp / "out"),
                    "ANALYSIS_NOTEBOOK": _rel(job.path, ctx.root),
                    "ANALYSIS_SOURCES_LOG": str(tmp / "sources.log"),
                    "ANALYSIS_TARGET_DIR": str(ctx.target),
                    "JUPYTER_PREFER_ENV_PATH": "1",
                    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                    **{v: "1" for v in THREAD_VARS},
                }
                spec = {"stem": job.stem, "path": str(job.path), "cwd": str(job.path.parent),
                        "output": str(tmp / job.path.name), "overrides": ctx.overrides,
                        "timeout": ctx.timeout,
                        "env": env}
                futures[pool.submit(_execute, spec)] = (job, tmp, time.perf_counter())
            from concurrent.futures import as_completed

            for fut in as_completed(futures):
                job, tmp, t0 = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died
                    result = {"status": "failed", "ename": type(exc).__name__,
                              "evalue": str(exc)}
                outcome = _finish(ctx, job, tmp, result, time.perf_counter() - t0)
                if outcome.status == "failed":
                    display.set(job.stem, "FAILED", outcome.message.splitlines()[0])
                else:
                    display.set(job.stem, "done", f"{outcome.seconds:.1f} s")
                results.append(outcome)
    finally:
        stop.set()
        pump.join()
        events.close()
    return results


def _finish(ctx: _Context, job: _Job, tmp: Path, result: dict, seconds: float) -> Outcome:
    """Publish a success or keep a failure's executed notebook; always remove the temp folder."""
    executed = tmp / job.path.name
    rel_nb = _rel(job.path, ctx.root)
    try:
        if result["status"] == "ok":
            try:
                outputs, ids = _publish(ctx, job.stem, tmp / "out")
            except RunError as exc:
                result = {"status": "failed", "ename": "RunError", "evalue": str(exc)}
            else:
                dest = ctx.state / "executed" / job.path.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(executed, dest)
                (ctx.state / "failed" / job.path.name).unlink(missing_ok=True)
                record = {
                    "notebook": rel_nb, "fingerprint": "", "overrides": ctx.overrides,
                    "sources": _read_sources_log(tmp / "sources.log"), "outputs": outputs,
                    "figures": ids, "seconds": round(seconds, 2),
                }
                # The fingerprint covers the sources it just loaded, for the next comparison.
                job.previous = record
                record["fingerprint"] = ctx.fingerprint(job)
                _write_json(ctx.fp_file(job.stem), record)
                return Outcome(job.path, "ran", seconds, figures=ids)
        kept = None
        if executed.is_file():
            kept = ctx.state / "failed" / job.path.name
            files.replace_atomically(kept, lambda p: shutil.copyfile(executed, p))
        msg = _failure_message(rel_nb, result)
        log = tmp / "stderr.log"
        if result.get("kind") != "cell" and log.is_file():  # no cell error: quote the kernel log
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-8:]
            msg += "".join(f"\n    | {line}" for line in tail)
        if kept:
            msg += f"\n    executed notebook kept at {_rel(kept, ctx.root)}"
        msg += "\n    its earlier published outputs are left untouched"
        return Outcome(job.path, "failed", seconds, msg)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- after the runs


LEDGER_KEY = "ledger-key.txt"  # in the state folder: what the last collection was made from


def _collect_claims(ctx: _Context) -> None:
    """Join the recorded claims of ``ctx.out`` into its ledger files, unless nothing they are
    made from changed since the last collection recorded in the state folder: the package
    code, the registry and mappings, the catalog, the recorded claims and figures, and the
    ledger files themselves (an edited or deleted ledger file is collected again)."""
    if not paths.claims_dir().is_dir():
        return  # a project without a claims registry (e.g. a benchmark's scratch root)
    memo = ctx.state / LEDGER_KEY
    try:
        if memo.read_text(encoding="utf-8") == _ledger_key(ctx):
            return  # a no-change run: importing the claims package alone costs a second
    except OSError:
        pass
    from . import claims

    claims.collect(ctx.out.path)
    files.write_text(memo, _ledger_key(ctx))


def _ledger_key(ctx: _Context) -> str:
    folder = ctx.out
    return _digest({
        "package": ctx.package, "shared": ctx.shared,
        "catalog": ctx.hashes.sha(paths.data_dir() / "sources.toml"),  # releases, dates
        "published": {rel: ctx.hashes.sha(folder.path / rel) for rel in folder.published_files()},
        "ledger": {name: ctx.hashes.sha(p) for name, p in folder.ledger_files().items()},
    })


def manifest(target: Path, hashes: HashCache | None = None) -> dict:
    """sha256 of every figure file (by id and extension) and of the claims files."""
    return outputs.Folder(target).manifest_data(hashes)


def write_manifest(target: Path, hashes: HashCache | None = None) -> Path:
    """Write ``<target>/manifest.json`` (see :func:`manifest`), keys sorted."""
    return outputs.Folder(target).write_manifest(hashes)


# ------------------------------------------------------------------ hooks for analysis.sweep
# Kept apart from the runner's own code: a sweep decides, without starting a process or a
# kernel, which parameter sets need a run, and checks its parameters the way `run` does.


def check_parameters(notebook: Path, overrides: dict) -> dict:
    """The overrides as :func:`run` keeps them for ``notebook``: undeclared names and values
    of the wrong type raise :class:`RunError`; values equal to the defaults are dropped."""
    return _check_parameters([Path(notebook)], dict(overrides))


def up_to_date(notebook: Path, overrides: dict, folder: Path) -> bool:
    """True when ``analysis run NOTEBOOK -p ... --output FOLDER`` would skip the notebook: its
    fingerprint (code, parameters, package, lock, registry, mappings, the data it read) is
    the one recorded in ``folder`` and the outputs recorded there are intact. ``overrides``
    are as :func:`check_parameters` returns them."""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    ctx = _Context(paths.root(), folder, folder, dict(overrides))
    try:
        job = _Job(path=Path(notebook), stem=Path(notebook).stem, nb=_read_nb(Path(notebook)))
        try:
            job.previous = json.loads(ctx.fp_file(job.stem).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return job.previous.get("fingerprint") == ctx.fingerprint(job) and ctx.intact(job)
    finally:
        ctx.hashes.save()
