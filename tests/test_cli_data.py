"""The `analysis data` commands on a throw-away project."""

from __future__ import annotations

from conftest import raw_entry, write_catalog
from typer.testing import CliRunner

from analysis.cli import app

runner = CliRunner()


def _setup(project, content=b"a,b\n1,2\n"):
    root, mirror = project
    (mirror / "ds").mkdir(exist_ok=True)
    (mirror / "ds" / "f.csv").write_bytes(content)
    write_catalog(root, [raw_entry("ds-f", "raw/ds/f.csv", b"a,b\n1,2\n")])
    return root, mirror


def test_list_fetch_verify_cycle(project):
    root, _ = _setup(project)
    out = runner.invoke(app, ["data", "list"])
    assert out.exit_code == 0 and "ds-f  [raw, 8 B, not cached]" in out.output
    assert "licence:  L" in out.output and "coverage: Cov" in out.output
    out = runner.invoke(app, ["data", "fetch"])
    assert out.exit_code == 0, out.output
    assert "[1/1] ds-f: ok" in out.output
    assert "cached]" in runner.invoke(app, ["data", "list"]).output
    assert runner.invoke(app, ["data", "verify"]).exit_code == 0
    (root / "data" / "raw" / "ds" / "f.csv").write_bytes(b"a,b\n9,9\n")
    out = runner.invoke(app, ["data", "verify"])
    assert out.exit_code == 1 and "ds-f: sha256 mismatch" in out.output


def test_fetch_of_corrupt_mirror_fails_with_exit_1(project):
    _setup(project, content=b"a,b\n1,3\n")
    out = runner.invoke(app, ["data", "fetch", "ds-f"])
    assert out.exit_code == 1
    assert "sha256 mismatch" in out.output and "1 of 1 file(s) not fetched" in out.output


def test_cite_prints_text_and_bibtex(project):
    _setup(project)
    out = runner.invoke(app, ["data", "cite", "ds-f"])
    assert out.exit_code == 0 and out.output.startswith("C. P. T, E.")
    assert "@misc{ds_f," in out.output
    out = runner.invoke(app, ["data", "cite", "ds-x"])
    assert out.exit_code == 1 and "no catalog entry 'ds-x'" in out.output


def test_help_everywhere():
    for args in (["--help"], ["data", "--help"], ["data", "fetch", "--help"],
                 ["data", "cite", "--help"]):
        out = runner.invoke(app, args)
        assert out.exit_code == 0 and "Usage" in out.output
