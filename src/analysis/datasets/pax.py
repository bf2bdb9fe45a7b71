"""PA-X Peace Agreements Database: every agreement, and those of one peace process."""

from __future__ import annotations

import pandas as pd

from ..clean import pax
from ._registry import none_for_missing, table

__all__ = ["peace_agreements_all", "peace_agreements"]

PAX_ID = "pax-peace-agreements"


@table(ids=[PAX_ID])
def _agreements(src, path) -> pd.DataFrame:
    """PA-X agreements, identification, stage and parties (clean_agreements)."""
    return pax.clean_agreements(path)


def peace_agreements_all() -> pd.DataFrame:
    """Every PA-X agreement (cached). Columns: see
    :func:`analysis.clean.pax.clean_agreements`."""
    df = _agreements.load()
    for col in ("ucdp_conflict", "loc1_iso3", "loc2_iso3"):
        df[col] = none_for_missing(df[col])
    return df


def peace_agreements(process: str) -> pd.DataFrame:
    """The agreements of the peace processes whose PA-X name contains ``process`` (e.g.
    "Karabakh"), with the states each names.

    Adds ``stage_label`` and ``type_label`` (PA-X codebook labels), ``party_iso3`` and
    ``third_party_iso3`` (ISO3 codes of the states named among the signatories and among the
    third parties, joined by ";", see :func:`analysis.clean.pax.named_states`). An unknown
    process is an error. Sorted by date.
    """
    df = peace_agreements_all()
    keep = df["process"].str.contains(process, case=False, regex=False)
    if not keep.any():
        raise ValueError(f"no PA-X peace process named like {process!r}; e.g. "
                         f"{sorted(set(df['process']))[:5]}")
    df = df[keep].reset_index(drop=True)
    df["stage_label"] = df["stage"].map(pax.STAGES)
    df["type_label"] = df["agreement_type"].map(pax.AGREEMENT_TYPES)
    df["party_iso3"] = df["parties"].map(lambda t: ";".join(pax.named_states(t)))
    df["third_party_iso3"] = df["third_parties"].map(lambda t: ";".join(pax.named_states(t)))
    return df
