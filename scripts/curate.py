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
