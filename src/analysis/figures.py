"""The house style of the compendium's figures and :func:`save`, which writes a figure with its
data and metadata.

Style: one seaborn theme ("ticks") with DejaVu Sans at fixed sizes, one colour and one line
style per country (:func:`analysis.countries.colour`, :func:`analysis.countries.linestyle`:
Okabe-Ito colours that stay apart for colour-blind readers, line styles that survive greyscale
print), and fixed widths of 85 mm (single column) and 180 mm (double column) at 300 dpi.

:func:`save` writes ``<output>/figures/<id>.{png,svg,pdf,csv,json}``, where ``<output>`` is
``ANALYSIS_OUTPUT_DIR`` (set by the runner) or ``build/interactive/`` in an interactive
session, never ``results/``. The same figure, data and inputs give the same bytes on one
machine: no timestamps or tool versions are embedded, SVG ids are salted with a fixed string,
PDF fonts are embedded as TrueType (type 42) subsets.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from . import __version__, codehash, countries, files, paths, sources
from .errors import AnalysisError
from .formatting import SIG_DIGITS, format_value

MM = 1 / 25.4  # inches per millimetre
WIDTHS_MM = {"single": 85.0, "double": 180.0}
DEFAULT_HEIGHT_MM = {"single": 65.0, "double": 100.0}
DPI = 300
FONT = "DejaVu Sans"  # ships with matplotlib, so every machine renders the same glyphs
FONT_SIZES = {"base": 7.0, "label": 7.0, "tick": 6.0, "title": 8.0, "legend": 6.0}
FORMATS = ("png", "svg", "pdf")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SVG_HASHSALT = "karabakh-compendium"

# Okabe-Ito, for series that are not countries.
OKABE_ITO = ("#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
             "#CC79A7")

# Per-backend metadata keys set to None so matplotlib writes no date, tool or version.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}

# rcParams that decide the bytes of a saved file; applied around every save.
_DETERMINISM = {
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "pdf.compression": 6,
    "savefig.dpi": DPI,
    "savefig.bbox": None,  # keep the fixed column widths: no tight cropping
    "savefig.transparent": False,
}


class FigureError(AnalysisError, ValueError):
    """A figure cannot be saved as asked (bad id, unknown source, unusable data)."""


# --------------------------------------------------------------------------- style


def style_rc() -> dict:
    """The rcParams of the house style (beyond the seaborn theme)."""
    fs = FONT_SIZES
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT],
        "font.size": fs["base"],
        "axes.titlesize": fs["title"],
        "axes.labelsize": fs["label"],
        "xtick.labelsize": fs["tick"],
        "ytick.labelsize": fs["tick"],
        "legend.fontsize": fs["legend"],
        "legend.title_fontsize": fs["legend"],
        "figure.titlesize": fs["title"],
        "axes.linewidth": 0.6,
        "lines.linewidth": 1.2,
        "xtick.major.width": 0.6,
        "ytick.major.width": 0.6,
        "xtick.major.size": 3.0,
        "ytick.major.size": 3.0,
        "legend.frameon": False,
        "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO)),
        "figure.dpi": 150,  # on-screen preview only; files are written at DPI
        **_DETERMINISM,
    }


def use_style() -> None:
    """Apply the house style to matplotlib's global settings (idempotent)."""
    sns.set_theme(context="paper", style="ticks", font=FONT, rc=style_rc())
    # set_theme's context scaling would override the fixed sizes; set them again.
    mpl.rcParams.update(style_rc())


def new(width: str = "single", height_mm: float | None = None, nrows: int = 1, ncols: int = 1,
        **kw):
    """A new figure in the house style, ``width`` "single" (85 mm) or "double" (180 mm) wide.

    ``height_mm`` defaults to 65 mm (single) or 100 mm (double). Extra keywords go to
    :func:`matplotlib.pyplot.subplots`. Returns ``(fig, ax)`` (``ax`` an array when several).
    """
    if width not in WIDTHS_MM:
        raise FigureError(f"width must be one of {sorted(WIDTHS_MM)}, got {width!r}")
    height = DEFAULT_HEIGHT_MM[width] if height_mm is None else float(height_mm)
    if not 10 <= height <= 250:
        raise FigureError(f"height_mm must be between 10 and 250 mm, got {height_mm!r}")
    use_style()
    kw.setdefault("layout", "constrained")
    return plt.subplots(nrows, ncols, figsize=(WIDTHS_MM[width] * MM, height * MM), **kw)


