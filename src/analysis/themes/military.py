"""Computations of the military-balance notebook: edition sensitivity and the price index
each SIPRI release applied, supplier shares and deals, personnel from two sources. Pure
functions on the tidy tables of :mod:`analysis.datasets`; the oil-revenue model is in
:mod:`analysis.themes.military_oil`, the helpers other themes share in :mod:`analysis.stats`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import datasets, stats
from ..stats import growth_ratio, window_sum


def supplier_shares(imports: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Each supplier's TIV and share of the total over ``start``-``end`` (inclusive).

    ``imports``: rows of one recipient with columns supplier, supplier_iso3, year, tiv.
    """
    window = imports[imports["year"].between(start, end)]
    total = window["tiv"].sum()
    if total <= 0:
        raise ValueError(f"no arms imports recorded between {start} and {end}")
    out = (window.groupby(["supplier", "supplier_iso3"], dropna=False)["tiv"].sum()
           .reset_index().sort_values("tiv", ascending=False, ignore_index=True))
    out["share"] = out["tiv"] / total
    out["window"] = f"{start}-{end}"
    return out


def imports_by_window(imports: pd.DataFrame, width: int = 5, top: int = 5,
                      min_share: float = 0.25) -> pd.DataFrame:
    """TIV by recipient, supplier and ``width``-year window, with each window's share.
    A supplier is named when it is among the ``top`` largest of the recipient over all years
    or delivers at least ``min_share`` of the recipient's TIV in some window (so a window's
    main supplier is never hidden); the rest are pooled as "Other suppliers".

    Columns: recipient_iso3, window, supplier, label (one spelling per supplier, see
    :func:`supplier_label`), tiv, share (of the recipient's TIV in the window), total.
    """
    df = imports.copy()
    df["window"] = df["year"].map(lambda y: stats.window_label(int(y), width))
    df["label"] = [supplier_label(i, n) for i, n in
                   zip(df["supplier_iso3"], df["supplier"], strict=True)]
    ranks = df.groupby(["recipient_iso3", "label"])["tiv"].sum().reset_index()
    ranks["rank"] = ranks.groupby("recipient_iso3")["tiv"].rank(ascending=False, method="first")
    keep = set(map(tuple, ranks[ranks["rank"] <= top][["recipient_iso3", "label"]].values))
    by_win = df.groupby(["recipient_iso3", "window", "label"])["tiv"].sum()
    win_share = by_win / by_win.groupby(level=["recipient_iso3", "window"]).transform("sum")
    keep |= {(r, s) for (r, _, s), v in win_share.items() if v >= min_share}
    pooled = [(r, s) in keep for r, s in zip(df["recipient_iso3"], df["label"], strict=True)]
    df["supplier"] = df["supplier"].where(pooled, OTHER_SUPPLIERS)
    df["label"] = df["label"].where(pooled, OTHER_SUPPLIERS)
    out = (df.groupby(["recipient_iso3", "window", "supplier", "label"])["tiv"].sum()
           .reset_index())
    out["total"] = out.groupby(["recipient_iso3", "window"])["tiv"].transform("sum")
    out["share"] = out["tiv"] / out["total"]
    return out.sort_values(["recipient_iso3", "window", "label"], ignore_index=True)[
        ["recipient_iso3", "window", "supplier", "label", "tiv", "share", "total"]]


PERSONNEL_SOURCES = ("owid", "cow")


