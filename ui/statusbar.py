"""The status bar's lasting parts: after an export its file's buttons, the counts of 错误, 警告
and 提示, and whether the document is saved."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar

from desktop.rules import Severity
from ui import checking
from ui.checking import ProblemIndex
from ui.session import EditSession

if TYPE_CHECKING:       # made with the first export
    from ui.exporting import ExportedBar


class DocumentStatus:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._exported: ExportedBar | None = None
        self.count_labels: dict[Severity, QLabel] = {}
        for severity in checking.ORDER:
            label = QLabel()
            label.setToolTip(f"{severity.value}的数量；点击“检查结果”中的问题可转到出错的位置")
            self.count_labels[severity] = label
            bar.addPermanentWidget(label)
        self.save_state = QLabel()
        bar.addPermanentWidget(self.save_state)
        self.show_counts(checking.EMPTY, False)

    @property
    def exported(self) -> ExportedBar:
        """The exported file's buttons, before the counts."""
        if self._exported is None:
            from ui.exporting import ExportedBar

            self._exported = ExportedBar()
            self.bar.insertPermanentWidget(0, self._exported)
        return self._exported

    def hide_exported(self) -> None:
        if self._exported is not None:
            self._exported.hide()

    def show_counts(self, index: ProblemIndex, shown: bool) -> None:
        for severity, label in self.count_labels.items():
            label.setVisible(shown)
            count = index.counts[severity]
            label.setText(f"{severity.value} {count}")
            colour = checking.FOREGROUND[severity].name() if count else "#6b6b6b"
            label.setStyleSheet(f"color: {colour}; padding: 0 6px;")

    def show_save_state(self, session: EditSession | None, autosaved: datetime | None) -> None:
        """``autosaved``: when the copy still on disk was made, if there is one."""
        if session is None:
            self.save_state.setText("")
        elif session.stack.isClean():
            self.save_state.setText("已保存" if session.path else "尚未保存为文件")
        elif autosaved is not None:
            self.save_state.setText(f"有未保存的修改（{autosaved:%H:%M} 已自动备份）")
        else:
            self.save_state.setText("有未保存的修改")
