"""Computations of the Russian-influence notebook: Russia's image in survey microdata and in
published polls, Armenia's trade, transfer and gas dependence on Russia, and the dated steps of
Russia's military presence. Pure functions on the tables of :mod:`analysis.datasets`; the
survey and time-series statistics live in :mod:`analysis.stats`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import datasets, stats

# --------------------------------------------------------------------------- reference dates

# The brief's date: polls and events known "then" are those published by it.
BRIEF_DATE = pd.Timestamp("2023-12-31")
# A poll with no stated publication date counts as known by a date when its fieldwork ended at
# least a month before (pollsters publish weeks after fieldwork; IRI's December 2023 wave was
# not public by 31 December).
PUBLICATION_LAG = pd.DateOffset(months=1)

# Events marked on the time axes, at the precision the brief gives them ("after 2014", "as
# early as 2008", "in February 2022"); the two Karabakh wars come from the curated war dates.
MARKED_YEARS = {2008: "2008 Russia-Georgia war", 2014: "2014 Crimea"}
MARKED_MONTHS = {"2022-02": "Feb 2022 invasion of Ukraine"}


def marked_events() -> pd.DataFrame:
    """Events marked on time axes: label, start, end (a whole year or month for the brief's
    own dating; the day a war began for 2020 and 2023, from the curated war dates)."""
    rows = [{"label": label, "start": pd.Timestamp(f"{y}-01-01"),
             "end": pd.Timestamp(f"{y}-12-31"), "precision": "year"}
            for y, label in MARKED_YEARS.items()]
    rows += [{"label": label, "start": pd.Timestamp(f"{m}-01"),
              "end": pd.Timestamp(f"{m}-01") + pd.offsets.MonthEnd(0), "precision": "month"}
             for m, label in MARKED_MONTHS.items()]
    for w in datasets.wars().itertuples():
        if w.year in (2020, 2023):
            rows.append({"label": f"{w.year} Karabakh war", "start": w.start, "end": w.start,
                         "precision": "day"})
    return pd.DataFrame(rows).sort_values("start", ignore_index=True)


# --------------------------------------------------------------------------- published polls

_SURVEY_DATE = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m1>\d{2})(?:/(?P<m2>\d{2})|-(?P<d>\d{2}))?)?"
    r"(?:\s*\((?:(?:published|reported|released)\s+(?P<pub>\d{4}-\d{2}(?:-\d{2})?)"
    r"|(?P<cited>as cited))\))?$")


@dataclass(frozen=True)
class PollDate:
    """When a published poll was fielded (``start``-``end``) and published (NaT if unstated)."""

    start: pd.Timestamp
    end: pd.Timestamp
    published: pd.Timestamp
    precision: str

    @property
    def middle(self) -> pd.Timestamp:
        return self.start + (self.end - self.start) / 2

    def known_by(self, when: pd.Timestamp) -> bool:
        """Public by ``when``: its stated publication date, else fieldwork ended a month
        before."""
        if pd.notna(self.published):
            return bool(self.published <= when)
        return bool(self.end + PUBLICATION_LAG <= when)


def parse_survey_date(text: str) -> PollDate | None:
    """The curated tables' ``survey_date`` ("2013", "2020-02/03", "2020-11-17", "2022
    (reported 2022-06)", "2015 (as cited)") as a :class:`PollDate`; None for "not stated".
    Anything else is an error naming the text."""
    text = str(text).strip()
    if text == "not stated":
        return None
    m = _SURVEY_DATE.match(text)
    if not m:
        raise ValueError(f"survey_date {text!r} is not in a form analysis.themes.russia reads "
                         "('YYYY', 'YYYY-MM', 'YYYY-MM/MM', 'YYYY-MM-DD', optionally followed "
                         "by '(published YYYY-MM[-DD])' or '(as cited)')")
    y = int(m["y"])
    if m["d"]:
        start = end = pd.Timestamp(f"{y}-{m['m1']}-{m['d']}")
        precision = "day"
    elif m["m1"]:
        start = pd.Timestamp(f"{y}-{m['m1']}-01")
        end = pd.Timestamp(f"{y}-{m['m2'] or m['m1']}-01") + pd.offsets.MonthEnd(0)
        precision = "month"
    else:
        start, end, precision = pd.Timestamp(f"{y}-01-01"), pd.Timestamp(f"{y}-12-31"), "year"
    published = pd.NaT
    if m["pub"]:
        pub = m["pub"]
        published = (pd.Timestamp(pub) if len(pub) == 10
                     else pd.Timestamp(f"{pub}-01") + pd.offsets.MonthEnd(0))
        end = min(end, published)  # fieldwork cannot end after publication
    return PollDate(start, end, published, precision)


# The published series shown beside the microdata: (country, pollster prefix, indicator,
# response) -> (panel, series label). Items differ across pollsters; each keeps its label.
PUBLISHED_SERIES = {
    ("ARM", "CRRC", "main friend of the country", "Russia"):
        ("friend", "CRRC main friend"),
    ("ARM", "International Republican Institute", "Most important political partner (multiple)",
     "Russia"): ("friend", "IRI most important political partner (several answers)"),
    ("ARM", "MPG", "Most friendly country to Armenia (multiple)", "Russia"):
        ("friend", "MPG most friendly country (several answers)"),
    ("ARM", "International Republican Institute", "Greatest political threat (multiple)",
     "Russia"): ("enemy", "IRI greatest political threat (several answers)"),
    ("ARM", "International Republican Institute", "Greatest political threat (two countries)",
     "Russia"): ("enemy", "IRI greatest political threat (several answers)"),
    ("GEO", "National Democratic Institute", "Biggest threat to Georgia", "Russia"):
        ("enemy", "NDI biggest threat to Georgia / Russia a real threat"),
    ("GEO", "National Democratic Institute", "Russia is a threat", "Real and existing threat"):
        ("enemy", "NDI biggest threat to Georgia / Russia a real threat"),
}


def _stated_n(polls: pd.DataFrame) -> pd.Series:
    """Each row's sample size: as stated, else the size stated for the same pollster and
    survey date in the other table, else for the same pollster and year when only one wave of
    that pollster in that year states one."""
    n = polls["sample_size"].copy()
    stated = polls[polls["sample_size"].notna()]
    exact = stated.groupby(["pollster", "survey_date"])["sample_size"].first()
    year = polls["survey_date"].str[:4]
    by_year = stated.assign(year=stated["survey_date"].str[:4]).groupby(
        ["pollster", "year"])["sample_size"].agg(lambda s: s.iloc[0] if s.nunique() == 1
                                                 else np.nan)
    for i in polls.index[n.isna()]:
        key = (polls.at[i, "pollster"], polls.at[i, "survey_date"])
        if key in exact.index:
            n[i] = exact[key]
        elif (key[0], year[i]) in by_year.index:
            n[i] = by_year[(key[0], year[i])]
    return n


def microdata_deff(estimates: pd.DataFrame) -> pd.Series:
    """Per country, the median design effect of the Caucasus Barometer's "Russia" answers to
    the main friend and main enemy items: the design effect assumed for published figures."""
    sel = estimates[(estimates["answer"] == "Russia")
                    & estimates["item"].isin(["main_friend", "main_enemy"])
                    & estimates["design"].str.startswith("design-based")]
    return sel.groupby("iso3")["deff"].median()


# Pollsters whose own microdata the compendium reads (pollster prefix -> survey programme).
MICRODATA_OF = {"CRRC": "Caucasus Barometer", "National Democratic Institute": "NDI/CRRC Georgia"}


def assumed_n(polls: pd.DataFrame, sizes: pd.DataFrame) -> pd.DataFrame:
    """The sample size assumed where a published figure states none, per country and
    pollster, the first of: the smallest size the pollster states in the country; the smallest
    sample of its own survey programme in the microdata (Caucasus Barometer for CRRC, the
    NDI/CRRC polls for NDI); the smallest size stated for any poll of the country; the
    smallest microdata sample of the country. ``sizes``:
    :func:`analysis.datasets.survey_sample_sizes`. Columns: country, pollster, n, basis."""
    n = _stated_n(polls)
    micro = sizes.groupby(["survey", "iso3"])["n"].min()
    rows = []
    for (country, pollster), g in polls.groupby(["country", "pollster"]):
        own = n[g.index].dropna()
        survey = next((v for k, v in MICRODATA_OF.items() if pollster.startswith(k)), None)
        stated = n[polls["country"] == country].dropna()
        mine = sizes.loc[sizes["iso3"] == country, "n"]
        if len(own):
            rows.append((country, pollster, float(own.min()),
                         "smallest sample this pollster states in the country"))
        elif (survey, country) in micro.index:
            rows.append((country, pollster, float(micro[(survey, country)]),
                         f"smallest {survey} sample of the country in the microdata"))
        elif len(stated):
            rows.append((country, pollster, float(stated.min()),
                         "smallest sample stated for any poll of the country"))
        elif len(mine):
            rows.append((country, pollster, float(mine.min()),
                         "smallest microdata sample of the country"))
        else:
            raise ValueError(f"no sample size to assume for {pollster} in {country}")
    return pd.DataFrame(rows, columns=["country", "pollster", "n", "basis"])


def published_russia(polls: pd.DataFrame, estimates: pd.DataFrame, sizes: pd.DataFrame,
                     alpha: float = 0.05) -> pd.DataFrame:
    """The published figures of :data:`PUBLISHED_SERIES` with dates and intervals.

    Each share gets a Wilson interval on its sample size (stated, or assumed per
    :func:`assumed_n` from ``sizes``, flagged ``n_assumed``) and the country's microdata
    design effect (:func:`microdata_deff` of ``estimates``). Columns: country, panel, series,
    pollster, survey, survey_date, date (middle of fieldwork), fieldwork_end, published,
    known_by_brief, share, n, n_assumed, n_basis, deff, se, lower, upper, confidence,
    source_title, source_url, locator, source_id.
    """
    n_stated = _stated_n(polls)
    assumed = assumed_n(polls, sizes).set_index(["country", "pollster"])
    deff = microdata_deff(estimates)
    rows = []
    for i, r in polls.iterrows():
        spec = next((v for (c, pre, ind, resp), v in PUBLISHED_SERIES.items()
                     if r["country"] == c and r["pollster"].startswith(pre)
                     and r["indicator"] == ind and r["response"] == resp), None)
        if spec is None:
            continue
        when = parse_survey_date(r["survey_date"])
        if when is None:
            continue  # no date: cannot be placed in time
        share = r["value"] / 100
        n, is_assumed, basis = n_stated[i], False, "stated by the source"
        if pd.isna(n):
            a = assumed.loc[(r["country"], r["pollster"])]
            n, is_assumed, basis = a["n"], True, a["basis"]
        d = float(deff.get(r["country"], deff.median()))
        lo, hi = stats.wilson_interval(share, n, d, alpha)
        rows.append({
            "country": r["country"], "panel": spec[0], "series": spec[1],
            "pollster": r["pollster"], "survey": r["survey"], "survey_date": r["survey_date"],
            "date": when.middle, "fieldwork_end": when.end, "published": when.published,
            "known_by_brief": when.known_by(BRIEF_DATE), "share": share, "n": float(n),
            "n_assumed": is_assumed, "n_basis": basis, "deff": d,
            "se": stats.published_share_se(share, n, d), "lower": lo, "upper": hi,
            "confidence": r["confidence"], "source_title": r["source_title"],
            "source_url": r["source_url"], "locator": r["locator"], "source_id": r["source_id"],
        })
    return pd.DataFrame(rows).sort_values(["country", "panel", "series", "date"],
                                          ignore_index=True)


# --------------------------------------------------------------------------- the image claim

IMAGE_CLAIM = "russia-image-armenia"
WAR_2020 = "2020 Karabakh war"


@dataclass(frozen=True)
class ImageComparison:
    """One part of the image claim: a share before the 2020 war and after, and the change in
    the direction of damage (fall in a friend share, rise in a threat share)."""

    measure: str
    before_label: str
    before: float
    before_se: float
    after_label: str
    after: float
    after_se: float
    damage_pp: float
    ci_pp: tuple[float, float]
    p_value: float
    note: str

    @property
    def direction(self) -> str:
        """The change in words: the damaging direction ("fall" of a friend share, "rise" of
        a threat share) when the change is damaging, else its opposite."""
        damaging = "rise" if self.measure == "threat" else "fall"
        return damaging if self.damage_pp >= 0 else {"rise": "fall", "fall": "rise"}[damaging]


def pct(share: float) -> str:
    """A share as a percentage, with a decimal below 10%."""
    return f"{share:.1%}" if share < 0.1 else f"{share:.0%}"


def short_pollster(name: str) -> str:
    """A pollster's acronym when its name gives one ("International Republican Institute
    (IRI)" -> "IRI"), else the name."""
    m = re.search(r"\(([A-Z]{2,6})\)", name)
    return m[1] if m else name


