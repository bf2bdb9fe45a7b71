"""Computations of the Western policy notebook: democracy trajectories on five measures, where
they disagree, the Nations in Transit figures of the brief, Western milestones, US assistance
per person, Azerbaijan's share of EU pipeline gas, and the trends that test the brief's
"gradually moved toward a harsh form of authoritarianism".

Pure functions on the tidy tables of :mod:`analysis.datasets`; general statistics (trends,
unit roots, the segmented regression) live in :mod:`analysis.stats`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import datasets, sources, stats
from ..claims import BRIEF_DATE

# --------------------------------------------------------------------------- democracy

# measure -> (label, native scale, catalog id). "score" in the panel puts every measure on
# 0-100 with 100 = most democratic (V-Dem x 100; FIW ratings (7 - r) / 6 x 100), so changes
# compare across measures; "value" keeps the native scale.
MEASURES = {
    "vdem-electoral": ("V-Dem electoral democracy", "0-1, 1 = most democratic"),
    "vdem-liberal": ("V-Dem liberal democracy", "0-1, 1 = most democratic"),
    "fiw-total": ("FIW total score", "0-100, 100 = most free"),
    "fiw-rating": ("FIW mean of PR and CL ratings", "1-7, 1 = most free"),
    "nit-percentage": ("NIT Democracy Percentage", "0-100, 100 = most democratic"),
}
PANEL_COLUMNS = ["iso3", "year", "measure", "value", "low", "high", "score", "score_low",
                 "score_high", "release", "published", "source_id"]
# Editions of FIW (February-March) and NIT (April-May) of a year are out by its end: "as of
# the brief" keeps editions up to the brief's year, i.e. years up to the one before.
AS_OF = BRIEF_DATE


def _vdem(index: str, countries) -> pd.DataFrame:
    df = datasets.vdem(index, countries)
    return pd.DataFrame({
        "iso3": df["iso3"], "year": df["year"], "measure": f"vdem-{index}",
        "value": df["value"], "low": df["low"], "high": df["high"],
        "score": df["value"] * 100, "score_low": df["low"] * 100,
        "score_high": df["high"] * 100, "release": "v" + df["release"], "published": True,
        "source_id": datasets.vdem_source_id(index)})


def democracy_panel(countries: Iterable[str], start: int, end: int,
                    as_of_brief: bool = False) -> pd.DataFrame:
    """Every democracy measure of the countries, one row per country, year and measure.

    Years are the years a value describes (FIW and NIT editions cover the previous year).
    Columns: :data:`PANEL_COLUMNS`; ``release`` names the V-Dem release or the FIW/NIT
    edition of each value; ``published`` is False for NIT values converted from the other
    scale. ``as_of_brief`` keeps what was published by the brief's date (:data:`AS_OF`):
    V-Dem releases published by then (v13; the electoral index held, v16, came later), FIW
    and NIT editions up to the brief's year.
    """
    countries = list(countries)
    parts = []
    for index in datasets.VDEM_INDICES:
        src = sources.get(datasets.vdem_source_id(index))
        if not as_of_brief or sources.published_interval(src)[0] <= AS_OF:
            parts.append(_vdem(index, countries))
    fiw = datasets.fiw_scores(countries, last_edition=AS_OF.year if as_of_brief else None)
    parts.append(pd.DataFrame({
        "iso3": fiw["iso3"], "year": fiw["year"], "measure": "fiw-total",
        "value": fiw["total"].astype(float), "low": np.nan, "high": np.nan,
        "score": fiw["total"].astype(float), "score_low": np.nan, "score_high": np.nan,
        "release": "FIW " + fiw["edition"].astype(str), "published": True,
        "source_id": datasets.FIW_SCORES_ID}))
    rat = datasets.fiw_ratings(countries)
    if as_of_brief:
        rat = rat[rat["year"] <= AS_OF.year - 1]  # that edition covers the year before
    mean = (rat["pr_rating"] + rat["cl_rating"]) / 2
    parts.append(pd.DataFrame({
        "iso3": rat["iso3"], "year": rat["year"], "measure": "fiw-rating", "value": mean,
        "low": np.nan, "high": np.nan, "score": (7 - mean) / 6 * 100, "score_low": np.nan,
        "score_high": np.nan, "release": "FIW " + rat["edition"], "published": True,
        "source_id": datasets.FIW_RATINGS_ID}))
    nit = datasets.nit_scores("percentage", [c for c in countries
                                             if c in set(datasets.nit_published()["iso3"])])
    if as_of_brief:
        nit = nit[nit["edition"] <= AS_OF.year]
    parts.append(pd.DataFrame({
        "iso3": nit["iso3"], "year": nit["year"], "measure": "nit-percentage",
        "value": nit["value"], "low": nit["value"] - nit["rounding"],
        "high": nit["value"] + nit["rounding"], "score": nit["value"],
        "score_low": np.nan, "score_high": np.nan, "release": "NIT " + nit["edition"].astype(str),
        "published": ~nit["derived"], "source_id": "curated-nations-in-transit"}))
    df = pd.concat(parts, ignore_index=True)[PANEL_COLUMNS]
    df = df[df["year"].between(start, end)]
    return df.sort_values(["iso3", "measure", "year"], ignore_index=True)


def index_changes(panel: pd.DataFrame, edges: Sequence[int], threshold: float = 3.0,
                  min_cover: float = 0.5) -> pd.DataFrame:
    """Each measure's change on the common 0-100 score between consecutive ``edges`` (e.g.
    1991, 2008, 2018, 2020, 2025), per country.

    A window uses the first year with a value from its start and the last up to its end, and
    only if they span at least ``min_cover`` of the window. ``direction`` is "up" or "down"
    beyond ``threshold`` score points, else "flat". Columns: iso3, window, measure,
    year_from, year_to, change, direction.
    """
    rows = []
    edges = sorted(edges)
    for (iso3, measure), g in panel.groupby(["iso3", "measure"]):
        s = g.set_index("year")["score"].dropna().sort_index()
        for a, b in zip(edges, edges[1:], strict=False):
            inside = s[(s.index >= a) & (s.index <= b)]
            if len(inside) < 2:
                continue
            y0, y1 = int(inside.index[0]), int(inside.index[-1])
            if y1 - y0 < min_cover * (b - a):
                continue
            change = float(inside.iloc[-1] - inside.iloc[0])
            direction = "up" if change > threshold else ("down" if change < -threshold
                                                         else "flat")
            rows.append({"iso3": iso3, "window": f"{a}-{b}", "measure": measure,
                         "year_from": y0, "year_to": y1, "change": change,
                         "direction": direction})
    return pd.DataFrame(rows, columns=["iso3", "window", "measure", "year_from", "year_to",
                                       "change", "direction"])


def disagreements(changes: pd.DataFrame) -> pd.DataFrame:
    """Country-windows where the measures do not move the same way (some up, some down or
    flat). Columns: iso3, window, up, flat, down (comma-separated measure labels)."""
    rows = []
    for (iso3, window), g in changes.groupby(["iso3", "window"], sort=False):
        dirs = {d: sorted(g.loc[g["direction"] == d, "measure"]) for d in ("up", "flat", "down")}
        if sum(bool(v) for v in dirs.values()) > 1:
            rows.append({"iso3": iso3, "window": window,
                         **{d: ", ".join(MEASURES[m][0] for m in v) for d, v in dirs.items()}})
    return pd.DataFrame(rows, columns=["iso3", "window", "up", "flat", "down"])


def leader(panel: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Per measure, which of two countries scores higher in the latest year both have, and
    the first year from which ``a`` stays above ``b`` (NaN if it never does). Columns:
    measure, year, score_a, score_b, higher, a_above_from."""
    rows = []
    for measure, g in panel.groupby("measure"):
        w = g.pivot_table(index="year", columns="iso3", values="score")
        if a not in w or b not in w:
            continue
        w = w[[a, b]].dropna()
        if w.empty:
            continue
        above = w[a] > w[b]
        since = np.nan
        if above.iloc[-1]:
            below = above[~above]
            since = int(w.index[w.index > below.index[-1]][0]) if len(below) else \
                int(w.index[0])
        last = w.index[-1]
        rows.append({"measure": measure, "year": int(last), "score_a": float(w.at[last, a]),
                     "score_b": float(w.at[last, b]),
                     "higher": a if w.at[last, a] > w.at[last, b] else b,
                     "a_above_from": since})
    return pd.DataFrame(rows, columns=["measure", "year", "score_a", "score_b", "higher",
                                       "a_above_from"])


