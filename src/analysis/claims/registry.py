"""The claims registry: ``data/claims/<theme>.toml``, one ``[[claim]]`` per statement.

Each claim quotes one statement of the brief and says how data test it, both as of the brief
(the edition of record) and on current data. Ids are unique across files; a claim's theme is
its file's name. Files whose name starts with ``_`` are not claims (e.g. ``_excluded.toml``).

Fields
======

================  ==========================================================================
id                unique, ``[a-z0-9][a-z0-9-]*``
section           the brief's section: one of :data:`SECTIONS` ("Opening" is the untitled
                  lead section before "Geopolitical Dynamics")
phrase            at most 12 words, exactly as printed in the brief (curly apostrophes and
                  capitals included) once line breaks are normalised and words split by
                  "-\\n" are joined (see :func:`normalise_text`)
paraphrase        the claim in plain words, with the quantity it asserts
brief_value       number, ISO date string ("2023", "2023-09", "2023-09-19") or list (sets);
                  optional for context entries
unit              unit of ``brief_value`` and of the values tested against it
kind              one of :data:`KINDS`
comparison        one of :data:`COMPARISONS` (see :func:`analysis.claims.verdicts.verdict`)
tolerance         band for "supported": relative (numbers), days (dates), share of the brief's
                  members allowed missing (sets)
approx_tolerance  wider band (>= tolerance) for "approximately"
approx_note       how "approximately" is bounded, in words
checkable         optional, default true; false when no open dataset speaks to the claim
reason            required when ``checkable`` is false: why no data can test it
dataset           optional catalog dataset (``analysis.sources``) whose releases the values
                  come from: "then" is the latest release published by :data:`BRIEF_DATE`,
                  "now" the latest release in the catalog
edition_then      optional: the edition of record, when it is not the catalog's release as of
                  the brief (e.g. one the catalog lacks: the nearest release held stands in)
edition_now       optional: the edition "now" is read from, when not the latest release
tested            optional table ``{part = value}``: the recorded parts (window, country,
                  measure ...) tested against the brief; other parts are context
tested_now        optional table: the parts tested "now", when they differ from ``tested``
                  (e.g. a window ending in a later year)
comparable        how values of later editions are made comparable with the brief (same
                  window, price year, definition); required with ``dataset``
not_comparable    optional: why no value on current data can be compared with the brief
notes             the justification of the tolerances, definitions, caveats
================  ==========================================================================

``tolerance``, ``approx_tolerance`` and ``approx_note`` are required for a checkable claim
that is not a context entry.
"""

from __future__ import annotations

import calendar
import datetime as dt
import numbers
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from .. import files, paths
from ..errors import AnalysisError, did_you_mean

KINDS = ("number", "ratio", "date", "duration", "share", "set", "context")
NUMERIC_KINDS = ("number", "ratio", "duration", "share")
COMPARISONS = ("approximately", "almost", "at_least", "at_most", "equal", "contains", "context")
SECTIONS = ("Opening", "Geopolitical Dynamics", "Regional Perspectives",
            "Consequences for Western Policies")
MAX_PHRASE_WORDS = 12
BRIEF_FILE = "geopolitical-echoes-of-the-karabakh-conflict.txt"
# "Then" is what was known when the brief was written (published December 2023).
BRIEF_DATE = dt.date(2023, 12, 31)

REQUIRED = ("id", "section", "phrase", "paraphrase", "unit", "kind", "comparison", "notes")
OPTIONAL = ("theme", "brief_value", "tolerance", "approx_tolerance", "approx_note",
            "checkable", "reason", "dataset", "edition_then", "edition_now", "tested",
            "tested_now", "comparable", "not_comparable")
BANDS = ("tolerance", "approx_tolerance", "approx_note")
STRINGS = (*REQUIRED, "theme", "approx_note", "reason", "dataset", "edition_then",
           "edition_now", "comparable", "not_comparable")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


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
    dataset: str = ""
    edition_then: str = ""
    edition_now: str = ""
    tested: dict = field(default_factory=dict)
    tested_now: dict = field(default_factory=dict)
    comparable: str = ""
    not_comparable: str = ""

    @property
    def is_context(self) -> bool:
        """A finding the brief does not state: values are recorded without a verdict."""
        return self.kind == "context" or self.comparison == "context"

    def parts_tested(self, now: bool) -> dict:
        """The part filter of the values tested then (``now=False``) or now."""
        return dict(self.tested_now or self.tested) if now else dict(self.tested)


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


# --------------------------------------------------------------------------- dates


def date_interval(value, label: str) -> tuple[dt.date, dt.date]:
    """The days an ISO date of year, month or day precision covers."""
    import pandas as pd

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


