"""Country names from every source map to one ISO3 code; unknown names are errors."""

import pytest

from analysis import countries
from analysis.errors import UnknownCountryError


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


def test_unknown_name_raises_naming_it_and_the_source():
    with pytest.raises(UnknownCountryError, match=r"wdi: no ISO3 code for \['Atlantis'\]"):
        countries.to_iso3(["Armenia", "Atlantis"], "wdi")


def test_region_colours_are_fixed_and_distinct():
    cols = [countries.colour(c) for c in countries.REGION]
    assert len(set(cols)) == len(cols)
    assert countries.colour("ARM") == countries.COLOURS["ARM"]
    assert countries.colour("BRA") == countries.OTHER_COLOUR
    assert len({str(countries.linestyle(c)) for c in countries.REGION}) == len(countries.REGION)
