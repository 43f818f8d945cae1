"""Application set-up and the start of the window (``python -m ui [FILE…]``)."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop.resources import resource
from ui.autosave import leftovers
from ui.mainwindow import APP_NAME, MainWindow
from ui.settings import profile_dir

_translators: list[QTranslator] = []


def setup_application(app: QApplication) -> None:
    """Chinese Qt dialogs and buttons, the app's name and icon. Safe to call more than once."""
    app.setApplicationName("jixiao")
    app.setApplicationDisplayName(APP_NAME)
    app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if _translators:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _translators.append(translator)


def create_application(argv: list[str]) -> QApplication:
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    setup_application(app)
    return app


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _write_log(text: str) -> Path | None:
    """Append ``text`` to ``error.log`` in the profile (or, failing that, the temporary folder);
    the log's path, or None if neither could be written."""
    for folder in (profile_dir(), Path(tempfile.gettempdir())):
        log = folder / ("error.log" if folder == profile_dir() else "jixiao-error.log")
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8", errors="backslashreplace") as stream:
                stream.write(f"\n[{datetime.now():%Y-%m-%d %H:%M:%S}]\n{text}")
            return log
        except OSError:
            continue
    return None


def _say(text: str) -> None:
    """Last resort: the console, if the program has one (a windowed program may have no stderr)."""
    stream = sys.stderr or sys.__stderr__
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        stream.flush()
    except (OSError, ValueError, UnicodeError):
        pass


def _report_unexpected(window: MainWindow) -> ExceptHook:
    """An unexpected error is logged and shown in Chinese; the document is autosaved, the program lives on.

    Nothing in here may fail silently: an error while autosaving or showing the dialog is logged
    too, the clerk still gets a Chinese message (on the console if no dialog can be shown), and
    an error raised while the dialog is open is logged without a second dialog.
    """
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        try:
            log = _write_log("".join(traceback.format_exception(kind, error, tb)))
            if showing:
                return
            showing = True
            try:
                saved = False
                try:
                    saved = window.autosaver.save_now() or window.autosaver.copy_path.exists()
                except BaseException as inner:    # noqa: BLE001 - the hook must go on to tell the clerk
                    log = _write_log("自动备份时出错：\n" + "".join(traceback.format_exception(inner))) or log
                message = ("程序遇到了意外的错误，刚才的操作可能没有完成。"
                           + ("当前文档已自动备份，" if saved else "当前文档没能自动备份，")
                           + "请保存文档后重新启动程序。"
                           + (f"\n错误详情已记录在：{log}" if log else ""))
                try:
                    from PySide6.QtWidgets import QMessageBox

                    QMessageBox.critical(window, "程序出错", message)
                except BaseException as inner:    # noqa: BLE001
                    _write_log("显示出错提示时出错：\n" + "".join(traceback.format_exception(inner)))
                    _say(message)
            finally:
                showing = False
        except BaseException:                     # noqa: BLE001 - a hook that raises is silent
            _say("程序遇到了意外的错误，请保存文档后重新启动程序。")

    return hook


def open_given(window: MainWindow, files: Sequence[str]) -> None:
    """The first steps of a start: recovery, then the first of ``files`` (one document at a time).
    Files given but not opened (several dropped on the program's icon) are named in the status bar."""
    if window.offer_recovery():     # the recovered document comes first
        waiting, reason = list(files), "已恢复自动保存的副本，请检查后保存"
    else:
        waiting, reason = list(files[1:]), "一次只打开一个文件"
        if files:
            window.open_file(Path(files[0]))
    if waiting:     # what to do first, the names last: a narrow status bar cuts the end
        names = "、".join(f"“{Path(name).name}”" for name in waiting)
        window.statusBar().showMessage(f"{reason}，另有 {len(waiting)} 个文件未打开（可从「文件 › 打开」逐个打开）：{names}")


# Set by tests/bench.py, which times whole starts: the program quits as soon as its window is
# drawn with the first file open ("settled": once what the start left for later is done too).
QUIT_WHEN_SHOWN = "JIXIAO_QUIT_WHEN_SHOWN"
SETTLED = "settled"


def main(files: Sequence[str] = ()) -> int:
    """Start the editor on the first of ``files``; offers recovery after a crash.

    Without a copy to recover the file is opened before the window is shown, so that the first
    paint is the document's (not the start page's, made, laid out and drawn for nothing); a
    message about the file then comes before the window. Recovery asks over the shown window.
    """
    app = create_application(sys.argv[:1])
    window = MainWindow()
    sys.excepthook = _report_unexpected(window)
    quit_when = os.environ.get(QUIT_WHEN_SHOWN)
    if quit_when:
        (window.settled if quit_when == SETTLED else window.drawn).connect(QApplication.quit)
    if files and not leftovers(profile_dir()):
        open_given(window, files)
        window.show()
    else:
        window.show()
        QTimer.singleShot(0, lambda: open_given(window, files))
    return app.exec()
