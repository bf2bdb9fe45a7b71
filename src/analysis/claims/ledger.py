"""Recording claim values in notebooks and collecting them into the ledger.

Notebooks call :func:`record` with the value the data give for one edition and one part of a
claim (a part is a small dict such as ``{"window": "2006-2022", "country": "AZE"}``). After a
run :func:`collect` joins every notebook's ``claims/<notebook>.json`` into

* ``claims.csv`` / ``claims.json``: every recorded row, each with its verdict, or "context"
  for rows of other editions, windows or measures (shown beside the brief, not tested);
* ``ledger.csv`` / ``ledger.json``: one row per claim with its verdict **then** (the edition
  of record: the latest release published by the brief's date) and **now** (the latest
  release in the catalog), each from the values the registry says are comparable.

Verdicts are recomputed from the registry at every collection, so a registry edit shows
without re-running notebooks.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import files, paths
from ..formatting import format_value, round_sig
from .registry import BRIEF_DATE, Claim, ClaimsError, date_interval, get, load_registry
from .verdicts import combine, deviation, normalise_value, verdict

NOT_RECORDED = "no notebook recorded a value"
COLUMNS = ("claim_id", "theme", "section", "phrase", "edition", "sub_key", "kind", "comparison",
           "brief_value", "data_value", "difference", "unit", "tolerance", "approx_tolerance",
           "verdict", "reason", "sources", "figure_ids", "notebook", "note")
LEDGER_COLUMNS = ("claim_id", "theme", "section", "phrase", "brief_value", "unit",
                  "edition_then", "value_then", "verdict_then", "edition_now", "value_now",
                  "verdict_now", "reason", "sources", "figure_ids", "notebook")
_FIG_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")


# --------------------------------------------------------------------------- parts


def sub_key(part: dict | None) -> str:
    """The canonical text of a part: ``key=value`` pairs sorted by key, joined by ``; ``."""
    if not part:
        return ""
    if not isinstance(part, dict):
        raise ClaimsError(f"a part is a dict such as {{'window': '2006-2022'}}, got {part!r}")
    return "; ".join(f"{k}={part[k]}" for k in sorted(part))


def matches(part: dict, tested: dict) -> bool:
    """True when a recorded part has every key-value of the registry's ``tested`` filter."""
    return all(str(part.get(k)) == v for k, v in tested.items())


# --------------------------------------------------------------------------- editions


@dataclass(frozen=True)
class Editions:
    """Which edition a claim's "then" and "now" verdicts read, and any note about it."""

    then: str
    now: str
    then_note: str = ""


def editions(claim: Claim, catalog=None) -> Editions:
    """The editions of record (then) and of current data (now) for a claim.

    With a ``dataset``: then is ``edition_then`` or the latest release published by
    :data:`BRIEF_DATE`; if that release is not in the catalog, the nearest held release
    stands in and the note says so. Now is ``edition_now`` or the latest release held.
    Without a dataset both are ``edition_then``/``edition_now`` (default "").
    """
    if not claim.dataset:
        then = claim.edition_then
        return Editions(then, claim.edition_now or then)
    from .. import sources

    held = sources.releases(claim.dataset, catalog)
    if not held:
        raise ClaimsError(f"claim {claim.id}: dataset {claim.dataset!r} has no release in the "
                          "catalog")
    labels = list(dict.fromkeys(s.release for s in held))  # oldest first, one per release
    known = [s.release for s in held if sources.published_interval(s)[0] <= BRIEF_DATE]
    record = known[-1] if known else ""
    then = claim.edition_then or record
    note = ""
    if then not in labels:
        stand_in = record or labels[0]
        what = (f"the edition of record {then} is not in the catalog" if then else
                f"the catalog holds no release of {claim.dataset} published by {BRIEF_DATE}")
        note = f"{what}; {stand_in}, the nearest held, stands in"
        then = stand_in
    return Editions(then, claim.edition_now or labels[-1], note)


def role(claim: Claim, eds: Editions, edition: str, part: dict) -> list[str]:
    """Which verdicts a recorded row feeds: ``["then"]``, ``["now"]``, both, or none."""
    out = []
    if edition == eds.then and matches(part, claim.parts_tested(now=False)):
        out.append("then")
    if edition == eds.now and matches(part, claim.parts_tested(now=True)):
        out.append("now")
    return out


# --------------------------------------------------------------------------- recording


def _output_dir() -> Path:
    # Same rule as analysis.figures.output_dir (not imported: claims must not need matplotlib).
    env = os.environ.get("ANALYSIS_OUTPUT_DIR")
    return Path(env) if env else paths.build_dir() / "interactive"


