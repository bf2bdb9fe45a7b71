"""Computations of the conflict timeline notebook: the Karabakh conflict in UCDP (which
conflict ids, which deaths belong to which), published casualty estimates beside UCDP's, the
dated events the brief names, the PA-X agreements and their signatories, displacement in the
1990s and in 2023.

Pure functions on the tidy tables of :mod:`analysis.datasets`. Every dated event the brief's
claims are tested on is chosen by a rule written here (a category, a word of the event text,
a confidence floor), never by its date, so the date is what the data say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..clean import ucdp

KARABAKH = "Karabakh"
# Text that marks a UCDP conflict as fought in or over Armenia or Azerbaijan (location, side
# B or territory), used to list the conflicts beside the Karabakh ones.
REGION_WORDS = ("Armenia", "Azerbaijan")
CONFIDENT = ("high", "medium")  # compiler's flags good enough to test a claim on

# --------------------------------------------------------------------------- UCDP


def year_ranges(years) -> str:
    """Years as runs: [1991, 1992, 1993, 1997] -> "1991-1993, 1997"."""
    ys = sorted({int(y) for y in years})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)


def karabakh_conflict_ids(acd: pd.DataFrame) -> list[int]:
    """UCDP conflict ids whose territory names Karabakh, in any year of the release."""
    hit = acd["territory_name"].fillna("").str.contains(KARABAKH)
    ids = sorted(acd.loc[hit, "conflict_id"].unique().tolist())
    if not ids:
        raise ValueError("no UCDP conflict with a territory naming Karabakh in this release")
    return [int(i) for i in ids]


def ucdp_conflicts(acd: pd.DataFrame, since: int = 1989) -> pd.DataFrame:
    """The UCDP conflicts fought in or over Armenia or Azerbaijan since ``since``: one row per
    conflict id with its sides, incompatibility, active years, war years (1,000+ deaths),
    the conflict type by year, the start date and whether its territory is Karabakh."""
    text = (acd["location"] + " " + acd["side_b"] + " " + acd["territory_name"].fillna(""))
    near = text.str.contains("|".join(REGION_WORDS)) | \
        acd["territory_name"].fillna("").str.contains(KARABAKH)
    df = acd[near & (acd["year"] >= since)]
    rows = []
    for cid, g in df.groupby("conflict_id"):
        types = "; ".join(f"{ucdp.CONFLICT_TYPE[t]} {year_ranges(gt['year'])}"
                          for t, gt in g.groupby("type_of_conflict"))
        second = sorted(set(g["side_a_2nd"].dropna()) | set(g["side_b_2nd"].dropna()))
        wars = g.loc[g["intensity_level"] == 2, "year"]
        rows.append({
            "conflict_id": int(cid), "location": g["location"].iloc[0],
            "side_a": "; ".join(sorted(set(g["side_a"]))),
            "side_b": "; ".join(sorted(set(g["side_b"]))),
            "secondary_parties": "; ".join(second),
            "incompatibility": ucdp.INCOMPATIBILITY[int(g["incompatibility"].iloc[0])],
            "territory": g["territory_name"].dropna().iloc[0] if g["territory_name"].notna().any()
            else "",
            "active_years": year_ranges(g["year"]), "war_years": year_ranges(wars),
            "types": types, "start_date": g["start_date"].min(),
            "karabakh": bool(g["territory_name"].fillna("").str.contains(KARABAKH).any()),
        })
    return pd.DataFrame(rows)


def battle_deaths(brd: pd.DataFrame, conflict_ids) -> pd.DataFrame:
    """UCDP battle-related deaths per conflict and year, summed over the conflict's dyads:
    conflict_id, year, bd_best, bd_low, bd_high, type_of_conflict, version. Years below 25
    deaths have no row."""
    df = brd[brd["conflict_id"].isin(list(conflict_ids))]
    out = (df.groupby(["conflict_id", "year"], as_index=False)
           .agg(bd_best=("bd_best", "sum"), bd_low=("bd_low", "sum"),
                bd_high=("bd_high", "sum"), type_of_conflict=("type_of_conflict", "first"),
                version=("version", "first")))
    return out.sort_values(["conflict_id", "year"], ignore_index=True)


@dataclass(frozen=True)
class Toll:
    """Battle-related deaths summed over a window: best, low, high and what was counted."""

    best: int
    low: int
    high: int
    start: int
    end: int
    years: tuple[int, ...]          # years with at least one recorded conflict-year
    conflicts: tuple[int, ...]      # conflict ids with deaths in the window


def deaths_in_window(deaths: pd.DataFrame, start: int, end: int) -> Toll:
    """Sum of :func:`battle_deaths` rows with ``start <= year <= end``. Years without a row
    are below UCDP's 25-death threshold and add nothing: the sum is of recorded years."""
    w = deaths[deaths["year"].between(start, end)]
    return Toll(int(w["bd_best"].sum()), int(w["bd_low"].sum()), int(w["bd_high"].sum()),
                start, end, tuple(sorted(w["year"].unique().tolist())),
                tuple(sorted(w["conflict_id"].unique().tolist())))


