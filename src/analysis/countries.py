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
    # SIPRI arms-transfers register spellings.
    "East Germany (GDR)": "DDR",
    "Yemen Arab Republic (North Yemen)": "YAR",
    "UAE": "ARE",
    # No ISO code exists for the former Republic of Vietnam; COW's abbreviation keeps it
    # apart from VNM (the North, then unified Viet Nam).
    "South Vietnam": "RVN",
}

SOURCE_OVERRIDES: dict[str, dict[str, str]] = {
    # Correlates of War state abbreviations that are not ISO3 codes.
    "cow": {"GRG": "GEO", "AZE": "AZE", "ARM": "ARM", "RUS": "RUS", "TUR": "TUR", "IRN": "IRN",
        # Every other COW state abbreviation (NMC v6.0), listed in full because many collide
        # with other ISO3 codes (COW AUS = Austria, MNG = Montenegro, SWZ = Switzerland).
        # COW keeps one code across regime changes: 365 (USSR/Russia) and 345
        # (Serbia/Yugoslavia/Serbia) map to their present states; GMY and GFR both to DEU.
        "USA": "USA", "CAN": "CAN", "BHM": "BHS", "CUB": "CUB", "HAI": "HTI", "DOM": "DOM",
        "JAM": "JAM", "TRI": "TTO", "BAR": "BRB", "DMA": "DMA", "GRN": "GRD", "SLU": "LCA",
        "SVG": "VCT", "AAB": "ATG", "SKN": "KNA", "MEX": "MEX", "BLZ": "BLZ", "GUA": "GTM",
        "HON": "HND", "SAL": "SLV", "NIC": "NIC", "COS": "CRI", "PAN": "PAN", "COL": "COL",
        "VEN": "VEN", "GUY": "GUY", "SUR": "SUR", "ECU": "ECU", "PER": "PER", "BRA": "BRA",
        "BOL": "BOL", "PAR": "PRY", "CHL": "CHL", "ARG": "ARG", "URU": "URY", "UKG": "GBR",
        "IRE": "IRL", "NTH": "NLD", "BEL": "BEL", "LUX": "LUX", "FRN": "FRA", "MNC": "MCO",
        "LIE": "LIE", "SWZ": "CHE", "SPN": "ESP", "AND": "AND", "POR": "PRT", "GMY": "DEU",
        "GFR": "DEU", "GDR": "DDR", "POL": "POL", "AUS": "AUT", "HUN": "HUN", "CZE": "CSK",
        "CZR": "CZE", "SLO": "SVK", "ITA": "ITA", "SNM": "SMR", "MLT": "MLT", "ALB": "ALB",
        "MNG": "MNE", "MAC": "MKD", "CRO": "HRV", "YUG": "SRB", "BOS": "BIH", "KOS": "XKX",
        "SLV": "SVN", "GRC": "GRC", "CYP": "CYP", "BUL": "BGR", "MLD": "MDA", "ROM": "ROU",
        "EST": "EST", "LAT": "LVA", "LIT": "LTU", "UKR": "UKR", "BLR": "BLR", "FIN": "FIN",
        "SWD": "SWE", "NOR": "NOR", "DEN": "DNK", "ICE": "ISL", "CAP": "CPV", "STP": "STP",
        "GNB": "GNB", "EQG": "GNQ", "GAM": "GMB", "MLI": "MLI", "SEN": "SEN", "BEN": "BEN",
        "MAA": "MRT", "NIR": "NER", "CDI": "CIV", "GUI": "GIN", "BFO": "BFA", "LBR": "LBR",
        "SIE": "SLE", "GHA": "GHA", "TOG": "TGO", "CAO": "CMR", "NIG": "NGA", "GAB": "GAB",
        "CEN": "CAF", "CHA": "TCD", "CON": "COG", "DRC": "COD", "UGA": "UGA", "KEN": "KEN",
        "TAZ": "TZA", "BUI": "BDI", "RWA": "RWA", "SOM": "SOM", "DJI": "DJI", "ETH": "ETH",
        "ERI": "ERI", "ANG": "AGO", "MZM": "MOZ", "ZAM": "ZMB", "ZIM": "ZWE", "MAW": "MWI",
        "SAF": "ZAF", "NAM": "NAM", "LES": "LSO", "BOT": "BWA", "SWA": "SWZ", "MAG": "MDG",
        "COM": "COM", "MAS": "MUS", "SEY": "SYC", "MOR": "MAR", "ALG": "DZA", "TUN": "TUN",
        "LIB": "LBY", "SUD": "SDN", "SSD": "SSD", "IRQ": "IRQ", "EGY": "EGY", "SYR": "SYR",
        "LEB": "LBN", "JOR": "JOR", "ISR": "ISR", "SAU": "SAU", "YAR": "YAR", "YEM": "YEM",
        "YPR": "YMD", "KUW": "KWT", "BAH": "BHR", "QAT": "QAT", "UAE": "ARE", "OMA": "OMN",
        "AFG": "AFG", "TKM": "TKM", "TAJ": "TJK", "KYR": "KGZ", "UZB": "UZB", "KZK": "KAZ",
        "CHN": "CHN", "MON": "MNG", "TAW": "TWN", "PRK": "PRK", "ROK": "KOR", "JPN": "JPN",
        "IND": "IND", "BHU": "BTN", "PAK": "PAK", "BNG": "BGD", "MYA": "MMR", "SRI": "LKA",
        "MAD": "MDV", "NEP": "NPL", "THI": "THA", "CAM": "KHM", "LAO": "LAO", "DRV": "VNM",
        "RVN": "RVN", "MAL": "MYS", "SIN": "SGP", "BRU": "BRN", "PHI": "PHL", "INS": "IDN",
        "ETM": "TLS", "AUL": "AUS", "PNG": "PNG", "NEW": "NZL", "VAN": "VUT", "SOL": "SLB",
        "KIR": "KIR", "TUV": "TUV", "FIJ": "FJI", "TON": "TON", "NAU": "NRU", "MSI": "MHL",
        "PAL": "PLW", "FSM": "FSM", "WSM": "WSM",
    },
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
    "Northern Cyprus": "territory",
    "Biafra": "territory",
    "Katanga": "territory",
    # SIPRI arms-transfers register: '*' marks non-state armed groups, '**' organizations.
    # Listed because country_converter maps e.g. 'PKK (Turkiye)*' to TUR.
    "ANC (South Africa)*": "armed group",
    "African Union**": "alliance",
    "Amal (Lebanon)*": "armed group",
    "Anti-Castro rebels (Cuba)*": "armed group",
    "Armas (Guatemala)*": "armed group",
    "Contras (Nicaragua)*": "armed group",
    "Darfur rebels (Sudan)*": "armed group",
    "ELF (Ethiopia)*": "armed group",
    "EPLF (Ethiopia)*": "armed group",
    "European Union**": "alliance",
    "FAN (Chad)*": "armed group",
    "FMLN (El Salvador)*": "armed group",
    "FNLA (Angola)*": "armed group",
    "FRELIMO (Portugal)*": "armed group",
    "GUNT (Chad)*": "armed group",
    "Haiti rebels*": "armed group",
    "Hamas (Palestine)*": "armed group",
    "HoR (Libya)*": "armed group",
    "Indonesia rebels*": "armed group",
    "Khmer Rouge (Cambodia)*": "armed group",
    "Kurdistan Regional Government (Iraq)*": "armed group",
    "LF (Lebanon)*": "armed group",
    "LRA (Uganda)*": "armed group",
    "LTTE (Sri Lanka)*": "armed group",
    "Lebanon Palestinian rebels*": "armed group",
    "Libya HoR*": "armed group",
    "MNLF (Philippines)*": "armed group",
    "MPLA (Portugal)*": "armed group",
    "MTA (Myanmar)*": "armed group",
    "Mujahedin (Afghanistan)*": "armed group",
    "NATO**": "alliance",
    "NLA (Macedonia)*": "armed group",
    "NTC (Libya)*": "armed group",
    "Northern Alliance (Afghanistan)*": "armed group",
    "OSCE**": "international organization",
    "PAIGC (Portugal)*": "armed group",
    "PIJ (Israel/Palestine)*": "armed group",
    "PKK (Turkiye)*": "armed group",
    "PLO (Israel)*": "armed group",
    "PRC (Israel/Palestine)*": "armed group",
    "Palestinian Islamic Jihad (Israel/Palestine)*": "armed group",
    "Pathet Lao (Laos)*": "armed group",
    "Provisional IRA (UK)*": "armed group",
    "RPF (Rwanda)*": "armed group",
    "RUF (Sierra Leone)*": "armed group",
    "Regional Security System**": "alliance",
    "SLA (Lebanon)*": "armed group",
    "SNA (Somalia)*": "armed group",
    "SPLA (Sudan)*": "armed group",
    "Southern rebels (Yemen)*": "armed group",
    "Syria rebels*": "armed group",
    "UIC (Somalia)*": "armed group",
    "UNITA (Angola)*": "armed group",
    "Ukraine Rebels*": "armed group",
    "United Nations**": "international organization",
    "United Wa State (Myanmar)*": "armed group",
    "Viet Cong (South Vietnam)*": "armed group",
    "Viet Minh (France)*": "armed group",
    "ZAPU (Zimbabwe)*": "armed group",
    "unknown rebel group*": "unknown",
}

