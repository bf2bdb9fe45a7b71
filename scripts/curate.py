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

# id -> (mirror dataset, file, row filter, catalog description, release, published).
# A curated table is its own dataset (dataset = id); release and published date the
# compilation in the mirror folder (its SOURCE.toml edition).
TABLES = {
    "curated-war-dates": (
        "curated-conflict-timeline", "conflict_timeline.csv",
        lambda r: r["category"] in {"war", "ceasefire", "agreement / ceasefire"}
        and r["date"][:4] in {"2016", "2020", "2023"},
        "Start and end dates of the wars of 2016, 2020 and 2023 (rows of the curated timeline)",
        "2025", "2025",  # edition: "compiled 2025 from public web pages and files"
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
# The mirror's tables call the short reference to the place in the source either "locator"
# or "quote_or_location"; the curated tables always call it "locator".
LOCATOR_COLUMNS = ("locator", "quote_or_location")


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
    for cid, (dataset, name, keep, description, release, published) in TABLES.items():
        meta = tomllib.loads((mirror / dataset / "SOURCE.toml").read_text(encoding="utf-8"))
        info = next(f for f in meta["file"] if f["name"] == name)
        with open(mirror / dataset / name, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [r for r in reader if keep(r)]
            fields = reader.fieldnames
        column = next(c for c in LOCATOR_COLUMNS if c in fields)
        for r in rows:
            r["locator"] = short_locator(r.pop(column))
        fields = ["locator" if c == column else c for c in fields]
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
            "bytes": len(data), "license": info["license"], "citation": info["citation"],
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
