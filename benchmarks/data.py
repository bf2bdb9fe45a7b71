"""Data-layer benchmark: prints numbers, asserts nothing.

    .venv/bin/python benchmarks/data.py

1. fetch-all from the mirror, cold (an empty data/raw in a scratch project root);
2. clean-all, cold (empty parquet cache);
3. load of a cached table (median of 20): target under 50 ms;
4. the hash check of every cached raw file when nothing changed (median of 20): target under
   50 ms for all files.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="bench-data-"))
    try:
        (scratch / "data").mkdir()
        shutil.copy(ROOT / "data" / "sources.toml", scratch / "data" / "sources.toml")
        # Curated tables and the country mappings are committed: the cleaners need them.
        for folder in ("curated", "mappings"):
            if (ROOT / "data" / folder).is_dir():
                shutil.copytree(ROOT / "data" / folder, scratch / "data" / folder)
        mirror = (ROOT / "../shared/data").resolve()
        (scratch / "pyproject.toml").write_text(f'[tool.analysis]\nmirrors = ["{mirror}"]\n')
        os.environ["ANALYSIS_ROOT"] = str(scratch)
        os.environ["ANALYSIS_OFFLINE"] = "1"
        os.environ.pop("ANALYSIS_RAW_DIR", None)
        os.environ.pop("ANALYSIS_CACHE_DIR", None)

        from analysis import datasets, sources

        t = time.perf_counter()
        files = sources.fetch_all()
        fetch_s = time.perf_counter() - t
        size = sum(p.stat().st_size for p in files)
        print(f"fetch-all from mirror (cold): {fetch_s:.2f} s, {len(files)} files, "
              f"{size / 1e6:.1f} MB")

        t = time.perf_counter()
        last = [t]

        def progress(label):
            now = time.perf_counter()
            last[0] = now
            print(f"  clean {label} ...", end="", flush=True)

        results = datasets.clean_all(progress=lambda label: progress(label))
        print()
        for label, rows in results.items():
            print(f"  {label}: {rows if isinstance(rows, Exception) else f'{rows:,} rows'}")
        print(f"clean-all (cold): {time.perf_counter() - t:.2f} s, {len(results)} tables")

        runs = []
        for _ in range(20):
            t = time.perf_counter()
            datasets.milex(2023, "constant_usd", ["ARM", "AZE"])
            runs.append(time.perf_counter() - t)
        med = statistics.median(runs) * 1000
        print(f"load cached table (milex 2023, ARM+AZE, median of 20): {med:.1f} ms "
              f"(target < 50 ms: {'met' if med < 50 else 'NOT met'})")

        raw = [s for s in sources.load_catalog().values() if s.kind == "raw"]
        runs = []
        for _ in range(20):
            t = time.perf_counter()
            ok = all(sources.is_cached(s) for s in raw)
            runs.append(time.perf_counter() - t)
        med = statistics.median(runs) * 1000
        print(f"hash check of {len(raw)} unchanged raw files (median of 20): {med:.1f} ms, all "
              f"match: {ok} (target < 50 ms: {'met' if med < 50 else 'NOT met'})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
