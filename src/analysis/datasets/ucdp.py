"""UCDP: the UCDP/PRIO Armed Conflict Dataset, the Dyadic Dataset and the Battle-Related
Deaths Dataset, every release in the catalog.

Battle-related deaths come in two catalog datasets, one per UCDP file layout: the dyadic file
(``ucdp-brd-dyadic``) and the conflict-level file (``ucdp-brd-conflict``). :func:`brd`
reads either by its release label, so a notebook asks for "22.1" or "24.1" without knowing
which layout holds it.
"""

from __future__ import annotations

import pandas as pd

from .. import sources
from ..clean import ucdp
from ._registry import release_id, releases, table

ACD = "ucdp-acd"
DYADIC = "ucdp-dyadic"
BRD_DATASETS = {"ucdp-brd-dyadic": "dyad", "ucdp-brd-conflict": "conflict"}

__all__ = ["acd", "acd_releases", "acd_source_id", "ucdp_dyads", "ucdp_dyads_source_id",
           "brd", "brd_releases", "brd_source_id"]


@table(dataset=ACD)
def _acd(src, path) -> pd.DataFrame:
    """One UCDP/PRIO Armed Conflict Dataset release (clean_acd)."""
    return ucdp.clean_acd(path, src.release)


@table(dataset=DYADIC)
def _dyadic(src, path) -> pd.DataFrame:
    """One UCDP Dyadic Dataset release (clean_dyadic)."""
    return ucdp.clean_dyadic(path, src.release)


@table(dataset="ucdp-brd-dyadic")
def _brd_dyadic(src, path) -> pd.DataFrame:
    """One UCDP Battle-Related Deaths release, dyadic file (clean_brd)."""
    return ucdp.clean_brd(path, src.release, level="dyad")


@table(dataset="ucdp-brd-conflict")
def _brd_conflict(src, path) -> pd.DataFrame:
    """One UCDP Battle-Related Deaths release, conflict-level file (clean_brd)."""
    return ucdp.clean_brd(path, src.release, level="conflict")


_BRD_TABLES = {"ucdp-brd-dyadic": _brd_dyadic, "ucdp-brd-conflict": _brd_conflict}


def acd_releases() -> list[str]:
    """Releases of the UCDP/PRIO Armed Conflict Dataset in the catalog, oldest first."""
    return releases(ACD)


def acd_source_id(version: str) -> str:
    """Catalog id of one ACD release (e.g. "23.1")."""
    return release_id(ACD, version)


def acd(version: str) -> pd.DataFrame:
    """UCDP/PRIO Armed Conflict Dataset, one release: a row per conflict and active year.

    Columns: see :func:`analysis.clean.ucdp.clean_acd`.
    """
    return _acd.load(acd_source_id(version))


def ucdp_dyads_source_id(version: str) -> str:
    """Catalog id of one UCDP Dyadic Dataset release."""
    return release_id(DYADIC, version)


def ucdp_dyads(version: str) -> pd.DataFrame:
    """UCDP Dyadic Dataset, one release: a row per dyad and active year.

    Columns: see :func:`analysis.clean.ucdp.clean_dyadic`.
    """
    return _dyadic.load(ucdp_dyads_source_id(version))


def _brd_entries() -> list[sources.Source]:
    entries = [s for ds in BRD_DATASETS for s in sources.releases(ds)]
    return sorted(entries, key=lambda s: sources.release_key(s.release))


def brd_releases() -> list[str]:
    """Releases of UCDP Battle-Related Deaths in the catalog (either layout), oldest first."""
    return [s.release for s in _brd_entries()]


def brd_source_id(version: str) -> str:
    """Catalog id of one BRD release; the error lists the releases held."""
    for s in _brd_entries():
        if s.release == str(version):
            return s.id
    raise ValueError(f"UCDP BRD release {version!r} is not in the catalog; choose one of "
                     f"{brd_releases()}")


def brd(version: str) -> pd.DataFrame:
    """UCDP Battle-Related Deaths, one release: best, low and high estimates per dyad-year
    (dyadic files) or conflict-year (conflict-level files); ``level`` says which.

    Columns: see :func:`analysis.clean.ucdp.clean_brd`. Dyad-years below 25 deaths are
    absent, not zero.
    """
    sid = brd_source_id(version)
    return _BRD_TABLES[sources.get(sid).dataset].load(sid)