def personnel(countries=None, source: str = "owid") -> pd.DataFrame:
    """Military personnel in persons, from one source.

    ``source="owid"``: WDI/IISS armed forces incl. paramilitary (1985, 1989-2016);
    ``source="cow"``: COW NMC milper x 1000, excluding paramilitary (to 2016).
    Columns: iso3, year, value, unit, source.
    """
    if source == "owid":
        df = datasets.armed_forces_all()[["iso3", "year", "value", "unit"]].copy()
    elif source == "cow":
        nmc = datasets.nmc_all()
        df = nmc[nmc["iso3"].notna() & nmc["milper"].notna()]
        # COW's GMY and GFR are both DEU in 1990: keep the lower ccode (GMY, unified).
        df = df.sort_values(["ccode", "year"]).drop_duplicates(["iso3", "year"])
        df = pd.DataFrame({"iso3": df["iso3"].astype(str), "year": df["year"],
                           "value": df["milper"] * 1000.0, "unit": "persons"})
    else:
        raise ValueError(f"unknown personnel source {source!r}; choose one of "
                         f"{list(PERSONNEL_SOURCES)}")
    df["source"] = source
    df = df.sort_values(["iso3", "year"], ignore_index=True)
    return datasets.select(df, countries)


GROWTH_WINDOWS = {  # part label -> (measure, start, end)
    ("constant-usd", "2005-2015"): ("constant_usd", 2005, 2015),
    ("constant-usd", "2004-2014"): ("constant_usd", 2004, 2014),
    ("current-usd", "2005-2015"): ("current_usd", 2005, 2015),
}
BRIEF_PRICE_YEAR = 2021  # "in 2021 prices"


def rebased_milex(edition: int, countries, year: int = BRIEF_PRICE_YEAR) -> pd.DataFrame:
    """A SIPRI release's constant-dollar spending re-priced to constant ``year`` US$ with the
    release's own ratio of current to constant dollars in ``year`` (per country).

    Columns as :func:`analysis.datasets.milex` plus ``own_price_base_year``; ``value`` and
    ``price_base_year`` are in ``year`` prices.
    """
    const = datasets.milex(edition, "constant_usd", countries)
    cur = datasets.milex(edition, "current_usd", countries)
    parts = []
    for c in const["iso3"].unique():
        rows = const[const["iso3"] == c].copy()
        new = stats.rebase(stats.series(const, c), stats.series(cur, c), year)
        rows["own_price_base_year"] = rows["price_base_year"]
        rows["value"] = rows["year"].map(new).astype(float)
        rows["price_base_year"] = year
        rows["unit"] = f"USD m, constant {year} prices (re-based)"
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["price_base_year"] = out["price_base_year"].astype("Int64")
    return out


def edition_sensitivity(editions, country: str = "AZE", pair=("ARM", "AZE"),
                        window: tuple[int, int] = (2006, 2022)) -> pd.DataFrame:
    """The brief's military figures under each SIPRI release: ``country``'s growth ratios
    (:data:`GROWTH_WINDOWS`) and each of ``pair``'s sum over ``window`` (billion US$) in the
    release's own constant prices and re-based to the brief's price year.

    Columns: edition, measure ("growth" or "cumulative"), key (ISO3 or the measure of a
    growth ratio), window, prices ("constant <year>" or "current": the prices the value is
    actually in), value, unit (stating that price base), price_base_year (the release's
    own), rebased (True when re-priced from the release's own base year).
    """
    rows = []
    for ed in editions:
        tables = {m: datasets.milex(ed, m, list(pair)) for m in ("constant_usd", "current_usd")}
        base = int(tables["constant_usd"]["price_base_year"].dropna().iloc[0])
        for (label, win), (measure, start, end) in GROWTH_WINDOWS.items():
            rows.append({"edition": ed, "measure": "growth", "key": label, "window": win,
                         "prices": "current" if measure == "current_usd" else f"constant {base}",
                         "value": growth_ratio(tables[measure], country, start, end),
                         "unit": f"ratio of {end} to {start}, "
                                 + ("current US$" if measure == "current_usd"
                                    else f"constant {base} US$"),
                         "price_base_year": base, "rebased": False})
        variants = {f"constant {base}": tables["constant_usd"]}
        if base != BRIEF_PRICE_YEAR:  # a release priced like the brief needs no re-basing
            variants[f"constant {BRIEF_PRICE_YEAR}"] = rebased_milex(ed, list(pair))
        for c in pair:
            for prices, table in variants.items():
                rows.append({"edition": ed, "measure": "cumulative", "key": c,
                             "window": f"{window[0]}-{window[1]}", "prices": prices,
                             "value": window_sum(table, c, *window) / 1000,
                             "unit": f"billion US$, {prices} prices, sum "
                                     f"{window[0]}-{window[1]}",
                             "price_base_year": base, "rebased": prices != f"constant {base}"})
    return pd.DataFrame(rows)


