"""Exceptions of the compendium: each names the file, the place in it and what was expected."""

from __future__ import annotations


class AnalysisError(Exception):
    """Base class: any error the compendium raises on purpose."""


class CatalogError(AnalysisError):
    """The catalog (``data/sources.toml``) is malformed; the message names the entry."""


class FetchError(AnalysisError):
    """A raw file could not be obtained from any mirror or its pinned URL."""


class HashMismatchError(FetchError):
    """A file's bytes do not match the sha256 the catalog pins."""


class LayoutError(AnalysisError):
    """An upstream file does not have the layout a cleaner expects.

    ``file`` is the file read, ``where`` the sheet/row/column, ``expected`` what was looked for.
    """

    def __init__(self, file, where: str, expected: str):
        self.file, self.where, self.expected = str(file), where, expected
        super().__init__(f"{self.file}: {where}: expected {expected}")


class UnknownCountryError(AnalysisError):
    """A country name has no ISO3 code and is not a known non-state name."""


class MappingError(AnalysisError):
    """A country mapping table (``data/mappings/*.csv``) is missing or malformed; the message
    names the file, the line and what was expected."""


def did_you_mean(name: str, candidates, where: str) -> str:
    """"did you mean a, b?" with real close candidates, or a pointer to where every
    candidate is listed when none is close."""
    import difflib

    near = difflib.get_close_matches(name, list(candidates), n=5, cutoff=0.4)
    if near:
        return f"did you mean {', '.join(near)}?"
    return f"no name is close; {where} lists them all"
