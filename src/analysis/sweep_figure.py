"""The figure of a sweep: one claim's recorded value across the grid, with the brief's value
and the registry's bands ("supported", "approximately") drawn, so a reader sees at once for
which parameter sets the finding holds.

The bands are the value intervals :func:`analysis.claims.verdict` reads from the registry
(tolerances relative to the brief's value, absolute when the brief says 0); a test checks
that a value inside a band gets that band's verdict.
"""

from __future__ import annotations

import json
import math
import textwrap
from pathlib import Path

from . import files
from .formatting import format_value

NUMERIC_KINDS = ("number", "ratio", "duration", "share")
# Okabe-Ito without black (the brief's value) and yellow (too pale on white).
COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7")
MAX_SERIES = len(COLOURS)
MARKERS = ("o", "s", "^", "v", "D", "P")


def bands(claim) -> dict[str, tuple[float, float]]:
    """``{"supported": (lo, hi), "approximately": (lo, hi)}`` in the claim's unit, as the
    verdict reads the registry (``-inf``/``inf`` for open sides); empty for a claim without a
    numeric brief value or numeric bands."""
    if claim.kind not in NUMERIC_KINDS or claim.is_context or not claim.checkable:
        return {}
    try:
        brief = float(claim.brief_value)
    except (TypeError, ValueError):
        return {}

    def interval(tol: float, comparison: str) -> tuple[float, float]:
        lo, hi = {"approximately": (-tol, tol), "equal": (-tol, tol), "almost": (-tol, 0.0),
                  "at_least": (-tol, math.inf), "at_most": (-math.inf, tol)}[comparison]
        if brief == 0:  # the verdict compares absolute differences then
            return lo, hi
        ends = sorted(brief * (1 + d) if math.isfinite(d) else math.copysign(math.inf, d * brief)
                      for d in (lo, hi))
        return ends[0], ends[1]

    wide = "approximately" if claim.comparison == "almost" else claim.comparison
    if claim.comparison not in ("approximately", "equal", "almost", "at_least", "at_most"):
        return {}
    return {"supported": interval(float(claim.tolerance), claim.comparison),
            "approximately": interval(float(claim.approx_tolerance), wide)}


def _is_number(v) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _parse_part(sub_key: str) -> dict[str, str]:
    out = {}
    for item in (sub_key or "").split("; "):
        k, sep, v = item.partition("=")
        if sep:
            out[k] = v
    return out


def choose_claim(rows: list[dict], registry: dict) -> str | None:
    """The first claim, in the order recorded, with a numeric value and numeric bands."""
    for r in rows:
        c = registry.get(r["claim_id"])
        if c is not None and bands(c) and _is_number(r.get("data_value")):
            return r["claim_id"]
    return None


def _short(value) -> str:
    if isinstance(value, list):
        return "-".join(str(v) for v in value)
    return str(value)


def tick_labels(report) -> tuple[list[str], str]:
    """One label per combination from the parameters that vary, and the axis title."""
    varying = [k for k, v in report.grid.items() if len(v) > 1] or list(report.grid)
    many = len(report.combinations) > 8
    labels = []
    for c in report.combinations:
        text = (", " if many else "\n").join(_short(c.values[k]) for k in varying)
        if c.status == "failed":
            text += " (failed)" if many else "\n(failed)"
        labels.append(text)
    return labels, " / ".join(varying)


def draw(report, rows: list[dict], claim: str | None = None, part: dict | None = None,
         edition: str | None = None) -> None:
    """Plot one claim across the sweep into ``<sweep>/figures/sweep-<claim>.*``; sets
    ``report.claim``, ``report.figure`` and, when no figure can be drawn, a note saying why."""
    from . import claims

    registry = claims.load_registry()
    if claim is None:
        claim = choose_claim(rows, registry)
        if claim is None:
            report.notes.append("no figure: the runs recorded no numeric claim with bands")
            return
        others = sorted({r["claim_id"] for r in rows} - {claim})
        if others:
            report.notes.append(f"figure of claim {claim}; choose another with --claim "
                                f"({len(others)} more recorded)")
    report.claim = claim
    spec = registry[claim]
    chosen = [r for r in rows if r["claim_id"] == claim and _is_number(r.get("data_value"))]
    tested = spec.parts_tested(now=False)
    if part is None and tested and tested == spec.parts_tested(now=True):
        # By default the part the verdicts test (e.g. prices=constant 2021), when the runs
        # recorded it: the bands are about that part.
        kept = [r for r in chosen if all(_parse_part(r["sub_key"]).get(k) == str(v)
                                         for k, v in tested.items())]
        if kept:
            chosen = kept
            report.notes.append(f"figure of the part the verdicts test ("
                                f"{'; '.join(f'{k}={v}' for k, v in tested.items())}); "
                                "choose another with --part")
    if part:
        chosen = [r for r in chosen
                  if all(_parse_part(r["sub_key"]).get(k) == str(v) for k, v in part.items())]
    if edition is not None:
        chosen = [r for r in chosen if str(r["edition"]) == str(edition)]
    limits = bands(spec)
    if not chosen or not limits:
        why = "has no numeric bands" if not limits else "has no numeric value in these runs" + (
            " with that part/edition" if part or edition is not None else "")
        report.notes.append(f"no figure: claim {claim} {why}")
        return
    series = sorted({(str(r["edition"]), r["sub_key"]) for r in chosen})
    if len(series) > MAX_SERIES:
        eds = sorted({s[0] for s in series})
        parts = sorted({s[1] for s in series})
        report.notes.append(
            f"no figure: claim {claim} has {len(series)} series (editions {eds}, parts "
            f"{parts}); narrow them with --part KEY=VALUE or --edition")
        return
    report.figure = _plot(report, spec, chosen, series, limits)


