"""Verdicts: how far a data value is from the brief's, and what that makes of the claim.

A verdict is always computed from the registry's bands and a recorded value, never typed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..formatting import round_sig
from .registry import Claim, ClaimsError, date_interval, is_number

VERDICTS = ("supported", "approximately", "contradicted", "not checkable", "not comparable",
            "not yet", "context")
# Several tested parts (e.g. three suppliers) hold together only as far as the weakest.
STRENGTH = {"supported": 0, "approximately": 1, "contradicted": 2}
# Float noise must not move a value across a band edge: edges are inclusive up to this.
_EPS = 1e-9


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
        day = date_interval(value, label)[0]
        return value.strip() if isinstance(value, str) else day.isoformat()
    if claim.is_context:
        if is_number(value):
            return round_sig(value)
        if isinstance(value, list | tuple):
            return [round_sig(v) if is_number(v) else v for v in value]
        return value
    if not is_number(value):
        raise ClaimsError(f"{label}: a {claim.kind} value must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ClaimsError(f"{label}: value {value!r} is not finite; use record_not_checkable "
                          "with a reason when the data have no value")
    return round_sig(value)


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
        b_lo, b_hi = date_interval(claim.brief_value, f"claim {claim.id}")
        d_lo, d_hi = date_interval(value, f"claim {claim.id}")
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


def combine(verdicts: list[str]) -> str:
    """One verdict for several tested parts: the weakest of them ("contradicted" if any part
    is); "not checkable" only when no part has a value."""
    scored = [v for v in verdicts if v in STRENGTH]
    if not scored:
        return verdicts[0] if verdicts else "not checkable"
    return max(scored, key=STRENGTH.__getitem__)
