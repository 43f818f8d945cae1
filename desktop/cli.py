"""The command line: check and export project files, without Qt.

    python -m desktop check FILE…      list problems; exit 1 on any 错误, 2 if a file is unreadable
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
from pathlib import Path

from desktop.errors import ExportError, ProjectFileError
from desktop.export import export_docx, export_xlsx
from desktop.projectfile import load
from desktop.rules import Severity, check, counts, describe_location

EXIT_OK, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("check", "export")


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


def build_parser(prog: str = "python -m desktop", description: str = "预算绩效目标编辑器的命令行：检查与导出项目文件。",
                 extra_commands: dict[str, str] | None = None) -> argparse.ArgumentParser:
    """The Chinese parser for ``check`` and ``export``; ``extra_commands`` (name → help) adds
    commands without arguments that the caller runs itself (the self-test)."""
    parser = _Parser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", title="命令", parser_class=_Parser)
    check_cmd = commands.add_parser("check", help="检查项目文件：有错误时退出码为 1，文件无法读取时为 2")
    check_cmd.add_argument_group("参数").add_argument("files", nargs="+", type=Path, metavar="文件",
                                                     help="一个或多个 .jxmb 文件")
    export_cmd = commands.add_parser("export", help="导出 Word / Excel 表格")
    export_cmd.add_argument_group("参数").add_argument("file", type=Path, metavar="文件", help=".jxmb 文件")
    export_cmd.options.add_argument("--docx", type=Path, metavar="输出.docx", help="导出的 Word 文件")
    export_cmd.options.add_argument("--xlsx", type=Path, metavar="输出.xlsx", help="导出的 Excel 文件")
    for name, text in (extra_commands or {}).items():
        commands.add_parser(name, help=text)
    return parser


def tolerant_output() -> None:
    """A character the console or a redirected file's code page (GBK on Chinese Windows) lacks
    is shown as "?" instead of stopping the program."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def _check(files: list[Path]) -> int:
    worst = EXIT_OK
    for path in files:
        try:
            doc = load(path)
        except ProjectFileError as exc:
            print(f"{path}: {exc.message}", file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        problems = check(doc)
        prefix = f"{path.name}: " if len(files) > 1 else ""
        for problem in problems:
            print(f"{prefix}{problem.severity.value}\t{problem.rule}\t"
                  f"{describe_location(doc, problem.location)}\t{problem.message}")
        tally = counts(problems)
        print(f"{prefix}共 {len(problems)} 个问题：错误 {tally[Severity.ERROR]}，警告 {tally[Severity.WARNING]}，"
              f"提示 {tally[Severity.INFO]}", file=sys.stderr)
        if tally[Severity.ERROR] and worst == EXIT_OK:
            worst = EXIT_PROBLEMS
    return worst


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
    try:
        doc = load(path)
    except ProjectFileError as exc:
        print(f"{path}: {exc.message}", file=sys.stderr)
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


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Carry out a parsed ``check`` or ``export``; without a command, show the help (exit 2)."""
    if args.command == "check":
        return _check(args.files)
    if args.command == "export":
        return _export(args.file, args.docx, args.xlsx)
    parser.print_help()
    return EXIT_UNREADABLE


def main(argv: list[str], prog: str = "python -m desktop") -> int:
    tolerant_output()
    parser = build_parser(prog)
    return run(parser.parse_args(argv), parser)
