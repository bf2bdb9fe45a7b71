"""Azerbaijan's gas exports by destination and to Europe, from official statements (two
curated tables that overlap; :func:`analysis.themes.corridors.gas.reconcile_exports`
decides which value wins)."""

from __future__ import annotations

import pandas as pd

from ..clean import gasexports
from ._registry import table

__all__ = ["gas_statements", "GAS_TABLES"]

GAS_TABLES = {"europe": "curated-gas-exports-europe", "flows": "curated-gas-flows"}


@table(ids=list(GAS_TABLES.values()), name="gas-statements")
def _statements(src, path) -> pd.DataFrame:
    """One curated table of gas statements (clean_statements)."""
    return gasexports.clean_statements(path, src.id)


def gas_statements(which: str | None = None) -> pd.DataFrame:
    """Statements of one table ("europe" or "flows"), or both with a ``table`` column naming
    the catalog id. Columns: year, period, flow, value, unit, value_type, reporter, provenance
    columns, measure, destination, destination_iso3, first_year, last_year, full_year."""
    if which is not None:
        if which not in GAS_TABLES:
            raise ValueError(f"which must be one of {sorted(GAS_TABLES)}, got {which!r}")
        return _statements.load(GAS_TABLES[which]).assign(table=GAS_TABLES[which])
    return pd.concat([gas_statements(w) for w in GAS_TABLES], ignore_index=True)
