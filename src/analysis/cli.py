"""The ``analysis`` command. Heavy modules are imported inside commands so ``--help`` is instant."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import typer

app = typer.Typer(help="Karabakh research compendium: data, notebooks, figures, claims.",
                  no_args_is_help=True, add_completion=False)
data_app = typer.Typer(help="The data catalog: list, fetch, verify and cite sources.",
                       no_args_is_help=True)
app.add_typer(data_app, name="data")


def _fail(exc: Exception) -> None:
    typer.secho(f"error: {exc}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _human(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(n)


@data_app.command("list")
def data_list(kind: str = typer.Option(None, help="Only 'raw' or 'curated' entries.")) -> None:
    """List every catalog entry: id, kind, edition, coverage, licence, size, cached or not."""
    from . import sources

    try:
        catalog = sources.load_catalog()
    except Exception as exc:  # noqa: BLE001 - any catalog problem is reported, not traced
        _fail(exc)
    for src in catalog.values():
        if kind and src.kind != kind:
            continue
        state = "cached" if sources.is_cached(src) else "not cached"
        typer.echo(f"{src.id}  [{src.kind}, {_human(src.bytes)}, {state}]")
        typer.echo(f"    edition:  {src.edition}")
        typer.echo(f"    coverage: {src.coverage}")
        typer.echo(f"    licence:  {src.license}")


@contextmanager
def _bar(src):
    from tqdm import tqdm

    with tqdm(total=src.bytes, unit="B", unit_scale=True, desc=src.id, leave=False,
              file=sys.stderr, disable=None) as bar:
        yield bar


@data_app.command("fetch")
def data_fetch(ids: list[str] = typer.Argument(None, help="Catalog ids (default: all raw)."),
               force: bool = typer.Option(False, "--force", help="Fetch again even if cached."),
               offline: bool = typer.Option(False, "--offline",
                                            help="Mirrors only; never the pinned URL.")) -> None:
    """Fetch raw files: each mirror first, then the pinned URL; sha256 checked."""
    from . import sources

    try:
        catalog = sources.load_catalog()
        chosen = [sources.get(i, catalog) for i in ids] if ids else list(catalog.values())
        raw = [s for s in chosen if s.kind == "raw"]
        failed = []
        for n, src in enumerate(raw, start=1):
            try:
                with _bar(src) as bar:
                    sources.fetch(src, force=force, use_url=False if offline else None,
                                  progress=bar.update)
                typer.echo(f"[{n}/{len(raw)}] {src.id}: ok")
            except sources.FetchError as exc:
                failed.append(src.id)
                typer.secho(f"[{n}/{len(raw)}] {exc}", fg=typer.colors.RED, err=True)
            finally:
                # Every copy set aside is reported, even when a later origin succeeded.
                for report in sources.REPORTS:
                    typer.secho(f"    set aside: {report}", fg=typer.colors.YELLOW, err=True)
                sources.REPORTS.clear()
        if failed:
            _fail(Exception(f"{len(failed)} of {len(raw)} file(s) not fetched: {failed}"))
    except sources.CatalogError as exc:
        _fail(exc)


@data_app.command("verify")
def data_verify() -> None:
    """Re-hash every cached raw file and every curated table; exit 1 on any problem."""
    from . import sources

    bad = 0
    try:
        catalog = sources.load_catalog()
    except sources.CatalogError as exc:
        _fail(exc)
    for src in catalog.values():
        if src.kind == "raw" and not src.path.exists():
            typer.echo(f"{src.id}: not cached (skipped)")
            continue
        problem = sources.verify(src)
        if problem:
            bad += 1
            typer.secho(f"{src.id}: {problem}", fg=typer.colors.RED)
        else:
            typer.echo(f"{src.id}: ok")
    if bad:
        _fail(Exception(f"{bad} file(s) failed verification"))


CITE_FORMATS = ("text", "bibtex", "both")


@data_app.command("cite")
def data_cite(source_id: str,
              fmt: str = typer.Option("both", "--format", help="text, bibtex or both.")) -> None:
    """How to cite one source: publisher's citation plus the third-party copy used."""
    from . import sources

    if fmt not in CITE_FORMATS:
        _fail(ValueError(f"--format {fmt!r} is not a citation format; choose one of "
                         f"{', '.join(CITE_FORMATS)}"))
    try:
        src = sources.get(source_id)
    except sources.CatalogError as exc:
        _fail(exc)
    if fmt in ("text", "both"):
        typer.echo(sources.cite(src, "text"))
    if fmt == "both":
        typer.echo("")
    if fmt in ("bibtex", "both"):
        typer.echo(sources.cite(src, "bibtex"))