def _compare(measure, before, after, sign) -> ImageComparison:
    d = stats.share_difference(before["share"], before["se"], after["share"], after["se"])
    damage = sign * d.difference * 100
    ci = sorted((sign * d.lower * 100, sign * d.upper * 100))
    note = (f"{before['label']} {pct(before['share'])} -> {after['label']} "
            f"{pct(after['share'])}; "
            f"95% CI of the change {ci[0]:.1f} to {ci[1]:.1f} pp, p = {d.p_value:.2g}; "
            f"{before['basis']}; {after['basis']}")
    return ImageComparison(measure, before["label"], before["share"], before["se"],
                           after["label"], after["share"], after["se"], damage,
                           (ci[0], ci[1]), d.p_value, note)


def _published_point(row) -> dict:
    n = f"n = {row['n']:.0f}{' assumed' if row['n_assumed'] else ''}, deff {row['deff']:.2f}"
    return {"share": row["share"], "se": row["se"],
            "label": f"{short_pollster(row['pollster'])} {row['survey_date']}", "basis": n}


def image_comparisons(published: pd.DataFrame, estimates: pd.DataFrame,
                      as_of: pd.Timestamp | None = BRIEF_DATE) -> list[ImageComparison]:
    """The parts of :data:`IMAGE_CLAIM` for Armenia, with the polls known at ``as_of`` (None:
    every poll). Before is the last measurement before the 2020 war; after is the latest after
    it. Three measures: CRRC's main friend (published figures), IRI's most important political
    partner (published) and Russia as a threat (Caucasus Barometer main enemy, microdata,
    before; IRI's greatest political threat after: a different question, flagged)."""
    war = marked_events().set_index("label").at[WAR_2020, "start"]
    arm = published[published["country"] == "ARM"]
    if as_of is not None:
        arm = arm[arm.apply(lambda r: parse_survey_date(r["survey_date"]).known_by(as_of),
                            axis=1)]
    out = []
    # Damage is a fall in a friend share (sign -1 on later - earlier), a rise in a threat one.
    series = {"main friend (CRRC)": ("CRRC main friend", -1),
              "political partner (IRI)":
                  ("IRI most important political partner (several answers)", -1)}
    for measure, (label, sign) in series.items():
        s = arm[arm["series"] == label].sort_values("date")
        pre, post = s[s["fieldwork_end"] < war], s[s["date"] > war]
        if len(pre) and len(post):
            out.append(_compare(measure, _published_point(pre.iloc[-1]),
                                _published_point(post.iloc[-1]), sign))
    enemy = estimates[(estimates["iso3"] == "ARM") & (estimates["item"] == "main_enemy")
                      & (estimates["answer"] == "Russia") & (estimates["date"] < war)]
    threat = arm[arm["series"] == "IRI greatest political threat (several answers)"]
    if len(enemy) and len(threat):
        e = enemy.sort_values("date").iloc[-1]
        before = {"share": e["share"], "se": e["se"], "label": f"CB {e['year']} main enemy",
                  "basis": f"microdata n = {e['n_base']}, design-based SE (deff {e['deff']:.2f})"}
        out.append(_compare("threat", before,
                            _published_point(threat.sort_values("date").iloc[-1]), 1))
    return out


