"""The reproduction check: re-run every notebook into a scratch folder and compare with results/.

What is compared (:func:`compare`, usable on any two output folders):

* figure CSVs, the ledger files (``claims.*``, ``ledger.*``) and ``claims/<notebook>.json``:
  byte for byte;
* figure PNGs: within an RMS tolerance (``matplotlib.testing.compare.compare_images``), since
  anti-aliasing may differ across machines;
* figure JSON metadata: field by field, ignoring :data:`IGNORED_JSON_FIELDS`;
* SVG and PDF: their hashes are reported when they differ, not compared (they embed
  renderer details that change without any change of content);
* a figure present on one side only is a difference.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import files, outputs, paths

# JSON metadata fields that legitimately vary between two runs of the same code and data.
# None: figure metadata must be a function of code, data and parameters only (no timestamps,
# host names or absolute paths). In particular ``code_version`` must identify the code by its
# content (package version plus a hash of src/analysis), not by the git commit: results/ is
# committed after the run, so a commit id recorded in it could never be reproduced.
IGNORED_JSON_FIELDS: tuple[str, ...] = ()
PNG_TOLERANCE = 2.0


@dataclass
class Comparison:
    """Differences (each names the figure or file) and informational notes."""

    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing differs."""
        return not self.differences


def _first_difference(a: bytes, b: bytes) -> str:
    la, lb = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False), start=1):
        if x != y:
            return f"line {i}: expected {x!r}, got {y!r}"
    return f"expected {len(la)} lines, got {len(lb)}"


def png_difference(expected: Path, actual: Path, tol: float = PNG_TOLERANCE) -> str | None:
    """None when two PNGs agree within an RMS of ``tol`` (0-255 scale), else what differs."""
    from matplotlib.testing.compare import compare_images
    from matplotlib.testing.exceptions import ImageComparisonFailure

    # compare_images writes a diff image beside its input: work on copies.
    with tempfile.TemporaryDirectory() as tmp:
        e, a = Path(tmp) / "expected.png", Path(tmp) / "actual.png"
        shutil.copyfile(expected, e)
        shutil.copyfile(actual, a)
        try:
            res = compare_images(str(e), str(a), tol, in_decorator=True)
        except ImageComparisonFailure as exc:
            return str(exc).splitlines()[0]
    if res is None:
        return None
    return f"RMS {res['rms']:.2f} > tolerance {tol}"


def _compare_json(expected: Path, actual: Path) -> list[str]:
    try:
        a = json.loads(expected.read_text(encoding="utf-8"))
        b = json.loads(actual.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [f"unreadable JSON: {exc}"]
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return [] if a == b else ["JSON differs"]
    out = []
    for key in sorted(set(a) | set(b)):
        if key in IGNORED_JSON_FIELDS:
            continue
        if key not in b:
            out.append(f"metadata field {key!r} missing in the re-run")
        elif key not in a:
            out.append(f"metadata field {key!r} new in the re-run")
        elif a[key] != b[key]:
            out.append(f"metadata field {key!r}: expected {a[key]!r}, got {b[key]!r}")
    return out


def compare(expected: Path, actual: Path, tol: float = PNG_TOLERANCE) -> Comparison:
    """Compare two output folders (``expected`` e.g. results/, ``actual`` a re-run)."""
    expected, actual = Path(expected), Path(actual)
    res = Comparison()
    fe, fa = outputs.Folder(expected).figure_files(), outputs.Folder(actual).figure_files()
    for fid in sorted(set(fe) | set(fa)):
        if fid not in fa:
            res.differences.append(f"figure {fid}: in {expected} but not produced by the re-run")
            continue
        if fid not in fe:
            res.differences.append(f"figure {fid}: produced by the re-run but not in {expected}")
            continue
        for ext in sorted(set(fe[fid]) | set(fa[fid])):
            e, a = fe[fid].get(ext), fa[fid].get(ext)
            if e is None or a is None:
                side = "re-run" if a is None else str(expected)
                res.differences.append(f"figure {fid}: {fid}.{ext} missing in the {side}")
                continue
            if ext == "csv":
                be, ba = e.read_bytes(), a.read_bytes()
                if be != ba:
                    res.differences.append(f"figure {fid}: CSV differs at "
                                           f"{_first_difference(be, ba)}")
            elif ext == "png":
                problem = png_difference(e, a, tol)
                if problem:
                    res.differences.append(f"figure {fid}: PNG differs: {problem}")
            elif ext == "json":
                res.differences += [f"figure {fid}: {d}" for d in _compare_json(e, a)]
            else:
                he, ha = files.sha256_file(e), files.sha256_file(a)
                if he != ha:
                    res.notes.append(f"figure {fid}: {ext.upper()} bytes differ (not compared): "
                                     f"sha256 {he[:12]} vs {ha[:12]}")
    names = list(outputs.LEDGER_FILES)
    for folder in (expected, actual):
        names += [f"claims/{p.name}" for p in outputs.Folder(folder).claim_files().values()]
    for name in sorted(set(names)):
        e, a = expected / name, actual / name
        if not e.is_file() and not a.is_file():
            continue
        if not e.is_file() or not a.is_file():
            where = "the re-run" if not a.is_file() else str(expected)
            res.differences.append(f"{name}: missing in {where}")
            continue
        be, ba = e.read_bytes(), a.read_bytes()
        if be != ba:
            res.differences.append(f"{name}: differs at {_first_difference(be, ba)}")
    return res


def check(jobs: int | None = None, scratch: Path | None = None, progress: bool = True,
          expected: Path | None = None, tol: float = PNG_TOLERANCE):
    """Re-run every notebook (forced, default parameters) into ``scratch`` and compare.

    The cleaned tables are rebuilt in ``<scratch>/cache``, shared by the kernels of this
    check, so the check never trusts the cache it is meant to re-check. Returns
    ``(run_report, comparison)``; a failed notebook is also a difference.
    """
    from . import runner

    scratch = Path(scratch) if scratch else paths.build_dir() / "check"
    expected = Path(expected) if expected else paths.results_dir()
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    saved = os.environ.get("ANALYSIS_CACHE_DIR")
    os.environ["ANALYSIS_CACHE_DIR"] = str(scratch / "cache")
    try:
        report = runner.run(jobs=jobs, force=True, target=scratch, state=scratch,
                            progress=progress, png_tolerance=tol)
    finally:
        if saved is None:
            os.environ.pop("ANALYSIS_CACHE_DIR", None)
        else:
            os.environ["ANALYSIS_CACHE_DIR"] = saved
    comparison = compare(expected, scratch, tol)
    comparison.differences[:0] = [o.message for o in report.failures]
    return report, comparison