# The brief's claims this theme tests (ids of data/claims/military.toml).
GROWTH_CLAIM = "milex-aze-growth-2005-2015"
CUMULATIVE_CLAIMS = {"AZE": "milex-cumulative-aze-2006-2022",
                     "ARM": "milex-cumulative-arm-2006-2022"}
SUPPLIERS_CLAIM = "arms-suppliers-aze"
NAMED_SUPPLIERS = ("ISR", "RUS", "USA")  # "Other major arms suppliers ... include"
# The brief's spending window; the five years of deliveries known then (2018-2022) and now.
SUPPLIER_WINDOWS = ((2006, 2022), (2018, 2022), (2019, 2023))


def named_supplier_shares(imports: pd.DataFrame, suppliers=NAMED_SUPPLIERS,
                          windows=SUPPLIER_WINDOWS) -> pd.DataFrame:
    """Each named supplier's share and rank among all suppliers of one recipient, per window.

    Columns: supplier_iso3, window, tiv, share, rank (1 = largest; NaN if it delivered
    nothing in the window), suppliers (how many delivered anything).
    """
    rows = []
    for start, end in windows:
        shares = supplier_shares(imports, start, end)
        shares["rank"] = shares["tiv"].rank(ascending=False, method="min")
        by_iso = shares.set_index("supplier_iso3")
        for iso in suppliers:
            hit = iso in by_iso.index
            rows.append({"supplier_iso3": iso, "window": f"{start}-{end}",
                         "tiv": float(by_iso.at[iso, "tiv"]) if hit else 0.0,
                         "share": float(by_iso.at[iso, "share"]) if hit else 0.0,
                         "rank": float(by_iso.at[iso, "rank"]) if hit else float("nan"),
                         "suppliers": int((shares["tiv"] > 0).sum())})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- price indices

# Flag rule: a release's implied price level is "off"
# in a year when its change that year differs by more than 5 per cent (|ln((1 + i) / (1 + c))|
# > ln 1.05) from the change of both World Bank consumer-price series (WDI and the Global
# Database of Inflation), since SIPRI deflates with consumer prices; the releases "disagree"
# in a year when their implied changes spread by more than the same 5 per cent. Relative,
# not in percentage points, so that hyperinflation years (1992-1995) are judged alike.
PRICE_CHECK_THRESHOLD = 5.0
REFERENCE_SERIES = {  # column -> (source, measure) of analysis.datasets.inflation
    "cpi_wdi": ("WDI", "cpi"), "cpi_gid": ("GID", "cpi"),
    "deflator_wdi": ("WDI", "gdp_deflator"), "deflator_gid": ("GID", "gdp_deflator"),
}


def nominal_revisions(editions, countries) -> pd.DataFrame:
    """How far the SIPRI releases differ in nominal spending (local currency, current US$)
    over the years they share, per country: if these agree while the constant-dollar series
    differ, the difference lies in the price index.

    Columns: iso3, measure, first_year, last_year (of the shared years), max_rel_diff
    (largest |value / first release's value - 1|).
    """
    rows = []
    for measure in ("local_currency", "current_usd"):
        wide = pd.concat({ed: datasets.milex(ed, measure, countries)
                          .set_index(["iso3", "year"])["value"] for ed in editions}, axis=1)
        wide = wide.dropna()
        for c in countries:
            w = wide.loc[c] if c in wide.index.get_level_values(0) else wide.iloc[0:0]
            if w.empty:
                continue
            first = w.iloc[:, 0]
            diff = w.div(first.where(first != 0), axis=0).sub(1).abs().max().max()
            rows.append({"iso3": c, "measure": measure, "first_year": int(w.index.min()),
                         "last_year": int(w.index.max()), "max_rel_diff": float(diff)})
    return pd.DataFrame(rows)