# --------------------------------------------------------------------------- NIT claim

# The brief: "Azerbaijan scored a mere 1 out of 100 on democracy, compared with Armenia's 35
# and Georgia's 34" ("according to Freedom House's 2023 Nations in Transit report").
BRIEF_NIT = {"AZE": 1, "ARM": 35, "GEO": 34}


def nit_against_brief(pct: pd.DataFrame, brief: dict[str, float] = BRIEF_NIT) -> pd.DataFrame:
    """Each NIT edition's Democracy Percentage of the brief's countries against the brief.

    ``pct``: :func:`analysis.datasets.nit_scores` on the percentage scale. A value matches
    when it is within half a point of the brief's whole number (after the rounding a
    converted value carries: ``rounding``). Columns: edition, year, iso3, value, derived,
    rounding, brief, difference, match.
    """
    df = pct[pct["iso3"].isin(list(brief))].copy()
    df["brief"] = df["iso3"].map(brief).astype(float)
    df["difference"] = df["value"] - df["brief"]
    df["match"] = df["difference"].abs() <= 0.5 + df["rounding"]
    return df[["edition", "year", "iso3", "value", "derived", "rounding", "brief",
               "difference", "match"]].sort_values(["edition", "iso3"], ignore_index=True)


def nit_editions_summary(against: pd.DataFrame, brief: dict[str, float] = BRIEF_NIT
                         ) -> pd.DataFrame:
    """Per edition: which of the brief's countries it has, how many match, and whether the
    edition matches the brief ("all", "all it has" when some country is missing, "no")."""
    rows = []
    for edition, g in against.groupby("edition"):
        have = set(g["iso3"])
        matched = set(g.loc[g["match"], "iso3"])
        verdict = ("all" if matched == set(brief) else
                   "all it has" if matched == have else "no")
        rows.append({"edition": int(edition), "countries": ", ".join(sorted(have)),
                     "missing": ", ".join(sorted(set(brief) - have)),
                     "matching": ", ".join(sorted(matched)), "matches": verdict})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- milestones