# --------------------------------------------------------------------------- trade

# EU27: the members since 1 February 2020, held fixed so shares compare over time.
EU27 = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
        "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
        "SVN", "ESP", "SWE")
PARTNERS = ("RUS", "EU27", "CHN", "IRN", "GEO", "TUR")
PARTNER_NAMES = {"RUS": "Russia", "EU27": "EU27", "CHN": "China", "IRN": "Iran",
                 "GEO": "Georgia", "TUR": "Türkiye", "ARE": "UAE", "HKG": "Hong Kong",
                 "CHE": "Switzerland"}
FLOW_NAMES = {"export": "exports", "import_origin": "imports (by origin)",
              "import_consignment": "imports (by consignment)"}


def partner_group(iso3: pd.Series) -> pd.Series:
    """ISO3 code, or "EU27" for the EU's 27 members."""
    return iso3.where(~iso3.isin(EU27), "EU27")


def trade_shares(trade: pd.DataFrame, partners=PARTNERS, frequency: str = "month",
                 flows=("export", "import_origin")) -> pd.DataFrame:
    """Each partner's share of Armenia's trade, by month or year and flow.

    ``trade``: :func:`analysis.datasets.armenia_trade`. Shares are of the total over every
    partner (non-states included). Columns: date (first of the month or year), flow, partner,
    value (thousand US$), total, share.
    """
    if frequency not in ("month", "year"):
        raise ValueError(f"frequency must be 'month' or 'year', got {frequency!r}")
    df = trade[trade["flow"].isin(flows)].copy()
    df["partner"] = partner_group(df["iso3"])
    if frequency == "year":
        df["date"] = pd.to_datetime(df["year"].astype(str) + "-01-01")
    totals = df.groupby(["date", "flow"])["value"].sum().rename("total")
    by = df[df["partner"].isin(partners)].groupby(["date", "flow", "partner"])["value"].sum()
    out = by.reset_index().merge(totals.reset_index(), on=["date", "flow"])
    # Partners with no trade in a period still get a row, with a share of zero.
    grid = pd.MultiIndex.from_product([totals.index.get_level_values(0).unique(), flows,
                                       partners], names=["date", "flow", "partner"])
    out = out.set_index(["date", "flow", "partner"]).reindex(grid).reset_index()
    out["value"] = out["value"].fillna(0.0)
    out["total"] = out.groupby(["date", "flow"])["total"].transform("max")
    out["share"] = out["value"] / out["total"]
    return out.sort_values(["flow", "partner", "date"], ignore_index=True)