def is_number(v) -> bool:
    """A real number, not a bool."""
    return isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_)


# --------------------------------------------------------------------------- registry


def registry_path() -> Path:
    """``data/claims/``: the registry folder."""
    return paths.claims_dir()


def registry_files(path: Path | None = None) -> list[Path]:
    """The registry's TOML files (one per theme), sorted; a single file is its own registry."""
    path = Path(path) if path else registry_path()
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ClaimsError(f"{path}: no claims registry (a folder of <theme>.toml files)")
    return sorted(p for p in path.glob("*.toml") if not p.name.startswith("_"))


def _check_claim(i: int, raw: dict, where: Path) -> Claim:
    label = f"{where}: claim {i + 1} (id={raw.get('id', '?')!r})"
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise ClaimsError(f"{label}: unknown key(s) {unknown}; allowed: "
                          f"{list(REQUIRED) + list(OPTIONAL)}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise ClaimsError(f"{label}: missing field(s) {missing}")
    for k in STRINGS:
        if k in raw and not isinstance(raw[k], str):
            raise ClaimsError(f"{label}: field {k!r} must be a string")
    theme = where.stem
    if raw.get("theme", theme) != theme:
        raise ClaimsError(f"{label}: theme {raw['theme']!r} differs from its file's theme "
                          f"{theme!r}; move the claim or drop the field")
    raw = {**raw, "theme": theme}
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
    for k in ("tested", "tested_now"):
        if k in raw and not (isinstance(raw[k], dict) and all(
                isinstance(v, str | int) for v in raw[k].values())):
            raise ClaimsError(f"{label}: {k} must be a table of part = value (strings or "
                              "integers)")
        if k in raw:
            raw = {**raw, k: {str(a): str(b) for a, b in raw[k].items()}}
    if raw.get("dataset") and not raw.get("comparable", "").strip():
        raise ClaimsError(f"{label}: a claim with a dataset needs 'comparable': how values of "
                          "later editions are made comparable with the brief")
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
            date_interval(value, label)
        elif not is_number(value):
            raise ClaimsError(f"{label}: brief_value of a {kind} claim must be a number")
        elif kind == "share" and not 0 <= value <= 1:
            raise ClaimsError(f"{label}: a share is between 0 and 1, got {value!r}")
    if checkable:
        missing = [k for k in BANDS if k not in raw]
        if missing:
            raise ClaimsError(f"{label}: a checkable claim needs {missing} (the bands of "
                              "'supported' and 'approximately')")
    tol, approx = claim.tolerance, claim.approx_tolerance
    if not (is_number(tol) and is_number(approx) and 0 <= tol <= approx):
        raise ClaimsError(f"{label}: need 0 <= tolerance <= approx_tolerance, got "
                          f"{tol!r}, {approx!r}")
    if kind == "set" and approx > 1:
        raise ClaimsError(f"{label}: set tolerances are shares of the brief's members (<= 1)")
    return claim


def load_registry(path: Path | None = None) -> dict[str, Claim]:
    """Read and validate the registry (a folder of theme files, or one file); claims by id.

    Raises :class:`ClaimsError` naming the file and claim on an unknown key, a missing field,
    an id used twice (in any files), a phrase over 12 words, a non-checkable claim without a
    reason, a bad kind, comparison, section, brief value or tolerance.
    """
    out: dict[str, Claim] = {}
    where: dict[str, Path] = {}
    for p in registry_files(path):
        doc = files.read_toml(p, ClaimsError)  # parsed once per file version
        extra = sorted(set(doc) - {"claim"})
        if extra:
            raise ClaimsError(f"{p}: unknown top-level key(s) {extra}; entries are [[claim]]")
        for i, raw in enumerate(doc.get("claim", [])):
            claim = _check_claim(i, raw, p)
            if claim.id in out:
                raise ClaimsError(f"{p}: claim {i + 1}: id {claim.id!r} is already used in "
                                  f"{where[claim.id]}")
            out[claim.id] = claim
            where[claim.id] = p
    return out


def get(claim_id: str, registry: dict[str, Claim] | None = None) -> Claim:
    """One claim by id; the error names the id and lists close ones."""
    registry = registry if registry is not None else load_registry()
    try:
        return registry[claim_id]
    except KeyError:
        hint = did_you_mean(claim_id, registry, f"the registry ({registry_path()})")
        raise ClaimsError(f"claim {claim_id!r} is not in the registry; {hint}") from None


def as_dict(claim: Claim) -> dict:
    """A claim's registry fields as a dict (for display)."""
    return asdict(claim)