# Which curated rows test which claim, by part (event ids of datasets.western_milestones()).
MILESTONE_PARTS = {
    "nato-georgia-2008": {"bucharest-declaration": "nato_bucharest_georgia"},
    "eu-armenia-cepa-2021": {"entry-into-force": "eu_armenia_cepa_in_force",
                             "signature": "eu_armenia_cepa_signed",
                             "provisional-application": "cepa_provisional_application_2018"},
    "eu-georgia-aa-2016": {"signature": "eu_georgia_aa_signed",
                           "entry-into-force": "eu_georgia_aa_in_force"},
    "ep-resolution-2023-10-05": {"adoption": "ep_resolution_nk_2023"},
    "minsk-group-1992": {"csce-decision": "osce_minsk_conference_decision",
                         "co-chairmanship": "osce_minsk_cochairmanship",
                         "us-fr-ru-co-chairs": "osce_minsk_us_fr_ru_cochairs"},
}
# The brief: IPAPs "signed in 2004 and 2005 respectively" (Azerbaijan, then Armenia).
BRIEF_IPAP = {"AZE": 2004, "ARM": 2005}
IPAP_ROWS = {("AZE", "NATO"): "nato_ipap_azerbaijan_agreed",
             ("AZE", "Azerbaijani MFA"): "nato_ipap_azerbaijan_joined",
             ("ARM", "NATO"): "nato_ipap_armenia"}
CANDIDATE_ROW = "ec_recommends_georgia_candidate"  # the Commission's 8 Nov 2023 package
UKR_MDA_ROWS = ("eu_candidate_status_ukr_mda_2022", "ec_enlargement_package_ukr_mda_2023")


# How a milestone's institution is read: from its actor (the milestones table names one), else
# from the additions' category and, for security ties, keywords of the event text (first
# match wins). ICC steps (Rome Statute) are named but are not a Western institution.
ACTOR_RULES = (("Turkey", "Turkey"), ("NATO", "NATO"), ("OSCE", "OSCE"), ("CSCE", "OSCE"),
               ("European Parliament", "European Parliament"), ("EU", "EU"),
               ("European", "EU"))