# Region and group names that sources mix into country lists; excluded, never an error.
AGGREGATES: frozenset[str] = frozenset(
    {
        "World", "Africa", "North Africa", "sub-Saharan Africa", "Americas",
        "Central America and the Caribbean", "North America", "South America",
        "Asia & Oceania", "Oceania", "South Asia", "East Asia", "South East Asia",
        "Central Asia", "Europe", "Central Europe", "Eastern Europe", "Western Europe",
        "Middle East",
        # World Bank region and income groups (OWID's WDI export leaves their Code empty).
        "Arab World", "Caribbean small states", "Central Europe and the Baltics",
        "Early-demographic dividend", "East Asia & Pacific", "East Asia & Pacific (IDA & IBRD)",
        "East Asia & Pacific (excluding high income)", "Euro area", "Europe & Central Asia",
        "Europe & Central Asia (IDA & IBRD)", "Europe & Central Asia (excluding high income)",
        "Fragile and conflict affected situations", "Heavily indebted poor countries (HIPC)",
        "High income", "IBRD only", "IDA & IBRD total", "IDA blend", "IDA only", "IDA total",
        "Late-demographic dividend", "Latin America & Caribbean",
        "Latin America & Caribbean (IDA & IBRD)",
        "Latin America & Caribbean (excluding high income)",
        "Least developed countries: UN classification", "Low & middle income", "Low income",
        "Lower middle income", "Middle East & North Africa",
        "Middle East & North Africa (IDA & IBRD)",
        "Middle East & North Africa (excluding high income)", "Middle income", "OECD members",
        "Other small states", "Post-demographic dividend", "Pre-demographic dividend",
        "Small states", "South Asia (IDA & IBRD)", "Sub-Saharan Africa",
        "Sub-Saharan Africa (IDA & IBRD)", "Sub-Saharan Africa (excluding high income)",
        "Upper middle income",
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
