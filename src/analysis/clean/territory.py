"""Curated published figures on Nagorno-Karabakh's territory and population: areas of the
former autonomous oblast (NKAO) and of the surrounding districts, the shares lost in and after
the 2020 war (``curated-karabakh-territory``). The oblast's census counts are read by
``analysis.clean.curated`` (``curated-nkao-census``)."""

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

def clean_facts(path: Path, source_id: str = "curated-karabakh-territory") -> pd.DataFrame:
    """Published areas (km2), lengths (km) and shares (percent), one sourced fact a row."""
    return clean_curated(path, source_id, schema=FACTS, dates=(), numbers=("value",))
