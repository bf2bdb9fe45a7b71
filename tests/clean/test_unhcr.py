"""The UNHCR/IDMC R-data cleaners on the mirror's files and on broken copies built at test time.

Expected values were read in the R objects with pyreadr (and agree with SOURCE.toml's notes).
"""

from __future__ import annotations

import pandas as pd
import pyreadr
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis.clean import unhcr

POPULATION = SHARED_DATA / "unhcr-refugee-statistics" / "population.rda"
IDMC = SHARED_DATA / "unhcr-refugee-statistics" / "idmc.rda"


@requires_mirror("unhcr-refugee-statistics")
def test_population_real_file():
    df = unhcr.clean_population(POPULATION)
    assert len(df) == 138893 and df.year.min() == 1951 and df.year.max() == 2025
    assert one_row(df, year=1992, coo_iso="AZE", coa_iso="ARM").refugees == 300000
    assert one_row(df, year=2023, coo_iso="AZE", coa_iso="ARM").refugees == 143054
    assert one_row(df, year=2022, coo_iso="AZE", coa_iso="ARM").refugees == 27933
    assert one_row(df, year=1999, coo_iso="ARM", coa_iso="AZE").refugees == 188400
    assert one_row(df, year=1993, coo_iso="AZE", coa_iso="AZE").idps == 778000
    assert one_row(df, year=2014, coo_iso="AZE", coa_iso="AZE").idps == 622892
    assert 1991 not in set(df[df.coo_iso == "ARM"].year)  # ARM and AZE appear from 1992
    unknown = df[df.coo_iso == "UNK"]
    assert len(unknown) and unknown.origin_iso3.isna().all()
    assert str(df.refugees.dtype) == "Int64" and df.oip.isna().any()  # NA kept, not 0


@requires_mirror("unhcr-refugee-statistics")
def test_idmc_real_file():
    df = unhcr.clean_idmc(IDMC)
    assert len(df) == 934
    aze = df[df.coo_iso == "AZE"].set_index("year")["total"]
    assert (aze[2009], aze[2020], aze[2025]) == (586000, 735000, 657000)
    assert one_row(df, year=2025, coo_iso="GEO").total == 301000
    assert not {2017, 2018, 2019} & set(df[df.coo_iso == "ARM"].year)
    assert df[df.coo_iso == "AB9"].origin_iso3.isna().all()  # an area, not a state


def _population(**over) -> pd.DataFrame:
    row = {"year": 2023.0, "coo_name": "Azerbaijan", "coo_iso": "AZE", "coa_name": "Armenia",
           "coa_iso": "ARM", **{m: 0.0 for m in unhcr.POPULATION_MEASURES}}
    row.update(over)
    return pd.DataFrame([row])


def test_broken_r_files_name_file_object_row_and_column(tmp_path):
    path = tmp_path / "population.rda"
    pyreadr.write_rdata(str(path), _population(refugees=143054.0), df_name="population")
    assert unhcr.clean_population(path).refugees.iloc[0] == 143054
    pyreadr.write_rdata(str(path), _population(refugees=1.5), df_name="population")
    layout_error(unhcr.clean_population, path, "object 'population'", "row 1",
                 "'refugees'", "whole number")
    pyreadr.write_rdata(str(path), _population(coa_iso="Armenia"), df_name="population")
    layout_error(unhcr.clean_population, path, "row 1", "'coa_iso'", "three-character code")
    pyreadr.write_rdata(str(path), _population().drop(columns="idps"), df_name="population")
    layout_error(unhcr.clean_population, path, "object 'population'", "['idps']")
    pyreadr.write_rdata(str(path), _population(), df_name="refugees")
    layout_error(unhcr.clean_population, path, "R objects", "'population'", "['refugees']")
    pyreadr.write_rdata(str(path), _population(refugees=-3.0), df_name="population")
    layout_error(unhcr.clean_population, path, "schema")
    path.write_text("year,refugees\n2023,1\n")
    layout_error(unhcr.clean_population, path, "whole file", "R data file")
    idmc = tmp_path / "idmc.rda"
    pyreadr.write_rdata(str(idmc), _population().rename(columns={"refugees": "total"})[
        ["year", "coo_name", "coo_iso", "coa_name", "coa_iso", "total"]].assign(year=None),
        df_name="idmc")
    layout_error(unhcr.clean_idmc, idmc, "object 'idmc'", "'year'", "whole number")
