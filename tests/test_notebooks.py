"""The themed notebooks run with non-default parameters, without touching results/."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import requires_mirror

from analysis import paths, runner

NB = paths.root() / "notebooks" / "01_military_balance.ipynb"


def _snapshot(folder):
    return {p.relative_to(folder): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@requires_mirror("sipri-milex")
def test_military_notebook_takes_another_pair_and_release(tmp_path):
    results = paths.results_dir()
    before = _snapshot(results)
    report = runner.run([NB], parameters={"countries": ["GEO", "RUS"], "edition": 2025},
                        target=tmp_path / "out", state=tmp_path / "state", progress=False)
    assert report.ok, [o.message for o in report.outcomes]
    figs = tmp_path / "out" / "figures"
    spend = pd.read_csv(figs / "milex-constant-usd.csv")
    assert set(spend["iso3"]) == {"GEO", "RUS"}
    meta = (figs / "milex-constant-usd.json").read_text()
    assert "sipri-milex-2025" in meta and '"edition": 2025' in meta
    # The brief's claims stay about Armenia and Azerbaijan, whatever pair is plotted.
    ledger = pd.read_csv(tmp_path / "out" / "claims.csv", keep_default_na=False)
    assert {"milex-cumulative-aze-2006-2022", "turkey-key-supplier",
            "armenia-buys-france"} <= set(ledger["claim_id"])
    # The price-index check and the supplier figure follow the pair; the claims do not.
    check = pd.read_csv(figs / "milex-price-index-check.csv")
    assert set(check["iso3"]) == {"GEO", "RUS"} and set(check["edition"]) == {2023, 2024, 2025}
    windows = pd.read_csv(figs / "arms-imports-by-supplier.csv")
    assert set(windows["recipient_iso3"]) <= {"GEO", "RUS"}
    rows = pd.read_csv(tmp_path / "out" / "ledger.csv", keep_default_na=False)
    assert rows.set_index("claim_id").loc["milex-aze-growth-2005-2015", "edition_then"] == "2023"
    assert _snapshot(results) == before


@pytest.mark.slow
@requires_mirror("sipri-milex")
def test_military_notebook_refuses_a_single_country(tmp_path):
    report = runner.run([NB], parameters={"countries": ["ARM"]}, target=tmp_path / "out",
                        state=tmp_path / "state", progress=False)
    assert not report.ok
    message = report.outcomes[0].message
    assert "parameter countries: give a pair of ISO3 codes" in message and "ValueError" in message
