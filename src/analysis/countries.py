"""Country names to ISO3 codes, the non-state names kept as such, and one colour per country.

Every source spells states its own way ("Türkiye", "Turkiye", "Turkey"; Correlates of War
"GRG"; "Iran, Islamic Rep."). :func:`to_iso3` maps them with country_converter plus explicit
overrides, keeps non-state names (suppliers "unknown", alliances, armed groups,
Nagorno-Karabakh as a territory, states that ended before ISO codes existed) as ``None`` with
:func:`non_state_kind` telling which, skips aggregates (regions, income groups), and raises on
anything else, naming the source and the mapping file to add the spelling to.

The explicit tables are reviewable CSV files in ``data/mappings/`` (see its README.md):

``names.csv`` (name, iso3, note)
    overrides for every source; historical states get their ISO 3166-3 codes so they never
    merge with a successor.
``<source>.csv`` (name, iso3, note)
    one source's own spellings or codes (``cow.csv``: every Correlates of War abbreviation);
    they win over ``names.csv``.
``non_states.csv`` (name, kind, note) and ``aggregates.csv`` (name, note)
    names that get no code.

They are read from ``paths.data_dir() / "mappings"``, i.e. the project root's, which
``ANALYSIS_ROOT`` can move: a project root without them is an error (tests copy the real
folder into their temporary root, see ``tests/conftest.py``). Each file is validated when read
(columns, codes, kinds, duplicates, a name both mapped and listed as a non-state) and cached
per file version (size and modification time), so an edited table is seen at once.
"""

from __future__ import annotations

import csv
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from . import paths
from .errors import MappingError, UnknownCountryError

NAMES_FILE = "names.csv"
NON_STATES_FILE = "non_states.csv"
AGGREGATES_FILE = "aggregates.csv"
_SHARED = (NAMES_FILE, NON_STATES_FILE, AGGREGATES_FILE)
OVERRIDE_COLUMNS = ("name", "iso3", "note")
NON_STATE_COLUMNS = ("name", "kind", "note")
AGGREGATE_COLUMNS = ("name", "note")
NON_STATE_KINDS = ("unknown", "alliance", "international organization", "armed group",
                   "territory", "historical state")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_SOURCE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def mappings_dir() -> Path:
    """``data/mappings/`` of the project root."""
    return paths.mappings_dir()


def _source_file(source: str) -> Path | None:
    """Where ``source``'s own overrides would be (None for names that cannot be a file)."""
    if not _SOURCE.match(source) or f"{source}.csv" in _SHARED:
        return None
    return mappings_dir() / f"{source}.csv"


def mapping_files(source: str) -> list[Path]:
    """The mapping files ``to_iso3(..., source)`` depends on, for cache keys: names.csv, the
    source's own file when it exists, non_states.csv and aggregates.csv."""
    own = _source_file(source)
    files = [mappings_dir() / NAMES_FILE]
    if own is not None and own.is_file():
        files.append(own)
    return files + [mappings_dir() / NON_STATES_FILE, mappings_dir() / AGGREGATES_FILE]


@dataclass(frozen=True)
class _Table:
    """One validated mapping file: rows by name, and the line each name is on."""

    path: Path
    values: dict[str, str]  # name -> iso3 or kind or note
    lines: dict[str, int]


def _read(path: Path, columns: tuple[str, ...]) -> _Table:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise MappingError(
            f"{path}: mapping file not found; the country mappings are read from "
            f"{mappings_dir()} (the project root's data/mappings; copy that folder into a "
            "project root set with ANALYSIS_ROOT)") from None
    return _parse(path, columns, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=64)
