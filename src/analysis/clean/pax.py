"""PA-X Peace Agreements Database (University of Edinburgh) -> one row per agreement.

The download is one CSV (UTF-8 with a BOM) of about 270 columns: identification and
classification first (``Con`` ... ``UcdpCon``), then some 200 coded provisions. Only the
identification, the stage and the parties are kept; provisions are out of scope here. Columns
are found by name; a date, an id or a code outside the codebook's list is an error naming the
file, the line and the column.

PA-X names the parties in free text (``Part``: signatories; ``ThrdPart``: witnesses,
mediators, guarantors). :func:`named_states` finds the states named in such a text with the
spellings listed in ``data/mappings/pax.csv`` (whole words, longest spelling first), so the
reading is a reviewable table, not code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..countries import source_overrides
from ..errors import LayoutError
from . import validate

SOURCE = "pax"
# PA-X codebook (v6) labels of the negotiation stage and the conflict level.
STAGES = {
    "Pre": "pre-negotiation / process", "SubPar": "framework-substantive, partial",
    "SubComp": "framework-substantive, comprehensive", "Imp": "implementation / renegotiation",
    "Ren": "renewal", "Cea": "ceasefire / related", "Oth": "other",
}
AGREEMENT_TYPES = {"Inter": "interstate", "InterIntra": "interstate / intrastate",
                   "Intra": "intrastate", "IntraLocal": "intrastate, local"}
STATUSES = ("Multiparty signed/agreed", "Unilateral document", "Status unclear",
            "Agreement with subsequent status")
# Raw column -> output column.
COLUMNS = {
    "AgtId": "agt_id", "Ver": "agt_version", "Con": "conflict", "Contp": "conflict_type",
    "PP": "process_id", "PPName": "process", "Reg": "region", "Agt": "agreement",
    "Dat": "date", "Status": "status", "Agtp": "agreement_type", "Stage": "stage",
    "StageSub": "stage_sub", "Part": "parties", "ThrdPart": "third_parties",
    "UcdpCon": "ucdp_conflict", "Loc1ISO": "loc1_iso3", "Loc2ISO": "loc2_iso3",
}

SCHEMA = pa.DataFrameSchema(
    {
        "agt_id": pa.Column(int, unique=True),
        "agt_version": pa.Column(int, pa.Check.ge(1)),
        "conflict": pa.Column(str),
        "conflict_type": pa.Column(str),
        "process_id": pa.Column(int),
        "process": pa.Column(str),
        "region": pa.Column(str),
        "agreement": pa.Column(str),
        "date": pa.Column(pa.DateTime),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "agreement_type": pa.Column(str, pa.Check.isin(list(AGREEMENT_TYPES))),
        "stage": pa.Column(str, pa.Check.isin(list(STAGES))),
        "stage_sub": pa.Column(str),
        "parties": pa.Column(str),
        "third_parties": pa.Column(str),
        # UCDP conflict id(s) as PA-X gives them ("388", "289, 308"); None for NA or empty.
        "ucdp_conflict": pa.Column(str, pa.Check.str_matches(r"^\d+(, ?\d+)*$"),
                                   nullable=True),
        "loc1_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "loc2_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
    },
    strict=True,
    coerce=False,
)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def clean_agreements(path: Path) -> pd.DataFrame:
    """Every PA-X agreement: id, version, conflict, process, title, date, status, type,
    stage, parties and third parties (text, whitespace collapsed), UCDP conflict id(s) and
    location codes. Sorted by date and id.

    ``stage`` and ``agreement_type`` keep PA-X's codes (labels in :data:`STAGES` and
    :data:`AGREEMENT_TYPES`).
    """
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise LayoutError(path, "header row (line 1)",
                              f"columns {missing} (found {len(header)} columns starting "
                              f"{header[:6]})")
        rows, lines = [], []
        end = reader.line_num  # free-text fields span lines: a row starts after the last
        for row in reader:
            start, end = end + 1, reader.line_num
            if None in row or None in row.values():
                raise LayoutError(path, f"line {start}", f"{len(header)} fields as in the "
                                  "header")
            rows.append({COLUMNS[k]: row[k] for k in COLUMNS})
            lines.append(start)
    if not rows:
        raise LayoutError(path, "line 2", "at least one agreement")
    raw = pd.DataFrame(rows)

    def refuse(col: str, ok: pd.Series, expected: str) -> None:
        if not ok.all():
            i = int((~ok).to_numpy().argmax())
            raw_col = next(k for k, v in COLUMNS.items() if v == col)
            raise LayoutError(path, f"line {lines[i]}, column {raw_col!r}: "
                              f"{raw[col].iloc[i]!r}", expected)

    for col in ("agt_id", "agt_version", "process_id"):
        refuse(col, raw[col].str.fullmatch(r"\d+"), "a whole number")
        raw[col] = raw[col].astype(int)
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d", errors="coerce")
    refuse("date", dates.notna(), "a date YYYY-MM-DD")
    raw["date"] = dates
    refuse("stage", raw["stage"].isin(list(STAGES)), f"a stage code, one of {list(STAGES)}")
    refuse("agreement_type", raw["agreement_type"].isin(list(AGREEMENT_TYPES)),
           f"an agreement type, one of {list(AGREEMENT_TYPES)}")
    for col in ("agreement", "parties", "third_parties"):
        raw[col] = raw[col].map(_one_line)
    for col in ("ucdp_conflict", "loc1_iso3", "loc2_iso3"):
        raw[col] = raw[col].str.strip()
        raw[col] = raw[col].astype(object).where(~raw[col].isin(["", "NA", "N/A"]), None)
    df = raw.sort_values(["date", "agt_id"], ignore_index=True)
    return validate(SCHEMA, df, path, "PA-X agreements")


def named_states(text: str) -> list[str]:
    """ISO3 codes of the states a PA-X party text names, sorted, each once.

    A state counts when one of its spellings in ``data/mappings/pax.csv`` occurs as a whole
    word ("Armenia" does not match inside "Armenian"); longer spellings are matched first, so
    "Russian Federation" is read once, not also as "Russia".
    """
    spellings = source_overrides(SOURCE)
    found: set[str] = set()
    rest = text
    for name in sorted(spellings, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        if pattern.search(rest):
            found.add(spellings[name])
            rest = pattern.sub(" ", rest)
    return sorted(found)
