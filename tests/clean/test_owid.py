"""The OWID grapher reader on the mirror's OWID files and on broken copies built at test time.

Real files are read straight from the mirror (nothing is fetched into data/raw or cached).
Expected values were read from the raw files (and agree with each SOURCE.toml's notes).
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import SHARED_DATA, requires_mirror

from analysis import paths
from analysis.clean import owid
from analysis.errors import LayoutError, UnknownCountryError

ARMED = "Armed forces personnel, total"
DEATHS = "Deaths in ongoing conflicts in a country (best estimate) - Conflict type: all"
ARMED_FILE = SHARED_DATA / "owid-armed-forces-personnel" / "armed-forces-personnel.csv"
VDEM = SHARED_DATA / "vdem-democracy"
CONFLICT = SHARED_DATA / "owid-conflict-deaths" / \
    "deaths-in-armed-conflicts-based-on-where-they-occurred.csv"


def _one(df, **where):
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, where
    return df.iloc[0]


def _layout_error(path, *needles, **kwargs):
    with pytest.raises(LayoutError) as info:
        owid.clean_grapher(path, **kwargs)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message, message
    return message


# --- armed forces personnel (WDI via OWID) ---------------------------------------------------

@requires_mirror("owid-armed-forces-personnel")
def test_armed_forces_real_file():
    df = owid.clean_armed_forces(ARMED_FILE)
    # SOURCE.toml samples, 2016.
    for iso3, value in {"ARM": 49100, "AZE": 81950, "GEO": 26050, "RUS": 1454000,
                        "TUR": 512000, "IRN": 563000}.items():
        assert _one(df, iso3=iso3, year=2016).value == value
    assert _one(df, iso3="ARM", year=1992).value == 20000
    assert df[df.iso3 == "ARM"].year.max() == 2016
    assert "SYR" in set(df.iso3)  # its Code is empty in the file; recovered from the name
    assert not any(code.startswith("OWID") for code in df.iso3)
    assert "Arab World" not in set(df.country)


@requires_mirror("owid-armed-forces-personnel")
def test_armed_forces_table_is_unchanged_by_the_general_reader():
    """The exact table the cleaner gave before clean_grapher was generalised (the digest of
    its CSV was taken from that version), so loaders and published figures keep it."""
    df = owid.clean_armed_forces(ARMED_FILE)
    assert list(df.columns) == ["iso3", "country", "year", "value", "unit", "indicator"]
    assert [str(t) for t in df.dtypes] == ["object", "object", "int64", "float64", "object",
                                           "object"]
    assert hashlib.sha256(df.to_csv(index=False).encode()).hexdigest() == \
        "8d9a48887f833387658972d43b5669823ab96ea88079969214c0959fe99ff801"


@requires_mirror("owid-armed-forces-personnel")
def test_grapher_reader_on_the_armed_forces_file_keeps_aggregates_when_asked():
    df = owid.clean_grapher(ARMED_FILE, units={ARMED: "persons"})
    assert list(df.columns) == owid.COLUMNS
    assert set(df.indicator) == {ARMED}
    everything = owid.clean_grapher(ARMED_FILE, units={ARMED: "persons"}, entities="all")
    world = everything[everything.country == "World"]
    assert world.iso3.isna().all() and len(world) > 0
    assert len(everything) > len(df) and set(df.country) < set(everything.country)


# --- V-Dem via OWID ------------------------------------------------------------------------

@requires_mirror("vdem-democracy")
def test_electoral_democracy_real_file():
    df = owid.clean_electoral_democracy(VDEM / "electoral-democracy-index.csv")
    assert set(df.indicator) == {"v2x_polyarchy"} and set(df.unit) == {owid.VDEM_UNIT}
    assert _one(df, iso3="ARM", year=2020).value == pytest.approx(0.781)
    assert _one(df, iso3="AZE", year=2025).value == pytest.approx(0.171)
    assert _one(df, iso3="GEO", year=2025).value == pytest.approx(0.401)
    assert df.year.min() == 1789  # years before 1900 are kept
    # OWID_ codes of states map through owid.csv; regions and pre-ISO states stay out.
    assert _one(df, iso3="DDR", year=1989).country == "East Germany"
    assert _one(df, iso3="XKX", year=2020).country == "Kosovo"
    assert not {"World", "Africa (population-weighted)", "Bavaria", "Hamburg",
                "West Germany", "Palestine/Gaza"} & set(df.country)
    assert "World region according to OWID" not in set(df.indicator)


@requires_mirror("vdem-democracy")
def test_liberal_democracy_keeps_its_interval_bounds():
    df = owid.clean_liberal_democracy(VDEM / "liberal-democracy-index.csv")
    assert set(df.indicator) == {"v2x_libdem", "v2x_libdem_low", "v2x_libdem_high"}
    arm = df[(df.iso3 == "ARM") & (df.year == 2022)].set_index("indicator").value
    assert arm.to_dict() == pytest.approx({"v2x_libdem": 0.445, "v2x_libdem_low": 0.38,
                                           "v2x_libdem_high": 0.493})
    wide = df.pivot_table(index=["iso3", "year"], columns="indicator", values="value")
    assert (wide.v2x_libdem_low <= wide.v2x_libdem).all()
    assert (wide.v2x_libdem <= wide.v2x_libdem_high).all()
    assert df.year.max() == 2022  # the older V-Dem vintage (v13)


# --- conflict deaths (UCDP via OWID; no Code column) ---------------------------------------

@requires_mirror("owid-conflict-deaths")
def test_conflict_deaths_real_file_without_code_column():
    df = owid.clean_conflict_deaths(CONFLICT)
    assert set(df.indicator) == {"conflict_deaths_all"} and set(df.unit) == {"deaths"}
    # SOURCE.toml: AZE 2020 = 7634 (deaths located in Azerbaijan).
    assert _one(df, iso3="AZE", year=2020).value == 7634
    assert _one(df, iso3="ARM", year=2020).value == 12
    assert _one(df, iso3="AZE", year=2016).value == 136
    # Names mapped through the tables: historical states keep their own codes.
    assert _one(df, iso3="YMD", year=1989).country == "Yemen People's Republic"
    assert _one(df, iso3="YEM", year=1989).country == "Yemen"
    assert not {"Abkhazia", "South Ossetia", "West Germany"} & set(df.country)
    assert len(df) == 202 * 35  # 205 entities over 1989-2023, less the three non-states


@requires_mirror("owid-conflict-deaths")
def test_conflict_deaths_keeps_territories_when_asked():
    df = owid.clean_grapher(CONFLICT, units={DEATHS: "deaths"}, entities="all")
    abkhazia = df[df.country == "Abkhazia"]
    assert len(abkhazia) == 35 and abkhazia.iso3.isna().all()


# --- broken and unusual files built at test time -------------------------------------------

def _csv(tmp_path, text, name="grapher.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_years_before_1900_negative_years_and_no_code_column(tmp_path):
    path = _csv(tmp_path, "Entity,Year,Population,Cities\n"
                          "Armenia,-500,1.5,\n"
                          "Armenia,1850,2,3\n"
                          "Georgia,1850,,4\n")
    df = owid.clean_grapher(path, units={"Population": "million", "Cities": "count"},
                            names={"Population": "pop"})
    rows = df[["iso3", "year", "indicator", "value", "unit"]].values.tolist()
    # Empty cells give no row; several indicators become one long table.
    assert rows == [["ARM", -500, "pop", 1.5, "million"],
                    ["ARM", 1850, "Cities", 3.0, "count"],
                    ["ARM", 1850, "pop", 2.0, "million"],
                    ["GEO", 1850, "Cities", 4.0, "count"]]


def test_missing_entity_column(tmp_path):
    path = _csv(tmp_path, "Country,Code,Year,Deaths\nArmenia,ARM,2020,12\n")
    _layout_error(path, "header row (line 1), column 1", "'Entity'", units={"Deaths": "x"})


def test_missing_year_column(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Deaths\nArmenia,ARM,12\n")
    _layout_error(path, "line 1", "column 3", "'Year'", units={"Deaths": "x"})


def test_non_numeric_value_names_line_and_column(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Year,Deaths\nArmenia,ARM,2019,5\nArmenia,ARM,2020,"
                          "twelve\n")
    _layout_error(path, "line 3", "column 'Deaths'", "'twelve'", "a number",
                  units={"Deaths": "deaths"})


def test_non_finite_value_is_refused(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Year,Deaths\nArmenia,ARM,2020,inf\n")
    _layout_error(path, "line 2", "column 'Deaths'", "'inf'", units={"Deaths": "deaths"})


@pytest.mark.parametrize("year", ["2020.5", "2020.0", "", "c. 2020"])
def test_non_integer_year_names_line_and_column(tmp_path, year):
    path = _csv(tmp_path, f"Entity,Code,Year,Deaths\nArmenia,ARM,2019,5\nArmenia,ARM,{year},1\n")
    _layout_error(path, "line 3", "column 'Year'", "a year as a whole number",
                  units={"Deaths": "deaths"})


def test_wrong_number_of_fields_names_the_line(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Year,Deaths\nArmenia,ARM,2019,5\nArmenia,ARM,2020\n")
    _layout_error(path, "line 3", "4 fields", "got 3", units={"Deaths": "deaths"})


def test_every_indicator_needs_a_unit_and_every_unit_a_column(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Year,Deaths,Injured\nArmenia,ARM,2020,12,30\n")
    _layout_error(path, "column 'Injured'", "a unit for every indicator column",
                  units={"Deaths": "deaths"})
    _layout_error(path, "line 1", "'Wounded'",
                  units={"Deaths": "deaths", "Injured": "people", "Wounded": "people"})
    # A column that is not an indicator can be skipped by name.
    df = owid.clean_grapher(path, units={"Deaths": "deaths"}, skip=["Injured"])
    assert list(df.indicator) == ["Deaths"]


def test_broken_armed_forces_header_is_repaired(tmp_path):
    path = _csv(tmp_path, f'Entity,Code,Year,Year,"{ARMED}"\nArmenia,ARM,2016,49100\n'
                          "Arab World,,2016,3000\n")
    df = owid.clean_armed_forces(path)
    assert df[["iso3", "year", "value", "indicator"]].values.tolist() == \
        [["ARM", 2016, 49100.0, "MS.MIL.TOTL.P1"]]


def test_armed_forces_header_renamed_or_rows_with_the_year_twice(tmp_path):
    renamed = _csv(tmp_path, f'Country,Code,Year,Year,"{ARMED}"\nArmenia,ARM,2016,49100\n')
    with pytest.raises(LayoutError, match=r"column 1: expected a column named 'Entity'"):
        owid.clean_armed_forces(renamed)
    doubled = _csv(tmp_path, f'Entity,Code,Year,Year,"{ARMED}"\nArmenia,ARM,2016,2016,49100\n')
    with pytest.raises(LayoutError, match=r"line 2: expected 4 fields"):
        owid.clean_armed_forces(doubled)


def test_unknown_entity_without_code_names_the_mapping_file(tmp_path):
    path = _csv(tmp_path, "Entity,Year,Deaths\nArmenia,2020,12\nAtlantis,2020,1\n")
    with pytest.raises(UnknownCountryError) as err:
        owid.clean_grapher(path, units={"Deaths": "deaths"})
    assert "owid: no ISO3 code for ['Atlantis']" in str(err.value)
    assert str(paths.data_dir() / "mappings" / "owid.csv") in str(err.value)


def test_malformed_code_names_line_and_column(tmp_path):
    path = _csv(tmp_path, "Entity,Code,Year,Deaths\nArmenia,ARM,2020,12\nGeorgia,geo,2020,1\n")
    _layout_error(path, "line 3", "column 'Code'", "'geo'", units={"Deaths": "deaths"})


def test_two_entities_with_one_code_are_refused(tmp_path):
    # Two spellings of one state (both TUR) in one file would count it twice.
    path = _csv(tmp_path, "Entity,Year,Deaths\nTurkey,2020,1\nTürkiye,2020,2\n")
    _layout_error(path, "OWID grapher schema", units={"Deaths": "deaths"})


def test_entities_must_be_states_or_all(tmp_path):
    path = _csv(tmp_path, "Entity,Year,Deaths\nArmenia,2020,1\n")
    with pytest.raises(ValueError, match="entities must be one of"):
        owid.clean_grapher(path, units={"Deaths": "deaths"}, entities="regions")
