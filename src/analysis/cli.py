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
        if failed:
            _fail(Exception(f"{len(failed)} of {len(raw)} file(s) not fetched: {failed}"))
    except sources.CatalogError as exc:
        _fail(exc)


@data_app.command("verify")
def data_verify() -> None:
    """Re-hash every cached raw file and every curated table; exit 1 on any problem."""
    from . import sources

    bad = 0
    for src in sources.load_catalog().values():
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


@data_app.command("cite")
def data_cite(source_id: str,
              fmt: str = typer.Option("both", "--format", help="text, bibtex or both.")) -> None:
    """How to cite one source: publisher's citation plus the third-party copy used."""
    from . import sources

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
    """Clean every dataset that has a cleaner into the parquet cache (fetching as needed)."""
    from . import datasets

    for name, loader in datasets.CLEANERS.items():
        typer.echo(f"cleaning {name} ...")
        try:
            df = loader()
        except Exception as exc:  # noqa: BLE001 - report which dataset failed, then stop
            _fail(Exception(f"{name}: {exc}"))
        typer.echo(f"  {name}: {len(df):,} rows")


def main() -> None:
    """Entry point of the ``analysis`` console script."""
    app()


if __name__ == "__main__":
    main()
