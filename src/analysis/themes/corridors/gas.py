"""Azerbaijan's gas: production from the Statistical Review (every release held, so revisions
show) and exports by destination from official statements, the two curated tables reconciled.

The two curated tables (``curated-gas-exports-europe``, ``curated-gas-flows``) overlap: both
hold full-year exports to Europe and in total for some years, sometimes with different values.
:func:`reconcile_exports` keeps one value per year and destination by these rules, in order:

1. an outturn beats a forecast, plan or target (``value_type`` "actual" first, then
   "actual (approx.)"; the rest are never used as outturns);
2. the measure asked for beats a neighbouring one: Azerbaijan's exports to Europe
   (exporter-side, the Ministry of Energy's series) beat gas carried by TAP and the European
   Commission's deliveries to the EU, which are kept as alternatives;
3. a higher confidence flag beats a lower one;
4. a statement of the Ministry or Minister of Energy (the reporting body) beats one by other
   officials (the President's rounded figures in speeches);
5. if still tied, the values agree or the median is kept, and the row says so.

Every value carries its source; the alternatives it beat and why are listed beside it.
"""

from __future__ import annotations

import pandas as pd

OUTTURN = ("actual", "actual (approx.)")
DESTINATIONS = ("Europe", "Türkiye", "Georgia", "Total")
_ALTERNATIVE_MEASURES = {"Europe": ("exports", "tap_flow", "eu_deliveries")}


def _rank(r: pd.Series) -> tuple:
    reporter = str(r["reporter"]).lower()
    return (OUTTURN.index(r["value_type"]) if r["value_type"] in OUTTURN else 9,
            0 if r["measure"] == "exports" else 1,
            ("high", "medium", "low").index(r["confidence"]),
            0 if "ministry of energy" in reporter or "minister of energy" in reporter else 1)


def reconcile_exports(statements: pd.DataFrame, years: range | None = None) -> pd.DataFrame:
    """One full-year value per year and destination (module docstring rules).

    ``statements``: :func:`analysis.datasets.gas_statements` (both tables). Columns: year,
    destination, value (bcm), table (catalog id of the winning row), source_title,
    source_url, locator, reporter, rule (which rule decided), alternatives (the other values,
    their measure and table)."""
    rows = []
    full = statements[statements["full_year"] & statements["measure"].isin(
        ["exports", "tap_flow", "eu_deliveries"]) & (statements["unit"] == "bcm")]
    for (year, dest), grp in full.groupby(["first_year", "destination"]):
        if dest not in DESTINATIONS or (years is not None and year not in years):
            continue
        grp = grp[grp["measure"].isin(_ALTERNATIVE_MEASURES.get(dest, ("exports",)))]
        cand = grp[grp["value_type"].isin(OUTTURN)]
        if cand.empty or not (cand["measure"] == "exports").any():
            continue
        ranks = cand.apply(_rank, axis=1)
        best = min(ranks)
        top = cand[ranks == best]
        others = cand[ranks != best]
        win = top.iloc[0]
        if top["value"].nunique() > 1:
            value = float(top["value"].median())
            rule = "tie: median of equally ranked statements"
        else:
            value = float(win["value"])
            rule = _decider(win, grp.drop(top.index), len(top))
        losers = pd.concat([others, grp[~grp.index.isin(cand.index)],
                            top.iloc[1:][top["value"].iloc[1:] != value]])
        rows.append({
            "year": int(year), "destination": dest, "value": value, "table": win["table"],
            "source_title": win["source_title"], "source_url": win["source_url"],
            "locator": win["locator"], "reporter": win["reporter"], "rule": rule,
            "agreeing": int((top["value"] == value).sum()),
            "alternatives": "; ".join(
                f"{v:g} ({m}, {t}, {vt})" for v, m, t, vt in
                zip(losers["value"], losers["measure"], losers["table"], losers["value_type"],
                    strict=True)),
        })
    return pd.DataFrame(rows, columns=["year", "destination", "value", "table", "source_title",
                                       "source_url", "locator", "reporter", "rule", "agreeing",
                                       "alternatives"])


def _decider(win: pd.Series, others: pd.DataFrame, agreeing: int) -> str:
    """Which rule separated the winner from the strongest runner-up (``others``: every
    statement of the year and destination that did not win, forecasts included)."""
    if others.empty:
        return "statements agree" if agreeing > 1 else "only statement"
    r_win = _rank(win)
    r_next = min(others.apply(_rank, axis=1))
    names = ("outturn over forecast or plan", "exports over another measure",
             "higher confidence", "Ministry of Energy over other officials")
    for i, (a, b) in enumerate(zip(r_win, r_next, strict=True)):
        if a != b:
            return names[i]
    return "statements agree"


def partial_years(statements: pd.DataFrame, destination: str = "Europe") -> pd.DataFrame:
    """Year-to-date export statements (outturns) for a destination, latest period per year:
    year, period, value, table, source_title."""
    s = statements[~statements["full_year"] & (statements["measure"] == "exports")
                   & (statements["destination"] == destination)
                   & statements["value_type"].str.startswith("actual")
                   & (statements["first_year"] == statements["last_year"])]
    months = s["period"].str.extract(r"-(\w{3})$")[0]
    order = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                                         "Aug", "Sep", "Oct", "Nov", "Dec"))}
    s = s.assign(_m=months.map(order)).dropna(subset=["_m"])
    s = s.sort_values(["first_year", "_m", "value"]).groupby("first_year").tail(1)
    return s.drop(columns="year").rename(columns={"first_year": "year"})[
        ["year", "period", "value", "table", "source_title"]].reset_index(drop=True)


def production(releases: list[str], loader) -> pd.DataFrame:
    """Azerbaijan's gas production, bcm, from every Statistical Review release given:
    year, value, release (``loader(release)`` returns that release's production table)."""
    parts = []
    for rel in releases:
        df = loader(rel)
        df = df[(df["iso3"] == "AZE") & (df["series"] == "gas_production_bcm")]
        parts.append(df[["year", "value", "release", "not_reported"]])
    out = pd.concat(parts, ignore_index=True)
    return out[~out["not_reported"]].drop(columns="not_reported").sort_values(
        ["release", "year"], ignore_index=True)


def target_share(exports: pd.DataFrame, target: float) -> pd.DataFrame:
    """Exports to Europe by year as a share of the EU memorandum's target."""
    eu = exports[exports["destination"] == "Europe"][["year", "value"]].copy()
    eu["share_of_target"] = eu["value"] / target
    return eu.reset_index(drop=True)
