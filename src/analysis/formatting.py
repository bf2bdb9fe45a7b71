"""How numbers are written into committed outputs (figure CSVs, the claims ledger): at fixed
significant digits, so float noise never travels from one machine to the next."""

from __future__ import annotations

import datetime as dt
import math
import numbers

import numpy as np

SIG_DIGITS = 6


def round_sig(x, digits: int = SIG_DIGITS):
    """An int as is, a float rounded to ``digits`` significant digits."""
    if isinstance(x, numbers.Integral):
        return int(x)
    return float(f"{float(x):.{digits}g}")


def format_value(v, digits: int = SIG_DIGITS) -> str:
    """One CSV cell: floats at ``digits`` significant digits (positional), NaN/None empty,
    booleans ``true``/``false``, dates ISO, lists joined with ``; ``."""
    import pandas as pd

    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, list | tuple):
        return "; ".join(format_value(x, digits) for x in v)
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, numbers.Real):
        f = float(v)
        if math.isnan(f):
            return ""
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        out = np.format_float_positional(f, precision=digits, unique=False, fractional=False,
                                         trim="-")
        return "0" if out == "-0" else out
    if isinstance(v, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(v)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)
