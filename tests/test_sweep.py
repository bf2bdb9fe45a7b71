"""Robustness sweeps without a cluster: the grid, the bands of the figure, progress, run
folders coming back from a worker, and a worker that does not match the client."""

from __future__ import annotations

import io
import json
import math
import tarfile

import pytest
from fixtures.nbfactory import make_notebook

from analysis import claims, runner, sweep, sweep_dask, sweep_figure

DEFAULTS = {"edition": 2023, "countries": ["ARM", "AZE"], "label": "x", "rate": 0.5,
            "flag": False}


# --------------------------------------------------------------------------- the grid


def _grid(*items, grid_file=None):
    return sweep.build_grid("nb.ipynb", items, grid_file, defaults=DEFAULTS)


def test_grid_items_are_read_as_values_of_each_parameter():
    grid = _grid("edition=2023,2024,2025", 'countries=[["ARM","AZE"],["GEO","AZE"]]',
                 "label=a,b", "rate=[0.25, 0.5]", "flag=true")
    assert grid == {"edition": [2023, 2024, 2025],
                    "countries": [["ARM", "AZE"], ["GEO", "AZE"]],
                    "label": ["a", "b"], "rate": [0.25, 0.5], "flag": [True]}
    # One list for a list parameter is one value, not two.
    assert _grid('countries=["GEO","RUS"]') == {"countries": [["GEO", "RUS"]]}
    assert _grid("edition=2024,2024,2023") == {"edition": [2024, 2023]}  # duplicates dropped


def test_combinations_vary_the_last_parameter_fastest():
    combos = sweep.combinations({"edition": [2023, 2024], "countries": [["A"], ["B"], ["C"]]})
    assert len(combos) == 6
    assert combos[0] == {"edition": 2023, "countries": ["A"]}
    assert combos[1] == {"edition": 2023, "countries": ["B"]}
    assert combos[5] == {"edition": 2024, "countries": ["C"]}


@pytest.mark.parametrize("item, needle", [
    ("year=2020,2021", "does not declare parameter(s) ['year']"),
    ("edition=2023,2024.5", "grid edition: value 2024.5: expected an integer"),
    ("edition=2023,latest", "grid edition: value 'latest': expected a number"),
    ("countries=ARM,AZE", "give a list of lists in JSON"),
    ("countries=[[\"ARM\",\"AZE\"],[\"GEO\",3]]", "list item 3"),
    ("edition", "expected NAME=V1,V2"),
])
def test_a_bad_grid_is_refused_before_anything_runs(item, needle):
    with pytest.raises(sweep.SweepError) as info:
        _grid(item)
    assert needle in str(info.value)


def test_grid_file_and_items_combine_but_never_name_a_parameter_twice(tmp_path):
    path = tmp_path / "grid.toml"
    path.write_text('[grid]\nedition = [2024, 2025]\ncountries = [["GEO", "AZE"]]\n')
    assert _grid("label=a", grid_file=path) == {
        "edition": [2024, 2025], "countries": [["GEO", "AZE"]], "label": ["a"]}
    with pytest.raises(sweep.SweepError, match="edition: given twice"):
        _grid("edition=2023", grid_file=path)
    path.write_text("edition = [2024]\n")
    with pytest.raises(sweep.SweepError, match=r"expected a \[grid\] table"):
        _grid(grid_file=path)
    path.write_text("[grid\n")
    with pytest.raises(sweep.SweepError, match="grid.toml: not valid TOML"):
        _grid(grid_file=path)
    with pytest.raises(sweep.SweepError, match="no grid"):
        _grid()


def test_part_filters_are_key_value_pairs():
    assert sweep.parse_part(["window=2005-2015", "measure=constant-usd"]) == {
        "window": "2005-2015", "measure": "constant-usd"}
    with pytest.raises(sweep.SweepError, match="expected KEY=VALUE"):
        sweep.parse_part(["window"])


