"""The claims of the brief, their registry (``data/claims.toml``) and the ledger of verdicts.

Each ``[[claim]]`` of the registry quotes one statement of the brief and says how data can
test it. Notebooks call :func:`record` with the value the data give; the verdict is always
computed here from the registry and the value, never typed. After a run :func:`collect` joins
every notebook's ``claims/<notebook>.json`` into ``claims.csv`` and ``claims.json``.

Registry fields
===============

================  ==========================================================================
id                unique, ``[a-z0-9][a-z0-9-]*``
theme             e.g. ``military``, ``geopolitics``
section           the brief's section: one of :data:`SECTIONS` ("Opening" is the untitled
                  lead section before "Geopolitical Dynamics")
phrase            at most 12 words, exactly as in the brief once line breaks are normalised
                  and words split by "-\\n" are joined (see :func:`normalise_text`)
paraphrase        the claim in plain words, with the quantity it asserts
brief_value       number, ISO date string ("2023", "2023-09", "2023-09-19") or list (sets);
                  optional for context entries
unit              unit of ``brief_value`` and of recorded values
kind              one of :data:`KINDS`
comparison        one of :data:`COMPARISONS` (see :func:`verdict`)
tolerance         band for "supported": relative (numbers), days (dates), share of the brief's
                  members allowed missing (sets)
approx_tolerance  wider band (>= tolerance) for "approximately"
approx_note       how "approximately" is bounded, in words
checkable         optional, default true; false when no open dataset speaks to the claim
reason            required when ``checkable`` is false: why no data can test it
verdict_editions  optional list: the data editions tested against the brief (e.g. the release
                  priced like the brief); rows of other editions are "context" (sensitivity)
verdict_sub_keys  optional list: the sub-keys tested against the brief; other sub-keys (e.g.
                  current prices, another window) are "context" (sensitivity)
notes             the justification of the tolerances, definitions, caveats
================  ==========================================================================

``tolerance``, ``approx_tolerance`` and ``approx_note`` are required for a checkable claim
that is not a context entry.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import io
import json
import math
import numbers
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import files, paths
from .errors import AnalysisError

KINDS = ("number", "ratio", "date", "duration", "share", "set", "context")
NUMERIC_KINDS = ("number", "ratio", "duration", "share")
COMPARISONS = ("approximately", "almost", "at_least", "at_most", "equal", "contains", "context")
SECTIONS = ("Opening", "Geopolitical Dynamics", "Regional Perspectives",
            "Consequences for Western Policies")
VERDICTS = ("supported", "approximately", "contradicted", "not checkable", "context")
MAX_PHRASE_WORDS = 12
SIG_DIGITS = 6
BRIEF_FILE = "geopolitical-echoes-of-the-karabakh-conflict.txt"
NOT_RECORDED = "no notebook recorded a value"

REQUIRED = ("id", "theme", "section", "phrase", "paraphrase", "unit", "kind", "comparison",
            "notes")
OPTIONAL = ("brief_value", "tolerance", "approx_tolerance", "approx_note", "checkable", "reason",
            "verdict_editions", "verdict_sub_keys")
BANDS = ("tolerance", "approx_tolerance", "approx_note")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIG_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Float noise must not move a value across a band edge: edges are inclusive up to this.
_EPS = 1e-9

COLUMNS = ("claim_id", "theme", "section", "phrase", "edition", "sub_key", "kind", "comparison",
           "brief_value", "data_value", "difference", "unit", "tolerance", "approx_tolerance",
           "verdict", "reason", "sources", "figure_ids", "notebook", "note")


class ClaimsError(AnalysisError, ValueError):
    """The registry is malformed, or a claim is recorded in a way the registry forbids."""


@dataclass(frozen=True)
class Claim:
    """One registry entry (see the module docstring for the fields)."""

    id: str
    theme: str
    section: str
    phrase: str
    paraphrase: str
    unit: str
    kind: str
    comparison: str
    notes: str
    brief_value: object = None
    tolerance: float = 0.0
    approx_tolerance: float = 0.0
    approx_note: str = ""
    checkable: bool = True
    reason: str = ""
    verdict_editions: tuple = ()
    verdict_sub_keys: tuple = ()

    def sensitivity_reason(self, edition: str, sub_key: str) -> str:
        """Why a row is shown as sensitivity rather than tested, or "" when it is tested."""
        if self.verdict_editions and str(edition) not in self.verdict_editions:
            return (f"sensitivity: edition {edition} is shown beside the brief; the verdict is "
                    f"given for edition {' / '.join(self.verdict_editions)}")
        if self.verdict_sub_keys and str(sub_key) not in self.verdict_sub_keys:
            return (f"sensitivity: {sub_key!r} is shown beside the brief; the verdict is "
                    f"given for {' / '.join(self.verdict_sub_keys)}")
        return ""

    @property
    def is_context(self) -> bool:
        """A finding the brief does not state: values are recorded without a verdict."""
        return self.kind == "context" or self.comparison == "context"


# --------------------------------------------------------------------------- the brief text


def normalise_text(text: str, keep_hyphen: bool = False) -> str:
    """Join words split across lines ("Azerbai-\\njan" -> "Azerbaijan", or "Moscow-controlled"
    with ``keep_hyphen``), drop soft hyphens and collapse all whitespace to single spaces."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"-[ \t]*\r?\n\s*", "-" if keep_hyphen else "", text)
    return re.sub(r"\s+", " ", text).strip()