def russia_export_its(trade: pd.DataFrame, start: str = "2015-01", break_at: str = "2022-03",
                      end: str | None = None,
                      hac_lags: int | None = None) -> stats.InterruptedSeries:
    """Interrupted time series of Russia's share of Armenia's monthly exports (percent), with
    a level and a trend change from ``break_at`` (the first month after the invasion of
    February 2022), month-of-year dummies and HAC errors (:func:`stats.segmented_regression`).
    The default start, January 2015, is Armenia's first month in the Eurasian Economic Union,
    so the pre-period has one customs regime."""
    shares = trade_shares(trade, ("RUS",), "month", ("export",))
    y = shares.set_index("date")["share"] * 100
    y = y[y.index >= pd.Timestamp(start)]
    if end is not None:
        y = y[y.index <= pd.Timestamp(end)]
    return stats.segmented_regression(y, break_at, hac_lags=hac_lags)


def reexport_signals(trade: pd.DataFrame, eu: pd.DataFrame, years=(2021, 2022, 2023, 2024)
                     ) -> pd.DataFrame:
    """What the data say about re-exports, by year: Armenia's exports to Russia, to the UAE and
    Hong Kong (hubs of the gold trade), its imports by origin from Russia and the EU, and the
    EU's own exports to Armenia (Eurostat, reporters' side; 2022 without December). Million
    US$ (Eurostat: million EUR). Columns: year, measure, value, unit, source."""
    rows = []
    t = trade[trade["year"].isin(years)]
    grp = partner_group(t["iso3"])
    for label, flow, sel in (("Armenia's exports to Russia", "export", grp == "RUS"),
                             ("Armenia's exports to the UAE and Hong Kong", "export",
                              t["iso3"].isin(["ARE", "HKG"])),
                             ("Armenia's imports from Russia (origin)", "import_origin",
                              grp == "RUS"),
                             ("Armenia's imports from the EU27 (origin)", "import_origin",
                              grp == "EU27")):
        v = t[sel & (t["flow"] == flow)].groupby("year")["value"].sum() / 1000
        rows += [{"year": int(y), "measure": label, "value": float(v.get(y, 0.0)),
                  "unit": "million US$", "source": "trade-partners-arm-trade-country"}
                 for y in years]
    e = eu[(eu["flow"] == "export") & (eu["partner_iso3"] == "ARM")]
    ev = e.groupby(e["date"].dt.year)["value_eur"].sum() / 1e6
    months = e[e["available"]].groupby(e["date"].dt.year)["date"].nunique()
    rows += [{"year": int(y), "measure": f"EU27 exports to Armenia ({int(months[y])} months)",
              "value": float(ev[y]), "unit": "million EUR",
              "source": "eurostat-eu-trade-russia-neighbours"} for y in ev.index if y in years]
    return pd.DataFrame(rows)