# --------------------------------------------------------------------------- other estimates


def published_estimates(casualties: pd.DataFrame) -> pd.DataFrame:
    """Published casualty figures other than UCDP's, one row per event: the sides' counts
    summed (the rows of one event name distinct sides), with a low and high from each row's
    range or value. Columns: event, period, first_year, last_year, value, low, high, unit,
    sides, rows, lower_bound (a row says "at least"/"lower bound"), confidence (weakest)."""
    order = {c: i for i, c in enumerate(("high", "medium", "low"))}
    rows = []
    # One estimate = one event and period (an event name may recur with another period).
    for (event, _), g in casualties.groupby(["event", "period"], sort=False):
        low = g["value_low"].fillna(g["value"])
        high = g["value_high"].fillna(g["value"])
        rows.append({
            "event": event, "period": g["period"].iloc[0],
            "first_year": int(g["first_year"].min()), "last_year": int(g["last_year"].max()),
            "value": float(g["value"].sum()) if g["value"].notna().all() else float("nan"),
            "low": float(low.sum()), "high": float(high.sum()),
            "unit": "; ".join(sorted(set(g["unit"]))),
            "sides": "; ".join(g["side_or_scope"]), "rows": len(g),
            "lower_bound": bool(g["unit"].str.contains("lower bound").any()),
            "confidence": max(g["confidence"], key=order.__getitem__),
        })
    return pd.DataFrame(rows)


def compare_estimates(estimates: pd.DataFrame, deaths: pd.DataFrame,
                      by_place: pd.DataFrame, ucdp_start: int) -> pd.DataFrame:
    """Each published estimate beside UCDP's battle-related deaths and OWID's deaths by place
    (Armenia + Azerbaijan, all types of organised violence) over the same calendar years.

    ``ucdp_start`` is the first year UCDP covers (1989): years before it count for nothing
    in UCDP's columns, and ``before_ucdp`` says so. Adds ucdp_best, ucdp_low, ucdp_high,
    ucdp_years (recorded years), place_deaths and ``differences`` (why the figures cannot
    agree, from the rows' own scope)."""
    rows = []
    for r in estimates.itertuples():
        lo = max(r.first_year, ucdp_start)
        toll = deaths_in_window(deaths, lo, r.last_year)
        place = by_place[by_place["year"].between(lo, r.last_year)]["value"].sum()
        why = []
        if r.first_year < ucdp_start:
            why.append(f"starts before UCDP's coverage ({ucdp_start} on)")
        if re.match(r"^\d{4}-\d{2}(?!\d)", r.period):
            why.append("a span of days or weeks; UCDP and OWID count the calendar year")
        if not r.sides.startswith("all"):
            why.append(f"counts {r.sides}")
        if r.lower_bound:
            why.append("a lower bound")
        rows.append({**r._asdict(), "ucdp_best": toll.best, "ucdp_low": toll.low,
                     "ucdp_high": toll.high, "ucdp_years": year_ranges(toll.years),
                     "place_deaths": float(place), "before_ucdp": r.first_year < ucdp_start,
                     "differences": "; ".join(why)})
    out = pd.DataFrame(rows).drop(columns="Index")
    return out.sort_values(["first_year", "event"], ignore_index=True)