def test_plan_names_run_folders_like_a_parameterised_run(proj):
    nb = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    grid = sweep.build_grid(nb, ["scale=1,4"])
    combos = sweep.plan(nb, grid, proj / "build" / "runs")
    # scale=1 is the default: the runner drops it, as `analysis run -p scale=1` would.
    assert [c.overrides for c in combos] == [{}, {"scale": 4}]
    assert combos[1].folder.name == runner.parameter_hash({"scale": 4})
    assert combos[0].folder.name == runner.parameter_hash({})
    assert combos[1].label() == "scale=4"
    assert sweep.sweep_hash("notebooks/01_a.ipynb", grid) != \
        sweep.sweep_hash("notebooks/01_a.ipynb", {"scale": [1, 5]})


# --------------------------------------------------------------------------- bands


def _claim(comparison, brief=40.0, tol=0.0125, approx=0.10, kind="number"):
    return claims.Claim(id="c", theme="t", section="Opening", phrase="p", paraphrase="p",
                        unit="u", kind=kind, comparison=comparison, notes="n",
                        brief_value=brief, tolerance=tol, approx_tolerance=approx)


@pytest.mark.parametrize("comparison", ["approximately", "almost", "at_least", "at_most",
                                        "equal"])
@pytest.mark.parametrize("brief", [40.0, -2.0, 0.0])
def test_the_figure_bands_are_the_verdicts_bands(comparison, brief):
    claim = _claim(comparison, brief=brief)
    limits = sweep_figure.bands(claim)
    scale = abs(brief) or 1.0
    for i in range(-300, 301):
        value = brief + scale * i / 1000  # -30% to +30% of the brief, in steps of 0.1%
        got = claims.verdict(claim, value)
        lo, hi = limits["supported"]
        a_lo, a_hi = limits["approximately"]
        inside = lo - 1e-9 <= value <= hi + 1e-9
        near = a_lo - 1e-9 <= value <= a_hi + 1e-9
        expected = "supported" if inside else "approximately" if near else "contradicted"
        assert got == expected, (comparison, brief, value, limits)
    if comparison == "at_least":
        assert limits["supported"][1 if brief >= 0 else 0] in (math.inf, -math.inf)


def test_claims_without_numeric_bands_get_none():
    assert sweep_figure.bands(_claim("contains", kind="set", brief=["ISR"])) == {}
    assert sweep_figure.bands(_claim("context", kind="context")) == {}


# --------------------------------------------------------------------------- progress


class _Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def test_progress_counts_and_estimates_the_time_left():
    clock, out = _Clock(), io.StringIO()
    show = sweep.Progress(6, unchanged=1, prior=100.0, slots=2, stream=out, clock=clock)
    assert show.line() == ("sweep: 1/6 done, 0 running, 0 failed, 5 queued (1 unchanged); "
                           "about 4 min 10 s left")  # 5 runs of 100 s on 2 slots
    show.start(1)
    show.start(2)
    clock.t = 40.0
    # 2 running with 60 s left each, 3 queued of 100 s: (120 + 300) / 2 slots
    assert show.line().endswith("2 running, 0 failed, 3 queued (1 unchanged); "
                                "about 3 min 30 s left")
    show.finish(1, failed=False, seconds=50.0)  # now runs take 50 s
    show.finish(2, failed=True)
    assert show.line() == ("sweep: 2/6 done, 0 running, 1 failed, 3 queued (1 unchanged); "
                           "about 1 min 15 s left")
    assert "1 failed" in out.getvalue().splitlines()[-1]
    show.start(3)
    show.stop(3)  # its run ended on the worker; the result is not in yet
    assert show.line().startswith("sweep: 2/6 done, 0 running, 1 failed, 3 queued")
    blind = sweep.Progress(2, clock=clock, stream=io.StringIO())
    assert blind.line().endswith("estimating the time left")


def test_prior_seconds_come_from_the_fingerprint_records(tmp_path):
    rec = tmp_path / "run" / "fingerprints" / "01_a.json"
    rec.parent.mkdir(parents=True)
    rec.write_text(json.dumps({"seconds": 12.5}))
    assert sweep.prior_seconds(tmp_path / "01_a.ipynb", [tmp_path / "run"]) == 12.5
    assert sweep.prior_seconds(tmp_path / "02_b.ipynb", [tmp_path / "run"]) is None