def dots_russia_shares(dots: pd.DataFrame) -> pd.DataFrame:
    """Russia's share of each reporter's exports and imports by year (IMF DOTS, to 2020), and
    whether the Russia figure is an IMF estimate. Columns: reporter_iso3, year, flow, share,
    russia, world, estimate."""
    world = dots[dots["partner"] == "World"].set_index(["reporter_iso3", "year", "flow"])
    rus = dots[dots["partner_iso3"] == "RUS"].set_index(["reporter_iso3", "year", "flow"])
    df = pd.DataFrame({"russia": rus["value"], "estimate": rus["estimate"]}).join(
        world["value"].rename("world"), how="inner")
    df = df[df["world"] > 0]
    df["share"] = df["russia"] / df["world"]
    return df.reset_index().sort_values(["reporter_iso3", "flow", "year"], ignore_index=True)


# --------------------------------------------------------------------------- transfers, gas

def transfers_from_russia(transfers: pd.DataFrame) -> pd.DataFrame:
    """Inflows of money transfers to Armenia from Russia and from the rest of the world, by
    date. ``transfers``: :func:`analysis.datasets.money_transfers` (one frequency, scope and
    measure). Columns: date, year, russia, rest_of_world, total, russia_share (thousand US$)."""
    total = transfers[transfers["country"] == "Total"].set_index("date")["value"]
    rus = transfers[transfers["iso3"] == "RUS"].set_index("date")["value"].reindex(total.index)
    out = pd.DataFrame({"russia": rus.fillna(0.0), "total": total})
    out["rest_of_world"] = out["total"] - out["russia"]
    out["russia_share"] = out["russia"] / out["total"]
    out = out.reset_index()
    out["year"] = out["date"].dt.year
    return out[["date", "year", "russia", "rest_of_world", "total", "russia_share"]]