def _parse(path: Path, columns: tuple[str, ...], _mtime: int, _size: int) -> _Table:
    """Read and validate one mapping file (cached per file version)."""
    key = columns[1]  # iso3, kind or note: the value each name maps to
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = [c.strip() for c in next(reader, [])]
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        if missing or extra or len(set(header)) != len(header):
            raise MappingError(f"{path}: line 1 (header): expected the columns "
                               f"{', '.join(columns)}; found {header}")
        values: dict[str, str] = {}
        lines: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise MappingError(f"{path}: line {line}: expected {len(header)} fields "
                                   f"({', '.join(header)}), got {len(row)}")
            rec = dict(zip(header, row, strict=True))
            name = rec["name"]
            if not name.strip() or name != name.strip():
                raise MappingError(f"{path}: line {line}: column 'name': expected a name "
                                   f"without leading or trailing spaces, got {name!r}")
            if name in values:
                raise MappingError(f"{path}: line {line}: name {name!r} is already on line "
                                   f"{lines[name]}; expected each name once")
            value = rec[key]
            if key == "iso3" and not _ISO3.match(value):
                raise MappingError(f"{path}: line {line}: column 'iso3': expected three "
                                   f"capital letters (^[A-Z]{{3}}$), got {value!r}")
            if key == "kind" and value not in NON_STATE_KINDS:
                raise MappingError(f"{path}: line {line}: column 'kind': expected one of "
                                   f"{list(NON_STATE_KINDS)}, got {value!r}")
            values[name] = value
            lines[name] = line
    return _Table(path, values, lines)


def _overrides_table(path: Path) -> _Table:
    return _read(path, OVERRIDE_COLUMNS)


def _non_states() -> _Table:
    return _read(mappings_dir() / NON_STATES_FILE, NON_STATE_COLUMNS)


def _aggregates() -> _Table:
    return _read(mappings_dir() / AGGREGATES_FILE, AGGREGATE_COLUMNS)


def _no_conflicts(first: _Table, second: _Table, what: str) -> None:
    both = sorted(set(first.values) & set(second.values))
    if both:
        name = both[0]
        raise MappingError(
            f"{first.path}: line {first.lines[name]}: name {name!r} is also listed in "
            f"{second.path} (line {second.lines[name]}); expected a name to be {what}, "
            f"not both ({len(both)} such name(s): {both[:5]})")


@dataclass(frozen=True)
class _Mapping:
    overrides: dict[str, str]
    non_states: dict[str, str]
    aggregates: frozenset[str]


def _mapping(source: str) -> _Mapping:
    """The tables ``source`` uses, checked against each other."""
    tables = [_overrides_table(mappings_dir() / NAMES_FILE)]
    own = _source_file(source)
    if own is not None and own.is_file():
        tables.append(_overrides_table(own))
    non_states, aggregates = _non_states(), _aggregates()
    for table in tables:
        _no_conflicts(table, non_states, "a state (with a code) or a non-state")
        _no_conflicts(table, aggregates, "a state (with a code) or an aggregate")
    _no_conflicts(non_states, aggregates, "a non-state or an aggregate")
    overrides: dict[str, str] = {}
    for table in tables:  # the source's own file last: it wins over names.csv
        overrides.update(table.values)
    return _Mapping(overrides, non_states.values, frozenset(aggregates.values))


def source_overrides(source: str) -> dict[str, str]:
    """The names (or codes) listed in ``source``'s own mapping file, with their ISO3 codes;
    empty when the source has none. Cleaners whose source uses codes (COW) check that every
    code is listed here rather than guessed."""
    own = _source_file(source)
    if own is None or not own.is_file():
        return {}
    return dict(_overrides_table(own).values)


# The region's states, in the order figures list them.
REGION = ("ARM", "AZE", "GEO", "RUS", "TUR", "IRN")

# One fixed colour per country (Okabe-Ito, colour-blind safe) and a line style that
# still separates the series in greyscale print.
COLOURS: dict[str, str] = {
    "ARM": "#D55E00",  # vermillion
    "AZE": "#0072B2",  # blue
    "GEO": "#009E73",  # bluish green
    "RUS": "#000000",  # black
    "TUR": "#CC79A7",  # reddish purple
    "IRN": "#E69F00",  # orange
    "USA": "#56B4E9",  # sky blue
    "ISR": "#999999",  # grey
    "FRA": "#F0E442",  # yellow
}
LINESTYLES: dict[str, str] = {
    "ARM": "-", "AZE": "--", "GEO": ":", "RUS": "-.", "TUR": (0, (5, 1, 1, 1, 1, 1)),
    "IRN": (0, (1, 1)), "USA": (0, (3, 1)), "ISR": (0, (8, 2)), "FRA": (0, (2, 2, 6, 2)),
}
OTHER_COLOUR = "#777777"


