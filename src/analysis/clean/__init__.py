"""Cleaners: one module per publisher, each turning raw files into tidy validated tables.

A cleaner module exposes ``VERSION`` (bump it when its output changes, which invalidates the
parquet cache) and functions ``clean_*(path) -> DataFrame`` that raise
:class:`analysis.errors.LayoutError` naming the file, sheet/row/column and what was expected.
"""
