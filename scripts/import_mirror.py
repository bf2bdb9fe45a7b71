"""Regenerate the raw entries of data/sources.toml from a mirror's SOURCE.toml files.

Maintainer tool, run by hand when the mirror gains a dataset:
    python scripts/import_mirror.py ../shared/data
Curated entries already in the catalog are kept as they are; raw entries are rewritten.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "data" / "sources.toml"
ORDER = ("id", "kind", "title", "publisher", "edition", "origin_url", "url", "file", "sha256",
         "bytes", "license", "citation", "coverage", "notes")

# Readable ids where the file name says little; the rest are <dataset>[-<file stem>].
IDS = {
    "sipri-milex/SIPRI-Milex-data-1949-2022.xlsx": "sipri-milex-2023",
    "sipri-milex/SIPRI-Milex-data-1949-2023.xlsx": "sipri-milex-2024",
    "sipri-milex/SIPRI-Milex-data-1949-2024_2.xlsx": "sipri-milex-2025",
    "sipri-arms-transfers/sipri-trade-register-by-delivery-year-generated-2026-02-12.csv":
        "sipri-transfers-by-year",
    "sipri-arms-transfers/sipri-trade-register-generated-2025-03-13.csv":
        "sipri-transfers-register",
    "ei-statreview/bp-stats-review-2022-all-data.xlsx": "ei-statreview-2022",
    "ei-statreview/Statistical Review of World Energy Data.xlsx": "ei-statreview-2023",
    "ei-statreview/EI-Stats-Review-All-Data.xlsx": "ei-statreview-2024",
    "fh-freedom-in-the-world/All_data_FIW_2013-2024.xlsx": "fh-fiw-all-data-2025",
    "fh-freedom-in-the-world/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx":
        "fh-fiw-ratings-1973-2024",
    "ucdp-acd/ucdp-prio-acd-251.csv": "ucdp-acd-25.1",
    "ucdp-acd/ucdp-dyadic-251.csv": "ucdp-dyadic-25.1",
    "ucdp-acd/UcdpPrioConflict_v23_1.csv": "ucdp-acd-23.1",
    "ucdp-brd/BattleDeaths_v24_1.csv": "ucdp-brd-dyadic-24.1",
    "ucdp-brd/BRD_ucdp-brd-conf-v22.1.csv": "ucdp-brd-conflict-22.1",
    "crrc-caucasus-barometer/CB2009_Regional_only_responses_18012011.dta": "crrc-cb-2009",
    "crrc-caucasus-barometer/CB2010_Regional_only_responses_21032011.dta": "crrc-cb-2010",
    "crrc-caucasus-barometer/CB2011_Regional_only_responses_1202012.dta": "crrc-cb-2011",
    "crrc-caucasus-barometer/CB2020_Georgia_response_13.01.2021.dta": "crrc-cb-2020-geo",
    "crrc-cb-2017-2019/CB_Regional_2017.dta": "crrc-cb-2017",
    "crrc-cb-2017-2019/CB2019_Georgia_response_30Jan2020.dta": "crrc-cb-2019-geo",
    "ndi-georgia-polls-2022/NDI_February_2022_NDI_February_2022_20.02.2022_Public.dta":
        "ndi-georgia-2022-02",
    "ndi-georgia-polls-2022/NDI_March_2022_NDI_March_2022_8.04.2022_Public.dta":
        "ndi-georgia-2022-03",
    "ndi-georgia-polls-2022/NDI_July_2022_NDI_July_2022_23.08.2022_Public.dta":
        "ndi-georgia-2022-07",
    "ndi-georgia-polls-2022/NDI_December_2022_11.01.2023_Public.dta": "ndi-georgia-2022-12",
}


def slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9.]+", "-", text.lower())).strip("-.")


def entry_id(dataset: str, name: str, single: bool) -> str:
    key = f"{dataset}/{name}"
    if key in IDS:
        return IDS[key]
    return dataset if single else f"{dataset}-{slug(Path(name).stem)}"


def toml_value(value) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    # A JSON string is a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=False)


def render(entry: dict) -> str:
    keys = [k for k in ORDER if k in entry] + [k for k in entry if k not in ORDER]
    return "[[source]]\n" + "".join(f"{k} = {toml_value(entry[k])}\n" for k in keys)


def raw_entries(mirror: Path) -> list[dict]:
    out = []
    for meta in sorted(mirror.glob("*/SOURCE.toml")):
        dataset = meta.parent.name
        if dataset.startswith("curated-"):
            continue
        files = tomllib.loads(meta.read_text(encoding="utf-8"))["file"]
        for f in files:
            e = {
                "id": entry_id(dataset, f["name"], len(files) == 1), "kind": "raw",
                "title": f["title"], "publisher": f["publisher"], "edition": f["edition"],
                "origin_url": f["origin_url"], "url": f["upstream_url"],
                "file": f"raw/{dataset}/{f['name']}", "sha256": f["sha256"],
                "bytes": f["bytes"], "license": f["license"], "citation": f["citation"],
                "coverage": f["coverage"], "notes": f["notes"],
            }
            if f.get("repo"):
                e["copy"] = {k: f[k] for k in ("repo", "commit", "path", "git_blob") if f.get(k)}
            out.append(e)
    return out


def main(mirror: str) -> None:
    existing = tomllib.loads(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    curated = [e for e in existing.get("source", []) if e["kind"] == "curated"]
    entries = raw_entries(Path(mirror)) + curated
    header = ("# The compendium's data catalog: one [[source]] per file it reads.\n"
              "# Schema: see analysis.sources. Raw entries are generated by\n"
              "# scripts/import_mirror.py from the mirror's SOURCE.toml files; curated entries\n"
              "# are written by scripts/curate.py from the mirror's curated-* folders.\n\n")
    CATALOG.write_text(header + "\n".join(render(e) for e in entries), encoding="utf-8")
    print(f"{CATALOG}: {len(entries)} entries ({len(curated)} curated)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data"))
