"""显示比例: Ctrl + wheel, Ctrl+= / Ctrl+- / Ctrl+0 over the editors, remembered in the settings;
and the window readable on a 1366×768 screen at 100 %, 125 % and 150 % Windows scaling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import SAMPLES
from ui.mainwindow import MainWindow
from ui.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def _wheel(widget, notches: int, ctrl: bool = True) -> None:  # type: ignore[no-untyped-def]
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _point_size(window) -> float:  # type: ignore[no-untyped-def]
    return window.centre.current_page().font().pointSizeF()


def test_ctrl_wheel_and_keys_zoom_the_editors_and_the_window_remembers(window, qtbot):
    window.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    base = window.zoom.base.pointSizeF()
    page = window.centre.current_page()
    sheet = page.sheets[0]
    row_before = sheet.verticalHeader().defaultSectionSize()
    assert _point_size(window) == base
    _wheel(sheet.viewport(), 1)
    assert window.settings.zoom == 110 and _point_size(window) == base * 1.1
    assert window.centre.current_page().sheets[0].verticalHeader().defaultSectionSize() > row_before   # rows grow too
    assert Settings.load().zoom == 110
    scrolled = window.centre.current_page().verticalScrollBar().value()
    _wheel(window.centre.current_page().sheets[0].viewport(), -1, ctrl=False)     # without Ctrl: only scrolling
    assert window.settings.zoom == 110
    window.centre.current_page().verticalScrollBar().setValue(scrolled)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.zoom == 125 and _point_size(window) == base * 1.25
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.zoom == 100 and _point_size(window) == base
    window.act_zoom_out.trigger()
    assert window.settings.zoom == 90
    for _ in range(10):
        window.act_zoom_in.trigger()
    assert window.settings.zoom == 200       # the largest step, no further
    window.act_zoom_reset.trigger()
    window.act_zoom_in.trigger()
    window.session.stack.setClean()
    window.close()
    again = MainWindow(Settings.load())
    again.open_file(SAMPLES["hubei-ezhou-2024-xinfang"])
    assert again.zoom.percent == 110 and _point_size(again) == base * 1.1
    again.session.stack.setClean()
    again.close()
    assert QApplication.font().pointSizeF() == base       # the application's own font back


SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "logicalBaseDpi": 96, "dpr": 1}]}
MEASURE = """
import json, sys
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from desktop.resources import resource
from ui.app import setup_application
from ui.mainwindow import MainWindow
from ui.settings import Settings
app = QApplication(sys.argv[:1]); setup_application(app)
ratio = app.primaryScreen().devicePixelRatio()
w = MainWindow(Settings()); w.show()
w.open_file(resource("samples", "hubei-ezhou-2024-xinfang.jxmb"))
for _ in range(5): app.processEvents()
page = w.centre.current_page()
money = page.sheets[0]
last = money.model().columnCount() - 1
print(json.dumps({"ratio": ratio, "maximised": w.isMaximized(), "window": [w.width(), w.height()],
    "line_px": QFontMetrics(page.font()).height() * ratio,
    "money_right": money.columnViewportPosition(last) + money.columnWidth(last),
    "money_view": money.viewport().width(), "page_view": page.viewport().width()}))
w.session.stack.setClean(); w.close()
"""


def _measure(scale: str, tmp_path: Path) -> dict[str, object]:
    """The 鄂州 sample opened on a 1366×768 screen at Windows scaling ``scale``, in a program of its own."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               JIXIAO_PROFILE=str(tmp_path / scale))
    done = subprocess.run([sys.executable, "-c", MEASURE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_on_a_1366_by_768_screen_the_money_table_is_whole_at_100_125_and_150_percent(tmp_path):
    """The 2023年 column of 鄂州's money table holds its two 错误: it must show without scrolling."""
    seen = {scale: _measure(scale, tmp_path) for scale in ("1", "1.25", "1.5")}
    for scale, figures in seen.items():
        assert figures["maximised"], scale
        assert figures["money_right"] <= figures["money_view"], (scale, figures)
        assert figures["line_px"] >= 14, (scale, figures)           # a line of text, in the screen's pixels
    assert seen["1.5"]["line_px"] > seen["1.25"]["line_px"] > seen["1"]["line_px"]
    print(json.dumps(seen))