SECURITY_RULES = (("Rome Statute", "ICC"), ("Thales", "France"), ("Armenia-US", "United States"),
                  ("Eagle Partner", "United States"), ("Noble Partner", "United States"),
                  ("NATO", "NATO"))
CATEGORY_RULES = {"eu_integration": "EU", "western_policy": "European Parliament"}
INSTITUTIONS = ("NATO", "OSCE", "EU", "European Parliament", "United States", "France")


def institution(actor: str | None, event: str, category: str) -> str:
    """The institution behind a milestone (see :data:`ACTOR_RULES`, :data:`CATEGORY_RULES`,
    :data:`SECURITY_RULES`); an error for a row no rule reads, so a new row is classified on
    purpose."""
    rules = ACTOR_RULES if actor else SECURITY_RULES
    text = actor if actor else event
    if not actor and category in CATEGORY_RULES:
        return CATEGORY_RULES[category]
    for key, name in rules:
        if key in text:
            return name
    raise ValueError(f"no institution rule reads the milestone {event[:60]!r} (actor "
                     f"{actor!r}, category {category!r})")


def milestone_timeline(countries: Iterable[str]) -> pd.DataFrame:
    """Western milestones of the countries, one row per country and event (an event naming
    several countries appears once for each), with ``institution`` (one of
    :data:`INSTITUTIONS`) and ``number`` (the label in the figure, in date order). Turkish
    ties and ICC steps are left out (not Western institutions), and so are rows the
    compiler marked low confidence (discordant copies of another row's date)."""
    countries = list(countries)
    df = datasets.western_milestones(countries)
    df = df.assign(institution=[institution(a, e, c) for a, e, c in
                                zip(df["actor"], df["event"], df["category"], strict=True)])
    df = df[df["institution"].isin(INSTITUTIONS) & (df["confidence"] != "low")]
    df = df.assign(iso3=df["countries"].str.split(";")).explode("iso3")
    df = df[df["iso3"].isin(countries)].sort_values(["date", "event_id"], ignore_index=True)
    numbers = {e: i + 1 for i, e in enumerate(dict.fromkeys(df["event_id"]))}
    df["number"] = df["event_id"].map(numbers)
    return df


