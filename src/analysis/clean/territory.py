"""Curated published figures on Nagorno-Karabakh's territory and population: areas of the
former autonomous oblast (NKAO) and of the surrounding districts, the shares lost in and after
the 2020 war (``curated-karabakh-territory``), and the oblast's census counts, one row per
source (``curated-nkao-census``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .curated import PROVENANCE, clean_curated

FACTS = pa.DataFrameSchema(
    {
        "fact_id": pa.Column(str, pa.Check.str_matches(r"^[A-Z][A-Z0-9_]*$")),
        "unit_name": pa.Column(str),
        "unit_type": pa.Column(str),
        "value": pa.Column(float, pa.Check.ge(0), nullable=True),
        "unit": pa.Column(str, pa.Check.isin(("km2", "km", "percent"))),
        "reference_date": pa.Column(str, nullable=True),
        "fact": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    checks=pa.Check(lambda d: (d["unit"] != "percent") | (d["value"] <= 100),
                    error="a percentage is at most 100"),
    unique=["fact_id"], strict=True,
)

COUNTS = ("total", "armenians", "azerbaijanis", "russians", "others")
SHARES = ("armenians_pct", "azerbaijanis_pct")

CENSUS = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(1900, 2030), coerce=True),
        "census": pa.Column(str),
        **{c: pa.Column(float, pa.Check.ge(0), nullable=True) for c in COUNTS},
        **{c: pa.Column(float, pa.Check.in_range(0, 100), nullable=True) for c in SHARES},
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
)


def clean_facts(path: Path, source_id: str = "curated-karabakh-territory") -> pd.DataFrame:
    """Published areas (km2), lengths (km) and shares (percent), one sourced fact a row."""
    return clean_curated(path, source_id, schema=FACTS, dates=(), numbers=("value",))


def clean_census(path: Path, source_id: str = "curated-nkao-census") -> pd.DataFrame:
    """Census counts and shares of the NKAO/NKR, one row per source (empty = not stated)."""
    return clean_curated(path, source_id, schema=CENSUS, dates=(),
                         numbers=("year", *COUNTS, *SHARES))