def remittances_share_gdp(countries) -> pd.DataFrame:
    """Personal remittances received as a share of GDP (WDI remittances over WDI GDP, both
    current US$). Columns: iso3, year, remittances, gdp, share."""
    rem = datasets.remittances(countries)[["iso3", "year", "value"]].rename(
        columns={"value": "remittances"})
    gdp = datasets.gdp(countries)[["iso3", "year", "value"]].rename(columns={"value": "gdp"})
    df = rem.merge(gdp, on=["iso3", "year"], how="inner")
    df["share"] = df["remittances"] / df["gdp"]
    return df.sort_values(["iso3", "year"], ignore_index=True)


def gas_russia_share(gas: pd.DataFrame, frequency: str = "month") -> pd.DataFrame:
    """Russia's share of Armenia's natural-gas imports, by value (US$) and by weight (kg), per
    month or year (the last year is partial when the series stops within it). Columns: date,
    months (number of months with imports), russia_value, total_value, share_value,
    russia_kg, total_kg, share_kg."""
    imp = gas[gas["flow"] == "Import"].copy()
    if frequency == "year":
        imp["date"] = pd.to_datetime(imp["year"].astype(str) + "-01-01")
    elif frequency != "month":
        raise ValueError(f"frequency must be 'month' or 'year', got {frequency!r}")
    rus = imp["iso3"] == "RUS"
    g = imp.groupby("date")
    out = pd.DataFrame({
        "months": imp.groupby("date")["month"].nunique(),
        "russia_value": imp[rus].groupby("date")["value_usd"].sum(),
        "total_value": g["value_usd"].sum(),
        "russia_kg": imp[rus].groupby("date")["netweight_kg"].sum(),
        "total_kg": g["netweight_kg"].sum(),
    }).fillna({"russia_value": 0.0, "russia_kg": 0.0})
    out["share_value"] = out["russia_value"] / out["total_value"]
    out["share_kg"] = out["russia_kg"] / out["total_kg"]
    return out.reset_index()