def word_count(phrase: str) -> int:
    """Words of a phrase: whitespace-separated tokens holding a letter or digit (a dash is
    not a word)."""
    return sum(1 for t in normalise_text(phrase).split() if any(c.isalnum() for c in t))


def phrase_in_brief(phrase: str, text: str) -> bool:
    """True when ``phrase`` occurs in the brief ``text``, exactly (case and punctuation), after
    normalising both; a line-end hyphen may be a split word or a real compound hyphen."""
    p = normalise_text(phrase)
    return p in normalise_text(text) or p in normalise_text(text, keep_hyphen=True)


def brief_path() -> Path:
    """The brief's text: ``ANALYSIS_BRIEF`` if set, else ``../shared/brief/`` beside the root."""
    env = os.environ.get("ANALYSIS_BRIEF")
    if env:
        return Path(env)
    return (paths.root() / ".." / "shared" / "brief" / BRIEF_FILE).resolve()


def phrases_not_in_brief(registry: dict[str, Claim], text: str) -> list[str]:
    """Ids of the claims whose phrase does not occur in the brief ``text``."""
    return [c.id for c in registry.values() if not phrase_in_brief(c.phrase, text)]


# --------------------------------------------------------------------------- registry


def registry_path() -> Path:
    """``data/claims.toml``."""
    return paths.data_dir() / "claims.toml"


def _date_interval(value, label: str) -> tuple[dt.date, dt.date]:
    """The days an ISO date of year, month or day precision covers."""
    if isinstance(value, dt.datetime | pd.Timestamp):
        d = pd.Timestamp(value).date()
        return d, d
    if isinstance(value, dt.date):
        return value, value
    m = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if not m:
        raise ClaimsError(f"{label}: {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m[1]), m[2], m[3]
    try:
        if d:
            day = dt.date(y, int(mo), int(d))
            return day, day
        if mo:
            last = calendar.monthrange(y, int(mo))[1]
            return dt.date(y, int(mo), 1), dt.date(y, int(mo), last)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError as exc:
        raise ClaimsError(f"{label}: {value!r} is not a valid date: {exc}") from None


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)


