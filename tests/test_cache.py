"""The parquet cache: keyed by the raw bytes read and the code that cleaned them."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import raw_entry, write_catalog

from analysis import codehash, datasets, paths, sources
from analysis.clean import cache

REAL_MAPPINGS = paths.mappings_dir()


def test_a_tables_code_key_covers_its_cleaner_the_package_modules_and_the_mappings():
    deps = codehash.dependencies("analysis.datasets.worldbank")
    assert {"analysis.clean.worldbank", "analysis.countries", "analysis.clean",
            "analysis.datasets._registry"} <= set(deps)
    assert "analysis.clean.sipri" not in deps  # another source's cleaner is not its code


def test_code_key_changes_with_a_mapping_table(project):
    root, _ = project
    shutil.copytree(REAL_MAPPINGS, root / "data" / "mappings", dirs_exist_ok=True)
    (root / "requirements.lock").write_text("pandas==2.2.0\n")
    before = cache.code_key("analysis.datasets.worldbank")
    sipri_before = cache.code_key("analysis.datasets.cow")
    names = root / "data" / "mappings" / "names.csv"
    names.write_text(names.read_text() + "Ruritania,RUR,invented for the test\n")
    assert cache.code_key("analysis.datasets.worldbank") != before
    assert cache.code_key("analysis.datasets.cow") != sipri_before
    (root / "requirements.lock").write_text("pandas==2.3.0\n")  # the lock is in the key too
    assert cache.code_key("analysis.datasets.worldbank") != before


def test_changed_code_rebuilds_instead_of_serving_the_old_table(project, monkeypatch):
    builds = []

    def build():
        builds.append(1)
        return pd.DataFrame({"a": [len(builds)]})

    monkeypatch.setattr(cache, "code_key", lambda module: "k1" * 8)
    assert cache.cached("t", "f" * 64, "m", build)["a"].item() == 1
    assert cache.cached("t", "f" * 64, "m", build)["a"].item() == 1  # served from parquet
    monkeypatch.setattr(cache, "code_key", lambda module: "k2" * 8)  # a cleaner was edited
    assert cache.cached("t", "f" * 64, "m", build)["a"].item() == 2
    # The superseded table is gone; one file per table.
    assert len(list(paths.cache_dir().glob("t-*.parquet"))) == 1


def test_a_table_is_built_only_from_bytes_that_match_the_catalog(project):
    """Edit a fetched raw file keeping its size: the loader must not build or serve a table
    from it, and a re-fetch restores the catalogued bytes."""
    root, mirror = project
    good = b"Country Name,Country Code,Year,Value\nArmenia,ARM,2020,2963000\n"
    (mirror / "wdi-population").mkdir()
    (mirror / "wdi-population" / "population.csv").write_bytes(good)
    shutil.copytree(REAL_MAPPINGS, root / "data" / "mappings", dirs_exist_ok=True)
    write_catalog(root, [raw_entry("wdi-population", "raw/wdi-population/population.csv", good)])
    assert datasets.population(["ARM"])["value"].item() == 2963000
    raw = sources.get("wdi-population").path
    raw.write_bytes(good.replace(b"2963000", b"9999999"))  # same size, other bytes
    # The cached copy is set aside and the mirror's bytes fetched again before cleaning.
    assert datasets.population(["ARM"])["value"].item() == 2963000
    assert raw.read_bytes() == good
    rejected = list((root / "build" / "rejected").iterdir())
    assert len(rejected) == 1 and rejected[0].read_bytes().count(b"9999999") == 1


def test_require_verified_refuses_a_changed_curated_table(project):
    root, _ = project
    table = root / "data" / "curated" / "t.csv"
    table.parent.mkdir(parents=True)
    table.write_bytes(b"a\n1\n")
    write_catalog(root, [{**raw_entry("t", "curated/t.csv", b"a\n1\n"), "kind": "curated",
                          "url": ""}])
    assert sources.require_verified("t")[1] == sources.get("t").sha256
    table.write_bytes(b"a\n2\n")
    with pytest.raises(sources.HashMismatchError, match="changed without its catalog entry"):
        sources.require("t")
