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


def _cached_clean(source_id: str, module, clean) -> pd.DataFrame:
    """Fetch one catalogued file and return its cleaned table, cached by sha256 and the
    cleaner module's ``VERSION`` (the cache name is the catalog id)."""
    path = sources.require(source_id)
    sha = sources.get(source_id).sha256
    return cache.cached(source_id, module.VERSION, sha, lambda: clean(path))


def _years(df: pd.DataFrame, start: int | None, end: int | None) -> pd.DataFrame:
    if start is not None:
        df = df[df["year"] >= start]
    if end is not None:
        df = df[df["year"] <= end]
    return df.reset_index(drop=True)


def _none_for_missing(s: pd.Series) -> pd.Series:
    # parquet and groupby turn None into NaN; the tables use None for "no ISO3 code".
    s = s.astype(object)
    return s.where(s.notna(), None)


def arms_transfers_all() -> pd.DataFrame:
    """SIPRI arms-transfers register by delivery year, every deal and year (cached).

    One row per deal and delivery year; see
    :func:`analysis.clean.sipri_transfers.clean_by_year` for the columns.
    """
    from .clean import sipri_transfers

    df = _cached_clean("sipri-transfers-by-year", sipri_transfers,
                       sipri_transfers.clean_by_year)
    for col in ("supplier_iso3", "recipient_iso3"):
        df[col] = _none_for_missing(df[col])
    return df


def arms_imports(recipient: str | Iterable[str], start: int | None = None,
                 end: int | None = None) -> pd.DataFrame:
    """Arms imports (SIPRI TIV, millions) by supplier and delivery year.

    ``recipient``: one or more ISO3 codes; ``start``/``end``: delivery years, inclusive.
    Columns: recipient_iso3, supplier, supplier_iso3 (None for non-states such as
    "unknown supplier(s)"), year, tiv. Years without deliveries have no row.
    """
    df = _select(arms_transfers_all(), recipient, column="recipient_iso3")
    df = _years(df, start, end)
    keys = ["recipient_iso3", "supplier", "supplier_iso3", "year"]
    out = (df.groupby(keys, dropna=False, sort=True)["tiv"].sum().reset_index())
    out["supplier_iso3"] = _none_for_missing(out["supplier_iso3"])
    return out[keys + ["tiv"]]


def arms_register_all() -> pd.DataFrame:
    """SIPRI arms-transfers register, one row per deal, all years (cached)."""
    from .clean import sipri_transfers

    df = _cached_clean("sipri-transfers-register", sipri_transfers,
                       sipri_transfers.clean_register)
    for col in ("supplier_iso3", "recipient_iso3", "delivery_years", "comments"):
        df[col] = _none_for_missing(df[col])
    return df


def arms_register(recipients: Iterable[str] | None = None) -> pd.DataFrame:
    """SIPRI per-deal register (deliveries 1950-2024), optionally for some recipients.

    Columns: supplier, supplier_iso3, recipient, recipient_iso3, order_year, number_ordered,
    number_delivered (each with an ``*_uncertain`` flag), delivery_years, first_delivery_year,
    last_delivery_year, designation, description, status, comments, tiv_unit, tiv_order,
    tiv_delivered (SIPRI TIV millions, summed over the deal's delivery years).
    """
    return _select(arms_register_all(), recipients, column="recipient_iso3")


def gdp_all() -> pd.DataFrame:
    """WDI GDP, current US$, every state (cached)."""
    from .clean import worldbank

    return _cached_clean("wdi-gdp", worldbank, worldbank.clean_gdp)


def population_all() -> pd.DataFrame:
    """WDI population, every state (cached)."""
    from .clean import worldbank

    return _cached_clean("wdi-population", worldbank, worldbank.clean_population)


def oil_rents_all() -> pd.DataFrame:
    """WDI oil rents, percent of GDP, every state (cached)."""
    from .clean import worldbank

    return _cached_clean("wdi-oil-rents", worldbank, worldbank.clean_oil_rents)


