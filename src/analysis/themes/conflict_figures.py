"""Drawing the conflict timeline notebook's figures: the timeline of events (lanes, date
precision, labels that do not overlap), deaths with their bands, agreements, displacement.

Each function draws on axes it is given and returns what it drew (for the figure's data
file); layout, saving and captions stay in the notebook. The label placement
(:func:`label_tiers`) is plain computation and tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .. import countries as cty
from .conflict import LANES

# One colour per lane (Paul Tol's muted scheme: categories, never countries).
LANE_COLOURS = dict(zip(LANES, ("#332288", "#CC6677", "#117733", "#88CCEE", "#AA4499",
                                "#999933"), strict=True))
PRECISION_MARKERS = {"day": ("o", "full"), "month": ("o", "none"), "year": ("s", "none")}
UCDP_LANE = "UCDP: armed conflict"
LABEL_FONT = 5.0  # points
CHAR_MM = 0.62 * LABEL_FONT * 0.3528  # width of one character at LABEL_FONT, in mm (about)


def label_tiers(starts: Sequence[float], ends: Sequence[float], gap: float = 0.0) -> list[int]:
    """The lowest tier (0, 1, ...) on which each label fits without overlapping a label
    already placed on that tier; labels are placed in the order given (by start)."""
    right_edges: list[float] = []  # per tier, the right end of its last label
    out = []
    for a, b in zip(starts, ends, strict=True):
        for tier, edge in enumerate(right_edges):
            if a >= edge + gap:
                right_edges[tier] = b
                out.append(tier)
                break
        else:
            right_edges.append(b)
            out.append(len(right_edges) - 1)
    return out


def _to_num(dates) -> np.ndarray:
    return mdates.date2num(pd.to_datetime(pd.Series(dates)).to_numpy())


def draw_timeline(axes, spans: list[tuple[pd.Timestamp, pd.Timestamp]], events: pd.DataFrame,
                  labelled: pd.DataFrame, ucdp_years: pd.DataFrame,
                  lane_names: Sequence[bool], wrap: Sequence[bool] | None = None
                  ) -> pd.DataFrame:
    """Draw ``events`` (from :func:`analysis.themes.conflict.timeline_events`) in lanes on
    ``axes``, one axis per time span of ``spans``, with the ``labelled`` events named and
    UCDP's active years (``ucdp_years``: conflict_id, year, intensity_level) as a bottom lane.

    ``lane_names`` (per axis) writes the lane names on its y axis; ``wrap`` (per axis) puts
    the date under the label, for narrow axes. Labels are kept apart using each axis' width
    once laid out. Returns the drawn events with their lane row, tier and label (the
    figure's data).
    """
    from ..figures import MM

    lanes = [*LANES, UCDP_LANE]
    ypos = {lane: len(lanes) - 1 - i for i, lane in enumerate(lanes)}
    for ax, (lo, hi), named in zip(axes, spans, lane_names, strict=True):
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.1, len(lanes) + 0.45)  # headroom for the top lane's labels
        ax.set_yticks([ypos[lane] + 0.3 for lane in lanes])
        ax.set_yticklabels(lanes if named else [], fontsize=5.5)
    fig = axes[0].figure
    fig.draw_without_rendering()  # lay out once, so each axis' width is known
    axis_mm = [ax.get_position().width * fig.get_figwidth() / MM for ax in axes]
    drawn = []
    wrap = list(wrap) if wrap is not None else [False] * len(axes)
    for ax, (lo, hi), width_mm, wrapped in zip(axes, spans, axis_mm, wrap, strict=True):
        x0, x1 = mdates.date2num(lo), mdates.date2num(hi)
        per_mm = (x1 - x0) / width_mm
        inside = events[(events["date"] >= lo) & (events["date"] < hi)]
        for r in inside.itertuples():
            y = ypos[r.lane] + 0.18
            marker, fill = PRECISION_MARKERS[r.date_precision]
            alpha = 1.0 if r.confidence in ("high", "medium") else 0.4
            colour = LANE_COLOURS[r.lane]
            if r.date_precision != "day":
                ax.plot([r.date, min(r.end, hi)], [y, y], color=colour, lw=1.6, alpha=alpha,
                        solid_capstyle="butt")
            ax.plot([r.date], [y], marker=marker, fillstyle=fill, ms=3.2, mew=0.7,
                    color=colour, alpha=alpha, linestyle="none")
        lab = labelled[(labelled["date"] >= lo) & (labelled["date"] < hi)].copy()
        for lane, g in lab.groupby("lane"):
            g = g.sort_values("date")
            xs = _to_num(g["date"])
            sep = "\n" if wrapped else " "
            texts = [f"{t}{sep}({_short_date(d, p)})" for t, d, p in
                     zip(g["label"], g["date"], g["date_precision"], strict=True)]
            widths = np.array([max(map(len, t.split("\n"))) * CHAR_MM * per_mm
                               for t in texts])
            # A label that would run past the axis' end is written to the left of its mark.
            left = xs + widths > x1
            starts = np.where(left, xs - widths, xs)
            tiers = label_tiers(starts, starts + widths, gap=1.0 * per_mm)
            for (_, r), x, text, tier, is_left in zip(g.iterrows(), xs, texts, tiers, left,
                                                      strict=True):
                y_mark = ypos[lane] + 0.18
                y_text = ypos[lane] + 0.34 + (0.55 if wrapped else 0.2) * tier
                ax.plot([x, x], [y_mark, y_text - 0.03], color="0.6", lw=0.35)
                ax.text(x, y_text, text, fontsize=LABEL_FONT, va="bottom",
                        ha="right" if is_left else "left", color="0.15", in_layout=False)
                drawn.append({"key": r["key"], "label": r["label"], "tier": tier})
        # UCDP lane: one row per conflict id, a bar per active year, darker in war years.
        y = ypos[UCDP_LANE]
        for k, (cid, g) in enumerate(ucdp_years.groupby("conflict_id")):
            yk = y + 0.05 + 0.3 * k
            shown = False
            for r in g.itertuples():
                a = pd.Timestamp(year=int(r.year), month=1, day=1)
                b = pd.Timestamp(year=int(r.year) + 1, month=1, day=1)
                if b <= lo or a >= hi:
                    continue
                shown = True
                ax.fill_between([max(a, lo), min(b, hi)], yk, yk + 0.22, lw=0,
                                color="0.25" if r.intensity_level == 2 else "0.7")
            first = pd.Timestamp(year=int(g["year"].min()), month=1, day=1)
            if shown and first > lo:
                ax.text(first, yk + 0.11, f"{cid} ", fontsize=LABEL_FONT, va="center",
                        ha="right", color="0.3")
            elif shown:  # the conflict began before this axis: name it inside its bar
                ax.text(lo, yk + 0.11, f" {cid}", fontsize=LABEL_FONT, va="center",
                        ha="left", color="white", fontweight="bold")
        ax.set_xlim(lo, hi)
        ax.grid(axis="x", color="0.92", lw=0.5)
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
    out = events.merge(pd.DataFrame(drawn, columns=["key", "label", "tier"]), on="key",
                       how="left")
    out["lane_row"] = out["lane"].map(ypos)
    return out


# Where the timeline's x axis is broken: the Soviet settlement of the 1920s, 1987-2019, and
# 2020 on (drawn on its own row, about eight times wider per year).
PERIODS = ((1920, 1926), (1987, 2020), (2020, 2025))


def timeline_layout(fig, start_year: int, end_year: int):
    """Axes for the timeline of ``start_year``-``end_year``: the 1920s and 1987-2019 side by
    side on the top row (a broken axis), 2020 on across the bottom row; periods outside the
    years are left out. Returns (axes, spans, lane_names, wrap) for :func:`draw_timeline`."""
    spans = []
    for a, b in PERIODS:
        lo, hi = max(a, start_year), min(b, end_year + 1)
        if lo < hi:
            spans.append((pd.Timestamp(year=lo, month=1, day=1),
                          pd.Timestamp(year=hi, month=1, day=1)))
    top = [sp for sp in spans if sp[1].year <= PERIODS[1][1]]
    bottom = [sp for sp in spans if sp[0].year >= PERIODS[2][0]]
    rows = [r for r in (top, bottom) if r]
    gs = fig.add_gridspec(len(rows), max(len(r) for r in rows),
                          width_ratios=[1.4, 6] if len(top) == 2 else None)
    axes, names, wrap = [], [], []
    for i, row in enumerate(rows):
        for j, _ in enumerate(row):
            span = slice(None) if len(row) == 1 else j
            axes.append(fig.add_subplot(gs[i, span]))
            names.append(j == 0)
            wrap.append(len(row) == 2 and j == 0)
    if len(top) == 2:
        break_marks(axes[0], axes[1])
    return axes, [sp for r in rows for sp in r], names, wrap


def timeline_ticks(ax, lo: pd.Timestamp, hi: pd.Timestamp) -> None:
    """Year ticks (every 2 or 4 years) on long or narrow spans, half-years on a short, wide
    one, chosen from the span and the axis' width."""
    from ..figures import MM

    years = (hi - lo).days / 365.25
    width_mm = ax.get_position().width * ax.figure.get_figwidth() / MM
    if years / width_mm > 0.1:  # more than a year per 10 mm: years only
        step = 4 if years > 12 else 2
        ax.xaxis.set_major_locator(mdates.YearLocator(step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        loc = mdates.MonthLocator((1, 7))
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))


def _short_date(date: pd.Timestamp, precision: str) -> str:
    if precision == "day":
        return f"{date.day} {date:%b %Y}"
    return f"{date:%b %Y}" if precision == "month" else f"{date:%Y}"


def timeline_legend(fig) -> None:
    """The timeline's legend: date precision (marker) and confidence (shade)."""
    handles = [
        Line2D([], [], marker="o", color="0.3", linestyle="none", ms=3.2, label="date to the day"),
        Line2D([], [], marker="o", fillstyle="none", color="0.3", lw=1.6, ms=3.2,
               label="to the month (bar: the month)"),
        Line2D([], [], marker="s", fillstyle="none", color="0.3", lw=1.6, ms=3.2,
               label="to the year (bar: the year)"),
        Line2D([], [], marker="o", color="0.3", alpha=0.4, linestyle="none", ms=3.2,
               label="low-confidence source"),
        Patch(color="0.7", label="UCDP conflict active (25+ deaths)"),
        Patch(color="0.25", label="UCDP war year (1,000+ deaths)"),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=5.5)


def break_marks(ax_left, ax_right, size: float = 0.012) -> None:
    """Diagonal marks where the x axis is broken between two axes side by side."""
    kw = {"color": "0.2", "lw": 0.6, "clip_on": False}
    for ax, x in ((ax_left, 1.0), (ax_right, 0.0)):
        ax.plot([x - size, x + size], [-size * 2, size * 2], transform=ax.transAxes, **kw)


# --------------------------------------------------------------------------- deaths

CONFLICT_COLOURS = ("#44AA99", "#882255", "#DDCC77", "#117733")  # by conflict id, not country

VERSION_STYLE = {0: ("o", "full", -0.17), 1: ("o", "none", 0.17)}  # older, newer release


def draw_battle_deaths(ax, deaths: dict[str, pd.DataFrame], conflict_colours: dict[int, str],
                       threshold: int = 25) -> pd.DataFrame:
    """UCDP battle-related deaths by year, one marker per release (filled: older, open:
    newer) with the low-high band as a vertical bar, colour by conflict id, on a log axis;
    the band below ``threshold`` (not recorded by UCDP) shaded. Returns the plotted rows."""
    rows = []
    for i, (version, df) in enumerate(sorted(deaths.items())):
        marker, fill, dx = VERSION_STYLE[i]
        for cid, g in df.groupby("conflict_id"):
            c = conflict_colours[cid]
            x = g["year"] + dx
            ax.vlines(x, g["bd_low"], g["bd_high"], color=c, lw=0.8)
            ax.plot(x, g["bd_best"], marker=marker, fillstyle=fill, color=c, ms=3, mew=0.7,
                    linestyle="none")
            rows.append(g.assign(version=version))
    ax.set_yscale("log")
    ax.axhspan(1, threshold, color="0.93", lw=0)
    ax.text(0.01, 0.02, f"below {threshold}: not recorded", transform=ax.transAxes,
            fontsize=5, color="0.4", va="bottom")
    ax.set_ylim(10, None)
    return pd.concat(rows, ignore_index=True)


def draw_estimates(ax, comparison: pd.DataFrame) -> pd.DataFrame:
    """Published estimates beside UCDP and OWID for the same years, one row per estimate on
    a log axis: diamonds (published: value or range), circles with bars (UCDP best,
    low-high), triangles (OWID deaths by place). Returns the plotted table."""
    df = comparison.reset_index(drop=True)
    y = np.arange(len(df))[::-1]
    for yi, r in zip(y, df.itertuples(), strict=True):
        if r.high > r.low:
            ax.hlines(yi + 0.18, r.low, r.high, color="#CC6677", lw=1.4)
        if r.value == r.value:
            ax.plot(r.value, yi + 0.18, marker="D", color="#CC6677", ms=3, linestyle="none")
        if r.ucdp_best > 0:
            ax.hlines(yi - 0.12, r.ucdp_low, r.ucdp_high, color="0.2", lw=0.8)
            ax.plot(r.ucdp_best, yi - 0.12, marker="o", color="0.2", ms=3, linestyle="none")
        if r.place_deaths > 0:
            ax.plot(r.place_deaths, yi - 0.12, marker="^", color="#88CCEE", ms=3.2,
                    mec="0.2", mew=0.4, linestyle="none")
        else:
            ax.text(20, yi - 0.12, "no UCDP year", fontsize=5, va="center", color="0.4")
    ax.set_yticks(y)
    ax.set_yticklabels([f"{r.event}\n({r.period})" for r in df.itertuples()], fontsize=5)
    ax.set_xscale("log")
    top = max(df["high"].max(), df["ucdp_high"].max(), df["place_deaths"].max())
    ax.set_xlim(15, top * 2)
    handles = [Line2D([], [], marker="D", color="#CC6677", lw=1.4, ms=3,
                      label="published estimate (range)"),
               Line2D([], [], marker="o", color="0.2", lw=0.8, ms=3,
                      label="UCDP battle-related deaths, same years (low-high)"),
               Line2D([], [], marker="^", color="#88CCEE", mec="0.2", linestyle="none", ms=3.2,
                      label="OWID/UCDP deaths located in ARM+AZE, same years")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.45, -0.17), fontsize=5)
    return df


