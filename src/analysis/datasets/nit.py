"""Freedom House Nations in Transit (curated): Democracy Scores and Percentages, labelled."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..clean import nit
from ._registry import select, table

__all__ = ["nit_published", "nit_scores", "NIT_SCALES"]

NIT_SCALES = nit.SCALES


@table(ids=["curated-nations-in-transit"])
def _nit(src, path) -> pd.DataFrame:
    """NIT scores as published, one row per country, edition and scale (clean_nit)."""
    return nit.clean_nit(path)


def nit_published(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Every NIT value as published, each row on its own scale (column ``scale``: a key of
    :data:`NIT_SCALES`); never two scales in one column without the label."""
    return select(_nit.load(), countries)


def nit_scores(scale: str = nit.PCT, countries: Iterable[str] | None = None,
               derived: bool = True) -> pd.DataFrame:
    """NIT on one scale: ``"percentage"`` (0-100, 100 = most democratic; default),
    ``"score-new"`` (1-7, 7 = most democratic) or ``"score-old"`` (1-7, 1 = most democratic).

    With ``derived`` (default), editions published on another scale are converted and flagged
    (``derived`` True, ``derived_from``, ``rounding``: see
    :func:`analysis.clean.nit.convert`); without, only values published on ``scale``.
    Columns as :func:`nit_published` plus ``rounding``.
    """
    if scale not in nit.SCALES:
        raise ValueError(f"unknown NIT scale {scale!r}; choose one of {list(nit.SCALES)}")
    df = nit.convert(nit_published(countries), scale)
    if not derived:
        df = df[~df["derived"]].reset_index(drop=True)
    return df