def price_index_check(editions, countries,
                      threshold: float = PRICE_CHECK_THRESHOLD) -> pd.DataFrame:
    """Each SIPRI release's implied inflation (local currency over constant US$, year on
    year: :func:`analysis.stats.implied_inflation`) held against the other releases and the
    World Bank's price series, per country and year.

    Columns: iso3, year, edition, price_base_year, implied_inflation (percent), spread
    (largest minus smallest implied inflation across the releases that year, percentage
    points), releases_disagree, the reference series of :data:`REFERENCE_SERIES` (percent),
    off_cpi and gap_cpi (the release's price-level change over the WDI CPI's, or the GID
    CPI's where WDI has none, minus 1, in percent), level_vs_cpi (the release's price level
    over a CPI-consistent level, both 1 in the release's price base year). The rule and
    ``threshold`` (per cent): :data:`PRICE_CHECK_THRESHOLD`.
    """
    parts = []
    for ed in editions:
        local = datasets.milex(ed, "local_currency", countries)
        const = datasets.milex(ed, "constant_usd", countries)
        base = int(const["price_base_year"].dropna().iloc[0])
        for c in countries:
            inf = stats.implied_inflation(stats.series(local, c), stats.series(const, c))
            parts.append(pd.DataFrame({"iso3": c, "year": inf.index.astype(int),
                                       "edition": ed, "price_base_year": base,
                                       "implied_inflation": inf.to_numpy()}))
    df = pd.concat(parts, ignore_index=True).dropna(subset=["implied_inflation"])
    wide = df.pivot_table(index=["iso3", "year"], columns="edition",
                          values="implied_inflation")
    spread = stats.release_spread(wide)
    log_spread = stats.release_spread(np.log1p(wide / 100))
    df = df.merge(pd.DataFrame({"spread": spread, "releases_disagree":
                                log_spread > np.log1p(threshold / 100)}).reset_index(),
                  on=["iso3", "year"], how="left")
    for col, (source, measure) in REFERENCE_SERIES.items():
        ref = datasets.inflation(None, measure, source)
        ref = ref[ref["iso3"].isin(countries)][["iso3", "year", "value"]]
        df = df.merge(ref.rename(columns={"value": col}), on=["iso3", "year"], how="left")
    # Compared as log changes of the price level, so the rule is relative (see above).
    df["off_cpi"] = stats.off_reference(np.log1p(df["implied_inflation"] / 100),
                                        np.log1p(df[["cpi_wdi", "cpi_gid"]] / 100),
                                        np.log1p(threshold / 100))
    cpi = df["cpi_wdi"].fillna(df["cpi_gid"])
    df["gap_cpi"] = ((1 + df["implied_inflation"] / 100) / (1 + cpi / 100) - 1) * 100
    df = df.sort_values(["iso3", "edition", "year"], ignore_index=True)
    # The release's price level relative to a CPI-consistent one, both 1 in the release's
    # price base year (where constant equals current dollars): the release's constant-dollar
    # value of a year is 1 / level_vs_cpi times what the CPI would give. A year without a
    # CPI value counts as no gap.
    step = (1 + df["gap_cpi"].fillna(0) / 100)
    cum = step.groupby([df["iso3"], df["edition"]]).cumprod()
    at_base = cum.where(df["year"] == df["price_base_year"]).groupby(
        [df["iso3"], df["edition"]]).transform("max")
    df["level_vs_cpi"] = cum / at_base
    return df


