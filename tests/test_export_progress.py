"""Long exports, for both formats: progress reported row by row, a cancel that writes nothing,
and a defect of an exporter reported as the Chinese export error rather than a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.errors import ExportError
from desktop.export import ExportCancelled, export_docx, export_xlsx
from desktop.model import Document
from tests.bigdoc import big_document

FORMATS = [pytest.param(export_docx, "docx", "Word", id="docx"), pytest.param(export_xlsx, "xlsx", "Excel", id="xlsx")]
Export = Callable[..., None]


@pytest.fixture(scope="module")
def doc() -> Document:
    return big_document(projects=3, per_project=40)


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_progress_counts_every_row_up_to_the_total(tmp_path, doc, export: Export, suffix, program):
    seen: list[tuple[int, int]] = []
    export(doc, tmp_path / f"a.{suffix}", progress=lambda done, total: seen.append((done, total)) or True)
    totals = {total for _, total in seen}
    assert len(totals) == 1
    total = totals.pop()
    assert total > 3 * 40                                   # at least one step per indicator row
    dones = [done for done, _ in seen]
    assert dones == sorted(dones) and dones[-1] == total and len(seen) >= 3 * 40
    assert (tmp_path / f"a.{suffix}").stat().st_size > 0


@pytest.mark.parametrize("at", [1, 60, -1], ids=["first row", "midway", "after the last row"])
@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_cancel_writes_nothing_and_leaves_the_old_file(tmp_path, doc, export: Export, suffix, program, at):
    target = tmp_path / f"旧.{suffix}"
    target.write_bytes(b"old")

    def progress(done: int, total: int) -> bool:
        return done < (total if at == -1 else at)

    with pytest.raises(ExportCancelled):
        export(doc, target, progress=progress)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_defect_in_the_exporter_becomes_the_chinese_export_error(tmp_path, export: Export, suffix, program):
    broken = big_document(projects=1, per_project=2)
    broken.departments[0].projects[0].lists["indicators"] = 5    # type: ignore[assignment]  # what no reader lets in
    target: Path = tmp_path / f"表.{suffix}"
    with pytest.raises(ExportError) as caught:
        export(broken, target)
    assert caught.value.message.startswith(f"无法导出“表.{suffix}”：生成 {program} 文件时出现意外错误")
    assert isinstance(caught.value.__cause__, (TypeError, AttributeError))   # kept for the error log
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("export, suffix, program", FORMATS)
def test_a_name_the_system_cannot_take_is_the_chinese_export_error(tmp_path, export: Export, suffix, program):
    with pytest.raises(ExportError, match=f"^无法导出“ab.{suffix}”：无法在这个位置用这个名称写入文件"):
        export(big_document(projects=1, per_project=2), tmp_path / f"a\x00b.{suffix}")
    assert list(tmp_path.iterdir()) == []
