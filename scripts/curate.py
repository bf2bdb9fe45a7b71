"""Bring hand-compiled facts from the mirror's curated-* folders into data/curated/.

Maintainer tool: python scripts/curate.py [MIRROR]
Each table below picks the rows the compendium uses, keeps value, unit, date, source title,
URL and confidence, and shortens the locator (no long quotations: the line/para reference,
or the first words of a quoted passage). Then it writes the curated catalog entries, with
sha256 and size, into data/sources.toml (raw entries are left as they are).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_mirror import CATALOG, ROOT, render  # noqa: E402

MAX_WORDS = 12
NOTE_WORDS = 40  # free-text notes are cut too, so no long quotation slips in through them

# --------------------------------------------------------------------------- row shapers
# Mirror tables of the corridors notebook keep their provenance under other names
# (quote_or_location, attribute_source_url, coord_source_detail, source_dataset): each
# shaper maps one mirror row to the curated layout. Rules for the provenance columns:
# * source_url: the stated URL; for a coordinate copied from another mirror file, that file's
#   pinned upstream URL (its SOURCE.toml), or the OSM node's page for an OSM station point,
#   or the repository at the commit named (Natural Earth populated places).
# * confidence of a coordinate: "high" when copied verbatim from a catalogued dataset (Natural
#   Earth, GEM, OSM), "medium" for the community gazetteer or a stored page, lowered to what
#   the compiler's note says ("confidence low-medium" -> "low") or to "low" for points the
#   compiler flagged low_confidence or rejected; empty when there is no coordinate.
# * confidence of a GEM route identification: confirmed -> high, probable -> medium,
#   inferred -> low (the compiler's own words).


def _cut(text: str, n: int) -> str:
    words = re.sub(r"\s+", " ", text or "").strip().split(" ")
    return " ".join(words) if len(words) <= n else " ".join(words[:n]).rstrip(",;:") + " ..."


def _upstream(mirror: Path, dataset: str, name: str) -> str:
    meta = tomllib.loads((mirror / dataset / "SOURCE.toml").read_text(encoding="utf-8"))
    return next(f["upstream_url"] for f in meta["file"] if f["name"] == name)


def _renamed(row: dict, **names) -> dict:
    """The row with columns renamed (new=old) and notes cut to NOTE_WORDS."""
    out = {}
    olds = {old: new for new, old in names.items()}
    for k, v in row.items():
        out[olds.get(k, k)] = v
    if "notes" in out:
        out["notes"] = _cut(out["notes"], NOTE_WORDS)
    return out


def _quoted(row: dict, mirror: Path) -> dict:
    """Tables that already cite per row but call the locator quote_or_location."""
    return _renamed(row, locator="quote_or_location")


def _link(row: dict, mirror: Path) -> dict:
    return _renamed(row, source_title="attribute_source_title",
                    source_url="attribute_source_url", locator="quote_or_location")


def _coord_confidence(source: str, notes: str) -> str:
    stated = re.search(r"confidence (low|medium|high)", notes)
    if stated:
        return stated.group(1)
    return {"Natural Earth": "high", "Global Energy Monitor": "high", "OpenStreetMap": "high",
            "gazetteer": "medium", "stored page": "medium"}.get(source, "")


def _node(row: dict, mirror: Path) -> dict:
    src, detail = row["coord_source"], row["coord_source_detail"]
    title = url = locator = ""
    if src == "Natural Earth":
        repo, commit = re.search(r"([\w.-]+/[\w.-]+)@([0-9a-f]{7,40})", detail).groups()
        title, url = "Natural Earth 10m populated places v4.0.0", \
            f"https://github.com/{repo}/tree/{commit}"
        locator = detail.split("); ", 1)[-1]
    elif src == "Global Energy Monitor":
        route = re.search(r"P\d{4}\.geojson", detail).group(0)
        title = "Global Energy Monitor, GOIT-GGIT pipeline routes"
        url = _upstream(mirror, "gem-pipeline-routes", route)
        locator = detail.split("; ", 1)[-1]
    elif src == "OpenStreetMap":
        node = re.search(r"osm_node=(\d+)", detail).group(1)
        title, url = "OpenStreetMap station extract (njfinney/Asia_Railway_Calculator)", \
            f"https://www.openstreetmap.org/node/{node}"
        locator = detail.split("; ", 1)[-1]
    elif src == "gazetteer":
        name = re.search(r"\b([A-Z]{2}\.json)", detail).group(1)
        title = f"Countries States Cities Database, {name}"
        url = _upstream(mirror, "gazetteer-csc-cities", name)
        locator = detail.split(f"{name} ", 1)[-1]
    elif src == "stored page":
        url = re.search(r"https?://\S+", detail).group(0)
        title, _, printed = detail.partition(url)[0].partition(": '")
        title = title if printed else title.strip()  # page and article name
        locator = f"coordinates as printed: {printed.strip()}".rstrip("'")
    out = {k: row[k] for k in ("node_id", "name", "country_iso3", "node_type", "lat", "lon",
                               "coord_source")}
    out.update(source_title=title, source_url=url, locator=locator,
               confidence=_coord_confidence(src, row["notes"]) if row["lat"] else "",
               admin_unit=row["admin_unit_in_boundaries"], notes=_cut(row["notes"], NOTE_WORDS))
    return out


def _coordinate(row: dict, mirror: Path) -> dict:
    ds, name, rid = row["source_dataset"], row["source_file"], row["source_row_id"]
    url = title = ""
    if ds == "osm-railways-south-caucasus":
        url = "https://www.openstreetmap.org/node/" + re.search(r"osm_node=(\d+)", rid).group(1)
        title = f"OpenStreetMap station extract {name} (njfinney/Asia_Railway_Calculator)"
    elif ds:
        url, title = _upstream(mirror, ds, name), f"Countries States Cities Database, {name}"
    conf = ""
    if row["lat"]:
        conf = "low" if row["status"] in ("low_confidence", "rejected") else \
            ("high" if ds == "osm-railways-south-caucasus" else "medium")
    out = {k: row[k] for k in ("node_id", "name", "status", "lat", "lon")}
    out.update(source_title=title, source_url=url,
               locator=f"{rid}; {row['source_name']}" if rid else "", confidence=conf,
               boundary_check=row["boundary_check"], notes=_cut(row["notes"], NOTE_WORDS))
    return out


def _route_index(row: dict, mirror: Path) -> dict:
    ident = row["identification"]
    out = {k: row[k] for k in ("project_id", "file", "pipeline", "fuel", "identification",
                               "countries", "gem_status", "gem_capacity", "gem_capacity_unit",
                               "gem_source_row")}
    out.update(source_title=f"Global Energy Monitor route file {row['file']}",
               source_url=_upstream(mirror, "gem-pipeline-routes", row["file"]),
               locator=row["identification_basis"],
               confidence="high" if ident.startswith("confirmed") else
               ("medium" if ident.startswith("probable") else "low"))
    return out



# id -> (mirror dataset, file, row filter, catalog description, release, published[, shape]).
# A curated table is its own dataset (dataset = id); release and published date the
# compilation in the mirror folder (its SOURCE.toml edition). The optional
# ``shape(row, mirror)``
# returns the row in the curated layout (columns renamed or picked, provenance columns
# source_title, source_url, locator and confidence filled by a stated rule) for mirror tables
# that do not already have it; without one, rows are kept as they are.
TABLES = {
    "curated-war-dates": (
        "curated-conflict-timeline", "conflict_timeline.csv",
        lambda r: r["category"] in {"war", "ceasefire", "agreement / ceasefire"}
        and r["date"][:4] in {"2016", "2020", "2023"},
        "Start and end dates of the wars of 2016, 2020 and 2023 (rows of the curated timeline)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages and files"
    ),
    # The conflict timeline notebook (00_conflict_timeline).
    "curated-conflict-timeline": (
        "curated-conflict-timeline", "conflict_timeline.csv", lambda r: True,
        "Dated events of the Nagorno-Karabakh conflict 1921-2024 (the whole curated timeline)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages and files"
    ),
    "curated-timeline-additions": (
        "curated-timeline-additions", "timeline_additions.csv",
        lambda r: r["category"] in {"conflict_origins", "conflict_violence",
                                    "mediation_basic_principles", "armenia_domestic",
                                    "tur_aze_alliance"},
        "Dated events the brief names that the curated timeline lacks: the conflict's origins "
        "1987-88, the Basic Principles, the Turkey-Azerbaijan treaties, the Velvet Revolution",
        "2025", "2025",  # edition: "compiled from stored public web pages; 72 rows ..."
    ),
    "curated-displacement": (
        "curated-displacement", "displacement_population.csv", lambda r: True,
        "Displacement and population facts of the Karabakh conflict 1923-2024 (estimates, "
        "stocks, the running counts of the 2023 exodus)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages and files"
    ),
    "curated-conflict-casualties": (
        "curated-conflict-casualties", "reported_casualties.csv", lambda r: True,
        "Published casualty figures of the Karabakh conflict other than UCDP's (official and "
        "widely reported counts, 1988-2023)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages and files"
    ),
    "curated-nkao-census": (
        "curated-nkao-census", "census.csv", lambda r: True,
        "Population of the NKAO / NKR by census year, one row per source (disagreements kept)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages"
    ),
    "curated-corridor-nodes": (
        "curated-corridor-network", "nodes.csv", lambda r: True,
        "South Caucasus corridor network: nodes (cities, terminals, border points), coordinates "
        "with their source", "2025", "2025", _node,
    ),
    "curated-corridor-links": (
        "curated-corridor-network", "links.csv", lambda r: True,
        "South Caucasus corridor network: links (pipelines, rail, road) with mode, status and "
        "published length", "2025", "2025", _link,
    ),
    "curated-corridor-facts": (
        "curated-corridor-network", "corridor_facts.csv", lambda r: True,
        "South Caucasus corridor facts (lengths, capacities, dates, the EU 2027 gas target)",
        "2025", "2025", _quoted,
    ),
    "curated-corridor-coordinates": (
        "curated-corridor-coordinates", "coordinates.csv", lambda r: True,
        "Coordinates for corridor nodes that lacked them, with the compiler's status",
        "2026", "2026", _coordinate,
    ),
    "curated-corridor-node-additions": (
        "curated-corridor-network-additions", "nodes_additions.csv", lambda r: True,
        "Corridor network node additions and coordinate supplements (North-South, BTK, "
        "Tbilisi-Yerevan)", "2026", "2026", _node,
    ),
    "curated-corridor-link-additions": (
        "curated-corridor-network-additions", "links_additions.csv", lambda r: True,
        "Corridor network link additions (rail and road of the North-South and East-West "
        "comparisons)", "2026", "2026", _link,
    ),
    "curated-gem-route-index": (
        "curated-gem-route-index", "gem_route_index.csv", lambda r: True,
        "Index of GEM pipeline route files: pipeline name, fuel, identification, tracker row",
        "2025", "2025", _route_index,
    ),
    "curated-border-closures": (
        "curated-timeline-additions", "timeline_additions.csv",
        lambda r: r["category"] in {"blockade_borders", "connectivity"},
        "Dated facts on Armenia's closed borders (blockades 1989-1990, closures 1991 and 1993) "
        "and the Crossroads of Peace (rows of the timeline additions)",
        "2024-06", "2024-06", _quoted,  # edition: events 1987-10-17 .. 2024-06-12
    ),
    "curated-crossroads-of-peace": (
        "curated-conflict-timeline", "conflict_timeline.csv",
        lambda r: "Crossroads of Peace" in r["event"],
        "Presentation of the Crossroads of Peace project (row of the curated timeline)",
        "2025", "2025",
    ),
    "curated-gas-exports-europe": (
        "curated-azerbaijan-gas-exports", "azerbaijan_gas_exports_europe.csv", lambda r: True,
        "Azerbaijani gas exports to Europe and the EU 2027 target (official statements)",
        "2024-10", "2024-10", _quoted,  # edition: statements dated Apr 2022 - Oct 2024
    ),
    "curated-gas-flows": (
        "curated-gas-exports", "azerbaijan_gas_flows_by_destination.csv", lambda r: True,
        "Azerbaijani gas exports by destination, TANAP flows and production (official "
        "statements)", "2025", "2025", _quoted,  # edition: statements Feb 2021 - early 2025
    ),
    "curated-karabakh-territory": (
        "curated-karabakh-territory", "karabakh_territory_facts.csv", lambda r: True,
        "Areas of Nagorno-Karabakh and the surrounding districts, and the 2020 territorial "
        "losses (published figures)", "2025", "2025", _quoted,
    ),
    # The Western policy notebook (04_western_policy). The mirror gives no compilation date
    # for the milestones and NIT tables; like the mirror's other curations they are dated 2025.
    "curated-western-milestones": (
        "curated-western-milestones", "western_milestones.csv", lambda r: True,
        "Western milestones of Armenia, Azerbaijan and Georgia, 1992-2023 (NATO, EU, OSCE "
        "and Turkish ties; the whole curated table)",
        "2025", "2025",  # edition: "compiled from public web pages; events 1992-2023"
    ),
    "curated-western-additions": (
        "curated-timeline-additions", "timeline_additions.csv",
        lambda r: r["category"] in {"eu_integration", "western_policy",
                                    "armenia_west_security"},
        "Western ties of the South Caucasus states, 1988-2023 (EU integration, Western policy "
        "and Armenia's security ties with the West: rows of the timeline additions)",
        "2024-06", "2024-06",  # edition: "72 rows, events 1987-10-17 .. 2024-06-12"
    ),
    "curated-nations-in-transit": (
        "curated-nations-in-transit", "nit_scores_curated.csv", lambda r: True,
        "Freedom House Nations in Transit scores, editions 2007-2024 (Democracy Scores and "
        "Percentages of Armenia, Azerbaijan, Georgia and Russia; incomplete panel, both scales)",
        "2025", "2025",  # edition: "NIT editions 2007-2024 (years covered 2006-2023)"
    ),
    # The claims ledger notebook (05_claims_ledger): events since the brief.
    "curated-since-the-brief": (
        "curated-since-the-brief", "events_2024_2025.csv", lambda r: True,
        "Events after the brief (January 2024 to February 2026), each labelled with the "
        "brief's expectation it bears on (the whole curated table)",
        "2026-02", "2026-02",  # edition: events 2024-01-24 .. 2026-02-23, compiled 2026
    ),
    # Russian influence (notebook 02): published polls, presence events, economic facts.
    "curated-opinion-russia": (
        "curated-opinion-russia", "opinion_russia_south_caucasus.csv", lambda r: True,
        "Published poll percentages on Russia, the EU, NATO and the EAEU in Armenia and "
        "Georgia (CRRC, IRI, NDI, MPG), polls 2013-2026",
        "2025", "2025",  # edition: "compiled 2025 from public web pages; polls 2013-2026"
    ),
    "curated-opinion-armenia-additions": (
        "curated-opinion-armenia-additions", "opinion_additions.csv", lambda r: True,
        "Published Armenian poll percentages on Russia and other partners with sample sizes "
        "and fieldwork dates, polls 2019-2025",
        "2025", "2025",  # edition: "compiled 2025 from stored copies of public web pages"
    ),
    "curated-russian-presence": (
        "curated-russian-presence", "russian_presence_events.csv", lambda r: True,
        "Russian military and security presence in the South Caucasus: dated events and "
        "figures (bases, peacekeepers, border guards, CSTO, EAEU), 1992-2025",
        "2025", "2025",  # edition: "compiled 2025 from public web pages; events 1992-2025"
    ),
    "curated-russia-timeline": (
        "curated-timeline-additions", "timeline_additions.csv",
        lambda r: r["category"] in {"platform_3plus3", "russia_csto"},
        "Dated steps of the 3+3 regional platform (1999-2021) and of Armenia's turn away from "
        "the CSTO (2023-2024): rows of the timeline additions",
        "2024-06", "2024-06",  # edition: "72 rows, events 1987-10-17 .. 2024-06-12"
    ),
    "curated-russia-since-brief": (
        "curated-since-the-brief", "events_2024_2025.csv", lambda r: r["theme"] == "russia",
        "Events on Russia in the South Caucasus after the brief (CSTO, border guards, 3+3, "
        "trade), 2023-10 to 2026-01: rows of the post-brief events table",
        "2026", "2026",  # edition: "compiled 2026 from stored public web pages"
    ),
    "curated-trade-aze-geo": (
        "curated-trade-aze-geo-2021-2024", "trade_facts_aze_geo_2021_2024.csv", lambda r: True,
        "Azerbaijan's and Georgia's merchandise trade with main partners, 2021-2024 "
        "(national customs and statistics figures as published)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages"
    ),
    "curated-economic-dependence": (
        "curated-economic-dependence", "economic_dependence_facts.csv", lambda r: True,
        "Georgia's trade by partner in 2023 and remittance-dependence figures for Armenia and "
        "Georgia (as published)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages"
    ),
    "curated-migrant-stock": (
        "curated-migrant-stock", "migrant_stock_to_russia.csv", lambda r: True,
        "Migrants born in Armenia, Azerbaijan and Georgia living in Russia (UN DESA "
        "International Migrant Stock 2024), 1990-2024",
        "2024", "2024",  # edition: "UN DESA International Migrant Stock 2024"
    ),
}
# Some mirror tables call their locator column "quote_or_location"; every curated table calls
# it "locator" (and shortens it), so the shared provenance schema reads them all.
LOCATOR_ALIASES = ("quote_or_location",)


def short_locator(text: str) -> str:
    """'line 168: "long quote ..."' -> 'line 168: "first words ..."' (at most MAX_WORDS)."""
    text = re.sub(r"\s+", " ", text).strip()
    words = text.split(" ")
    if len(words) <= MAX_WORDS:
        return text
    cut = " ".join(words[:MAX_WORDS]).rstrip(",;:")
    if cut.count('"') % 2:
        cut += ' ..."'
    else:
        cut += " ..."
    return cut


def main(mirror: Path) -> None:
    catalog = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    raw = [e for e in catalog["source"] if e["kind"] == "raw"]
    curated = {e["id"]: e for e in catalog["source"] if e["kind"] == "curated"}
    for cid, (dataset, name, keep, description, release, published, *shaper) in \
            TABLES.items():
        meta = tomllib.loads((mirror / dataset / "SOURCE.toml").read_text(encoding="utf-8"))
        info = next(f for f in meta["file"] if f["name"] == name)
        with open(mirror / dataset / name, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [r for r in reader if keep(r)]
            fields = list(reader.fieldnames)
        for alias in () if shaper else LOCATOR_ALIASES:  # a shaper builds its own locator
            if alias in fields and "locator" not in fields:
                fields[fields.index(alias)] = "locator"
                for r in rows:
                    r["locator"] = r.pop(alias)
        if shaper:
            rows = [shaper[0](r, mirror) for r in rows]
            fields = list(rows[0]) if rows else fields
        for r in rows:
            r["locator"] = short_locator(r["locator"])
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        data = buf.getvalue().encode("utf-8")
        out = ROOT / "data" / "curated" / f"{cid.removeprefix('curated-')}.csv"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        curated[cid] = {
            "id": cid, "kind": "curated", "title": description, "publisher": info["publisher"],
            "edition": info["edition"], "dataset": cid, "release": release,
            "published": published, "origin_url": info["origin_url"], "url": "",
            "file": f"curated/{out.name}", "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data), "license": info["license"],
            # A compilation without a citation of its own is cited by its compiler.
            "citation": info["citation"] or info["publisher"],
            "coverage": f"{len(rows)} rows selected from {dataset}/{name}",
            "notes": f"Selected rows of {dataset}/{name}; locators shortened to at most "
                     f"{MAX_WORDS} words. Source notes: {info['notes']}",
        }
        print(f"{out.relative_to(ROOT)}: {len(rows)} rows")
    lines = CATALOG.read_text(encoding="utf-8").splitlines(keepends=True)
    header = "".join(line for line in lines[:10] if line.startswith("#")) + "\n"
    entries = raw + [curated[k] for k in sorted(curated)]
    CATALOG.write_text(header + "\n".join(render(e) for e in entries), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
