"""The Russian-influence notebook with non-default parameters, into tmp_path (never results/)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import paths, runner

NB = paths.root() / "notebooks" / "02_russian_influence.ipynb"


def _snapshot(folder):
    return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@requires_mirror("crrc-caucasus-barometer")
@requires_mirror("trade-partners")
def test_russia_notebook_takes_other_countries_items_and_break(tmp_path):
    results = paths.results_dir()
    before = _snapshot(results)
    params = {"countries": ["ARM", "GEO"], "items": ["main_friend", "business_russians"],
              "start_year": 2010, "its_break": "2022-06", "partners": ["RUS", "EU27", "ARE"],
              "georgia_items": ["ndi_join_eu", "ndi_econ_russia"]}
    report = runner.run([NB], parameters=params, target=tmp_path / "out",
                        state=tmp_path / "state", progress=False)
    assert report.ok, [o.message for o in report.outcomes]
    figs = tmp_path / "out" / "figures"
    survey = pd.read_csv(figs / "russia-friend-enemy.csv")
    assert set(survey["iso3"]) == {"ARM", "GEO"}
    assert set(survey.loc[survey["kind"] == "microdata", "item"]) == {"main_friend",
                                                                      "business_russians"}
    assert pd.to_datetime(survey["date"], format="ISO8601").dt.year.min() >= 2010
    shares = pd.read_csv(figs / "russia-armenia-trade-shares.csv")
    assert set(shares["partner"]) == {"RUS", "EU27", "ARE"}
    its = json.loads((figs / "russia-exports-its.json").read_text())
    assert its["parameters"]["its_break"] == "2022-06" and "June 2022" in its["caption"]
    ndi = pd.read_csv(figs / "russia-georgia-ndi-2022.csv")
    assert set(ndi["item"]) == {"ndi_join_eu", "ndi_econ_russia"}
    # The claims stay about Armenia whatever is plotted.
    ledger = pd.read_csv(tmp_path / "out" / "claims.csv", keep_default_na=False)
    assert {"russia-image-armenia", "armenia-questions-csto"} <= set(ledger["claim_id"])
    assert _snapshot(results) == before


@pytest.mark.slow
@requires_mirror("crrc-caucasus-barometer")
def test_russia_notebook_names_a_bad_item_parameter(tmp_path):
    report = runner.run([NB], parameters={"items": ["main_frend"]}, target=tmp_path / "out",
                        state=tmp_path / "state", progress=False)
    assert not report.ok
    message = report.outcomes[0].message
    assert "parameter items" in message and "main_frend" in message