def cpi_growth_ratio(edition: int, iso3: str, start: int, end: int,
                     source: str = "WDI") -> float:
    """Real growth of a release's local-currency spending from ``start`` to ``end`` deflated
    with an independent consumer-price index (World Bank, ``source`` "WDI" or "GID") instead
    of the release's own: what the constant-dollar ratio would be with a plausible index."""
    local = stats.series(datasets.milex(edition, "local_currency", [iso3]), iso3)
    rates = datasets.inflation([iso3], "cpi", source).set_index("year")["value"]
    index = stats.index_from_rates(rates, start)
    if end not in index.index:
        raise ValueError(f"{iso3}: the {source} CPI does not reach {end}")
    nominal = stats.growth_ratio(local.rename("value").reset_index().assign(iso3=iso3),
                                 iso3, start, end)
    return float(nominal / (index[end] / index[start]))


# --------------------------------------------------------------------------- arms suppliers

TURKEY_CLAIM = "turkey-key-supplier"
FRANCE_CLAIM = "armenia-buys-france"
CONTEXT_SUPPLIERS = ("UKR", "BLR")  # shown beside the named suppliers, not tested
OTHER_SUPPLIERS = "Other suppliers"
# "Then" reads the deliveries known when the brief was written (to 2022: SIPRI publishes a
# year's deliveries the following March), "now" the windows ending a year later.
TURKEY_WINDOWS = {  # window -> role (tested or context)
    (2018, 2022): "recent", (2020, 2022): "recent", (2019, 2023): "recent",
    (2021, 2023): "recent", (2006, 2022): "context", (2020, 2024): "context",
}
FRANCE_ORDERS = {"then": (2021, 2023), "now": (2021, 2024)}  # after the 2020 war
UAV_PATTERN = r"UAV|loitering munition"


def supplier_label(iso3: str | None, name: str) -> str:
    """One spelling per supplier in every figure and table: the compendium's short name of
    its ISO3 code (SIPRI writes "Turkiye", the brief "Turkey": both become "Türkiye"), the
    source's own name for a non-state ("unknown supplier(s)")."""
    from .. import countries

    return countries.name(iso3) if isinstance(iso3, str) and iso3 else name


def supplier_ranks(imports: pd.DataFrame, windows) -> pd.DataFrame:
    """Every supplier's TIV, share and rank (1 = largest, ties share the better rank) of one
    recipient's imports, per window. Columns: window, start, end, supplier, supplier_iso3,
    label, tiv, share, rank, suppliers (how many delivered anything in the window)."""
    parts = []
    for start, end in windows:
        s = supplier_shares(imports, start, end)
        s = s[s["tiv"] > 0].copy()
        s["rank"] = s["tiv"].rank(ascending=False, method="min").astype(int)
        s["suppliers"] = len(s)
        s["start"], s["end"] = start, end
        parts.append(s)
    out = pd.concat(parts, ignore_index=True)
    out["label"] = [supplier_label(i, n) for i, n in
                    zip(out["supplier_iso3"], out["supplier"], strict=True)]
    return out[["window", "start", "end", "supplier", "supplier_iso3", "label", "tiv", "share",
                "rank", "suppliers"]]


def recipient_deals(register: pd.DataFrame, recipient: str, pattern: str | None = None,
                    since: int | None = None) -> pd.DataFrame:
    """Deals of one recipient from SIPRI's per-deal register: those whose weapon description
    matches ``pattern`` (a regular expression, case-insensitive) and, with ``since``, that
    delivered anything in or after that year. Sorted by TIV delivered, largest first.

    Columns: supplier, supplier_iso3, label, designation, description, order_year,
    number_ordered, number_delivered (over all the deal's years), delivery_years, status,
    tiv_delivered.
    """
    df = register[register["recipient_iso3"] == recipient].copy()
    if pattern is not None:
        df = df[df["description"].str.contains(pattern, case=False, regex=True)]
    if since is not None:
        df = df[df["last_delivery_year"].fillna(0) >= since]
    df["label"] = [supplier_label(i, n) for i, n in
                   zip(df["supplier_iso3"], df["supplier"], strict=True)]
    cols = ["supplier", "supplier_iso3", "label", "designation", "description", "order_year",
            "number_ordered", "number_delivered", "delivery_years", "status", "tiv_delivered"]
    return df.sort_values(["tiv_delivered", "order_year"], ascending=[False, True],
                          na_position="last")[cols].reset_index(drop=True)


