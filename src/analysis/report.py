"""The static site (``build/site/``) and figure citations.

The site is plain HTML with a small inline stylesheet; every link is relative, every image and
data file is copied in, so the folder can be opened from disk or served anywhere:

``index.html``            gallery of every figure in results/: image, caption, sources, licences,
                          links to its CSV, PDF and SVG and to the notebook that made it
``notebooks/<name>.html`` each executed notebook (from ``build/executed/``)
``ledger.html``           the claims ledger: one card per claim, verdicts then and now
``brief.html``            the annotated brief: the checked phrases in the brief's order
``data.html``             every catalog entry with edition, coverage and licence
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path, PurePath

from . import paths, report_claims
from .errors import did_you_mean

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;
background:#fafafa;line-height:1.45}
header{background:#1f3a5f;color:#fff;padding:1em 2em}
header a{color:#fff;margin-right:1.2em}
main{padding:1em 2em;max-width:1400px}
.gallery{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:1.5em}
figure{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0;padding:1em}
figure img{width:100%;height:auto}
figcaption{font-size:.9em}
.meta{color:#555;font-size:.85em}
table{border-collapse:collapse;font-size:.85em;background:#fff}
th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#eef}
code{font-size:.9em}
"""


def _page(title: str, body: str, up: str = "") -> str:
    nav = (f'<a href="{up}index.html">Figures</a><a href="{up}ledger.html">Claims ledger</a>'
           f'<a href="{up}brief.html">Annotated brief</a><a href="{up}data.html">Data</a>')
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}{report_claims.CSS}</style>"
            f"</head>\n<body><header>"
            f"<strong>{html.escape(title)}</strong><br>{nav}</header>\n<main>\n{body}\n</main>"
            f"</body></html>\n")


def _e(text) -> str:
    return html.escape(str(text if text is not None else ""))


def _licence(src: dict) -> str:
    return src.get("licence") or src.get("license") or ""


def _figure_sources(meta: dict) -> list[dict]:
    """The figure's sources as dicts (the metadata may hold dicts or bare catalog ids)."""
    out = []
    for s in meta.get("sources", []) or []:
        out.append({"id": s} if isinstance(s, str) else dict(s))
    return out


def load_figures(results: Path) -> list[dict]:
    """Metadata of every figure in ``results/figures`` (with ``id``), sorted by id."""
    out = []
    for p in sorted((results / "figures").glob("*.json")):
        try:
            meta = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            meta = {"title": f"(unreadable metadata {p.name})"}
        meta.setdefault("id", p.stem)
        meta["id"] = p.stem
        out.append(meta)
    return out


def _catalog() -> dict:
    from . import sources

    try:
        return sources.load_catalog()
    except Exception:  # noqa: BLE001 - the site still builds without a catalog
        return {}


def _render_notebook(nb_path: Path) -> str:
    """An executed notebook as a self-contained page (no external scripts)."""
    import nbformat
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter

    nb = nbformat.read(nb_path, as_version=4)
    exporter = HTMLExporter(template_name="basic")
    body, _ = exporter.from_notebook_node(nb)
    css = HtmlFormatter().get_style_defs(".highlight")
    extra = ("<style>" + css + ".jp-InputPrompt,.jp-OutputPrompt{color:#888;font-size:.8em}"
             "pre{overflow-x:auto}.jp-OutputArea-output img{max-width:100%}</style>")
    return _page(nb_path.stem, extra + body, up="../")


