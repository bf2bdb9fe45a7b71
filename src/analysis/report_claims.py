"""The site's pages for the claims: the ledger as cards, and the annotated brief.

The ledger page has one card per claim: the quoted phrase, the brief's value, a badge for the
verdict then and one for now (colour and words), the values and editions, the reason where a
claim is not checkable or not comparable, links to its figures and to the notebook that
recorded it, and the recorded rows folded away. The annotated brief walks the brief in its own
order, section by section, showing each quoted phrase (at most 12 words, never the whole text)
with its badges, each linking to the claim's card.
"""

from __future__ import annotations

import html
from pathlib import PurePath

from .claims.registry import SECTIONS, normalise_text
from .formatting import format_value

BADGE_COLOURS = {  # background, text: readable in colour and in greyscale, always with words
    "supported": ("#1a7f37", "#fff"), "approximately": ("#9a6700", "#fff"),
    "contradicted": ("#cf222e", "#fff"), "not checkable": ("#6e7781", "#fff"),
    "not comparable": ("#8250df", "#fff"), "not yet": ("#0969da", "#fff"),
    "context": ("#d0d7de", "#24292f"),
}
CSS = """
.claim{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8em 1em;margin:0 0 1em}
.claim blockquote{margin:.3em 0;font-size:1.05em;font-style:italic}
.badge{display:inline-block;border-radius:1em;padding:.1em .7em;margin-right:.4em;
font-size:.85em;text-decoration:none}
.reason{color:#444;font-size:.9em}
.brief-section{margin-bottom:1.5em}
.brief-item{margin:.4em 0}
details{margin-top:.4em;font-size:.85em}
"""


def _e(text) -> str:
    return html.escape(str(text if text is not None else ""))


def badge(when: str, verdict: str, href: str) -> str:
    """A verdict badge (colour and words) linking to ``href``."""
    bg, fg = BADGE_COLOURS.get(verdict, ("#999", "#fff"))
    return (f'<a class="badge" href="{_e(href)}" style="background:{bg};color:{fg}" '
            f'title="verdict {_e(when)}">{_e(when)}: {_e(verdict)}</a>')


def _value(v, unit: str = "") -> str:
    if v is None or v == "":
        return "–"
    return _e(format_value(v)) + (f" <span class=meta>{_e(unit)}</span>" if unit else "")


def _notebook_href(row: dict, nb_pages: dict[str, str]) -> str | None:
    for nb in row.get("notebook") or []:
        stem = PurePath(nb).stem
        if stem in nb_pages:
            return f"{nb_pages[stem]}#Findings"
    return None


def card(row: dict, details: list[dict], figures: set[str], nb_pages: dict[str, str]) -> str:
    """One claim's card on the ledger page."""
    cid = row["claim_id"]
    figs = [f for f in row.get("figure_ids", []) if f in figures]
    nb = _notebook_href(row, nb_pages)
    target = f"index.html#{figs[0]}" if figs else (nb or f"#claim-{cid}")
    links = [f'<a href="index.html#{_e(f)}">figure {_e(f)}</a>' for f in figs]
    if nb:
        links.append(f'<a href="{_e(nb)}">notebook findings</a>')
    rows = "".join(
        f"<tr><td>{_e(d['edition'])}</td><td>{_e(d['sub_key'])}</td>"
        f"<td>{_value(d['data_value'])}</td><td>{_e(d['unit'])}</td><td>{_e(d['verdict'])}"
        f"</td><td>{_e(d['reason'])}</td></tr>" for d in details)
    folded = (f"<details><summary>{len(details)} recorded value(s)</summary><table><tr>"
              "<th>edition</th><th>part</th><th>value</th><th>unit</th><th>verdict</th>"
              f"<th>reason</th></tr>{rows}</table></details>") if details else ""
    return (
        f'<article class="claim" id="claim-{_e(cid)}"><div>'
        f'{badge("then", row["verdict_then"], target)}{badge("now", row["verdict_now"], target)}'
        f" <code>{_e(cid)}</code> <span class=meta>{_e(row['theme'])} · "
        f"{_e(row['section'])}</span></div>"
        f"<blockquote>“{_e(normalise_text(row['phrase']))}”</blockquote>"
        f"<p>Brief: {_value(row['brief_value'], row['unit'])}<br>"
        f"Then ({_e(row['edition_then'] or 'as printed')}): {_value(row['value_then'])}<br>"
        f"Now ({_e(row['edition_now'] or 'as printed')}): {_value(row['value_now'])}</p>"
        + (f"<p class=reason>{_e(row['reason'])}</p>" if row.get("reason") else "")
        + (f"<p>{' · '.join(links)}</p>" if links else "")
        + folded + "</article>")


def ledger_body(ledger: list[dict], rows: list[dict], figures: set[str],
                nb_pages: dict[str, str], downloads: list[str] = ()) -> str:
    """The ledger page's body: a summary line and one card per claim, grouped by theme."""
    if not ledger:
        return "<h1>Claims ledger</h1><p>No claims ledger yet (results/ledger.json).</p>"
    by_claim: dict[str, list[dict]] = {}
    for r in rows:
        by_claim.setdefault(r["claim_id"], []).append(r)
    files = ", ".join(f'<a href="{_e(n)}">{_e(n)}</a>' for n in downloads)
    parts = ["<h1>Claims ledger</h1><p>Every checkable statement of the brief, with its verdict "
             "<strong>then</strong> (on the data edition current when the brief was written, "
             "December 2023) and <strong>now</strong> (on the latest edition)."
             + (f" Download: {files}." if files else "") + ' The <a href="brief.html">annotated '
             "brief</a> walks the same claims in the brief's order.</p>"]
    for theme in sorted({r["theme"] for r in ledger}):
        parts.append(f'<h2 id="theme-{_e(theme)}">{_e(theme)}</h2>')
        parts += [card(r, by_claim.get(r["claim_id"], []), figures, nb_pages)
                  for r in ledger if r["theme"] == theme]
    return "".join(parts)


def _brief_item(row: dict) -> str:
    href = "ledger.html#claim-" + row["claim_id"]
    return (f'<div class="brief-item">{badge("then", row["verdict_then"], href)}'
            f'{badge("now", row["verdict_now"], href)} '
            f"“{_e(normalise_text(row['phrase']))}”</div>")


def brief_body(ledger: list[dict], brief_text: str) -> str:
    """The annotated brief: each section's claims in the order their phrases are printed."""
    text = normalise_text(brief_text).replace("-", "")
    parts = ["<h1>The brief, annotated</h1><p>The statements of <em>Geopolitical Echoes of the "
             "Karabakh Conflict</em> (Mikaelian and Perović, CSS Analyses in Security Policy, "
             "December 2023) that the compendium checks, in the brief's order. Each badge "
             "opens the claim's card in the ledger.</p>"]
    for section in SECTIONS:
        mine = [r for r in ledger if r["section"] == section]
        if not mine:
            continue
        mine.sort(key=lambda r: (text.find(normalise_text(r["phrase"]).replace("-", "")),
                                 r["claim_id"]))
        items = "".join(_brief_item(r) for r in mine)
        parts.append(f'<section class="brief-section"><h2>{_e(section)}</h2>{items}</section>')
    return "".join(parts)
