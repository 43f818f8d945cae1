"""Exporting from the window: a progress dialog in Chinese with a cancel button for an export that
takes longer than a second, nothing written on a cancel, the cursor always given back.

Time is a fake clock that advances at each progress report, so the dialog's second passes
without real waiting, on any machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QPushButton

from desktop import export, projectfile
from tests.bigdoc import big_document
from ui import dialogs, exporting
from ui.mainwindow import MainWindow
from ui.settings import Settings


@pytest.fixture
def window(qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, message: shown.append(message))
    monkeypatch.setattr(dialogs, "ask_export_with_errors", lambda parent, n: True)
    win = MainWindow(Settings())
    win.errors_shown = shown
    win.show()
    qtbot.waitExposed(win)
    big = tmp_path / "大.jxmb"
    projectfile.save(big_document(projects=3, per_project=40), big)
    win.open_file(big)
    yield win
    if win.session is not None:
        win.session.stack.setClean()
    win.close()
    win.deleteLater()


def fake_clock(monkeypatch, step: float) -> None:  # type: ignore[no-untyped-def]
    """Each reading of the clock is ``step`` seconds after the previous one."""
    now = [0.0]

    def tick() -> float:
        now[0] += step
        return now[0]

    monkeypatch.setattr(exporting, "clock", tick)


def export_to(window: MainWindow, monkeypatch, target: Path, kind: str = "docx") -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    (window.act_docx if kind == "docx" else window.act_xlsx).trigger()


class DialogWatcher:
    """Looks at the progress dialog whenever the export lets events through; may press 取消."""

    def __init__(self, cancel: bool) -> None:
        self.cancel = cancel
        self.seen: list[tuple[str, str, str, bool]] = []   # title, label, button, modal
        self.timer = QTimer()
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def look(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QProgressDialog) and widget.isVisible():
                button = widget.findChild(QPushButton)
                self.seen.append((widget.windowTitle(), widget.labelText(), button.text(),
                                  widget.windowModality() == Qt.WindowModality.ApplicationModal))
                if self.cancel and not widget.wasCanceled():
                    button.click()

    def stop(self) -> None:
        self.timer.stop()


@pytest.mark.parametrize("kind, program", [("docx", "Word"), ("xlsx", "Excel")])
def test_a_long_export_shows_a_chinese_progress_dialog_and_its_cancel_writes_nothing(window, monkeypatch, tmp_path,
                                                                                    kind, program):
    fake_clock(monkeypatch, 0.1)
    target = tmp_path / f"报表.{kind}"
    target.write_bytes(b"old")
    watcher = DialogWatcher(cancel=True)
    export_to(window, monkeypatch, target, kind)
    watcher.stop()
    assert watcher.seen and watcher.seen[0] == ("导出", f"正在导出 {program} 文件“报表.{kind}”…", "取消", True)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["大.jxmb", target.name, "profile"])
    assert window.statusBar().currentMessage() == f"已取消导出，没有写入“报表.{kind}”。"
    assert QApplication.overrideCursor() is None and window.errors_shown == []
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_long_export_left_to_run_writes_the_file_and_closes_its_dialog(window, monkeypatch, tmp_path):
    fake_clock(monkeypatch, 0.1)
    watcher = DialogWatcher(cancel=False)
    export_to(window, monkeypatch, tmp_path / "报表.docx")
    watcher.stop()
    assert watcher.seen
    assert (tmp_path / "报表.docx").stat().st_size > 0
    assert window.statusBar().currentMessage().startswith("已导出到")
    assert QApplication.overrideCursor() is None
    assert not any(isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_an_export_within_a_second_shows_no_dialog(window, monkeypatch, tmp_path):
    fake_clock(monkeypatch, 0.0001)     # 2,000 reports in 0.2 s
    created: list[object] = []
    monkeypatch.setattr(exporting, "QProgressDialog", lambda *a: created.append(a) or QProgressDialog(*a))
    export_to(window, monkeypatch, tmp_path / "快.docx")
    assert created == [] and (tmp_path / "快.docx").stat().st_size > 0


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_an_unexpected_exporter_error_gives_back_the_cursor_and_is_shown_in_chinese(window, monkeypatch, tmp_path,
                                                                                  profile, kind):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("exporter defect")

    monkeypatch.setattr(export, f"export_{kind}", broken)
    export_to(window, monkeypatch, tmp_path / f"x.{kind}", kind)
    assert QApplication.overrideCursor() is None
    assert len(window.errors_shown) == 1
    message = window.errors_shown[0]
    assert message.startswith(f"无法导出“x.{kind}”：出现了意外的错误。没有写入任何文件，文档也没有改动。")
    assert "exporter defect" not in message and "RuntimeError" not in message
    assert "exporter defect" in (profile / "error.log").read_text(encoding="utf-8")


def test_an_export_failure_keeps_its_chinese_message_and_gives_back_the_cursor(window, monkeypatch, tmp_path):
    export_to(window, monkeypatch, tmp_path / "没有这个文件夹" / "x.docx")
    assert window.errors_shown and window.errors_shown[0].startswith("无法导出“x.docx”")
    assert QApplication.overrideCursor() is None



class Opened:
    """Stands in for the system (QDesktopServices.openUrl): what would have been opened."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def open(self, url: QUrl) -> bool:
        self.urls.append(url.toLocalFile())
        return True


@pytest.fixture
def opened(monkeypatch):  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QDesktopServices
    handler = Opened()
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(handler.open))
    return handler


def test_after_an_export_the_file_and_its_folder_open_through_the_system(window, monkeypatch, tmp_path, opened,
                                                                         qtbot):
    bar = window.exported
    assert not bar.isVisible()
    target = tmp_path / "导出 文件夹" / "报表.docx"
    target.parent.mkdir()
    export_to(window, monkeypatch, target)
    assert target.exists() and bar.isVisible() and bar.label.text() == "已导出“报表.docx”"
    qtbot.mouseClick(bar.open_file, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.open_folder, Qt.MouseButton.LeftButton)
    assert [Path(u) for u in opened.urls] == [target, target.parent]
    window.close_document()
    assert not bar.isVisible()


def test_print_writes_the_word_form_and_opens_it_for_printing(window, monkeypatch, profile, opened):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("打印 asks for no file"))
    window.act_print.trigger()
    assert len(opened.urls) == 1
    printed = Path(opened.urls[0])
    assert printed.parent == profile / "打印" and printed.suffix == ".docx"
    assert docx_text(printed) and "Ctrl+P" in window.statusBar().currentMessage()
    window.act_print.trigger()              # the first may still be open in Word: a second name
    assert len(opened.urls) == 2 and opened.urls[1] != opened.urls[0] and Path(opened.urls[0]).exists()


def test_a_system_without_a_program_for_the_file_says_so_in_chinese(window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    export_to(window, monkeypatch, tmp_path / "报表.xlsx", "xlsx")
    window.exported.open_file.click()
    assert window.errors_shown and window.errors_shown[-1].startswith("系统没有能打开“报表.xlsx”的程序")


def docx_text(path: Path) -> str:
    import docx
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