def notebook_stem() -> str:
    """The running notebook's file stem (``ANALYSIS_NOTEBOOK``), or ``interactive``."""
    nb = os.environ.get("ANALYSIS_NOTEBOOK")
    return Path(nb).stem if nb else "interactive"


def _dumps(obj) -> str:
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _check_refs(claim_id: str, srcs: Iterable[str], figs: Iterable[str]):
    srcs = [srcs] if isinstance(srcs, str) else list(srcs)
    figs = [figs] if isinstance(figs, str) else list(figs)
    if srcs:
        from .. import sources as catalog_mod

        catalog = catalog_mod.load_catalog()
        unknown = [s for s in srcs if s not in catalog]
        if unknown:
            raise ClaimsError(f"claim {claim_id}: unknown source id(s) {unknown} "
                              f"(not in {catalog_mod.catalog_path()})")
    bad = [f for f in figs if not isinstance(f, str) or not f or set(f) - _FIG_ID_CHARS]
    if bad:
        raise ClaimsError(f"claim {claim_id}: bad figure id(s) {bad}")
    return sorted(set(srcs)), sorted(set(figs))


def _row(claim: Claim, value, *, edition: str, part: dict, unit: str, sources: list[str],
         figure_ids: list[str], note: str, notebook: str, reason: str = "",
         eds: Editions | None = None) -> dict:
    """A claims.csv row; the verdict comes from the registry, "context" for untested rows."""
    value = normalise_value(claim, value)
    v = verdict(claim, value)
    if v == "not checkable":
        reason = claim.reason if not claim.checkable else (reason or NOT_RECORDED)
    elif v != "context" and eds is not None and not role(claim, eds, edition, part):
        v = "context"
        reason = _context_reason(claim, eds, edition, part)
    else:
        reason = ""
    diff = deviation(claim, value)
    return {
        "claim_id": claim.id, "theme": claim.theme, "section": claim.section,
        "phrase": claim.phrase, "edition": str(edition), "part": dict(part),
        "sub_key": sub_key(part), "kind": claim.kind, "comparison": claim.comparison,
        "brief_value": claim.brief_value, "data_value": value,
        "difference": round_sig(diff) if isinstance(diff, float) else diff,
        "unit": unit or claim.unit, "tolerance": claim.tolerance,
        "approx_tolerance": claim.approx_tolerance, "verdict": v, "reason": reason,
        "sources": sources, "figure_ids": figure_ids, "notebook": notebook, "note": str(note),
    }


def _context_reason(claim: Claim, eds: Editions, edition: str, part: dict) -> str:
    if edition not in (eds.then, eds.now):
        return (f"context: edition {edition} is shown beside the brief; the verdicts read "
                f"{eds.then} (then) and {eds.now} (now)")
    tested = claim.parts_tested(now=edition == eds.now)
    return (f"context: {sub_key(part) or 'this value'} is shown beside the brief; the verdict "
            f"tests {sub_key(tested)}")


# Rows recorded in this process, per claims file, keyed by (claim_id, edition, sub_key) so a
# re-run cell replaces its row instead of adding a second one.
_LEDGERS: dict[Path, dict[tuple[str, str, str], dict]] = {}


def _key(row: dict) -> tuple[str, str, str]:
    return row["claim_id"], row["edition"], row["sub_key"]


def _store(row: dict, output: Path | None) -> dict:
    target = Path(output if output is not None else _output_dir()) / "claims" / \
        f"{notebook_stem()}.json"
    ledger = _LEDGERS.setdefault(target.resolve(), {})
    ledger[_key(row)] = row
    files.write_text(target, _dumps([ledger[k] for k in sorted(ledger)]))
    return dict(row)


def _registry(registry) -> dict[str, Claim]:
    return registry if isinstance(registry, dict) else load_registry(registry)


def record(claim_id: str, data_value, *, edition: str = "", part: dict | None = None,
           unit: str = "", sources: Iterable[str] = (), figure_ids: Iterable[str] = (),
           note: str = "", registry: Path | dict[str, Claim] | None = None,
           output: Path | None = None) -> dict:
    """Record the data's value for a registered claim; returns the ledger row.

    ``edition`` names the data release (as the catalog's ``release``); ``part`` separates
    several values of one claim (``{"window": "2006-2022", "country": "AZE"}``); ``unit``
    states the value's actual unit when it differs from the registry's (e.g. another price
    year). Recording the same (claim, edition, part) again replaces the row. The row is
    written to ``<output>/claims/<notebook stem>.json`` (output: ``ANALYSIS_OUTPUT_DIR`` or
    ``build/interactive``). Raises :class:`ClaimsError` for an id not in the registry, for a
    claim registered as not checkable, and for a missing value.
    """
    reg = _registry(registry)
    claim = get(claim_id, reg)
    if not claim.checkable and not claim.is_context:
        raise ClaimsError(f"claim {claim_id} is registered as not checkable ({claim.reason}); "
                          "set checkable = true in the registry before recording a value, or "
                          "call record_not_checkable")
    if data_value is None:
        raise ClaimsError(f"claim {claim_id}: no value; use record_not_checkable(..., reason=) "
                          "when the data cannot answer")
    srcs, figs = _check_refs(claim_id, sources, figure_ids)
    row = _row(claim, data_value, edition=str(edition), part=dict(part or {}), unit=unit,
               sources=srcs, figure_ids=figs, note=note,
               notebook=os.environ.get("ANALYSIS_NOTEBOOK", ""))
    return _store(row, output)


