"""The data catalog (``data/sources.toml``): its schema, fetching, verification and citation.

Every file the compendium reads has one ``[[source]]`` entry. Two kinds:

``raw``
    a third-party file, fetched into ``data/raw/<dataset>/<file>`` (gitignored) from each
    mirror folder in turn (``ANALYSIS_DATA_MIRROR``, then ``[tool.analysis] mirrors``, each laid
    out ``<dataset>/<file>``), then from the pinned ``url``. Never committed.
``curated``
    a small hand-compiled table committed in ``data/curated/``, verified in place.

Fields (all required unless marked optional):

=============  ==============================================================================
id             unique short name, ``[a-z0-9][a-z0-9.-]*``
kind           ``raw`` or ``curated``
title          the dataset's title
publisher      who publishes it
edition        release or version, in the publisher's words
dataset        the family the file belongs to, ``[a-z0-9][a-z0-9.-]*``: for raw entries the
               mirror folder, or a finer name where one folder holds several series
               (``ucdp-acd``/``ucdp-dyadic``); for curated entries the entry's own id
release        the release label as the publisher numbers it, short (``2023``, ``25.1``,
               ``6.0``, ``2024-04``); files of one release share it. Releases of a dataset
               order by a natural sort (digit runs compared as numbers). A publisher that
               numbers nothing gets the date of the snapshot used.
published      when that release was published: ISO ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``,
               no more precise than the sources say. Where the date is not known, the best
               documented bound, and ``notes`` say which bound it is
origin_url     the publisher's page for the dataset
url            pinned download address (raw only; optional ``""`` for curated)
file           path below ``data/``: ``raw/<dataset>/<file>`` or ``curated/<file>``
copy           optional table ``{repo, commit, path, git_blob?}``: the third-party copy used
sha256         64 lowercase hex digits
bytes          size in bytes
license        licence or terms of use
citation       how the publisher asks to be cited
coverage       countries, years, variables covered
notes          parsing quirks and caveats
=============  ==============================================================================

A file is accepted only when its sha256 matches. It is written to a temporary name beside
its target and renamed, so an interrupted fetch never leaves a half file.

Editions: :func:`releases` lists a dataset's entries oldest first, :func:`latest` gives the
newest and :func:`as_of` the newest published by a given date (how the claims ledger picks
"the edition current when the brief was written"). A ``published`` of ``2023`` counts from
2023-01-01 (it is the interval 2023-01-01..2023-12-31; see :func:`published_interval`).
"""

from __future__ import annotations

import calendar
import hashlib
import os
import re
import shutil
import tempfile
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from . import files, paths
from .errors import CatalogError, FetchError, HashMismatchError, did_you_mean

REQUIRED = (
    "id", "kind", "title", "publisher", "edition", "dataset", "release", "published",
    "origin_url", "file", "sha256", "bytes", "license", "citation", "coverage", "notes",
)
OPTIONAL = ("url", "copy")
COPY_KEYS = {"repo", "commit", "path", "git_blob"}
KINDS = ("raw", "curated")
_ID = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_SHA = re.compile(r"^[0-9a-f]{64}$")
_RELEASE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
RELEASE_MAX = 24
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Source:
    """One catalog entry (see the module docstring for the fields)."""

    id: str
    kind: str
    title: str
    publisher: str
    edition: str
    dataset: str
    release: str
    published: str
    origin_url: str
    file: str
    sha256: str
    bytes: int
    license: str
    citation: str
    coverage: str
    notes: str
    url: str = ""
    copy: dict = field(default_factory=dict)

    @property
    def path(self) -> Path:
        """Where the file lives (raw: the local cache; curated: the committed table)."""
        if self.kind == "raw":
            return paths.raw_dir() / self.mirror_key
        return paths.data_dir() / self.file

    @property
    def mirror_key(self) -> str:
        """``<dataset>/<file>``: the file's place inside a mirror folder (raw only)."""
        return str(PurePosixPath(self.file).relative_to("raw"))


def catalog_path() -> Path:
    """``data/sources.toml``."""
    return paths.data_dir() / "sources.toml"