# --------------------------------------------------------------------------- agreements

STAGE_COLOURS = {"pre-negotiation / process": "#88CCEE", "ceasefire / related": "#CC6677",
                 "implementation / renegotiation": "#117733", "renewal": "#DDCC77",
                 "framework-substantive, partial": "#332288",
                 "framework-substantive, comprehensive": "#AA4499", "other": "#999999"}


def draw_agreements(ax_years, ax_actors, agreements: pd.DataFrame,
                    actors: pd.DataFrame, years: range) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Left: agreements per year stacked by PA-X stage (hatched: unilateral documents).
    Right: how many agreements each actor signed as a party or witnessed as a third party.
    Returns the two plotted tables."""
    counts = (agreements.assign(year=agreements["date"].dt.year)
              .groupby(["year", "stage_label"]).size().unstack(fill_value=0)
              .reindex(years, fill_value=0))
    stages = [s for s in STAGE_COLOURS if s in counts.columns]
    bottom = np.zeros(len(counts))
    for s in stages:
        ax_years.bar(counts.index, counts[s], bottom=bottom, color=STAGE_COLOURS[s], width=0.8,
                     label=s, lw=0)
        bottom += counts[s].to_numpy()
    uni = (agreements[agreements["status"] == "Unilateral document"]
           .groupby(agreements["date"].dt.year).size().reindex(years, fill_value=0))
    ax_years.bar(uni.index, uni, color="none", edgecolor="0.2", hatch="//////", width=0.8,
                 lw=0, label="of which unilateral documents")
    ax_years.set_ylabel("agreements per year")
    ax_years.legend(fontsize=5, loc="upper right")
    table = (actors.groupby(["actor", "role"]).size().unstack(fill_value=0)
             .reindex(columns=["party", "third party"], fill_value=0))
    table = table.sort_values(["party", "third party"])
    yy = np.arange(len(table))
    colours = [cty.COLOURS.get(a, "0.55") for a in table.index]
    ax_actors.barh(yy, table["party"], color=colours, height=0.7, label="signed as a party")
    ax_actors.barh(yy, table["third party"], left=table["party"], color=colours, alpha=0.35,
                   height=0.7, label="third party (witness, mediator)")
    ax_actors.set_yticks(yy)
    ax_actors.set_yticklabels([cty.name(a) if len(a) == 3 and a.isupper() else a
                               for a in table.index], fontsize=5.5)
    ax_actors.set_xlabel("agreements")
    ax_actors.legend(fontsize=5, loc="lower right")
    return counts.reset_index(), table.reset_index()


# --------------------------------------------------------------------------- displacement

# UNHCR series: (colour of the country where the displaced live, line style).
STOCK_STYLE = {"refugees AZE -> ARM": ("ARM", "-"), "IDPs in ARM": ("ARM", "--"),
               "refugees ARM -> AZE": ("AZE", "-"), "IDPs in AZE": ("AZE", "--")}


def displaced_group(row) -> str | None:
    """ISO3 code of the people a published displacement estimate counts (Armenians: ARM,
    Azerbaijanis: AZE), read from its unit and description; None if neither says."""
    text = f"{row['unit']} {row['description']}"
    if re.search(r"Azerbaijani|Azeri", text.split(" (also")[0]):
        return "AZE"
    return "ARM" if "Armenian" in text else None


def draw_displacement_stocks(ax, stocks: pd.DataFrame, idmc: pd.DataFrame,
                             early: pd.DataFrame, breaks: tuple[int, int]) -> pd.DataFrame:
    """UNHCR end-year stocks (lines broken where a year is missing; colour: the country where
    the displaced live, dashed: IDPs), IDMC's IDP series (dotted), and, left of the UNHCR
    years and kept apart, the published estimates of 1988-94 (range bars). ``breaks`` shades
    the years of a definitional break. Returns the plotted series, long."""
    years = range(int(stocks["year"].min()), int(stocks["year"].max()) + 1)
    out = [stocks.assign(source="UNHCR")]
    for s, (c, ls) in STOCK_STYLE.items():
        d = stocks[stocks["series"] == s].set_index("year")["persons"].reindex(years)
        ax.plot(d.index, d / 1000, color=cty.colour(c), ls=ls, lw=1, marker=".", ms=2.5,
                label=f"UNHCR {s.replace('->', 'in').replace('refugees ', 'refugees from ')}")
    for c in ("AZE", "ARM"):
        d = idmc[idmc["iso3"] == c].set_index("year")["idps"].astype(float).reindex(years)
        ax.plot(d.index, d / 1000, color=cty.colour(c), ls=":", lw=1.3,
                label=f"IDMC IDPs in {c}")
        out.append(pd.DataFrame({"year": d.index, "series": f"IDMC IDPs in {c}",
                                 "persons": d.to_numpy(), "source": "IDMC"}).dropna())
    ax.axvspan(breaks[0] - 0.5, breaks[1] + 0.5, color="0.92", lw=0)
    ax.text((breaks[0] + breaks[1]) / 2, 0.97, "series\nbreak", transform=ax.get_xaxis_transform(),
            fontsize=5, ha="center", va="top", color="0.4")
    # Published estimates of 1988-94, to the left of UNHCR's first year.
    x0 = years[0] - 1.6
    ax.axvspan(x0 - 1.1, years[0] - 0.6, color="#FBEFF1", lw=0)
    ax.text(x0 - 0.05, 0.97, "published\n1988-94", transform=ax.get_xaxis_transform(),
            fontsize=5, ha="center", va="top", color="#882255")
    for i, r in enumerate(early.itertuples()):
        c = displaced_group(early.loc[r.Index])
        x = x0 - 0.8 + 1.6 * i / max(len(early) - 1, 1)
        lo = (r.value_low if r.value_low == r.value_low else r.value) / 1000
        hi = (r.value_high if r.value_high == r.value_high else r.value) / 1000
        colour = cty.colour(c) if c else "0.5"
        ax.vlines(x, lo, hi, color=colour, lw=1.4)
        ax.plot(x, (r.value if r.value == r.value else (lo + hi) * 500) / 1000, marker="D",
                color=colour, ms=2.8)
        out.append(pd.DataFrame({"year": [np.nan], "series": [f"published: {r.description}"],
                                 "persons": [r.value], "source": [r.source_title]}))
    ax.set_xlim(x0 - 1.1, years[-1] + 0.8)
    ax.set_ylim(0, None)
    ax.legend(fontsize=5, loc="center right", bbox_to_anchor=(1.0, 0.47))
    return pd.concat(out, ignore_index=True)


def draw_exodus(ax, counts: pd.DataFrame, before: pd.Series, offensive: pd.Timestamp,
                until: pd.Timestamp) -> None:
    """The running counts of arrivals in Armenia after ``offensive`` (triangles: lower
    bounds) against the population before it; counts published after ``until`` are written
    at the right edge instead of stretching the axis."""
    colour = "#CC6677"
    shown = counts[counts["date"] <= until]
    later = counts[counts["date"] > until]
    ax.plot(shown["date"], shown["value"] / 1000, color=colour, lw=0.6)
    for r in shown.itertuples():
        ax.plot(r.date, r.value / 1000, marker="^" if r.lower_bound else "o", color=colour,
                ms=3.5, linestyle="none")
    for r in later.itertuples():
        ax.plot(until, r.value / 1000, marker=">", color=colour, ms=3.5, clip_on=False)
        ax.annotate(f"{r.value:,.0f} by {r.date.day} {r.date:%b %Y}", (until, r.value / 1000),
                    xytext=(-3, -2), textcoords="offset points", ha="right", va="top",
                    fontsize=5, color="0.2")
    ax.axhline(before["value"] / 1000, color="0.3", ls="--", lw=0.7)
    ax.annotate(f"population before the offensive ({before['date']:%b %Y}): "
                f"{before['value']:,.0f}", (offensive, before["value"] / 1000),
                xytext=(2, 2), textcoords="offset points", fontsize=5, va="bottom")
    ax.axvline(offensive, color="0.5", ls=":", lw=0.7)
    ax.set_xlim(offensive - pd.Timedelta(days=1), until)
    ax.set_ylim(0, before["value"] / 1000 * 1.15)
    locator = mdates.DayLocator(interval=5)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# --------------------------------------------------------------------------- census

TERRITORY_MARKERS = {"NKAO": "o", "NKR-controlled": "s", "Armenian-populated, 2023": "D"}


def draw_census(ax_total, ax_share, census: pd.DataFrame, before: pd.Series) -> pd.DataFrame:
    """Population by census, one marker per source row (so disagreeing sources show as
    separate marks), the NKAO (to 1989) and the NKR-controlled territory (2005, 2015)
    marked apart, and the last figure before the 2023 offensive; below, the Armenian share
    (stated shares, or Armenians over total where a row gives both). Returns the plotted
    rows."""
    df = census.copy()
    df["territory"] = np.where(df["year"] <= 1991, "NKAO", "NKR-controlled")
    df["armenian_share"] = df["armenians_pct"].where(
        df["armenians_pct"].notna(), df["armenians"] / df["total"] * 100)
    tot = df[df["total"].notna()]
    colour = cty.colour("ARM")
    for terr, g in tot.groupby("territory"):
        for low, gg in g.groupby(~g["confidence"].isin(("high", "medium"))):
            ax_total.plot(gg["year"], gg["total"] / 1000, marker=TERRITORY_MARKERS[terr],
                          fillstyle="none", color="0.25", linestyle="none", ms=4,
                          alpha=0.4 if low else 1.0, label=None if low else terr)
    ax_total.plot(before["date"].year + (before["date"].dayofyear - 1) / 365,
                  before["value"] / 1000, marker="D", fillstyle="none", color="0.25", ms=4,
                  linestyle="none", label="Armenian-populated area, 2023 (estimate)")
    ax_total.set_ylim(0, None)
    ax_total.legend(fontsize=5, loc="lower right")
    sh = df[df["armenian_share"].notna()]
    for (terr, low), g in sh.groupby(["territory", ~sh["confidence"].isin(("high", "medium"))]):
        ax_share.plot(g["year"], g["armenian_share"], marker=TERRITORY_MARKERS[terr],
                      color=colour, fillstyle="none", linestyle="none", ms=4,
                      alpha=0.4 if low else 1.0)
    ax_share.set_ylim(0, 105)
    rows = pd.concat([tot.assign(measure="total", value=tot["total"]),
                      sh.assign(measure="armenian_share_pct", value=sh["armenian_share"])])
    return rows[["year", "census", "territory", "measure", "value", "source_title",
                 "confidence"]].reset_index(drop=True)
