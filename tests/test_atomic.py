"""Atomic writes: the editor's own temporary files are short, held while in use, and cleared
once their writer is gone; the folder is synced after the replace."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from desktop import atomic, projectfile
from desktop.atomic import remove_stale_temps, write_atomic
from desktop.blank import new_document

ROOT = Path(__file__).resolve().parents[1]
HOUR_AGO = time.time() - 3600


def _aged(path: Path, content: bytes = b"half a file") -> Path:
    path.write_bytes(content)
    os.utime(path, (HOUR_AGO, HOUR_AGO))
    return path


def test_saving_removes_the_editors_own_stale_temp_files_and_nothing_else(tmp_path):
    stale = [_aged(tmp_path / "~jx0a1b2c3d.tmp"),
             _aged(tmp_path / "~定州.jxmb.k3j4h_g6.tmp"),           # named as earlier versions named them
             _aged(tmp_path / "~定州.jxmb.bak.abcdefgh.tmp")]
    kept = [tmp_path / "~jx9z8y7x6w.tmp",                           # young: may be a save in progress
            _aged(tmp_path / "~$报表.docx"), _aged(tmp_path / "~WRL0001.tmp"), _aged(tmp_path / "笔记.tmp"),
            _aged(tmp_path / "~笔记.txt.abcdefgh.tmp"), _aged(tmp_path / "~jx0a1b2c3d.tmp.txt")]
    kept[0].write_bytes(b"young")
    projectfile.save(new_document("H", 2020), tmp_path / "定州.jxmb")
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)


def test_a_temp_file_is_short_and_carries_none_of_the_targets_name(tmp_path, monkeypatch):
    seen = []

    def write(stream):  # type: ignore[no-untyped-def]
        seen.extend(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp")
        stream.write(b"x")

    write_atomic(tmp_path / ("甲" * 80 + ".jxmb"), write)
    (name,) = seen
    assert len(name.encode()) <= 16 and name.startswith("~jx") and "甲" not in name


def test_a_temp_file_being_written_is_never_removed_even_when_it_looks_old(tmp_path):
    survived = []

    def write(stream):  # type: ignore[no-untyped-def]
        (temp,) = [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]
        os.utime(temp, (HOUR_AGO, HOUR_AGO))
        remove_stale_temps(tmp_path)                 # another editor's clean-up, right now
        survived.append(temp.exists())
        stream.write(b"whole")

    write_atomic(tmp_path / "a.jxmb", write)
    assert survived == [True]
    assert (tmp_path / "a.jxmb").read_bytes() == b"whole"
    assert [p.name for p in tmp_path.iterdir()] == ["a.jxmb"]


_STUCK_WRITER = """
import sys
from pathlib import Path
from desktop.atomic import write_atomic

def write(stream):
    stream.write(b"half")
    print("writing", flush=True)
    sys.stdin.readline()                    # stuck until killed

write_atomic(Path(sys.argv[1]), write)
"""


def test_the_temp_file_of_a_killed_editor_is_removed_but_not_while_it_runs(tmp_path):
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(_STUCK_WRITER), str(tmp_path / "a.jxmb")],
                              cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(60, writer.kill)
    watchdog.start()
    try:
        assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
        (temp,) = list(tmp_path.iterdir())
        os.utime(temp, (HOUR_AGO, HOUR_AGO))
        assert remove_stale_temps(tmp_path) == 0 and temp.exists(), "its editor is still running"
    finally:
        writer.kill()
        writer.wait(60)
        watchdog.cancel()
        for stream in (writer.stdin, writer.stdout, writer.stderr):
            stream.close()
    assert remove_stale_temps(tmp_path) == 1 and list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="Windows cannot sync a folder")
def test_the_folder_is_synced_after_the_replace(tmp_path, monkeypatch):
    events = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src, dst):  # type: ignore[no-untyped-def]
        real_replace(src, dst)
        events.append(("replace", Path(dst).name))

    def fsync(fd):  # type: ignore[no-untyped-def]
        events.append(("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file", None))
        real_fsync(fd)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    write_atomic(tmp_path / "a.jxmb", lambda stream: stream.write(b"x"))
    assert events == [("fsync file", None), ("replace", "a.jxmb"), ("fsync folder", None)]


def test_a_locked_target_is_retried_with_pauses_that_take_no_real_time(tmp_path, monkeypatch):
    pauses = []
    monkeypatch.setattr(atomic, "_pause", pauses.append)
    tries = []

    def locked_twice(src, dst):  # type: ignore[no-untyped-def]
        tries.append(dst)
        if len(tries) < 3:
            raise PermissionError(13, "in use")
        os.rename(src, dst)

    monkeypatch.setattr(os, "replace", locked_twice)
    write_atomic(tmp_path / "a.jxmb", lambda stream: stream.write(b"x"))
    assert len(tries) == 3 and pauses == [atomic.REPLACE_PAUSE] * 2
    assert (tmp_path / "a.jxmb").read_bytes() == b"x"
