"""Cleaners: one module per publisher, each turning raw files into tidy validated tables.

A cleaner module exposes functions ``clean_*(path) -> DataFrame`` that validate their output
(:func:`validate`, pandera) and raise :class:`analysis.errors.LayoutError` naming the file,
sheet/row/column and what was expected. Its loader in ``analysis.datasets`` registers it; the
cache key follows the code (:mod:`analysis.clean.cache`), so no version is bumped by hand.
"""

from pathlib import Path

import pandas as pd


def validate(schema, df: pd.DataFrame, path: Path, what: str) -> pd.DataFrame:
    """Validate a cleaned table against its pandera ``schema``; a failure is a
    :class:`~analysis.errors.LayoutError` naming the raw file and the schema (``what``)."""
    import pandera.pandas as pa

    from ..errors import LayoutError

    try:
        return schema.validate(df)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as exc:
        raise LayoutError(path, "cleaned table", f"the {what} schema: {exc}") from exc
