"""The pictures of 使用说明: the main screens at 1366×768 (the commonest office laptop screen),
taken offscreen from the bundled samples and saved under ``resources/help/``.

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

    from desktop import export
    from ui.app import setup_application
    from ui.mainwindow import MainWindow
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

    money, projects = _samples()
    shot("start")
    window.open_file(money)
    window.runner.run()                                      # type: ignore[union-attr]
    shot("unit")
    shot("problems", lambda: window.step_problem(1))
    window.session.stack.setClean()                          # type: ignore[union-attr]
    window.open_file(projects)
    window.runner.run()                                      # type: ignore[union-attr]
    wrong = next(p.location for p in window.runner.index.problems           # type: ignore[union-attr]
                 if p.location.project is not None and p.severity.name == "ERROR")
    shot("project", lambda: window.go_to(wrong))
    word = window.session.doc.departments[0].projects[0].name[:2]     # type: ignore[union-attr]
    shot("find", lambda: (window.find_bar.open(True), window.find_bar.find_edit.setText(word),
                          window.find_bar.replace_edit.setText(word + "工作"), window.find_bar.step(1)))
    window.find_bar.hide()
    name = export.default_export_name(window.session.doc, ".docx")   # type: ignore[union-attr]
    shot("exported", lambda: window.exported.show_file(Path(name)))
    window.session.stack.setClean()                          # type: ignore[union-attr]
    window.close()
    return written


def _samples() -> tuple[Path, Path]:
    """The first bundled sample with a money table and errors in it (a unit's page and the
    problems), and the first with an error in a project."""
    from desktop import projectfile
    from desktop.families import family
    from desktop.resources import samples
    from desktop.rules import Severity, check

    money = projects = None
    for path in samples():
        doc = projectfile.load(path)
        fam = family(doc.family)
        if money is None and fam.money is not None and any(p.severity is Severity.ERROR for p in check(doc)):
            money = path
        if projects is None and fam.has_projects and any(
                p.severity is Severity.ERROR and p.location.project is not None for p in check(doc)):
            projects = path
    assert money is not None and projects is not None
    return money, projects


if __name__ == "__main__":
    from desktop.resources import resource

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else resource("help")
    for written in take(target):
        print(written)