def country_line(ax, x, y, iso3: str, label: str | None = None, **kw):
    """Plot one country's series with its fixed colour and line style; returns the line.

    ``label`` defaults to the country's short name; keywords override the house defaults.
    """
    props = {"color": countries.colour(iso3), "linestyle": countries.linestyle(iso3),
             "label": countries.name(iso3) if label is None else label}
    props.update(kw)
    (line,) = ax.plot(x, y, **props)
    return line


def year_axis(ax, axis: str = "x") -> None:
    """Whole years on an axis (no 2005.25 ticks)."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(StrMethodFormatter("{x:.0f}"))


def mark_wars(ax, wars: pd.DataFrame, label: bool = True, **kw) -> None:
    """Dotted vertical lines at the start of each war (``analysis.datasets.wars()``) from the
    axis' first year on (the axis grows to show a war after the data end), each labelled
    "<year> war" inside the axes, so labels are never clipped at the edge."""
    props = {"color": "0.5", "lw": 0.6, "ls": ":"} | kw
    lo, _ = ax.get_xlim()
    for w in wars.itertuples():
        x = w.start.year + (w.start.dayofyear - 1) / 365
        if x < lo:
            continue
        ax.axvline(x, **props)
        if label:
            ax.annotate(f"{w.year} war", (x, 0.98), xycoords=("data", "axes fraction"),
                        xytext=(-1.5, 0), textcoords="offset points", rotation=90,
                        va="top", ha="right", fontsize=FONT_SIZES["tick"] - 0.5,
                        color="0.35", annotation_clip=False)


def palette(iso3s: Iterable[str]) -> dict[str, str]:
    """``{iso3: colour}`` for seaborn's ``palette=`` argument."""
    return {c: countries.colour(c) for c in iso3s}


# --------------------------------------------------------------------------- output


def output_dir() -> Path:
    """Where outputs go: ``ANALYSIS_OUTPUT_DIR`` if set, else ``build/interactive/``."""
    env = os.environ.get("ANALYSIS_OUTPUT_DIR")
    return Path(env) if env else paths.build_dir() / "interactive"


# --------------------------------------------------------------------------- CSV


def _as_frame(data) -> pd.DataFrame:
    if isinstance(data, pd.Series):
        data = data.to_frame(name=data.name if data.name is not None else "value")
    elif isinstance(data, Mapping):
        data = pd.DataFrame(data)
    if not isinstance(data, pd.DataFrame):
        raise FigureError(f"data must be a DataFrame, Series or dict of columns, "
                          f"got {type(data).__name__}")
    df = data.copy()
    if not isinstance(df.index, pd.RangeIndex) or df.index.name is not None:
        df = df.reset_index()  # a meaningful index (e.g. year) is part of the plotted data
    df.columns = [str(c) for c in df.columns]
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise FigureError(f"data has duplicate column name(s) {dupes}")
    if df.columns.empty:
        raise FigureError("data has no columns")
    return df


def data_csv(data, digits: int = SIG_DIGITS) -> bytes:
    """The plotted data as CSV bytes: rows sorted by all columns (left to right), floats at
    ``digits`` significant digits, ``\\n`` line endings, UTF-8."""
    df = _as_frame(data)
    cols = list(df.columns)
    try:
        df = df.sort_values(cols, kind="mergesort", na_position="last", ignore_index=True)
        rows = [[format_value(v, digits) for v in r] for r in df.itertuples(index=False)]
    except TypeError:  # mixed types in a column: order by the written text instead
        rows = sorted([format_value(v, digits) for v in r] for r in df.itertuples(index=False))
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- metadata


def notebook_path() -> Path | None:
    """The running notebook (``ANALYSIS_NOTEBOOK``, relative to the project root), or None."""
    nb = os.environ.get("ANALYSIS_NOTEBOOK")
    if not nb:
        return None
    p = Path(nb)
    return p if p.is_absolute() else paths.root() / p


def parameters() -> dict:
    """The run's parameters (``ANALYSIS_PARAMETERS``, a JSON object), or ``{}``."""
    raw = os.environ.get("ANALYSIS_PARAMETERS")
    if not raw:
        return {}
    try:
        out = json.loads(raw)
    except ValueError as exc:
        raise FigureError(f"ANALYSIS_PARAMETERS is not valid JSON: {exc}") from exc
    if not isinstance(out, dict):
        raise FigureError("ANALYSIS_PARAMETERS must be a JSON object")
    return out


