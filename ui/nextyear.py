"""文件 › 新建下一年度…: next year's document from the open one (or a file), as a new unsaved
document; and 编辑 › 确认带入的数值, which clears the 提示 of values carried from last year.

``install(window)`` adds both actions to a ``MainWindow``. The open document and its file are
never changed: next year's is made from a copy (``desktop.nextyear``) and opened unsaved, so 保存
asks where to put it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import projectfile
from desktop.errors import ProjectFileError
from desktop.families import family
from desktop.model import Document
from desktop.nextyear import RULE, carried_problems, confirm_all_changes, confirm_change, has_draft, next_year
from desktop.report import unit_of
from desktop.rules import Location, Problem
from ui import dialogs
from ui.commands import push_values
from ui.session import EditSession

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

MENU_TEXT = "新建下一年度(&Y)…"
CONFIRM_TEXT = "确认带入的数值"
CONFIRM_ALL_TEXT = "确认全部带入的数值…"


class NextYearDialog(QDialog):
    """What next year's document will be: its year, amounts kept or cleared, 草案 where the form
    has one, and what moves (counted on the document as it is now)."""

    def __init__(self, doc: Document, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        fam = family(doc.family)
        self.setWindowTitle("新建下一年度")
        column = QVBoxLayout(self)
        intro = QLabel(f"由“{name}”（{doc.year}年度）新建 <b>{doc.year + 1}年度</b> 的文档。"
                       "原文档和原文件不会改动；新文档尚未保存，保存时请选择位置。")
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(QLabel("本年度的各项金额："))
        self.keep = QRadioButton("保留，作为新年度的初始数（之后逐项修改）")
        self.clear = QRadioButton("清空，在新年度中重新填写")
        self.keep.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.keep, self.clear):
            group.addButton(button)
            column.addWidget(button)
            button.toggled.connect(self._update)
        self.draft = QCheckBox("标注“草案”")
        self.draft.setChecked(True)
        self.draft.setVisible(has_draft(fam))
        self.draft.toggled.connect(self._update)
        column.addWidget(self.draft)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #444;")
        column.addWidget(self.preview)
        note = QLabel("各项绩效指标和资金支出计划原样保留；表头与标题中的年份随年度改变。"
                      f"填入“{doc.year}年”一栏的本年数值标为待核实，在检查结果中以提示列出，"
                      "改为实际数或在“编辑 › 确认带入的数值”中确认后消失。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b6b6b;")
        column.addWidget(note)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        column.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)
        self._update()

    def keep_amounts(self) -> bool:
        return self.keep.isChecked()

    def draft_mark(self) -> bool | None:
        """The 草案 mark the clerk chose; None (the form's default) where the form prints none."""
        return self.draft.isChecked() if not self.draft.isHidden() else None

    def _update(self) -> None:
        details = next_year(self.doc, keep_amounts=self.keep_amounts(), draft=self.draft_mark()).details()
        self.preview.setText("新文档中：" + "；".join(details) + "。" if details else "这个表式没有往年数值一栏。")


def install(window: MainWindow) -> tuple[QAction, QAction, QAction]:
    """Add 文件 › 新建下一年度… (after 新建) and 编辑 › 确认带入的数值 / 确认全部带入的数值… to ``window``."""
    new_year = QAction(MENU_TEXT, window)
    new_year.setStatusTip("由当前文档（或选择的文件）新建下一年度的文档，原文件不改动")
    new_year.triggered.connect(lambda _checked=False: start(window))
    confirm = QAction(CONFIRM_TEXT, window)
    confirm.setStatusTip("检查结果中选中的带入数值已核实无误：消除它的提示")
    confirm_all = QAction(CONFIRM_ALL_TEXT, window)
    confirm_all.setStatusTip("由上一年度带入的数值都已核实无误：消除它们的提示")
    chosen: list[Problem] = []

    def activated(problem: Problem) -> None:
        chosen[:] = [problem] if problem.rule == RULE else []
        confirm.setEnabled(bool(chosen))

    window.panel.problemActivated.connect(activated)
    confirm.triggered.connect(lambda _checked=False: chosen and confirm_one(window, chosen[0].location))
    confirm_all.triggered.connect(lambda _checked=False: confirm_every(window))
    confirm.setEnabled(False)
    window.add_tool_action(window.file_menu, new_year, after=window.act_new)
    window.edit_menu.addSeparator()
    for action in (confirm, confirm_all):
        window.add_tool_action(window.edit_menu, action)
    return new_year, confirm, confirm_all


def _source(window: MainWindow) -> tuple[Document, str] | None:
    """The document to start from: the open one (as it is on screen), or a file the clerk picks."""
    session = window.session
    if session is not None:
        window.commit_open_editors()
        return session.doc, session.display_name
    chosen, _ = QFileDialog.getOpenFileName(window, "选择本年度的文件", window.settings.last_folder,
                                            f"绩效目标文件 (*{projectfile.SUFFIX})")
    if not chosen:
        return None
    try:
        return projectfile.load(Path(chosen)), Path(chosen).name
    except ProjectFileError as exc:
        dialogs.show_error(window, "无法打开", exc.message)
        return None


def start(window: MainWindow) -> bool:
    """Ask, make next year's document and show it; False when the clerk cancelled."""
    source = _source(window)
    if source is None:
        return False
    doc, name = source
    dialog = NextYearDialog(doc, name, window)
    if not dialog.exec():
        return False
    made = next_year(doc, keep_amounts=dialog.keep_amounts(), draft=dialog.draft_mark())
    if not window.close_document():
        return False
    session = EditSession(made.doc, name=lambda d: f"{unit_of(d) or '未命名'}　{d.year}年度（新建，未保存）")
    show = window.show_session
    show(session)
    window.statusBar().showMessage(made.summary(), 20000)
    return True


def confirm_one(window: MainWindow, loc: Location) -> bool:
    """Clear the mark of the carried value at ``loc`` (one undo step)."""
    session = window.session
    if session is None:
        return False
    if loc not in {p.location for p in carried_problems(session.doc)}:
        window.statusBar().showMessage("这一项已不是待核实的带入数值。", 8000)
        return False
    change = confirm_change(session.doc, loc)
    return change is not None and push_values(session, [change], "确认带入的数值")


def confirm_every(window: MainWindow) -> bool:
    """Clear every carried value's mark, after the clerk says they are all checked (one undo step)."""
    session = window.session
    if session is None:
        return False
    doc = session.doc
    waiting = carried_problems(doc)
    if not waiting:
        window.statusBar().showMessage("没有待核实的带入数值。", 8000)
        return False
    answer = QMessageBox.question(window, "确认带入的数值",
                                  f"有 {len(waiting)} 个由上一年度带入的数值尚未核实。确认它们都是实际数？",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    return push_values(session, confirm_all_changes(doc), "确认全部带入的数值")