# --------------------------------------------------------------------------- run folders


def _run_folder(root, value: str, failed: bool = False):
    (root / "figures").mkdir(parents=True)
    (root / "figures" / "f.csv").write_text(value)
    (root / "executed").mkdir()
    (root / "executed" / "01_a.ipynb").write_text("{}")
    (root / "tmp").mkdir()  # machine-local: never shipped
    (root / "hashcache.json").write_text("{}")
    if failed:
        (root / "failed").mkdir()
        (root / "failed" / "01_a.ipynb").write_text('{"failed": 1}')
    return root


def test_a_shipped_run_replaces_the_folder_and_a_failure_keeps_its_outputs(tmp_path):
    folder = tmp_path / "runs" / "abc"
    archive = sweep.pack(_run_folder(tmp_path / "w1", "x\n1\n"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        assert sorted(tar.getnames()) == ["executed", "executed/01_a.ipynb", "figures",
                                          "figures/f.csv"]
    folder.mkdir(parents=True)
    (folder / "parameters.json").write_text('{"scale": 2}')
    (folder / "stale.txt").write_text("from an older run")
    sweep.install(archive, folder, ok=True)
    assert (folder / "figures" / "f.csv").read_text() == "x\n1\n"
    assert not (folder / "stale.txt").exists()
    assert (folder / "parameters.json").read_text() == '{"scale": 2}'

    failed = sweep.pack(_run_folder(tmp_path / "w2", "x\n2\n", failed=True))
    sweep.install(failed, folder, ok=False)
    assert (folder / "figures" / "f.csv").read_text() == "x\n1\n"  # earlier outputs stay
    assert (folder / "failed" / "01_a.ipynb").read_text() == '{"failed": 1}'
    assert not [p for p in folder.iterdir() if p.name.startswith(".incoming")]


# --------------------------------------------------------------------------- on a worker


def test_a_worker_with_other_code_refuses_to_run(proj):
    make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    identity = sweep.code_identity(proj, "notebooks/01_a.ipynb")
    spec = {"index": 3, "notebook": "notebooks/01_a.ipynb", "overrides": {"scale": 2},
            "hash": "h", "timeout": 60, "identity": {**identity, "package": "0" * 64}}
    result = sweep_dask.run_task(spec)
    assert result["status"] == "failed" and result["archive"] == b""
    assert "the analysis package's code differ(s) from the client's" in result["error"]
    assert str(proj) in result["error"]
    spec["notebook"] = "notebooks/09_missing.ipynb"
    assert "has no notebooks/09_missing.ipynb" in sweep_dask.run_task(spec)["error"]
    assert sweep_dask.identity_problem({**spec, "notebook": "notebooks/01_a.ipynb",
                                        "identity": identity}, proj) == ""


def test_the_task_command_is_an_analysis_run_with_its_parameters(tmp_path):
    spec = {"notebook": "notebooks/01_a.ipynb", "timeout": 30,
            "overrides": {"countries": ["GEO", "AZE"], "label": "a b"}}
    cmd = sweep_dask.command(spec, tmp_path, tmp_path / "out")
    assert cmd[1:4] == ["-m", "analysis.cli", "run"]
    assert cmd[cmd.index("--timeout") + 1] == "30"
    assert cmd[cmd.index("--output") + 1] == str(tmp_path / "out")
    params = [cmd[i + 1] for i, a in enumerate(cmd) if a == "-p"]
    assert runner.parse_parameters(params) == spec["overrides"]


def test_the_error_of_a_failed_run_is_the_runners_message():
    stderr = ("0 ran, 0 unchanged, 1 failed; outputs in /x\n"
              "error: notebooks/01_a.ipynb failed in cell 3 at `raise X`: ValueError: boom\n"
              "    executed notebook kept at failed/01_a.ipynb\n")
    assert sweep_dask._error_text(stderr).startswith(
        "notebooks/01_a.ipynb failed in cell 3 at `raise X`: ValueError: boom\n")
    assert sweep_dask._error_text("Traceback\nKeyError: 'x'\n") == "Traceback\nKeyError: 'x'"


def test_the_scheduler_comes_from_the_option_or_the_environment(monkeypatch):
    monkeypatch.delenv(sweep_dask.SCHEDULER_ENV, raising=False)
    assert sweep_dask.scheduler_address(None) is None
    monkeypatch.setenv(sweep_dask.SCHEDULER_ENV, "tcp://10.0.0.1:8786")
    assert sweep_dask.scheduler_address(None) == "tcp://10.0.0.1:8786"
    assert sweep_dask.scheduler_address("tcp://127.0.0.1:1") == "tcp://127.0.0.1:1"


# --------------------------------------------------------------------------- the figure

TESTED_CLAIM = """
[[claim]]
id = "tested-claim"
section = "Opening"
phrase = "Geopolitical Echoes"
paraphrase = "A claim tested on one part."
brief_value = 10
unit = "units"
kind = "number"
comparison = "approximately"
tolerance = 0.05
approx_tolerance = 0.1
approx_note = "within 10%"
notes = "fixture"
tested = { window = "2006-2022" }
"""


def _report(proj, grid, failed=()):
    combos = [sweep.Combination(i, v, {}, proj / "runs" / str(i),
                                status="failed" if i in failed else "ran")
              for i, v in enumerate(sweep.combinations(grid))]
    return sweep.SweepReport(proj / "sweep", proj / "notebooks" / "01_a.ipynb",
                             "notebooks/01_a.ipynb", grid, combos)


def _row(i, value, window="2006-2022", edition="2023", claim="tested-claim"):
    return {"combination": i, "param_scale": i, "claim_id": claim, "edition": edition,
            "sub_key": f"window={window}", "data_value": value, "verdict": "x", "sources": []}


def test_the_figure_plots_the_tested_part_by_default_and_says_so(proj):
    (proj / "data" / "claims" / "test.toml").write_text(TESTED_CLAIM)
    report = _report(proj, {"scale": [1, 2, 3]}, failed=(2,))
    rows = [_row(0, 9.8), _row(1, 11.5), _row(0, 3.0, window="2005-2015"),
            _row(1, 4.0, window="2005-2015")]
    sweep_figure.draw(report, rows)
    assert report.claim == "tested-claim"
    assert report.figure == proj / "sweep" / "figures" / "sweep-tested-claim.png"
    assert "figure of the part the verdicts test (window=2006-2022)" in report.notes[0]
    plotted = (proj / "sweep" / "figures" / "sweep-tested-claim.csv").read_text()
    assert "2005-2015" not in plotted and "9.8" in plotted and "11.5" in plotted
    meta = json.loads((proj / "sweep" / "figures" / "sweep-tested-claim.json").read_text())
    assert meta["sweep"]["bands"] == {"supported": [9.5, 10.5], "approximately": [9.0, 11.0]}
    assert meta["notebook"] == "notebooks/01_a.ipynb"
    assert sweep_figure.tick_labels(report) == (["1", "2", "3\n(failed)"], "scale")

    other = _report(proj, {"scale": [1, 2]})
    sweep_figure.draw(other, rows, part={"window": "2005-2015"})
    assert "3" in (proj / "sweep" / "figures" / "sweep-tested-claim.csv").read_text()
    none = _report(proj, {"scale": [1, 2]})
    sweep_figure.draw(none, rows, part={"window": "1999-2000"})
    assert none.figure is None
    assert none.notes == ["no figure: claim tested-claim has no numeric value in these runs "
                          "with that part/edition"]


def test_too_many_series_ask_for_a_filter(proj):
    (proj / "data" / "claims" / "test.toml").write_text(TESTED_CLAIM)
    rows = [_row(0, 10.0, window=f"{y}-2022", edition=str(e))
            for y in (2001, 2002, 2003, 2004) for e in (2023, 2024)]
    report = _report(proj, {"scale": [1]})
    sweep_figure.draw(report, rows)
    assert report.figure is None
    assert "has 8 series (editions ['2023', '2024']" in report.notes[-1]
    assert "--part KEY=VALUE or --edition" in report.notes[-1]
    sweep_figure.draw(report, rows, part={"window": "2001-2022"})
    assert report.figure is not None