def _check_entry(i: int, raw: dict, where: Path) -> Source:
    label = f"{where}: entry {i + 1} (id={raw.get('id', '?')!r})"
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise CatalogError(f"{label}: unknown key(s) {sorted(unknown)}; allowed: "
                           f"{list(REQUIRED) + list(OPTIONAL)}")
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise CatalogError(f"{label}: missing field(s) {missing}")
    for k in REQUIRED:
        expected = int if k == "bytes" else str
        if not isinstance(raw[k], expected) or isinstance(raw[k], bool):
            raise CatalogError(f"{label}: field {k!r} must be {expected.__name__}, "
                               f"got {type(raw[k]).__name__}")
    if not _ID.match(raw["id"]):
        raise CatalogError(f"{label}: id must match {_ID.pattern}")
    if not _ID.match(raw["dataset"]):
        raise CatalogError(f"{label}: dataset must match {_ID.pattern}, "
                           f"got {raw['dataset']!r}")
    if not _RELEASE.match(raw["release"]) or len(raw["release"]) > RELEASE_MAX:
        raise CatalogError(f"{label}: release must be a short label such as '2023', '25.1' or "
                           f"'2024-04' (letters, digits, '.', '_', '-'; at most {RELEASE_MAX} "
                           f"characters), got {raw['release']!r}")
    try:
        parse_published(raw["published"])
    except ValueError as exc:
        raise CatalogError(f"{label}: published {exc}") from None
    if raw["kind"] not in KINDS:
        raise CatalogError(f"{label}: kind must be one of {KINDS}, got {raw['kind']!r}")
    if not _SHA.match(raw["sha256"]):
        raise CatalogError(f"{label}: sha256 must be 64 lowercase hex digits, "
                           f"got {raw['sha256']!r}")
    if raw["bytes"] < 0:
        raise CatalogError(f"{label}: bytes must be >= 0")
    file = PurePosixPath(raw["file"])
    if file.is_absolute() or ".." in file.parts or "\\" in raw["file"]:
        raise CatalogError(f"{label}: file {raw['file']!r} escapes data/; give a path below "
                           "data/ such as raw/<dataset>/<file>")
    top = "raw" if raw["kind"] == "raw" else "curated"
    if file.parts[0] != top or len(file.parts) < (3 if top == "raw" else 2):
        want = "raw/<dataset>/<file>" if top == "raw" else "curated/<file>"
        raise CatalogError(f"{label}: file {raw['file']!r} must be {want} for kind {top!r}")
    if raw["kind"] == "raw" and not str(raw.get("url", "")).startswith(("https://", "http://")):
        raise CatalogError(f"{label}: a raw entry needs a pinned http(s) url")
    copy = raw.get("copy", {})
    if not isinstance(copy, dict) or (copy and not {"repo", "commit", "path"} <= set(copy)) \
            or set(copy) - COPY_KEYS:
        raise CatalogError(f"{label}: copy must be a table with repo, commit, path "
                           "(and optionally git_blob)")
    return Source(**{**raw, "copy": dict(copy)})


def load_catalog(path: Path | None = None) -> dict[str, Source]:
    """Read and validate the catalog; returns entries by id.

    Raises :class:`CatalogError` naming the entry on a missing field, duplicate id,
    unknown key, malformed sha256 or a path escaping ``data/``.
    """
    path = Path(path) if path else catalog_path()
    doc = files.read_toml(path, CatalogError)  # parsed once per file version
    key = (str(path), id(doc))
    if key not in _VALIDATED:  # validated once per parsed version, too
        _VALIDATED.clear()
        _VALIDATED[key] = _validate(path, doc)
    return dict(_VALIDATED[key])


_VALIDATED: dict[tuple, dict[str, Source]] = {}


def _validate(path: Path, doc: dict) -> dict[str, Source]:
    extra = set(doc) - {"source"}
    if extra:
        raise CatalogError(f"{path}: unknown top-level key(s) {sorted(extra)}; "
                           "entries are [[source]] tables")
    out: dict[str, Source] = {}
    seen: dict[str, str] = {}
    for i, raw in enumerate(doc.get("source", [])):
        src = _check_entry(i, raw, path)
        if src.id in out:
            raise CatalogError(f"{path}: entry {i + 1}: duplicate id {src.id!r}")
        if src.file in seen:
            raise CatalogError(f"{path}: entry {i + 1} (id={src.id!r}): file {src.file!r} "
                               f"is already catalogued as {seen[src.file]!r}")
        out[src.id] = src
        seen[src.file] = src.id
    return out


def get(source_id: str, catalog: dict[str, Source] | None = None) -> Source:
    """One catalog entry by id; the error lists close ids."""
    catalog = catalog if catalog is not None else load_catalog()
    try:
        return catalog[source_id]
    except KeyError:

        hint = did_you_mean(source_id, catalog, "`analysis data list`")
        raise CatalogError(f"no catalog entry {source_id!r} in {catalog_path()}; {hint}") \
            from None