def build(results: Path | None = None, executed: Path | None = None,
          site: Path | None = None) -> Path:
    """Build the site from ``results`` and ``executed`` into ``site``; returns index.html."""
    results = Path(results) if results else paths.results_dir()
    executed = Path(executed) if executed else paths.build_dir() / "executed"
    site = Path(site) if site else paths.build_dir() / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "figures").mkdir(parents=True)
    (site / "notebooks").mkdir()
    catalog = _catalog()

    nb_pages = {}
    for nb in sorted(executed.glob("*.ipynb")) if executed.is_dir() else []:
        (site / "notebooks" / f"{nb.stem}.html").write_text(_render_notebook(nb),
                                                            encoding="utf-8")
        nb_pages[nb.stem] = f"notebooks/{nb.stem}.html"

    cards = []
    for meta in load_figures(results):
        fid = meta["id"]
        links = []
        for ext in ("png", "svg", "pdf", "csv", "json"):
            src = results / "figures" / f"{fid}.{ext}"
            if src.is_file():
                shutil.copyfile(src, site / "figures" / src.name)
                if ext != "png":
                    links.append(f'<a href="figures/{_e(src.name)}">{ext.upper()}</a>')
        alt = f"{meta.get('title', fid)}. {meta.get('caption', '')}".strip()
        img = (f'<a href="figures/{_e(fid)}.png"><img src="figures/{_e(fid)}.png" '
               f'alt="{_e(alt)}"></a>'
               if (site / "figures" / f"{fid}.png").is_file() else "<p>(no image)</p>")
        srcs, unknown = [], []
        for s in _figure_sources(meta):
            entry = catalog.get(s.get("id"))
            citation = s.get("citation") or (entry.citation if entry else s.get("id", ""))
            licence = _licence(s) or (entry.license if entry else "")
            edition = s.get("edition") or (entry.edition if entry else "")
            srcs.append(f"<li>{_e(citation)}{' — ' + _e(edition) if edition else ''} "
                        f"<span class=meta>(licence: {_e(licence) or 'unknown'})</span></li>")
            if not licence or licence.lower().startswith("unknown"):
                unknown.append(s.get("id", citation))
        nb_stem = PurePath(str(meta.get("notebook", ""))).stem
        if nb_stem in nb_pages:
            links.append(f'<a href="{nb_pages[nb_stem]}">notebook {_e(nb_stem)}</a>')
        cards.append(
            f'<figure id="{_e(fid)}">{img}<figcaption><strong>{_e(meta.get("title", fid))}'
            f"</strong> <code>{_e(fid)}</code><p>{_e(meta.get('caption', ''))}</p>"
            f"<div class=meta>Sources:<ul>{''.join(srcs) or '<li>none recorded</li>'}</ul>"
            + (f"<p class=warn>The licence of {_e(', '.join(unknown))} is unknown: check the "
               "publisher's terms before reusing this figure.</p>" if unknown else "") +
            f"{' · '.join(links)}<br>Cite: <code>analysis cite {_e(fid)}</code></div>"
            f"</figcaption></figure>")
    nb_list = "".join(f'<li><a href="{href}">{_e(stem)}</a></li>'
                      for stem, href in nb_pages.items())
    body = (f"<h1>Figures</h1><div class=gallery>{''.join(cards) or '<p>No figures yet.</p>'}"
            f"</div><h2>Executed notebooks</h2><ul>{nb_list or '<li>none</li>'}</ul>")
    index = site / "index.html"
    index.write_text(_page("Karabakh research compendium", body), encoding="utf-8")

    downloads = [n for n in ("ledger.csv", "claims.csv") if (results / n).is_file()]
    for name in downloads:
        shutil.copyfile(results / name, site / name)
    ledger, rows = _read_json(results / "ledger.json"), _read_json(results / "claims.json")
    figures = {m["id"] for m in load_figures(results)}
    (site / "ledger.html").write_text(_page("Claims ledger", report_claims.ledger_body(
        ledger, rows, figures, nb_pages, downloads)), encoding="utf-8")
    from .claims import brief_path

    brief = brief_path()
    body = (report_claims.brief_body(ledger, brief.read_text(encoding="utf-8"))
            if brief.is_file() else f"<p>The brief's text ({_e(brief)}) is not available.</p>")
    (site / "brief.html").write_text(_page("The brief, annotated", body), encoding="utf-8")
    (site / "data.html").write_text(_data_page(catalog), encoding="utf-8")
    return index


