"""Regenerate the raw entries of data/sources.toml from a mirror's SOURCE.toml files.

Maintainer tool, run by hand when the mirror gains a dataset:
    python scripts/import_mirror.py ../shared/data
Curated entries already in the catalog are kept as they are; raw entries are rewritten.
Third-party files inside curated-* folders (non-CSV files with a pinned upstream URL, such as
OSM extracts) are raw entries too; the curated CSV tables there are brought in by curate.py.

Every raw file needs a row in RELEASES (dataset, release, published): a mirror file without
one stops the import, so each new file gets a deliberate edition. After writing, the catalog
is validated and every raw entry's sha256 is checked against the mirror.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "data" / "sources.toml"
ORDER = ("id", "kind", "title", "publisher", "edition", "dataset", "release", "published",
         "origin_url", "url", "file", "sha256", "bytes", "license", "citation", "coverage",
         "notes")

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
    "us-aid-by-category/us_foreignaid_greenbook.xlsx": "us-aid-greenbook",
    "wb-inflation/wdi_FP.CPI.TOTL.ZG.csv": "wb-cpi-inflation",
    "wb-inflation/wdi_NY.GDP.DEFL.KD.ZG.csv": "wb-gdp-deflator-inflation",
    "wb-inflation/gid_headline_cpi_inflation_annual.csv": "wb-gid-cpi-inflation",
    "wb-inflation/gid_gdp_deflator_growth_annual.csv": "wb-gid-gdp-deflator-inflation",
    "curated-corridor-network-additions/osm-relation-15664273-train371-tbilisi-yerevan.json":
        "osm-train371-tbilisi-yerevan",
    "curated-corridor-network-additions/hotosm_geo_railways.gpkg": "hotosm-georgia-railways",
}

# Why a date is a bound rather than the publisher's own release date; appended to notes.
_COPY = ("the publisher's version is not recorded in the copy: release and published are the "
         "date the copy was committed, an upper bound on the publication date")
_SNAPSHOT = ("the publisher does not number releases: release and published are the date of "
             "the snapshot used, an upper bound on the publication date")
_UCDP = ("month: UCDP publishes its annual .1 releases in June; the edition text gives the "
         "year only")
_WAVE = "release is the survey wave; published is the date in the public file's name"
_GEM = ("GEM does not version the route files: release and published are the date of the "
        "pinned repository commit")
_OSM = ("OSM extracts have no versions: release is the pinned repository snapshot, published "
        "the date the file last changed (its extraction)")
_CSC = ("no version numbers: release is the repository snapshot (HEAD 2026-08-08), published "
        "the date the file last changed")
_DOTS = ("IMF DOTS vintage not recorded (downloaded c. Jan-Feb 2022, data through 2020): "
         "release and published are the copy's commit date, an upper bound")

# <folder>/<file> -> (dataset, release, published, why the date is what it is or "").
# dataset: the folder, or a finer family where a folder holds several series.
RELEASES: dict[str, tuple[str, str, str, str]] = {
    "boundaries-arm/geoBoundaries-ARM-ADM1_simplified.geojson":
        ("boundaries-arm-adm1", "2023-11-23", "2023-11-23", _COPY),
    "boundaries-arm/who-ARM-ADM2.geojson":
        ("boundaries-arm-adm2", "2023-11-23", "2023-11-23", _COPY),
    "boundaries-aze-adm2/geoBoundaries-AZE-ADM2.geojson":
        ("boundaries-aze-adm2", "2026-07-30", "2026-07-30",
         _COPY + " (the edition text calls it an older gbOpen release)"),
    "cba-money-transfers/transfers_by_countries.xlsx":
        ("cba-money-transfers", "2025-02-18", "2025-02-18",
         _SNAPSHOT + " (downloaded 2025-02-18; data to 2024-12)"),
    "cow-nmc/NMC-60-abridged.csv":
        ("cow-nmc", "6.0", "2021", "year from the file's version column (2021); month not "
         "recorded"),
    "crrc-caucasus-barometer/CB2009_Regional_only_responses_18012011.dta":
        ("crrc-caucasus-barometer", "2009", "2011-01-18", _WAVE),
    "crrc-caucasus-barometer/CB2010_Regional_only_responses_21032011.dta":
        ("crrc-caucasus-barometer", "2010", "2011-03-21", _WAVE),
    "crrc-caucasus-barometer/CB2011_Regional_only_responses_1202012.dta":
        ("crrc-caucasus-barometer", "2011", "2012-02-01", _WAVE + " (1202012 = 1.02.2012)"),
    "crrc-caucasus-barometer/CB2020_Georgia_response_13.01.2021.dta":
        ("crrc-caucasus-barometer", "2020", "2021-01-13", _WAVE + " (Georgia only)"),
    "crrc-cb-2017-2019/CB_Regional_2017.dta":
        ("crrc-caucasus-barometer", "2017", "2017-11-17",
         "CRRC's release date of the regional file is unknown (renamed by the copier); given "
         "is the date of the same wave's Georgia file CB_2017_Georgia_public_17.11.17, a "
         "lower bound"),
    "crrc-cb-2017-2019/CB2019_Georgia_response_30Jan2020.dta":
        ("crrc-caucasus-barometer", "2019", "2020-01-30", _WAVE + " (Georgia only)"),
    "ei-statreview/bp-stats-review-2022-all-data.xlsx":
        ("ei-statreview", "2022", "2022-06", "June 2022 edition per the edition text"),
    "ei-statreview/Statistical Review of World Energy Data.xlsx":
        ("ei-statreview", "2023", "2023-06",
         "month inferred: the copy was committed 2023-06-29 and the Review appears in June "
         "(2022 edition: June 2022); day not recorded"),
    "ei-statreview/EI-Stats-Review-All-Data.xlsx":
        ("ei-statreview", "2024", "2024", "only the year is documented (2024 edition)"),
    "eurostat-eu-trade-russia-neighbours/eu_total_trade_4630244_spreadsheet.xlsx":
        ("eurostat-eu-trade-russia-neighbours", "2023-01-13", "2023-01-13",
         "Eurostat does not number updates: release and published are the dataset's last "
         "update before the extract (extracted 2023-01-22)"),
    "fh-freedom-in-the-world/All_data_FIW_2013-2024.xlsx":
        ("fh-fiw-scores", "2025", "2025-02", "FIW 2025 edition, released February 2025"),
    "fh-freedom-in-the-world/Country_and_Territory_Ratings_and_Statuses_FIW_1973-2024.xlsx":
        ("fh-fiw-ratings", "2024", "2024", "FIW 2024 edition; only the year is documented"),
    "gazetteer-csc-cities/AM.json": ("gazetteer-csc-cities", "2026-08-08", "2025-12-03", _CSC),
    "gazetteer-csc-cities/AZ.json": ("gazetteer-csc-cities", "2026-08-08", "2026-05-28", _CSC),
    "gazetteer-csc-cities/GE.json": ("gazetteer-csc-cities", "2026-08-08", "2025-12-03", _CSC),
    "gazetteer-csc-cities/IR.json": ("gazetteer-csc-cities", "2026-08-08", "2026-07-11", _CSC),
    **{f"gem-pipeline-routes/{p}.geojson": ("gem-pipeline-routes", "2026-04-07", "2026-04-07",
                                            _GEM)
       for p in ("P0449", "P0459", "P0643", "P0644", "P0645", "P0724", "P0751", "P0759",
                 "P0763", "P1472", "P2719", "P5875")},
    "gem-pipeline-routes/europe-gas-tracker-map-data-2024-05.csv":
        ("gem-europe-gas-tracker", "2024-05", "2024-05-16",
         "release is the month in the file name; published the commit date, an upper bound"),
    "gem-pipeline-routes/goit-map-data-2024-06.csv":
        ("gem-oil-infrastructure-tracker", "2024-06", "2024-06-12",
         "release is the month in the file name; published the commit date, an upper bound"),
    **{f"imf-dots-trade/DOTS_{n}.xlsx": ("imf-dots-trade", "2022-02-02", "2022-02-02", _DOTS)
       for n in (9, 13, 76, 95, 162, 200)},
    "naturalearth-admin0/countries-10m.json":
        ("naturalearth-countries-10m", "5.1.2", "2026-07-10",
         "published is the commit date of the world-atlas 3.0.0-beta.2 build of Natural Earth "
         "5.1.2 (Natural Earth's own 5.1.2 date, earlier, is not recorded)"),
    "naturalearth-admin0/countries-50m.json":
        ("naturalearth-countries-50m", "5.1.2", "2026-07-10",
         "same world-atlas 3.0.0-beta.2 build as countries-10m.json (dated 2026-07-10 there)"),
    "naturalearth-admin0/ne_110m_admin_0_countries.json":
        ("naturalearth-countries-110m", "4.0.0", "2017-11-09",
         "date of Natural Earth's 4.0.0 data update commit"),
    "naturalearth-admin0/ne_10m_admin_0_disputed_areas.json":
        ("naturalearth-disputed-areas-10m", "4.0.0", "2017", "only the year is documented"),
    "ndi-georgia-polls-2022/NDI_February_2022_NDI_February_2022_20.02.2022_Public.dta":
        ("ndi-georgia-polls", "2022-02", "2022-02-20", _WAVE),
    "ndi-georgia-polls-2022/NDI_March_2022_NDI_March_2022_8.04.2022_Public.dta":
        ("ndi-georgia-polls", "2022-03", "2022-04-08", _WAVE),
    "ndi-georgia-polls-2022/NDI_July_2022_NDI_July_2022_23.08.2022_Public.dta":
        ("ndi-georgia-polls", "2022-07", "2022-08-23", _WAVE),
    "ndi-georgia-polls-2022/NDI_December_2022_11.01.2023_Public.dta":
        ("ndi-georgia-polls", "2022-12", "2023-01-11", _WAVE),
    **{f"osm-railways-south-caucasus/{name}":
       ("osm-railways-south-caucasus", "2026-04-01", published, _OSM)
       for name, published in (("railways-azerbaijan-bbox.json", "2026-02-26"),
                               ("stations-azerbaijan-bbox.json", "2026-02-26"),
                               ("stations-turkey-bbox.json", "2026-02-26"),
                               ("stations-iran-bbox.json", "2026-02-26"),
                               ("stations-russia-bbox.json", "2026-04-01"),
                               ("manifest.json", "2026-04-01"))},
    "owid-armed-forces-personnel/armed-forces-personnel.csv":
        ("owid-armed-forces-personnel", "2020-08-06", "2020-08-06",
         "OWID does not version grapher downloads: release and published are the copy's "
         "commit date (downloaded in or before August 2020), an upper bound"),
    "owid-bp-statreview-2021/statistical_review_of_world_energy_bp_2021.csv":
        ("owid-bp-statreview", "2021", "2021",
         "BP Statistical Review 2021, only the year documented; OWID's processed input file "
         "itself dates from 2022-03-30"),
    "owid-conflict-deaths/deaths-in-armed-conflicts-based-on-where-they-occurred.csv":
        ("owid-conflict-deaths", "2025", "2025",
         "OWID download 'c. early 2025' (data to 2023): only the year is documented"),
    "pax-peace-agreements/pax_all_agreements_data_v6.csv":
        ("pax-peace-agreements", "6", "2023",
         "release date not recorded; its latest agreement is dated 2023-01-12, so 2023 is a "
         "lower bound"),
    "sipri-arms-transfers/sipri-trade-register-by-delivery-year-generated-2026-02-12.csv":
        ("sipri-transfers-by-year", "2026-02-12", "2026-02-12",
         "a database export: release and published are its 'Data generated' date"),
    "sipri-arms-transfers/sipri-trade-register-generated-2025-03-13.csv":
        ("sipri-transfers-register", "2025-03-13", "2025-03-13",
         "a database export: release and published are its 'Data generated' date"),
    "sipri-milex/SIPRI-Milex-data-1949-2022.xlsx": ("sipri-milex", "2023", "2023-04", ""),
    "sipri-milex/SIPRI-Milex-data-1949-2023.xlsx": ("sipri-milex", "2024", "2024-04", ""),
    "sipri-milex/SIPRI-Milex-data-1949-2024_2.xlsx": ("sipri-milex", "2025", "2025-04", ""),
    "trade-partners/arm_trade_country.csv":
        ("trade-partners-arm", "2025-02-25", "2025-02-25",
         "a third-party compilation without versions: release and published are the date of "
         "the newsletter it was compiled for"),
    "trade-partners/natural_gas_trade_armenia.csv":
        ("trade-partners-arm-gas", "2023-12", "2023-12",
         "extract 'made c. Dec 2023': an approximate month"),
    "ucdp-acd/ucdp-prio-acd-251.csv": ("ucdp-acd", "25.1", "2025-06", _UCDP),
    "ucdp-acd/ucdp-dyadic-251.csv": ("ucdp-dyadic", "25.1", "2025-06", _UCDP),
    "ucdp-acd/UcdpPrioConflict_v23_1.csv": ("ucdp-acd", "23.1", "2023-06", _UCDP),
    "ucdp-brd/BattleDeaths_v24_1.csv": ("ucdp-brd-dyadic", "24.1", "2024-06", _UCDP),
    "ucdp-brd/BRD_ucdp-brd-conf-v22.1.csv": ("ucdp-brd-conflict", "22.1", "2022-06", _UCDP),
    "unhcr-refugee-statistics/population.rda":
        ("unhcr-population", "2025.12.1", "2026-06-25",
         "release is the R package version; published the commit that last changed the file"),
    "unhcr-refugee-statistics/idmc.rda":
        ("unhcr-idmc", "2025.12.1", "2026-06-25",
         "release is the R package version; this file's own commit date is not recorded, "
         "given is that of population.rda in the same package version"),
    "us-aid-by-category/us_foreignaid_greenbook.xlsx":
        ("us-aid-by-category", "2022-08-09", "2022-08-09",
         "Greenbook data 'prepared by USAID Data Services on August 9, 2022'"),
    "us-foreign-assistance/us_foreign_aid_country.csv":
        ("us-foreign-assistance", "2025-04-02", "2025-04-02",
         _SNAPSHOT + " (downloaded before the 2025-04-02 commit)"),
    "vdem-democracy/electoral-democracy-index.csv":
        ("vdem-electoral-democracy", "16", "2026",
         "V-Dem version inferred from the data's end year (2025), as in the edition text; "
         "only the year documented; the OWID download was committed 2026-05-14"),
    "vdem-democracy/liberal-democracy-index.csv":
        ("vdem-liberal-democracy", "13", "2023",
         "V-Dem version inferred from the data's end year (2022), as in the edition text; "
         "only the year documented; the OWID download was committed 2023-12-15"),
    "wb-inflation/wdi_FP.CPI.TOTL.ZG.csv":
        ("wb-cpi-inflation", "2025-07-01", "2025-07-01",
         "the WDI update is not recorded in the file: release and published are the download "
         "date (2025-07-01), an upper bound"),
    "wb-inflation/wdi_NY.GDP.DEFL.KD.ZG.csv":
        ("wb-gdp-deflator-inflation", "2025-07-01", "2025-07-01",
         "the WDI update is not recorded in the file: release and published are the download "
         "date (2025-07-01), an upper bound"),
    "wb-inflation/gid_headline_cpi_inflation_annual.csv":
        ("wb-gid-cpi-inflation", "2024-04", "2024-04", "April 2024 version"),
    "wb-inflation/gid_gdp_deflator_growth_annual.csv":
        ("wb-gid-gdp-deflator-inflation", "2024-04", "2024-04", "April 2024 version"),
    "wdi-gdp/gdp.csv":
        ("wdi-gdp", "2024-10-21", "2024-10-21",
         "datahub does not version its WDI extracts: release and published are the date the "
         "CSV last changed, an upper bound for the WDI vintage"),
    "wdi-oil-rents/API_NY.GDP.PETR.RT.ZS_DS2_en_csv_v2_5363502.csv":
        ("wdi-oil-rents", "2023-03-01", "2023-03-01", "the file's WDI 'Last Updated Date'"),
    "wdi-population/population.csv":
        ("wdi-population", "2026-03-06", "2026-03-06",
         "datahub does not version its WDI extracts: release and published are the date the "
         "CSV last changed, an upper bound for the WDI vintage"),
    "wdi-remittances/API_BX.TRF.PWKR.CD.DT_DS2_en_excel_v2_6000901.xls":
        ("wdi-remittances", "2023-10-26", "2023-10-26", "the file's WDI 'Last Updated Date'"),
    "curated-corridor-network-additions/osm-relation-15664273-train371-tbilisi-yerevan.json":
        ("osm-train371-tbilisi-yerevan", "2026-04-27", "2026-01-27", _OSM),
    "curated-corridor-network-additions/hotosm_geo_railways.gpkg":
        ("hotosm-georgia-railways", "2023-03-03", "2023-03-03",
         "HOT Export Tool export timestamp (gpkg_contents.last_change)"),
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


def is_raw(dataset: str, f: dict) -> bool:
    """Raw entry or curated table? Curated folders hold hand-compiled CSV tables (curate.py
    brings them in) and sometimes third-party files with a pinned URL, which are raw."""
    if not dataset.startswith("curated-"):
        return True
    return bool(f.get("upstream_url")) and not f["name"].lower().endswith(".csv")


def raw_entries(mirror: Path) -> list[dict]:
    out = []
    missing = []
    for meta in sorted(mirror.glob("*/SOURCE.toml")):
        dataset = meta.parent.name
        files = [f for f in tomllib.loads(meta.read_text(encoding="utf-8"))["file"]
                 if is_raw(dataset, f)]
        for f in files:
            key = f"{dataset}/{f['name']}"
            if key not in RELEASES:
                missing.append(key)
                continue
            family, release, published, why = RELEASES[key]
            notes = f["notes"] + (f" Release/published: {why}." if why else "")
            e = {
                "id": entry_id(dataset, f["name"], len(files) == 1), "kind": "raw",
                "title": f["title"], "publisher": f["publisher"], "edition": f["edition"],
                "dataset": family, "release": release, "published": published,
                "origin_url": f["origin_url"], "url": f["upstream_url"],
                "file": f"raw/{dataset}/{f['name']}", "sha256": f["sha256"],
                "bytes": f["bytes"], "license": f["license"], "citation": f["citation"],
                "coverage": f["coverage"], "notes": notes,
            }
            if f.get("repo"):
                e["copy"] = {k: f[k] for k in ("repo", "commit", "path", "git_blob") if f.get(k)}
            out.append(e)
    if missing:
        sys.exit("no RELEASES row (dataset, release, published) for:\n  " + "\n  ".join(missing)
                 + "\nadd one to scripts/import_mirror.py (see the SOURCE.toml edition/notes)")
    stale = sorted(set(RELEASES) - {e["file"].removeprefix("raw/") for e in out})
    if stale:
        sys.exit(f"RELEASES rows for files not in the mirror: {stale}")
    return out


def check(mirror: Path) -> None:
    """Validate the written catalog and re-hash every raw file in the mirror, as
    `analysis data verify` does for the local cache."""
    sys.path.insert(0, str(ROOT / "src"))
    from analysis import sources

    catalog = sources.load_catalog(CATALOG)
    bad = []
    for src in catalog.values():
        if src.kind != "raw":
            continue
        path = mirror / src.mirror_key
        if not path.is_file():
            bad.append(f"{src.id}: {path} missing")
        elif sources.sha256_file(path) != src.sha256:
            bad.append(f"{src.id}: {path} sha256 differs from the catalog")
    if bad:
        sys.exit("catalog does not match the mirror:\n  " + "\n  ".join(bad))
    print(f"checked: {len(catalog)} entries valid, every raw file matches the mirror's sha256")


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
    check(Path(mirror))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared" / "data"))