# --------------------------------------------------------------------------- the timeline

# Timeline lanes: each curated category (timeline and additions) belongs to one lane.
LANES = {
    "Status and sovereignty": ("status decision", "Soviet dissolution", "conflict_origins"),
    "War and violence": ("war", "border clashes", "conflict_violence"),
    "Ceasefires and agreements": ("ceasefire", "agreement / ceasefire", "agreement",
                                  "agreement / Western mediation"),
    "Mediation": ("mediation", "mediation_basic_principles"),
    "Politics and alliances": ("armenia_domestic", "tur_aze_alliance", "Western policy",
                               "connectivity / peace agenda"),
    "Blockade and exodus": ("blockade", "humanitarian"),
}
# UCDP's own coding dates (start of a conflict, end of an episode) are drawn from the ACD.
NOT_EVENTS = ("data marker (UCDP)",)
PRECISION_SPAN = {"day": pd.DateOffset(days=1), "month": pd.DateOffset(months=1),
                  "year": pd.DateOffset(years=1)}


def lane_of(category: str) -> str:
    """The timeline lane of a curated category; an unknown category is an error, so a new
    category is placed on purpose, never dropped."""
    for lane, cats in LANES.items():
        if category in cats:
            return lane
    raise ValueError(f"category {category!r} has no lane in analysis.themes.conflict.LANES")


def timeline_events(timeline: pd.DataFrame, additions: pd.DataFrame) -> pd.DataFrame:
    """The dated events of both curated tables in one table: date, date_precision, end (the
    day after the stated day, month or year), lane, category, event, confidence, source
    (catalog id) and key (event_id, or the timeline's date and category)."""
    tl = timeline[~timeline["category"].isin(NOT_EVENTS)]
    parts = [
        pd.DataFrame({"date": tl["date"], "date_precision": tl["date_precision"],
                      "category": tl["category"], "event": tl["event"],
                      "confidence": tl["confidence"], "source": "curated-conflict-timeline",
                      "key": tl["date"].dt.strftime("%Y-%m-%d") + " " + tl["category"]}),
        pd.DataFrame({"date": additions["date"], "date_precision": additions["date_precision"],
                      "category": additions["category"], "event": additions["event"],
                      "confidence": additions["confidence"],
                      "source": "curated-timeline-additions", "key": additions["event_id"]}),
    ]
    df = pd.concat(parts, ignore_index=True)
    df["lane"] = df["category"].map(lane_of)
    df["end"] = [d + PRECISION_SPAN[p] for d, p in zip(df["date"], df["date_precision"],
                                                        strict=True)]
    return df.sort_values(["date", "key"], ignore_index=True)


def _pick(df: pd.DataFrame, mask: pd.Series, what: str, last: bool = False) -> pd.Series:
    hit = df[mask].sort_values("date")
    if hit.empty:
        raise ValueError(f"no row for {what}")
    return hit.iloc[-1] if last else hit.iloc[0]


def kavburo_decision(timeline: pd.DataFrame) -> pd.Series:
    """The Caucasus Bureau's final decision on Nagorno-Karabakh (its last row)."""
    return _pick(timeline, timeline["event"].str.contains("Kavburo"), "the Kavburo decision",
                 last=True)


def nkao_established(timeline: pd.DataFrame) -> pd.Series:
    """The founding of the Nagorno-Karabakh Autonomous Oblast."""
    m = timeline["event"].str.contains("Autonomous Oblast") & \
        timeline["event"].str.contains("established")
    return _pick(timeline, m, "the founding of the NKAO")


def confident(df: pd.DataFrame) -> pd.Series:
    """Rows the compiler flagged high or medium confidence."""
    return df["confidence"].isin(CONFIDENT)


