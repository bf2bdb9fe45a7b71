"""The two curated tables of Azerbaijan's gas exports (official statements): exports to Europe
and the EU's 2027 target (``curated-gas-exports-europe``), and exports by destination with
TANAP flows and production (``curated-gas-flows``).

Both keep the statement's wording in ``flow``; the cleaner adds what the wording says in
columns a computation can use: ``measure`` (exports, eu_deliveries, tap_flow, tanap_flow,
production, consumption, cumulative, change_pct, value_usd, target, other), ``destination``
("Europe", "EU", "Total", or a country name as printed), ``destination_iso3``,
``first_year``/``last_year`` and ``full_year`` (a January-December figure). Partial periods
are cumulative from January (the compilers' rule).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .. import countries
from .curated import PROVENANCE, clean_curated

MEASURES = ("exports", "eu_deliveries", "tap_flow", "tanap_flow", "production", "consumption",
            "cumulative", "change_pct", "value_usd", "target", "other")
# Destinations the statements name that are not states.
REGIONS = {"Europe": "Europe", "the EU": "EU", "EU": "EU"}
_TO = re.compile(r"\bto (the EU|EU|Europe|other European consumers|[A-ZÇİŞÖÜ][\wçğıöşü]+)")

STATEMENTS = pa.DataFrameSchema(
    {
        "year": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{4})?$")),
        "period": pa.Column(str),
        "flow": pa.Column(str),
        "value": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str),
        "value_type": pa.Column(str),
        "reporter": pa.Column(str),
        **PROVENANCE,
        "notes": pa.Column(str, nullable=True),
    },
    strict=True,
)

TIDY = STATEMENTS.add_columns({
    "measure": pa.Column(str, pa.Check.isin(MEASURES)),
    "destination": pa.Column(str, nullable=True),
    "destination_iso3": pa.Column(str, nullable=True),
    "first_year": pa.Column(int),
    "last_year": pa.Column(int),
    "full_year": pa.Column(bool),
})


def measure_of(flow: str, unit: str, value_type: str) -> str:
    """What a statement measures, from its wording (see the module docstring)."""
    f = flow.lower()
    if "gas" not in f:
        return "other"  # oil rows of the same statements
    if value_type == "target":
        return "target"
    if unit == "percent":
        return "change_pct"
    if "usd" in unit.lower():
        return "value_usd"
    if "cumulative" in f or "since" in f:
        return "cumulative"
    if "production" in f:
        return "production"
    if "consumption" in f:
        return "consumption"
    if "tanap" in f:
        return "tanap_flow"
    if "transported by tap" in f:
        return "tap_flow"
    if "deliveries to the eu" in f:
        return "eu_deliveries"
    if "gas" in f and ("export" in f or "supply" in f or "sales" in f):
        return "exports"
    return "other"


def destination_of(flow: str) -> str | None:
    """The destination a statement names: "Total" for all destinations, a region, a country
    name as printed, or None."""
    if "total" in flow.lower():
        return "Total"
    m = _TO.search(flow)
    if not m:
        return None
    name = m.group(1)
    if name == "other European consumers":
        return "Europe"
    return REGIONS.get(name, name)


def clean_statements(path: Path, source_id: str) -> pd.DataFrame:
    """One curated gas table, validated, with measure, destination and period columns."""
    df = clean_curated(path, source_id, schema=STATEMENTS, dates=(), numbers=("value",))
    df["measure"] = [measure_of(f, u, t) for f, u, t in
                     zip(df["flow"], df["unit"], df["value_type"], strict=True)]
    df["destination"] = [destination_of(f) for f in df["flow"]]
    states = [d for d in df["destination"].dropna().unique()
              if d not in ("Total", *REGIONS.values())]
    codes = dict(zip(states, countries.to_iso3(states, source="curated-gas"), strict=True))
    df["destination_iso3"] = [codes.get(d) for d in df["destination"]]
    years = df["year"].str.split("-", expand=True)
    df["first_year"] = years[0].astype(int)
    df["last_year"] = years[years.columns[-1]].fillna(years[0]).astype(int)
    df["full_year"] = (df["period"] == "Jan-Dec") & (df["first_year"] == df["last_year"])
    from . import validate

    return validate(TIDY, df, path, f"curated {source_id} (tidy)")
