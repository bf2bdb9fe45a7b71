"""The corridors notebook with non-default parameters, into tmp_path (never results/)."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import paths, runner

NB = paths.root() / "notebooks" / "03_corridors.ipynb"


def _snapshot(folder):
    return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@requires_mirror("curated-corridor-network-additions")
def test_corridors_without_the_norduz_stand_in(tmp_path):
    results = paths.results_dir()
    before = _snapshot(results)
    report = runner.run([NB], parameters={"stand_ins": {}, "transfer_km": 0,
                                          "closed_links": ["KARS_GYUMRI"],
                                          "exports_start": 2021},
                        target=tmp_path / "out", state=tmp_path / "state", progress=False)
    assert report.ok, [o.message for o in report.outcomes]
    figs = tmp_path / "out" / "figures"
    routes = pd.read_csv(figs / "corridors-route-comparison.csv", keep_default_na=False)
    # Without a point for Norduz the route through Armenia to Iran cannot be closed.
    via_arm = routes[routes["route"] == "North-South via Georgia and Armenia"]
    assert (via_arm["found"].astype(str) == "False").all()
    assert via_arm["missing"].str.contains("Qazvin").all()
    # Kars-Gyumri closed in every scenario: no East-West route through Syunik to Kars.
    syunik = routes[routes["route"] == "East-West via Nakhchivan and Syunik"]
    assert (syunik["found"].astype(str) == "False").all()
    gas = pd.read_csv(figs / "corridors-azerbaijan-gas.csv")
    official = gas[gas["series"] == "exports, official (reconciled)"]
    assert official["year"].min() == 2021
    ledger = pd.read_csv(tmp_path / "out" / "claims.csv", keep_default_na=False)
    ns = ledger[ledger["claim_id"] == "north-south-bypasses-armenia"]
    assert (ns.loc[ns["sub_key"].str.contains("Armenia"), "verdict"] == "not checkable").all()
    assert _snapshot(results) == before


@pytest.mark.slow
@requires_mirror("curated-corridor-network-additions")
def test_corridors_names_a_bad_parameter(tmp_path):
    report = runner.run([NB], parameters={"stand_ins": {"NORDUZ": "NOWHERE"}},
                        target=tmp_path / "out", state=tmp_path / "state", progress=False)
    assert not report.ok
    message = report.outcomes[0].message
    assert "parameter stand_ins" in message and "NOWHERE" in message