def record_not_checkable(claim_id: str, *, reason: str = "", edition: str = "",
                         part: dict | None = None, note: str = "",
                         registry: Path | dict[str, Claim] | None = None,
                         output: Path | None = None) -> dict:
    """Record that no data test a claim (or this edition of it); returns the row.

    The reason is the registry's for a claim registered as not checkable; a checkable claim
    needs ``reason`` (why this run has no value, e.g. why the edition is not comparable: the
    ledger shows it as "not comparable" when it concerns the edition read "now").
    """
    claim = get(claim_id, _registry(registry))
    if claim.checkable and not reason.strip():
        raise ClaimsError(f"claim {claim_id} is checkable in the registry; give reason= to say "
                          "why this run has no value")
    row = _row(claim, None, edition=str(edition), part=dict(part or {}), unit="", sources=[],
               figure_ids=[], note=note, notebook=os.environ.get("ANALYSIS_NOTEBOOK", ""),
               reason=reason)
    return _store(row, output)


def recorded() -> list[dict]:
    """The rows recorded in this process, in ledger order (for display in a notebook)."""
    return [row for ledger in _LEDGERS.values() for _, row in sorted(ledger.items())]


def reset() -> None:
    """Forget the rows recorded in this process (the files stay)."""
    _LEDGERS.clear()


# --------------------------------------------------------------------------- the ledger


def _judge(claim: Claim, rows: list[dict], edition: str, now: bool) -> tuple:
    """(value, verdict, reason) of a claim for one edition, from its tested rows."""
    if not claim.checkable and not claim.is_context:
        return None, "not checkable", claim.reason
    if now and claim.not_comparable:
        return None, "not comparable", claim.not_comparable
    tested = claim.parts_tested(now)
    cand = [r for r in rows if r["edition"] == edition and matches(r["part"], tested)]
    valued = [r for r in cand if r["data_value"] is not None]
    if not valued:
        why = next((r["reason"] for r in cand if r["reason"]), "")
        if now:
            return None, "not comparable", why or f"no comparable value for edition {edition}"
        return None, "not checkable", why or NOT_RECORDED
    if claim.kind == "date" and not now:
        known = [r for r in valued if date_interval(r["data_value"], claim.id)[0] <= BRIEF_DATE]
        if not known:
            dates = ", ".join(str(r["data_value"]) for r in valued)
            return None, "not yet", f"not yet by {BRIEF_DATE}: it happened on {dates}"
        valued = known
    verdicts = [verdict(claim, r["data_value"]) for r in valued]
    if len(valued) == 1:
        value = valued[0]["data_value"]
    else:
        value = "; ".join(f"{r['sub_key']}: {format_value(r['data_value'])}" for r in valued)
    result = "context" if claim.is_context else combine(verdicts)
    reason = ""
    if len(valued) > 1 and not claim.is_context:
        reason = "weakest of its parts: " + "; ".join(
            f"{r['sub_key']} {v}" for r, v in zip(valued, verdicts, strict=True))
    return value, result, reason


def summary(claim: Claim, rows: list[dict], catalog=None) -> dict:
    """The ledger row of one claim: its value and verdict then and now, with the reasons."""
    eds = editions(claim, catalog)
    v_then, then, why_then = _judge(claim, rows, eds.then, now=False)
    v_now, now, why_now = _judge(claim, rows, eds.now, now=True)
    reasons = []
    if eds.then_note:
        reasons.append(f"then: {eds.then_note}")
    if why_then and why_then == why_now:
        reasons.append(why_then)
    else:
        reasons += [f"then: {why_then}"] * bool(why_then) + [f"now: {why_now}"] * bool(why_now)
    mine = [r for r in rows if r["data_value"] is not None]
    return {
        "claim_id": claim.id, "theme": claim.theme, "section": claim.section,
        "phrase": claim.phrase, "brief_value": claim.brief_value, "unit": claim.unit,
        "edition_then": eds.then, "value_then": v_then, "verdict_then": then,
        "edition_now": eds.now, "value_now": v_now, "verdict_now": now,
        "reason": " | ".join(reasons),
        "sources": sorted({s for r in mine for s in r["sources"]}),
        "figure_ids": sorted({f for r in mine for f in r["figure_ids"]}),
        "notebook": sorted({r["notebook"] for r in rows if r["notebook"]}),
    }


