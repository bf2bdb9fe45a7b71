"""The static site, its links, a headless-browser look at it, and figure citations."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess

import nbformat
import pytest
from conftest import write_catalog
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from typer.testing import CliRunner

from analysis import report
from analysis.cli import app

FIGS = ("conflict-deaths", "milex-arm-aze")
CFF = """cff-version: 1.2.0
title: "Test compendium"
version: 9.9.9
date-released: 2031-01-02
license: MIT
authors:
  - name: "The test authors"
"""


@pytest.fixture
def published(project, monkeypatch):
    """A tmp project with a catalog, CITATION.cff, results/, build/executed/ and a brief."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    root, _ = project
    (root / "CITATION.cff").write_text(CFF)
    brief = root / "brief.txt"
    brief.write_text(" Title\nLine two\nThe capture of Nagorno-Karabakh came last.\n\nBy A\n\n"
                     "Spending has swollen almost eightfold in ten years.\n")
    monkeypatch.setenv("ANALYSIS_BRIEF", str(brief))
    table = b"a\n1\n"
    (root / "data" / "curated").mkdir()
    (root / "data" / "curated" / "t.csv").write_bytes(table)
    write_catalog(root, [{
        "id": "war-dates", "kind": "curated", "title": "War dates", "publisher": "Pub & Co",
        "edition": "2024", "dataset": "war-dates", "release": "2024", "published": "2024",
        "origin_url": "https://example.org/", "file": "curated/t.csv",
        "sha256": hashlib.sha256(table).hexdigest(), "bytes": len(table),
        "license": "CC BY 4.0", "citation": "Pub (2024) War dates", "coverage": "ARM, AZE 1991-",
        "notes": "N"}])
    figdir = root / "results" / "figures"
    figdir.mkdir(parents=True)
    for i, fid in enumerate(FIGS):
        fig, ax = plt.subplots(figsize=(4, 3), dpi=60)
        ax.bar(["ARM", "AZE"], [1 + i, 2])
        ax.set_title(fid)
        for ext in ("png", "svg", "pdf"):
            fig.savefig(figdir / f"{fid}.{ext}")
        plt.close(fig)
        (figdir / f"{fid}.csv").write_text("country,value\nARM,1\nAZE,2\n")
        (figdir / f"{fid}.json").write_text(json.dumps({
            "title": f"Title of {fid}", "caption": f"Caption <{fid}>",
            "sources": [{"id": "war-dates", "citation": "Pub (2024) War dates",
                         "licence": "CC BY 4.0", "edition": "2024"}],
            "notebook": "notebooks/01_demo.ipynb", "code_version": "0.1.0+abc123"}))
    (root / "results" / "claims.csv").write_text("claim_id,verdict\nc1,supported\n")
    (root / "results" / "ledger.json").write_text(json.dumps([{
        "claim_id": "c1", "theme": "military", "section": "Opening",
        "phrase": "swollen almost eightfold in ten years", "brief_value": 8, "unit": "ratio",
        "edition_then": "2023", "value_then": 7.69, "verdict_then": "supported",
        "edition_now": "2025", "value_now": 5.35, "verdict_now": "contradicted",
        "reason": "", "sources": ["war-dates"], "figure_ids": ["milex-arm-aze"],
        "notebook": ["notebooks/01_demo.ipynb"]}, {
        "claim_id": "c2", "theme": "military", "section": "Opening",
        "phrase": "The capture of Nagorno-Karabakh", "brief_value": None, "unit": "u",
        "edition_then": "", "value_then": None, "verdict_then": "not checkable",
        "edition_now": "", "value_now": None, "verdict_now": "not checkable",
        "reason": "No open data <here>", "sources": [], "figure_ids": [], "notebook": []}]))
    (root / "results" / "claims.json").write_text(json.dumps([{
        "claim_id": "c1", "edition": "2023", "sub_key": "window=2005-2015", "data_value": 7.69,
        "unit": "ratio", "verdict": "supported", "reason": ""}]))
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [new_markdown_cell("# Demo"), new_markdown_cell("## Findings"),
                new_code_cell("x = 1 + 1\nx", execution_count=1, outputs=[
                    new_output("execute_result", {"text/plain": "2"}, execution_count=1)])]
    (root / "build" / "executed").mkdir(parents=True)
    nbformat.write(nb, root / "build" / "executed" / "01_demo.ipynb")
    return root


