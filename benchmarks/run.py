"""Runner benchmark: prints numbers next to their targets, asserts nothing.

    .venv/bin/python benchmarks/run.py [--repeat 3] [--fixtures N]

1. cold ``analysis run --force`` of every notebook (parquet cache cleared before each run)
   against a naive sequential loop of ``papermill`` command-line calls over the same notebooks
   and cache state; median of ``--repeat`` runs each, and the ratio (target <= 0.5x on 2 cores);
2. a no-change re-run (target < 1 s);
3. the peak resident memory of the whole process tree of a cold run (target < 2 GB).

Outputs go to ``build/bench/``, never ``results/``. With no notebooks in ``notebooks/`` yet,
``--fixtures N`` benchmarks N tiny generated notebooks in a scratch project instead.
"""

from __future__ import annotations

import argparse
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


def naive(notebooks: list[Path], env: dict, scratch: Path) -> None:
    """One ``papermill`` command after another, each writing outputs into a scratch folder."""
    for nb in notebooks:
        out = scratch / nb.stem
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        e = {**env, "ANALYSIS_OUTPUT_DIR": str(out),
             "ANALYSIS_NOTEBOOK": str(nb.relative_to(Path(env["ANALYSIS_ROOT"]))),
             "ANALYSIS_PARAMETERS": "{}"}
        subprocess.run([str(BIN / "papermill"), str(nb), str(out / nb.name), "-k", "python3",
                        "--cwd", str(nb.parent), "--no-progress-bar"],
                       env=e, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fixture_project(n: int) -> Path:
    """A scratch project with ``n`` tiny notebooks (each sleeps a little, like real work)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.nbfactory import make_notebook

    root = Path(tempfile.mkdtemp(prefix="bench-run-"))
    (root / "data").mkdir()
    (root / "pyproject.toml").write_text("[tool.analysis]\n")
    for i in range(1, n + 1):
        make_notebook(root / "notebooks" / f"{i:02d}_n{i}.ipynb", f"fig-{i}",
                      pre="import time\ntime.sleep(1.0)")
    return root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fixtures", type=int, default=0,
                    help="benchmark N generated notebooks in a scratch project")
    args = ap.parse_args()

    root = fixture_project(args.fixtures) if args.fixtures else ROOT
    # A cache of its own: clearing it for cold runs never touches the project's data/cache.
    cache_dir = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    env = {**os.environ, "ANALYSIS_ROOT": str(root), "JUPYTER_PREFER_ENV_PATH": "1",
           "ANALYSIS_CACHE_DIR": str(cache_dir)}
    os.environ["ANALYSIS_ROOT"] = str(root)
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache_dir)
    from analysis import runner
    from analysis.clean import cache

    notebooks = runner.discover(root)
    if not notebooks:
        print("no notebooks in notebooks/ yet; try --fixtures 4")
        return
    bench = root / "build" / "bench"
    out = bench / "cold"
    run_cmd = [str(BIN / "analysis"), "run", "--quiet", "--output", str(out)]
    cpus = os.cpu_count()
    print(f"{len(notebooks)} notebook(s) in {root / 'notebooks'}, {cpus} CPU(s), "
          f"median of {args.repeat}")

    cold, naive_s, peaks = [], [], []
    for _ in range(args.repeat):
        cache.clear()
        s, peak = timed([*run_cmd, "--force"], env, measure_memory=True)
        cold.append(s)
        peaks.append(peak)
        cache.clear()
        t = time.perf_counter()
        naive(notebooks, env, bench / "naive")
        naive_s.append(time.perf_counter() - t)
    c, n = statistics.median(cold), statistics.median(naive_s)
    print(f"cold `analysis run --force`:       {c:7.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in cold)})")
    print(f"naive sequential papermill loop:   {n:7.2f} s  (runs: "
          f"{', '.join(f'{x:.2f}' for x in naive_s)})")
    print(f"ratio cold / naive:                {c / n:7.2f} x  (target <= 0.5x on 2 cores)")

    rerun = statistics.median(timed(run_cmd, env)[0] for _ in range(args.repeat))
    print(f"no-change re-run:                  {rerun:7.2f} s  (target < 1 s)")
    peak = max(peaks) / 2**30
    print(f"peak RSS of the process tree:      {peak:7.2f} GB (target < 2 GB)")
    shutil.rmtree(cache_dir, ignore_errors=True)
    if args.fixtures:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
