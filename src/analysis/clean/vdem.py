"""V-Dem democracy indices from Our World in Data's grapher downloads, release kept per row.

The mirror holds two OWID downloads of two different V-Dem releases: the electoral democracy
index (``v2x_polyarchy``) of V-Dem v16, without interval bounds, and the liberal democracy
index (``v2x_libdem``) of V-Dem v13 with the bounds of its 68% credible interval. A value of
one release is not a revision of the other's: they are different indices from different
vintages. :func:`clean_vdem` reads either file with the general OWID reader
(:mod:`analysis.clean.owid`) into one layout, one row per state and year, with the index, the
V-Dem variable, the release and the bounds where the file has them (NaN where not), so a
figure can draw the band where it exists and say where it does not.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import LayoutError
from . import owid, validate

INDICES = {"electoral": "v2x_polyarchy", "liberal": "v2x_libdem"}
LABELS = {"electoral": "V-Dem electoral democracy index",
          "liberal": "V-Dem liberal democracy index"}
COLUMNS = ["iso3", "country", "year", "index", "variable", "value", "low", "high", "release",
           "unit"]

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "country": pa.Column(str),
        "year": pa.Column(int),
        "index": pa.Column(str, pa.Check.isin(list(INDICES))),
        "variable": pa.Column(str, pa.Check.isin(list(INDICES.values()))),
        "value": pa.Column(float, pa.Check.in_range(0, 1)),
        "low": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
        "high": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
        "release": pa.Column(str, pa.Check.str_length(min_value=1)),
        "unit": pa.Column(str),
    },
    unique=["iso3", "year"],
    strict=True,
    coerce=False,
)


def clean_vdem(path: Path, index: str, release: str) -> pd.DataFrame:
    """One V-Dem index (``"electoral"`` or ``"liberal"``) of release ``release`` (the
    catalog's label, e.g. "16"), states only, one row per state and year.

    Columns: iso3, country, year, index, variable (V-Dem's name), value (0-1), low and high
    (the 68% credible interval; NaN where the file has none), release, unit. Bounds that do
    not enclose the value are an error naming the state and year.
    """
    path = Path(path)
    if index not in INDICES:
        raise ValueError(f"unknown V-Dem index {index!r}; choose one of {list(INDICES)}")
    var = INDICES[index]
    if index == "electoral":
        df = owid.clean_electoral_democracy(path)
        df = df.assign(low=np.nan, high=np.nan)
    else:
        long = owid.clean_liberal_democracy(path)
        df = long.pivot_table(index=["iso3", "country", "year", "unit"], columns="indicator",
                              values="value", aggfunc="first").reset_index()
        df.columns.name = None
        if var not in df.columns:
            raise LayoutError(path, "indicator columns", f"the index itself ({var})")
        df = df.rename(columns={var: "value", f"{var}_low": "low", f"{var}_high": "high"})
        df = df[df["value"].notna()]
        outside = (df["low"] > df["value"]) | (df["value"] > df["high"])
        if outside.any():
            r = df[outside].iloc[0]
            raise LayoutError(path, f"{r['country']} {r['year']}",
                              f"bounds that enclose the index ({r['low']} <= {r['value']} <= "
                              f"{r['high']})")
    df = df.assign(index=index, variable=var, release=str(release))
    df = df[COLUMNS].sort_values(["iso3", "year"], ignore_index=True)
    df["year"] = df["year"].astype(int)
    for col in ("value", "low", "high"):
        df[col] = df[col].astype(float)
    return validate(SCHEMA, df, path, f"V-Dem {index} democracy")
