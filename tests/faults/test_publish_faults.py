"""Injected faults while publishing: a failure at every step of the move, an interrupted
publish finished by the next start, a full disk, a read-only folder, two runs at once."""

from __future__ import annotations

import errno
import json

import pytest

from analysis import outputs, publish


def _state(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.relative_to(folder).as_posix().startswith(".publish")}


def _published(folder, version: str):
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "claims").mkdir(exist_ok=True)
    (folder / "figures" / "f.csv").write_text(f"x\n{version}\n")
    (folder / "claims" / "01_a.json").write_text(f'[{{"v": "{version}"}}]')
    for name in outputs.LEDGER_FILES:
        (folder / name).write_text(version)
    (folder / "manifest.json").write_text(json.dumps({"v": version}))


def _stage_new(target):
    stage = publish.Stage(target)
    _published(stage.path, "new")
    (stage.path / "figures" / "g.csv").write_text("only in the new state")
    return stage


@pytest.fixture
def target(tmp_path):
    folder = tmp_path / "results"
    _published(folder, "old")
    return folder


def test_a_clean_publish_moves_the_whole_new_state_in(target):
    old = _state(target)
    stage = _stage_new(target)
    new = _state(stage.path)
    assert stage.commit() is True
    assert _state(target) == new != old
    assert not (target / publish.WORK).exists()


def test_nothing_changes_when_the_stage_equals_the_published_state(target):
    before = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()}
    assert publish.Stage(target).commit() is False
    after = {p: p.stat().st_mtime_ns for p in target.rglob("*") if p.is_file()
             if publish.LOCK not in p.name}
    assert after == before


N_RENAMES = 2 * len(publish.ENTRIES)


@pytest.mark.parametrize("fail_at", range(N_RENAMES))
def test_a_failure_at_any_step_leaves_the_old_state(target, monkeypatch, fail_at):
    old = _state(target)
    stage = _stage_new(target)
    calls = []
    real = publish._rename

    def failing(src, dst):
        calls.append((src, dst))
        if len(calls) == fail_at + 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(publish, "_rename", failing)
    if fail_at < len(_planned_renames(target, stage)):
        with pytest.raises(OSError, match="No space left"):
            stage.commit()
        monkeypatch.setattr(publish, "_rename", real)
        assert _state(target) == old
        assert not (target / publish.WORK).exists()


def _planned_renames(target, stage):
    return [n for n in publish.ENTRIES if (target / n).exists()] + \
        [n for n in publish.ENTRIES if (stage.path / n).exists()]


@pytest.mark.parametrize("die_at", range(1, N_RENAMES))
def test_a_publish_killed_midway_is_finished_by_the_next_start(target, monkeypatch, die_at):
    stage = _stage_new(target)
    new = _state(stage.path)
    calls = []
    real = publish._rename

    class Killed(BaseException):
        pass

    def dying(src, dst):
        calls.append(1)
        if len(calls) == die_at + 1:
            raise Killed()
        return real(src, dst)

    monkeypatch.setattr(publish, "_rename", dying)
    # The process dies: no rollback runs (simulated by making the rollback a no-op).
    monkeypatch.setattr(publish, "_rollback", lambda t: None)
    with pytest.raises(Killed):
        stage.commit()
    monkeypatch.setattr(publish, "_rename", real)
    assert json.loads((target / publish.WORK / "journal.json").read_text())["step"] == "staged"
    assert "finished an interrupted publish" in publish.recover(target)
    assert _state(target) == new
    assert publish.recover(target) is None


def test_an_incomplete_stage_is_removed_at_the_next_start(target):
    old = _state(target)
    stage = publish.Stage(target)
    (stage.path / "figures" / "half.csv").write_text("x")  # the run died before committing
    assert "removed an incomplete publish stage" in publish.recover(target)
    assert _state(target) == old


def test_a_full_disk_is_refused_before_any_notebook_runs(target, monkeypatch):
    import shutil

    usage = shutil.disk_usage(target)
    monkeypatch.setattr(publish.shutil, "disk_usage",
                        lambda p: usage._replace(free=10 * 2**20))
    with pytest.raises(publish.PublishError, match=r"only 10 MB free on the device holding"):
        publish.preflight(target)


def test_an_unwritable_folder_is_refused_before_any_notebook_runs(target, monkeypatch):
    real = type(target).write_bytes

    def refuse(self, data):
        if self.name == ".probe":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self, data)

    monkeypatch.setattr(type(target), "write_bytes", refuse)
    with pytest.raises(publish.PublishError) as info:
        publish.preflight(target)
    assert f"cannot write to {target}" in str(info.value) and "writable" in str(info.value)


def test_a_second_run_on_one_folder_stops_naming_the_first(target):
    import os

    with publish.lock(target):
        with pytest.raises(publish.PublishError, match=f"process {os.getpid()}"):
            with publish.lock(target):
                pass
    with publish.lock(target):  # released: a stale holder never blocks
        pass
