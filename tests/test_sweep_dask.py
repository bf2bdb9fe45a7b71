"""Sweeps on Dask: a local cluster of two worker processes, and a scheduler with workers
started here on 127.0.0.1; a failing combination, an unchanged sweep, the tidy tables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pandas as pd
import pytest
from conftest import requires_mirror
from fixtures.nbfactory import make_notebook, set_cell
from typer.testing import CliRunner

from analysis import paths, runner, sweep, sweep_dask
from analysis.cli import app

FAILS_AT_3 = "if scale == 3:\n    raise ValueError(f'boom at scale {scale}')"


def _notebook(proj):
    return make_notebook(proj / "notebooks" / "01_s.ipynb", "fig-s", pre=FAILS_AT_3)


@pytest.mark.slow
def test_sweep_on_a_local_cluster_with_a_failing_combination(proj):
    _notebook(proj)
    result = CliRunner().invoke(app, ["sweep", "01_s", "--grid", "scale=1,2,3",
                                      "--grid", "extra=a", "--workers", "2", "-q"])
    assert result.exit_code == 1, result.output
    # The failing combination is named with its parameters and the runner's message.
    assert "error: combination 2 (scale=3, extra=\"a\") failed: notebooks/01_s.ipynb failed " \
           "in cell 3 at `raise ValueError(f'boom at scale {scale}')`: ValueError: boom at " \
           "scale 3" in result.output
    assert "3 combination(s): 2 ran, 0 unchanged, 1 failed" in result.output

    grid = {"scale": [1, 2, 3], "extra": ["a"]}
    folder = proj / "build" / "sweeps" / sweep.sweep_hash("notebooks/01_s.ipynb", grid)
    runs = pd.read_csv(folder / "runs.csv", keep_default_na=False)
    assert list(runs["status"]) == ["ran", "ran", "failed"]
    assert list(runs["param_scale"]) == [1, 2, 3]
    assert list(runs["param_extra"]) == ["a", "a", "a"]
    assert runs.loc[2, "error"].endswith("its earlier published outputs are left untouched")
    failed_at = runner.parameter_hash({"scale": 3, "extra": "a"})
    assert f"executed notebook kept at build/runs/{failed_at}/failed/01_s.ipynb" in \
        runs.loc[2, "error"]
    assert set(runs["worker"].str.startswith("tcp://127.0.0.1:")) == {True}
    # Each combination went exactly where `analysis run -p` puts it (scale=1 is the default).
    for row in runs.itertuples():
        overrides = {"extra": "a", **({"scale": row.param_scale} if row.param_scale != 1
                                      else {})}
        assert row.run_folder == f"build/runs/{runner.parameter_hash(overrides)}"
        run = proj / row.run_folder
        assert json.loads((run / "parameters.json").read_text()) == overrides
        if row.status == "ran":
            assert (run / "figures" / "fig-s.csv").read_text() == f"x,y\n1,{row.param_scale}\na"
            assert (run / "executed" / "01_s.ipynb").is_file()
        else:
            assert (run / "failed" / "01_s.ipynb").is_file()
            assert not (run / "figures").exists()

    # The tidy table: one row per combination that ran and recorded row, parameters as columns.
    table = pd.read_csv(folder / "claims.csv", keep_default_na=False)
    assert list(table["param_scale"]) == [1, 2]
    assert list(table["param_extra"]) == ["a", "a"]
    assert list(table["data_value"]) == [1, 2]  # the notebook records its scale
    assert list(table["verdict"]) == ["supported", "contradicted"]
    assert list(table["claim_id"]) == ["fixture-claim"] * 2
    assert list(table["sub_key"]) == ["figure=fig-s"] * 2
    assert list(table["notebook"]) == ["notebooks/01_s.ipynb"] * 2
    assert json.loads((folder / "grid.json").read_text())["grid"] == grid
    assert (folder / "figures" / "sweep-fixture-claim.png").stat().st_size > 10_000
    plotted = pd.read_csv(folder / "figures" / "sweep-fixture-claim.csv")
    assert sorted(plotted["data_value"]) == [1, 2]
    meta = json.loads((folder / "figures" / "sweep-fixture-claim.json").read_text())
    assert meta["sweep"]["bands"] == {"supported": [1.0, 1.0], "approximately": [0.5, 1.5]}

    # Unchanged combinations start nothing: without the failing one, no cluster at all.
    def no_cluster(*a, **k):
        raise AssertionError("an unchanged sweep started a cluster")

    original = sweep_dask.connect
    sweep_dask.connect = no_cluster
    try:
        quiet = sweep.sweep(proj / "notebooks" / "01_s.ipynb", {"scale": [1, 2], "extra": ["a"]},
                            progress=False)
    finally:
        sweep_dask.connect = original
    assert [c.status for c in quiet.combinations] == ["unchanged", "unchanged"]
    assert pd.read_csv(quiet.folder / "claims.csv")["data_value"].tolist() == [1, 2]
    # A notebook edit changes every fingerprint: the next sweep would run them all.
    set_cell(proj / "notebooks" / "01_s.ipynb", 4, "done = 'edited'")
    assert not any(runner.up_to_date(proj / "notebooks" / "01_s.ipynb", c.overrides, c.folder)
                   for c in quiet.combinations)


@pytest.fixture
def dask_cluster(proj, tmp_path):
    """A scheduler and two single-threaded workers on 127.0.0.1, started as the commands a
    cluster's operator would run, in the tmp project's environment."""
    env = {**os.environ, "ANALYSIS_ROOT": str(proj), "DASK_DISTRIBUTED__WORKER__DAEMON": "True"}
    env.pop(sweep_dask.SCHEDULER_ENV, None)
    file = tmp_path / "scheduler.json"
    procs = [subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", "0", "--no-dashboard", "--scheduler-file", str(file)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert file.is_file(), "the test scheduler did not start"
        address = json.loads(file.read_text())["address"]
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nworkers", "2",
             "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from dask.distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.mark.slow
def test_sweep_on_a_scheduler_started_by_the_test(proj, dask_cluster, monkeypatch):
    _notebook(proj)
    monkeypatch.setenv(sweep_dask.SCHEDULER_ENV, dask_cluster)
    result = CliRunner().invoke(app, ["sweep", "01_s", "--grid", "scale=[2, 4]", "-q"])
    assert result.exit_code == 0, result.output
    assert "2 combination(s): 2 ran, 0 unchanged, 0 failed" in result.output
    report_dir = proj / "build" / "sweeps" / sweep.sweep_hash("notebooks/01_s.ipynb",
                                                              {"scale": [2, 4]})
    runs = pd.read_csv(report_dir / "runs.csv", keep_default_na=False)
    assert list(runs["status"]) == ["ran", "ran"]
    assert all(w.startswith("tcp://127.0.0.1:") for w in runs["worker"])
    table = pd.read_csv(report_dir / "claims.csv")
    assert table["data_value"].tolist() == [2, 4]
    # The address given on the command line wins over the environment.
    monkeypatch.setenv(sweep_dask.SCHEDULER_ENV, "tcp://127.0.0.1:9")
    result = CliRunner().invoke(app, ["sweep", "01_s", "--grid", "scale=[2, 4, 5]", "-q",
                                      "--scheduler", dask_cluster])
    assert result.exit_code == 0, result.output
    assert "3 combination(s): 1 ran, 2 unchanged, 0 failed" in result.output


@pytest.mark.slow
def test_an_unreachable_scheduler_is_a_clear_error(proj, monkeypatch):
    _notebook(proj)
    monkeypatch.setattr(sweep_dask, "CONNECT_TIMEOUT", "2s")  # Dask retries until then
    result = CliRunner().invoke(app, ["sweep", "01_s", "--grid", "scale=2", "-q",
                                      "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


@pytest.mark.slow
@requires_mirror("sipri-milex")
def test_military_sweep_over_releases_keeps_the_brief_claims_fixed(tmp_path):
    """The brief's military claims are recorded for every release whatever `edition` the
    figures use: across the sweep, each claim row has one value, the published one."""
    nb = paths.root() / "notebooks" / "01_military_balance.ipynb"
    grid = sweep.build_grid(nb, ["edition=2024,2025", "bootstrap_reps=[99]"])
    report = sweep.sweep(nb, grid, claim="milex-cumulative-aze-2006-2022",
                         part={"prices": "constant 2021"}, workers=2, progress=False,
                         runs_dir=tmp_path / "runs", sweeps_dir=tmp_path / "sweeps")
    assert report.ok, [c.error for c in report.failures]
    rows = json.loads((report.folder / "claims.json").read_text())
    assert {r["param_edition"] for r in rows} == {2024, 2025}
    published = json.loads((paths.results_dir() / "claims.json").read_text())
    value = {(r["claim_id"], r["edition"], r["sub_key"]): r["data_value"] for r in published}
    assert {r["claim_id"] for r in rows} >= {"milex-cumulative-aze-2006-2022",
                                             "milex-aze-growth-2005-2015"}
    for r in rows:
        assert r["data_value"] == value[(r["claim_id"], r["edition"], r["sub_key"])], r
    assert report.figure is not None and report.figure.is_file()
    plotted = pd.read_csv(report.folder / "figures" / "sweep-milex-cumulative-aze-2006-2022.csv")
    assert set(plotted["sub_key"]) == {"prices=constant 2021"}
    assert len(plotted) == 2 * plotted["edition"].nunique()


def _processes_of(root) -> list:
    """Processes other than this one whose environment names ``root`` as the project."""
    import psutil

    found = []
    for p in psutil.process_iter(["pid"]):
        if p.pid == os.getpid():
            continue
        try:
            if p.environ().get("ANALYSIS_ROOT") == str(root):
                found.append(p)
        except psutil.Error:
            continue
    return found


@pytest.mark.slow
def test_an_interrupted_sweep_stops_its_runs_and_kernels(proj, monkeypatch):
    import _thread
    import threading

    nb = make_notebook(proj / "notebooks" / "01_slow.ipynb", "fig-slow",
                       pre="import time\ntime.sleep(900)")
    started = sweep.Progress.start

    def start(self, index):
        started(self, index)
        # Long enough for the run to reach its kernel, then a Ctrl-C in the main thread.
        threading.Timer(20, _thread.interrupt_main).start()

    monkeypatch.setattr(sweep.Progress, "start", start)
    with pytest.raises(KeyboardInterrupt):
        sweep.sweep(nb, {"scale": [2]}, workers=1, progress=False)
    deadline = time.monotonic() + 60
    while _processes_of(proj) and time.monotonic() < deadline:
        time.sleep(1)
    left = [(p.pid, " ".join(p.cmdline())[:120]) for p in _processes_of(proj)]
    assert not left, f"processes of the interrupted sweep still run: {left}"
