"""显示比例: Ctrl + wheel over the editors, Ctrl+= / Ctrl+- / Ctrl+0, remembered in the settings.

The percentage scales the application's font, so the tree, the panel and the dialogs grow with
the editors (on a small screen at 125 % or 150 % Windows scaling all of it needs to be read). The
pages measure their rows and columns from the font when they are made, so a new percentage
makes them again (``changed``); closing the window gives the application its own font back.

Ctrl + wheel is heard by a filter over the whole application, installed once the window is drawn
(``listen``): a Python filter that sees every event makes PySide6 create the Python types of
every widget class Qt builds, about 20 ms on the first tree or table view, which the first
screen need not wait for.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.settings import ZOOM_STEPS


class Zoom(QObject):
    changed = Signal(int)      # the new percentage

    def __init__(self, target: QWidget, percent: int = 100) -> None:
        super().__init__(target)
        self.target = target
        self.base = QFont(QApplication.font())     # the application's font at 100 %
        self.percent = percent if percent in ZOOM_STEPS else 100
        self._wheel = 0            # a touchpad's small wheel steps, added up to one notch
        self._listening = False
        self._apply()

    def listen(self) -> None:
        """Hear Ctrl + wheel from now on (once the window is drawn)."""
        if not self._listening:
            self._listening = True
            QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    def font(self) -> QFont:
        font = QFont(self.base)
        font.setPointSizeF(self.base.pointSizeF() * self.percent / 100)
        return font

    def _apply(self) -> None:
        _set_font(self.font())

    def restore(self) -> None:
        """The application's own font again (the window closes)."""
        QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
        self._listening = False
        _set_font(self.base)

    def set_percent(self, percent: int) -> None:
        if percent not in ZOOM_STEPS or percent == self.percent:
            return
        self.percent = percent
        self._apply()
        self.changed.emit(percent)

    def step(self, step: int) -> None:
        """One step bigger (1) or smaller (−1) along ``ZOOM_STEPS``."""
        i = ZOOM_STEPS.index(self.percent) + step
        self.set_percent(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, i))])

    def reset(self) -> None:
        self.set_percent(100)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        wheel = event if isinstance(event, QWheelEvent) else None
        if wheel is None or not wheel.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        if watched is not self.target and not self.target.isAncestorOf(watched):
            return False
        self._wheel += wheel.angleDelta().y()
        while abs(self._wheel) >= 120:
            self.step(1 if self._wheel > 0 else -1)
            self._wheel -= 120 if self._wheel > 0 else -120
        return True


def _set_font(font: QFont) -> None:
    """The application's font, passed on to every widget now (Qt posts the change), so that
    pages made next measure their rows in it."""
    QApplication.setFont(font)
    QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
