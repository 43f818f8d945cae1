"""What goes wrong when exporting, for both formats: a target open in Word or Excel, a full disk,
a read-only file, a missing folder. Each gives a Chinese message, leaves the old file and the
document as they were, and a retry works."""

from __future__ import annotations

import errno
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop import atomic, projectfile
from desktop.errors import ExportError
from desktop.export import export_docx, export_xlsx
from desktop.model import Document
from tests.exportcheck import SAMPLES, load

STEMS = [p.stem for p in SAMPLES]
FORMATS = [pytest.param(export_docx, "docx", "Word", id="docx"), pytest.param(export_xlsx, "xlsx", "Excel", id="xlsx")]

Export = Callable[[Document, Path], None]


@pytest.mark.parametrize("export, suffix, program", FORMATS)
@pytest.mark.parametrize("stem", STEMS)
def test_export_never_changes_the_document(tmp_path, export: Export, suffix, program, stem):
    doc = load(stem)
    before = projectfile.dumps(doc)
    export(doc, tmp_path / f"out.{suffix}")
    assert projectfile.dumps(doc) == before


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_locked_target_gives_a_chinese_message_and_changes_nothing(tmp_path, monkeypatch, export: Export,
                                                                     suffix, program):
    target = tmp_path / f"报表.{suffix}"
    target.write_bytes(b"old")
    doc = load("hebei-luanping-2026-xinfang")
    before = projectfile.dumps(doc)

    def locked(*args):
        raise PermissionError(13, "in use")

    pauses: list[float] = []
    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(atomic, "_pause", pauses.append)       # retried as for Word, without real waiting
    with pytest.raises(ExportError) as caught:
        export(doc, target)
    assert f"无法导出“报表.{suffix}”" in caught.value.message and program in caught.value.message
    assert pauses == [atomic.REPLACE_PAUSE] * (atomic.REPLACE_TRIES - 1)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert projectfile.dumps(doc) == before
    monkeypatch.undo()
    export(doc, target)                                                # the retry works
    assert zipfile.is_zipfile(target)


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_full_disk_is_reported_in_chinese(tmp_path, monkeypatch, export: Export, suffix, program):
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        export(load("hubei-ezhou-2024-xinfang"), tmp_path / f"a.{suffix}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_read_only_target_is_refused_before_writing(tmp_path, monkeypatch, export: Export, suffix, program):
    target = tmp_path / f"只读.{suffix}"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(ExportError, match="无法导出"):
        export(load("hunan-shifeng-2021-xinfang"), target)
    assert target.read_bytes() == b"old"


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_missing_folder_is_reported_in_chinese(tmp_path, export: Export, suffix, program):
    with pytest.raises(ExportError, match="无法导出"):
        export(load("hubei-ezhou-2024-xinfang"), tmp_path / "没有" / f"a.{suffix}")
