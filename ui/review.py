"""The 自评 tab of the checking panel: the grade of the department and of each project, each side
(完整性, 相关性, 适当性, 可行性) with its score, and under it the problems that cost points; a
problem leads to its place, and the panel's 快速修正 and 说明 work on it. 导出自评… writes the
review as a page the clerk can open, print or send (``desktop.review.review_html``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.model import Document
from desktop.rules import Problem, describe_location
from ui import checking

if TYPE_CHECKING:
    from desktop import review
    from ui.mainwindow import MainWindow

_PROBLEM = Qt.ItemDataRole.UserRole + 1
_GRADE_COLOURS = {"优": "#1b7a35", "良": "#1f5fa8", "中": "#8a5a00", "差": "#b3261e"}


class _Wrapping(QStyledItemDelegate):
    """Rows as tall as their text wrapped at the view's width (a problem is message and place)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(80, self.view.viewport().width() - self.view.indentation() * (depth + 1) - 28)
        text = index.data() or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text)
        return QSize(width, rect.height() + 8)


class ReviewView(QWidget):
    problemSelected = Signal(object)     # Problem | None
    problemActivated = Signal(object)    # Problem

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        column.addWidget(self.summary)
        self.model = QStandardItemModel(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setItemDelegate(_Wrapping(self.view))
        self.view.clicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.view.selectionModel().currentChanged.connect(lambda *_: self.problemSelected.emit(self.current_problem()))
        column.addWidget(self.view)
        bar = QHBoxLayout()
        self.note = QLabel("自评仅供提交前自查，等级由检查结果和审核规则得出。")
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {checking.COMPUTED.name()};")
        bar.addWidget(self.note, 1)
        self.export_button = QPushButton("导出自评…")
        self.export_button.setToolTip("保存为网页文件，可用浏览器打开、打印")
        self.export_button.clicked.connect(self._export)
        bar.addWidget(self.export_button)
        column.addLayout(bar)
        self.doc: Document | None = None
        self.result: review.Review | None = None
        self.clear()

    def clear(self) -> None:
        self.doc, self.result = None, None
        self.model.clear()
        self.summary.setText("没有打开的文档。")
        self.export_button.setEnabled(False)

    def show_review(self, doc: Document, result: review.Review) -> None:
        self.doc, self.result = doc, result
        self.model.clear()
        heads = []
        for grade in (*result.departments, *result.parts):
            if grade in result.parts and grade.project is None and not grade.problems and result.departments:
                continue        # the department's own part with nothing found: its whole says it
            colour = _GRADE_COLOURS.get(grade.grade, "#000000")
            head = QStandardItem(f"{grade.title}：{grade.grade}（{grade.score:g}分）")
            head.setForeground(QColor(colour))
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            whole = grade in result.departments
            for side in grade.sides:
                item = QStandardItem(f"{side.side.label} {side.score:g}分" + ("" if side.reasons else "：未发现问题"))
                item.setToolTip(side.side.question)
                if not whole:
                    for problem in grade.problems:
                        if problem.rule in side.side.rules:
                            leaf = QStandardItem(f"{problem.severity.value}：{problem.message}\n"
                                                 f"{describe_location(doc, problem.location)}")
                            leaf.setData(problem, _PROBLEM)
                            leaf.setToolTip(problem.hint)
                            item.appendRow(leaf)
                else:
                    for reason in side.reasons:
                        item.appendRow(QStandardItem(reason))
                head.appendRow(item)
            self.model.appendRow(head)
            heads.append(head)
        wholes = "；".join(f"{g.title} <b style='color:{_GRADE_COLOURS.get(g.grade, '#000')}'>{g.grade}</b>"
                           f"（{g.score:g}分）" for g in result.departments)
        self.summary.setText(f"自评结果：{wholes}" if wholes else "没有可评的内容。")
        if heads:       # the whole department open, each project's grade on one line below it
            self.view.expand(heads[0].index())
        self.export_button.setEnabled(True)

    def grades_shown(self) -> list[str]:
        """The headings as shown (one per graded part)."""
        return [self.model.item(r).text() for r in range(self.model.rowCount())]

    def current_problem(self) -> Problem | None:
        index = self.view.currentIndex()
        return index.data(_PROBLEM) if index.isValid() else None

    def select_problem(self, rule: str) -> Problem | None:
        """Select the first problem of ``rule`` listed; return it."""
        for r in range(self.model.rowCount()):
            head = self.model.item(r)
            for s in range(head.rowCount()):
                side = head.child(s)
                for k in range(side.rowCount()):
                    leaf = side.child(k)
                    problem = leaf.data(_PROBLEM)
                    if problem is not None and problem.rule == rule:
                        self.view.setCurrentIndex(leaf.index())
                        return problem
        return None

    def _activate(self, index: QModelIndex) -> None:
        problem = index.data(_PROBLEM)
        if problem is not None:
            self.problemActivated.emit(problem)

    def export_to(self, path: Path) -> None:
        """Write the review page; raises OSError (the window says so)."""
        if self.doc is None or self.result is None:
            return
        from desktop import review

        Path(path).write_text(review.review_html(self.doc, self.result), encoding="utf-8")

    def _export(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "导出自评", str(Path.home() / f"{self._name()}.html"),
                                                "网页文件 (*.html)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".html", ".htm"):
            path = path.with_name(path.name + ".html")
        try:
            self.export_to(path)
        except OSError as error:
            self.note.setText(f"没有写入“{path.name}”：{error.strerror or error}。请换一个位置或文件名。")
        else:
            self.note.setText(f"已导出到 {path}")

    def _name(self) -> str:
        year = self.doc.year if self.doc is not None else ""
        return f"{year}年绩效目标自评"


def install(window: MainWindow) -> QAction:
    """Add 查看 › 自评 (Ctrl+Shift+R) to ``window``: it shows the checking panel's 自评 tab."""
    panel = window.panel
    action = QAction("自评(&R)", window)
    action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    action.setStatusTip("按财政部门审核的四个方面给文档评等级")
    action.triggered.connect(lambda _checked=False: panel.show_review())
    window.add_tool_action(window.view_menu, action)
    return action
