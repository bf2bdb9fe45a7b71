"""The layout a newcomer relies on: one home per dataset, every cleaner registered and tested,
every catalog entry read by a loader or saying why not."""

from __future__ import annotations

import pkgutil
import tomllib

import pytest

from analysis import clean, codehash, datasets, paths, sources

ROOT = paths.root()
# Modules of analysis.clean that are machinery, not cleaners of a source.
MACHINERY = {"cache"}


def _modules(package) -> set[str]:
    return {m.name for m in pkgutil.iter_modules(package.__path__)
            if not m.name.startswith("_")}


CLEANERS = sorted(_modules(clean) - MACHINERY)
LOADERS = sorted(_modules(datasets))


def test_cleaners_and_loaders_pair_up_by_name():
    assert CLEANERS, "no cleaner modules found"
    assert set(CLEANERS) == set(LOADERS), (
        f"clean/ without datasets/: {sorted(set(CLEANERS) - set(LOADERS))}; "
        f"datasets/ without clean/: {sorted(set(LOADERS) - set(CLEANERS))}")


@pytest.mark.parametrize("name", CLEANERS)
def test_every_cleaner_is_registered_by_a_table(name):
    users = [t.name for t in datasets.TABLES.values()
             if f"analysis.clean.{name}" in codehash.dependencies(t.module)]
    assert users, f"analysis.clean.{name} is used by no registered table (datasets/{name}.py)"


@pytest.mark.parametrize("name", CLEANERS)
def test_every_cleaner_has_a_real_file_and_a_broken_fixture_test(name):
    path = ROOT / "tests" / "clean" / f"test_{name}.py"
    assert path.is_file(), f"{path} is missing"
    text = path.read_text(encoding="utf-8")
    assert "requires_mirror(" in text or "sources.require(" in text, \
        f"{path}: no test on the real file (requires_mirror, or a committed curated table)"
    assert "tmp_path" in text, f"{path}: no test on a broken fixture built in tmp_path"


def _unread() -> dict[str, str]:
    with open(ROOT / "data" / "unread.toml", "rb") as fh:
        return tomllib.load(fh)


def test_every_catalog_entry_is_read_or_says_why_not():
    catalog = sources.load_catalog()
    read = {sid for t in datasets.TABLES.values() for sid in t.source_ids()}
    unread = _unread()
    assert not set(unread) - set(catalog), f"data/unread.toml names unknown ids: " \
        f"{sorted(set(unread) - set(catalog))}"
    assert not set(unread) & read, f"read by a loader, remove from data/unread.toml: " \
        f"{sorted(set(unread) & read)}"
    assert all(isinstance(v, str) and v.strip() for v in unread.values())
    missing = sorted(set(catalog) - read - set(unread))
    assert not missing, f"catalog entries read by no loader and not in data/unread.toml: {missing}"


def test_one_version_in_the_package_the_citation_and_the_changelog():
    """A figure's metadata cites the package version: it must be the one CITATION.cff and the
    newest CHANGELOG entry give."""
    import re

    import analysis

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    cff = re.search(r"^version: (\S+)$", (ROOT / "CITATION.cff").read_text(), re.M)
    latest = re.search(r"^## (\S+) ", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert cff and latest, "CITATION.cff needs a version line, CHANGELOG.md a '## X.Y.Z' entry"
    assert {analysis.__version__, project, cff.group(1), latest.group(1)} == {project}