def _read_claim_file(p: Path) -> list[dict]:
    try:
        rows = json.loads(p.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ClaimsError(f"{p}: not valid JSON: {exc}") from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) and "claim_id" in r
                                             for r in rows):
        raise ClaimsError(f"{p}: not a claims file written by analysis.claims.record "
                          "(a list of rows with claim_id)")
    return rows


def _csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[format_value(r[c]) for c in columns] for r in rows])
    return buf.getvalue()


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return  # unchanged: keep the file (and its mtime) as it is
    except OSError:
        pass
    files.write_text(path, text)


def compute(output_dir: Path, registry: Path | dict[str, Claim] | None = None,
            catalog=None) -> tuple[list[dict], list[dict]]:
    """The ledger of ``<output_dir>/claims/*.json``, without writing anything: ``(rows,
    summary)`` as :func:`collect` writes them (a notebook that runs after the others reads
    the ledger this way)."""
    output_dir = Path(output_dir)
    reg = _registry(registry)
    eds = {cid: editions(c, catalog) for cid, c in reg.items()}
    rows: list[dict] = []
    folder = output_dir / "claims"
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        for r in _read_claim_file(p):
            cid = r["claim_id"]
            if cid not in reg:
                raise ClaimsError(f"{p}: claim {cid!r} is not in the registry; re-run the "
                                  "notebook that recorded it or restore the registry entry")
            rows.append(_row(reg[cid], r.get("data_value"), edition=r.get("edition", ""),
                             part=r.get("part") or {}, unit=r.get("unit", ""),
                             sources=r.get("sources", []), figure_ids=r.get("figure_ids", []),
                             note=r.get("note", ""), notebook=r.get("notebook", ""),
                             reason=r.get("reason", ""), eds=eds[cid]))
    figures = output_dir / "figures"
    for r in rows:
        missing = [f for f in r["figure_ids"] if not (figures / f"{f}.json").is_file()]
        if missing:
            who = r["notebook"] or "a notebook"
            raise ClaimsError(f"claim {r['claim_id']} (recorded by {who}) names figure(s) "
                              f"{missing} that {output_dir} does not have; save the figure "
                              "or correct figure_ids")
    seen = {r["claim_id"] for r in rows}
    for claim in reg.values():
        if claim.id not in seen:
            rows.append(_row(claim, None, edition="", part={}, unit="", sources=[],
                             figure_ids=[], note="", notebook="", reason=NOT_RECORDED))
    rows.sort(key=lambda r: (r["claim_id"], r["edition"], r["sub_key"], r["notebook"]))
    by_claim: dict[str, list[dict]] = {}
    for r in rows:
        by_claim.setdefault(r["claim_id"], []).append(r)
    ledger = [summary(reg[cid], by_claim[cid], catalog) for cid in sorted(by_claim)]
    return rows, ledger


def collect(output_dir: Path, registry: Path | dict[str, Claim] | None = None,
            catalog=None) -> tuple[list[dict], list[dict]]:
    """Join every ``<output_dir>/claims/*.json`` into the ledger files (see the module
    docstring); returns ``(rows, summary)``.

    A recorded id missing from the registry, or a figure id the folder does not have, is an
    error naming the file or claim. Registry claims no notebook recorded appear as "not
    checkable" (the registry's reason, or "no notebook recorded a value"). Files are rewritten
    only when their content changes.
    """
    output_dir = Path(output_dir)
    rows, ledger = compute(output_dir, registry, catalog)
    _write_if_changed(output_dir / "claims.json", _dumps(rows))
    _write_if_changed(output_dir / "claims.csv", _csv(rows, COLUMNS))
    _write_if_changed(output_dir / "ledger.json", _dumps(ledger))
    _write_if_changed(output_dir / "ledger.csv", _csv(ledger, LEDGER_COLUMNS))
    return rows, ledger


def lookup(claim_id: str, edition: str = "", **part) -> dict:
    """The row recorded in this process for one claim, edition and part (for a notebook's
    findings, so the verdict quoted there is the ledger's); KeyError if none."""
    key = sub_key({k: str(v) for k, v in part.items()})
    for row in recorded():
        if row["claim_id"] == claim_id and row["edition"] == str(edition) \
                and row["sub_key"] == key:
            return row
    raise KeyError(f"no row recorded for claim {claim_id!r}, edition {edition!r}, part "
                   f"{key or '(none)'}")
