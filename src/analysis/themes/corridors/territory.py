"""Areas of Nagorno-Karabakh, the former autonomous oblast (NKAO) and the districts around it,
computed from polygons in an equal-area projection, and the 2020 losses estimated from them.

What the data hold and what they do not:

* the area held by Armenian forces from 1994 to 2020 is Natural Earth 4.0.0's breakaway
  polygon "Nagorno-Karabakh" (2017 data);
* Azerbaijan's district polygons (geoBoundaries ADM2) follow the post-1992 division: the
  oblast has no polygon of its own. It is approximated by the units that replaced it
  (:data:`NKAO_UNITS`) plus the part of Tartar District inside the breakaway polygon (the
  former Mardakert district was split between Tartar and Kalbajar in 1992; Kalbajar's share
  cannot be separated and is missing, as is the Azerbaijani-held part of Mardakert);
* there is no line of contact of 10 November 2020: the loss in the war is estimated as the
  held parts of the four southern districts taken in the war (:data:`WAR_DISTRICTS`), Shusha,
  and the former oblast's Hadrut district by its published area (it lies inside Khojavend
  District and has no polygon); the area ceded after the ceasefire as the held parts of the
  three districts the 10 November statement returned (:data:`CEDED_DISTRICTS`), which
  includes the Lachin corridor (5 km wide; no polygon) and, because Kalbajar District's
  post-1992 polygon takes in part of former Mardakert, land that stayed Armenian-held.

Areas are in km2 in an Albers equal-area conic projection centred on the region
(:data:`EQUAL_AREA`); :func:`geodesic_km2` gives the ellipsoidal area as a check.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from pyproj import Geod

EQUAL_AREA = ("+proj=aea +lat_1=38.5 +lat_2=41.5 +lat_0=40 +lon_0=46.5 +datum=WGS84 "
              "+units=m +no_defs")
BREAKAWAY = "Nagorno-Karabakh"
# geoBoundaries names of the units that replaced the oblast in 1991-1992.
NKAO_UNITS = ("Khojaly District", "Khojavend District", "Shusha District", "Shusha City",
              "Khankendi City")
MARDAKERT_SHARE = "Tartar District"  # only its part inside the breakaway polygon counts
SEVEN_DISTRICTS = ("Agdam District", "Fuzuli District", "Jabrayil District",
                   "Zangilan District", "Qubadli District", "Lachin District",
                   "Kalbajar District")
WAR_DISTRICTS = ("Fuzuli District", "Jabrayil District", "Zangilan District",
                 "Qubadli District")
SHUSHA = ("Shusha District", "Shusha City")
CEDED_DISTRICTS = ("Agdam District", "Kalbajar District", "Lachin District")
# Published facts (curated-karabakh-territory) the estimates and comparisons use.
HADRUT_FACT = "NKAO_DIST_HADRUT"
NKAO_FACT = "NKAO_AREA_VK"
DISTRICT_FACTS = {"Agdam District": "AGDAM_AREA", "Fuzuli District": "FUZULI_AREA",
                  "Jabrayil District": "JABRAYIL_AREA", "Zangilan District": "ZANGILAN_AREA",
                  "Qubadli District": "QUBADLI_AREA", "Lachin District": "LACHIN_AREA",
                  "Kalbajar District": "KALBAJAR_AREA_RU", "Shusha District": "SHUSHA_AREA"}
GEOD = Geod(ellps="WGS84")


def km2(geom) -> float:
    """Area of a geometry in EPSG:4326, km2, in the equal-area projection."""
    import geopandas as gpd

    return float(gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0] / 1e6)


def geodesic_km2(geom) -> float:
    """Ellipsoidal area of a geometry in EPSG:4326, km2 (a check on :func:`km2`)."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def district_table(districts, held) -> pd.DataFrame:
    """Each district's area and the area of its part inside the held polygon ``held``
    (EPSG:4326 geometries; areas km2, equal-area): name, area_km2, held_km2, held_share."""
    import geopandas as gpd

    d = districts.to_crs(EQUAL_AREA)
    h = gpd.GeoSeries([held], crs="EPSG:4326").to_crs(EQUAL_AREA).iloc[0]
    out = pd.DataFrame({"name": d["name"].to_numpy(), "area_km2": d.area.to_numpy() / 1e6,
                        "held_km2": d.intersection(h).area.to_numpy() / 1e6})
    out = out.groupby("name", as_index=False).sum()  # "Lankaran District" is split in two
    out["held_share"] = out["held_km2"] / out["area_km2"]
    return out


def _fact(facts: pd.DataFrame, fact_id: str) -> float:
    hit = facts.loc[facts["fact_id"] == fact_id, "value"]
    if hit.empty or hit.isna().all():
        raise ValueError(f"published fact {fact_id} has no value in curated-karabakh-territory")
    return float(hit.iloc[0])


