"""The command line: check, export, import and carry project files into next year, without Qt.

    python -m desktop check FILE|FOLDER… [--report 报告.xlsx]
                                       list problems; exit 1 on any 错误, 2 if a file is unreadable;
                                       a folder is walked (.jxmb, and .docx/.xlsx through import);
                                       --report writes a summary workbook
    python -m desktop next-year FILE -o OUT.jxmb [--clear-amounts] [--no-draft]
                                       next year's document (the old file is not touched)
    python -m desktop import FILE.docx|FILE.xlsx -o OUT.jxmb [--family ID]
                                       a Word or Excel form read into a document, with its report
    python -m desktop export FILE --docx OUT.docx --xlsx OUT.xlsx
                                       write the official forms (either or both); exit 2 if a file
                                       cannot be read or written; 错误 are reported, not refused

The program's own entry point, ``ui/__main__.py`` (``python -m ui``, ``jixiao-cli``), sits above
both layers: it chooses between the window and this command line, and adds ``selftest``. The
domain never reaches up into ``ui/``.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import ExportError, ProjectFileError, UserFacingError, describe_os_error
from desktop.export import export_docx, export_xlsx
from desktop.families import families, family, family_errors
from desktop.model import Document
from desktop.nextyear import check_all, next_year
from desktop.projectfile import SUFFIX, load, save
from desktop.report import FileResult, ReportError, unit_of, write_report
from desktop.rules import Severity, check, counts, describe_location

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("check", "export", "next-year", "import")
FORM_SUFFIXES = (".docx", ".xlsx")                       # read through import
OLD_FORMATS = {".doc": "Word", ".wps": "WPS 文字", ".xls": "Excel", ".et": "WPS 表格"}


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: usage errors and help (its own words are English)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(formatter_class=_Formatter, add_help=False, **kwargs)  # type: ignore[arg-type]
        self.options = self.add_argument_group("选项")
        self.options.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write("命令行参数有误。" + self.format_usage())
        raise SystemExit(EXIT_UNREADABLE)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


def build_parser(prog: str = "python -m desktop", description: str = "预算绩效目标编辑器的命令行：检查、导出、导入项目文件，新建下一年度文档。",
                 extra_commands: dict[str, str] | None = None) -> argparse.ArgumentParser:
    """The Chinese parser for ``check`` and ``export``; ``extra_commands`` (name → help) adds
    commands without arguments that the caller runs itself (the self-test)."""
    parser = _Parser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", title="命令", parser_class=_Parser)
    check_cmd = commands.add_parser("check", help="检查项目文件或文件夹：有错误时退出码为 1，文件无法读取时为 2")
    check_cmd.add_argument_group("参数").add_argument(
        "files", nargs="+", type=Path, metavar="文件或文件夹",
        help="一个或多个 .jxmb 文件，或文件夹（含子文件夹中的 .jxmb、.docx、.xlsx）")
    check_cmd.options.add_argument("--report", type=Path, metavar="报告.xlsx",
                                   help="另把检查结果写成 Excel 报告：汇总表和问题清单")
    export_cmd = commands.add_parser("export", help="导出 Word / Excel 表格")
    export_cmd.add_argument_group("参数").add_argument("file", type=Path, metavar="文件", help=".jxmb 文件")
    export_cmd.options.add_argument("--docx", type=Path, metavar="输出.docx", help="导出的 Word 文件")
    export_cmd.options.add_argument("--xlsx", type=Path, metavar="输出.xlsx", help="导出的 Excel 文件")
    next_cmd = commands.add_parser("next-year", help="由本年度文档新建下一年度文档（原文件不改动）")
    next_cmd.add_argument_group("参数").add_argument("file", type=Path, metavar="文件", help="本年度的 .jxmb 文件")
    next_cmd.options.add_argument("-o", "--output", type=Path, required=True, metavar="输出.jxmb",
                                  help="新年度文档的文件名")
    next_cmd.options.add_argument("--clear-amounts", action="store_true",
                                  help="清空各项金额（默认保留本年金额作为新年度的初始值）")
    next_cmd.options.add_argument("--no-draft", action="store_true", help="不标注“草案”（默认在有草案标记的表式中标注）")
    import_cmd = commands.add_parser("import", help="把 Word / Excel 表格导入为项目文件，并列出未能放入的内容")
    import_cmd.add_argument_group("参数").add_argument("file", type=Path, metavar="文件", help=".docx 或 .xlsx 文件")
    import_cmd.options.add_argument("-o", "--output", type=Path, required=True, metavar="输出.jxmb",
                                    help="导入后保存的项目文件")
    import_cmd.options.add_argument("--family", metavar="表式", help="文件同样符合几种表式时，指定其中一种（表式编号）")
    for name, text in (extra_commands or {}).items():
        commands.add_parser(name, help=text)
    return parser


def tolerant_output() -> None:
    """A character the console or a redirected file's code page (GBK on Chinese Windows) lacks
    is shown as "?" instead of stopping the program."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


