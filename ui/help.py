"""F1 使用说明: a short guide in Chinese with pictures of the main screens, read from
``resources/help/`` (found through ``desktop.resources``, inside the frozen program too)."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from desktop.resources import resource

PAGE = "index.html"


class HelpWindow(QDialog):
    """Non-modal, beside the main window, so the clerk can read and work at the same time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource("help"))])
        self.browser.setSource(QUrl(PAGE))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.browser)
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(em * 56, em * 44)
