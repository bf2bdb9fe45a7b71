"""Country names from every source map to one ISO3 code; unknown names are errors. The
explicit tables live in data/mappings/*.csv and are validated when read."""

import csv
import shutil

import pytest

from analysis import countries, paths
from analysis.errors import MappingError, UnknownCountryError


def test_source_spellings_map_to_one_code():
    names = ["Türkiye", "Turkiye", "Turkey", "Iran, Islamic Rep.", "Russian Federation",
             "Armenia", "Azerbaijan", "Georgia"]
    assert countries.to_iso3(names, "test") == ["TUR"] * 3 + ["IRN", "RUS", "ARM", "AZE", "GEO"]
    assert countries.to_iso3(["GRG"], "cow") == ["GEO"]


def test_non_states_and_aggregates_are_kept_apart():
    assert countries.to_iso3(["unknown supplier(s)", "NATO", "Nagorno-Karabakh", "Europe"],
                             "sipri") == [None] * 4
    assert countries.non_state_kind("Nagorno-Karabakh") == "territory"
    assert countries.non_state_kind("Europe") is None


def test_unknown_name_raises_naming_it_the_source_and_the_file_to_edit():
    with pytest.raises(UnknownCountryError) as err:
        countries.to_iso3(["Armenia", "Atlantis"], "wdi")
    msg = str(err.value)
    assert msg.startswith("wdi: no ISO3 code for ['Atlantis']")
    mappings = paths.data_dir() / "mappings"
    for name in ("wdi.csv", "names.csv", "non_states.csv", "aggregates.csv"):
        assert str(mappings / name) in msg


def test_region_colours_are_fixed_and_distinct():
    cols = [countries.colour(c) for c in countries.REGION]
    assert len(set(cols)) == len(cols)
    assert countries.colour("ARM") == countries.COLOURS["ARM"]
    assert countries.colour("BRA") == countries.OTHER_COLOUR
    assert len({str(countries.linestyle(c)) for c in countries.REGION}) == len(countries.REGION)


# --- the real tables ----------------------------------------------------------------------

def _rows(name):
    with open(paths.data_dir() / "mappings" / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_real_tables_load_and_keep_their_notes():
    cow = {r["name"]: r for r in _rows("cow.csv")}
    assert len(cow) >= 200 and cow["GRG"]["iso3"] == "GEO"
    # Collisions with other ISO3 codes are explained row by row.
    assert cow["AUS"]["iso3"] == "AUT" and "Austria" in cow["AUS"]["note"]
    assert cow["SWZ"]["iso3"] == "CHE" and "Eswatini" in cow["SWZ"]["note"]
    assert countries.source_overrides("cow")["AUS"] == "AUT"
    assert countries.to_iso3(["AUS", "MNG", "SLV", "GMY", "GFR"], "cow") == \
        ["AUT", "MNE", "SVN", "DEU", "DEU"]
    names = {r["name"]: r for r in _rows("names.csv")}
    assert names["USSR"]["iso3"] == "SUN" and "ISO 3166-3" in names["USSR"]["note"]
    kinds = {r["kind"] for r in _rows("non_states.csv")}
    assert kinds <= set(countries.NON_STATE_KINDS)
    assert countries.is_state_code("SUN") and countries.is_state_code("RVN")
    assert not countries.is_state_code("WLD")
    # Historical states keep their own codes; OWID's name for South Yemen is not Yemen.
    assert countries.to_iso3(["Yemen People's Republic", "Yemen", "West Germany"], "owid") == \
        ["YMD", "YEM", None]
    assert countries.non_state_kind("West Germany") == "historical state"


def test_mapping_files_name_what_a_conversion_depends_on():
    folder = paths.data_dir() / "mappings"
    assert countries.mapping_files("cow") == [folder / "names.csv", folder / "cow.csv",
                                             folder / "non_states.csv",
                                             folder / "aggregates.csv"]
    assert countries.mapping_files("sipri-milex") == [folder / "names.csv",
                                                     folder / "non_states.csv",
                                                     folder / "aggregates.csv"]
    assert all(p.is_file() for p in countries.mapping_files("owid"))
    # A source name can never reach outside the folder or stand for a shared table.
    assert folder / "names.csv" in countries.mapping_files("../names")
    assert len(countries.mapping_files("names")) == 3


# --- broken tables in a temporary project root ---------------------------------------------

def _write(project, name, text):
    root, _ = project
    path = root / "data" / "mappings" / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, text, line, expected", [
    ("names.csv", "name,note\nTurkey,x\n", 1, "expected the columns name, iso3, note"),
    ("names.csv", "name,iso3,note,extra\nTurkey,TUR,,\n", 1, "expected the columns"),
    ("names.csv", "name,iso3,note\nTurkey,TUR,\nArmenia,arm,lower case\n", 3,
     "column 'iso3': expected three capital letters"),
    ("names.csv", "name,iso3,note\nTurkey,TUR,\nIran,IRN,\nTurkey,TUR,again\n", 4,
     "name 'Turkey' is already on line 2"),
    ("names.csv", "name,iso3,note\n Turkey,TUR,\n", 2, "without leading or trailing spaces"),
    ("names.csv", "name,iso3,note\nTurkey,TUR\n", 2, "expected 3 fields"),
    ("non_states.csv", "name,kind,note\nNATO,alliance,\nHamas,rebels,\n", 3,
     "column 'kind': expected one of ['unknown', 'alliance'"),
    ("aggregates.csv", "name,note\nWorld,\nWorld,twice\n", 3, "is already on line 2"),
    ("cow.csv", "name,iso3,note\nGRG,GEORGIA,\n", 2, "expected three capital letters"),
])
def test_broken_table_names_file_and_line(project, name, text, line, expected):
    path = _write(project, name, text)
    with pytest.raises(MappingError) as err:
        countries.to_iso3(["Armenia"], "cow")
    msg = str(err.value)
    assert msg.startswith(f"{path}: line {line}") and expected in msg, msg


def test_a_name_cannot_be_both_a_state_and_a_non_state(project):
    _write(project, "owid.csv", "name,iso3,note\nAbkhazia,GEO,treated as Georgia\n")
    with pytest.raises(MappingError) as err:
        countries.to_iso3(["Armenia"], "owid")
    msg = str(err.value)
    root, _ = project
    assert msg.startswith(f"{root / 'data' / 'mappings' / 'owid.csv'}: line 2: name "
                          "'Abkhazia' is also listed in")
    assert "non_states.csv (line" in msg
    assert countries.to_iso3(["Armenia"], "cow") == ["ARM"]  # other sources are unaffected


def test_edited_table_is_seen_at_once(project):
    with pytest.raises(UnknownCountryError):
        countries.to_iso3(["Atlantis"], "test-source")
    _write(project, "test-source.csv", "name,iso3,note\nAtlantis,ATL,a test spelling\n")
    assert countries.to_iso3(["Atlantis"], "test-source") == ["ATL"]
    _write(project, "test-source.csv", "name,iso3,note\nAtlantis,ATX,a corrected test code\n")
    assert countries.to_iso3(["Atlantis"], "test-source") == ["ATX"]
    root, _ = project
    assert root / "data" / "mappings" / "test-source.csv" in \
        countries.mapping_files("test-source")


def test_project_root_without_mappings_is_a_clear_error(project):
    root, _ = project
    shutil.rmtree(root / "data" / "mappings")
    with pytest.raises(MappingError, match=r"names.csv: mapping file not found.*ANALYSIS_ROOT"):
        countries.to_iso3(["Armenia"], "wdi")