def parse_published(text: str) -> tuple[date, date]:
    """The first and last day a ``published`` value can mean: ``"2023"`` is
    2023-01-01..2023-12-31, ``"2023-04"`` April 2023, ``"2023-04-26"`` that day.

    Raises ValueError saying what was expected.
    """
    m = _PUBLISHED.match(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"must be an ISO date YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day:
            start = end = date(year, int(month), int(day))
        elif month:
            start = date(year, int(month), 1)
            end = date(year, int(month), calendar.monthrange(year, int(month))[1])
        else:
            start, end = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        raise ValueError(f"is not a calendar date: {text!r}") from None
    return start, end


def published_interval(src: Source) -> tuple[date, date]:
    """First and last day of ``src.published`` (see :func:`parse_published`)."""
    return parse_published(src.published)


def release_key(release: str) -> tuple:
    """Natural sort key of a release label: digit runs compare as numbers, so
    ``"9.1" < "22.1" < "25.1"`` and ``"2023" < "2023-04" < "2024"``."""
    # Tag each part so numbers and words never compare with each other directly.
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.lower())
                 for part in re.split(r"(\d+)", release) if part)


def releases(dataset: str, catalog: dict[str, Source] | None = None) -> list[Source]:
    """Every entry of ``dataset``, oldest release first (natural sort of ``release``, ties
    by id). An unknown dataset raises :class:`CatalogError` listing close names."""
    catalog = catalog if catalog is not None else load_catalog()
    found = [s for s in catalog.values() if s.dataset == dataset]
    if not found:
        known = sorted({s.dataset for s in catalog.values()})
        raise CatalogError(f"no dataset {dataset!r} in the catalog ({catalog_path()}); "
                           f"{did_you_mean(dataset, known, '`analysis data list`')}")
    return sorted(found, key=lambda s: (release_key(s.release), s.id))


def _newest(dataset: str, entries: list[Source]) -> Source | None:
    """The one entry of the newest release among ``entries`` (sorted oldest first)."""
    if not entries:
        return None
    top = [s for s in entries if s.release == entries[-1].release]
    if len(top) > 1:
        # Several files make up this release (e.g. one per country): picking one silently
        # would hand a caller an arbitrary file.
        raise CatalogError(f"release {top[0].release!r} of dataset {dataset!r} has "
                           f"{len(top)} files ({[s.id for s in top]}); choose one by id "
                           "(analysis.sources.get) or filter releases()")
    return top[0]


def latest(dataset: str, catalog: dict[str, Source] | None = None) -> Source | None:
    """The entry of the newest release of ``dataset``.

    Raises :class:`CatalogError` for an unknown dataset, or when that release has several
    files (then choose by id).
    """
    return _newest(dataset, releases(dataset, catalog))


def as_of(dataset: str, when: date | datetime | str,
          catalog: dict[str, Source] | None = None) -> Source | None:
    """The newest release of ``dataset`` published on or before ``when`` (a date or
    ``"YYYY-MM-DD"``), or None when none was.

    A release counts from the first day its ``published`` value can mean, so one published
    ``"2023"`` counts as published on 2023-12-31 (and on 2023-01-01). Errors as :func:`latest`.
    """
    if isinstance(when, datetime):
        when = when.date()
    elif isinstance(when, str):
        try:
            when = date.fromisoformat(when)
        except ValueError:
            raise ValueError(f"as_of: give a date or 'YYYY-MM-DD', got {when!r}") from None
    entries = [s for s in releases(dataset, catalog) if published_interval(s)[0] <= when]
    return _newest(dataset, entries)


sha256_file = files.sha256_file


_HASHES: dict[Path, files.HashCache] = {}


def _hash_cache() -> files.HashCache:
    """The hash cache of ``data/raw/`` (by size and mtime), one per raw folder and process."""
    where = paths.raw_dir() / ".sha256-cache.json"
    if where not in _HASHES:
        _HASHES[where] = files.HashCache(where)
    return _HASHES[where]


def current_sha256(src: Source) -> str | None:
    """sha256 of the file now at ``src.path`` (None when absent): re-hashed whenever its size
    or modification time changed, else taken from the hash cache, so it costs a ``stat``."""
    cache = _hash_cache()
    sha = cache.sha(src.path)
    cache.save()
    return sha


def is_cached(src: Source) -> bool:
    """True when the file is present and its bytes match the catalog's sha256."""
    return current_sha256(src) == src.sha256


Progress = Callable[[int], None]