def _notebook_code(nb: Path) -> bytes:
    """The code cells of a notebook, in order: what changes the figure, not its outputs."""
    try:
        doc = json.loads(nb.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FigureError(f"ANALYSIS_NOTEBOOK names {nb}, which does not exist") from None
    cells = []
    for cell in doc.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            cells.append("".join(src) if isinstance(src, list) else src)
    return "\n\x1e\n".join(cells).encode("utf-8")


def code_version(notebook: Path | None = None) -> str:
    """``sha256:<hex>`` over the package modules imported in this process (what the notebook
    actually used, so an unrelated module's change leaves its figures alone), plus the
    notebook's code cells when a notebook is given."""
    extra = _notebook_code(notebook) if notebook is not None else b""
    return "sha256:" + codehash.digest(codehash.imported_modules(), extra=extra)


def _check_sources(ids) -> list[sources.Source]:
    if isinstance(ids, str):
        ids = [ids]
    ids = list(dict.fromkeys(ids))
    if not ids:
        raise FigureError("a figure needs at least one catalog source id")
    catalog = sources.load_catalog()
    unknown = [i for i in ids if i not in catalog]
    if unknown:
        import difflib

        near = {u: difflib.get_close_matches(u, catalog, n=3, cutoff=0.5) for u in unknown}
        raise FigureError(f"unknown source id(s) {unknown} (not in {sources.catalog_path()}); "
                          f"close ids: {near}")
    return [catalog[i] for i in ids]


def metadata(figure_id: str, srcs: list[sources.Source], caption: str, title: str | None,
             size_mm: tuple[float, float]) -> dict:
    """The ``<id>.json`` content (no timestamps, so reruns give the same bytes)."""
    nb = notebook_path()
    rel_nb = os.environ.get("ANALYSIS_NOTEBOOK") or None
    return {
        "id": figure_id,
        "title": title if title is not None else figure_id,
        "caption": caption,
        "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher,
                     "edition": s.edition, "citation": s.citation, "license": s.license}
                    for s in srcs],
        "data_editions": {s.id: {"edition": s.edition, "sha256": s.sha256} for s in srcs},
        "notebook": rel_nb,
        "parameters": parameters(),
        "code_version": code_version(nb),
        "package_version": __version__,
        "size_mm": [round(size_mm[0], 1), round(size_mm[1], 1)],
        "dpi": DPI,
        "files": [f"{figure_id}.{ext}" for ext in (*FORMATS, "csv", "json")],
    }


# --------------------------------------------------------------------------- save


def _positions(fig) -> list[tuple[float, ...]]:
    # Rounded to 1e-6 of the figure (a thousandth of a pixel at 300 dpi): the layout engine's
    # solution jitters in the 13th digit from one draw to the next.
    return [tuple(round(float(v), 6) for v in ax.get_position().bounds) for ax in fig.axes]


