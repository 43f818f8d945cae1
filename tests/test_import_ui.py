"""文件 › 导入 Word/Excel… in the window: the report lists what was not placed, with its place,
and the result opens as a new unsaved document (ui/importing.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.export import export_xlsx
from desktop.projectfile import load
from tests.test_import_files import twin_family  # noqa: F401 (fixture)
from tests.ui.conftest import application, profile, sample_copies, window  # noqa: F401 (fixtures)
from ui import dialogs, importing

SAMPLES = Path(__file__).parent.parent / "resources" / "samples"
HAND_MADE = Path(__file__).parent / "data" / "import" / "定州-原样.docx"


def _file_menu(win):  # type: ignore[no-untyped-def]
    return next(a.menu() for a in win.menuBar().actions() if a.text().startswith("文件"))


def test_install_puts_import_after_open(window) -> None:  # noqa: F811
    action = window.act_import        # installed by the window
    actions = _file_menu(window).actions()
    assert actions.index(action) == actions.index(window.act_open) + 1
    assert action.text().startswith("导入 Word/Excel")


def test_report_lists_each_unplaced_cell_with_its_place(window, qtbot) -> None:  # noqa: F811
    result = importing.import_file(HAND_MADE)
    dialog = importing.ImportReport(window, HAND_MADE, result)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "放入文档" in dialog.summary.text() and "定州-原样.docx" in dialog.summary.text()
    shown = [dialog.entries.item(i).text() for i in range(dialog.entries.count())]
    unplaced = [e for e in result.entries if e.place]
    assert len(shown) == len(unplaced) > 0
    assert all(e.place in line for e, line in zip(unplaced, shown, strict=True))


def test_imported_file_opens_as_a_new_unsaved_document(window, qtbot, monkeypatch, tmp_path) -> None:  # noqa: F811
    original = load(SAMPLES / "hubei-ezhou-2024-xinfang.jxmb")
    path = tmp_path / "鄂州 去年.xlsx"
    export_xlsx(original, path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[importing.ImportReport] = []

    class Accepting(importing.ImportReport):
        def exec(self) -> int:
            seen.append(self)
            return QDialog.DialogCode.Accepted

    action = window.act_import        # installed by the window
    monkeypatch.setattr(importing, "ImportReport", Accepting)
    monkeypatch.setattr(importing.import_into, "__defaults__", (None, Accepting))
    action.trigger()
    qtbot.waitUntil(lambda: window.session is not None)
    session = window.session
    assert seen and session.path is None
    assert session.doc == original
    assert "导入" in window.windowTitle()


def test_a_file_it_cannot_read_gets_the_message(window, monkeypatch, tmp_path) -> None:  # noqa: F811
    old = tmp_path / "去年.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    assert importing.import_into(window, old) is False
    assert len(shown) == 1 and "另存为" in shown[0] and ".docx" in shown[0]
    assert window.session is None


def test_the_clerk_chooses_between_two_fitting_forms(window, qtbot, tmp_path, twin_family) -> None:  # noqa: F811
    from desktop.export import export_docx
    path = tmp_path / "定州.docx"
    export_docx(load(SAMPLES / "hebei-dingzhou-2020-xinfang.jxmb"), path)
    result = importing.import_file(path)
    dialog = importing.ImportReport(window, path, result)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.choice is not None and dialog.choice.count() == 2
    dialog.choice.setCurrentIndex(dialog.choice.findData(twin_family))
    assert dialog.result.family == twin_family
    assert "复制的表式" in dialog.summary.text()


def test_the_report_stays_beside_the_opened_document(window, qtbot, monkeypatch) -> None:  # noqa: F811
    class Accepting(importing.ImportReport):
        def exec(self) -> int:
            return QDialog.DialogCode.Accepted

    assert importing.import_into(window, HAND_MADE, Accepting)
    beside = window.import_report
    qtbot.waitUntil(beside.isVisible)
    assert not beside.isModal() and beside.open_button is None
    assert window.session is not None and window.session.path is None
    assert beside.entries.count() == len([e for e in beside.result.entries if e.place]) > 0
    beside.close()