def event(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One milestone row by id (an error naming the id if the curated tables lack it)."""
    hit = events[events["event_id"] == event_id]
    if hit.empty:
        raise KeyError(f"no curated milestone {event_id!r}")
    return hit.iloc[0]


def date_value(row: pd.Series) -> str:
    """A milestone's date as an ISO string of its own precision (2004, 2017-03, 2014-06-27)."""
    return row["date_text"]


# --------------------------------------------------------------------------- US aid


def _fiscal_year_complete(fy: int, release: str) -> bool:
    """A US fiscal year (October to September) is complete in a file released after it ended."""
    return dt.date(fy, 9, 30) < dt.date.fromisoformat(release)


def aid_per_capita(countries: Iterable[str]) -> pd.DataFrame:
    """US assistance obligations per person in constant US$ of the Greenbook's price year, by
    country and fiscal year: the Greenbook (economic and military) to its last fiscal year,
    then ForeignAssistance.gov totals (no split), re-priced from its own price year to the
    Greenbook's with its own ratio of current to constant dollars in that year
    (:func:`analysis.stats.rebase`). Fiscal years not over when ForeignAssistance.gov's file
    was released are left out. Population: World Bank, calendar year = fiscal year's number.

    Columns: iso3, fiscal_year, source, economic, military, total (US$), price_base_year,
    population, per_capita, military_share (military / total; NaN where the total is not
    positive or there is no split).
    """
    countries = list(countries)
    gb = datasets.us_aid_by_category(countries)
    base = int(gb["price_base_year"].iloc[0])
    wide = gb.pivot_table(index=["iso3", "fiscal_year"], columns="category",
                          values="constant_usd", aggfunc="sum").fillna(0.0).reset_index()
    wide.columns.name = None
    for cat in ("economic", "military"):
        if cat not in wide:
            wide[cat] = 0.0
    wide["total"] = wide["economic"] + wide["military"]
    wide["source"] = "greenbook"
    last_gb = int(gb["fiscal_year"].max())
    fa = datasets.us_aid_totals(countries)
    release = sources.get(datasets.US_AID_IDS["totals"]).release
    parts = [wide]
    for c in countries:
        rows = fa[fa["iso3"] == c].set_index("fiscal_year")
        if rows.empty:
            continue
        rebased = stats.rebase(rows["constant_usd"], rows["current_usd"], base)
        keep = [fy for fy in rebased.index if fy > last_gb and _fiscal_year_complete(fy, release)]
        parts.append(pd.DataFrame({"iso3": c, "fiscal_year": keep, "economic": np.nan,
                                   "military": np.nan, "total": rebased[keep].to_numpy(),
                                   "source": "foreignassistance"}))
    df = pd.concat(parts, ignore_index=True)
    df["price_base_year"] = base
    pop = datasets.population(countries)[["iso3", "year", "value"]].rename(
        columns={"year": "fiscal_year", "value": "population"})
    df = df.merge(pop, on=["iso3", "fiscal_year"], how="left")
    df["per_capita"] = df["total"] / df["population"]
    df["military_share"] = (df["military"] / df["total"]).where(df["total"] > 0)
    return df[["iso3", "fiscal_year", "source", "economic", "military", "total",
               "price_base_year", "population", "per_capita", "military_share"]
              ].sort_values(["iso3", "fiscal_year"], ignore_index=True)


def aid_overlap(countries: Iterable[str]) -> pd.DataFrame:
    """How the two US sources compare where both report: ForeignAssistance.gov's totals
    (re-priced to the Greenbook's price year) over the Greenbook's, per country, across the
    fiscal years both have. Columns: iso3, years, first, last, median_ratio, min_ratio,
    max_ratio."""
    countries = list(countries)
    gb = datasets.us_aid_by_category(countries)
    base = int(gb["price_base_year"].iloc[0])
    gb_total = gb.groupby(["iso3", "fiscal_year"])["constant_usd"].sum()
    fa = datasets.us_aid_totals(countries)
    rows = []
    for c in countries:
        f = fa[fa["iso3"] == c].set_index("fiscal_year")
        if f.empty or c not in gb_total.index.get_level_values(0):
            continue
        rebased = stats.rebase(f["constant_usd"], f["current_usd"], base)
        g = gb_total.loc[c]
        both = sorted(set(g.index) & set(rebased.index))
        ratio = (rebased[both] / g[both]).where(g[both] > 0).dropna()
        rows.append({"iso3": c, "years": len(ratio), "first": int(min(both)),
                     "last": int(max(both)), "median_ratio": float(ratio.median()),
                     "min_ratio": float(ratio.min()), "max_ratio": float(ratio.max())})
    return pd.DataFrame(rows)


def military_share_windows(aid: pd.DataFrame, width: int = 5, origin: int = 1991
                           ) -> pd.DataFrame:
    """Military obligations as a share of all obligations over ``width``-year windows of
    fiscal years (Greenbook years only: the later source has no split). Columns: iso3,
    window, economic, military, total, military_share, years."""
    gb = aid[aid["source"] == "greenbook"].copy()
    gb["window"] = gb["fiscal_year"].map(lambda y: stats.window_label(int(y), width, origin))
    out = gb.groupby(["iso3", "window"]).agg(economic=("economic", "sum"),
                                              military=("military", "sum"),
                                              years=("fiscal_year", "nunique")).reset_index()
    out["total"] = out["economic"] + out["military"]
    out["military_share"] = (out["military"] / out["total"]).where(out["total"] > 0)
    return out


# --------------------------------------------------------------------------- EU gas

GAS_EXPORTERS = ("AZE", "RUS", "NOR", "DZA")  # named in the figure; the rest pooled


def eu_pipeline_shares(releases: Iterable[str] | None = None) -> pd.DataFrame:
    """EU pipeline gas imports by exporter in the year each Statistical Review release's
    trade matrix covers, with each exporter's share of the EU's total as printed.

    The total includes flows from EU members (the Netherlands) and the Review's group "Other
    Europe". Exporters outside :data:`GAS_EXPORTERS` are pooled as "Other". Columns: release,
    year, exporter, exporter_iso3, bcm, total_bcm, share, residual_bcm (total minus the sum
    of all exporters, a check on the matrix).
    """
    from ..clean import statreview

    rows = []
    for rel in releases or datasets.releases("ei-statreview"):
        t = datasets.pipeline_gas_trade(rel, importer="European Union")
        total = float(t.loc[t["exporter"] == statreview.TOTAL, "value"].iloc[0])
        parts = t[t["exporter"] != statreview.TOTAL]
        year = int(t["year"].iloc[0])
        named = parts[parts["exporter_iso3"].isin(GAS_EXPORTERS)]
        other = float(parts.loc[~parts.index.isin(named.index), "value"].sum())
        for r in named.itertuples():
            rows.append({"release": str(rel), "year": year, "exporter": r.exporter,
                         "exporter_iso3": r.exporter_iso3, "bcm": float(r.value)})
        rows.append({"release": str(rel), "year": year, "exporter": "Other",
                     "exporter_iso3": None, "bcm": other})
        residual = total - float(parts["value"].sum())
        for r in rows[-len(named) - 1:]:
            r.update(total_bcm=total, share=r["bcm"] / total, residual_bcm=residual)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- trends


def trends(panel: pd.DataFrame, countries: Iterable[str], measures: Iterable[str],
           hac_lags: int = 2, start: int | None = None) -> pd.DataFrame:
    """The linear trend (HAC) and the mean yearly change (HAC) of each country's 0-100 score
    on each measure, per decade, with 95% intervals, and the unit-root reading where the
    series has at least 12 consecutive years.

    Columns: iso3, measure, first, last, years, trend, trend_low, trend_high, change,
    change_low, change_high, unit_root.
    """
    rows = []
    for c in countries:
        for m in measures:
            s = panel[(panel["iso3"] == c) & (panel["measure"] == m)].set_index("year")["score"]
            if start is not None:
                s = s[s.index >= start]
            s = s.dropna()
            if len(s) < 8:
                continue
            tr = stats.linear_trend(s, hac_lags)
            row = {"iso3": c, "measure": m, "first": tr.start, "last": tr.end, "years": tr.nobs,
                   "trend": tr.slope * 10, "trend_low": tr.ci[0] * 10,
                   "trend_high": tr.ci[1] * 10, "change": np.nan, "change_low": np.nan,
                   "change_high": np.nan, "unit_root": ""}
            try:
                mc = stats.mean_change(s, hac_lags)
                row.update(change=mc.slope * 10, change_low=mc.ci[0] * 10,
                           change_high=mc.ci[1] * 10)
            except ValueError:
                pass  # too few consecutive years for a mean change
            try:
                row["unit_root"] = stats.unit_root(s).reading()
            except ValueError as exc:
                row["unit_root"] = f"not tested ({exc})"
            rows.append(row)
    return pd.DataFrame(rows)


def gap_trends(panel: pd.DataFrame, measure: str, pairs: Iterable[tuple[str, str]],
               hac_lags: int = 2) -> pd.DataFrame:
    """Divergence: the trend (HAC, per decade) of the gap between two countries' scores on
    one measure, with its unit-root reading. Columns: a, b, first, last, years, gap_first,
    gap_last, trend, trend_low, trend_high, unit_root."""
    w = panel[panel["measure"] == measure].pivot_table(index="year", columns="iso3",
                                                       values="score")
    rows = []
    for a, b in pairs:
        if a not in w or b not in w:
            continue
        gap = (w[a] - w[b]).dropna()
        tr = stats.linear_trend(gap, hac_lags)
        try:
            reading = stats.unit_root(gap).reading()
        except ValueError as exc:
            reading = f"not tested ({exc})"
        rows.append({"a": a, "b": b, "first": tr.start, "last": tr.end, "years": tr.nobs,
                     "gap_first": float(gap.iloc[0]), "gap_last": float(gap.iloc[-1]),
                     "trend": tr.slope * 10, "trend_low": tr.ci[0] * 10,
                     "trend_high": tr.ci[1] * 10, "unit_root": reading})
    return pd.DataFrame(rows)
