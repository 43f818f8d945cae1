"""``python -m ui selftest`` / ``jixiao-cli selftest``: prove a build works end to end.

Opens, checks and exports every bundled sample, reads each export back, then opens each
sample in the main window and closes it; with no display (a server, a CI runner) the window is
drawn offscreen. Prints one line per step; any failure goes to stderr and the exit code is 1.
The packaged build is smoke-tested with it.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from docx import Document as WordDocument
from openpyxl import load_workbook

from desktop.export import export_docx, export_xlsx
from desktop.projectfile import load
from desktop.resources import resource
from desktop.rules import check


def _exports(sample: Path, folder: Path) -> str:
    doc = load(sample)
    before = repr(doc)
    problems = check(doc)
    docx_path, xlsx_path = folder / f"{sample.stem}.docx", folder / f"{sample.stem}.xlsx"
    export_docx(doc, docx_path)
    export_xlsx(doc, xlsx_path)
    if repr(doc) != before:
        raise AssertionError("导出改变了文档")
    for path in (docx_path, xlsx_path):
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise AssertionError(f"{path.name} 已损坏")
    tables = len(WordDocument(str(docx_path)).tables)
    sheets = len(load_workbook(xlsx_path, read_only=True).sheetnames)
    return f"{sample.name}：{len(problems)} 个问题；Word {tables} 个表格，Excel {sheets} 个工作表"


def no_display(env: dict[str, str] | os._Environ[str] = os.environ, platform: str = sys.platform) -> bool:
    """True on Linux (or another X11/Wayland system) with no display and no Qt platform chosen,
    where Qt would abort (exit 134) with a misleading message about xcb-cursor0."""
    if platform in ("win32", "darwin") or env.get("QT_QPA_PLATFORM"):
        return False
    return not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


# What the offscreen platform says because it has no window system (a window's size hints, raising
# a window, grabbing the keyboard), which Windows and X11 all do: not a fault of the program.
_OFFSCREEN_LIMITS = re.compile(r"^This plugin does not support (propagateSizeHints|raise|grabbing)")


def _quiet_offscreen_platform() -> None:
    """Every Qt message on stderr as usual, but the offscreen platform's own limits."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode: object, _context: object, message: str) -> None:
        if not _OFFSCREEN_LIMITS.match(message):
            sys.stderr.write(message + "\n")
    qInstallMessageHandler(handler)


def _window(samples: list[Path]) -> str:
    from ui.app import create_application
    from ui.mainwindow import MainWindow

    offscreen = no_display()
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):     # chosen here or by the caller
        _quiet_offscreen_platform()
    app = create_application(sys.argv[:1])
    window = MainWindow()
    for sample in samples:
        if not window.open_file(sample):
            raise AssertionError(f"主窗口无法打开 {sample.name}")
        app.processEvents()
        if window.grab().isNull():
            raise AssertionError("主窗口无法绘制")
    window.close()
    app.processEvents()
    where = "（没有显示器，在后台绘制）" if offscreen else ""
    return f"主窗口{where}：依次打开 {len(samples)} 个样例并关闭"


def main() -> int:
    samples = sorted(resource("samples").glob("*.jxmb"))
    try:
        if not samples:
            raise AssertionError("找不到样例文件")
        with tempfile.TemporaryDirectory(prefix="jixiao-selftest-") as folder:
            for sample in samples:
                print(_exports(sample, Path(folder)), flush=True)
        print(_window(samples), flush=True)
    except Exception:  # noqa: BLE001 - the self-test reports whatever breaks
        print("自检失败：", file=sys.stderr)
        traceback.print_exc()
        return 1
    print("自检通过", flush=True)
    return 0
