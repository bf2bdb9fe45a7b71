"""analysis.claims: the registry, its phrases in the brief, verdicts, record and collect."""

from __future__ import annotations

import json

import pytest
from conftest import raw_entry, write_catalog

from analysis import claims
from analysis.claims import Claim, ClaimsError

REQUIRED_IDS = {
    "milex-aze-growth-2005-2015", "milex-cumulative-aze-2006-2022",
    "milex-cumulative-arm-2006-2022", "milex-karabakh-armenia", "arms-suppliers-aze",
    "officers-trained-turkey",
}


# --------------------------------------------------------------------------- committed registry


def test_committed_registry_loads_with_the_military_claims():
    reg = claims.load_registry()
    assert REQUIRED_IDS <= set(reg)
    assert not reg["milex-karabakh-armenia"].checkable
    assert "Karabakh" in reg["milex-karabakh-armenia"].reason
    assert not reg["officers-trained-turkey"].checkable
    suppliers = reg["arms-suppliers-aze"]
    assert (suppliers.brief_value, suppliers.comparison) == (0.10, "at_least")
    assert "10%" in suppliers.notes
    aze = reg["milex-cumulative-aze-2006-2022"]
    assert aze.theme == "military" and aze.dataset == "sipri-milex"
    assert aze.tested == {"prices": "constant 2021"}
    # The SIPRI release current on 31 December 2023 is the 2023 release (April 2023).
    eds = claims.editions(aze)
    assert (eds.then, eds.now, eds.then_note) == ("2023", "2025", "")


def test_every_registry_file_is_a_theme_and_ids_are_unique_across_files(tmp_path):
    write_registry(tmp_path / "military.toml", [BASE])
    write_registry(tmp_path / "russia.toml", [{**BASE, "phrase": "other"}])
    with pytest.raises(ClaimsError, match=r"russia.toml: claim 1: id 'c-one' is already used "
                                          r"in .*military.toml"):
        claims.load_registry(tmp_path)
    write_registry(tmp_path / "russia.toml", [{**BASE, "id": "c-two", "theme": "western"}])
    with pytest.raises(ClaimsError, match="theme 'western' differs from its file's theme "
                                          "'russia'"):
        claims.load_registry(tmp_path)
    write_registry(tmp_path / "russia.toml", [{**BASE, "id": "c-two"}])
    (tmp_path / "_excluded.toml").write_text("[x]\n")  # not a theme: ignored
    reg = claims.load_registry(tmp_path)
    assert {c.id: c.theme for c in reg.values()} == {"c-one": "military", "c-two": "russia"}


def test_every_registry_phrase_occurs_in_the_brief():
    path = claims.brief_path()
    if not path.is_file():
        pytest.skip(f"brief text {path} absent: phrases cannot be checked here")
    text = path.read_text(encoding="utf-8")
    assert claims.phrases_not_in_brief(claims.load_registry(), text) == []


def test_normalise_joins_words_split_at_line_ends():
    text = "the support Azerbai-\njan received,\n  the Moscow-\ncontrolled  bureau"
    assert claims.normalise_text(text) == ("the support Azerbaijan received, the "
                                           "Moscowcontrolled bureau")
    assert claims.phrase_in_brief("support Azerbaijan received", text)
    assert claims.phrase_in_brief("the Moscow-controlled bureau", text)
    assert not claims.phrase_in_brief("support azerbaijan received", text)  # case matters
    assert claims.word_count("Turkey – reaching approximately 85 per cent") == 6


# --------------------------------------------------------------------------- validation


BASE = {
    "id": "c-one", "section": "Opening", "phrase": "almost eightfold",
    "paraphrase": "p", "brief_value": 8, "unit": "ratio", "kind": "ratio",
    "comparison": "almost", "tolerance": 0.0625, "approx_tolerance": 0.1,
    "approx_note": "within 10%", "notes": "n",
}


def without(key: str) -> dict:
    return {k: v for k, v in BASE.items() if k != key}


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    return json.dumps(v)


