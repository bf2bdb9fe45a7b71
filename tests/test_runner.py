"""The notebook runner: clean notebooks, failures, parameters, incremental runs, the check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import nbformat
import pytest
from conftest import write_catalog
from fixtures.nbfactory import CLAIMS_TOML, make_notebook, set_cell
from typer.testing import CliRunner

from analysis import check, paths, runner
from analysis.cli import app

REAL_NOTEBOOKS = runner.discover(paths.root())
TEMPLATE = paths.root() / "notebooks" / "_template.ipynb"


# --------------------------------------------------------------------------- committed notebooks


def test_committed_notebooks_are_clean():
    """Every notebook in notebooks/: no outputs, a kernelspec, one tagged parameters cell."""
    assert REAL_NOTEBOOKS, f"no notebooks found in {paths.root() / 'notebooks'}"
    problems = {nb.name: runner.notebook_problems(nb) for nb in [*REAL_NOTEBOOKS, TEMPLATE]}
    assert not {k: v for k, v in problems.items() if v}, problems


def test_checker_flags_a_dirty_notebook(tmp_path):
    # Built here, not committed: a dirty notebook in the repository is what the check forbids.
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("year = 2023"), nbformat.v4.new_code_cell("x = 1\nx")]
    nb.cells[1].execution_count = 1
    nb.cells[1].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"},
                                                  execution_count=1)]
    path = tmp_path / "dirty.ipynb"
    nbformat.write(nb, path)
    problems = " | ".join(runner.notebook_problems(path))
    assert "has outputs" in problems
    assert "execution count" in problems
    assert "kernelspec" in problems
    assert "tagged 'parameters'" in problems


def test_checker_accepts_a_clean_notebook(tmp_path):
    assert runner.notebook_problems(make_notebook(tmp_path / "01_x.ipynb", "fig-x")) == []


def test_parse_parameters():
    got = runner.parse_parameters(["year=2020", "country=ARM", "flag=true", "xs=[1, 2]",
                                   "name='a b'"])
    assert got == {"year": 2020, "country": "ARM", "flag": True, "xs": [1, 2], "name": "a b"}
    with pytest.raises(runner.RunError, match="NAME=VALUE"):
        runner.parse_parameters(["oops"])


# --------------------------------------------------------------------------- runs (tmp project)


def _csv(root: Path, fig: str, folder: str = "results") -> str:
    return (root / folder / "figures" / f"{fig}.csv").read_text()


def test_undeclared_parameter_is_an_error(proj):
    nb = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    with pytest.raises(runner.RunError, match=r"01_a.ipynb does not declare parameter.*'nope'"):
        runner.run([nb], parameters={"nope": 1}, progress=False)
    result = CliRunner().invoke(app, ["run", str(nb), "-p", "nope=1", "-q"])
    assert result.exit_code == 1
    assert "does not declare" in result.output
    assert not (proj / "results").exists() and not (proj / "build" / "runs").exists()


@pytest.mark.slow
def test_failure_names_the_cell_and_keeps_earlier_outputs(proj):
    good = make_notebook(proj / "notebooks" / "01_good.ipynb", "fig-good")
    bad = make_notebook(proj / "notebooks" / "02_bad.ipynb", "fig-bad")
    first = runner.run(jobs=2, progress=False)
    assert first.ok, [o.message for o in first.failures]
    old_bad = _csv(proj, "fig-bad")

    # The good notebook changes (so it re-runs); the bad one now raises in code cell 5.
    set_cell(good, 1, "scale = 7\nextra = ''")
    set_cell(bad, 1, "scale = 9\nextra = ''")
    set_cell(bad, 4, "value = 3\nraise ValueError('boom ' + str(value))")
    result = CliRunner().invoke(app, ["run", "-q", "--jobs", "2"])
    assert result.exit_code == 1
    msg = result.output
    assert "notebooks/02_bad.ipynb" in msg
    assert "cell 5" in msg
    assert "at `raise ValueError('boom ' + str(value))`" in msg  # the line that raised
    assert "ValueError: boom 3" in msg
    assert "build/failed/02_bad.ipynb" in msg
    assert (proj / "build" / "failed" / "02_bad.ipynb").is_file()
    # The failed notebook's published outputs are untouched; the other one still ran.
    assert _csv(proj, "fig-bad") == old_bad
    bad_claims = json.loads((proj / "results" / "claims" / "02_bad.json").read_text())
    assert bad_claims[0]["data_value"] == 1
    assert _csv(proj, "fig-good") == "x,y\n1,7\n"
    manifest = json.loads((proj / "results" / "manifest.json").read_text())
    assert set(manifest["figures"]) == {"fig-good", "fig-bad"}
    assert manifest["figures"]["fig-good"]["csv"] == hashlib.sha256(b"x,y\n1,7\n").hexdigest()


@pytest.mark.slow
def test_non_default_parameters_leave_results_alone(proj):
    nb = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    assert runner.run([nb], progress=False).ok
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
              for p in (proj / "results").rglob("*") if p.is_file()}

    report = runner.run([nb], parameters={"scale": 5}, progress=False)
    assert report.ok, [o.message for o in report.failures]
    assert report.target == proj / "build" / "runs" / runner.parameter_hash({"scale": 5})
    assert _csv(proj, "fig-a", f"build/runs/{report.target.name}") == "x,y\n1,5\n"
    assert (report.target / "executed" / "01_a.ipynb").is_file()
    meta = json.loads((report.target / "figures" / "fig-a.json").read_text())
    assert meta["parameters"] == {"scale": 5, "extra": ""}
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns)
             for p in (proj / "results").rglob("*") if p.is_file()}
    assert after == before

    # Values equal to the defaults make a default run (skipped: nothing changed).
    same = runner.run([nb], parameters={"scale": 1}, progress=False)
    assert same.target == proj / "results" and same.outcomes[0].status == "skipped"


@pytest.mark.slow
def test_incremental_runs(proj):
    table = proj / "data" / "curated" / "t.csv"
    table.parent.mkdir(parents=True)
    table.write_text("a\n1\n")

    def catalog():
        data = table.read_bytes()
        write_catalog(proj, [{
            "id": "t", "kind": "curated", "title": "T", "publisher": "P", "edition": "E",
            "dataset": "t", "release": "1", "published": "2024",
            "origin_url": "https://example.org/", "file": "curated/t.csv",
            "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "license": "L",
            "citation": "C", "coverage": "Cov", "notes": "N"}])

    catalog()
    nbs = proj / "notebooks"
    a = make_notebook(nbs / "01_a.ipynb", "fig-a", sources=("t",),
                      pre="from analysis import sources\nsources.require('t')")
    make_notebook(nbs / "02_b.ipynb", "fig-b")
    # The ledger-like notebook lists what the others published: it must run after them.
    make_notebook(nbs / "03_ledger.ipynb", "fig-ledger", after=True, pre=(
        "import os, pathlib\ntarget = pathlib.Path(os.environ['ANALYSIS_TARGET_DIR'])\n"
        "extra = ';'.join(sorted(p.stem for p in target.glob('figures/*.csv')))"))

    first = runner.run(progress=False)
    assert [o.status for o in first.outcomes] == ["ran", "ran", "ran"], first.failures
    assert _csv(proj, "fig-ledger").endswith("fig-a;fig-b")
    fp = json.loads((proj / "build" / "fingerprints" / "01_a.json").read_text())
    assert fp["sources"] == {"t": hashlib.sha256(b"a\n1\n").hexdigest()}

    second = runner.run(progress=False)  # its speed is measured in benchmarks/run.py
    assert [o.status for o in second.outcomes] == ["skipped"] * 3

    set_cell(a, 4, "done = 'edited'")  # a code cell changes: only 01_a re-runs
    third = runner.run(progress=False)
    assert [o.status for o in third.outcomes] == ["ran", "skipped", "skipped"]

    table.write_text("a\n2\n")  # a catalog entry it loaded changes
    catalog()
    fourth = runner.run(progress=False)
    assert [o.status for o in fourth.outcomes] == ["ran", "skipped", "skipped"]

    (proj / "results" / "figures" / "fig-b.csv").unlink()  # a published output went missing
    fifth = runner.run(progress=False)
    # The ledger's inputs came back identical, so it stays skipped.
    assert [o.status for o in fifth.outcomes] == ["skipped", "ran", "skipped"]

    set_cell(nbs / "02_b.ipynb", 1, "scale = 2\nextra = ''")  # an upstream output changes
    sixth = runner.run(progress=False)
    assert [o.status for o in sixth.outcomes] == ["skipped", "ran", "ran"]

    forced = runner.run(force=True, progress=False)
    assert [o.status for o in forced.outcomes] == ["ran", "ran", "ran"]


@pytest.mark.slow
def test_removed_figure_is_unpublished(proj):
    nb = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    assert runner.run([nb], progress=False).ok
    make_notebook(nb, "fig-renamed")  # the notebook now makes another figure
    assert runner.run([nb], progress=False).ok
    names = sorted(p.name for p in (proj / "results" / "figures").iterdir())
    assert names == ["fig-renamed.csv", "fig-renamed.json"]


def test_no_notebook_found_is_an_error(proj):
    with pytest.raises(runner.RunError, match="no notebooks found"):
        runner.run(progress=False)


@pytest.mark.slow
def test_registry_edit_reaches_the_ledger_without_a_code_change(proj):
    nb = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a", scale=2)
    assert runner.run(progress=False).ok
    ledger = (proj / "results" / "ledger.csv").read_text()
    assert ",approximately," not in ledger  # 2 is twice the brief's 1: contradicted
    registry = proj / "data" / "claims" / "test.toml"
    registry.write_text(CLAIMS_TOML.replace("approx_tolerance = 0.5", "approx_tolerance = 1.0"))
    report = runner.run(progress=False)
    # The notebook reads the registry, so it re-runs; the ledger shows the new band.
    assert [o.status for o in report.outcomes] == ["ran"]
    assert ",approximately," in (proj / "results" / "ledger.csv").read_text()
    manifest = json.loads((proj / "results" / "manifest.json").read_text())
    assert manifest["claims"]["ledger.csv"] == hashlib.sha256(
        (proj / "results" / "ledger.csv").read_bytes()).hexdigest()
    assert nb.is_file()


@pytest.mark.slow
def test_a_no_change_run_skips_the_ledger_but_an_edited_ledger_file_is_collected_again(
        proj, monkeypatch):
    make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a", scale=2)
    assert runner.run(progress=False).ok
    ledger = proj / "results" / "ledger.csv"
    published = ledger.read_bytes()
    from analysis import claims

    calls = []
    real = claims.collect
    monkeypatch.setattr(claims, "collect", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert [o.status for o in runner.run(progress=False).outcomes] == ["skipped"]
    assert calls == []  # nothing the ledger is made from changed
    ledger.write_text("claim_id\nhand-edited\n")
    assert [o.status for o in runner.run(progress=False).outcomes] == ["skipped"]
    assert len(calls) == 1 and ledger.read_bytes() == published


@pytest.mark.slow
def test_outputs_of_a_deleted_notebook_are_removed(proj):
    a = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    make_notebook(proj / "notebooks" / "02_b.ipynb", "fig-b")
    assert runner.run(progress=False).ok
    # Renamed: the same figure id now comes from another notebook file.
    a.rename(proj / "notebooks" / "03_a_renamed.ipynb")
    result = CliRunner().invoke(app, ["run", "-q"])
    assert result.exit_code == 0, result.output
    assert "removed the outputs of notebook '01_a'" in result.output
    results = proj / "results"
    assert not (results / "claims" / "01_a.json").exists()
    assert (results / "claims" / "03_a_renamed.json").is_file()
    assert json.loads((results / "figures" / "fig-a.json").read_text())["notebook"].endswith(
        "03_a_renamed.ipynb")
    rows = json.loads((results / "claims.json").read_text())
    assert sorted(r["notebook"] for r in rows) == ["notebooks/02_b.ipynb",
                                                   "notebooks/03_a_renamed.ipynb"]


def test_publish_keeps_a_figure_within_tolerance(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def figure(folder, shift):
        (folder / "figures").mkdir(parents=True)
        fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
        ax.plot([0, 1], [0, 1 + shift])
        for ext in ("png", "svg", "pdf"):
            fig.savefig(folder / "figures" / f"f.{ext}")
        plt.close(fig)
        (folder / "figures" / "f.csv").write_text("x\n1\n")
        (folder / "figures" / "f.json").write_text('{"notebook": "notebooks/01_a.ipynb"}')
        return folder / "figures"

    old = figure(tmp_path / "old", 0.0)
    new = figure(tmp_path / "new", 0.001)  # other anti-aliasing, same content
    published = {ext: old / f"f.{ext}" for ext in ("png", "svg", "pdf", "csv", "json")}
    assert (old / "f.png").read_bytes() != (new / "f.png").read_bytes()
    assert runner._same_figure(published, new, "f", tol=2.0)
    (new / "f.csv").write_text("x\n2\n")  # the data changed: publish the new files
    assert not runner._same_figure(published, new, "f", tol=2.0)


# --------------------------------------------------------------------------- the check


def _outputs(folder: Path, figs=("fig-a", "fig-b"), value: str = "1.5") -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (folder / "figures").mkdir(parents=True)
    for fid in figs:
        (folder / "figures" / f"{fid}.csv").write_text(f"x,y\n1,{value}\n2,3.25\n")
        (folder / "figures" / f"{fid}.json").write_text(json.dumps({"title": fid}))
        fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
        ax.plot([0, 1], [0, 1])
        fig.savefig(folder / "figures" / f"{fid}.png")
        fig.savefig(folder / "figures" / f"{fid}.svg")
        plt.close(fig)
    (folder / "claims.csv").write_text("id,value\nc1,1\n")
    (folder / "claims.json").write_text('[{"id": "c1", "value": 1}]\n')
    return folder


def test_check_passes_on_identical_folders(tmp_path):
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b")
    res = check.compare(a, b)
    assert res.ok, res.differences


def test_check_detects_a_changed_csv_value(tmp_path):
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b", value="1.6")
    res = check.compare(a, b)
    assert not res.ok
    assert any("fig-a" in d and "CSV" in d and "1,1.6" in d for d in res.differences)
    assert any("fig-b" in d for d in res.differences)


def test_check_detects_a_missing_figure(tmp_path):
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b", figs=("fig-a",))
    res = check.compare(a, b)
    assert len(res.differences) == 1 and "figure fig-b" in res.differences[0]
    res = check.compare(b, a)
    assert len(res.differences) == 1 and "figure fig-b" in res.differences[0]


def test_check_compares_metadata_claims_and_png(tmp_path):
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b")
    (b / "figures" / "fig-a.json").write_text(json.dumps({"title": "other"}))
    (b / "claims.csv").write_text("id,value\nc1,2\n")
    (b / "figures" / "fig-b.svg").write_text("<svg/>")  # reported, not a difference
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    ax.fill_between([0, 1], [0, 0], [1, 1], color="k")
    fig.savefig(b / "figures" / "fig-b.png")
    plt.close(fig)
    res = check.compare(a, b)
    text = "\n".join(res.differences)
    assert "fig-a: metadata field 'title'" in text
    assert "claims.csv" in text
    assert "fig-b: PNG differs" in text
    assert any("fig-b: SVG" in n for n in res.notes)
    assert not list((b / "figures").glob("*failed-diff*"))  # no stray diff images


@pytest.mark.slow
def test_check_tolerance_option_reaches_the_comparison(proj, monkeypatch):
    seen = {}

    def fake_check(jobs=None, progress=True, tol=None, **_):
        seen["tol"] = tol
        return runner.RunReport(proj, proj, [], {}), check.Comparison()

    monkeypatch.setattr(check, "check", fake_check)
    result = CliRunner().invoke(app, ["check", "-q", "--tol", "7.5"])
    assert result.exit_code == 0, result.output
    assert seen["tol"] == 7.5


def test_check_uses_its_own_table_cache(proj, monkeypatch):
    seen = {}

    def fake_run(**kw):
        import os

        seen["cache"] = os.environ.get("ANALYSIS_CACHE_DIR")
        return runner.RunReport(kw["target"], kw["state"], [], {})

    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(proj / "shared-cache"))
    monkeypatch.setattr(runner, "run", fake_run)
    check.check(scratch=proj / "scratch", expected=proj / "results", progress=False)
    assert seen["cache"] == str(proj / "scratch" / "cache")
    import os

    assert os.environ["ANALYSIS_CACHE_DIR"] == str(proj / "shared-cache")  # restored
