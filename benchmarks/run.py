"""Runner and sweep benchmark: prints every target with its measured value and the numbers
behind it; asserts nothing.

    .venv/bin/python benchmarks/run.py [--repeat 3] [--fixtures N] [--only cold,sweep]
                                       [--sweep-size 12]

cold (the cold-run targets):
1. cold ``analysis run --force`` of every notebook (parquet cache cleared before each run),
   median of ``--repeat``, against the machine's limit: the larger of the longest notebook
   and the total compute spread over the cores, plus one start-up. A notebook's seconds are
   measured alone, as one call of the naive loop below (the seconds the runner records inside
   the parallel run include waiting for a core, and are printed beside them); its compute is
   those seconds less one papermill call on an empty notebook, and the start-up is the wall
   time of ``analysis run --force`` of that empty notebook (interpreter, imports, one kernel,
   publishing). Target: cold <= 1.2x the limit. Beside it, the ratio to that naive loop of
   ``papermill`` command-line calls over the same notebooks and cache state;
2. a no-change re-run (target < 1 s);
3. the peak resident memory of the whole process tree of a cold run (target < 2 GB).

sweep:
4. ``analysis sweep`` of ``--sweep-size`` combinations of the military notebook (``edition``
   x ``countries``; with ``--fixtures``, the first fixture notebook's ``scale``) on the local
   cluster, against the same runs made one after another with ``analysis run -p``; both
   forced, with the table cache warmed first. Target: sweep <= 0.6x sequential.

Outputs go to ``build/bench/`` (the sweep to ``build/runs/`` and ``build/sweeps/``, where any
sweep puts them), never ``results/``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MILITARY = "01_military_balance"
# Pairs of countries SIPRI covers; with the three releases they make up to 12 combinations.
# (Not ARM-TUR: the notebook runs out of supplier colours for Turkey, StopIteration in cell 15.)
PAIRS = [["ARM", "AZE"], ["GEO", "AZE"], ["ARM", "GEO"], ["GEO", "RUS"]]
EDITIONS = [2023, 2024, 2025]


class PeakRSS:
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, every: float = 0.05):
        import psutil

        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
            except psutil.Error:
                return
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(cmd: list[str], env: dict, measure_memory: bool = False) -> tuple[float, int]:
    """Run a command; return (seconds, peak RSS of its process tree in bytes or 0)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    sampler = PeakRSS(proc.pid) if measure_memory else None
    _, err = proc.communicate()
    seconds = time.perf_counter() - t
    peak = sampler.stop() if sampler else 0
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peak


def naive(notebooks: list[Path], env: dict, scratch: Path) -> dict[str, float]:
    """One ``papermill`` command after another, each writing outputs into a scratch folder;
    returns each call's wall seconds (the notebook measured alone on the machine)."""
    seconds = {}
    for nb in notebooks:
        out = scratch / nb.stem
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        e = {**env, "ANALYSIS_OUTPUT_DIR": str(out),
             "ANALYSIS_NOTEBOOK": str(nb.relative_to(Path(env["ANALYSIS_ROOT"]))),
             "ANALYSIS_PARAMETERS": "{}"}
        t = time.perf_counter()
        subprocess.run([str(BIN / "papermill"), str(nb), str(out / nb.name), "-k", "python3",
                        "--cwd", str(nb.parent), "--no-progress-bar"],
                       env=e, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds[nb.stem] = time.perf_counter() - t
    return seconds


def fixture_project(n: int) -> Path:
    """A scratch project with ``n`` tiny notebooks (each sleeps a little, like real work)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.nbfactory import CLAIMS_TOML, make_notebook

    root = Path(tempfile.mkdtemp(prefix="bench-run-"))
    (root / "data" / "claims").mkdir(parents=True)
    (root / "data" / "claims" / "test.toml").write_text(CLAIMS_TOML)
    (root / "data" / "sources.toml").write_text("")
    (root / "pyproject.toml").write_text("[tool.analysis]\n")
    for i in range(1, n + 1):
        make_notebook(root / "notebooks" / f"{i:02d}_n{i}.ipynb", f"fig-{i}",
                      pre="import time\ntime.sleep(1.0)")
    return root


def recorded_seconds(state: Path) -> dict[str, float]:
    """Seconds per notebook from the runner's fingerprint records in ``state``."""
    out = {}
    for p in sorted((state / "fingerprints").glob("*.json")):
        out[p.stem] = float(json.loads(p.read_text(encoding="utf-8"))["seconds"])
    return out


def startup(env: dict, repeat: int) -> tuple[float, float]:
    """(wall seconds of ``analysis run --force`` of an empty notebook, wall seconds of one
    ``papermill`` call on it): one start-up of the command, and the start-up (interpreter,
    kernel) inside each naive call's seconds."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.nbfactory import make_notebook

    root = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    try:
        (root / "data").mkdir()
        (root / "pyproject.toml").write_text("[tool.analysis]\n")
        nb = make_notebook(root / "notebooks" / "01_empty.ipynb", "fig-empty")
        e = {**env, "ANALYSIS_ROOT": str(root)}
        cmd = [str(BIN / "analysis"), "run", str(nb), "--quiet", "--force", "--output",
               str(root / "out")]
        walls, alone = [], []
        for _ in range(repeat):
            walls.append(timed(cmd, e)[0])
            alone.append(naive([nb], e, root / "naive")["01_empty"])
        return statistics.median(walls), statistics.median(alone)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def load() -> str:
    """The machine's load average: other users' work slows every number printed here."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPU(s)"


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<44}{value:>12}  {note}".rstrip())


