"""The pictures of 使用说明: the main screens at 1366×768 (the commonest office laptop screen),
taken offscreen from the bundled 鄂州 sample and saved under ``resources/help/``.

    python -m ui.helpshots [FOLDER]

Run again after the screens change; the help page names each picture by its file name.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SIZE = (1366, 768)
SAMPLE = "hubei-ezhou-2024-xinfang.jxmb"           # a unit's page with its money table
PROJECTS = "hebei-luanping-2026-xinfang.jxmb"      # a form with projects
SHOTS = ("start", "unit", "project", "problems", "find", "exported")


def take(folder: Path) -> list[Path]:
    """Take every picture into ``folder``; the files written."""
    screen = Path(tempfile.mkdtemp(prefix="jixiao-screen-")) / "screen.json"   # one 1366×768 screen
    screen.write_text(json.dumps({"windowFrameMargins": False, "screens": [{"name": "laptop", "x": 0, "y": 0, "width": SIZE[0],
                                                                    "height": SIZE[1], "logicalDpi": 96, "dpr": 1}]}),
                      encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    os.environ["JIXIAO_PROFILE"] = tempfile.mkdtemp(prefix="jixiao-help-")   # no one's recent files
    from PySide6.QtWidgets import QApplication

    from desktop.resources import resource
    from ui.app import setup_application
    from ui.mainwindow import MainWindow
    from ui.models.tree import PROJECT, Node
    from ui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    setup_application(app)   # type: ignore[arg-type]
    window = MainWindow(Settings())
    window.show()                                    # maximised, as on a clerk's 1366×768 laptop
    written: list[Path] = []
    folder.mkdir(parents=True, exist_ok=True)

    def shot(name: str, prepare: Callable[[], object] = lambda: None) -> None:
        prepare()
        for _ in range(5):
            app.processEvents()
        path = folder / f"{name}.png"
        window.grab().save(str(path))
        written.append(path)

    shot("start")
    window.open_file(resource("samples", SAMPLE))
    window.runner.run()                                      # type: ignore[union-attr]
    shot("unit")
    shot("problems", lambda: window._step_problem(1))
    window.session.stack.setClean()                          # type: ignore[union-attr]
    window.open_file(resource("samples", PROJECTS))
    window.runner.run()                                      # type: ignore[union-attr]
    shot("project", lambda: window.select_node(Node(PROJECT, 0, project=0)))
    shot("find", lambda: (window.find_bar.open(True), window.find_bar.find_edit.setText("信访"),
                          window.find_bar.replace_edit.setText("信访工作"), window.find_bar.step(1)))
    window.find_bar.hide()
    shot("exported", lambda: window.exported.show_file(Path("滦平县信访局2026年绩效目标.docx")))
    window.session.stack.setClean()                          # type: ignore[union-attr]
    window.close()
    return written


if __name__ == "__main__":
    from desktop.resources import resource

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else resource("help")
    for written in take(target):
        print(written)
