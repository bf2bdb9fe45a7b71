"""How loaders register the tables they clean, and the helpers every loader shares.

A cleaned table is registered with :func:`table`, naming the catalog entries it reads (by id,
or a whole catalog ``dataset`` with one table per release). The decorated function turns one
raw file into a tidy table; it becomes a :class:`Table` whose :meth:`Table.load` fetches and
verifies the file, then returns the table from the parquet cache or builds it. Nothing else is
edited to add a dataset: ``analysis data clean``, the conventions test and the runner find
every table through :data:`TABLES`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import sources
from ..clean import cache

TABLES: dict[str, Table] = {}


@dataclass(frozen=True)
class Table:
    """A cleaned table: which catalog entries it reads and the function that cleans one."""

    name: str
    build: Callable[[sources.Source, Path], pd.DataFrame]
    module: str
    ids: tuple[str, ...] = ()
    dataset: str | None = None

    @property
    def doc(self) -> str:
        """The first line of the cleaning function's docstring."""
        return (self.build.__doc__ or "").strip().splitlines()[0] if self.build.__doc__ else ""

    def source_ids(self) -> list[str]:
        """Catalog ids this table is built from (every release of its dataset, if one)."""
        if self.dataset:
            return [s.id for s in sources.releases(self.dataset)]
        return list(self.ids)

    def load(self, source_id: str | None = None) -> pd.DataFrame:
        """The cleaned table of one catalog entry (the only one, if the table has one)."""
        ids = self.source_ids()
        if source_id is None:
            if len(ids) != 1:
                raise ValueError(f"table {self.name} reads {len(ids)} catalog entries; name "
                                 f"one of {ids}")
            source_id = ids[0]
        elif source_id not in ids:
            raise ValueError(f"table {self.name} does not read {source_id!r}; it reads {ids}")
        src = sources.get(source_id)
        path, sha = sources.require_verified(source_id)
        name = source_id if source_id == self.name else f"{self.name}__{source_id}"
        return cache.cached(name, sha, self.module, lambda: self.build(src, path))


def table(*, ids: Iterable[str] = (), dataset: str | None = None, name: str | None = None):
    """Register the decorated ``f(source, path) -> DataFrame`` as the cleaner of catalog
    entries ``ids`` or of every release of catalog ``dataset``; returns the :class:`Table`."""
    ids = tuple(ids)
    if bool(ids) == bool(dataset):
        raise ValueError("give either ids or dataset")

    def wrap(fn):
        tname = name or dataset or ids[0]
        if tname in TABLES:
            raise ValueError(f"table {tname!r} is registered twice ({TABLES[tname].module} "
                             f"and {fn.__module__})")
        t = Table(name=tname, build=fn, module=fn.__module__, ids=ids, dataset=dataset)
        TABLES[tname] = t
        return t

    return wrap


def releases(dataset: str) -> list[str]:
    """Release labels of a catalog dataset, oldest first (e.g. ``releases("sipri-milex")``)."""
    return [s.release for s in sources.releases(dataset)]


def release_id(dataset: str, release) -> str:
    """Catalog id of one release of a dataset; the error lists the releases held."""
    for s in sources.releases(dataset):
        if s.release == str(release):
            return s.id
    raise ValueError(f"{dataset} release {release!r} is not in the catalog; choose one of "
                     f"{releases(dataset)}")


def select(df: pd.DataFrame, countries: Iterable[str] | str | None,
           column: str = "iso3") -> pd.DataFrame:
    """Rows of the given ISO3 codes; an error names codes with no data."""
    if countries is None:
        return df
    wanted = [countries] if isinstance(countries, str) else list(countries)
    unknown = sorted(set(wanted) - set(df[column]))
    if unknown:
        raise ValueError(f"no data for ISO3 code(s) {unknown}; give ISO3 codes such as 'ARM', "
                         f"'AZE' (this table has {df[column].nunique()} codes)")
    return df[df[column].isin(wanted)].reset_index(drop=True)


def check_codes(parameter: str, codes: Iterable[str] | str, df: pd.DataFrame,
                column: str = "iso3") -> list[str]:
    """A notebook's country parameter checked against a table: the codes as a list, or an
    error naming the parameter, the codes without data and some that have data."""
    wanted = [codes] if isinstance(codes, str) else list(codes)
    have = set(df[column].dropna())
    unknown = [c for c in wanted if c not in have]
    if unknown:
        raise ValueError(f"parameter {parameter}: no data for {unknown} (ISO3 codes such as "
                         f"{sorted(have)[:8]} have data)")
    return wanted


def years(df: pd.DataFrame, start: int | None = None, end: int | None = None) -> pd.DataFrame:
    """Rows with ``start <= year <= end`` (either bound optional)."""
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    return df.reset_index(drop=True)


def none_for_missing(s: pd.Series) -> pd.Series:
    """NaN back to None in a text column (parquet and groupby turn None into NaN; the tables
    use None for "no ISO3 code")."""
    s = s.astype(object)
    return s.where(s.notna(), None)
