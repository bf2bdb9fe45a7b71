"""Injected faults in a run: a hung cell, a failing notebook, a publish that fails part-way,
two runs at once, bad parameters. Each asserts the message and that results/ is byte for byte
what it was."""

from __future__ import annotations

import errno

import pytest
from fixtures.nbfactory import make_notebook, set_cell
from typer.testing import CliRunner

from analysis import publish, runner
from analysis.cli import app


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and publish.LOCK not in p.name}


@pytest.fixture
def published(proj):
    """Two fixture notebooks, run once and published."""
    a = make_notebook(proj / "notebooks" / "01_a.ipynb", "fig-a")
    b = make_notebook(proj / "notebooks" / "02_b.ipynb", "fig-b")
    assert runner.run(progress=False).ok
    return proj, a, b


@pytest.mark.slow
def test_a_hung_cell_is_stopped_and_reported(published):
    proj, a, _ = published
    before = _snapshot(proj / "results")
    set_cell(a, 4, "import time\ntime.sleep(600)")
    result = CliRunner().invoke(app, ["run", "-q", "--timeout", "3", str(a)])
    assert result.exit_code == 1
    assert "notebooks/01_a.ipynb failed in cell 5" in result.output
    assert "did not finish within 3 s" in result.output and "--timeout" in result.output
    assert _snapshot(proj / "results") == before


@pytest.mark.slow
def test_a_failing_notebook_leaves_results_byte_for_byte(published):
    proj, a, _ = published
    before = _snapshot(proj / "results")
    set_cell(a, 4, "x = 1\ny = [x]\nraise KeyError(f'missing {x}')\nz = 2")
    report = runner.run([a], progress=False, force=True)
    assert not report.ok
    message = report.failures[0].message
    # The cell number matches the progress display and the line named is the one that raised.
    assert "failed in cell 5 at `raise KeyError(f'missing {x}')`" in message
    assert "KeyError" in message
    assert _snapshot(proj / "results") == before
    kept = proj / "build" / "failed" / "01_a.ipynb"
    assert kept.is_file() and not list(kept.parent.glob(".*.part"))


@pytest.mark.slow
def test_a_publish_that_fails_part_way_leaves_the_old_results(published, monkeypatch):
    proj, a, _ = published
    before = _snapshot(proj / "results")
    set_cell(a, 1, "scale = 5\nextra = ''")
    real, calls = publish._rename, []

    def full_disk(src, dst):
        calls.append(1)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(publish, "_rename", full_disk)
    with pytest.raises(publish.PublishError, match="no space left on the device"):
        runner.run(progress=False)
    assert _snapshot(proj / "results") == before
    monkeypatch.setattr(publish, "_rename", real)
    assert runner.run(progress=False).ok  # and the next run publishes normally
    assert (proj / "results" / "figures" / "fig-a.csv").read_text() == "x,y\n1,5\n"


def test_a_second_run_into_results_stops_with_a_clear_message(published):
    proj, _, _ = published
    with publish.lock(proj / "results"):
        result = CliRunner().invoke(app, ["run", "-q"])
    assert result.exit_code == 1
    assert "another analysis run (process" in result.output and "is publishing into" in \
        result.output


@pytest.mark.parametrize("param, message", [
    ("scale=abc", "parameter scale: expected a number like the default, got 'abc'"),
    ("scale=1.5", "parameter scale: expected an integer like the default, got 1.5"),
    ("extra=[1, 2]", "parameter extra: expected a str like the default, got [1, 2]"),
])
def test_bad_parameters_are_refused_before_any_kernel_starts(published, param, message):
    proj, a, _ = published
    before = _snapshot(proj / "results")
    result = CliRunner().invoke(app, ["run", "-q", str(a), "-p", param])
    assert result.exit_code == 1
    assert message in result.output
    assert not (proj / "build" / "runs").exists()
    assert _snapshot(proj / "results") == before


def test_a_list_parameter_given_as_bad_json_is_an_error(published, monkeypatch):
    proj, a, _ = published
    set_cell(a, 1, "scale = 1\nextra = ''\ncountries = ['ARM', 'AZE']")
    result = CliRunner().invoke(app, ["run", "-q", str(a), "-p", "countries=[ARM, AZE"])
    assert result.exit_code == 1
    assert "parameter countries: expected a list" in result.output
    assert "written as JSON" in result.output


def test_an_unknown_notebook_lists_the_available_ones(published):
    result = CliRunner().invoke(app, ["run", "-q", "03_missing"])
    assert result.exit_code == 1
    assert "no notebook '03_missing'; the notebooks are: 01_a, 02_b" in result.output
