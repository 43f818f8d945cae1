"""Checking a folder (the finance bureau that receives fifty files): every file gets one line,
broken files a Chinese one that does not stop the run, and --report writes a workbook."""

import io
import json
import shutil
import sys
import types
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop import projectfile
from desktop.cli import main
from desktop.families import family
from desktop.nextyear import check_all
from desktop.report import unit_of
from desktop.resources import resource
from desktop.rules import Severity, counts, describe_location

SAMPLES = sorted(resource("samples").glob("*" + projectfile.SUFFIX))


def _folder(tmp_path: Path) -> Path:
    """The samples, one of them again in a subfolder, and the broken files a bureau receives."""
    folder = tmp_path / "收件箱"
    (folder / "二科" / "补交").mkdir(parents=True)
    for path in SAMPLES:
        shutil.copy2(path, folder / path.name)
    shutil.copy2(SAMPLES[0], folder / "二科" / SAMPLES[0].name)
    text = SAMPLES[0].read_text(encoding="utf-8")
    (folder / "二科" / "补交" / "损坏.jxmb").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "二科" / "新版本.jxmb").write_text(json.dumps({"format": "jxmb", "version": 99}), encoding="utf-8")
    (folder / "外来.jxmb").write_text(json.dumps({"hello": 1}), encoding="utf-8")
    (folder / "去年.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "说明.txt").write_text("请查收", encoding="utf-8")
    (folder / "~$去年.docx").write_bytes(b"lock")
    return folder


BROKEN = {"损坏.jxmb": "已损坏", "新版本.jxmb": "更新版本", "外来.jxmb": "不是绩效目标编辑器的项目文件",
          "去年.doc": "另存为 .docx"}


def test_a_folder_is_walked_with_a_line_for_every_file_and_broken_files_do_not_stop_it(tmp_path, capsys):
    folder = _folder(tmp_path)
    assert main(["check", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    lines = err.splitlines()
    for path in SAMPLES:
        doc = projectfile.load(path)
        mine = [line for line in lines if line.startswith(f"{folder / path.name}: ")]
        tally = counts(check_all(doc))
        assert mine == [f"{folder / path.name}: {unit_of(doc)}，{doc.year}年，{family(doc.family).name}："
                        f"共 {sum(tally.values())} 个问题：错误 {tally[Severity.ERROR]}，警告 {tally[Severity.WARNING]}，"
                        f"提示 {tally[Severity.INFO]}"]
    assert any(line.startswith(f"{folder / '二科' / SAMPLES[0].name}: ") for line in lines)
    for name, words in BROKEN.items():
        line = next(line for line in lines if Path(line.split(": ")[0]).name == name)
        assert words in line
    assert lines[-1].startswith(f"共 {len(SAMPLES) + 1 + len(BROKEN)} 个文件：已检查 {len(SAMPLES) + 1} 个")
    assert lines[-1].endswith("另有 2 个其他文件（不是项目文件或表格）未检查")
    problems = [line for line in out.splitlines() if line]
    assert len(problems) == sum(len(check_all(projectfile.load(p))) for p in [*SAMPLES, SAMPLES[0]])
    assert all(line.split(": ")[0].endswith(".jxmb") and "\t" in line for line in problems)


@pytest.mark.parametrize("names, code", [(["anhui-jinan-2025-tiyu-xmzc"], 0),
                                         (["anhui-jinan-2025-tiyu-xmzc", "hebei-luanping-2026-xinfang"], 1)])
def test_a_folder_exits_as_a_check_of_its_files(tmp_path, capsys, names, code):
    for name in names:
        shutil.copy2(resource("samples", name + projectfile.SUFFIX), tmp_path / (name + projectfile.SUFFIX))
    assert counts(check_all(projectfile.load(resource("samples", names[0] + projectfile.SUFFIX))))[Severity.ERROR] == 0
    assert main(["check", str(tmp_path)]) == code


def test_a_word_or_excel_file_is_named_as_not_read_while_there_is_no_import(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "desktop.importer", None)
    (tmp_path / "表.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "表.xlsx").write_bytes(b"PK\x03\x04")
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("未检查：本版本还不能读取 Word / Excel 文件") == 2


def test_a_word_or_excel_file_is_read_through_import(tmp_path, capsys, monkeypatch):
    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    read = []

    def import_file(path):          # the importer's contract: a result holding the document
        read.append(Path(path).name)
        if Path(path).suffix == ".xlsx":
            raise projectfile.ProjectFileError("这个文件不是任何表式的绩效目标表。")
        return types.SimpleNamespace(document=doc, report=[])

    monkeypatch.setitem(sys.modules, "desktop.importer", types.SimpleNamespace(import_file=import_file))
    (tmp_path / "鄂州.docx").write_bytes(b"PK")
    (tmp_path / "别的.xlsx").write_bytes(b"PK")
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert read == ["別的.xlsx".replace("別", "别"), "鄂州.docx"]
    assert f"{tmp_path / '鄂州.docx'}: 鄂州市信访局，2024年" in err
    assert f"{tmp_path / '别的.xlsx'}: 这个文件不是任何表式的绩效目标表。" in err


def test_the_report_has_a_summary_row_per_file_and_a_row_per_problem_in_the_forms_words(tmp_path, capsys):
    folder = _folder(tmp_path)
    report = folder / "检查报告.xlsx"
    assert main(["check", str(folder), "--report", str(report)]) == 2
    assert f"已写入检查报告：{report}" in capsys.readouterr().err
    assert main(["check", str(folder), "--report", str(report)]) == 2       # again: the report is not checked
    assert "检查报告.xlsx:" not in capsys.readouterr().err
    book = load_workbook(report)
    assert book.sheetnames == ["汇总", "问题"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0] == ("文件", "单位", "年度", "表式", "错误", "警告", "提示", "说明")
    assert len(summary) == 1 + len(SAMPLES) + 1 + len(BROKEN)
    rows = {Path(r[0]).relative_to(folder).as_posix(): r for r in summary[1:]}
    problems = list(book["问题"].iter_rows(values_only=True))
    assert problems[0] == ("文件", "单位", "严重程度", "位置", "问题", "建议", "规则")
    for path in SAMPLES:
        doc = projectfile.load(path)
        found = check_all(doc)
        tally = counts(found)
        assert rows[path.name][1:7] == (unit_of(doc), doc.year, family(doc.family).name, tally[Severity.ERROR],
                                         tally[Severity.WARNING], tally[Severity.INFO])
        mine = [r[2:5] for r in problems[1:] if r[0] == str(folder / path.name)]
        assert mine == [(p.severity.value, describe_location(doc, p.location), p.message) for p in found]
    assert "部门总体资金情况 › 收入构成 › 合计 › 2023年" in {r[3] for r in problems[1:]}
    for name, words in BROKEN.items():
        row = next(r for key, r in rows.items() if key.endswith(name))
        assert row[2] is None and words in row[7]


def test_a_report_that_cannot_be_written_is_said_in_chinese(tmp_path, capsys):
    shutil.copy2(SAMPLES[0], tmp_path / SAMPLES[0].name)
    assert main(["check", str(tmp_path), "--report", str(tmp_path / "报告.docx")]) == 2
    assert "应以 .xlsx 结尾" in capsys.readouterr().err
    (tmp_path / "占用.xlsx").mkdir()
    assert main(["check", str(tmp_path / SAMPLES[0].name), "--report", str(tmp_path / "占用.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "无法写入检查报告“占用.xlsx”" in err and "Traceback" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_shown_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    folder = _folder(tmp_path)
    assert main(["check", str(folder)]) == 2
    assert "正在检查" not in capsys.readouterr().err
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["check", str(folder)]) == 2
    shown = terminal.getvalue()
    total = len(SAMPLES) + 1 + len(BROKEN)
    assert f"正在检查 1/{total}：" in shown and f"正在检查 {total}/{total}：" in shown
    screen = _screen(shown)                           # what the terminal shows at the end
    assert not any("正在检查" in line for line in screen)
    assert all(line.startswith(str(folder)) or line.startswith("共 ") for line in screen)
    assert len(screen) == total + 1


def _screen(written: str) -> list[str]:
    """The lines a terminal shows after ``written``: a carriage return goes back to the start of
    the line, and what follows overwrites it."""
    lines, line, at = [], [], 0
    for char in written:
        if char == "\r":
            at = 0
        elif char == "\n":
            lines.append("".join(line).rstrip())
            line, at = [], 0
        else:
            line[at:at + 1] = [char]
            at += 1
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return [x for x in lines if x]


def test_word_and_excel_forms_in_a_folder_are_checked_through_import(tmp_path, capsys):
    from desktop.export import export_docx, export_xlsx
    from desktop.importer import import_file

    doc = projectfile.load(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
    export_docx(doc, tmp_path / "鄂州.docx")
    export_xlsx(doc, tmp_path / "鄂州.xlsx")
    report = tmp_path / "报告.xlsx"
    assert main(["check", str(tmp_path), "--report", str(report)]) == 1
    out, err = capsys.readouterr()
    for name, kind in (("鄂州.docx", "Word"), ("鄂州.xlsx", "Excel")):
        imported = import_file(tmp_path / name).document
        found = check_all(imported)
        assert f"{tmp_path / name}: 鄂州市信访局，2024年，湖北 部门整体绩效目标表：（由 {kind} 表格导入，" in err
        assert len([line for line in out.splitlines() if line.startswith(f"{tmp_path / name}: ")]) == len(found)
    rows = list(load_workbook(report)["汇总"].iter_rows(values_only=True))[1:]
    assert [r[7].startswith("由 ") for r in rows] == [True, True]


def test_a_folder_without_any_file_to_check_says_so_and_exits_2(tmp_path, capsys):
    (tmp_path / "说明.txt").write_text("请查收", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "没有找到要检查的文件" in err and "另有 1 个其他文件" in err