def orders_from(register: pd.DataFrame, recipient: str, supplier: str, start: int,
                end: int) -> pd.DataFrame:
    """The deals ``recipient`` ordered from ``supplier`` (ISO3 codes) with an order year in
    ``start``-``end``, as :func:`recipient_deals` rows, oldest order first."""
    df = recipient_deals(register, recipient)
    df = df[(df["supplier_iso3"] == supplier) & df["order_year"].between(start, end)]
    return df.sort_values(["order_year", "designation"], ignore_index=True)


# --------------------------------------------------------------------------- after the brief

ARMENIA_WINDOWS = ((2011, 2015), (2016, 2020), (2021, 2024))  # before, around, after 2020
REGION = ("ARM", "AZE", "GEO", "TUR", "RUS", "IRN")


def change_since(edition: int, countries, base: int = 2022) -> pd.DataFrame:
    """Spending in the release's own constant prices from ``base`` to the release's last
    year, per country, and the ratio of the second country to the first.

    Columns: iso3, base_year, last_year, value_base, value_last (US$ m, constant prices of
    the release), change (value_last / value_base - 1), price_base_year. A country whose
    last value is missing raises, naming it.
    """
    const = datasets.milex(edition, "constant_usd", countries)
    price_base = int(const["price_base_year"].dropna().iloc[0])
    rows = []
    for c in countries:
        s = stats.series(const, c).dropna()
        if base not in s.index:
            raise ValueError(f"{c}: no value in {base} in the {edition} release")
        last = int(s.index.max())
        rows.append({"iso3": c, "base_year": base, "last_year": last,
                     "value_base": float(s[base]), "value_last": float(s[last]),
                     "change": float(s[last] / s[base] - 1), "price_base_year": price_base})
    return pd.DataFrame(rows)


def mean_burden(edition: int, countries, start: int, end: int) -> pd.DataFrame:
    """Each country's mean military burden (SIPRI share of GDP, percent) over
    ``start``-``end`` and the years it is based on. Columns: iso3, mean_pct, years, missing
    (years of the window without a value)."""
    share = datasets.milex(edition, "share_gdp", countries)
    rows = []
    for c in countries:
        s = stats.series(share, c).reindex(range(start, end + 1))
        rows.append({"iso3": c, "mean_pct": float(s.mean() * 100),
                     "years": int(s.notna().sum()),
                     "missing": [int(y) for y in s[s.isna()].index]})
    return pd.DataFrame(rows)


# One colour per SIPRI release in every figure comparing releases (Paul Tol's palette,
# outside the country colours so no release looks like a country).
RELEASE_COLOURS = {2023: "#332288", 2024: "#44AA99", 2025: "#AA4499", 2026: "#DDCC77"}
# Suppliers without a country colour, in order of first use.
SPARE_COLOURS = ("#88CCEE", "#882255", "#DDCC77", "#6699CC", "#44AA99", "#117733",
                 "#AA4499", "#661100", "#332288", "#888833")


def supplier_colours(labels_by_iso: dict[str, str | None]) -> dict[str, str]:
    """One colour per supplier label: the supplier's country colour where it has one
    (:data:`analysis.countries.COLOURS`), else the next of :data:`SPARE_COLOURS` in
    alphabetical order of the labels; "Other suppliers" gets none (figures draw it hatched
    white, never in a supplier's grey). Build it once from every supplier a notebook shows,
    so a supplier keeps its colour in every figure."""
    from .. import countries

    out, spare = {}, list(SPARE_COLOURS)
    for label, iso in sorted(labels_by_iso.items()):
        if label == OTHER_SUPPLIERS:
            continue
        own = countries.COLOURS.get(iso) if iso else None
        if own is None and not spare:
            raise ValueError(f"more than {len(SPARE_COLOURS)} suppliers without a country "
                             "colour: pool more of them as 'Other suppliers'")
        out[label] = own or spare.pop(0)
    return out
