"""Computations of the claims-ledger notebook: the ledger of every theme read from the folder
the other notebooks published into, verdict counts then and now, where the brief and the data
disagree and why, and the events since the brief by expectation."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from .. import claims, paths
from ..formatting import format_value

THEME = "since"  # this notebook's own claims: the brief's expectations
VERDICT_ORDER = ("supported", "approximately", "contradicted", "not yet", "not comparable",
                 "not checkable", "context")
DISAGREE = ("contradicted", "approximately")


def target_folder() -> Path:
    """Where the other notebooks of this run published (``ANALYSIS_TARGET_DIR``), or
    ``results/`` in an interactive session."""
    env = os.environ.get("ANALYSIS_TARGET_DIR")
    return Path(env) if env else paths.results_dir()


def ledger(folder: Path | None = None) -> pd.DataFrame:
    """One row per claim of the other themes with its verdicts then and now (the columns of
    ``results/ledger.csv``); the notebook's own expectation entries are left out."""
    _, summary = claims.compute(folder or target_folder())
    df = pd.DataFrame(summary)
    return df[df["theme"] != THEME].reset_index(drop=True)


def verdict_counts(df: pd.DataFrame) -> pd.DataFrame:
    """Claims per theme, verdict and time (then, now). Columns: theme, when, verdict, claims."""
    parts = []
    for when in ("then", "now"):
        g = df.groupby(["theme", f"verdict_{when}"]).size().rename("claims").reset_index()
        parts.append(g.rename(columns={f"verdict_{when}": "verdict"}).assign(when=when))
    out = pd.concat(parts, ignore_index=True)
    out["order"] = out["verdict"].map({v: i for i, v in enumerate(VERDICT_ORDER)})
    out = out.sort_values(["theme", "when", "order"], ignore_index=True)
    return out[["theme", "when", "verdict", "claims"]]


def disagreements(df: pd.DataFrame) -> pd.DataFrame:
    """Claims the data contradict or only approximately support, then or now, and claims
    whose verdict changed between then and now, with why (the ledger's reason)."""
    hit = df["verdict_then"].isin(DISAGREE) | df["verdict_now"].isin(DISAGREE) | \
        (df["verdict_then"] != df["verdict_now"])
    cols = ["claim_id", "theme", "phrase", "brief_value", "unit", "edition_then", "value_then",
            "verdict_then", "edition_now", "value_now", "verdict_now", "reason"]
    return df.loc[hit, cols].reset_index(drop=True)


def why(row) -> str:
    """What kind of disagreement a ledger row shows, in words, from its verdicts."""
    then, now = row["verdict_then"], row["verdict_now"]
    if then != now and then in ("supported", "approximately") and now in DISAGREE:
        return "a later edition of the data revised it"
    if then == "not yet":
        return "it happened after the brief was written"
    if now == "not comparable":
        return "later data are not comparable as published"
    if then in DISAGREE:
        return "the data the authors could have used already disagree"
    return "the verdict changed between editions"


def sentence(row) -> str:
    """One line of the account of a disagreement, every value from the ledger."""
    def val(v, edition):
        shown = format_value(v) if v is not None and v == v else "no value"
        return f"{shown} ({edition or 'as published'})"

    return (f"`{row['claim_id']}` (“{claims.normalise_text(row['phrase'])}”, brief "
            f"{format_value(row['brief_value'])} {row['unit']}): {row['verdict_then']} then, "
            f"{val(row['value_then'], row['edition_then'])}; {row['verdict_now']} now, "
            f"{val(row['value_now'], row['edition_now'])}. Why: {why(row)}.")


def events_by_expectation(events: pd.DataFrame) -> dict[str, list[str]]:
    """``{expectation: ["YYYY-MM-DD event ...", ...]}`` in date order, each event shortened to
    its first clause (the full text and source are in data/curated/since-the-brief.csv)."""
    out: dict[str, list[str]] = {}
    for r in events.sort_values("start").itertuples():
        text = r.event.split(";")[0].split(" (")[0].strip()
        out.setdefault(r.expectation, []).append(f"{r.date}: {text[:90]}")
    return out
