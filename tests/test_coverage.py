"""Finding the brief's statements of numbers and dates, and checking the registry covers them."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from analysis import claims
from analysis.claims import ClaimsError
from analysis.claims import coverage as cov
from analysis.cli import app

# A brief in the text file's shape: title and lead, byline, a pull quote spliced into a
# sentence, a map caption between paragraphs, a section heading, words split at line ends.
BRIEF = """ Title of the
Brief
The war began in September 2023 and ended soon.

By A. Author
and B. Author

So it was. The spending grew eightfold in ten years. It was par-
ticipating in

Map of Somewhere Before September 19, 2023

The spending grew
eightfold in ten years.
 NATO exercises with 3 partners. One factor was luck.

Geopolitical Dynamics
Tens of thousands died. Nothing here is a number at all. Talks may resume.
"""


def test_pull_quotes_are_stripped_and_interrupted_sentences_rejoined():
    kept, quotes, captions = cov.blocks(BRIEF)
    assert quotes == ["The spending grew eightfold in ten years."]
    assert captions == ["Map of Somewhere Before September 19, 2023"]
    texts = [s.text for s in cov.sentences(BRIEF)]
    assert "It was participating in NATO exercises with 3 partners." in texts
    assert texts.count("The spending grew eightfold in ten years.") == 1
    assert all("Map of" not in t and "Title" not in t and "Author" not in t for t in texts)
    sections = {s.text: s.section for s in cov.sentences(BRIEF)}
    assert sections["Tens of thousands died."] == "Geopolitical Dynamics"
    assert sections["The war began in September 2023 and ended soon."] == "Opening"


def test_quantities_in_digits_and_words_but_not_the_verb_may():
    found = [s.text for s in cov.quantitative(BRIEF)]
    assert found == [
        "The war began in September 2023 and ended soon.",
        "The spending grew eightfold in ten years.",
        "It was participating in NATO exercises with 3 partners.",
        "One factor was luck.",
        "Tens of thousands died.",
    ]
    assert not cov.is_quantitative("Talks may resume.")
    assert cov.is_quantitative("The wars of 2020–2023 left a deep impact.")
    assert cov.is_quantitative("For more than two decades, peace held.")


def _claim(cid, phrase):
    return claims.Claim(id=cid, theme="t", section="Opening", phrase=phrase, paraphrase="p",
                        unit="u", kind="context", comparison="context", notes="n")


def test_coverage_counts_covered_excluded_and_uncovered():
    reg = {"growth": _claim("growth", "grew eightfold in ten years"),
           "toll": _claim("toll", "Tens of thousands died")}
    excluded = [{"snippet": "One factor was luck", "reason": "a figure of speech"}]
    result = cov.coverage(BRIEF, reg, excluded)
    assert len(result.found) == 5 and len(result.covered) == 2 and len(result.excluded) == 1
    assert [s.text for s in result.uncovered] == [
        "The war began in September 2023 and ended soon.",
        "It was participating in NATO exercises with 3 partners."]
    with pytest.raises(ClaimsError, match="match no quantitative sentence"):
        cov.coverage(BRIEF, reg, [{"snippet": "not in the brief", "reason": "r"}])


def test_coverage_command_exits_non_zero_when_a_sentence_is_uncovered(project, tmp_path,
                                                                      monkeypatch):
    root, _ = project
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    monkeypatch.setenv("ANALYSIS_BRIEF", str(brief))
    folder = root / "data" / "claims"
    folder.mkdir(parents=True)
    (folder / "t.toml").write_text('[[claim]]\nid = "growth"\nsection = "Opening"\n'
                                   'phrase = "grew eightfold in ten years"\nparaphrase = "p"\n'
                                   'unit = "u"\nkind = "context"\ncomparison = "context"\n'
                                   'notes = "n"\n')
    result = CliRunner().invoke(app, ["claims", "--coverage"])
    assert result.exit_code == 1
    assert "sentences stating a number or a date: 5" in result.output
    assert "UNCOVERED [Geopolitical Dynamics] Tens of thousands died." in result.output
    (folder / "_excluded.toml").write_text("\n".join(
        f'[[sentence]]\nsnippet = "{s}"\nreason = "r"\n' for s in (
            "The war began", "NATO exercises", "One factor", "Tens of thousands")))
    result = CliRunner().invoke(app, ["claims", "--coverage"])
    assert result.exit_code == 0, result.output
    assert "uncovered:           0" in result.output


def test_every_quantitative_sentence_of_the_brief_is_covered_or_excluded():
    path = claims.brief_path()
    if not path.is_file():
        pytest.skip(f"brief text {path} absent: coverage cannot be checked here")
    text = path.read_text(encoding="utf-8")
    _, quotes, captions = cov.blocks(text)
    assert len(quotes) == 2 and captions == ["Map of Karabakh Before September 19, 2023"]
    result = cov.coverage(text, claims.load_registry(), cov.load_excluded())
    assert [s.text for s in result.uncovered] == []
    assert len(result.found) >= 40  # the brief states many numbers and dates