@data_app.command("clean")
def data_clean() -> None:
    """Clean every registered table into the parquet cache (fetching as needed); report every
    dataset that fails, not only the first."""
    from . import datasets

    results = datasets.clean_all(progress=lambda label: typer.echo(f"cleaning {label} ..."))
    failed = {k: v for k, v in results.items() if isinstance(v, Exception)}
    for label, value in results.items():
        if isinstance(value, Exception):
            typer.secho(f"  {label}: FAILED: {value}", fg=typer.colors.RED, err=True)
        else:
            typer.echo(f"  {label}: {value:,} rows")
    if failed:
        _fail(Exception(f"{len(failed)} of {len(results)} table(s) failed: {sorted(failed)}"))


@app.command("run")
def run_cmd(
    notebooks: list[str] = typer.Argument(None, help="Notebook paths or stems "
                                          "(default: every notebooks/[0-9][0-9]_*.ipynb)."),
    jobs: int = typer.Option(None, "--jobs", "-j", help="Notebooks run in parallel "
                             "(default: number of CPUs)."),
    force: bool = typer.Option(False, "--force", help="Re-run even if nothing changed."),
    param: list[str] = typer.Option(None, "-p", "--param", help="NAME=VALUE override of a "
                                    "parameter the notebooks declare; such runs write to "
                                    "build/runs/<hash>/, never results/."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    output: str = typer.Option(None, "--output", help="Publish into this folder (with its "
                               "executed/ and fingerprints/) instead of results/."),
    timeout: int = typer.Option(1800, "--timeout", help="Seconds a cell may run before it is "
                                "stopped and reported as failed."),
) -> None:
    """Execute notebooks (parallel, incremental) and publish figures and claims on success."""
    from pathlib import Path

    from . import publish, runner

    try:
        chosen = [_notebook_path(n) for n in notebooks] if notebooks else None
        out = Path(output).resolve() if output else None
        report = runner.run(chosen, jobs=jobs, force=force, target=out, state=out,
                            parameters=runner.parse_parameters(param or []), progress=not quiet,
                            timeout=timeout)
    except (runner.RunError, publish.PublishError) as exc:
        _fail(exc)
    counts = {s: sum(o.status == s for o in report.outcomes) for s in ("ran", "skipped", "failed")}
    typer.echo(f"{counts['ran']} ran, {counts['skipped']} unchanged, {counts['failed']} failed; "
               f"outputs in {report.target}", err=True)
    for o in report.failures:
        typer.secho(f"error: {o.message}", fg=typer.colors.RED, err=True)
    if not report.ok:
        raise typer.Exit(1)


def _notebook_path(name: str):
    """A notebook given as a path, a file name or a stem (``01_military_balance``)."""
    from pathlib import Path

    from . import paths, runner

    p = Path(name)
    if p.is_file():
        return p
    for cand in (paths.root() / "notebooks" / name, paths.root() / "notebooks" / f"{name}.ipynb"):
        if cand.is_file():
            return cand
    available = [nb.stem for nb in runner.discover()]
    raise runner.RunError(f"no notebook {name!r}; the notebooks are: "
                          f"{', '.join(available) or 'none (notebooks/ is empty)'}")


@app.command("check")
def check_cmd(
    jobs: int = typer.Option(None, "--jobs", "-j", help="Notebooks run in parallel."),
    tol: float = typer.Option(2.0, "--tol", help="PNG tolerance (RMS, 0-255 scale)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Re-run every notebook into build/check/ and compare with results/; exit 1 on a difference."""
    from . import check, paths, publish

    try:
        report, comparison = check.check(jobs=jobs, progress=not quiet, tol=tol)
    except publish.PublishError as exc:
        _fail(exc)
    for note in comparison.notes:
        typer.echo(f"note: {note}")
    for diff in comparison.differences:
        typer.secho(f"DIFFERENCE: {diff}", fg=typer.colors.RED)
    n_fig = len(list((paths.results_dir() / "figures").glob("*.json")))
    if comparison.differences:
        _fail(Exception(f"{len(comparison.differences)} difference(s) between results/ and "
                        f"a fresh run (in {paths.build_dir() / 'check'}). If the code, data "
                        "or notebooks changed on purpose, run `analysis run` (or `make "
                        "reproduce`) and commit results/"))
    typer.echo(f"ok: {len(report.outcomes)} notebook(s) re-run, {n_fig} figure(s) and the "
               "claims reproduce results/")


@app.command("claims")
def claims_cmd(
    theme: str = typer.Option(None, "--theme", help="Only claims of this theme."),
    verdict: str = typer.Option(None, "--verdict", help="Only claims with this verdict, then "
                                "or now (e.g. contradicted)."),
    as_json: bool = typer.Option(False, "--json", help="The rows as JSON, for machines."),
    coverage: bool = typer.Option(False, "--coverage", help="Check that every sentence of the "
                                  "brief stating a number or a date is covered by a claim or "
                                  "excluded with a reason; exit 1 when one is not."),
) -> None:
    """The claims ledger: one line per claim with its verdict then and now."""
    import json

    from . import claims, outputs, paths

    if coverage:
        _coverage_report()
        return
    path = outputs.Folder(paths.results_dir()).path / "ledger.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(Exception(f"cannot read the ledger {path} ({exc}); run `analysis run` first"))
    if theme:
        known = sorted({r["theme"] for r in rows})
        if theme not in known:
            _fail(Exception(f"no theme {theme!r}; the themes are {', '.join(known)}"))
        rows = [r for r in rows if r["theme"] == theme]
    if verdict:
        if verdict not in claims.VERDICTS:
            _fail(Exception(f"no verdict {verdict!r}; choose one of "
                            f"{', '.join(claims.VERDICTS)}"))
        rows = [r for r in rows if verdict in (r["verdict_then"], r["verdict_now"])]
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max([len(r["claim_id"]) for r in rows] + [8])
    typer.echo(f"{'claim':<{width}}  {'then':<24}  {'now':<24}  phrase")
    for r in rows:
        then = f"{r['verdict_then']} ({r['edition_then'] or '-'})"
        now = f"{r['verdict_now']} ({r['edition_now'] or '-'})"
        typer.echo(f"{r['claim_id']:<{width}}  {then:<24}  {now:<24}  {r['phrase']}")
    typer.echo(f"{len(rows)} claim(s)", err=True)


def _coverage_report() -> None:
    from .claims import coverage as cov
    from .claims import registry

    try:
        text = registry.brief_path().read_text(encoding="utf-8")
        result = cov.coverage(text, registry.load_registry(), cov.load_excluded())
    except (OSError, registry.ClaimsError) as exc:
        _fail(exc)
    typer.echo(f"sentences stating a number or a date: {len(result.found)}")
    typer.echo(f"  covered by a claim:  {len(result.covered)}")
    typer.echo(f"  excluded (reasoned): {len(result.excluded)}")
    typer.echo(f"  uncovered:           {len(result.uncovered)}")
    for s in result.uncovered:
        typer.secho(f"UNCOVERED [{s.section}] {s.text}", fg=typer.colors.RED)
    if result.uncovered:
        _fail(Exception(f"{len(result.uncovered)} sentence(s) neither covered by a claim nor "
                        f"listed in {cov.excluded_path()}"))


@app.command("cite")
def cite_cmd(figure_id: str,
             fmt: str = typer.Option("both", "--format", help="text, bibtex or both.")) -> None:
    """How to cite a figure: the compendium (version, code version) and every data source."""
    from . import report

    try:
        typer.echo(report.cite_figure(figure_id, fmt))
    except (FileNotFoundError, ValueError) as exc:
        _fail(exc)


@app.command("report")
def report_cmd() -> None:
    """Build the static site in build/site/ from results/ and build/executed/."""
    from . import report

    index = report.build()
    broken = report.broken_links(index.parent)
    for b in broken:
        typer.secho(f"broken link: {b}", fg=typer.colors.RED, err=True)
    typer.echo(f"site: {index}")
    if broken:
        raise typer.Exit(1)


@app.command("sweep")
def sweep_cmd(
    notebook: str = typer.Argument(..., help="Notebook path or stem (e.g. 01_military_balance)."),
    grid: list[str] = typer.Option(None, "--grid", help="NAME=V1,V2,... or NAME=<JSON list of "
                                   "values>; repeatable; every combination is run."),
    grid_file: str = typer.Option(None, "--grid-file", help="TOML file whose 'grid' table "
                                  "gives each parameter's list of values."),
    claim: str = typer.Option(None, "--claim", help="Claim id to plot across the grid "
                              "(default: the first numeric claim recorded)."),
    part: list[str] = typer.Option(None, "--part", help="KEY=VALUE: plot only the claim's rows "
                                   "with this part (repeatable)."),
    edition: str = typer.Option(None, "--edition", help="Plot only the claim's rows of this "
                                "edition."),
    scheduler: str = typer.Option(None, "--scheduler", envvar="ANALYSIS_DASK_SCHEDULER",
                                  help="Address of a running Dask scheduler (tcp://host:8786); "
                                  "default: a local cluster, one worker process per core."),
    workers: int = typer.Option(None, "--workers", help="Worker processes of the local cluster "
                                "(default: number of CPUs)."),
    force: bool = typer.Option(False, "--force", help="Re-run combinations even if unchanged."),
    timeout: int = typer.Option(1800, "--timeout", help="Seconds a cell may run before it is "
                                "stopped and its combination reported as failed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
) -> None:
    """Run a notebook once per combination of parameter values (on Dask); write the runs, every
    claim value and a figure of one claim across the grid to build/sweeps/<hash>/."""
    from pathlib import Path

    from . import claims, runner, sweep

    try:
        nb = _notebook_path(notebook)
        values = sweep.build_grid(nb, grid or [], Path(grid_file) if grid_file else None)
        report = sweep.sweep(nb, values, claim=claim, part=sweep.parse_part(part) if part else None,
                             edition=edition, force=force, scheduler=scheduler,
                             workers=workers, timeout=timeout, progress=not quiet)
    except (runner.RunError, sweep.SweepError, claims.ClaimsError, ConnectionError) as exc:
        _fail(exc)
    counts = report.counts()
    typer.echo(f"{len(report.combinations)} combination(s): {counts['ran']} ran, "
               f"{counts['unchanged']} unchanged, {counts['failed']} failed; sweep in "
               f"{report.folder}", err=True)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    if report.figure:
        typer.echo(f"figure: {report.figure}", err=True)
    for c in report.failures:
        typer.secho(f"error: combination {c.index} ({c.label()}) failed: {c.error}",
                    fg=typer.colors.RED, err=True)
    if not report.ok:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the ``analysis`` console script."""
    app()


if __name__ == "__main__":
    main()
