"""The folder check's report: one workbook with a summary sheet and every problem of every file.

``汇总`` has one row per file (文件, 单位, 年度, 表式, 错误, 警告, 提示, 说明: why a file was not
read); ``问题`` one row per problem, its place in the form's words. openpyxl is imported only
when a report is written, so ``check`` without ``--report`` does not load it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from desktop.atomic import write_atomic
from desktop.errors import UserFacingError, describe_os_error
from desktop.families import family
from desktop.model import Document
from desktop.rules import Problem, Severity, counts, describe_location
from desktop.text import clean_text

SUMMARY_HEADERS = ("文件", "单位", "年度", "表式", "错误", "警告", "提示", "说明")
PROBLEM_HEADERS = ("文件", "单位", "严重程度", "位置", "问题", "建议", "规则")
_WIDTHS = {"汇总": (40, 28, 8, 30, 7, 7, 7, 60), "问题": (40, 28, 9, 50, 60, 36, 18)}
_CELL_LIMIT = 32_767          # characters an Excel cell holds


class ReportError(UserFacingError):
    """The report could not be written; the checked files are untouched."""


@dataclass
class FileResult:
    """One checked file: its document and problems, or why it was not read (``error``)."""

    path: Path
    shown: str                          # the file as the command line names it
    doc: Document | None = None
    problems: list[Problem] = field(default_factory=list)
    error: str = ""
    note: str = ""                      # how it was read (an imported form: what was placed)


def unit_of(doc: Document) -> str:
    """The submitting unit's name: each department's value of the ``unit_name`` role, joined."""
    owner = family(doc.family).department
    key = owner.by_role("unit_name") if owner is not None else None
    if key is None:
        return ""
    names = [str(d.values.get(key.key) or "").strip() for d in doc.departments]
    return "、".join(n for n in names if n)


def _cell(value: object) -> object:
    if isinstance(value, str):
        text = clean_text(value)
        return text if len(text) <= _CELL_LIMIT else text[:_CELL_LIMIT - 1] + "…"
    return value


def build_report(results: list[FileResult]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    problems = book.create_sheet("问题")
    summary.append(SUMMARY_HEADERS)
    problems.append(PROBLEM_HEADERS)
    for result in results:
        doc = result.doc
        if doc is None:
            summary.append([_cell(result.shown), "", None, "", None, None, None, _cell(result.error)])
            continue
        unit = unit_of(doc)
        tally = counts(result.problems)
        summary.append([_cell(result.shown), _cell(unit), doc.year, family(doc.family).name,
                        tally[Severity.ERROR], tally[Severity.WARNING], tally[Severity.INFO], _cell(result.note)])
        for problem in result.problems:
            problems.append([_cell(result.shown), _cell(unit), problem.severity.value,
                             _cell(describe_location(doc, problem.location)), _cell(problem.message),
                             _cell(problem.hint), problem.rule])
    bold = Font(name="宋体", bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet in (summary, problems):
        for i, width in enumerate(_WIDTHS[sheet.title], 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        for cell in sheet[1]:
            cell.font = bold
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def write_report(results: list[FileResult], path: Path) -> None:
    """Write the report atomically; raises ``ReportError`` with a Chinese message."""
    path = Path(path)
    data = build_report(results)
    try:
        write_atomic(path, lambda stream: stream.write(data))
    except OSError as exc:
        raise ReportError(describe_os_error(exc, path, "写入检查报告")) from exc
    except ValueError as exc:       # a name the system cannot take (an embedded null byte)
        raise ReportError(f"无法写入检查报告“{clean_text(path.name)}”：无法在这个位置用这个名称写入文件。"
                          "请换一个文件名或位置后重试。") from exc