def test_site_builds_with_no_broken_links(published):
    index = report.build()
    site = index.parent
    assert index == published / "build" / "site" / "index.html"
    html = index.read_text()
    for fid in FIGS:
        assert f'src="figures/{fid}.png"' in html
        assert f"Title of {fid}" in html
        assert (site / "figures" / f"{fid}.png").is_file()
        assert f'href="figures/{fid}.csv"' in html and f'href="figures/{fid}.pdf"' in html
    assert "Caption &lt;conflict-deaths&gt;" in html  # escaped
    assert "CC BY 4.0" in html and "Pub (2024) War dates" in html
    assert 'href="notebooks/01_demo.html"' in html
    nb_text = re.sub(r"<[^>]+>", "", (site / "notebooks" / "01_demo.html").read_text())
    assert "x = 1 + 1" in nb_text
    assert "<script src=" not in (site / "notebooks" / "01_demo.html").read_text()
    ledger = (site / "ledger.html").read_text()
    assert 'id="claim-c1"' in ledger and "then: supported" in ledger
    assert "now: contradicted" in ledger and "No open data &lt;here&gt;" in ledger
    assert 'href="index.html#milex-arm-aze"' in ledger
    assert 'href="notebooks/01_demo.html#Findings"' in ledger
    brief = (site / "brief.html").read_text()
    assert "“swollen almost eightfold in ten years”" in brief
    assert 'href="ledger.html#claim-c1"' in brief
    # In the brief's order: "The capture ..." is printed before "swollen almost eightfold".
    assert brief.index("The capture of") < brief.index("swollen almost")
    assert 'alt="Title of milex-arm-aze. Caption &lt;milex-arm-aze&gt;"' in html
    data = (site / "data.html").read_text()
    assert "war-dates" in data and "ARM, AZE 1991-" in data and "CC BY 4.0" in data
    assert report.broken_links(site) == []
    # Every local link is relative: the site can be moved.
    for page in site.rglob("*.html"):
        assert not re.search(r'(?:href|src)="(?:/|file:)', page.read_text()), page


def test_link_check_finds_a_broken_link_and_a_missing_anchor(tmp_path):
    (tmp_path / "a.html").write_text('<a href="b.html">b</a><a href="https://x.org/">x</a>'
                                     '<img src="data:image/png;base64,AA"><a href="#top">t</a>'
                                     '<a href="c.html#there">c</a><a href="c.html#gone">g</a>'
                                     '<h1 id="top">T</h1>')
    (tmp_path / "c.html").write_text('<p id="there">here</p>')
    assert report.broken_links(tmp_path) == ["a.html: b.html",
                                             "a.html: c.html#gone (no such anchor)"]


def test_a_figure_with_a_source_of_unknown_licence_says_so(published):
    meta_path = published / "results" / "figures" / "milex-arm-aze.json"
    meta = json.loads(meta_path.read_text())
    meta["sources"][0]["licence"] = "unknown (not stated)"
    meta_path.write_text(json.dumps(meta))
    html = report.build().read_text()
    assert "The licence of war-dates is unknown" in html


def test_report_command(published):
    result = CliRunner().invoke(app, ["report"])
    assert result.exit_code == 0, result.output
    assert "site:" in result.output


def test_cite_figure(published):
    text = report.cite_figure("milex-arm-aze", "text")
    assert "Test compendium" in text and "9.9.9" in text and "0.1.0+abc123" in text
    assert "The test authors (2031)" in text
    assert "Figure milex-arm-aze: Title of milex-arm-aze" in text
    assert "Pub (2024) War dates" in text and "Licence: CC BY 4.0" in text
    bib = report.cite_figure("milex-arm-aze", "bibtex")
    assert bib.startswith("@software{compendium_milex_arm_aze,")
    assert "version = {9.9.9}" in bib and "@misc{war_dates," in bib
    result = CliRunner().invoke(app, ["cite", "milex-arm-aze", "--format", "both"])
    assert result.exit_code == 0 and "@software" in result.output and "Licence" in result.output
    result = CliRunner().invoke(app, ["cite", "milex-arm-azr"])
    assert result.exit_code == 1 and "milex-arm-aze" in result.output  # suggests the close id


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.slow
@pytest.mark.skipif(_chromium() is None,
                    reason="chromium not installed (`make browser` installs Debian's chromium)")
def test_site_in_headless_chromium(published, tmp_path):
    index = report.build()
    flags = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", "--disable-default-apps", "--disable-domain-reliability",
             "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing resolves: no host is reached
             f"--user-data-dir={tmp_path / 'profile'}"]
    url = index.resolve().as_uri()
    shot = tmp_path / "site-screenshot.png"
    subprocess.run([*flags, f"--screenshot={shot}", "--window-size=1280,2000", url],
                   check=True, capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 1000
    dom = subprocess.run([*flags, "--dump-dom", url], check=True, capture_output=True,
                         text=True, timeout=120).stdout
    imgs = re.findall(r'<img [^>]*src="([^"]+)"', dom)
    assert sorted(imgs) == sorted(f"figures/{fid}.png" for fid in FIGS)
    assert all((index.parent / src).is_file() for src in imgs)
    # The ledger and the annotated brief, as the browser sees them: every badge link lands on
    # a page that exists and on an element with that id.
    site = index.parent
    for page in ("ledger.html", "brief.html"):
        dom = subprocess.run([*flags, "--dump-dom", (site / page).resolve().as_uri()],
                             check=True, capture_output=True, text=True, timeout=120).stdout
        badges = re.findall(r'<a class="badge" href="([^"]+)"', dom)
        assert badges, f"no verdict badges on {page}"
        for href in badges:
            target, _, anchor = href.partition("#")
            target_html = (site / target).read_text() if target else dom
            assert f'id="{anchor}"' in target_html, f"{page}: badge link {href} resolves nowhere"
