"""Shared fixtures: a throw-away project root so tests never touch the real data/ or results/."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from analysis import paths

SHARED_DATA = (paths.root() / "../shared/data").resolve()
# Resolved before any test points ANALYSIS_ROOT at a temporary project root.
REAL_MAPPINGS = paths.data_dir() / "mappings"


def requires_mirror(dataset: str):
    """Skip a test that reads real files when the mirror folder is absent."""
    return pytest.mark.skipif(
        not (SHARED_DATA / dataset).is_dir(),
        reason=f"mirror folder {SHARED_DATA / dataset} absent: real-file test not possible here",
    )


@pytest.fixture(scope="session", autouse=True)
def _own_data_folders(tmp_path_factory):
    """One raw-file folder and one parquet cache for the whole session (each table is built
    once), never the project's ``data/raw`` and ``data/cache``."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ANALYSIS_RAW_DIR", str(tmp_path_factory.mktemp("raw")))
    mp.setenv("ANALYSIS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session", autouse=True)
def _no_network():
    """Nothing leaves the machine during tests: a socket connection to anything but loopback
    fails the test that opened it."""
    import ipaddress
    import socket

    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(sock, address):
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return
        host = address[0] if isinstance(address, tuple) else str(address)
        if host == "localhost":
            return
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            pass
        raise AssertionError(f"a test opened a network connection to {address!r}; tests "
                             "must not leave the machine")

    def connect(sock, address):
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock, address):
        check(sock, address)
        return real_connect_ex(sock, address)

    mp = pytest.MonkeyPatch()
    mp.setattr(socket.socket, "connect", connect)
    mp.setattr(socket.socket, "connect_ex", connect_ex)
    yield
    mp.undo()


def write_catalog(root: Path, entries: list[dict]) -> Path:
    """Write a data/sources.toml with these entries (values are rendered as TOML)."""
    import json

    lines = []
    for e in entries:
        lines.append("[[source]]")
        for k, v in e.items():
            lines.append(f"{k} = {v if isinstance(v, int) else json.dumps(v)}")
        lines.append("")
    path = root / "data" / "sources.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def raw_entry(id_: str, file_: str, content: bytes, **over) -> dict:
    """A valid raw catalog entry describing ``content`` (its own dataset, release "1"
    published in 2023, unless ``over`` says otherwise)."""
    e = {
        "id": id_, "kind": "raw", "title": "T", "publisher": "P", "edition": "E",
        "dataset": id_, "release": "1", "published": "2023",
        "origin_url": "https://example.org/", "url": "https://example.invalid/" + file_,
        "file": file_, "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content),
        "license": "L", "citation": "C", "coverage": "Cov", "notes": "N",
    }
    e.update(over)
    return e


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A minimal project root in tmp_path with an empty mirror and a copy of the real country
    mappings (read from the project root, like the catalog); ANALYSIS_ROOT points at it."""
    root = tmp_path / "proj"
    (root / "data").mkdir(parents=True)
    shutil.copytree(REAL_MAPPINGS, root / "data" / "mappings")
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""
        [tool.analysis]
        mirrors = ["{mirror}"]
    """), encoding="utf-8")
    monkeypatch.setenv("ANALYSIS_ROOT", str(root))
    # The tmp project keeps its own raw files and tables, like a real checkout.
    monkeypatch.setenv("ANALYSIS_RAW_DIR", str(root / "data" / "raw"))
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(root / "data" / "cache"))
    monkeypatch.setenv("ANALYSIS_OFFLINE", "1")
    monkeypatch.delenv("ANALYSIS_DATA_MIRROR", raising=False)
    return root, mirror


def one_row(df, **where):
    """The single row of ``df`` matching ``column=value`` pairs (asserting there is one)."""
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, where
    return df.iloc[0]


def layout_error(func, path, *needles):
    """Assert ``func(path)`` raises a LayoutError naming the file and each needle."""
    from analysis.errors import LayoutError

    with pytest.raises(LayoutError) as info:
        func(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message
    return info.value


@pytest.fixture
def proj(project):
    """A tmp project with notebooks/, a one-claim registry and an empty catalog."""
    from fixtures.nbfactory import CLAIMS_TOML

    root, _ = project
    (root / "notebooks").mkdir()
    (root / "data" / "claims").mkdir()
    (root / "data" / "claims" / "test.toml").write_text(CLAIMS_TOML, encoding="utf-8")
    write_catalog(root, [])
    return root
