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
    for cid, (dataset, name, keep, description, release, published) in TABLES.items():
        meta = tomllib.loads((mirror / dataset / "SOURCE.toml").read_text(encoding="utf-8"))
        info = next(f for f in meta["file"] if f["name"] == name)
        with open(mirror / dataset / name, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [r for r in reader if keep(r)]
            fields = list(reader.fieldnames)
        for alias in LOCATOR_ALIASES:
            if alias in fields and "locator" not in fields:
                fields[fields.index(alias)] = "locator"
                for r in rows:
                    r["locator"] = r.pop(alias)
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
