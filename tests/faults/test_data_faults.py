"""Injected faults in the data layer: a corrupted cached raw file, a corrupted mirror copy,
an interrupted fetch, a corrupted parquet table. Each asserts the message and that nothing was
served from bad bytes or left half-written."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from conftest import raw_entry, write_catalog
from typer.testing import CliRunner

from analysis import sources
from analysis.clean import cache
from analysis.cli import app

GOOD = b"x,y\n1,2\n"


@pytest.fixture
def one_file(project):
    root, mirror = project
    (mirror / "ds").mkdir()
    (mirror / "ds" / "a.csv").write_bytes(GOOD)
    write_catalog(root, [raw_entry("a", "raw/ds/a.csv", GOOD)])
    return root, mirror


def test_a_cached_copy_with_wrong_bytes_is_set_aside_and_fetched_again(one_file):
    root, _ = one_file
    src = sources.get("a")
    sources.fetch(src)
    src.path.write_bytes(GOOD.replace(b"2", b"3"))  # same size, other bytes
    assert not sources.is_cached(src)  # `data list` will not call it cached
    result = CliRunner().invoke(app, ["data", "fetch", "a"])
    assert result.exit_code == 0, result.output
    assert "set aside" in result.output and "does not match the catalog" in result.output
    assert src.path.read_bytes() == GOOD
    rejected = list((root / "build" / "rejected").iterdir())
    assert [p.read_bytes() for p in rejected] == [GOOD.replace(b"2", b"3")]
    assert oct(src.path.stat().st_mode & 0o777) == "0o644"  # readable by everyone


def test_a_bad_mirror_copy_is_reported_even_when_the_next_one_is_good(one_file, tmp_path,
                                                                      monkeypatch):
    root, mirror = one_file
    bad = tmp_path / "bad-mirror"
    (bad / "ds").mkdir(parents=True)
    (bad / "ds" / "a.csv").write_bytes(b"x,y\n9,9\n")
    monkeypatch.setenv("ANALYSIS_DATA_MIRROR", str(bad))
    result = CliRunner().invoke(app, ["data", "fetch", "a"])
    assert result.exit_code == 0, result.output
    assert "set aside" in result.output and str(bad / "ds" / "a.csv") in result.output
    assert sources.get("a").path.read_bytes() == GOOD


def test_leftovers_of_a_killed_fetch_are_removed_by_the_next(one_file):
    src = sources.get("a")
    src.path.parent.mkdir(parents=True)
    leftover = src.path.parent / f".{src.path.name}.abc123.part"
    leftover.write_bytes(b"x,")  # what a killed fetch leaves
    sources.fetch(src)
    assert not leftover.exists() and src.path.read_bytes() == GOOD


def test_two_fetches_of_one_file_at_once_both_succeed(one_file, monkeypatch):
    """Kernels and sweep workers share the raw folder. A second fetch must not remove the
    first one's partial copy as a leftover (the first then failed with "not there")."""
    import threading

    src = sources.get("a")
    started, go = threading.Event(), threading.Event()
    real = sources.origins

    def slow_origins(s, use_url=True):
        def opener(c=real(s, use_url)[0][1]):
            fh = c()
            first = fh.read

            def read(n):
                started.set()
                go.wait(10)  # the first fetch stays half-written until the second has run
                return first(n)

            fh.read = read
            return fh
        return [("slow mirror", opener)]

    monkeypatch.setattr(sources, "origins", slow_origins)
    results: dict[str, object] = {}

    def run(name):
        try:
            results[name] = sources.fetch(src)
        except Exception as exc:  # noqa: BLE001 - the test reports what each fetch raised
            results[name] = exc

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    second.join(2)  # with the lock it waits for the first; without, it ran to completion
    go.set()
    first.join(10)
    second.join(10)
    assert results == {"first": src.path, "second": src.path}
    assert src.path.read_bytes() == GOOD


def test_a_corrupted_parquet_table_is_rebuilt_not_served(project):
    calls = []

    def build():
        calls.append(1)
        return pd.DataFrame({"a": [1, 2]})

    first = cache.cached("t", "f" * 64, "analysis.datasets.cow", build)
    target = next(cache.paths.cache_dir().glob("t-*.parquet"))
    target.write_bytes(target.read_bytes()[:20])  # truncated by a crash or a full disk
    cache._MEMORY.clear()  # a new process
    again = cache.cached("t", "f" * 64, "analysis.datasets.cow", build)
    assert len(calls) == 2 and again.equals(first)
    assert os.path.getsize(target) > 20


def test_data_commands_name_their_problem(one_file):
    runner = CliRunner()
    result = runner.invoke(app, ["data", "cite", "a", "--format", "xml"])
    assert result.exit_code == 1 and "text, bibtex, both" in result.output
    result = runner.invoke(app, ["data", "cite", "zzzzzz"])
    assert result.exit_code == 1 and "no name is close" in result.output
    result = runner.invoke(app, ["data", "cite", "aa"])
    assert "did you mean a?" in result.output
    root, _ = one_file
    (root / "data" / "sources.toml").write_text("[[source]]\nid = 'broken'\n")
    result = runner.invoke(app, ["data", "verify"])
    assert result.exit_code == 1 and "missing field" in result.output
    assert "Traceback" not in result.output
