"""The layout of an output folder: ``results/``, ``build/runs/<hash>/`` or a check's scratch.

```
figures/<figure_id>.png .svg .pdf   the figure
figures/<figure_id>.csv             the plotted data
figures/<figure_id>.json            metadata (caption, sources, editions, parameters, code)
claims/<notebook_stem>.json         the claim values one notebook recorded
claims.csv, claims.json             every recorded claim row with its verdict
ledger.csv, ledger.json             one row per claim: verdict then and now
manifest.json                       sha256 of every file above
```

The runner, the reproduction check and the report all read folders through this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePath

from . import files

FIGURE_EXTS = ("png", "svg", "pdf", "csv", "json")
IMAGE_EXTS = ("png", "svg", "pdf")
LEDGER_FILES = ("claims.csv", "claims.json", "ledger.csv", "ledger.json")
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Folder:
    """One output folder."""

    path: Path

    @property
    def figures(self) -> Path:
        """``figures/``."""
        return self.path / "figures"

    @property
    def claims(self) -> Path:
        """``claims/`` (one file per notebook)."""
        return self.path / "claims"

    @property
    def manifest(self) -> Path:
        """``manifest.json``."""
        return self.path / MANIFEST

    def figure_files(self) -> dict[str, dict[str, Path]]:
        """``{figure_id: {extension: path}}`` of every figure file present."""
        out: dict[str, dict[str, Path]] = {}
        if self.figures.is_dir():
            for p in sorted(self.figures.iterdir()):
                fid, _, ext = p.name.partition(".")
                if p.is_file() and ext in FIGURE_EXTS:
                    out.setdefault(fid, {})[ext] = p
        return out

    def claim_files(self) -> dict[str, Path]:
        """``{notebook stem: path}`` of the per-notebook claims files."""
        if not self.claims.is_dir():
            return {}
        return {p.stem: p for p in sorted(self.claims.glob("*.json"))}

    def ledger_files(self) -> dict[str, Path]:
        """The collected ledger files present, by name."""
        return {n: self.path / n for n in LEDGER_FILES if (self.path / n).is_file()}

    def figure_owner(self, figure_id: str) -> str | None:
        """The stem of the notebook that published a figure (from its metadata), or None."""
        return owner(self.figures / f"{figure_id}.json")

    def owned_figures(self, stem: str) -> list[str]:
        """Ids of the figures a notebook published."""
        if not self.figures.is_dir():
            return []
        return sorted(p.stem for p in self.figures.glob("*.json") if owner(p) == stem)

    def published_files(self) -> list[str]:
        """Relative paths of every figure and claims file (not the collected ledger)."""
        out = [f"figures/{p.name}" for exts in self.figure_files().values()
               for p in exts.values()]
        out += [f"claims/{p.name}" for p in self.claim_files().values()]
        return sorted(out)

    def manifest_data(self, hashes: files.HashCache | None = None) -> dict:
        """sha256 of every figure file (by id and extension) and of the claims files."""
        hashes = hashes or files.HashCache()
        claims = {n: hashes.sha(p) for n, p in self.ledger_files().items()}
        claims.update({f"claims/{p.name}": hashes.sha(p) for p in self.claim_files().values()})
        return {
            "figures": {fid: {ext: hashes.sha(p) for ext, p in exts.items()}
                        for fid, exts in self.figure_files().items()},
            "claims": claims,
        }

    def write_manifest(self, hashes: files.HashCache | None = None) -> Path:
        """Write ``manifest.json`` (keys sorted) if its content changed; returns its path."""
        text = json.dumps(self.manifest_data(hashes), indent=2, sort_keys=True,
                          ensure_ascii=False) + "\n"
        try:
            if self.manifest.read_text(encoding="utf-8") == text:
                return self.manifest
        except OSError:
            pass
        files.write_text(self.manifest, text)
        return self.manifest

    def manifest_current(self, hashes: files.HashCache | None = None) -> bool:
        """True when manifest.json lists exactly the files present, with their hashes."""
        try:
            old = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return self.manifest_data(hashes) == old


def owner(json_path: Path) -> str | None:
    """The notebook stem named in a figure's metadata file, or None."""
    try:
        meta = json.loads(Path(json_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    nb = meta.get("notebook")
    return PurePath(nb).stem if isinstance(nb, str) else None