@dataclass
class Estimates:
    """Areas (km2) from polygons and published figures (:func:`estimates`)."""

    held_km2: float            # the 1994-2020 breakaway polygon
    held_geodesic_km2: float
    held_outside_km2: float    # part of it outside every district polygon (boundary mismatch)
    nkao_approx_km2: float
    nkao_published_km2: float
    war_polygons_km2: float    # held parts of the four southern districts and Shusha
    hadrut_published_km2: float
    war_km2: float             # war_polygons + Hadrut
    ceded_km2: float
    remaining_km2: float       # held - war - ceded
    table: pd.DataFrame        # district_table


def estimates(districts, held, facts: pd.DataFrame) -> Estimates:
    """The areas of the module docstring from the district polygons, the breakaway polygon
    ``held`` and the curated published figures ``facts``."""
    t = district_table(districts, held).set_index("name")
    missing = sorted(set(NKAO_UNITS + SEVEN_DISTRICTS + (MARDAKERT_SHARE,)) - set(t.index))
    if missing:
        raise ValueError(f"district polygons missing: {missing}")
    held_total = km2(held)
    inside = float(t["held_km2"].sum())
    nkao = float(t.loc[list(NKAO_UNITS), "area_km2"].sum() + t.at[MARDAKERT_SHARE, "held_km2"])
    war_poly = float(t.loc[list(WAR_DISTRICTS + SHUSHA), "held_km2"].sum())
    hadrut = _fact(facts, HADRUT_FACT)
    ceded = float(t.loc[list(CEDED_DISTRICTS), "held_km2"].sum())
    war = war_poly + hadrut
    return Estimates(held_km2=held_total, held_geodesic_km2=geodesic_km2(held),
                     held_outside_km2=held_total - inside, nkao_approx_km2=nkao,
                     nkao_published_km2=_fact(facts, NKAO_FACT), war_polygons_km2=war_poly,
                     hadrut_published_km2=hadrut, war_km2=war, ceded_km2=ceded,
                     remaining_km2=held_total - war - ceded, table=t.reset_index())


def compare_published(est: Estimates, facts: pd.DataFrame) -> pd.DataFrame:
    """Polygon areas next to the published ones: the seven districts, Shusha, their held
    parts against the published total of the Armenian-held surrounding territories, and the
    former oblast. Columns: unit, polygon_km2, published_km2, difference (polygon/published
    - 1), published_fact, what (whole unit or held part)."""
    t = est.table.set_index("name")
    rows = []
    for name, fid in DISTRICT_FACTS.items():
        poly = t.at[name, "area_km2"] + (t.at["Shusha City", "area_km2"]
                                         if name == "Shusha District" else 0.0)
        rows.append({"unit": name.replace(" District", ""), "polygon_km2": poly,
                     "published_km2": _fact(facts, fid), "published_fact": fid,
                     "what": "whole district"})
    rows.append({"unit": "seven districts, held part",
                 "polygon_km2": float(t.loc[list(SEVEN_DISTRICTS), "held_km2"].sum()),
                 "published_km2": _fact(facts, "SURROUNDING_TOTAL"),
                 "published_fact": "SURROUNDING_TOTAL", "what": "held part (1994-2020)"})
    rows.append({"unit": "former oblast (approx.)", "polygon_km2": est.nkao_approx_km2,
                 "published_km2": est.nkao_published_km2, "published_fact": NKAO_FACT,
                 "what": "units that replaced it"})
    out = pd.DataFrame(rows)
    out["difference"] = out["polygon_km2"] / out["published_km2"] - 1
    return out


def published_losses(facts: pd.DataFrame, held_km2: float) -> pd.DataFrame:
    """The published loss shares applied to the held area, and the published absolute
    figures: source, measure (war, ceded, total, remaining), value_km2, how."""
    share = {f: _fact(facts, f) / 100 for f in ("LOSS_WAR_PCT", "LOSS_AGREEMENT_PCT",
                                                  "LOSS_TOTAL_PCT", "REMAIN_PCT")}
    rows = [
        {"source": "Mikaelyan (shares) x polygon", "measure": m, "value_km2": share[f] * held_km2,
         "how": f"{share[f]:.2%} of the breakaway polygon's {held_km2:,.0f} km2"}
        for m, f in (("war", "LOSS_WAR_PCT"), ("ceded", "LOSS_AGREEMENT_PCT"),
                     ("total", "LOSS_TOTAL_PCT"), ("remaining", "REMAIN_PCT"))
    ]
    before, after = _fact(facts, "PRE_WAR_AREA_TABAKIAN"), _fact(facts, "POST_WAR_AREA_TABAKIAN")
    rows += [{"source": "Tabakian (areas)", "measure": "total", "value_km2": before - after,
              "how": f"{before:,.0f} km2 before the war minus {after:,.0f} km2 after"},
             {"source": "Tabakian (areas)", "measure": "remaining", "value_km2": after,
              "how": "published area after the ceasefire"}]
    return pd.DataFrame(rows)


def equal_area(geoms):
    """Geometries in EPSG:4326 projected to :data:`EQUAL_AREA` (a GeoSeries)."""
    import geopandas as gpd

    return gpd.GeoSeries(list(geoms), crs="EPSG:4326").to_crs(EQUAL_AREA)
