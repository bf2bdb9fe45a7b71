"""The public loaders notebooks call. Each takes ISO3 codes and returns a tidy DataFrame.

Loaders fetch their raw file through the catalog (recording which entries a notebook used),
clean it once and cache the result as parquet keyed by the file's sha256 and the cleaner's
version, so a second load is fast and a changed file or cleaner is never served stale.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import sources
from .clean import cache

MILEX_EDITIONS = {2023: "sipri-milex-2023", 2024: "sipri-milex-2024", 2025: "sipri-milex-2025"}


def _select(df: pd.DataFrame, countries: Iterable[str] | None, column: str = "iso3"):
    if countries is None:
        return df
    wanted = [countries] if isinstance(countries, str) else list(countries)
    unknown = sorted(set(wanted) - set(df[column]))
    if unknown:
        raise ValueError(f"no data for ISO3 code(s) {unknown}; give ISO3 codes such as 'ARM', "
                         f"'AZE' (available: {len(set(df[column]))} codes)")
    return df[df[column].isin(wanted)].reset_index(drop=True)


def milex_source_id(edition: int) -> str:
    """Catalog id of a SIPRI milex release (edition = release year)."""
    try:
        return MILEX_EDITIONS[int(edition)]
    except (KeyError, ValueError):
        raise ValueError(f"SIPRI milex edition {edition!r} is not in the catalog; "
                         f"choose one of {sorted(MILEX_EDITIONS)} (the release year)") from None


def milex_all(edition: int = 2023) -> pd.DataFrame:
    """Every measure of one SIPRI milex release, all countries (cached)."""
    from .clean import sipri

    sid = milex_source_id(edition)
    path = sources.require(sid)
    sha = sources.get(sid).sha256
    return cache.cached("sipri-milex", sipri.VERSION, sha,
                        lambda: sipri.clean_milex(path, int(edition)))


def milex(edition: int = 2023, measure: str = "constant_usd",
          countries: Iterable[str] | None = None) -> pd.DataFrame:
    """SIPRI military expenditure, one measure, long format.

    ``edition``: SIPRI release year (2023, 2024, 2025). ``measure``: one of
    ``analysis.clean.sipri.MEASURES`` (constant_usd, current_usd, local_currency,
    local_currency_fy, share_gdp, per_capita, share_govt). ``countries``: ISO3 codes.
    Columns: iso3, country, year, measure, value, unit, edition, price_base_year, currency,
    and flags missing, not_state, estimate, uncertain.
    """
    from .clean.sipri import MEASURES

    if measure not in MEASURES:
        raise ValueError(f"unknown SIPRI measure {measure!r}; choose one of {list(MEASURES)}")
    df = milex_all(edition)
    df = df[df["measure"] == measure].reset_index(drop=True)
    return _select(df, countries)


# Every cleaned table, by name: what `analysis data clean` (and `make reproduce`) builds.
CLEANERS = {f"sipri-milex-{ed}": (lambda ed=ed: milex_all(ed)) for ed in MILEX_EDITIONS}