def _check_claim(i: int, raw: dict, where: Path) -> Claim:
    label = f"{where}: claim {i + 1} (id={raw.get('id', '?')!r})"
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ClaimsError(f"{label}: unknown key(s) {unknown}; allowed: "
                          f"{list(REQUIRED) + list(OPTIONAL)}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ClaimsError(f"{label}: missing field(s) {missing}")
    for k in (*REQUIRED, "approx_note", "reason"):
        if k in raw and not isinstance(raw[k], str):
            raise ClaimsError(f"{label}: field {k!r} must be a string")
    if not _ID.match(raw["id"]):
        raise ClaimsError(f"{label}: id must match {_ID.pattern}")
    if raw["kind"] not in KINDS:
        raise ClaimsError(f"{label}: kind must be one of {KINDS}, got {raw['kind']!r}")
    if raw["comparison"] not in COMPARISONS:
        raise ClaimsError(f"{label}: comparison must be one of {COMPARISONS}, "
                          f"got {raw['comparison']!r}")
    if raw["section"] not in SECTIONS:
        raise ClaimsError(f"{label}: section must be one of {SECTIONS}, got {raw['section']!r}")
    n = word_count(raw["phrase"])
    if n == 0 or n > MAX_PHRASE_WORDS:
        raise ClaimsError(f"{label}: phrase has {n} words; give 1 to {MAX_PHRASE_WORDS} words "
                          "quoted exactly from the brief")
    checkable = raw.get("checkable", True)
    if not isinstance(checkable, bool):
        raise ClaimsError(f"{label}: checkable must be true or false")
    if not checkable and not raw.get("reason", "").strip():
        raise ClaimsError(f"{label}: a claim that is not checkable needs a reason")
    for k in ("verdict_editions", "verdict_sub_keys"):
        if k in raw:
            if not (isinstance(raw[k], list) and all(isinstance(x, str) for x in raw[k])):
                raise ClaimsError(f"{label}: {k} must be a list of strings")
            raw = {**raw, k: tuple(raw[k])}
    claim = Claim(**raw)
    if claim.is_context:
        return claim
    kind, comp, value = claim.kind, claim.comparison, claim.brief_value
    if value is None:
        raise ClaimsError(f"{label}: missing field ['brief_value']")
    if kind == "set":
        if comp != "contains":
            raise ClaimsError(f"{label}: a set claim uses comparison 'contains'")
        if not (isinstance(value, list) and value and all(isinstance(x, str) for x in value)):
            raise ClaimsError(f"{label}: brief_value of a set claim is a non-empty list of "
                              "strings")
    else:
        if comp == "contains":
            raise ClaimsError(f"{label}: comparison 'contains' is for kind 'set'")
        if kind == "date":
            if not isinstance(value, str):
                raise ClaimsError(f"{label}: brief_value of a date claim is an ISO date string")
            _date_interval(value, label)
        elif not _is_number(value):
            raise ClaimsError(f"{label}: brief_value of a {kind} claim must be a number")
        elif kind == "share" and not 0 <= value <= 1:
            raise ClaimsError(f"{label}: a share is between 0 and 1, got {value!r}")
    if checkable:
        missing = [k for k in BANDS if k not in raw]
        if missing:
            raise ClaimsError(f"{label}: a checkable claim needs {missing} (the bands of "
                              "'supported' and 'approximately')")
    tol, approx = claim.tolerance, claim.approx_tolerance
    if not (_is_number(tol) and _is_number(approx) and 0 <= tol <= approx):
        raise ClaimsError(f"{label}: need 0 <= tolerance <= approx_tolerance, got "
                          f"{tol!r}, {approx!r}")
    if kind == "set" and approx > 1:
        raise ClaimsError(f"{label}: set tolerances are shares of the brief's members (<= 1)")
    return claim


def load_registry(path: Path | None = None) -> dict[str, Claim]:
    """Read and validate the registry; returns claims by id.

    Raises :class:`ClaimsError` naming the claim on an unknown key, a missing field, a
    duplicate id, a phrase over 12 words, a non-checkable claim without a reason, a bad kind,
    comparison, section, brief value or tolerance.
    """
    path = Path(path) if path else registry_path()
    doc = files.read_toml(path, ClaimsError)  # parsed once per file version
    extra = sorted(set(doc) - {"claim"})
    if extra:
        raise ClaimsError(f"{path}: unknown top-level key(s) {extra}; entries are [[claim]]")
    out: dict[str, Claim] = {}
    for i, raw in enumerate(doc.get("claim", [])):
        claim = _check_claim(i, raw, path)
        if claim.id in out:
            raise ClaimsError(f"{path}: claim {i + 1}: duplicate id {claim.id!r}")
        out[claim.id] = claim
    return out


def get(claim_id: str, registry: dict[str, Claim] | None = None) -> Claim:
    """One claim by id; the error names the id and lists close ones."""
    registry = registry if registry is not None else load_registry()
    try:
        return registry[claim_id]
    except KeyError:
        near = difflib.get_close_matches(claim_id, registry, n=5, cutoff=0.4)
        raise ClaimsError(f"claim {claim_id!r} is not in the registry ({registry_path()}); "
                          f"did you mean {near}?") from None


# --------------------------------------------------------------------------- verdicts


def _round(x):
    """An int as is, a float at SIG_DIGITS significant digits: ledgers must not carry float
    noise from one machine to the next."""
    if isinstance(x, numbers.Integral):
        return int(x)
    return float(f"{float(x):.{SIG_DIGITS}g}")


def normalise_value(claim: Claim, value):
    """The JSON form of a data value: a rounded float, an ISO date string, a sorted list."""
    if value is None:
        return None
    label = f"claim {claim.id}"
    if claim.kind == "set" or (claim.is_context and isinstance(value, set | frozenset)):
        if isinstance(value, str) or not isinstance(value, Iterable):
            raise ClaimsError(f"{label}: a set value is a list of strings, got {value!r}")
        return sorted({str(v).strip() for v in value})
    if claim.kind == "date":
        day = _date_interval(value, label)[0]
        return value.strip() if isinstance(value, str) else day.isoformat()
    if claim.is_context:
        if _is_number(value):
            return _round(value)
        if isinstance(value, list | tuple):
            return [_round(v) if _is_number(v) else v for v in value]
        return value
    if not _is_number(value):
        raise ClaimsError(f"{label}: a {claim.kind} value must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ClaimsError(f"{label}: value {value!r} is not finite; use record_not_checkable "
                          "with a reason when the data have no value")
    return _round(value)


def deviation(claim: Claim, value):
    """How far the data are from the brief: relative difference (data/brief - 1) for numbers
    (the absolute difference when the brief says 0), days outside the brief's date for dates
    (positive = later), the brief's members missing from the data for sets; None when there
    is nothing to compare."""
    if value is None or claim.is_context or claim.brief_value is None:
        return None
    if claim.kind == "set":
        return sorted(set(claim.brief_value) - set(value))
    if claim.kind == "date":
        b_lo, b_hi = _date_interval(claim.brief_value, f"claim {claim.id}")
        d_lo, d_hi = _date_interval(value, f"claim {claim.id}")
        if d_lo > b_hi:
            return (d_lo - b_hi).days
        if d_hi < b_lo:
            return (d_hi - b_lo).days
        return 0
    brief = float(claim.brief_value)
    value = float(value)
    return value - brief if brief == 0 else value / brief - 1


def _within(diff: float, tol: float, comparison: str) -> bool:
    if comparison in ("approximately", "equal"):
        return abs(diff) <= tol + _EPS
    if comparison == "almost":  # at, or at most ``tol`` below
        return -tol - _EPS <= diff <= _EPS
    if comparison == "at_least":
        return diff >= -tol - _EPS
    if comparison == "at_most":
        return diff <= tol + _EPS
    raise ClaimsError(f"comparison {comparison!r} has no numeric band")


def verdict(claim: Claim, data_value) -> str:
    """The verdict on a claim given the data's value (one of :data:`VERDICTS`).

    * context entries give "context"; a claim registered as not checkable, or no value,
      gives "not checkable";
    * numbers (number, ratio, duration, share), with d = data/brief - 1, and dates, with d =
      days between the data's date and the brief's (0 when the brief's year or month holds
      it): "supported" when d is in the ``tolerance`` band, "approximately" when in the
      ``approx_tolerance`` band, else "contradicted". Bands by comparison:
      ``approximately``/``equal`` |d| <= t; ``almost`` -t <= d <= 0 for "supported" (at or a
      little below) and |d| <= t for "approximately"; ``at_least`` d >= -t; ``at_most``
      d <= t. Edges are inclusive.
    * sets (``contains``): m = share of the brief's members missing from the data's set;
      "supported" when m <= tolerance, "approximately" when m <= approx_tolerance.
    """
    if claim.is_context:
        return "context" if data_value is not None else "not checkable"
    if not claim.checkable or data_value is None:
        return "not checkable"
    value = normalise_value(claim, data_value)
    diff = deviation(claim, value)
    tol, approx = float(claim.tolerance), float(claim.approx_tolerance)
    if claim.kind == "set":
        missing = len(diff) / len(set(claim.brief_value))
        if missing <= tol + _EPS:
            return "supported"
        return "approximately" if missing <= approx + _EPS else "contradicted"
    if _within(diff, tol, claim.comparison):
        return "supported"
    wide = "approximately" if claim.comparison == "almost" else claim.comparison
    return "approximately" if _within(diff, approx, wide) else "contradicted"


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


def _check_refs(claim_id: str, sources: Iterable[str], figure_ids: Iterable[str]):
    srcs = [sources] if isinstance(sources, str) else list(sources)
    figs = [figure_ids] if isinstance(figure_ids, str) else list(figure_ids)
    if srcs:
        from . import sources as catalog_mod

        catalog = catalog_mod.load_catalog()
        unknown = [s for s in srcs if s not in catalog]
        if unknown:
            raise ClaimsError(f"claim {claim_id}: unknown source id(s) {unknown} "
                              f"(not in {catalog_mod.catalog_path()})")
    bad = [f for f in figs if not isinstance(f, str) or not _FIG_ID.match(f)]
    if bad:
        raise ClaimsError(f"claim {claim_id}: bad figure id(s) {bad}")
    return sorted(set(srcs)), sorted(set(figs))


def _row(claim: Claim, value, *, edition: str, sub_key: str, sources: list[str],
         figure_ids: list[str], note: str, notebook: str, reason: str = "") -> dict:
    """A ledger row; everything but the recorded fields comes from the registry."""
    value = normalise_value(claim, value)
    v = verdict(claim, value)
    sensitivity = claim.sensitivity_reason(edition, sub_key)
    if v == "not checkable":
        reason = claim.reason if not claim.checkable else (reason or NOT_RECORDED)
    elif sensitivity:
        v, reason = "context", sensitivity
    else:
        reason = ""
    diff = deviation(claim, value)
    return {
        "claim_id": claim.id, "theme": claim.theme, "section": claim.section,
        "phrase": normalise_text(claim.phrase), "edition": str(edition),
        "sub_key": str(sub_key), "kind": claim.kind, "comparison": claim.comparison,
        "brief_value": claim.brief_value, "data_value": value,
        "difference": _round(diff) if isinstance(diff, float) else diff,
        "unit": claim.unit, "tolerance": claim.tolerance,
        "approx_tolerance": claim.approx_tolerance, "verdict": v, "reason": reason,
        "sources": sources, "figure_ids": figure_ids, "notebook": notebook, "note": str(note),
    }


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


def record(claim_id: str, data_value, *, edition: str = "", sub_key: str = "",
           sources: Iterable[str] = (), figure_ids: Iterable[str] = (), note: str = "",
           registry: Path | dict[str, Claim] | None = None,
           output: Path | None = None) -> dict:
    """Record the data's value for a registered claim; returns the ledger row.

    The verdict is computed from the registry (:func:`verdict`). The row is kept for this
    process and ``<output>/claims/<notebook stem>.json`` is rewritten atomically (output:
    ``ANALYSIS_OUTPUT_DIR`` or ``build/interactive``). ``edition`` names the data release,
    ``sub_key`` separates several values of one claim (e.g. a country). Recording the same
    (claim, edition, sub_key) again replaces the row. Raises :class:`ClaimsError` for an id not
    in the registry, for a claim registered as not checkable, and for a missing value.
    """
    reg = registry if isinstance(registry, dict) else load_registry(registry)
    claim = get(claim_id, reg)
    if not claim.checkable and not claim.is_context:
        raise ClaimsError(f"claim {claim_id} is registered as not checkable ({claim.reason}); "
                          "set checkable = true in the registry before recording a value, or "
                          "call record_not_checkable")
    if data_value is None:
        raise ClaimsError(f"claim {claim_id}: no value; use record_not_checkable(..., reason=) "
                          "when the data cannot answer")
    srcs, figs = _check_refs(claim_id, sources, figure_ids)
    row = _row(claim, data_value, edition=edition, sub_key=sub_key, sources=srcs,
               figure_ids=figs, note=note, notebook=os.environ.get("ANALYSIS_NOTEBOOK", ""))
    return _store(row, output)


def record_not_checkable(claim_id: str, *, reason: str = "", edition: str = "",
                         sub_key: str = "", note: str = "",
                         registry: Path | dict[str, Claim] | None = None,
                         output: Path | None = None) -> dict:
    """Record that no data test a claim; returns the ledger row (verdict "not checkable").

    The reason is the registry's for a claim registered as not checkable; a checkable claim
    needs ``reason`` (why this run has no value).
    """
    reg = registry if isinstance(registry, dict) else load_registry(registry)
    claim = get(claim_id, reg)
    if claim.checkable and not reason.strip():
        raise ClaimsError(f"claim {claim_id} is checkable in the registry; give reason= to say "
                          "why this run has no value")
    row = _row(claim, None, edition=edition, sub_key=sub_key, sources=[], figure_ids=[],
               note=note, notebook=os.environ.get("ANALYSIS_NOTEBOOK", ""), reason=reason)
    return _store(row, output)


def recorded() -> list[dict]:
    """The rows recorded in this process, in ledger order (for display in a notebook)."""
    return [row for ledger in _LEDGERS.values() for _, row in sorted(ledger.items())]


def reset() -> None:
    """Forget the rows recorded in this process (the files stay)."""
    _LEDGERS.clear()


# --------------------------------------------------------------------------- collecting


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        out = np.format_float_positional(float(v), precision=SIG_DIGITS, unique=False,
                                         fractional=False, trim="-")
        return "0" if out == "-0" else out
    return str(v)


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


def collect(output_dir: Path, registry: Path | dict[str, Claim] | None = None) -> pd.DataFrame:
    """Join every ``<output_dir>/claims/*.json`` into ``claims.csv`` and ``claims.json``.

    Verdicts are recomputed from the registry and the recorded values, so a registry edit
    shows without re-running notebooks. Registry claims no notebook recorded are added as
    "not checkable" (the registry's reason, or "no notebook recorded a value"). Rows are
    sorted by claim_id, edition, sub_key, notebook. A recorded id missing from the registry
    is an error naming the file. Returns the ledger as a DataFrame with :data:`COLUMNS`.
    """
    output_dir = Path(output_dir)
    reg = registry if isinstance(registry, dict) else load_registry(registry)
    rows: list[dict] = []
    folder = output_dir / "claims"
    for p in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        for r in _read_claim_file(p):
            cid = r["claim_id"]
            if cid not in reg:
                raise ClaimsError(f"{p}: claim {cid!r} is not in the registry; re-run the "
                                  "notebook that recorded it or restore the registry entry")
            rows.append(_row(reg[cid], r.get("data_value"), edition=r.get("edition", ""),
                             sub_key=r.get("sub_key", ""), sources=r.get("sources", []),
                             figure_ids=r.get("figure_ids", []), note=r.get("note", ""),
                             notebook=r.get("notebook", ""), reason=r.get("reason", "")))
    seen = {r["claim_id"] for r in rows}
    for claim in reg.values():
        if claim.id not in seen:
            rows.append(_row(claim, None, edition="", sub_key="", sources=[], figure_ids=[],
                             note="", notebook="", reason=NOT_RECORDED))
    rows.sort(key=lambda r: (r["claim_id"], r["edition"], r["sub_key"], r["notebook"]))
    files.write_text(output_dir / "claims.json", _dumps(rows))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([[_cell(r[c]) for c in COLUMNS] for r in rows])
    files.write_text(output_dir / "claims.csv", buf.getvalue())
    return pd.DataFrame(rows, columns=list(COLUMNS))


def as_dict(claim: Claim) -> dict:
    """A claim's registry fields as a dict (for display)."""
    return asdict(claim)
