"""analysis.figures: the house style, deterministic saving, metadata and the plotted-data CSV."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from conftest import raw_entry, write_catalog  # noqa: E402

from analysis import countries, figures  # noqa: E402
from analysis.figures import FigureError  # noqa: E402

EXTS = ("png", "svg", "pdf", "csv", "json")


@pytest.fixture
def out(project, tmp_path, monkeypatch):
    """A tmp project with a two-entry catalog; outputs go to tmp_path/out."""
    root, _ = project
    write_catalog(root, [raw_entry("demo-a", "raw/demo/a.csv", b"a", title="Demo A"),
                         raw_entry("demo-b", "raw/demo/b.csv", b"b", edition="E2")])
    folder = tmp_path / "out"
    monkeypatch.setenv("ANALYSIS_OUTPUT_DIR", str(folder))
    monkeypatch.delenv("ANALYSIS_NOTEBOOK", raising=False)
    monkeypatch.delenv("ANALYSIS_PARAMETERS", raising=False)
    yield folder
    plt.close("all")


def _data() -> pd.DataFrame:
    return pd.DataFrame({"iso3": ["AZE", "AZE", "ARM", "ARM"], "year": [2006, 2005, 2006, 2005],
                         "value": [2.0, 1.0, 0.75, 0.5]})


def _figure():
    fig, ax = figures.new("single")
    df = _data()
    for iso3, g in df.groupby("iso3"):
        g = g.sort_values("year")
        figures.country_line(ax, g["year"], g["value"], iso3)
    ax.set_xlabel("Year")
    ax.set_ylabel("US$ bn")
    ax.legend()
    return fig, df


def _save(fig, df, **kw):
    args = {"sources": ["demo-a"], "caption": "A caption.", "title": "A title"}
    args.update(kw)
    return figures.save(fig, "demo-fig", df, **args)


def test_save_writes_five_files_into_the_output_dir(out, project):
    fig, df = _figure()
    written = _save(fig, df)
    assert sorted(written) == sorted(EXTS)
    for ext in EXTS:
        assert written[ext] == out / "figures" / f"demo-fig.{ext}"
        assert written[ext].stat().st_size > 0
    root, _ = project
    assert not (root / "results").exists()
    leftovers = [p.name for p in (out / "figures").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_same_figure_saved_twice_gives_identical_bytes(out, tmp_path, monkeypatch):
    fig, df = _figure()
    first = {ext: p.read_bytes() for ext, p in _save(fig, df).items()}
    # the same figure object again, and a freshly drawn one into another folder
    again = {ext: p.read_bytes() for ext, p in _save(fig, df).items()}
    monkeypatch.setenv("ANALYSIS_OUTPUT_DIR", str(tmp_path / "other"))
    fig2, df2 = _figure()
    fresh = {ext: p.read_bytes() for ext, p in _save(fig2, df2).items()}
    for ext in EXTS:
        assert first[ext] == again[ext], f"{ext} differs when re-saving the same figure"
        assert first[ext] == fresh[ext], f"{ext} differs for a redrawn figure"


def test_files_carry_no_dates_or_tool_versions(out):
    fig, df = _figure()
    written = _save(fig, df)
    svg = written["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    pdf = written["pdf"].read_bytes()
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf
    assert b"Software" not in written["png"].read_bytes()[:2000]


def test_sizes_are_the_column_widths_at_300_dpi(out):
    fig, df = _figure()
    assert fig.get_size_inches()[0] * 25.4 == pytest.approx(85.0)
    png = mpimg.imread(_save(fig, df)["png"])
    assert png.shape[1] == int(85 / 25.4 * 300)  # Agg truncates to whole pixels
    fig2, _ = figures.new("double", height_mm=50)
    assert tuple(fig2.get_size_inches() * 25.4) == pytest.approx((180.0, 50.0))
    with pytest.raises(FigureError, match="width"):
        figures.new("triple")


def test_country_line_uses_the_country_colour_and_style(out):
    fig, ax = figures.new()
    line = figures.country_line(ax, [1, 2], [3, 4], "AZE")
    assert matplotlib.colors.to_hex(line.get_color()) == countries.colour("AZE").lower()
    assert line.get_linestyle() == countries.linestyle("AZE")
    assert line.get_label() == countries.name("AZE")
    assert figures.country_line(ax, [1], [1], "ARM", label="x", color="k").get_label() == "x"


def test_unknown_source_is_an_error_naming_it(out):
    fig, df = _figure()
    with pytest.raises(FigureError, match="no-such-source"):
        _save(fig, df, sources=["demo-a", "no-such-source"])
    with pytest.raises(FigureError, match="at least one"):
        _save(fig, df, sources=[])
    assert not (out / "figures").exists()


@pytest.mark.parametrize("bad", ["Demo", "-demo", "demo_fig", "demo.fig", "", "a/b", "démo"])
def test_bad_figure_id_is_an_error(out, bad):
    fig, df = _figure()
    with pytest.raises(FigureError, match="must match"):
        figures.save(fig, bad, df, ["demo-a"], "caption")


def test_csv_rows_sorted_and_floats_at_six_significant_digits():
    df = pd.DataFrame({
        "iso3": ["AZE", "ARM", "AZE", "ARM"],
        "year": [2006, 2006, 2005, 2005],
        "value": [40123456789.0, 1 / 3, 2.0, float("nan")],
        "small": [0.000123456789, -0.0, 1e-7, 12.5],
    })
    text = figures.data_csv(df).decode("utf-8")
    assert "\r" not in text
    assert text.splitlines() == [
        "iso3,year,value,small",
        "ARM,2005,,12.5",
        "ARM,2006,0.333333,0",
        "AZE,2005,2,0.0000001",
        "AZE,2006,40123500000,0.000123457",
    ]
    # a named index is plotted data too
    s = pd.Series([2.5, 1.25], index=pd.Index([2001, 2000], name="year"), name="v")
    assert figures.data_csv(s).decode() == "year,v\n2000,1.25\n2001,2.5\n"


def test_csv_of_mixed_type_column_is_still_deterministic():
    df = pd.DataFrame({"k": ["b", 1, "a"], "v": [1.0, 2.0, 3.0]})
    assert figures.data_csv(df) == figures.data_csv(df.iloc[::-1])


def test_metadata_records_sources_notebook_parameters_and_code(out, project, monkeypatch):
    root, _ = project
    nb = root / "notebooks" / "01_demo.ipynb"
    nb.parent.mkdir()
    cells = [{"cell_type": "markdown", "source": "# t", "metadata": {}},
             {"cell_type": "code", "source": ["x = 1\n", "y = 2"], "metadata": {},
              "outputs": [], "execution_count": None}]
    nb.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                              "nbformat_minor": 5}), encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_NOTEBOOK", "notebooks/01_demo.ipynb")
    monkeypatch.setenv("ANALYSIS_PARAMETERS", '{"year": 2022, "country": "AZE"}')
    fig, df = _figure()
    _save(fig, df, sources=["demo-b", "demo-a"])
    meta = figures.load_metadata("demo-fig")
    assert meta == json.loads((out / "figures" / "demo-fig.json").read_text())
    assert meta["title"] == "A title" and meta["caption"] == "A caption."
    assert [s["id"] for s in meta["sources"]] == ["demo-b", "demo-a"]
    assert set(meta["sources"][0]) == {"id", "title", "publisher", "edition", "citation",
                                       "license"}
    assert meta["data_editions"]["demo-b"]["edition"] == "E2"
    assert meta["notebook"] == "notebooks/01_demo.ipynb"
    assert meta["parameters"] == {"year": 2022, "country": "AZE"}
    assert meta["code_version"].startswith("sha256:")
    raw = (out / "figures" / "demo-fig.json").read_text()
    assert raw == json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    # editing a code cell changes the code version; outputs do not
    before = figures.code_version(nb)
    cells[1]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                              "nbformat_minor": 5}), encoding="utf-8")
    assert figures.code_version(nb) == before
    cells[1]["source"] = "x = 3"
    nb.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                              "nbformat_minor": 5}), encoding="utf-8")
    assert figures.code_version(nb) != before
    assert figures.code_version() != before


def test_interactive_output_goes_to_build_interactive(project, monkeypatch):
    root, _ = project
    write_catalog(root, [raw_entry("demo-a", "raw/demo/a.csv", b"a")])
    monkeypatch.delenv("ANALYSIS_OUTPUT_DIR", raising=False)
    monkeypatch.delenv("ANALYSIS_NOTEBOOK", raising=False)
    fig, df = _figure()
    written = _save(fig, df)
    assert written["png"] == root / "build" / "interactive" / "figures" / "demo-fig.png"
    assert figures.load_metadata("demo-fig")["notebook"] is None
    with pytest.raises(FigureError, match="no metadata"):
        figures.load_metadata("missing-fig")
    plt.close("all")