def cold_section(root: Path, env: dict, repeat: int) -> None:
    from analysis import runner
    from analysis.clean import cache

    notebooks = runner.discover(root)
    if not notebooks:
        print("no notebooks in notebooks/ yet; try --fixtures 4")
        return
    bench = root / "build" / "bench"
    out = bench / "cold"
    run_cmd = [str(BIN / "analysis"), "run", "--quiet", "--output", str(out)]
    cpus = os.cpu_count() or 1
    print(f"cold runs: {len(notebooks)} notebook(s) in {root / 'notebooks'}, {cpus} CPU(s), "
          f"median of {repeat}; {load()}")

    cold, naive_s, peaks, per_nb, alone = [], [], [], [], []
    for _ in range(repeat):
        cache.clear()
        s, peak = timed([*run_cmd, "--force"], env, measure_memory=True)
        cold.append(s)
        peaks.append(peak)
        per_nb.append(recorded_seconds(out))
        cache.clear()
        alone.append(naive(notebooks, env, bench / "naive"))
        naive_s.append(sum(alone[-1].values()))
    c, n = statistics.median(cold), statistics.median(naive_s)

    def median_of(records):
        return {stem: statistics.median(r[stem] for r in records if stem in r)
                for stem in records[0]}

    # A notebook's compute is measured alone (the naive loop runs one at a time): seconds
    # recorded inside the parallel run include the wait for the other kernel's core.
    seconds, in_run = median_of(alone), median_of(per_nb)
    start_wall, kernel = startup(env, repeat)
    compute = {stem: max(s - kernel, 0.0) for stem, s in seconds.items()}
    longest = max(compute.values())
    spread = sum(compute.values()) / cpus
    limit = max(longest, spread) + start_wall

    print("numbers behind the limit (seconds; each notebook alone, as one papermill call):")
    for stem, s in seconds.items():
        row(f"{stem}", f"{s:.2f}", f"alone; compute {compute[stem]:.2f}; "
                                   f"{in_run.get(stem, float('nan')):.2f} inside the cold run")
    row("start-up inside each papermill call", f"{kernel:.2f}",
        "(papermill on an empty notebook)")
    row("one start-up", f"{start_wall:.2f}", "(wall time of `analysis run` of it)")
    row("longest notebook (compute)", f"{longest:.2f}")
    row(f"total compute / {cpus} cores", f"{spread:.2f}",
        f"(total {sum(compute.values()):.2f})")
    row("limit = max(longest, total / cores) + start-up", f"{limit:.2f}")
    print("targets:")
    row("cold `analysis run --force`", f"{c:.2f} s",
        f"runs: {', '.join(f'{x:.2f}' for x in cold)}")
    row("cold / limit", f"{c / limit:.2f} x",
        f"target <= 1.2x: {'met' if c / limit <= 1.2 else 'NOT met'}")
    row("naive sequential papermill loop", f"{n:.2f} s",
        f"runs: {', '.join(f'{x:.2f}' for x in naive_s)}")
    row("cold / naive (reported beside the target)", f"{c / n:.2f} x")
    rerun = statistics.median(timed(run_cmd, env)[0] for _ in range(repeat))
    row("no-change re-run", f"{rerun:.2f} s",
        f"target < 1 s: {'met' if rerun < 1 else 'NOT met'}")
    peak = max(peaks) / 2**30
    row("peak RSS of the process tree (cold run)", f"{peak:.2f} GB",
        f"target < 2 GB: {'met' if peak < 2 else 'NOT met'}")
    print(f"  (after: {load()})")


