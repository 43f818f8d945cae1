"""What the centre shows when no document is open: 新建, 打开, the recent files and the samples.

The page is made the first time it is shown: a start on a file never shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget


class StartPage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    fileRequested = Signal(str)    # also a sample's path
    helpRequested = Signal()

    def __init__(self, samples: Callable[[], list[tuple[str, Path]]], parent: QWidget | None = None) -> None:
        """``samples``: the (label, path) pairs of the bundled samples, asked for when first shown."""
        super().__init__(parent)
        self._samples = samples
        self._recent: tuple[list[str], dict[str, str] | None] = ([], None)
        self._built = False

    def build(self) -> None:
        """Make the page (once)."""
        if self._built:
            return
        self._built = True
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 48, 48, 48)
        title = QLabel("预算绩效目标编辑器")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        column.addWidget(QLabel("编制部门整体绩效目标和项目绩效目标表，边填边检查，导出 Word 与 Excel。"))
        buttons = QHBoxLayout()
        for text, signal in (("新建文档…", self.newRequested), ("打开文件…", self.openRequested),
                             ("使用说明（F1）", self.helpRequested)):
            button = QPushButton(text)
            button.setMinimumHeight(button.sizeHint().height() * 3 // 2)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        lists = QHBoxLayout()
        self.recent = self._list(lists, "最近打开（双击打开）：", 3)
        self.samples = self._list(lists, "示例文档（打开的是副本，示例本身不会被改动）：", 2)
        column.addLayout(lists, 1)
        self.family_notice = QLabel()     # family files that could not be read; filled when shown
        self.family_notice.setObjectName("familyErrors")
        self.family_notice.setWordWrap(True)
        self.family_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.family_notice.setStyleSheet("color: #b3261e; border: 1px solid #e0a8a3; background: #fdf3f2; padding: 8px;")
        self.family_notice.hide()
        column.addWidget(self.family_notice)
        self._fill_samples()
        self._fill_recent()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.build()
        super().showEvent(event)
        self.show_family_errors()

    def show_family_errors(self) -> None:
        """Name each family file that was left out, with its message; hidden when all were read.
        Read when the page is shown, not when it is made."""
        from desktop.families import family_errors

        errors = family_errors()
        self.family_notice.setText("以下表式文件有错误，未能读取，其表式不能使用（请改正后重新启动程序）：\n"
                                   + "\n".join(f"• {message}" for message in errors) if errors else "")
        self.family_notice.setVisible(bool(errors))

    def _list(self, row: QHBoxLayout, title: str, stretch: int) -> QListWidget:
        box = QVBoxLayout()
        box.addWidget(QLabel(title))
        files = QListWidget()
        files.itemActivated.connect(lambda item: self.fileRequested.emit(item.data(Qt.ItemDataRole.UserRole)))
        box.addWidget(files)
        row.addLayout(box, stretch)
        return files

    def _fill_samples(self) -> None:
        self.samples.clear()
        for label, path in self._samples():
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(path.name)
            self.samples.addItem(item)

    def set_recent(self, paths: list[str], labels: dict[str, str] | None = None) -> None:
        """``labels``: path → the document's unit, year and form, shown before the file's name."""
        self._recent = (list(paths), labels)
        if self._built:
            self._fill_recent()

    def _fill_recent(self) -> None:
        paths, labels = self._recent
        self.recent.clear()
        for path in paths:
            label = (labels or {}).get(path, "")
            name = f"{label}    {Path(path).name}" if label else Path(path).name
            item = QListWidgetItem(f"{name}    {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        if not paths:
            placeholder = QListWidgetItem("（还没有打开过文件）")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
