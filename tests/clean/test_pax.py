"""The PA-X cleaner on the mirror's file and on broken copies built at test time.

Expected values were read in the raw CSV (pax_all_agreements_data_v6.csv).
"""

from __future__ import annotations

import csv
import re

import pandas as pd
from conftest import SHARED_DATA, layout_error, one_row, requires_mirror

from analysis.clean import pax

PAX = SHARED_DATA / "pax-peace-agreements" / "pax_all_agreements_data_v6.csv"


@requires_mirror("pax-peace-agreements")
def test_agreements_real_file():
    df = pax.clean_agreements(PAX)
    assert len(df) == 2003 and df.agt_id.is_unique
    assert df.date.min() == pd.Timestamp("1990-02-15")
    assert df.date.max() == pd.Timestamp("2023-01-12")
    kb = df[df.process.str.contains("Karabakh")]
    assert len(kb) == 31 and set(kb.ucdp_conflict) == {"388"}
    bishkek = one_row(df, agt_id=990)
    assert bishkek.date == pd.Timestamp("1994-05-11") and bishkek.stage == "Cea"
    assert bishkek.stage_sub == "Ceas" and bishkek.status == "Multiparty signed/agreed"
    nov = one_row(df, agt_id=2324)
    assert "\n" not in nov.parties and "Prime Minister of the Republic of Armenia" in nov.parties
    assert nov.agreement_type == "InterIntra" and nov.loc1_iso3 == "ARM"
    # PA-X codes the post-2020 statements as interstate.
    assert set(kb[kb.date.dt.year >= 2021].agreement_type) == {"Inter"}
    # "NA" is no UCDP conflict id.
    assert df.ucdp_conflict.isna().sum() > 0 and "NA" not in set(df.ucdp_conflict.dropna())


@requires_mirror("pax-peace-agreements")
def test_named_states_reads_the_mapping_table():
    df = pax.clean_agreements(PAX).set_index("agt_id")
    assert pax.named_states(df.at[2324, "parties"]) == ["ARM", "AZE", "RUS"]
    # "Azerbaijani Republic", "Kazakhstan", "Russian Federation" read once each.
    assert pax.named_states(df.at[611, "parties"]) == ["ARM", "AZE", "KAZ", "RUS"]
    assert pax.named_states(df.at[1683, "third_parties"]) == ["IRN"]
    # "Armenian" is not "Armenia"; an empty text names nobody.
    assert pax.named_states("the Armenian side") == [] and pax.named_states("") == []


def _copy(tmp_path, edit, rows=5):
    """The first ``rows`` agreements of the real file, with ``edit(header, rows)`` applied."""
    with open(PAX, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        # One physical line per agreement, so line numbers are known.
        body = [[re.sub(r"[\r\n]+", " ", c) for c in next(reader)] for _ in range(rows)]
    header, body = edit(header, body)
    path = tmp_path / "pax.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    return path


@requires_mirror("pax-peace-agreements")
def test_broken_pax_files_name_file_line_and_column(tmp_path):
    def set_cell(col, value, row=2):
        def edit(header, body):
            body[row][header.index(col)] = value
            return header, body
        return edit

    p = _copy(tmp_path, set_cell("Dat", "12/05/1994"))
    layout_error(pax.clean_agreements, p, "line 4", "'Dat'", "12/05/1994", "YYYY-MM-DD")
    p = _copy(tmp_path, set_cell("Stage", "Peace"))
    layout_error(pax.clean_agreements, p, "line 4", "'Stage'", "a stage code")
    p = _copy(tmp_path, set_cell("AgtId", "x1"))
    layout_error(pax.clean_agreements, p, "line 4", "'AgtId'", "a whole number")
    p = _copy(tmp_path, lambda h, b: (["Agreement" if c == "Agt" else c for c in h], b))
    layout_error(pax.clean_agreements, p, "header row", "['Agt']")
    p = _copy(tmp_path, lambda h, b: (h, [*b[:3], b[3][:10], *b[4:]]))
    layout_error(pax.clean_agreements, p, "line 5", "fields")
    p = _copy(tmp_path, lambda h, b: (h, [*b, b[0]]))  # one agreement twice
    layout_error(pax.clean_agreements, p, "schema")
