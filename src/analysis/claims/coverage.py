"""Which statements of the brief state a number or a date, and which of them the registry
covers.

The brief's text file is a PDF extraction: two pull quotes are spliced into running sentences,
the map's caption sits between paragraphs, section headings start blocks and words are split
across lines. :func:`sentences` undoes that (pull quotes stripped, the interrupted sentences
rejoined, the caption set aside) and :func:`quantitative` keeps the sentences that state a
number, a date, a duration, a share or a count, in digits or in words. A sentence is covered
when a registry phrase occurs in it, or excluded when ``data/claims/_excluded.toml`` lists it
(by a snippet of it) with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import files, paths
from .registry import SECTIONS, Claim, ClaimsError, normalise_text

EXCLUDED_FILE = "_excluded.toml"
CAPTION = re.compile(r"^Map of ")
_BLOCKS = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+(?=[A-Z“\"(])")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred",
                "hundreds", "thousand", "thousands", "million", "millions", "billion",
                "billions", "decade", "decades", "dozen", "dozens", "half", "century")
_QUANTITY = re.compile(
    r"\d|\b\w+fold\b|\b(?:" + "|".join(NUMBER_WORDS + MONTHS) + r")\b", re.IGNORECASE)
_MONTH_CASE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")


@dataclass
class Sentence:
    """One sentence of the brief, in order, with its section."""

    text: str
    section: str
    index: int


@dataclass
class Coverage:
    """The quantitative sentences, each covered (by claim ids), excluded (with the reason)
    or uncovered."""

    found: list[Sentence] = field(default_factory=list)
    covered: dict[int, list[str]] = field(default_factory=dict)
    excluded: dict[int, str] = field(default_factory=dict)

    @property
    def uncovered(self) -> list[Sentence]:
        """Sentences neither covered nor excluded."""
        return [s for s in self.found if s.index not in self.covered
                and s.index not in self.excluded]


def _first_sentence(block: str) -> str:
    m = re.search(r"\.\s*\n", block)
    return block[: m.end()].strip() if m else ""


def blocks(text: str) -> tuple[list[str], list[str], list[str]]:
    """The brief's text blocks with the pull quotes stripped, and the pull quotes and
    captions found. A pull quote is a block's first sentence that repeats a sentence printed
    elsewhere while the block before it ends mid-sentence (the quote was spliced in)."""
    raw = [b for b in _BLOCKS.split(text) if b.strip()]
    whole = normalise_text(text)
    kept, quotes, captions = [], [], []
    for b in raw:
        if CAPTION.match(b.strip()):
            captions.append(normalise_text(b))
            continue
        lead = _first_sentence(b)
        before = kept[-1].rstrip() if kept else "."
        if lead and not before.endswith((".", "?", "!", "”")) \
                and whole.count(normalise_text(lead)) > 1:
            quotes.append(normalise_text(lead))
            b = b.strip()[len(lead):]
        kept.append(b)
    return kept, quotes, captions


def sentences(text: str) -> list[Sentence]:
    """The brief's sentences in order, each with its section ("Opening" before the first
    heading); the title and byline are not sentences."""
    kept, _, _ = blocks(text)
    by_section: list[tuple[str, str]] = []
    section = "Opening"
    for b in kept[2:]:  # title with lead paragraph, and the byline, come first
        first, _, rest = b.strip().partition("\n")
        if first.strip() in SECTIONS:
            section, b = first.strip(), rest
        by_section.append((section, b))
    lead = kept[0].strip().split("\n", 2)[-1]  # the lead paragraph after the two title lines
    out: list[Sentence] = []
    groups: dict[str, list[str]] = {"Opening": [lead]}
    for sec, b in by_section:
        groups.setdefault(sec, []).append(b)
    for sec in SECTIONS:
        joined = normalise_text("\n".join(groups.get(sec, [])))
        for s in _SENTENCE_END.split(joined):
            if s.strip():
                out.append(Sentence(s.strip(), sec, len(out)))
    return out


def is_quantitative(sentence: str) -> bool:
    """True when a sentence states a number, a date, a duration, a share or a count, in
    digits or in words ("eightfold", "two decades", "Tens of thousands", "May 2021")."""
    for m in _QUANTITY.finditer(sentence):
        word = m.group(0)
        if word.lower() in (w.lower() for w in MONTHS):
            if _MONTH_CASE.fullmatch(word):  # "May" the month, not "may" the verb
                return True
            continue
        return True
    return False


def quantitative(text: str) -> list[Sentence]:
    """The sentences of the brief that state a quantity or a date."""
    return [s for s in sentences(text) if is_quantitative(s.text)]


def excluded_path() -> Path:
    """``data/claims/_excluded.toml``."""
    return paths.claims_dir() / EXCLUDED_FILE


def load_excluded(path: Path | None = None) -> list[dict]:
    """The excluded sentences: ``[[sentence]]`` tables with ``snippet`` (words of the sentence,
    exactly as printed) and ``reason``."""
    path = Path(path) if path else excluded_path()
    if not path.is_file():
        return []
    doc = files.read_toml(path, ClaimsError)
    rows = doc.get("sentence", [])
    for i, row in enumerate(rows, start=1):
        if set(row) != {"snippet", "reason"} or not all(
                isinstance(v, str) and v.strip() for v in row.values()):
            raise ClaimsError(f"{path}: sentence {i}: give exactly a non-empty snippet and "
                              f"reason, got {sorted(row)}")
    return rows


def _flat(text: str) -> str:
    # A hyphen at a line end is a split word or a compound: compare without hyphens.
    return normalise_text(text).replace("-", "")


def coverage(text: str, registry: dict[str, Claim], excluded: list[dict]) -> Coverage:
    """Match every quantitative sentence to the registry phrases it contains, or to the
    exclusion that names it. An exclusion matching no sentence is an error (stale)."""
    found = quantitative(text)
    out = Coverage(found=found)
    used: set[int] = set()
    for s in found:
        ids = [c.id for c in registry.values() if _flat(c.phrase) in _flat(s.text)]
        if ids:
            out.covered[s.index] = sorted(ids)
        for i, row in enumerate(excluded):
            if _flat(row["snippet"]) in _flat(s.text):
                used.add(i)
                if not ids:
                    out.excluded[s.index] = row["reason"]
    stale = [row["snippet"] for i, row in enumerate(excluded) if i not in used]
    if stale:
        raise ClaimsError(f"{excluded_path()}: snippet(s) match no quantitative sentence of "
                          f"the brief: {stale}")
    return out