def colour(iso3: str) -> str:
    """The fixed colour of a country (grey for countries outside the palette)."""
    return COLOURS.get(iso3, OTHER_COLOUR)


def linestyle(iso3: str):
    """The fixed line style of a country (solid for countries outside the palette)."""
    return LINESTYLES.get(iso3, "-")


@cache
def _converter():
    import country_converter as coco

    # country_converter logs every miss at WARNING; misses are our errors to raise.
    logging.getLogger("country_converter").setLevel(logging.ERROR)
    return coco.CountryConverter()


@cache
def _coco_codes() -> frozenset[str]:
    return frozenset(_converter().data["ISO3"].dropna())


def is_state_code(code: str) -> bool:
    """True when ``code`` is the ISO3 code of a state: one country_converter knows, or one
    ``names.csv`` gives (historical states such as SUN, DDR, RVN)."""
    if code in _coco_codes():
        return True
    # Called once per row by cleaners: one stat of names.csv, the parse is cached.
    return code in _overrides_table(mappings_dir() / NAMES_FILE).values.values()


def non_state_kind(name: str) -> str | None:
    """What a non-state name is (one of :data:`NON_STATE_KINDS`: "unknown", "alliance",
    "armed group", "territory", ...), or None."""
    return _non_states().values.get(name.strip())


def _advice(source: str) -> str:
    own = _source_file(source)
    where = (f"{own} (this source only; columns name,iso3,note) or " if own else "")
    folder = mappings_dir()
    return (f"add the spelling to {where}{folder / NAMES_FILE} (every source), or list it in "
            f"{folder / NON_STATES_FILE} or {folder / AGGREGATES_FILE}")


def to_iso3(names: Iterable[str], source: str) -> list[str | None]:
    """ISO3 codes for ``names`` as spelt by ``source``.

    Non-state names and aggregates give ``None``. A name that is none of these raises
    :class:`UnknownCountryError` naming it, the source and the mapping file to add it to.
    """
    names = [str(n).strip() for n in names]
    mapping = _mapping(source)
    out: list[str | None] = [None] * len(names)
    todo: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name in mapping.overrides:
            out[i] = mapping.overrides[name]
        elif name in mapping.non_states or name in mapping.aggregates:
            out[i] = None
        else:
            todo.setdefault(name, []).append(i)
    if todo:
        keys = list(todo)
        codes = _converter().convert(keys, to="ISO3", not_found="__none__")
        if isinstance(codes, str):
            codes = [codes]
        unknown = [k for k, c in zip(keys, codes, strict=True) if not isinstance(c, str)
                   or c == "__none__"]
        if unknown:
            raise UnknownCountryError(f"{source}: no ISO3 code for {unknown!r}; "
                                      + _advice(source))
        for key, code in zip(keys, codes, strict=True):
            for i in todo[key]:
                out[i] = code
    return out


def iso3(name: str, source: str = "user") -> str:
    """The ISO3 code of one state name; raises if it is not a state."""
    code = to_iso3([name], source)[0]
    if code is None:
        raise UnknownCountryError(f"{source}: {name!r} is not a state (no ISO3 code)")
    return code


def name(code: str) -> str:
    """A short English name for an ISO3 code, for labels."""
    short = {"SUN": "USSR", "DDR": "German DR", "YUG": "Yugoslavia", "TUR": "Türkiye"}
    if code in short:
        return short[code]
    out = _converter().convert(code, src="ISO3", to="name_short", not_found=code)
    return out if isinstance(out, str) else code