def _copy_stream(read: Callable[[int], bytes], dest: Path, progress: Progress | None) -> str:
    """Stream into ``dest`` (already a temp path) and return the sha256 of what was written."""
    h = hashlib.sha256()
    with open(dest, "wb") as out:
        while chunk := read(CHUNK):
            h.update(chunk)
            out.write(chunk)
            if progress:
                progress(len(chunk))
    return h.hexdigest()


def _quarantine(tmp: Path, src: Source, actual: str) -> Path:
    """Move a bad copy aside (never into the cache) so it can be inspected."""
    bad_dir = paths.build_dir() / "rejected"
    bad_dir.mkdir(parents=True, exist_ok=True)
    target = bad_dir / f"{PurePosixPath(src.file).name}.{actual[:12]}"
    shutil.move(tmp, target)
    return target


# Messages about copies set aside: printed by the CLI even when a later origin succeeds.
REPORTS: list[str] = []


def _report(message: str) -> None:
    REPORTS.append(message)


def _attempt(src: Source, origin: str, opener: Callable, progress: Progress | None) -> None:
    """Fetch from one origin into the cache, atomically; raise on any failure."""
    dest = src.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in dest.parent.glob(f".{dest.name}.*.part"):
        stale.unlink(missing_ok=True)  # left by a fetch that was killed
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with opener() as fh:
            actual = _copy_stream(fh.read, tmp, progress)
        if actual != src.sha256:
            where = _quarantine(tmp, src, actual)
            raise HashMismatchError(
                f"{src.id} ({src.file}) from {origin}: sha256 mismatch: expected {src.sha256}, "
                f"got {actual}; the bad copy was set aside at {where}; the cache is unchanged"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes files private; data files are for reading
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


def origins(src: Source, use_url: bool = True) -> list[tuple[str, Callable]]:
    """The places a raw file is looked for, in order, with a function opening each."""
    out: list[tuple[str, Callable]] = []
    for mirror in paths.mirrors():
        candidate = mirror / src.mirror_key
        out.append((str(candidate), lambda c=candidate: open(c, "rb")))
    if use_url and src.url:
        out.append((src.url, lambda: urllib.request.urlopen(src.url, timeout=60)))
    return out


def fetch(src: Source, *, force: bool = False, use_url: bool | None = None,
          progress: Progress | None = None) -> Path:
    """Make sure a raw file is in ``data/raw/`` with the right hash; return its path.

    Tries every mirror, then the pinned URL (unless ``use_url`` is false or the environment
    sets ``ANALYSIS_OFFLINE=1``). A copy whose hash does not match is set aside and the next
    origin is tried. When none works, :class:`FetchError` (or :class:`HashMismatchError` if
    every copy found was bad) says which file, every address tried and how to supply it.
    """
    if src.kind != "raw":
        return src.path  # committed in the repository; require() verifies it in place
    if current_sha256(src) == src.sha256 and not force:
        return src.path
    # Kernels and sweep workers share the raw folder: one fetch of a file at a time, so
    # none removes another's partial copy as a leftover, and the others find it fetched.
    # Lock files live apart, so a data folder holds data only.
    with files.locked(Path(src.mirror_key.replace("/", "__")), paths.raw_dir() / ".locks"):
        return _fetch_locked(src, force, use_url, progress)


def _fetch_locked(src: Source, force: bool, use_url: bool | None,
                  progress: Progress | None) -> Path:
    actual = current_sha256(src)
    if actual == src.sha256 and not force:
        return src.path
    if actual is not None and actual != src.sha256:
        # A cached copy with wrong bytes: never served, set aside like a bad download.
        where = _quarantine(src.path, src, actual)
        _hash_cache().forget(src.path)
        _report(f"{src.id}: the cached copy {src.path} does not match the catalog (sha256 "
                f"{actual}, expected {src.sha256}); set aside at {where}; fetching again")
    if use_url is None:
        use_url = os.environ.get("ANALYSIS_OFFLINE", "") not in ("1", "true", "yes")
    failures: list[str] = []
    mismatches: list[HashMismatchError] = []
    for origin, opener in origins(src, use_url):
        try:
            _attempt(src, origin, opener, progress)
            return src.path
        except HashMismatchError as exc:
            mismatches.append(exc)
            _report(str(exc))
            failures.append(f"  {origin}: {exc}")
        except FileNotFoundError:
            failures.append(f"  {origin}: not there")
        except OSError as exc:  # URLError is an OSError
            failures.append(f"  {origin}: {exc}")
    tried = "\n".join(failures) or "  (no mirror configured and the URL is disabled)"
    msg = (f"could not fetch {src.id} ({src.file}, {src.bytes} bytes, sha256 {src.sha256}).\n"
           f"Tried:\n{tried}\n"
           f"Supply it by putting the file at <mirror>/{src.mirror_key} and setting "
           f"ANALYSIS_DATA_MIRROR=<mirror>, or by downloading {src.url or src.origin_url} "
           f"to {src.path}.")
    raise (HashMismatchError if mismatches else FetchError)(msg)


def verify(src: Source) -> str | None:
    """Re-hash one file (in full); return None when it matches, else the problem and what
    to do about it."""
    p = src.path
    if not p.is_file():
        return "missing" + (" (run `analysis data fetch`)" if src.kind == "raw" else "")
    actual = sha256_file(p)
    if actual != src.sha256:
        fix = (f"; run `analysis data fetch --force {src.id}`" if src.kind == "raw" else
               "; restore the committed table or update its catalog entry")
        return f"sha256 mismatch: expected {src.sha256}, got {actual}{fix}"
    return None


def require(source_id: str) -> Path:
    """Path of a catalogued file whose bytes match the catalog now; records the read.

    A raw file is fetched if absent or bad; a curated table is verified in place. Every
    loader goes through here (or :func:`require_verified`), so the runner knows which catalog
    entries a notebook used.
    """
    return require_verified(source_id)[0]


def require_verified(source_id: str) -> tuple[Path, str]:
    """``(path, sha256)`` of a catalogued file, the hash being that of the bytes on disk at
    this moment (verified against the catalog): what a cleaned table is keyed by."""
    src = get(source_id)
    path = fetch(src)
    actual = current_sha256(src)
    if actual != src.sha256:
        if src.kind == "curated":
            problem = "missing" if actual is None else f"sha256 {actual}, expected {src.sha256}"
            raise HashMismatchError(f"{src.id} ({src.path}): {problem}; the committed table "
                                    "changed without its catalog entry (update sha256/bytes "
                                    "with scripts/curate.py)")
        raise HashMismatchError(f"{src.id} ({src.path}): the file changed while being read "
                                f"(sha256 {actual}); run `analysis data fetch --force "
                                f"{src.id}`")
    _record_use(src)
    return path, actual


# Catalog ids loaded in this process, in first-use order (a notebook's References).
USED: dict[str, Source] = {}


def _record_use(src: Source) -> None:
    USED.setdefault(src.id, src)
    log = os.environ.get("ANALYSIS_SOURCES_LOG")
    if log:  # set by the runner: one line per catalog entry a notebook loads
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{src.id}\t{src.sha256}\n")


def references(used: Iterable[Source] | None = None) -> str:
    """A Markdown list citing the catalog entries loaded in this process (a notebook's
    References section), in first-use order, each with its edition and licence."""
    items = list(used) if used is not None else list(USED.values())
    if not items:
        return "No catalogued data were loaded."
    return "\n".join(f"- {s.citation}. {s.title}, {s.edition}."
                     + (f" <{s.origin_url}>." if s.origin_url.startswith("http") else "")
                     + f" Licence: {s.license}. Catalog id `{s.id}`." for s in items)


def cite(src: Source, fmt: str = "text") -> str:
    """How to cite a source: the publisher's citation plus the third-party copy used."""
    copy = src.copy
    via = (f" Copy used: {copy['repo']} at commit {copy['commit']}, path {copy['path']}."
           if copy else "")
    if fmt == "text":
        return (f"{src.citation}. {src.publisher}. {src.title}, {src.edition}. "
                f"{src.origin_url}. Licence: {src.license}. sha256 {src.sha256}.{via}")
    if fmt == "bibtex":
        key = re.sub(r"[^A-Za-z0-9]", "_", src.id)
        note = f"Edition: {src.edition}. Licence: {src.license}. sha256 {src.sha256}.{via}"
        fields = {
            "title": src.title, "author": "{" + src.publisher + "}", "howpublished": src.citation,
            "url": src.origin_url, "note": note,
        }
        body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields.items())
        return f"@misc{{{key},\n{body}\n}}"
    raise ValueError(f"unknown citation format {fmt!r}; use 'text' or 'bibtex'")


def _bib_escape(text: str) -> str:
    return re.sub(r"([%&#_])", r"\\\1", text)


def fetch_all(ids: Iterable[str] | None = None, *, force: bool = False) -> list[Path]:
    """Fetch several raw files (all by default); returns their paths."""
    catalog = load_catalog()
    chosen = [get(i, catalog) for i in ids] if ids else list(catalog.values())
    return [fetch(src, force=force) for src in chosen if src.kind == "raw"]