# --------------------------------------------------------------------------- presence timeline

# Dated steps behind the claims, by event id of the curated tables.
PEACEKEEPERS_CLAIM = "russia-peacekeepers-withdrawal"
PEACEKEEPER_STEPS = {  # part -> event id (presence table unless noted)
    "deployment": "pk_statement",
    "withdrawal start": "pk_withdrawal_start",
    "first equipment leaves (footage)": "pk_withdrawal_first_moves_2024",
    "withdrawal complete": "pk_withdrawal_complete_2024_06_12",
}
CSTO_CLAIM = "armenia-questions-csto"
CSTO_STEPS = {
    "refuses to host CSTO exercises": "csto_exercises_refused_2023",
    "avoids CSTO meetings and exercises": "csto_boycott_2023",
    "participation frozen": "csto_freeze",
    "stops financing the CSTO": "csto_no_financing",
}
CSTO_LEAVE = ("Armenia 'will leave' the CSTO", "Pashinyan in parliament")
PLATFORM_CLAIM = "russia-3plus3-platform"
PLATFORM_STEPS = {
    "Turkish proposal (stability pact with Western roles)": "demirel_caucasus_stability_pact_2000",
    "Turkish proposal (Caucasus Stability and Cooperation Platform)": "cscp_proposed_2008",
    "Turkish six-country proposal": "six_country_platform_proposed_2020",
    "Iranian support (Zarif's six-party tour)": "zarif_six_party_tour_2021",
    "Iranian support (ambassador welcomes 3+3)": "iran_welcomes_3plus3_2021",
    "Russian support": "russia_backs_3plus3_2021",
    "first 3+3 meeting": "first_3plus3_meeting_moscow_2021",
}
# The parts the verdicts test: the first Turkish proposal of a platform of the three South
# Caucasus states with Russia and Turkey and no Western member (the 2000 pact gave the US and
# the EU roles), and, for the CSTO, Armenia's first public step away from it.
PLATFORM_TESTED = "Turkish proposal (Caucasus Stability and Cooperation Platform)"
CSTO_TESTED = "first public step"
PEACEKEEPERS_TESTED = "withdrawal start"


def presence_events() -> pd.DataFrame:
    """Every dated event of the three curated tables (presence; 3+3 and CSTO steps; events
    after the brief on Russia), one frame. Columns: event_id (None for the post-brief table),
    date (the first day the partial date covers), date_text, precision, country, category,
    event, value, unit, confidence, source_title, source_url, locator, source_id."""
    pres = datasets.russian_presence().assign(source_id="curated-russian-presence")
    tl = datasets.russia_timeline().assign(source_id="curated-russia-timeline")
    tl = tl.rename(columns={"countries": "country"})
    since = datasets.russia_since_brief().assign(source_id="curated-russia-since-brief",
                                                 event_id=None, category="after the brief",
                                                 value=None, unit=None)
    since = since.rename(columns={"countries": "country"})
    cols = ["event_id", "date", "date_precision", "country", "category", "event", "value",
            "unit", "confidence", "source_title", "source_url", "locator", "source_id"]
    df = pd.concat([pres[cols], tl[cols], since[cols]], ignore_index=True)
    df = df.rename(columns={"date": "date_text", "date_precision": "precision"})
    first = df["date_text"].fillna("").str.extract(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)")[0]
    df["date"] = pd.to_datetime(first.where(first.str.len() != 4, first + "-01-01")
                                .where(first.str.len() != 7, first + "-01"), errors="coerce")
    return df.sort_values(["date", "source_id"], ignore_index=True, na_position="last")


def dated_step(events: pd.DataFrame, event_id: str) -> pd.Series:
    """One event by id (an error names the id and the tables searched)."""
    hit = events[events["event_id"] == event_id]
    if len(hit) != 1:
        raise ValueError(f"event {event_id!r}: {len(hit)} rows in the curated presence and "
                         "timeline tables (expected one)")
    return hit.iloc[0]