def write_registry(path, entries):
    lines = []
    for e in entries:
        lines.append("[[claim]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in e.items()]
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_tmp_registry_loads(tmp_path):
    reg = claims.load_registry(write_registry(tmp_path / "c.toml", [BASE]))
    assert reg["c-one"].tolerance == 0.0625 and reg["c-one"].checkable


@pytest.mark.parametrize("entries, message", [
    ([BASE, {**BASE, "phrase": "other"}], "id 'c-one' is already used"),
    ([{**BASE, "dataset": "sipri-milex"}], "id='c-one'.*needs 'comparable'"),
    ([{**BASE, "tested": ["window"]}], "id='c-one'.*tested must be a table"),
    ([{**BASE, "colour": "red"}], r"id='c-one'.*unknown key\(s\) \['colour'\]"),
    ([{**BASE, "phrase": " ".join(["word"] * 13)}], "id='c-one'.*phrase has 13 words"),
    ([{**BASE, "checkable": False}], "id='c-one'.*not checkable needs a reason"),
    ([without("unit")], r"id='c-one'.*missing field\(s\) \['unit'\]"),
    ([without("brief_value")], "id='c-one'.*brief_value"),
    ([without("approx_note")], "id='c-one'.*approx_note"),
    ([{**BASE, "kind": "guess"}], "id='c-one'.*kind must be"),
    ([{**BASE, "comparison": "roughly"}], "id='c-one'.*comparison must be"),
    ([{**BASE, "section": "Somewhere"}], "id='c-one'.*section must be"),
    ([{**BASE, "tolerance": 0.2}], "id='c-one'.*tolerance <= approx_tolerance"),
    ([{**BASE, "kind": "set", "comparison": "contains", "brief_value": "TUR"}],
     "id='c-one'.*non-empty list"),
    ([{**BASE, "kind": "date", "comparison": "equal", "brief_value": "19 Sept 2023"}],
     "id='c-one'.*not an ISO date"),
    ([{**BASE, "kind": "share", "comparison": "equal", "brief_value": 85}],
     "id='c-one'.*between 0 and 1"),
])
def test_registry_validation_errors_name_the_claim(tmp_path, entries, message):
    path = write_registry(tmp_path / "bad.toml", entries)
    with pytest.raises(ClaimsError, match=message):
        claims.load_registry(path)


def test_not_checkable_claim_needs_no_bands(tmp_path):
    entry = {k: v for k, v in BASE.items() if k not in ("tolerance", "approx_tolerance",
                                                        "approx_note")}
    entry.update(checkable=False, reason="no open dataset")
    reg = claims.load_registry(write_registry(tmp_path / "c.toml", [entry]))
    assert claims.verdict(reg["c-one"], 7.9) == "not checkable"


# --------------------------------------------------------------------------- verdicts


def claim(**over) -> Claim:
    fields = {"theme": "military", **BASE, **over}
    return Claim(**fields)


@pytest.mark.parametrize("value, expected", [
    (8.0, "supported"), (7.5, "supported"), (7.49, "approximately"), (7.2, "approximately"),
    (7.19, "contradicted"), (8.01, "approximately"), (8.8, "approximately"),
    (8.81, "contradicted"),
])
def test_almost_is_at_or_a_little_below(value, expected):
    assert claims.verdict(claim(), value) == expected


@pytest.mark.parametrize("value, expected", [
    (40.0, "supported"), (40.5, "supported"), (39.5, "supported"), (40.51, "approximately"),
    (44.0, "approximately"), (36.0, "approximately"), (44.01, "contradicted"),
    (35.99, "contradicted"),
])
def test_approximately_is_symmetric(value, expected):
    c = claim(comparison="approximately", kind="number", brief_value=40, tolerance=0.0125)
    assert claims.verdict(c, value) == expected


@pytest.mark.parametrize("value, expected", [
    (0.10, "supported"), (0.5, "supported"), (0.095, "approximately"), (0.09, "approximately"),
    (0.089, "contradicted"),
])
def test_at_least(value, expected):
    c = claim(kind="share", comparison="at_least", brief_value=0.10, tolerance=0.0,
              approx_tolerance=0.1)
    assert claims.verdict(c, value) == expected


@pytest.mark.parametrize("value, expected", [
    (3, "supported"), (0, "supported"), (3.3, "approximately"), (3.31, "contradicted"),
])
def test_at_most(value, expected):
    c = claim(kind="number", comparison="at_most", brief_value=3, tolerance=0.0,
              approx_tolerance=0.1)
    assert claims.verdict(c, value) == expected


@pytest.mark.parametrize("value, expected", [
    (44, "supported"), (45, "approximately"), (43, "approximately"), (46, "contradicted"),
])
def test_equal(value, expected):
    c = claim(kind="duration", comparison="equal", brief_value=44, tolerance=0.0,
              approx_tolerance=1 / 44)
    assert claims.verdict(c, value) == expected


def test_zero_brief_value_compares_absolute_difference():
    c = claim(kind="number", comparison="approximately", brief_value=0, tolerance=0.5,
              approx_tolerance=1.0)
    assert [claims.verdict(c, v) for v in (0.5, -1.0, 1.1)] == ["supported", "approximately",
                                                                 "contradicted"]


@pytest.mark.parametrize("value, expected", [
    ("2023-09-19", "supported"), ("2023-09-20", "supported"), ("2023-09-18", "supported"),
    ("2023-09-26", "approximately"), ("2023-09-12", "approximately"),
    ("2023-09-27", "contradicted"), ("2023-09-11", "contradicted"),
])
def test_dates_compare_days(value, expected):
    c = claim(kind="date", comparison="approximately", brief_value="2023-09-19", tolerance=1,
              approx_tolerance=7)
    assert claims.verdict(c, value) == expected


def test_a_month_or_year_in_the_brief_covers_its_days():
    import datetime as dt

    c = claim(kind="date", comparison="equal", brief_value="2010-08", tolerance=0,
              approx_tolerance=31)
    assert claims.verdict(c, "2010-08-16") == "supported"
    assert claims.verdict(c, dt.date(2010, 9, 30)) == "approximately"
    assert claims.deviation(c, "2010-07-01") == -31
    assert claims.verdict(c, "2010-10-15") == "contradicted"


def test_sets_contain_the_brief_members():
    c = claim(kind="set", comparison="contains", brief_value=["ISR", "RUS", "TUR", "USA"],
              tolerance=0.0, approx_tolerance=0.25)
    assert claims.verdict(c, {"ISR", "RUS", "TUR", "USA", "BLR"}) == "supported"
    assert claims.verdict(c, ["ISR", "RUS", "TUR"]) == "approximately"
    assert claims.verdict(c, ["ISR", "RUS"]) == "contradicted"
    assert claims.deviation(c, ["ISR", "RUS"]) == ["TUR", "USA"]
    strict = claim(kind="set", comparison="contains", brief_value=["ISR", "RUS"],
                   tolerance=0.0, approx_tolerance=0.0)
    assert claims.verdict(strict, ["ISR"]) == "contradicted"


def test_context_and_not_checkable():
    ctx = claim(kind="context", comparison="context")
    assert claims.verdict(ctx, 12.3) == "context"
    off = claim(checkable=False, reason="no data")
    assert claims.verdict(off, 8) == "not checkable"
    assert claims.verdict(claim(), None) == "not checkable"


# --------------------------------------------------------------------------- record / collect


@pytest.fixture
def ledger(project, tmp_path, monkeypatch):
    """A tmp project (catalog with demo-a), a tmp registry, outputs in tmp_path/out."""
    root, _ = project
    write_catalog(root, [raw_entry("demo-a", "raw/demo/a.csv", b"a")])
    reg = write_registry(tmp_path / "claims.toml", [
        {**BASE, "id": "growth"},
        {**BASE, "id": "suppliers", "kind": "set", "comparison": "contains",
         "brief_value": ["ISR", "TUR"], "tolerance": 0.0, "approx_tolerance": 0.0},
        {**BASE, "id": "officers", "kind": "share", "brief_value": 0.85,
         "comparison": "approximately", "checkable": False, "reason": "no open dataset"},
        {**BASE, "id": "never"},
    ])
    out = tmp_path / "out"
    monkeypatch.setenv("ANALYSIS_OUTPUT_DIR", str(out))
    monkeypatch.setenv("ANALYSIS_NOTEBOOK", "notebooks/01_military.ipynb")
    claims.reset()
    yield reg, out
    claims.reset()


def test_record_writes_the_notebook_file_and_returns_the_row(ledger):
    reg, out = ledger
    row = claims.record("growth", 7.6941234567, edition="2023", sources=["demo-a"],
                        figure_ids=["milex-growth"], registry=reg)
    assert row["verdict"] == "supported"
    assert row["data_value"] == 7.69412
    assert row["notebook"] == "notebooks/01_military.ipynb"
    claims.record("growth", 5.35, edition="2024", registry=reg)
    claims.record("growth", 7.9, edition="2023", registry=reg)  # replaces the first row
    claims.record("suppliers", ["RUS", "ISR"], registry=reg)
    claims.record_not_checkable("officers", registry=reg)
    rows = json.loads((out / "claims" / "01_military.json").read_text())
    assert [(r["claim_id"], r["edition"], r["verdict"]) for r in rows] == [
        ("growth", "2023", "supported"), ("growth", "2024", "contradicted"),
        ("officers", "", "not checkable"), ("suppliers", "", "contradicted")]
    assert rows[0]["data_value"] == 7.9
    assert rows[2]["reason"] == "no open dataset"
    assert rows[3]["difference"] == ["TUR"]


def test_record_errors(ledger):
    reg, _ = ledger
    with pytest.raises(ClaimsError, match="'no-such-claim'"):
        claims.record("no-such-claim", 1.0, registry=reg)
    with pytest.raises(ClaimsError, match="officers is registered as not checkable"):
        claims.record("officers", 0.8, registry=reg)
    with pytest.raises(ClaimsError, match="record_not_checkable"):
        claims.record("growth", None, registry=reg)
    with pytest.raises(ClaimsError, match="give reason"):
        claims.record_not_checkable("growth", registry=reg)
    with pytest.raises(ClaimsError, match="unknown source"):
        claims.record("growth", 8.0, sources=["nope"], registry=reg)
    with pytest.raises(ClaimsError, match="not finite"):
        claims.record("growth", float("nan"), registry=reg)


def test_record_and_collect_round_trip(ledger, tmp_path):
    reg, out = ledger
    claims.record("growth", 7.6941, edition="2023", sources=["demo-a"], registry=reg)
    claims.record("growth", 5.35, edition="2024", registry=reg)
    claims.record("suppliers", ["RUS", "ISR", "TUR"], part={"window": "2006-2022"},
                  registry=reg)
    claims.record_not_checkable("officers", registry=reg)
    rows, summary = claims.collect(out, registry=reg)
    got = [(r["claim_id"], r["edition"], r["sub_key"], r["verdict"], r["reason"])
           for r in rows]
    # Without a dataset the verdicts read the edition "" (none was named): 2023 and 2024
    # are other editions, shown as context.
    assert got == [
        ("growth", "2023", "", "context", "context: edition 2023 is shown beside the brief; "
         "the verdicts read  (then) and  (now)"),
        ("growth", "2024", "", "context", "context: edition 2024 is shown beside the brief; "
         "the verdicts read  (then) and  (now)"),
        ("never", "", "", "not checkable", "no notebook recorded a value"),
        ("officers", "", "", "not checkable", "no open dataset"),
        ("suppliers", "", "window=2006-2022", "supported", ""),
    ]
    csv_text = (out / "claims.csv").read_text(encoding="utf-8")
    assert "\r" not in csv_text
    assert csv_text.splitlines()[0].startswith("claim_id,theme,section,phrase,edition,sub_key")
    assert "ISR; RUS; TUR" in csv_text
    assert len(json.loads((out / "claims.json").read_text())) == 5
    ledger_csv = (out / "ledger.csv").read_text(encoding="utf-8").splitlines()
    assert ledger_csv[0] == ",".join(claims.LEDGER_COLUMNS)
    by_id = {r["claim_id"]: r for r in summary}
    assert by_id["suppliers"]["verdict_then"] == by_id["suppliers"]["verdict_now"] == \
        "supported"
    assert by_id["officers"]["verdict_now"] == "not checkable"
    assert by_id["growth"]["verdict_now"] == "not comparable"

    # collecting again gives the same bytes; a registry edit changes the verdict, not the file
    names = ("claims.csv", "claims.json", "ledger.csv", "ledger.json")
    first = [(out / n).read_bytes() for n in names]
    claims.collect(out, registry=reg)
    assert [(out / n).read_bytes() for n in names] == first
    text = reg.read_text().replace('brief_value = ["ISR", "TUR"]', 'brief_value = ["ISR", "USA"]')
    reg.write_text(text)
    rows2, _ = claims.collect(out, registry=reg)
    assert [r["verdict"] for r in rows2 if r["claim_id"] == "suppliers"] == ["contradicted"]


@pytest.fixture
def editions_ledger(project, tmp_path, monkeypatch):
    """A catalog with three releases of dataset "demo" (2022, 2023-04, 2025) and a registry
    of claims that read them then and now."""
    root, _ = project
    write_catalog(root, [
        raw_entry(f"demo-{r}", f"raw/demo/{r}.csv", r.encode(), dataset="demo", release=r,
                  published=p) for r, p in (("2022", "2022"), ("2023", "2023-04"),
                                            ("2025", "2025-06"))])
    comparable = {"dataset": "demo", "comparable": "as published"}
    reg = write_registry(tmp_path / "military.toml", [
        {**BASE, "id": "growth", **comparable,
         "tested": {"window": "2005-2015", "measure": "constant"}},
        {**BASE, "id": "held", **comparable, "edition_then": "2023-09"},
        {**BASE, "id": "parts", "kind": "share", "brief_value": 0.1,
         "comparison": "at_least", "tolerance": 0.0, "approx_tolerance": 0.0, **comparable,
         "tested": {"window": "2018-2022"}, "tested_now": {"window": "2019-2023"}},
        {**BASE, "id": "event", "kind": "date", "brief_value": "2024",
         "comparison": "equal", "tolerance": 0, "approx_tolerance": 0},
        {**BASE, "id": "old-event", "kind": "date", "brief_value": "2023-09-19",
         "comparison": "equal", "tolerance": 0, "approx_tolerance": 1},
    ])
    out = tmp_path / "out"
    monkeypatch.setenv("ANALYSIS_OUTPUT_DIR", str(out))
    monkeypatch.setenv("ANALYSIS_NOTEBOOK", "notebooks/01_military.ipynb")
    claims.reset()
    yield claims.load_registry(reg), out
    claims.reset()


def test_then_reads_the_release_of_record_and_now_the_latest(editions_ledger):
    reg, out = editions_ledger
    tested = {"window": "2005-2015", "measure": "constant"}
    for edition, value in (("2022", 6.0), ("2023", 7.7), ("2025", 5.3)):
        claims.record("growth", value, edition=edition, part=tested, registry=reg)
    claims.record("growth", 9.5, edition="2025", part={**tested, "measure": "current"},
                  registry=reg)
    rows, summary = claims.collect(out, registry=reg)
    growth = next(r for r in summary if r["claim_id"] == "growth")
    assert (growth["edition_then"], growth["value_then"], growth["verdict_then"]) == \
        ("2023", 7.7, "supported")
    assert (growth["edition_now"], growth["value_now"], growth["verdict_now"]) == \
        ("2025", 5.3, "contradicted")
    verdicts = {(r["edition"], r["sub_key"]): r["verdict"] for r in rows
                if r["claim_id"] == "growth"}
    assert verdicts[("2022", "measure=constant; window=2005-2015")] == "context"
    assert verdicts[("2025", "measure=current; window=2005-2015")] == "context"
    assert verdicts[("2025", "measure=constant; window=2005-2015")] == "contradicted"


def test_a_missing_edition_of_record_names_its_stand_in(editions_ledger):
    reg, out = editions_ledger
    claims.record("held", 7.9, edition="2023", registry=reg)
    _, summary = claims.collect(out, registry=reg)
    held = next(r for r in summary if r["claim_id"] == "held")
    assert held["edition_then"] == "2023" and held["verdict_then"] == "supported"
    assert "the edition of record 2023-09 is not in the catalog; 2023, the nearest held, " \
        "stands in" in held["reason"]
    # Nothing recorded for the latest release: "now" says so instead of guessing.
    assert held["verdict_now"] == "not comparable"
    assert "no comparable value for edition 2025" in held["reason"]


def test_parts_are_tested_together_then_and_now(editions_ledger):
    reg, out = editions_ledger
    for supplier, then, now in (("ISR", 0.6, 0.4), ("RUS", 0.2, 0.0)):
        claims.record("parts", then, edition="2023",
                      part={"supplier": supplier, "window": "2018-2022"}, registry=reg)
        claims.record("parts", now, edition="2025",
                      part={"supplier": supplier, "window": "2019-2023"}, registry=reg)
    claims.record_not_checkable("parts", edition="2024", reason="not priced alike",
                                registry=reg)
    _, summary = claims.collect(out, registry=reg)
    parts = next(r for r in summary if r["claim_id"] == "parts")
    assert parts["verdict_then"] == "supported"  # both suppliers at least 10%
    assert parts["verdict_now"] == "contradicted"  # Russia delivered nothing
    assert "supplier=RUS; window=2019-2023 contradicted" in parts["reason"]
    assert parts["value_now"] == ("supplier=ISR; window=2019-2023: 0.4; "
                                  "supplier=RUS; window=2019-2023: 0")


def test_an_event_after_the_brief_is_not_yet_then(editions_ledger):
    reg, out = editions_ledger
    claims.record("event", "2024-04", registry=reg)
    claims.record("old-event", "2023-09-19", registry=reg)
    _, summary = claims.collect(out, registry=reg)
    by_id = {r["claim_id"]: r for r in summary}
    assert by_id["event"]["verdict_then"] == "not yet"
    assert by_id["event"]["value_then"] is None
    assert "not yet by 2023-12-31: it happened on 2024-04" in by_id["event"]["reason"]
    assert (by_id["event"]["value_now"], by_id["event"]["verdict_now"]) == \
        ("2024-04", "supported")
    assert by_id["old-event"]["verdict_then"] == by_id["old-event"]["verdict_now"] == \
        "supported"


def test_a_verdict_is_never_typed_in_a_claims_file(editions_ledger):
    reg, out = editions_ledger
    claims.record("event", "2024-04", registry=reg)
    path = out / "claims" / "01_military.json"
    rows = json.loads(path.read_text())
    rows[0]["verdict"] = "supported"  # hand-edited: collect recomputes it
    rows[0]["data_value"] = "2030"
    path.write_text(json.dumps(rows))
    rows2, _ = claims.collect(out, registry=reg)
    assert next(r for r in rows2 if r["claim_id"] == "event")["verdict"] == "contradicted"


def test_collect_rejects_unregistered_and_foreign_rows(ledger):
    reg, out = ledger
    (out / "claims").mkdir(parents=True)
    (out / "claims" / "02_x.json").write_text('[{"claim_id": "gone", "data_value": 1}]')
    with pytest.raises(ClaimsError, match="02_x.json: claim 'gone' is not in the registry"):
        claims.collect(out, registry=reg)
    (out / "claims" / "02_x.json").write_text('[{"id": "c1", "value": 1}]')
    with pytest.raises(ClaimsError, match="not a claims file"):
        claims.collect(out, registry=reg)


def test_interactive_session_writes_to_build(project, monkeypatch, tmp_path):
    root, _ = project
    monkeypatch.delenv("ANALYSIS_OUTPUT_DIR", raising=False)
    monkeypatch.delenv("ANALYSIS_NOTEBOOK", raising=False)
    reg = write_registry(tmp_path / "claims.toml", [BASE])
    claims.reset()
    claims.record("c-one", 7.8, registry=reg)
    assert (root / "build" / "interactive" / "claims" / "interactive.json").is_file()
    claims.reset()


def test_a_claim_naming_a_figure_that_does_not_exist_fails(ledger):
    reg, out = ledger
    claims.record("growth", 7.9, edition="2023", figure_ids=["milex-growth"], registry=reg)
    with pytest.raises(ClaimsError, match=r"claim growth .*names figure\(s\) \['milex-growth'\]"):
        claims.collect(out, registry=reg)
    (out / "figures").mkdir()
    (out / "figures" / "milex-growth.json").write_text("{}")
    claims.collect(out, registry=reg)


def test_a_claim_citing_a_source_not_in_the_catalog_fails(ledger):
    reg, _ = ledger
    with pytest.raises(ClaimsError, match=r"unknown source id\(s\) \['sipri-milex-1999'\]"):
        claims.record("growth", 7.9, sources=["sipri-milex-1999"], registry=reg)
