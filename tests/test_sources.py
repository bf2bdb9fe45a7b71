"""Catalog validation, fetching from mirrors, hash checks and atomic writes."""

from __future__ import annotations

import hashlib
import os

import pytest
from conftest import raw_entry, write_catalog

from analysis import sources
from analysis.errors import CatalogError, FetchError, HashMismatchError


def _cat(project, **over):
    root, _ = project
    return write_catalog(root, [raw_entry("a", "raw/ds/a.csv", b"x,y\n1,2\n", **over)])


def test_real_catalog_is_valid_and_covers_the_mirror():
    catalog = sources.load_catalog()
    raw = [s for s in catalog.values() if s.kind == "raw"]
    assert len(raw) >= 80
    assert {"sipri-milex-2023", "sipri-milex-2024", "sipri-milex-2025"} <= set(catalog)
    assert all(s.url.startswith("https://") for s in raw)


@pytest.mark.parametrize("over, message", [
    ({"sha256": "abc"}, "sha256 must be 64 lowercase hex"),
    ({"file": "../outside.csv"}, "escapes data/"),
    ({"file": "/etc/passwd"}, "escapes data/"),
    ({"kind": "other"}, "kind must be one of"),
    ({"colour": "red"}, "unknown key(s) ['colour']"),
    ({"bytes": "12"}, "field 'bytes' must be int"),
    ({"url": ""}, "needs a pinned http(s) url"),
])
def test_catalog_errors_name_the_entry(project, over, message):
    path = _cat(project, **over)
    with pytest.raises(CatalogError) as err:
        sources.load_catalog(path)
    assert message in str(err.value)
    assert "id='a'" in str(err.value) and str(path) in str(err.value)


def test_catalog_missing_field_and_duplicate_id(project):
    root, _ = project
    entry = raw_entry("a", "raw/ds/a.csv", b"1")
    del entry["license"]
    path = write_catalog(root, [entry])
    with pytest.raises(CatalogError, match=r"id='a'.*missing field\(s\) \['license'\]"):
        sources.load_catalog(path)
    path = write_catalog(root, [raw_entry("a", "raw/ds/a.csv", b"1"),
                                raw_entry("a", "raw/ds/b.csv", b"2")])
    with pytest.raises(CatalogError, match="duplicate id 'a'"):
        sources.load_catalog(path)


def test_fetch_from_mirror_checks_hash_and_caches(project):
    root, mirror = project
    content = b"x,y\n1,2\n"
    (mirror / "ds").mkdir()
    (mirror / "ds" / "a.csv").write_bytes(content)
    _cat(project)
    src = sources.get("a")
    path = sources.fetch(src)
    assert path == root / "data" / "raw" / "ds" / "a.csv"
    assert path.read_bytes() == content
    assert sources.verify(src) is None


def test_env_mirror_is_tried_first(project, tmp_path, monkeypatch):
    _, mirror = project
    content = b"x,y\n1,2\n"
    (mirror / "ds").mkdir()
    (mirror / "ds" / "a.csv").write_bytes(b"stale")
    first = tmp_path / "first"
    (first / "ds").mkdir(parents=True)
    (first / "ds" / "a.csv").write_bytes(content)
    monkeypatch.setenv("ANALYSIS_DATA_MIRROR", str(first))
    _cat(project)
    assert sources.fetch(sources.get("a")).read_bytes() == content


def test_corrupted_mirror_file_is_refused_and_cache_untouched(project):
    root, mirror = project
    (mirror / "ds").mkdir()
    (mirror / "ds" / "a.csv").write_bytes(b"x,y\n1,3\n")  # one byte changed
    _cat(project)
    src = sources.get("a")
    with pytest.raises(HashMismatchError) as err:
        sources.fetch(src)
    msg = str(err.value)
    expected = hashlib.sha256(b"x,y\n1,2\n").hexdigest()
    actual = hashlib.sha256(b"x,y\n1,3\n").hexdigest()
    assert expected in msg and actual in msg and "a.csv" in msg
    rejected = root / "build" / "rejected" / f"a.csv.{actual[:12]}"
    assert rejected.read_bytes() == b"x,y\n1,3\n" and str(rejected) in msg
    raw = root / "data" / "raw" / "ds"
    assert not raw.exists() or list(raw.iterdir()) == []


def test_offline_without_mirror_says_what_was_tried(project):
    root, mirror = project
    _cat(project)
    with pytest.raises(FetchError) as err:
        sources.fetch(sources.get("a"))
    msg = str(err.value)
    assert "could not fetch a (raw/ds/a.csv" in msg
    assert str(mirror / "ds" / "a.csv") in msg and "not there" in msg
    assert "ANALYSIS_DATA_MIRROR" in msg


def test_interrupted_fetch_leaves_no_partial_file(project, monkeypatch):
    root, mirror = project
    (mirror / "ds").mkdir()
    (mirror / "ds" / "a.csv").write_bytes(b"x,y\n1,2\n")
    _cat(project)
    src = sources.get("a")

    def broken(read, dest, progress):
        dest.write_bytes(b"x,")  # half written, then the connection dies
        raise ConnectionResetError("connection lost")

    monkeypatch.setattr(sources, "_copy_stream", broken)
    with pytest.raises(FetchError, match="connection lost"):
        sources.fetch(src)
    folder = root / "data" / "raw" / "ds"
    assert list(folder.iterdir()) == []


def test_curated_file_verified_in_place(project):
    root, _ = project
    table = root / "data" / "curated" / "t.csv"
    table.parent.mkdir(parents=True)
    table.write_bytes(b"a\n1\n")
    entry = raw_entry("t", "curated/t.csv", b"a\n1\n", kind="curated", url="")
    write_catalog(root, [entry])
    assert sources.require("t") == table
    table.write_bytes(b"a\n2\n")
    with pytest.raises(HashMismatchError, match="curated table changed|committed table changed"):
        sources.require("t")


def test_cite_text_and_bibtex_name_the_copy():
    src = sources.get("sipri-milex-2023")
    text = sources.cite(src, "text")
    assert "SIPRI Military Expenditure Database 2023" in text
    assert "mdt-ds/on_war" in text and src.copy["commit"] in text
    bib = sources.cite(src, "bibtex")
    assert bib.startswith("@misc{sipri_milex_2023,") and src.copy["commit"] in bib


def test_paths_do_not_depend_on_working_directory(tmp_path, monkeypatch):
    from analysis import paths

    before = sources.catalog_path()
    monkeypatch.chdir(tmp_path)
    assert sources.catalog_path() == before
    assert os.path.isabs(paths.mirrors()[-1])
