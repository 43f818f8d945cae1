"""Dialogs, all in Chinese: a new document, a unit, unsaved changes, recovery, errors, settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from desktop.edits import unit_label
from desktop.families import families
from desktop.model import Department
from ui.autosave import QUIET_MS, Leftover

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class NewDocumentDialog(QDialog):
    """新建: the year, the form family and the unit; the document follows the family."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建绩效目标文档")
        form = QFormLayout(self)
        self.year = QSpinBox()
        self.year.setRange(2000, 2999)
        self.year.setValue(date.today().year + 1)
        self.year.setSuffix(" 年")
        self.family = QComboBox()
        for fam in families().values():
            self.family.addItem(fam.name, fam.id)
        self.unit_code = QLineEdit()
        self.unit_code.setPlaceholderText("如 154001")
        self.unit_name = QLineEdit()
        self.unit_name.setPlaceholderText("如 滦平县信访局本级")
        form.addRow("预算年度", self.year)
        form.addRow("表式", self.family)
        form.addRow("单位编码", self.unit_code)
        form.addRow("单位名称", self.unit_name)
        form.addRow(_buttons(self))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)

    def values(self) -> tuple[str, int, str, str]:
        """(family id, year, unit code, unit name)."""
        return (self.family.currentData(), self.year.value(), self.unit_code.text().strip(),
                self.unit_name.text().strip())


class UnitDialog(QDialog):
    """添加单位 / 修改单位: a unit's code and name."""

    def __init__(self, title: str, code: str = "", name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.unit_code = QLineEdit(code)
        self.unit_code.setPlaceholderText("如 154001")
        self.unit_name = QLineEdit(name)
        self.unit_name.setPlaceholderText("如 滦平县信访局本级")
        form.addRow("单位编码", self.unit_code)
        form.addRow("单位名称", self.unit_name)
        form.addRow(_buttons(self))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 30)

    def values(self) -> tuple[str, str]:
        """(unit code, unit name)."""
        return self.unit_code.text().strip(), self.unit_name.text().strip()


class SettingsDialog(QDialog):
    def __init__(self, autosave_minutes: int, floor: Decimal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        form = QFormLayout(self)
        self.autosave = QSpinBox()
        self.autosave.setRange(0, 60)
        self.autosave.setSuffix(" 分钟")
        self.autosave.setSpecialValueText("不自动保存")
        self.autosave.setValue(autosave_minutes)
        self.autosave.setToolTip("停止修改几秒后即自动备份；连续修改不停时，至少每隔这么久备份一次。")
        self.floor = QDoubleSpinBox()
        self.floor.setRange(0, 100)
        self.floor.setDecimals(1)
        self.floor.setSuffix(" %")
        self.floor.setValue(float(floor))
        form.addRow("连续修改时的自动备份间隔", self.autosave)
        hint = QLabel(f"停止修改 {QUIET_MS // 1000} 秒后即自动备份一份副本（不会覆盖原文件）。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b;")
        form.addRow("", hint)
        form.addRow("满意度指标值不低于", self.floor)
        form.addRow(_buttons(self))

    def values(self) -> tuple[int, Decimal]:
        return self.autosave.value(), Decimal(str(round(self.floor.value(), 1))).normalize()


def _ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
         buttons: list[tuple[str, QMessageBox.ButtonRole, str]], informative: str = "") -> str:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if informative:
        box.setInformativeText(informative)
    answers = [(box.addButton(label, role), answer) for label, role, answer in buttons]
    box.setDefaultButton(answers[0][0])
    box.exec()
    return next((answer for button, answer in answers if button is box.clickedButton()), CANCEL)


def ask_save_changes(parent: QWidget | None, name: str) -> str:
    """SAVE, DISCARD or CANCEL for a document with unsaved changes."""
    return _ask(parent, QMessageBox.Icon.Warning, "保存修改", f"“{name}”有尚未保存的修改，是否保存？",
                [("保存", QMessageBox.ButtonRole.AcceptRole, SAVE),
                 ("不保存", QMessageBox.ButtonRole.DestructiveRole, DISCARD),
                 ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL)],
                "不保存将丢失这些修改。")


def ask_open_anyway(parent: QWidget | None, name: str) -> bool:
    """The file is open in another editor window: open it here too?"""
    return _ask(parent, QMessageBox.Icon.Warning, "文件已打开", f"“{name}”已在另一个编辑器窗口中打开。",
                [("仍然打开", QMessageBox.ButtonRole.AcceptRole, SAVE),
                 ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL)],
                "两个窗口同时修改并保存同一个文件，后保存的会覆盖先保存的。"
                "建议切换到已打开的窗口继续编辑。") == SAVE


SAVE_AS = "save_as"


def ask_overwrite_changed(parent: QWidget | None, name: str) -> str:
    """SAVE, SAVE_AS or CANCEL: the file changed on disk since it was opened here."""
    return _ask(parent, QMessageBox.Icon.Warning, "文件已被修改",
                f"“{name}”在本窗口打开后，已被另一个编辑器窗口或其他程序修改过。",
                [("另存为…", QMessageBox.ButtonRole.AcceptRole, SAVE_AS),
                 ("仍然覆盖", QMessageBox.ButtonRole.DestructiveRole, SAVE),
                 ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL)],
                "覆盖会丢失那些修改（上一版会保留为 .bak 文件）。另存为可把本窗口的内容保存到另一个文件。")


RECOVER, LATER = "recover", "later"


def ask_recover(parent: QWidget | None, leftover: Leftover) -> str:
    """RECOVER, DISCARD or LATER for a copy left by a crash."""
    when = leftover.saved_at.strftime("%Y年%m月%d日 %H:%M")
    where = f"原文件：{leftover.original}" if leftover.original else "该文档尚未保存过。"
    return _ask(parent, QMessageBox.Icon.Question, "恢复文档",
                f"上次程序没有正常关闭。找到“{leftover.name}”自动保存的副本（保存于 {when}）。是否恢复？",
                [("恢复", QMessageBox.ButtonRole.AcceptRole, RECOVER),
                 ("丢弃副本", QMessageBox.ButtonRole.DestructiveRole, DISCARD),
                 ("以后再说", QMessageBox.ButtonRole.RejectRole, LATER)],
                f"{where}\n恢复后请检查内容并保存。")


def ask_export_with_errors(parent: QWidget | None, errors: int) -> bool:
    answer = _ask(parent, QMessageBox.Icon.Warning, "导出", f"文档还有 {errors} 个错误。仍要导出吗？",
                  [("仍然导出", QMessageBox.ButtonRole.AcceptRole, SAVE),
                   ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL)],
                  "导出的文件会带着这些错误；可先在“检查结果”中逐条改正。")
    return answer == SAVE


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    _ask(parent, QMessageBox.Icon.Critical, title, message, [("确定", QMessageBox.ButtonRole.AcceptRole, SAVE)])


def ask_remove_unit(parent: QWidget | None, dept: Department) -> bool:
    """删除单位: the unit with its projects; 撤销 brings it back."""
    name = unit_label(dept)
    answer = _ask(parent, QMessageBox.Icon.Warning, "删除单位", f"删除单位“{name}”及其 {len(dept.projects)} 个项目？",
                  [("删除", QMessageBox.ButtonRole.DestructiveRole, SAVE),
                   ("取消", QMessageBox.ButtonRole.RejectRole, CANCEL)],
                  "删除后可用“撤销”（Ctrl+Z）恢复。")
    return answer == SAVE