def _plot(report, spec, chosen: list[dict], series: list[tuple[str, str]],
          limits: dict) -> Path:
    import pandas as pd

    from . import figures

    labels, axis_title = tick_labels(report)
    fig, ax = figures.new("double", 95)
    brief = float(spec.brief_value)
    values = [float(r["data_value"]) for r in chosen]
    edges = [v for lo_hi in limits.values() for v in lo_hi if math.isfinite(v)]
    lo, hi = min(values + [brief] + edges), max(values + [brief] + edges)
    pad = (hi - lo) * 0.08 or abs(brief) * 0.1 or 1.0
    ylim = (lo - pad, hi + pad)
    for name, shade in (("approximately", "0.90"), ("supported", "0.75")):
        b_lo, b_hi = limits[name]
        ax.axhspan(max(b_lo, ylim[0]), min(b_hi, ylim[1]), color=shade, lw=0,
                   label=f"'{name}' band", zorder=0)
    ax.axhline(brief, color="black", ls="--", lw=0.8,
               label=f"brief: {format_value(spec.brief_value)}", zorder=1)
    colours = COLOURS
    # What every series shares goes to the title once; the legend names what differs.
    parts = [_parse_part(sub) for _, sub in series]
    common = {k: v for k, v in parts[0].items() if all(p.get(k) == v for p in parts)}
    # Lines only along one varying parameter; across a product of several they would zig-zag.
    joined = sum(len(v) > 1 for v in report.grid.values()) <= 1
    for j, ((ed, _), own) in enumerate(zip(series, parts, strict=True)):
        pts = sorted((r["combination"], float(r["data_value"])) for r in chosen
                     if (str(r["edition"]), r["sub_key"]) == series[j])
        rest = "; ".join(f"{k}={v}" for k, v in own.items() if k not in common)
        name = "\n".join(textwrap.wrap(
            ", ".join(x for x in (f"edition {ed}" if ed else "", rest) if x) or "recorded", 30))
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color=colours[j],
                lw=0.7 if joined else 0, marker=MARKERS[j], markersize=4, label=name,
                zorder=2)
    ax.set_xticks(range(len(labels)), labels)
    if len(labels) > 8:
        ax.tick_params(axis="x", rotation=40)
        for t in ax.get_xticklabels():
            t.set_ha("right")
            t.set_rotation_mode("anchor")
    ax.set_xlim(-0.5, len(labels) - 0.5)
    ax.set_ylim(*ylim)
    ax.set_xlabel(f"notebook parameter{'s' if ' / ' in axis_title else ''}: {axis_title}")
    ax.set_ylabel("\n".join(textwrap.wrap(spec.unit, 48)))
    title = f"{spec.id}: “{spec.phrase}”"
    if common:
        title += "\nvalues recorded for " + "; ".join(f"{k}={v}" for k, v in common.items())
    ax.set_title("\n".join(line for part in title.split("\n")
                           for line in textwrap.wrap(part, 85)), loc="left")
    # Right of the axes, as part of them: the layout keeps it clear of the source line.
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    data = pd.DataFrame([{k: r[k] for k in r if k.startswith("param_")} |
                         {"combination": r["combination"], "edition": r["edition"],
                          "sub_key": r["sub_key"], "data_value": r["data_value"],
                          "verdict": r["verdict"]} for r in chosen])
    tol = (f"tolerance {spec.tolerance:g}, approximately {spec.approx_tolerance:g}"
           + (" of the brief's value" if brief else " absolute"))
    caption = (f"Value of claim {spec.id} recorded by each run of {report.notebook.name}, one "
               f"point per combination of {axis_title}; one series per edition and part "
               f"recorded. Dashed: the brief's value; dark band 'supported', light band "
               f"'approximately' ({spec.comparison}, {tol}).")
    fid = f"sweep-{spec.id}"
    sources = list(dict.fromkeys(s for r in chosen for s in (r.get("sources") or [])))
    title = f"{spec.id} across the sweep"
    if sources:
        out = figures.save(fig, fid, data=data, sources=sources, caption=caption,
                           title=title, output=report.folder)
    else:  # fixture claims cite no catalog entry: same files, no source line
        out = _save_plain(fig, fid, data, caption, title, report.folder)
    import matplotlib.pyplot as plt

    plt.close(fig)
    meta = json.loads(out["json"].read_text(encoding="utf-8"))
    meta["notebook"] = report.notebook_rel
    meta["sweep"] = {"grid": report.grid, "claim": spec.id, "brief_value": spec.brief_value,
                     "bands": {k: [v if math.isfinite(v) else None for v in lo_hi]
                               for k, lo_hi in limits.items()}}
    files.write_text(out["json"], json.dumps(meta, indent=2, sort_keys=True,
                                             ensure_ascii=False) + "\n")
    return out["png"]


def _save_plain(fig, fid: str, data, caption: str, title: str, folder: Path) -> dict:
    from . import figures

    target = folder / "figures"
    out = {}
    for ext in ("png", "svg"):
        out[ext] = target / f"{fid}.{ext}"
        files.replace_atomically(out[ext], lambda p, ext=ext: fig.savefig(
            p, format=ext, dpi=figures.DPI))
    out["csv"] = target / f"{fid}.csv"
    files.write_bytes(out["csv"], figures.data_csv(data))
    out["json"] = target / f"{fid}.json"
    files.write_text(out["json"], json.dumps({"id": fid, "title": title, "caption": caption,
                                              "sources": []}) + "\n")
    return out
