"""Catalog validation, fetching from mirrors, hash checks and atomic writes."""

from __future__ import annotations

import hashlib
import os
import tomllib
from datetime import date, datetime

import pytest
from conftest import SHARED_DATA, raw_entry, requires_mirror, write_catalog

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


# --- dataset, release, published --------------------------------------------------------------

@pytest.mark.parametrize("over, message", [
    ({"dataset": "Bad_Name"}, "dataset must match"),
    ({"release": ""}, "release must be a short label"),
    ({"release": "April 2023"}, "release must be a short label"),
    ({"release": "1" * 25}, "release must be a short label"),
    ({"published": "April 2023"}, "published must be an ISO date"),
    ({"published": "23"}, "published must be an ISO date"),
    ({"published": "2023-13"}, "not a calendar date"),
    ({"published": "2023-02-30"}, "not a calendar date"),
    ({"published": 2023}, "field 'published' must be str"),
])
def test_release_fields_are_validated_naming_the_entry(project, over, message):
    path = _cat(project, **over)
    with pytest.raises(CatalogError) as err:
        sources.load_catalog(path)
    assert message in str(err.value) and "id='a'" in str(err.value)


def test_release_fields_are_required(project):
    root, _ = project
    for key in ("dataset", "release", "published"):
        entry = raw_entry("a", "raw/ds/a.csv", b"1")
        del entry[key]
        path = write_catalog(root, [entry])
        with pytest.raises(CatalogError, match=rf"id='a'.*missing field\(s\) \['{key}'\]"):
            sources.load_catalog(path)


def test_published_intervals():
    assert sources.parse_published("2023") == (date(2023, 1, 1), date(2023, 12, 31))
    assert sources.parse_published("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert sources.parse_published("2023-06-26") == (date(2023, 6, 26), date(2023, 6, 26))


def _editions(project, rows):
    """A catalog of one dataset 'ds' with (id, release, published) rows, plus one other."""
    root, _ = project
    entries = [raw_entry(i, f"raw/ds/{i}.csv", i.encode(), dataset="ds", release=r,
                         published=p) for i, r, p in rows]
    entries.append(raw_entry("other", "raw/other/o.csv", b"o", dataset="other"))
    return sources.load_catalog(write_catalog(root, entries))


def test_releases_sort_naturally_oldest_first(project):
    cat = _editions(project, [("c", "10.1", "2024-06"), ("a", "9.1", "2023-06"),
                              ("b", "22.1", "2025-06"), ("d", "2.0", "2020"),
                              ("e", "9.1", "2023-06")])
    # A plain string sort would put "10.1" before "2.0" and "22.1" before "9.1".
    assert [s.id for s in sources.releases("ds", cat)] == ["d", "a", "e", "c", "b"]
    assert sources.release_key("2023") < sources.release_key("2023-04") \
        < sources.release_key("2024")


def test_latest_and_as_of(project):
    cat = _editions(project, [("r2023", "2023", "2023-04"), ("r2024", "2024", "2024-04"),
                              ("y2025", "2025", "2025")])
    assert sources.latest("ds", cat).id == "y2025"
    assert sources.as_of("ds", "2023-12-31", cat).id == "r2023"
    assert sources.as_of("ds", date(2024, 3, 31), cat).id == "r2023"
    assert sources.as_of("ds", datetime(2024, 4, 1, 9, 0), cat).id == "r2024"
    # A release published "2025" counts from the first day of that year.
    assert sources.as_of("ds", "2025-01-01", cat).id == "y2025"
    assert sources.as_of("ds", "2023-03-31", cat) is None
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        sources.as_of("ds", "end of 2023", cat)


def test_year_only_release_counts_as_published_by_the_end_of_that_year(project):
    cat = _editions(project, [("old", "1", "2022-05"), ("new", "2", "2023")])
    assert sources.as_of("ds", "2023-12-31", cat).id == "new"
    assert sources.as_of("ds", "2022-12-31", cat).id == "old"


def test_unknown_dataset_suggests_close_names(project):
    cat = _editions(project, [("a", "1", "2023")])
    for func in (sources.releases, sources.latest):
        with pytest.raises(CatalogError, match=r"no dataset 'dss'.*did you mean ds\?"):
            func("dss", cat)
    with pytest.raises(CatalogError, match=r"no dataset 'othr'.*did you mean other\?"):
        sources.as_of("othr", "2024-01-01", cat)


def test_a_release_of_several_files_is_not_picked_silently(project):
    cat = _editions(project, [("am", "2026", "2026"), ("az", "2026", "2026"),
                              ("old", "2025", "2025")])
    with pytest.raises(CatalogError, match=r"release '2026' of dataset 'ds' has 2 files "
                                           r"\(\['am', 'az'\]\)"):
        sources.latest("ds", cat)
    assert sources.as_of("ds", "2025-06-30", cat).id == "old"


def test_real_catalog_editions():
    catalog = sources.load_catalog()
    assert [s.id for s in sources.releases("sipri-milex", catalog)] == \
        ["sipri-milex-2023", "sipri-milex-2024", "sipri-milex-2025"]
    # What the brief could use (December 2023) and what is current.
    assert sources.as_of("sipri-milex", "2023-12-31", catalog).id == "sipri-milex-2023"
    assert sources.latest("sipri-milex", catalog).id == "sipri-milex-2025"
    assert sources.as_of("ucdp-acd", "2023-12-31", catalog).id == "ucdp-acd-23.1"
    assert sources.latest("ucdp-acd", catalog).id == "ucdp-acd-25.1"
    assert sources.as_of("ei-statreview", "2023-12-31", catalog).id == "ei-statreview-2023"
    assert sources.get("cow-nmc", catalog).release == "6.0"
    # Releases are labelled so that the natural sort agrees with publication dates.
    # (Files of one release may differ, e.g. per-country files changed on different days.)
    for dataset in {s.dataset for s in catalog.values()}:
        first: dict[str, date] = {}
        for s in sources.releases(dataset, catalog):
            start = sources.published_interval(s)[0]
            first[s.release] = min(first.get(s.release, start), start)
        assert list(first.values()) == sorted(first.values()), (dataset, first)
    # Curated tables are datasets of their own.
    assert all(s.dataset == s.id for s in catalog.values() if s.kind == "curated")


@requires_mirror("wb-inflation")
def test_real_catalog_matches_every_raw_file_of_the_mirror():
    catalog = sources.load_catalog()
    by_file = {s.mirror_key: s for s in catalog.values() if s.kind == "raw"}
    expected = set()
    for meta in SHARED_DATA.glob("*/SOURCE.toml"):
        for f in tomllib.loads(meta.read_text(encoding="utf-8"))["file"]:
            curated_table = meta.parent.name.startswith("curated-") and (
                f["name"].endswith(".csv") or not f["upstream_url"])
            if curated_table:
                continue
            key = f"{meta.parent.name}/{f['name']}"
            expected.add(key)
            assert key in by_file, f"mirror file {key} is not catalogued"
            assert (by_file[key].sha256, by_file[key].bytes) == (f["sha256"], f["bytes"]), key
    assert set(by_file) == expected
    new = {"wb-cpi-inflation", "wb-gdp-deflator-inflation", "wb-gid-cpi-inflation",
           "wb-gid-gdp-deflator-inflation", "us-aid-greenbook", "osm-train371-tbilisi-yerevan",
           "hotosm-georgia-railways"}
    assert new <= set(catalog)
    assert catalog["hotosm-georgia-railways"].file == \
        "raw/curated-corridor-network-additions/hotosm_geo_railways.gpkg"
