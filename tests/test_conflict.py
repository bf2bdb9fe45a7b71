"""The conflict theme on small tables with known answers, and its notebook with other
parameters."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import paths, runner
from analysis.themes import conflict
from analysis.themes import conflict_figures as cf


def _acd(rows):
    cols = ["conflict_id", "location", "side_a", "side_b", "side_a_2nd", "side_b_2nd",
            "incompatibility", "territory_name", "year", "intensity_level", "type_of_conflict",
            "start_date", "ep_end", "ep_end_date"]
    return pd.DataFrame(rows, columns=cols)


ACD = _acd([
    (1, "USSR", "Gov USSR", "Rep of Armenia", None, None, 1, "Nagorno-Karabakh", 1990, 1, 3,
     pd.Timestamp("1990-01-19"), 0, pd.NaT),
    (2, "Azerbaijan", "Gov AZE", "Artsakh", None, "Gov ARM", 1, "Artsakh (Nagorno-Karabakh)",
     1992, 2, 4, pd.Timestamp("1991-12-29"), 0, pd.NaT),
    (2, "Azerbaijan", "Gov AZE", "Artsakh", None, None, 1, "Artsakh (Nagorno-Karabakh)",
     1994, 2, 3, pd.Timestamp("1991-12-29"), 1, pd.Timestamp("1994-07-15")),
    (3, "Azerbaijan", "Gov AZE", "Faction", None, None, 2, None, 1993, 1, 3,
     pd.Timestamp("1992-05-15"), 1, pd.Timestamp("1993-06-15")),
    (4, "India", "Gov IND", "Rebels", None, None, 1, "Kashmir", 1993, 1, 3,
     pd.Timestamp("1989-01-01"), 0, pd.NaT),
])


def test_conflict_ids_found_by_territory_and_their_summary():
    assert conflict.karabakh_conflict_ids(ACD) == [1, 2]
    with pytest.raises(ValueError, match="no UCDP conflict with a territory naming Karabakh"):
        conflict.karabakh_conflict_ids(ACD[ACD.conflict_id > 2])
    table = conflict.ucdp_conflicts(ACD).set_index("conflict_id")
    assert list(table.index) == [1, 2, 3]  # India's conflict is not in or over ARM/AZE
    assert table.at[2, "types"] == "intrastate 1994; internationalized intrastate 1992"
    assert table.at[2, "war_years"] == "1992, 1994" and table.at[2, "karabakh"]
    assert table.at[2, "secondary_parties"] == "Gov ARM" and not table.at[3, "karabakh"]
    assert conflict.year_ranges([1997, 1991, 1992, 1993, 1998, 2005]) == \
        "1991-1993, 1997-1998, 2005"
    assert conflict.episode_end(ACD, 2, 1994) == pd.Timestamp("1994-07-15")
    with pytest.raises(ValueError, match="no episode end of conflict 1"):
        conflict.episode_end(ACD, 1, 1990)


def test_deaths_sum_dyads_and_windows_count_only_recorded_years():
    brd = pd.DataFrame({
        "conflict_id": [1, 2, 2, 2, 9], "dyad_id": ["a", "b", "c", "b", "z"],
        "year": [1990, 1992, 1992, 1993, 1992], "bd_best": [49, 100, 20, 30, 999],
        "bd_low": [49, 90, 20, 25, 999], "bd_high": [64, 150, 30, 40, 999],
        "type_of_conflict": [3, 4, 4, 4, 3], "version": "24.1"})
    d = conflict.battle_deaths(brd, [1, 2])
    assert d.set_index(["conflict_id", "year"]).loc[(2, 1992), "bd_best"] == 120
    toll = conflict.deaths_in_window(d, 1989, 1992)
    assert (toll.best, toll.low, toll.high) == (169, 159, 244)
    assert toll.years == (1990, 1992) and toll.conflicts == (1, 2)
    assert conflict.deaths_in_window(d, 2000, 2005).best == 0


def test_published_estimates_group_by_event_and_period_and_compare_with_ucdp():
    cas = pd.DataFrame({
        "period": ["1988-1994", "2016-04-01/05", "2016-04-01/05", "2008-2010", "2014"],
        "event": ["War", "April War", "April War", "clashes", "clashes"],
        "side_or_scope": ["all", "Armenian soldiers", "Azerbaijani soldiers", "soldiers", "all"],
        "value": [float("nan"), 91, 94, 74, 72], "value_low": [28000, None, 31, None, None],
        "value_high": [38000, None, 94, None, None],
        "unit": ["persons killed", "persons killed", "persons killed", "persons killed",
                 "persons killed (lower bound)"],
        "confidence": ["medium", "high", "low", "medium", "medium"],
        "first_year": [1988, 2016, 2016, 2008, 2014],
        "last_year": [1994, 2016, 2016, 2010, 2014]})
    est = conflict.published_estimates(cas).set_index(["event", "period"])
    assert len(est) == 4  # "clashes" of 2008-2010 and of 2014 stay apart
    april = est.loc[("April War", "2016-04-01/05")]
    assert (april.value, april.low, april.high) == (185, 122, 185)
    assert april.confidence == "low" and est.loc[("clashes", "2014")].lower_bound
    deaths = pd.DataFrame({"conflict_id": 2, "year": [1992, 2016], "bd_best": [2000, 141],
                           "bd_low": [1900, 141], "bd_high": [3000, 263]})
    place = pd.DataFrame({"year": [1989, 1992, 2016], "value": [42.0, 2900.0, 141.0]})
    cmp_ = conflict.compare_estimates(est.reset_index(), deaths, place, 1989)
    war = cmp_[cmp_.event == "War"].iloc[0]
    assert war.before_ucdp and war.ucdp_best == 2000 and war.place_deaths == 2942
    assert "before UCDP's coverage" in war.differences
    assert "days or weeks" not in war.differences  # "1988-1994" is a span of years
    apr = cmp_[cmp_.event == "April War"].iloc[0]
    assert "days or weeks" in apr.differences and "Armenian soldiers" in apr.differences


TIMELINE = pd.DataFrame({
    "date": pd.to_datetime(["1921-07-04", "1921-07-05", "1923-07-07", "2022-12-12",
                            "2023-09-19", "2020-09-27", "1990-01-19"]),
    "date_precision": "day",
    "event": ["Kavburo votes", "Kavburo reverses", "Autonomous Oblast (NKAO) established",
              "Blockade begins", "Offensive", "War begins", "UCDP start"],
    "category": ["status decision", "status decision", "status decision", "blockade", "war",
                 "war", "data marker (UCDP)"],
    "confidence": ["high", "high", "low", "high", "high", "high", "high"],
})
ADDITIONS = pd.DataFrame({
    "event_id": ["demo", "petition", "proposal", "madrid", "start", "elected"],
    "date": pd.to_datetime(["1987-10-17", "1987-12-01", "2006-01-01", "2007-11-29",
                            "2018-03-31", "2018-05-08"]),
    "date_precision": ["day", "day", "year", "day", "day", "day"],
    "event": ["Demonstration", "Petition", "Proposal", "Madrid", "Protests begin",
              "Pashinyan elected"],
    "category": ["conflict_origins", "conflict_origins", "mediation_basic_principles",
                 "mediation_basic_principles", "armenia_domestic", "armenia_domestic"],
    "confidence": ["low", "medium", "low", "high", "medium", "medium"],
})


def test_dated_events_are_chosen_by_rule_not_by_date():
    assert conflict.kavburo_decision(TIMELINE).date == pd.Timestamp("1921-07-05")  # the last
    assert conflict.nkao_established(TIMELINE).date.year == 1923
    # The low-confidence demonstration is earlier, but not confident enough to test on.
    assert conflict.origins_start(ADDITIONS).event == "Petition"
    assert conflict.basic_principles(ADDITIONS).event == "Madrid"
    start, end = conflict.velvet_revolution(ADDITIONS)
    assert (start.event, end.event) == ("Protests begin", "Pashinyan elected")
    assert conflict.last_offensive(TIMELINE).event == "Offensive"
    assert conflict.blockade_start(TIMELINE).date == pd.Timestamp("2022-12-12")
    with pytest.raises(ValueError, match="no row for the strategic partnership treaty"):
        conflict.turkey_azerbaijan_treaty(ADDITIONS)
    assert conflict.iso_date(pd.Timestamp("2010-08-01"), "month") == "2010-08"
    assert conflict.iso_date(pd.Timestamp("2006-01-01"), "year") == "2006"
    assert conflict.format_date(pd.Timestamp("2023-09-19"), "day") == "19 September 2023"


def test_timeline_lanes_spans_and_unknown_categories():
    ev = conflict.timeline_events(TIMELINE, ADDITIONS)
    assert "UCDP start" not in set(ev.event)  # UCDP's coding is drawn from the ACD
    year_row = ev[ev.key == "proposal"].iloc[0]
    assert year_row.end == pd.Timestamp("2007-01-01") and year_row.lane == "Mediation"
    assert ev[ev.event == "Offensive"].iloc[0].end == pd.Timestamp("2023-09-20")
    bad = TIMELINE.assign(category="rumour")
    with pytest.raises(ValueError, match="category 'rumour' has no lane"):
        conflict.timeline_events(bad, ADDITIONS)


def test_labels_go_to_the_lowest_free_tier():
    # Three labels: the second overlaps the first, the third starts after the first ends.
    assert cf.label_tiers([0, 5, 11], [10, 15, 20], gap=0.5) == [0, 1, 0]
    assert cf.label_tiers([0, 1, 2], [5, 5, 5]) == [0, 1, 2]
    assert cf.label_tiers([], []) == []


AGREEMENTS = pd.DataFrame({
    "agt_id": [1, 2, 3, 4], "date": pd.to_datetime(["1994-05-11", "1994-07-27", "2008-11-02",
                                                     "2020-11-10"]),
    "stage": ["Cea", "Cea", "Pre", "Cea"], "stage_sub": ["Ceas", "Rel", "Proc", "Ceas"],
    "status": ["Multiparty signed/agreed"] * 4,
    "parties": ["Azerbaijan; Armenia; Army of Nagorno-Karabakh", "Azerbaijan; Armenia",
                "Armenia, Azerbaijan, Russia", "Azerbaijan, Armenia, Russia"],
    "third_parties": ["Russia", "OSCE Minsk conference on Nagorno-Karabakh", "", ""],
    "party_iso3": ["ARM;AZE", "ARM;AZE", "ARM;AZE;RUS", "ARM;AZE;RUS"],
    "third_party_iso3": ["RUS", "", "", ""],
})


def test_agreements_ceasefires_signatures_and_actors():
    war = pd.Timestamp("2020-09-27")
    assert conflict.ceasefire_agreement(AGREEMENTS, war).agt_id == 1  # sub-stage Ceas only
    assert conflict.war_ending_agreement(AGREEMENTS, war).agt_id == 4
    assert conflict.first_joint_signature(AGREEMENTS, pd.Timestamp("1994-05-11"),
                                          skip_stage="Cea").agt_id == 3
    actors = conflict.agreement_actors(AGREEMENTS)
    nk = actors[actors.actor == "Nagorno-Karabakh authorities"]
    # A third-party text naming the conference "on Nagorno-Karabakh" is not its authorities.
    assert list(nk.agt_id) == [1] and set(nk.role) == {"party"}
    assert set(actors[actors.agt_id == 2].actor) == {"ARM", "AZE",
                                                    "OSCE (Minsk Group/Conference)"}


def test_displacement_totals_counts_and_population_before():
    stocks = conflict.displacement_stocks(
        pd.DataFrame({"year": [1994], "refugees": [300]}),
        pd.DataFrame({"year": [1994], "refugees": [200]}),
        pd.DataFrame({"year": [1994, 1995], "idps": [600, 550]}),
        pd.DataFrame({"year": [1994], "idps": [pd.NA]}))
    with pytest.raises(ValueError, match=r"no UNHCR value in 1994 for \['IDPs in ARM'\]"):
        conflict.displaced_total(stocks, 1994)
    stocks = conflict.displacement_stocks(
        pd.DataFrame({"year": [1994], "refugees": [300]}),
        pd.DataFrame({"year": [1994], "refugees": [200]}),
        pd.DataFrame({"year": [1994], "idps": [600]}), pd.DataFrame({"year": [1994],
                                                                      "idps": [70]}))
    total, parts = conflict.displaced_total(stocks, 1994)
    assert total == 1170 and parts["IDPs in ARM"] == 70
    disp = pd.DataFrame({
        "topic": ["displacement 2023", "displacement 2023", "displacement 2023", "population",
                  "population", "population"],
        "geography": ["Nagorno-Karabakh -> Armenia", "Nagorno-Karabakh -> Armenia", "Armenia",
                      "Nagorno-Karabakh (Armenian-populated area)", "Nagorno-Karabakh",
                      "NKAO"],
        "value": [65000, 88000, 97e6, 120000, 1000, 189000],
        "unit": ["persons (cumulative arrivals)", "persons (lower bound)", "USD (appeal)",
                 "persons (approx.)", "persons", "persons"],
        "date_or_year": ["2023-09-28", "2023-09-29", "2023-10-07", "2023-01", "2023-10",
                         "1989"],
        "source_title": "s", "source_url": "https://x.org", "confidence": "high"})
    counts = conflict.exodus_counts(disp)
    assert list(counts.value) == [65000, 88000] and list(counts.lower_bound) == [False, True]
    before = conflict.population_before(disp, pd.Timestamp("2023-09-19"))
    assert before.value == 120000  # the October figure is after; the NKAO row is not NK
    assert cf.displaced_group({"unit": "persons (Azeris)", "description": "fled"}) == "AZE"
    assert cf.displaced_group({"unit": "persons (Armenians)", "description": "x"}) == "ARM"


NB = paths.root() / "notebooks" / "00_conflict_timeline.ipynb"


@pytest.mark.slow
@requires_mirror("ucdp-brd")
def test_conflict_notebook_with_other_years_and_releases(tmp_path):
    results = paths.results_dir()
    before = {p: p.stat().st_mtime_ns for p in results.rglob("*") if p.is_file()}
    report = runner.run([NB], parameters={"start_year": 1987, "end_year": 2022,
                                          "acd_version": "23.1", "brd_version": "22.1"},
                        target=tmp_path / "out", state=tmp_path / "state", progress=False)
    assert report.ok, [o.message for o in report.outcomes]
    figs = tmp_path / "out" / "figures"
    timeline = pd.read_csv(figs / "conflict-timeline.csv")
    years = pd.to_datetime(timeline["date"]).dt.year
    assert years.min() >= 1987 and years.max() <= 2022
    meta = (figs / "conflict-timeline.json").read_text()
    assert "ucdp-acd-23.1" in meta and '"acd_version": "23.1"' in meta
    deaths = pd.read_csv(figs / "conflict-battle-deaths.csv")
    assert deaths["year"].max() <= 2022
    # The claims test the brief whatever the parameters: every UCDP release is recorded.
    claims_rows = pd.read_csv(tmp_path / "out" / "claims.csv", keep_default_na=False)
    tolls = claims_rows[claims_rows.claim_id == "conflict-deaths-1990s"]
    assert {"22.1", "24.1"} <= set(tolls.edition.astype(str))
    assert {p: p.stat().st_mtime_ns for p in results.rglob("*") if p.is_file()} == before


@pytest.mark.slow
@requires_mirror("ucdp-acd")
def test_conflict_notebook_names_a_bad_parameter(tmp_path):
    report = runner.run([NB], parameters={"acd_version": "21.1"}, target=tmp_path / "out",
                        state=tmp_path / "state", progress=False)
    assert not report.ok
    message = report.outcomes[0].message
    assert "parameter acd_version" in message and "'21.1'" in message