def _read_json(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []


def _data_page(catalog: dict) -> str:
    rows = []
    for s in catalog.values():
        rows.append(f"<tr><td><code>{_e(s.id)}</code></td><td>{_e(s.kind)}</td>"
                    f"<td>{_e(s.title)}<br><span class=meta>{_e(s.publisher)}</span></td>"
                    f"<td>{_e(s.edition)}</td><td>{_e(s.coverage)}</td><td>{_e(s.license)}</td>"
                    f'<td><a href="{_e(s.origin_url)}">publisher</a></td></tr>')
    table = ("<table><tr><th>id</th><th>kind</th><th>title</th><th>edition</th>"
             "<th>coverage</th><th>licence</th><th>origin</th></tr>" + "".join(rows) + "</table>")
    return _page("Data sources", "<h1>Data sources</h1><p>Every file the compendium reads "
                 "(<code>data/sources.toml</code>). Cite with <code>analysis data cite ID</code>."
                 f"</p>{table if rows else '<p>No catalog.</p>'}")


_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""", re.I)


_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""", re.I)


def broken_links(site: Path) -> list[str]:
    """Local links (href/src) in the site's HTML pages that point at no file, or at an anchor
    (``page.html#id``) the page does not have."""
    out = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(Path(site).rglob("*.html")):
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.I):
                continue  # external or data:
            path, _, frag = html.unescape(target).partition("#")
            path = path.split("?", 1)[0]
            dest = (page.parent / path) if path else page
            if not dest.exists():
                out.append(f"{page.relative_to(site)}: {target}")
                continue
            if frag and dest.suffix == ".html":
                if dest not in ids:
                    ids[dest] = set(_ID.findall(dest.read_text(encoding="utf-8")))
                if frag not in ids[dest]:
                    out.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    return out


# --------------------------------------------------------------------------- citation


def _citation_cff(root: Path) -> dict:
    import yaml

    path = root / "CITATION.cff"
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _bib_escape(text: str) -> str:
    return re.sub(r"([%&#_])", r"\\\1", text)


def cite_figure(figure_id: str, fmt: str = "text", results: Path | None = None) -> str:
    """How to cite one figure: the compendium (with the figure's code version) and its data.

    ``fmt`` is ``text``, ``bibtex`` or ``both``. Raises FileNotFoundError for an unknown id.
    """
    from . import sources

    results = Path(results) if results else paths.results_dir()
    meta_path = results / "figures" / f"{figure_id}.json"
    if not meta_path.is_file():
        known = sorted(p.stem for p in (results / "figures").glob("*.json"))
        raise FileNotFoundError(f"no figure {figure_id!r} in {results / 'figures'}; "
                                f"{did_you_mean(figure_id, known, 'the site gallery')}")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    cff = _citation_cff(paths.root())
    authors = "; ".join(a.get("name") or " ".join(filter(None, [a.get("given-names"),
                                                                a.get("family-names")]))
                        for a in cff.get("authors", []))
    year = str(cff.get("date-released", ""))[:4]
    title = meta.get("title", figure_id)
    code_version = meta.get("code_version", "unknown")
    catalog = _catalog()
    srcs = _figure_sources(meta)
    parts: list[str] = []
    if fmt in ("text", "both"):
        lines = [
            f"{authors} ({year}). {cff.get('title', 'Research compendium')}. "
            f"Version {cff.get('version', '?')}, code version {code_version}. "
            f"Licence: {cff.get('license', '?')}.",
            f"Figure {figure_id}: {title}.",
            "Data sources:" if srcs else "Data sources: none recorded.",
        ]
        for s in srcs:
            entry = catalog.get(s.get("id"))
            lines.append("  - " + (sources.cite(entry, "text") if entry else
                                   f"{s.get('citation', s.get('id'))}. Licence: {_licence(s)}."))
        parts.append("\n".join(lines))
    if fmt in ("bibtex", "both"):
        key = re.sub(r"[^A-Za-z0-9]", "_", figure_id)
        fields = {
            "author": "{" + authors + "}", "title": cff.get("title", ""),
            "version": str(cff.get("version", "")), "year": year,
            "note": f"Figure {figure_id}: {title}. Code version {code_version}.",
        }
        body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields.items())
        entries = [f"@software{{compendium_{key},\n{body}\n}}"]
        for s in srcs:
            entry = catalog.get(s.get("id"))
            if entry:
                entries.append(sources.cite(entry, "bibtex"))
        parts.append("\n\n".join(entries))
    if not parts:
        raise ValueError(f"unknown format {fmt!r}; use text, bibtex or both")
    return "\n\n".join(parts)
