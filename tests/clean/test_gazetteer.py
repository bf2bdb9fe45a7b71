"""The gazetteer cleaner on the real files and on broken copies."""

from __future__ import annotations

import json

import pytest
from conftest import layout_error, one_row, requires_mirror

from analysis import datasets
from analysis.clean import gazetteer


@requires_mirror("gazetteer-csc-cities")
def test_places_real_files():
    am = datasets.places("AM")
    assert len(am) == 308  # SOURCE.toml: 308 places
    abovyan = one_row(am, place_id=281)
    assert abovyan["name"] == "Abovyan" and abovyan["population"] == 47546
    assert (abovyan["lat"], abovyan["lon"]) == pytest.approx((40.27368, 44.63348))
    # The known error the compilers flag: 'Agarak' id 284 lies in the old KAFAN raion.
    agarak = one_row(am, place_id=284)
    assert agarak["lat"] == pytest.approx(39.20684)
    assert len(datasets.places("AZ")) == 180 and len(datasets.places("IR")) == 1847
    with pytest.raises(ValueError, match="ISO2"):
        datasets.places("ARM")


def test_text_latitude_is_a_layout_error(tmp_path):
    path = tmp_path / "AM.json"
    path.write_text(json.dumps([{"id": 7, "name": "X", "country_code": "AM",
                                 "latitude": "n/a", "longitude": "44.5"}]), encoding="utf-8")
    layout_error(gazetteer.clean_places, path, "item 0 (id 7)", "decimal degrees", "'n/a'")


def test_missing_keys_is_a_layout_error(tmp_path):
    path = tmp_path / "AM.json"
    path.write_text(json.dumps([{"id": 7, "name": "X", "lat": 1, "lon": 2}]), encoding="utf-8")
    layout_error(gazetteer.clean_places, path, "item 0", "latitude")