def sweep_grid(fixtures: bool, size: int) -> dict[str, list]:
    """``size`` combinations: the military notebook's releases x pairs, or a fixture's scales."""
    if fixtures:
        return {"scale": list(range(2, size + 2))}
    combos = list(itertools.product(EDITIONS, PAIRS))[:size]
    return {"edition": sorted({e for e, _ in combos}),
            "countries": [p for p in PAIRS if any(p == q for _, q in combos)]}


def sweep_section(root: Path, env: dict, fixtures: bool, size: int) -> None:
    from analysis import runner, sweep

    notebooks = runner.discover(root)
    nb = notebooks[0] if fixtures else root / "notebooks" / f"{MILITARY}.ipynb"
    if not nb.is_file():
        print(f"sweep: no {nb}; skipped")
        return
    grid = sweep_grid(fixtures, size)
    combos = sweep.combinations(grid)
    cpus = os.cpu_count() or 1
    print(f"sweep: {len(combos)} combinations of {nb.stem} ({', '.join(grid)}), local cluster "
          f"of {cpus} worker process(es); {load()}")
    # Warm the table cache once, so both sides read cleaned tables the same way.
    timed([str(BIN / "analysis"), "run", str(nb), "--quiet", "--force", "--output",
           str(root / "build" / "bench" / "warm")], env)
    seq_dir = root / "build" / "bench" / "sequential"
    t = time.perf_counter()
    for values in combos:
        params = [a for k, v in values.items() for a in ("-p", f"{k}={json.dumps(v)}")]
        out = seq_dir / runner.parameter_hash(values)
        timed([str(BIN / "analysis"), "run", str(nb), *params, "--quiet", "--force",
               "--output", str(out)], env)
    seq = time.perf_counter() - t
    items = [a for k, v in grid.items() for a in ("--grid", f"{k}={json.dumps(v)}")]
    s, _ = timed([str(BIN / "analysis"), "sweep", str(nb), *items, "--force", "--quiet"], env)
    row(f"{len(combos)} runs one after another (`analysis run -p`)", f"{seq:.2f} s",
        f"{seq / len(combos):.2f} s per run")
    row("the same as one `analysis sweep`", f"{s:.2f} s")
    row("sweep / sequential", f"{s / seq:.2f} x",
        f"target <= 0.6x: {'met' if s / seq <= 0.6 else 'NOT met'} (ideal on {cpus} cores: "
        f"{1 / cpus:.2f}x)")
    print(f"  (after: {load()})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fixtures", type=int, default=0,
                    help="benchmark N generated notebooks in a scratch project")
    ap.add_argument("--only", default="cold,sweep", help="sections: cold, sweep (comma list)")
    ap.add_argument("--sweep-size", type=int, default=12, help="combinations in the sweep")
    args = ap.parse_args()
    sections = {s.strip() for s in args.only.split(",")}

    root = fixture_project(args.fixtures) if args.fixtures else ROOT
    # A cache of its own: clearing it for cold runs never touches the project's data/cache.
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    env = {**os.environ, "ANALYSIS_ROOT": str(root), "JUPYTER_PREFER_ENV_PATH": "1",
           "ANALYSIS_CACHE_DIR": str(cache_dir)}
    os.environ["ANALYSIS_ROOT"] = str(root)
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache_dir)
    try:
        if "cold" in sections:
            cold_section(root, env, args.repeat)
        if "sweep" in sections:
            sweep_section(root, env, bool(args.fixtures), args.sweep_size)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
        if args.fixtures:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