# ---------------------------------------------------------------- check

class _Progress:
    """``正在检查 12/200：name`` on one line of a terminal's stderr, cleared before other output;
    nothing when stderr is redirected (a log file gets no carriage returns)."""

    def __init__(self, total: int) -> None:
        stream = sys.stderr
        self.on = total > 1 and stream is not None and hasattr(stream, "isatty") and stream.isatty()
        self.total = total
        self.width = 0

    def show(self, done: int, name: str) -> None:
        if not self.on:
            return
        text = f"正在检查 {done}/{self.total}：{name}"
        while _width(text) > 70:
            text = text[:-2]
        self.clear()
        sys.stderr.write(text)
        sys.stderr.flush()
        self.width = _width(text)

    def clear(self) -> None:
        if self.on and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
            self.width = 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _walk(folder: Path, skipped: list[Path], unreadable: list[FileResult]) -> Iterator[Path]:
    """The files of ``folder`` and its subfolders that a check reads or names (``.jxmb``, the
    forms, the old formats), in name order; any other file is counted in ``skipped``."""
    def failed(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        unreadable.append(FileResult(where, str(where), error=describe_os_error(error, where, "读取文件夹")))

    for root, dirs, names in os.walk(folder, onerror=failed):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            suffix = path.suffix.lower()
            if name.startswith("~$"):          # the lock file Word or Excel keeps beside an open file
                skipped.append(path)
            elif suffix == SUFFIX or suffix in FORM_SUFFIXES or suffix in OLD_FORMATS:
                yield path
            else:
                skipped.append(path)


def _import_form(path: Path) -> tuple[Document | None, str]:
    """A .docx or .xlsx read through import: (document, what the import says) or (None, why
    it was not read)."""
    try:
        from desktop.importer import import_file
    except ImportError:
        return None, ("未检查：本版本还不能读取 Word / Excel 文件。请在编辑器中打开对应的 .jxmb 文件，"
                      "或检查导出前的项目文件。")
    try:
        result = import_file(path)
    except UserFacingError as exc:
        return None, exc.message
    except Exception:              # a defect of the importer on an odd file: never stop the run
        return None, "无法读取：读取这个文件时出现意外错误，请用编辑器的“导入”打开它查看。"
    placed, total = getattr(result, "placed", None), getattr(result, "total", None)
    note = f"由 {'Word' if path.suffix.lower() == '.docx' else 'Excel'} 表格导入"
    if isinstance(placed, int) and isinstance(total, int) and total:
        left = total - placed
        note += f"，{total} 处内容中 {left} 处未能放入，请用编辑器导入查看" if left else f"，{total} 处内容全部放入"
    return result.document, note


def _read(path: Path) -> FileResult:
    suffix = path.suffix.lower()
    shown = str(path)
    if suffix in OLD_FORMATS:
        return FileResult(path, shown, error=(
            f"未检查：这是旧版 {OLD_FORMATS[suffix]} 文件（{suffix}）。请在 Word、Excel 或 WPS 中打开，"
            f"另存为 {'.docx' if suffix in ('.doc', '.wps') else '.xlsx'} 后再检查。"))
    note = ""
    if suffix in FORM_SUFFIXES:
        found, note = _import_form(path)
        if found is None:
            return FileResult(path, shown, error=note)
        doc = found
    else:
        try:
            doc = load(path)
        except ProjectFileError as exc:
            return FileResult(path, shown, error=exc.message)
    try:
        problems = check_all(doc)
    except Exception:                          # a file the checker cannot take: never stop the run
        return FileResult(path, shown, error="无法检查：检查这个文件时出现意外错误。请用编辑器打开它查看。")
    return FileResult(path, shown, doc=doc, problems=problems, note=note)


def _describe(result: FileResult) -> str:
    doc = result.doc
    assert doc is not None
    unit = unit_of(doc) or "（未填单位名称）"
    return f"{unit}，{doc.year}年，{family(doc.family).name}"


def _check(paths: list[Path], report: Path | None = None) -> int:
    if report is not None:
        if report.suffix.lower() != ".xlsx":
            print(f"检查报告的文件名应以 .xlsx 结尾：“{report}”。请改正后重试。", file=sys.stderr)
            return EXIT_UNREADABLE
    skipped: list[Path] = []
    results: list[FileResult] = []
    files: list[Path] = []
    folders = False
    for path in paths:
        if path.is_dir():
            folders = True
            files.extend(p for p in _walk(path, skipped, results)
                         if report is None or not _same_file(p, report))
        else:
            files.append(path)
    many = len(files) > 1 or folders
    progress = _Progress(len(files))
    for n, path in enumerate(files, 1):
        progress.show(n, path.name)
        result = _read(path)
        if not folders:
            result.shown = path.name if many else str(path)
        results.append(result)
        progress.clear()
        _print_result(result, many)
    progress.clear()
    if many:
        _print_total(results, skipped)
    worst = EXIT_OK
    if not results:
        print("没有找到要检查的文件（.jxmb、.docx、.xlsx）。", file=sys.stderr)
        worst = EXIT_UNREADABLE
    elif any(r.doc is None for r in results):
        worst = EXIT_UNREADABLE
    elif any(counts(r.problems)[Severity.ERROR] for r in results):
        worst = EXIT_PROBLEMS
    if report is not None:
        try:
            write_report(results, report)
        except ReportError as exc:
            print(exc.message, file=sys.stderr)
            return EXIT_UNREADABLE
        print(f"已写入检查报告：{report}", file=sys.stderr)
    return worst


def _print_result(result: FileResult, many: bool) -> None:
    prefix = f"{result.shown}: " if many else ""
    if result.doc is None:
        print(f"{result.shown}: {result.error}", file=sys.stderr)
        return
    doc = result.doc
    for problem in result.problems:
        print(f"{prefix}{problem.severity.value}\t{problem.rule}\t"
              f"{describe_location(doc, problem.location)}\t{problem.message}")
    tally = counts(result.problems)
    about = f"{_describe(result)}：" if many else ""
    if result.note:
        about = f"{about}（{result.note}）"
    print(f"{prefix}{about}共 {len(result.problems)} 个问题：错误 {tally[Severity.ERROR]}，"
          f"警告 {tally[Severity.WARNING]}，提示 {tally[Severity.INFO]}", file=sys.stderr)


def _print_total(results: list[FileResult], skipped: list[Path]) -> None:
    read = [r for r in results if r.doc is not None]
    tally = counts(p for r in read for p in r.problems)
    with_errors = sum(1 for r in read if counts(r.problems)[Severity.ERROR])
    line = (f"共 {len(results)} 个文件：已检查 {len(read)} 个，其中 {with_errors} 个有错误；"
            f"{len(results) - len(read)} 个未能读取。问题合计：错误 {tally[Severity.ERROR]}，"
            f"警告 {tally[Severity.WARNING]}，提示 {tally[Severity.INFO]}")
    if skipped:
        line += f"。另有 {len(skipped)} 个其他文件（不是项目文件或表格）未检查"
    print(line, file=sys.stderr)


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: same resolved path (any case on Windows), or a link."""
    if os.path.normcase(a.resolve()) == os.path.normcase(b.resolve()):
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:          # either does not exist (yet)
        return False


def _output_refused(source: Path, outputs: list[tuple[Path, str, str]]) -> str:
    """Why an output must not be written (it is the project itself, or has the wrong suffix); "" if none."""
    for target, suffix, kind in outputs:
        if _same_file(target, source):
            return f"不能导出到“{target}”：这就是要导出的项目文件，导出会覆盖它。请换一个输出文件名。"
        if target.suffix.lower() != suffix:
            return f"{kind} 输出文件的名称应以 {suffix} 结尾：“{target}”。请改正后重试。"
    return ""


def _export(path: Path, docx: Path | None, xlsx: Path | None) -> int:
    if docx is None and xlsx is None:
        print("请用 --docx 或 --xlsx 指定至少一个输出文件。", file=sys.stderr)
        return EXIT_UNREADABLE
    outputs = [(target, suffix, kind) for target, suffix, kind in ((docx, ".docx", "Word"), (xlsx, ".xlsx", "Excel"))
               if target is not None]
    refused = _output_refused(path, outputs)
    if refused:
        print(refused, file=sys.stderr)
        return EXIT_UNREADABLE
    doc = _opened(path)
    if doc is None:
        return EXIT_UNREADABLE
    errors = counts(check(doc))[Severity.ERROR]
    if errors:
        print(f"警告：{path.name} 有 {errors} 个错误（可用 check 命令查看），仍按原样导出。", file=sys.stderr)
    result = EXIT_OK
    for target, export, kind in ((docx, export_docx, "Word"), (xlsx, export_xlsx, "Excel")):
        if target is None:
            continue
        try:
            export(doc, target)
        except ExportError as exc:
            print(exc.message, file=sys.stderr)
            result = EXIT_UNREADABLE
        else:
            print(f"已导出 {kind} 文件：{target}")
    return result


# ---------------------------------------------------------------- next year

def _next_year(path: Path, output: Path, keep_amounts: bool, draft: bool | None) -> int:
    if _same_file(output, path):
        print(f"不能写到“{output}”：这就是本年度的文件，新年度文档要另存为一个新文件。请换一个输出文件名。",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if output.suffix.lower() != SUFFIX:
        print(f"新年度文档的文件名应以 {SUFFIX} 结尾：“{output}”。请改正后重试。", file=sys.stderr)
        return EXIT_UNREADABLE
    doc = _opened(path)
    if doc is None:
        return EXIT_UNREADABLE
    made = next_year(doc, keep_amounts=keep_amounts, draft=draft)
    return _saved(made.doc, output, made.summary())


def _opened(path: Path) -> Document | None:
    """The project file a command works on, or None after saying on stderr why it cannot be read."""
    try:
        return load(path)
    except ProjectFileError as exc:
        print(f"{path}: {exc.message}", file=sys.stderr)
        return None


def _saved(doc: Document, output: Path, summary: str) -> int:
    """Save a document the command made, then say what it is and where it went."""
    try:
        save(doc, output)
    except ProjectFileError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_UNREADABLE
    print(summary)
    print(f"已保存：{output}")
    return EXIT_OK


# ---------------------------------------------------------------- import

def _import(path: Path, output: Path, family_id: str | None) -> int:
    if output.suffix.lower() != SUFFIX:
        print(f"导入后保存的文件名应以 {SUFFIX} 结尾：“{output}”。请改正后重试。", file=sys.stderr)
        return EXIT_UNREADABLE
    if _same_file(output, path):
        print(f"不能写到“{output}”：这就是要导入的文件。请换一个输出文件名。", file=sys.stderr)
        return EXIT_UNREADABLE
    from desktop.importer import import_file

    try:
        result = import_file(path)
    except UserFacingError as exc:
        print(f"{path}: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    fits = tuple(result.candidates) or (result.family,)
    if family_id is not None and family_id != result.family:
        if family_id not in result.alternatives:
            named = "、".join(f"{i}（{families()[i].name}）" for i in fits)
            print(f"这个文件不符合表式“{family_id}”。它符合的表式：{named}。", file=sys.stderr)
            return EXIT_UNREADABLE
        result = result.alternatives[family_id]
    elif len(fits) > 1:
        named = "、".join(f"{i}（{families()[i].name}）" for i in fits)
        print(f"这个文件同样符合几种表式，已按“{families()[result.family].name}”导入；"
              f"要用另一种，请加 --family 表式编号：{named}。", file=sys.stderr)
    return _saved(result.document, output, result.report())


def _family_warnings() -> None:
    """Each family file that was left out, on stderr: a clerk's form that did not load is named."""
    for message in family_errors():
        print(f"注意：{message}；这个表式没有使用。", file=sys.stderr)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Carry out a parsed command; without a command, show the help (exit 2)."""
    _family_warnings()
    if args.command == "check":
        return _check(args.files, args.report)
    if args.command == "import":
        return _import(args.file, args.output, args.family)
    if args.command == "next-year":
        return _next_year(args.file, args.output, not args.clear_amounts, False if args.no_draft else None)
    if args.command == "export":
        return _export(args.file, args.docx, args.xlsx)
    parser.print_help()
    return EXIT_UNREADABLE


def main(argv: list[str], prog: str = "python -m desktop") -> int:
    tolerant_output()
    parser = build_parser(prog)
    return run(parser.parse_args(argv), parser)
