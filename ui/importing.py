"""文件 › 导入 Word/Excel…: a clerk's own Word or Excel form read into a new, unsaved document.

The clerk picks a file; the import (``desktop.importer``) reads it through the form families;
a report names the form it was read as (a choice when two fit), how much of the file went into
the document, and every cell or paragraph that did not, with where it is in the file. 打开为新文档
opens the result as an unsaved document (the file itself is never changed); the live checker
then runs as usual. ``install(window)`` adds the action to a ``MainWindow``'s 文件 menu.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserFacingError
from desktop.families import families
from ui import dialogs
from ui.session import EditSession

if TYPE_CHECKING:
    from desktop.importer import ImportResult
    from ui.mainwindow import MainWindow


def import_file(path: Path) -> ImportResult:
    """``desktop.importer.import_file``, imported on the first import (lxml and every family's
    patterns are not needed to start the editor)."""
    from desktop.importer import import_file as read

    return read(path)

FILE_FILTER = "Word 或 Excel 表格 (*.docx *.xlsx);;Word 文档 (*.docx);;Excel 工作簿 (*.xlsx);;所有文件 (*)"
ACTION_TEXT = "导入 Word/Excel(&I)…"


class ImportReport(QDialog):
    """What the import read: the form, the share placed, each cell not placed and where it was."""

    def __init__(self, parent: QWidget | None, path: Path, result: ImportResult, *, opened: bool = False) -> None:
        """``opened``: the document is open already; the report stays beside it to work from."""
        super().__init__(parent)
        self.setWindowTitle(f"导入报告 — {path.name}")
        self.resize(760, 520)
        self.path = path
        self.results = {result.family: result, **result.alternatives}
        layout = QVBoxLayout(self)
        self.choice: QComboBox | None = None
        if result.candidates and not opened:
            row = QHBoxLayout()
            row.addWidget(QLabel("这个文件符合不止一种表式，请选择："))
            self.choice = QComboBox()
            for family_id in result.candidates:
                self.choice.addItem(families()[family_id].name, family_id)
            self.choice.currentIndexChanged.connect(self._show)
            row.addWidget(self.choice, 1)
            layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.entries = QListWidget()
        self.entries.setWordWrap(True)
        self.entries.setAlternatingRowColors(True)
        layout.addWidget(self.entries, 1)
        hint = QLabel("已作为未保存的新文档打开，原文件没有改动。可以一边对照本报告一边补录；"
                      "右侧的检查会照常列出需要补充或核对的地方。" if opened else
                      "打开后是一份未保存的新文档，原文件不会改动；右侧的检查会照常列出需要补充或核对的地方。")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox()
        self.open_button = None if opened else buttons.addButton("打开为新文档", QDialogButtonBox.ButtonRole.AcceptRole)
        copy = QPushButton("复制报告")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("关闭" if opened else "取消", QDialogButtonBox.ButtonRole.RejectRole)
        copy.clicked.connect(self._copy)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show()

    @property
    def result(self) -> ImportResult:
        family_id = self.choice.currentData() if self.choice is not None else next(iter(self.results))
        return self.results[family_id]

    def _show(self) -> None:
        result = self.result
        notes = [e for e in result.entries if not e.place]
        self.summary.setText("\n".join(e.text for e in notes))
        self.entries.clear()
        for entry in result.entries:
            if entry.place:
                item = QListWidgetItem(entry.line())
                item.setToolTip(entry.text)
                self.entries.addItem(item)
        if not self.entries.count():
            self.entries.addItem("（没有未放入的内容）")

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.path}\n{self.result.report()}")


def choose_file(window: QWidget) -> Path | None:
    folder = getattr(getattr(window, "settings", None), "last_folder", "") or ""
    chosen, _ = QFileDialog.getOpenFileName(window, "导入 Word 或 Excel 表格", folder, FILE_FILTER)
    return Path(chosen) if chosen else None


def read(window: QWidget, path: Path) -> ImportResult | None:
    """The import of ``path`` with the busy cursor, or None after a Chinese message."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return import_file(path)
    except UserFacingError as error:
        QApplication.restoreOverrideCursor()
        dialogs.show_error(window, "无法导入", error.message)
        return None
    except Exception:              # a defect on an odd file: a sentence, never a traceback
        QApplication.restoreOverrideCursor()
        dialogs.show_error(window, "无法导入", f"读取“{path.name}”时出现意外错误，没有导入任何内容。"
                           "请把这个文件发给技术支持。当前文档没有改动。")
        return None
    finally:
        if QApplication.overrideCursor() is not None:
            QApplication.restoreOverrideCursor()


def import_into(window, path: Path | None = None, report: type[ImportReport] = ImportReport) -> bool:
    """The whole 导入 step; True when the imported document was opened."""
    path = path or choose_file(window)
    if path is None:
        return False
    result = read(window, path)
    if result is None:
        return False
    dialog = report(window, path, result)
    window.import_report = dialog          # kept for the window's lifetime (and for tests)
    if not dialog.exec():
        return False
    chosen = dialog.result
    if not window.close_document():
        return False
    stem = path.stem
    window.show_session(EditSession(chosen.document, name=lambda _d: f"{stem}（导入，未保存）"))
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(f"已从“{path.name}”导入：放入 {chosen.placed}/{chosen.total} 处内容。"
                             "请核对后保存。", 10000)
    if any(e.place for e in chosen.entries):       # what is left to type: the report stays beside it
        beside = ImportReport(window, path, chosen, opened=True)
        beside.setModal(False)
        window.import_report = beside
        beside.show()
    return True


def install(window: MainWindow) -> QAction:
    """Add 文件 › 导入 Word/Excel… to ``window`` (after 打开), and return the action."""
    action = QAction(ACTION_TEXT, window)
    action.setStatusTip("读取 Word 或 Excel 格式的绩效目标表，作为新文档打开")
    action.triggered.connect(lambda _=False: import_into(window))
    window.act_import = action      # type: ignore[attr-defined]
    window.add_tool_action(window.file_menu, action, after=window.act_open)
    return action
