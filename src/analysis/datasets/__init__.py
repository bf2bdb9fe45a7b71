"""The public loaders notebooks call. Each takes ISO3 codes and returns a tidy DataFrame.

One module per source family, named like its cleaner (``clean/sipri.py`` <->
``datasets/sipri.py``). Loaders fetch their raw file through the catalog, verify its bytes,
clean it once and cache the table as parquet keyed by those bytes and the cleaning code
(:mod:`analysis.clean.cache`). Every module of this package is imported here and its
``__all__`` re-exported, so ``from analysis import datasets; datasets.milex(...)`` works for
any loader without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil

from ._registry import (
    TABLES,
    Table,
    check_codes,
    release_id,
    releases,
    select,
    table,
    years,
)

__all__ = ["TABLES", "Table", "check_codes", "release_id", "releases", "select", "table", "years"]

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name.startswith("_"):
        continue
    _mod = importlib.import_module(f"{__name__}.{_info.name}")
    for _name in getattr(_mod, "__all__", ()):
        globals()[_name] = getattr(_mod, _name)
        __all__.append(_name)


def clean_all(progress=None) -> dict[str, object]:
    """Build every registered table for every catalog entry it reads.

    Returns ``{"<table> <source id>": rows or the exception}``: every failure is reported,
    not only the first. ``progress(label)`` is called before each table.
    """
    out: dict[str, object] = {}
    for name in sorted(TABLES):
        t = TABLES[name]
        try:
            ids = t.source_ids()
        except Exception as exc:  # noqa: BLE001 - reported per table
            out[name] = exc
            continue
        for sid in ids:
            label = name if sid == name else f"{name} {sid}"
            if progress:
                progress(label)
            try:
                out[label] = len(t.load(sid))
            except Exception as exc:  # noqa: BLE001 - reported per table
                out[label] = exc
    return out
