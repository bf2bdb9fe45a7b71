"""Hashes of code: which package modules a module depends on, and one digest over them.

Used wherever "the code that produced this" must be named by content: the key of a cleaned
table (its cleaner and the package modules and mapping files that cleaner imports), a
notebook's fingerprint (the whole package) and a figure's code version (the package modules
its notebook imported). One algorithm for all three, so the same code gives the same digest.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = "analysis"
_PKG_DIR = Path(__file__).resolve().parent


def module_file(name: str) -> Path | None:
    """The source file of a package module (``analysis.clean.sipri``), or None."""
    if name != PACKAGE and not name.startswith(PACKAGE + "."):
        return None
    rel = name.split(".")[1:]
    base = _PKG_DIR.joinpath(*rel)
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def _is_module(name: str) -> bool:
    return module_file(name) is not None


def _imports(name: str, path: Path, mtime_ns: int) -> tuple[str, ...]:
    return _imports_cached(name, str(path), mtime_ns)


@cache
def _imports_cached(name: str, path: str, _mtime_ns: int) -> tuple[str, ...]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)
    is_pkg = path.endswith("__init__.py")
    here = name.split(".") if is_pkg else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):  # lazy imports inside functions count too
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                mod = ".".join(base + (node.module.split(".") if node.module else []))
            elif node.module and node.module.split(".")[0] == PACKAGE:
                mod = node.module
            else:
                continue
            found.add(mod)
            for alias in node.names:  # ``from . import sources`` names a module
                if _is_module(f"{mod}.{alias.name}"):
                    found.add(f"{mod}.{alias.name}")
    # A submodule import runs its parent packages' __init__ too.
    for mod in list(found):
        parts = mod.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return tuple(sorted(m for m in found if _is_module(m)))


def dependencies(*names: str) -> list[str]:
    """The package modules ``names`` import, directly or not, with ``names`` themselves."""
    seen: set[str] = set()
    todo = [n for n in names if _is_module(n)]
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        path = module_file(mod)
        todo.extend(_imports(mod, path, path.stat().st_mtime_ns))
    return sorted(seen)


def package_modules() -> list[str]:
    """Every module of the package."""
    out = []
    for p in sorted(_PKG_DIR.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        rel = p.relative_to(_PKG_DIR).with_suffix("").parts
        rel = rel[:-1] if rel[-1] == "__init__" else rel
        out.append(".".join((PACKAGE, *rel)))
    return out


def imported_modules() -> list[str]:
    """The package modules imported in this process (what a notebook actually used)."""
    return sorted(m for m in list(sys.modules) if _is_module(m))


def digest(modules: Iterable[str], files: Iterable[Path] = (), extra: bytes = b"") -> str:
    """sha256 over the modules' source and the files' bytes, each named by its path relative
    to the package (modules) or by its name (files), with lengths so the concatenation is
    unambiguous; ``extra`` (e.g. a notebook's code) is appended."""
    h = hashlib.sha256()
    items = [(f"{PACKAGE}/{module_file(m).relative_to(_PKG_DIR).as_posix()}", module_file(m))
             for m in sorted(set(modules)) if module_file(m)]
    items += [(f"file/{Path(f).name}", Path(f)) for f in sorted(map(Path, files))]
    for label, path in items:
        body = path.read_bytes()
        name = label.encode("utf-8")
        h.update(b"%d:%s%d:" % (len(name), name, len(body)))
        h.update(body)
    if extra:
        h.update(b"extra:%d:" % len(extra))
        h.update(extra)
    return h.hexdigest()
