"""The claims of the brief: the registry (``data/claims/<theme>.toml``), verdicts, and the
ledger of values recorded by notebooks, with a verdict as of the brief and one on current data.

Split by job: :mod:`.registry` (what each claim says and how it is tested), :mod:`.verdicts`
(computed from bands, never typed) and :mod:`.ledger` (recording and collecting). The names a
notebook needs are re-exported here: ``from analysis import claims; claims.record(...)``.
"""

from .ledger import (
    COLUMNS,
    LEDGER_COLUMNS,
    NOT_RECORDED,
    Editions,
    collect,
    compute,
    editions,
    lookup,
    notebook_stem,
    record,
    record_not_checkable,
    recorded,
    reset,
    sub_key,
)
from .registry import (
    BRIEF_DATE,
    COMPARISONS,
    KINDS,
    MAX_PHRASE_WORDS,
    SECTIONS,
    Claim,
    ClaimsError,
    as_dict,
    brief_path,
    get,
    load_registry,
    normalise_text,
    phrase_in_brief,
    phrases_not_in_brief,
    registry_files,
    registry_path,
    word_count,
)
from .verdicts import VERDICTS, combine, deviation, normalise_value, verdict

__all__ = [
    "BRIEF_DATE", "COLUMNS", "COMPARISONS", "KINDS", "LEDGER_COLUMNS", "MAX_PHRASE_WORDS",
    "NOT_RECORDED", "SECTIONS", "VERDICTS", "Claim", "ClaimsError", "Editions", "as_dict",
    "brief_path", "collect", "compute", "combine", "deviation", "editions", "get",
    "load_registry", "lookup",
    "normalise_text", "normalise_value", "notebook_stem", "phrase_in_brief",
    "phrases_not_in_brief", "record", "record_not_checkable", "recorded", "registry_files",
    "registry_path", "reset", "sub_key", "verdict", "word_count",
]
