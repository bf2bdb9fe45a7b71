"""Country names to ISO3 codes, the non-state names kept as such, and one colour per country.

Every source spells states its own way ("Türkiye", "Turkiye", "Turkey"; Correlates of War
"GRG"; "Iran, Islamic Rep."). :func:`to_iso3` maps them with country_converter plus explicit
per-source overrides, keeps non-state names (suppliers "unknown", alliances, armed groups,
Nagorno-Karabakh as a territory) as ``None`` with :func:`non_state_kind` telling which,
skips aggregates (regions, income groups), and raises on anything else, naming the source.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache

from .errors import UnknownCountryError

# Names whose meaning differs by source, or that country_converter gets wrong or misses.
# Historical states get their ISO 3166-3 codes so they never merge with a successor.
COMMON_OVERRIDES: dict[str, str] = {
    "Türkiye": "TUR",
    "Turkiye": "TUR",
    "Turkey": "TUR",
    "Iran": "IRN",
    "Iran, Islamic Rep.": "IRN",
    "Russia": "RUS",
    "Russian Federation": "RUS",
    "USSR": "SUN",
    "Soviet Union": "SUN",
    "German Democratic Republic": "DDR",
    "German DR": "DDR",
    "East Germany": "DDR",
    "Yugoslavia": "YUG",
    "Czechoslovakia": "CSK",
    "Yemen, North": "YAR",
    "North Yemen": "YAR",
    "Yemen, South": "YMD",
    "South Yemen": "YMD",
    "Kosovo": "XKX",
}

SOURCE_OVERRIDES: dict[str, dict[str, str]] = {
    # Correlates of War state abbreviations that are not ISO3 codes.
    "cow": {"GRG": "GEO", "AZE": "AZE", "ARM": "ARM", "RUS": "RUS", "TUR": "TUR", "IRN": "IRN"},
}

# Names that are real actors but not states: kept, never mapped to a code.
NON_STATES: dict[str, str] = {
    "unknown supplier(s)": "unknown",
    "unknown recipient(s)": "unknown",
    "Unknown supplier(s)": "unknown",
    "Unknown recipient(s)": "unknown",
    "NATO": "alliance",
    "European Union": "alliance",
    "African Union": "alliance",
    "United Nations": "international organization",
    "UN": "international organization",
    "OSCE": "international organization",
    "Hezbollah (Lebanon)*": "armed group",
    "Houthi rebels (Yemen)*": "armed group",
    "Nagorno-Karabakh": "territory",
    "Artsakh": "territory",
    "Nagorno-Karabakh Republic": "territory",
    "Abkhazia": "territory",
    "South Ossetia": "territory",
}

# Region and group names that sources mix into country lists; excluded, never an error.
AGGREGATES: frozenset[str] = frozenset(
    {
        "World", "Africa", "North Africa", "sub-Saharan Africa", "Americas",
        "Central America and the Caribbean", "North America", "South America",
        "Asia & Oceania", "Oceania", "South Asia", "East Asia", "South East Asia",
        "Central Asia", "Europe", "Central Europe", "Eastern Europe", "Western Europe",
        "Middle East",
    }
)

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
def _iso3_set() -> frozenset[str]:
    codes = set(_converter().data["ISO3"].dropna())
    return frozenset(codes | set(COMMON_OVERRIDES.values()))


def is_state_code(code: str) -> bool:
    """True when ``code`` is the ISO3 code of a state (or a historical one we use)."""
    return code in _iso3_set()


def non_state_kind(name: str) -> str | None:
    """What a non-state name is ("unknown", "alliance", "armed group", "territory"), or None."""
    return NON_STATES.get(name.strip())


def to_iso3(names: Iterable[str], source: str) -> list[str | None]:
    """ISO3 codes for ``names`` as spelt by ``source``.

    Non-state names and aggregates give ``None``. A name that is none of these raises
    :class:`UnknownCountryError` naming it and the source.
    """
    names = [str(n).strip() for n in names]
    overrides = {**COMMON_OVERRIDES, **SOURCE_OVERRIDES.get(source, {})}
    out: list[str | None] = [None] * len(names)
    todo: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name in overrides:
            out[i] = overrides[name]
        elif name in NON_STATES or name in AGGREGATES:
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
            raise UnknownCountryError(
                f"{source}: no ISO3 code for {unknown!r}; add the spelling to "
                "analysis.countries.SOURCE_OVERRIDES, NON_STATES or AGGREGATES"
            )
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