def claim_steps(events: pd.DataFrame) -> pd.DataFrame:
    """The dated steps each step claim records: claim, part, date (as the source dates it:
    day, month or year), event_id, tested (the part the verdicts read), source_id."""
    rows = []
    for claim, steps, tested in ((PEACEKEEPERS_CLAIM, PEACEKEEPER_STEPS, PEACEKEEPERS_TESTED),
                                 (CSTO_CLAIM, CSTO_STEPS, None),
                                 (PLATFORM_CLAIM, PLATFORM_STEPS, PLATFORM_TESTED)):
        for part, eid in steps.items():
            e = dated_step(events, eid)
            rows.append({"claim": claim, "part": part, "date": e["date_text"],
                         "day": e["date"], "event_id": eid, "tested": part == tested,
                         "source_id": e["source_id"]})
    leave = events[(events["source_id"] == "curated-russia-since-brief")
                   & events["event"].str.contains(CSTO_LEAVE[1], regex=False)
                   & events["event"].str.contains("leave", regex=False)]
    if len(leave) != 1:
        raise ValueError(f"{len(leave)} post-brief rows on Armenia leaving the CSTO "
                         "(expected one)")
    rows.append({"claim": CSTO_CLAIM, "part": CSTO_LEAVE[0], "date": leave.iloc[0]["date_text"],
                 "day": leave.iloc[0]["date"], "event_id": None, "tested": False,
                 "source_id": "curated-russia-since-brief"})
    df = pd.DataFrame(rows)
    # The first step: the earliest dated to the day (steps known only by year or month cannot
    # be ordered within it).
    csto = df[df["claim"] == CSTO_CLAIM]
    csto = csto[csto["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")].sort_values("day")
    first = csto.iloc[0]
    df.loc[len(df)] = {**first.to_dict(), "part": CSTO_TESTED, "tested": True}
    return df.sort_values(["claim", "day", "part"], ignore_index=True)


# --------------------------------------------------------------------------- survey helpers

# The answer each section-1 item is shown by, and the published panel it shares.
FOCUS_ANSWER = {"main_friend": "Russia", "main_enemy": "Russia", "business_russians": "Approve"}
PANEL_OF_ITEM = {"main_friend": "friend", "main_enemy": "enemy"}


def focus_estimates(estimates: pd.DataFrame) -> pd.DataFrame:
    """The rows of :data:`FOCUS_ANSWER` (the share naming Russia as main friend or enemy, the
    share approving of business with Russians), with shares in percent."""
    keep = [estimates["item"].eq(item) & estimates["answer"].eq(answer)
            for item, answer in FOCUS_ANSWER.items()]
    df = estimates[np.logical_or.reduce(keep)].copy()
    for col in ("share", "lower", "upper"):
        df[f"{col}_pct"] = df[col] * 100
    return df.reset_index(drop=True)


def poll_changes(estimates: pd.DataFrame, earlier: str, later: str,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Change of every answer's share between two waves (catalog ids) of the same items, with
    a normal interval and z test on the two surveys' own standard errors (independent
    samples). Columns: item, answer, earlier, later, change, lower, upper, p_value (shares)."""
    a = estimates[estimates["source_id"] == earlier].set_index(["item", "answer"])
    b = estimates[estimates["source_id"] == later].set_index(["item", "answer"])
    rows = []
    for key in a.index.intersection(b.index):
        d = stats.share_difference(a.at[key, "share"], a.at[key, "se"], b.at[key, "share"],
                                   b.at[key, "se"], alpha)
        rows.append({"item": key[0], "answer": key[1], "earlier": a.at[key, "share"],
                     "later": b.at[key, "share"], "change": d.difference, "lower": d.lower,
                     "upper": d.upper, "p_value": d.p_value})
    return pd.DataFrame(rows).sort_values(["item", "answer"], ignore_index=True)


def platform_meetings(events: pd.DataFrame) -> pd.DataFrame:
    """The 3+3 meetings among the dated events, and whether the event text records Georgia as
    absent (the brief: "Georgia's reluctance to engage in the 3+3 platform"). Columns: date,
    event, georgia_absent, source_id."""
    text = events["event"].fillna("")
    hit = events[text.str.contains("3+3", regex=False)
                 & text.str.contains(r"\bmeeting\b", regex=True)]
    absent = hit["event"].str.contains(r"Georgia (?:invited but |again )?absent", regex=True)
    return pd.DataFrame({"date": hit["date"], "event": hit["event"], "georgia_absent": absent,
                         "source_id": hit["source_id"]}).sort_values("date", ignore_index=True)