def origins_start(additions: pd.DataFrame) -> pd.Series:
    """The earliest confidently dated step of the Karabakh Armenians' campaign to join
    Soviet Armenia (category conflict_origins, confidence high or medium)."""
    m = (additions["category"] == "conflict_origins") & confident(additions)
    return _pick(additions, m, "the start of the Karabakh movement")


def basic_principles(additions: pd.DataFrame) -> pd.Series:
    """The earliest confidently dated row on the Basic Principles (their presentation)."""
    m = (additions["category"] == "mediation_basic_principles") & confident(additions)
    return _pick(additions, m, "the Basic Principles")


def turkey_azerbaijan_treaty(additions: pd.DataFrame) -> pd.Series:
    """The Turkey-Azerbaijan Treaty on Strategic Partnership and Mutual Assistance."""
    m = (additions["category"] == "tur_aze_alliance") & \
        additions["event"].str.contains("Strategic Partnership")
    return _pick(additions, m, "the strategic partnership treaty")


def velvet_revolution(additions: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Start (earliest confidently dated row) and end (last row: the new prime minister
    elected) of Armenia's 2018 revolution (category armenia_domestic)."""
    rows = additions[additions["category"] == "armenia_domestic"]
    return (_pick(rows, confident(rows), "the revolution's start"),
            _pick(rows, rows["event"].str.contains("elect"), "the revolution's end",
                  last=True))


def blockade_start(timeline: pd.DataFrame) -> pd.Series:
    """The first dated row of category "blockade"."""
    return _pick(timeline, timeline["category"] == "blockade", "the blockade")


def last_offensive(timeline: pd.DataFrame) -> pd.Series:
    """The last row of category "war": the offensive that ended the conflict."""
    return _pick(timeline, timeline["category"] == "war", "the last offensive", last=True)


def brief_events(events: pd.DataFrame) -> pd.DataFrame:
    """The events of :func:`timeline_events` the brief names, one row each with a short
    ``label`` for the timeline figure; chosen by the same rules as the claims."""
    def cat(name: str, last: bool = False):
        return lambda e: _pick(e, e["category"] == name, name, last=last)

    def text(word: str, last: bool = False):
        return lambda e: _pick(e, e["event"].str.contains(word), word, last=last)

    pickers = {
        "Kavburo decision": kavburo_decision,
        "NKAO founded": nkao_established,
        "Karabakh petition": origins_start,
        "NKAO soviet asks to join Armenia": text("NKAO regional soviet votes"),
        "USSR dissolved": cat("Soviet dissolution", last=True),
        "Minsk process": cat("mediation"),
        "Ceasefire in force": cat("ceasefire"),
        "Basic Principles presented": basic_principles,
        "Turkey-Azerbaijan treaty": turkey_azerbaijan_treaty,
        "Velvet Revolution": lambda e: velvet_revolution(e)[0],
        "44-day war begins": lambda e: _pick(e, (e["category"] == "war") &
                                            (e["date"].dt.year == 2020), "the 2020 war"),
        "Trilateral statement": lambda e: _pick(e, (e["category"] == "agreement / ceasefire")
                                                & (e["date"].dt.year == 2020), "the statement"),
        "Blockade": blockade_start,
        "Refugee Response Plan": cat("humanitarian"),
        "Offensive": last_offensive,
        "NKR dissolution decree": text("dissolving"),
        "EP resolution": cat("Western policy"),
        "Crossroads of Peace": cat("connectivity / peace agenda"),
    }
    rows = []
    for label, pick in pickers.items():
        row = pick(events)
        rows.append({**row.to_dict(), "label": label})
    return pd.DataFrame(rows).sort_values("date", ignore_index=True)


# --------------------------------------------------------------------------- PA-X

# Non-state actors PA-X names in its party texts, with the role they are read in (states come
# from data/mappings/pax.csv). Nagorno-Karabakh is read among the signatories only: a third
# party text naming it names the conference "on Nagorno-Karabakh", not its authorities.
ACTORS = {
    "Nagorno-Karabakh authorities": (r"Nagorno[- ]Karabakh|\bNKR\b|Artsakh", ("party",)),
    "OSCE (Minsk Group/Conference)": (r"\bOSCE\b|Minsk (Group|Conference)",
                                      ("party", "third party")),
    "EU (European Council)": (r"European (Council|Union)", ("party", "third party")),
}


def agreement_actors(agreements: pd.DataFrame) -> pd.DataFrame:
    """Who signs and who witnesses: one row per agreement and actor (a state's ISO3 code, or
    one of :data:`ACTORS`), role "party" or "third party"."""
    rows = []
    for r in agreements.itertuples():
        for role, text, codes in (("party", r.parties, r.party_iso3),
                                  ("third party", r.third_parties, r.third_party_iso3)):
            actors = [c for c in codes.split(";") if c]
            actors += [a for a, (pat, roles) in ACTORS.items()
                       if role in roles and re.search(pat, text)]
            rows += [{"agt_id": r.agt_id, "date": r.date, "year": r.date.year,
                      "actor": a, "role": role} for a in actors]
    return pd.DataFrame(rows, columns=["agt_id", "date", "year", "actor", "role"])


def ceasefire_agreement(agreements: pd.DataFrame, before: pd.Timestamp) -> pd.Series:
    """The last ceasefire proper (stage Cea, sub-stage Ceas) signed by several parties before
    ``before``: the ceasefire that held until then."""
    m = (agreements["stage"] == "Cea") & (agreements["stage_sub"] == "Ceas") & \
        (agreements["status"] == "Multiparty signed/agreed") & (agreements["date"] < before)
    return _pick(agreements, m, f"a ceasefire before {before.date()}", last=True)


def war_ending_agreement(agreements: pd.DataFrame, start: pd.Timestamp) -> pd.Series:
    """The last ceasefire-stage agreement of the war that began on ``start`` (same year)."""
    m = (agreements["stage"] == "Cea") & (agreements["date"] >= start) & \
        (agreements["date"].dt.year == start.year)
    return _pick(agreements, m, f"a ceasefire after {start.date()}", last=True)


def first_joint_signature(agreements: pd.DataFrame, after: pd.Timestamp,
                          skip_stage: str | None = None) -> pd.Series:
    """The first agreement after ``after`` that Armenia and Azerbaijan both signed (leaving
    out agreements of stage ``skip_stage``, e.g. "Cea" to pass over ceasefire texts)."""
    both = agreements["party_iso3"].map(lambda s: {"ARM", "AZE"} <= set(s.split(";")))
    keep = both & (agreements["date"] > after)
    if skip_stage is not None:
        keep &= agreements["stage"] != skip_stage
    return _pick(agreements, keep, f"a joint signature after {after.date()}")


def episode_end(acd: pd.DataFrame, conflict_id: int, after_year: int) -> pd.Timestamp:
    """UCDP's end date of the first episode of a conflict ending in or after
    ``after_year``."""
    rows = acd[(acd["conflict_id"] == conflict_id) & (acd["ep_end"] == 1) &
               (acd["year"] >= after_year)].sort_values("year")
    if rows.empty or rows["ep_end_date"].isna().all():
        raise ValueError(f"no episode end of conflict {conflict_id} from {after_year}")
    return rows["ep_end_date"].dropna().iloc[0]


# --------------------------------------------------------------------------- displacement

DISPLACED_SERIES = {
    # label: (who is displaced, where they are)
    "refugees AZE -> ARM": "Armenians who fled Azerbaijan (from 2023 incl. Karabakh)",
    "refugees ARM -> AZE": "Azerbaijanis who fled Armenia",
    "IDPs in AZE": "Azerbaijanis displaced inside Azerbaijan",
    "IDPs in ARM": "Armenians displaced inside Armenia (border areas)",
}


def displacement_stocks(refugees_aze_arm: pd.DataFrame, refugees_arm_aze: pd.DataFrame,
                        idps_aze: pd.DataFrame, idps_arm: pd.DataFrame) -> pd.DataFrame:
    """UNHCR's end-year stocks of the conflict's displaced, long: year, series (a key of
    :data:`DISPLACED_SERIES`), persons. Missing values (NA) have no row."""
    parts = []
    for label, df, col in (("refugees AZE -> ARM", refugees_aze_arm, "refugees"),
                           ("refugees ARM -> AZE", refugees_arm_aze, "refugees"),
                           ("IDPs in AZE", idps_aze, "idps"), ("IDPs in ARM", idps_arm, "idps")):
        d = df[df[col].notna()]
        parts.append(pd.DataFrame({"year": d["year"].astype(int), "series": label,
                                   "persons": d[col].astype(float)}))
    return pd.concat(parts, ignore_index=True).sort_values(["series", "year"],
                                                           ignore_index=True)


def displaced_total(stocks: pd.DataFrame, year: int) -> tuple[float, dict[str, float]]:
    """All displaced at the end of ``year`` (refugees both ways and IDPs in both countries)
    and the parts; an error if a series has no value that year."""
    y = stocks[stocks["year"] == year].set_index("series")["persons"]
    missing = [s for s in DISPLACED_SERIES if s not in y.index]
    if missing:
        raise ValueError(f"no UNHCR value in {year} for {missing}")
    parts = {s: float(y[s]) for s in DISPLACED_SERIES}
    return sum(parts.values()), parts


def exodus_counts(displacement: pd.DataFrame) -> pd.DataFrame:
    """The running counts of people who crossed from Nagorno-Karabakh into Armenia after 19
    September 2023, as published (topic "displacement 2023", geography "Nagorno-Karabakh ->
    Armenia", counts of persons): date, value, unit, source_title, confidence, lower_bound."""
    m = (displacement["topic"] == "displacement 2023") & \
        (displacement["geography"] == "Nagorno-Karabakh -> Armenia") & \
        displacement["unit"].str.startswith("persons")
    df = displacement[m].copy()
    df["date"] = pd.to_datetime(df["date_or_year"], format="%Y-%m-%d", errors="raise")
    df["lower_bound"] = df["unit"].str.contains("lower bound")
    cols = ["date", "value", "unit", "source_title", "source_url", "confidence", "lower_bound"]
    return df[cols].sort_values(["date", "value"], ignore_index=True)


def population_before(displacement: pd.DataFrame, before: pd.Timestamp) -> pd.Series:
    """The last population figure for Armenian-held Nagorno-Karabakh dated before
    ``before`` (a row of topic "population" whose date is ISO: year-month or day)."""
    pop = displacement[(displacement["topic"] == "population") &
                       displacement["geography"].str.startswith("Nagorno-Karabakh")].copy()
    pop["date"] = pd.to_datetime(pop["date_or_year"], format="ISO8601", errors="coerce")
    pop = pop[pop["date"].notna() & (pop["date"] < before)]
    return _pick(pop, pd.Series(True, index=pop.index), f"a population before {before.date()}",
                 last=True)


def iso_date(date: pd.Timestamp, precision: str) -> str:
    """An ISO date at its precision: "2023-09-19", "2010-08" or "2018"."""
    return {"day": f"{date:%Y-%m-%d}", "month": f"{date:%Y-%m}", "year": f"{date:%Y}"}[
        precision]


def format_date(date: pd.Timestamp, precision: str) -> str:
    """A date at its precision: "19 September 2023", "August 2010", "2018"."""
    if precision == "day":
        return f"{date.day} {date:%B %Y}"
    return f"{date:%B %Y}" if precision == "month" else f"{date:%Y}"


def tested_view(rows: list[dict]) -> pd.DataFrame:
    """Recorded claim rows as the ledger will judge them: ``tested`` says whether a row feeds
    the verdict "then", "now", both, or is context (then its verdict is shown as "context",
    as in ``results/claims.csv``)."""
    from ..claims import editions, get
    from ..claims.ledger import role

    out = []
    for r in rows:
        claim = get(r["claim_id"])
        roles = role(claim, editions(claim), r["edition"], r["part"])
        keep = roles or r["verdict"] == "not checkable"
        out.append({**r, "tested": " and ".join(roles) or ("-" if keep else "context"),
                    "verdict": r["verdict"] if keep else "context"})
    return pd.DataFrame(out)
