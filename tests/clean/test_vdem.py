"""V-Dem indices with their release: the mirror's two OWID files, and broken copies built in
tmp_path."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import vdem

FOLDER = SHARED_DATA / "vdem-democracy"
LIB_HEADER = "Entity,Code,Year,libdem_vdem_owid,libdem_vdem_low_owid,libdem_vdem_high_owid"


@requires_mirror("vdem-democracy")
def test_two_files_two_releases_bounds_only_where_published():
    ele = vdem.clean_vdem(FOLDER / "electoral-democracy-index.csv", "electoral", "16")
    lib = vdem.clean_vdem(FOLDER / "liberal-democracy-index.csv", "liberal", "13")
    # Values read in the two CSV files.
    arm = one_row(ele, iso3="ARM", year=2020)
    assert arm.value == pytest.approx(0.781) and np.isnan(arm.low) and arm.release == "16"
    aze = one_row(lib, iso3="AZE", year=2022)
    assert (aze.value, aze.low, aze.high) == pytest.approx((0.063, 0.052, 0.075))
    assert aze.release == "13" and aze.variable == "v2x_libdem"
    assert ele.low.isna().all() and lib.low.notna().all()
    assert ele.year.max() == 2025 and lib.year.max() == 2022


@requires_mirror("vdem-democracy")
def test_loader_names_the_release_of_each_index():
    both = {i: datasets.vdem(i, ["ARM", "AZE", "GEO"]) for i in datasets.VDEM_INDICES}
    assert set(both["electoral"]["release"]) == {"16"}
    assert set(both["liberal"]["release"]) == {"13"}
    assert datasets.vdem_source_id("liberal") == "vdem-democracy-liberal-democracy-index"
    with pytest.raises(ValueError, match="unknown V-Dem index 'polyarchy'"):
        datasets.vdem("polyarchy")


def test_bounds_that_do_not_enclose_the_index_are_refused(tmp_path):
    path = tmp_path / "liberal.csv"
    path.write_text(LIB_HEADER + "\nArmenia,ARM,2021,0.541,0.483,0.604\n"
                    "Armenia,ARM,2022,0.445,0.493,0.380\n")
    layout_error(lambda p: vdem.clean_vdem(p, "liberal", "13"), path, "Armenia 2022",
                 "bounds that enclose the index")


def test_liberal_file_without_its_bounds_names_the_column(tmp_path):
    path = tmp_path / "liberal.csv"
    path.write_text("Entity,Code,Year,libdem_vdem_owid\nArmenia,ARM,2022,0.445\n")
    layout_error(lambda p: vdem.clean_vdem(p, "liberal", "13"), path, "header row",
                 "'libdem_vdem_low_owid'")
    with pytest.raises(ValueError, match="unknown V-Dem index"):
        vdem.clean_vdem(path, "participatory", "13")


def test_electoral_file_values_outside_the_index_range(tmp_path):
    path = tmp_path / "electoral.csv"
    path.write_text("Entity,Code,Year,Electoral Democracy Index,World region according to "
                    "OWID\nArmenia,ARM,2020,1.781,Asia\n")
    layout_error(lambda p: vdem.clean_vdem(p, "electoral", "16"), path, "schema")
