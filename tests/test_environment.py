"""The lock file, pyproject and environment.yml describe the same environment."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from analysis import paths

ROOT = paths.root()


def _lock() -> dict[str, str]:
    out = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            out[canonicalize_name(name)] = version
    return out


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_every_direct_dependency_is_locked_within_its_range():
    lock = _lock()
    project = _project()
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    for spec in reqs:
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in lock, f"{req.name} is a dependency in pyproject.toml but not locked"
        assert req.specifier.contains(lock[name], prereleases=True), (
            f"requirements.lock pins {req.name}=={lock[name]}, outside pyproject's {req.specifier}")


def test_environment_yml_installs_the_lock_and_the_package_on_a_supported_python():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*-r requirements\.lock\s*$", text, re.M)
    assert re.search(r"^\s*-\s*-e \.\s*$", text, re.M)
    py = re.search(r"^\s*-\s*python=(\d+)\.(\d+)", text, re.M)
    assert py, "environment.yml must pin python=X.Y"
    floor = re.match(r">=(\d+)\.(\d+)", _project()["requires-python"])
    assert (int(py[1]), int(py[2])) >= (int(floor[1]), int(floor[2]))
    # Packages named directly in the conda section would bypass the lock.
    deps = text.split("dependencies:", 1)[1]
    conda_pkgs = re.findall(r"^  - ([A-Za-z][\w.-]*)", deps, re.M)
    assert set(conda_pkgs) <= {"python", "pip"}, f"conda-only packages: {conda_pkgs}"


def test_every_third_party_module_the_package_imports_is_a_declared_dependency():
    """An import that works only because another package pulled it in breaks on a fresh
    machine (report.py once imported yaml without declaring PyYAML)."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    declared = {canonicalize_name(Requirement(s).name) for s in _project()["dependencies"]}
    dists = packages_distributions()
    missing = {}
    for path in sorted((ROOT / "src" / "analysis").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and not node.level
                     and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top == "analysis" or top in sys.stdlib_module_names:
                    continue
                owners = {canonicalize_name(d) for d in dists.get(top, [top])}
                if not owners & declared:
                    missing.setdefault(top, path.relative_to(ROOT).as_posix())
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