@contextlib.contextmanager
def _settled_layout(fig, max_draws: int = 8):
    """Run the layout engine to its fixed point, snap the axes to it, hold it while saving.

    Constrained layout moves the axes a little on the first draws (tick labels change as the
    axes resize), so without this a figure saved twice, or in three formats, differs.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    before = None
    dpi = fig.get_dpi()
    fig.set_dpi(DPI)  # text is measured as it will be rendered
    try:
        for _ in range(max_draws):
            fig.draw_without_rendering()  # runs the layout engine without rasterising
            now = _positions(fig)
            if now == before:
                break
            before = now
    finally:
        fig.set_dpi(dpi)
    fig.set_layout_engine("none")
    for ax, pos in zip(fig.axes, _positions(fig), strict=True):
        ax.set_position(pos)  # snapped, so a figure saved twice has the same clip boxes
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _publisher(src: sources.Source) -> str:
    """A publisher's short name: its acronym in parentheses if it has one ("SIPRI"), else the
    name up to the first parenthesis or semicolon."""
    m = re.search(r"\(([A-Z][A-Za-z-]{1,9})\)", src.publisher)
    if m:
        return m.group(1)
    return re.split(r"[;(]", src.publisher)[0].strip().rstrip(",")


def source_line(srcs: Iterable[sources.Source]) -> str:
    """"Source: <publisher>, <dataset>, release <release>; ..." for the figure's catalog
    entries (one item per dataset), so an image stands alone on a slide."""
    items = []
    for s in srcs:
        title = re.split(r" - | \(|: ", s.title)[0].strip()
        if s.kind == "curated":
            item = f"{title}, compiled from the sources cited per row"
        else:
            dated = re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.release)
            item = f"{_publisher(s)}, {title}, {'as of' if dated else 'release'} {s.release}"
        if item not in items:
            items.append(item)
    return "Source: " + "; ".join(items) + "."


_SOURCE_FONT = 4.5  # points
_SOURCE_LINE_MM = 2.1  # height of one line of it


def _add_source_line(fig, text: str) -> None:
    """Write ``text`` in a band along the bottom of the figure, reserving the band in the
    constrained layout so nothing overlaps it (replacing a line added by an earlier save)."""
    import textwrap

    old = getattr(fig, "_analysis_source_line", None)
    if old is not None:
        old.remove()
    w_mm, h_mm = (v / MM for v in fig.get_size_inches())
    lines = textwrap.wrap(text, max(30, int(w_mm / 0.85)))  # about 0.85 mm a character
    band = (0.8 + _SOURCE_LINE_MM * len(lines)) / h_mm
    fig._analysis_source_line = fig.text(0.005, 0.004, "\n".join(lines), ha="left",
                                         va="bottom", fontsize=_SOURCE_FONT, color="0.35",
                                         linespacing=1.15)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and "rect" in engine.get():
        engine.set(rect=(0, band, 1, 1 - band))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, band + 0.08))


def save(fig, figure_id: str, data, sources: Iterable[str] | str, caption: str,
         title: str | None = None, *, output: Path | None = None,
         source_text: str | None = None) -> dict[str, Path]:
    """Write a figure as PNG (300 dpi), SVG and PDF, its data as CSV and its metadata as JSON.

    ``figure_id`` matches ``^[a-z0-9][a-z0-9-]*$``; ``data`` is what the figure plots (a
    DataFrame, Series or dict of columns); ``sources`` are catalog ids (each must exist in
    ``data/sources.toml``); ``output`` defaults to :func:`output_dir`. The image carries a
    small source line (``source_text``, default :func:`source_line` of the sources; ``""`` for
    none). Each file is written to a temporary name and renamed. Returns ``{extension: path}``.
    """
    if not isinstance(figure_id, str) or not ID_PATTERN.match(figure_id):
        raise FigureError(f"figure id {figure_id!r} must match {ID_PATTERN.pattern} "
                          "(lowercase letters, digits and hyphens)")
    if not isinstance(caption, str) or not caption.strip():
        raise FigureError(f"figure {figure_id}: a caption is required")
    srcs = _check_sources(sources)
    csv_bytes = data_csv(data)  # fails before anything is written
    folder = Path(output if output is not None else output_dir()) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    w, h = fig.get_size_inches()
    meta = metadata(figure_id, srcs, caption, title, (w / MM, h / MM))
    line = source_line(srcs) if source_text is None else source_text
    if line:
        _add_source_line(fig, line)
    meta["source_line"] = line
    out: dict[str, Path] = {}
    with mpl.rc_context(_DETERMINISM), _settled_layout(fig):
        for ext in FORMATS:
            md = dict(_METADATA[ext])
            if title and ext in ("svg", "pdf"):
                md["Title"] = title
            target = folder / f"{figure_id}.{ext}"
            files.replace_atomically(target, lambda p, ext=ext, md=md: fig.savefig(
                p, format=ext, dpi=DPI, metadata=md))
            out[ext] = target
    out["csv"] = folder / f"{figure_id}.csv"
    files.write_bytes(out["csv"], csv_bytes)
    out["json"] = folder / f"{figure_id}.json"
    text = json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    files.write_bytes(out["json"], text.encode("utf-8"))
    return out


def load_metadata(figure_id: str, output: Path | None = None) -> dict:
    """Read back a figure's ``<id>.json`` from ``output`` (default :func:`output_dir`)."""
    p = Path(output if output is not None else output_dir()) / "figures" / f"{figure_id}.json"
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FigureError(f"no metadata for figure {figure_id!r} at {p}") from None