def gdp(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """GDP in current US$ (WDI NY.GDP.MKTP.CD; not millions).

    Columns: iso3, country, year, value, unit, indicator.
    """
    return _select(gdp_all(), countries)


def population(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Population, persons (WDI SP.POP.TOTL). Columns as :func:`gdp`."""
    return _select(population_all(), countries)


def oil_rents(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """Oil rents, percent of GDP (WDI NY.GDP.PETR.RT.ZS, 2023-03 vintage, data to 2020).

    Columns as :func:`gdp`.
    """
    return _select(oil_rents_all(), countries)


def nmc_all() -> pd.DataFrame:
    """Correlates of War National Material Capabilities v6.0, every state (cached)."""
    from .clean import cow

    df = _cached_clean("cow-nmc", cow, cow.clean_nmc)
    df["iso3"] = _none_for_missing(df["iso3"])
    return df


def nmc(countries: Iterable[str] | None = None) -> pd.DataFrame:
    """COW National Material Capabilities, one row per state and year (1816-2016).

    Columns: iso3, stateabb, ccode, year, milex (thousands of current US$), milper
    (thousands), irst, pec, tpop, upop, cinc, version; NaN where COW has -9.
    """
    return _select(nmc_all(), countries)


def owid_personnel_all() -> pd.DataFrame:
    """OWID/WDI armed forces personnel (IISS), every state (cached)."""
    from .clean import owid

    return _cached_clean("owid-armed-forces-personnel", owid, owid.clean_armed_forces)


PERSONNEL_SOURCES = ("owid", "cow")


def personnel(countries: Iterable[str] | None = None, source: str = "owid") -> pd.DataFrame:
    """Military personnel in persons, from one source.

    ``source="owid"``: WDI/IISS armed forces incl. paramilitary (1985, 1989-2016);
    ``source="cow"``: COW NMC milper x 1000, excluding paramilitary (to 2016).
    Columns: iso3, year, value, unit, source.
    """
    if source == "owid":
        df = owid_personnel_all()[["iso3", "year", "value", "unit"]].copy()
    elif source == "cow":
        nmc_df = nmc_all()
        df = nmc_df[nmc_df["iso3"].notna() & nmc_df["milper"].notna()]
        # COW's GMY and GFR are both DEU in 1990: keep the lower ccode (GMY, unified).
        df = df.sort_values(["ccode", "year"]).drop_duplicates(["iso3", "year"])
        df = pd.DataFrame({"iso3": df["iso3"].astype(str), "year": df["year"],
                           "value": df["milper"] * 1000.0, "unit": "persons"})
    else:
        raise ValueError(f"unknown personnel source {source!r}; choose one of "
                         f"{list(PERSONNEL_SOURCES)}")
    df["source"] = source
    df = df.sort_values(["iso3", "year"], ignore_index=True)
    return _select(df, countries)


def war_dates() -> pd.DataFrame:
    """Start and end dates of the wars of 2016, 2020 and 2023 (curated, one sourced row each).

    Columns: date (datetime), event, category, confidence, source_title, source_url, locator.
    """
    df = pd.read_csv(sources.require("curated-war-dates"), parse_dates=["date"])
    return df[["date", "event", "category", "confidence", "source_title", "source_url",
               "locator"]].sort_values("date", ignore_index=True)


def wars() -> pd.DataFrame:
    """One row per war: year, start and end date (the first "war" row of a year and the last
    row of that year), for shading periods in figures."""
    df = war_dates()
    df["year"] = df["date"].dt.year
    rows = []
    for year, g in df.groupby("year"):
        starts = g[g["category"] == "war"]
        if starts.empty:
            continue
        rows.append({"year": int(year), "start": starts["date"].min(), "end": g["date"].max()})
    return pd.DataFrame(rows)


def coverage(tables: dict[str, pd.DataFrame], countries: Iterable[str],
             value: str = "value") -> pd.DataFrame:
    """First and last year with a value, per table and country: what a notebook can speak to.

    ``tables``: name -> tidy table with iso3, year and a ``value`` column (rows with NaN
    values do not count).
    """
    rows = []
    for name, df in tables.items():
        col = value if value in df.columns else "tiv"
        key = "iso3" if "iso3" in df.columns else "recipient_iso3"
        for c in countries:
            years = df.loc[(df[key] == c) & df[col].notna(), "year"]
            rows.append({"series": name, "iso3": c,
                         "first_year": int(years.min()) if len(years) else None,
                         "last_year": int(years.max()) if len(years) else None,
                         "years_with_data": int(years.nunique())})
    return pd.DataFrame(rows)


# Every cleaned table, by name: what `analysis data clean` (and `make reproduce`) builds.
CLEANERS = {f"sipri-milex-{ed}": (lambda ed=ed: milex_all(ed)) for ed in MILEX_EDITIONS}
CLEANERS.update({
    "sipri-transfers-by-year": arms_transfers_all,
    "sipri-transfers-register": arms_register_all,
    "wdi-gdp": gdp_all,
    "wdi-population": population_all,
    "wdi-oil-rents": oil_rents_all,
    "cow-nmc": nmc_all,
    "owid-armed-forces-personnel": owid_personnel_all,
})
