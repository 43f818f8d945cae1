"""An export run from the window: a Chinese progress dialog with a cancel button for any export
that takes longer than a second, the busy cursor always given back, every failure in Chinese.

The export runs in the window's thread: the domain reports each row through a plain
``progress(done, total)`` callback (it knows nothing of Qt), and the callback keeps the window
alive. Until the dialog shows, events are not processed at all, so nothing can change the
document or start a second export; once it shows it is application-modal, so only its cancel
button (or Esc, or its close button) can be used. A cancel stops before anything is written.

After an export the status bar offers 打开文件 and 打开所在文件夹, through the system
(``QDesktopServices``: Word, WPS or Excel, the file manager), never a shell command.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QProgressDialog, QPushButton, QToolButton, QWidget

from desktop.errors import ExportError
from desktop.export import ExportCancelled, Progress
from desktop.model import Document
from ui import dialogs
from ui.settings import profile_dir

DONE, CANCELLED, FAILED = "done", "cancelled", "failed"
SHOW_AFTER = 1.0        # seconds an export runs before the progress dialog shows
_PUMP_EVERY = 0.05      # seconds between two rounds of events while the dialog shows
_STEPS = 1000           # the dialog's bar, whatever the number of rows

clock: Callable[[], float] = time.monotonic

Writer = Callable[[Document, Path, Progress | None], None]


class _Progress:
    """The domain's ``progress`` callback: shows the dialog after ``SHOW_AFTER`` and answers its cancel."""

    def __init__(self, parent: QWidget, label: str) -> None:
        self.parent = parent
        self.label = label
        self.started = clock()
        self.pumped = self.started
        self.dialog: QProgressDialog | None = None

    def __call__(self, done: int, total: int) -> bool:
        now = clock()
        if self.dialog is None:
            if now - self.started < SHOW_AFTER:
                return True
            self.dialog = self._show()
        elif now - self.pumped < _PUMP_EVERY and done < total - 1:
            return not self.dialog.wasCanceled()
        self.pumped = now
        self.dialog.setValue(min(_STEPS - 1, _STEPS * done // max(1, total)))
        if done >= total - 1:
            self.dialog.setLabelText(self.label + "\n正在生成文件…")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        return not self.dialog.wasCanceled()

    def _show(self) -> QProgressDialog:
        dialog = QProgressDialog(self.label, "取消", 0, _STEPS, self.parent)
        dialog.setWindowTitle("导出")
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.show()
        QApplication.changeOverrideCursor(Qt.CursorShape.BusyCursor)   # the cancel button can be clicked
        return dialog

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


def run_export(parent: QWidget, writer: Writer, doc: Document, path: Path, kind: str) -> str:
    """Write ``doc`` to ``path`` with ``writer`` (``kind``: Word or Excel); DONE, CANCELLED or
    FAILED (the Chinese message has been shown). The document is only read."""
    progress = _Progress(parent, f"正在导出 {kind} 文件“{path.name}”…")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        writer(doc, path, progress)
    except ExportCancelled:
        return CANCELLED
    except ExportError as exc:
        if exc.__cause__ is not None and not isinstance(exc.__cause__, OSError):
            _log(exc.__cause__)
        failure = exc.message
    except Exception as exc:    # a defect: the clerk still gets a Chinese sentence, the details a log
        log = _log(exc)
        failure = (f"无法导出“{path.name}”：出现了意外的错误。没有写入任何文件，文档也没有改动。"
                   + (f"\n错误详情已记录在：{log}" if log else ""))
    else:
        return DONE
    finally:
        progress.close()
        QApplication.restoreOverrideCursor()
    dialogs.show_error(parent, "导出失败", failure)
    return FAILED


def _log(error: BaseException) -> Path | None:
    """Append the traceback to the profile's error log; the log's path, or None if it cannot be written."""
    log = profile_dir() / "error.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as stream:
            stream.write(f"\n[{datetime.now():%Y-%m-%d %H:%M:%S}] 导出\n")
            stream.write("".join(traceback.format_exception(error)))
    except OSError:
        return None
    return log


def free_name(path: Path) -> Path:
    """``path``, or ``name (2).docx``… when a file of that name is already there (open in Word, say)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
    return candidate


def open_url(parent: QWidget, url: QUrl, name: str) -> bool:
    """Open a file or folder with the program the system gives it (Word, WPS, the file manager);
    False, after a Chinese message, when the system has none."""
    if QDesktopServices.openUrl(url):
        return True
    dialogs.show_error(parent, "无法打开", f"系统没有能打开“{name}”的程序。文件已保存在：{url.toLocalFile()}")
    return False


class ExportedBar(QWidget):
    """In the status bar after an export: the file's name, 打开文件 and 打开所在文件夹."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.open_file = QPushButton("打开文件")
        self.open_file.setToolTip("用 Word、WPS 或 Excel 打开导出的文件")
        self.open_folder = QPushButton("打开所在文件夹")
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("不再显示")
        for widget in (self.label, self.open_file, self.open_folder, self.close_button):
            row.addWidget(widget)
        self.open_file.clicked.connect(self._open_file)
        self.open_folder.clicked.connect(self._open_folder)
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_file(self, path: Path) -> None:
        self.path = path
        self.label.setText(f"已导出“{path.name}”")
        self.label.setToolTip(str(path))
        self.show()

    def _open_file(self) -> None:
        if self.path is not None:
            open_url(self.window(), QUrl.fromLocalFile(str(self.path)), self.path.name)

    def _open_folder(self) -> None:
        if self.path is not None:
            open_url(self.window(), QUrl.fromLocalFile(str(self.path.parent)), self.path.parent.name)
